// The outputs of a functional Keras model with several of them (`keras.Model(x, [spend, churn])`,
// `keras.Model(x, {"is_fake": a, "rating": b})`), each with the name compile() keys its loss by:
// the dict key, or the `name=` of the layer that made it.
import type { LayerInfo, ModelInfo } from '../core/facts';
import type { TensorRef } from '../core/facts';
import { mapRef, PyValue, str } from './values';
import type { CallSite } from './evaluator';
import { arg } from './evaluator';

export interface NamedOutput {
  name?: string;
  /** The output's facts, as a prediction of `model`. */
  ref: TensorRef;
}

const layerNames = new WeakMap<LayerInfo, string>();
const outputsOfModel = new WeakMap<ModelInfo, NamedOutput[]>();

/** `layers.Dense(1, name="churn")`: remembered for compile's per-output losses. */
export function nameLayer(layer: LayerInfo, c: CallSite): void {
  const name = arg(c, -1, 'name')?.value;
  const s = name && str(name);
  if (s !== undefined) layerNames.set(layer, s);
}

/** Records the outputs of `model` when `outputs` is a known list or dict of two or more tensors. */
export function recordOutputs(model: ModelInfo, outputs: PyValue): void {
  const entries: Array<[string | undefined, PyValue]> =
    outputs.k === 'seq' && !outputs.open ? outputs.items.map((v) => [v.k === 'tensor' ? lastLayerName(v) : undefined, v])
    : outputs.k === 'dict' ? [...outputs.entries]
    : [];
  if (entries.length < 2 || entries.some(([, v]) => v.k !== 'tensor')) return;
  outputsOfModel.set(model, entries.map(([name, v]) => ({
    name,
    ref: mapRef((v as Extract<PyValue, { k: 'tensor' }>).ref, (f) => ({ ...f, pred: true, modelOutput: true, model })),
  })));
}

export function outputsOf(model: ModelInfo): NamedOutput[] | undefined {
  return outputsOfModel.get(model);
}

function lastLayerName(t: Extract<PyValue, { k: 'tensor' }>): string | undefined {
  const last = t.chain?.[t.chain.length - 1]?.layer;
  return last && layerNames.get(last);
}
