// The outputs of a functional Keras model with several of them (`keras.Model(x, [spend, churn])`,
// `keras.Model(x, {"is_fake": a, "rating": b})`), each with the name compile() keys its loss by:
// the dict key, or the `name=` of the layer that made it.
import type { LayerInfo, ModelInfo } from '../core/facts';
import type { TensorRef } from '../core/facts';
import { mapRef, PyValue, str, tensor } from './values';
import type { CallSite, Frame } from './evaluator';
import type { SyntaxNode as Node } from './syntax-tree';
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

/** Records the outputs of `model` when `outputs` is a known dict of tensors (predict() returns a dict
 *  even for one key) or a known list of two or more. */
export function recordOutputs(model: ModelInfo, outputs: PyValue): void {
  // A dict's outputs are flattened in sorted key order (tf.nest): a list of losses follows that order.
  const entries: Array<[string | undefined, PyValue]> =
    outputs.k === 'seq' && !outputs.open ? outputs.items.map((v) => [v.k === 'tensor' ? lastLayerName(v) : undefined, v])
    : outputs.k === 'dict' ? [...outputs.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    : [];
  if (entries.length < (outputs.k === 'dict' ? 1 : 2) || entries.some(([, v]) => v.k !== 'tensor')) return;
  if (outputs.k === 'dict') byName.add(model);
  outputsOfModel.set(model, entries.map(([name, v]) => ({
    name,
    ref: mapRef((v as Extract<PyValue, { k: 'tensor' }>).ref, (f) => ({ ...f, pred: true, modelOutput: true, model })),
  })));
}

export function outputsOf(model: ModelInfo): NamedOutput[] | undefined {
  return outputsOfModel.get(model);
}

/** Models whose outputs were given as a dict: predict() returns a dict by the same keys. */
const byName = new WeakSet<ModelInfo>();

/** What predict() returns for a model with several outputs: a list of them, or a dict when the
 *  model was built with a dict (`fraud_logit = model.predict(x)[1]`, `...["is_fraud"]`). */
export function predictedOutputs(model: ModelInfo): PyValue | undefined {
  const outs = outputsOfModel.get(model);
  if (!outs) return undefined;
  const tensors = outs.map((o) => tensor(o.ref));
  if (byName.has(model)) return outs.every((o) => o.name !== undefined) ? { k: 'dict', entries: new Map(outs.map((o, i) => [o.name!, tensors[i]])) } : undefined;
  return { k: 'seq', kind: 'list', items: tensors };
}

function lastLayerName(t: Extract<PyValue, { k: 'tensor' }>): string | undefined {
  const last = t.chain?.[t.chain.length - 1]?.layer;
  return last && layerNames.get(last);
}

/** The model named in `<name>.layers[-1]` or `<name>.get_layer(index=-1)`, the object of the `.output`
 *  attribute `node` (a name only: nothing is evaluated twice). */
export function lastLayerOf(node: Node, f: Frame): PyValue | undefined {
  const o = node.childForFieldName('object');
  let owner: Node | null | undefined;
  if (o?.type === 'subscript' && /^-\s*1$/.test(o.childForFieldName('subscript')?.text ?? '')) {
    const v = o.childForFieldName('value');
    if (v?.type === 'attribute' && v.childForFieldName('attribute')?.text === 'layers') owner = v.childForFieldName('object');
  } else if (o?.type === 'call' && /^\(\s*index\s*=\s*-\s*1\s*\)$/.test(o.childForFieldName('arguments')?.text ?? '')) {
    const fn = o.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get_layer') owner = fn.childForFieldName('object');
  }
  return owner?.type === 'identifier' ? f.env.lookup(owner.text) : undefined;
}

