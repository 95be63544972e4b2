// Sequential models of both frameworks (nn.Sequential, keras.Sequential): a list of layers, complete
// only once every .add/.add_module was seen, so the output is folded lazily (core/layers.ts). A
// softmax layer records its event during the fold, when its input's width is known.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import type { Framework, LayerInfo, ModelInfo, TensorFacts } from '../core/facts';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import type { Vocabulary } from '../core/vocab';
import { foldSequential } from '../core/layers';
import type { ClassDef, PyObject, PyValue } from './values';
import { UNKNOWN, refOf, tensor } from './values';
import { callValue } from './dispatch';
import { findMember } from './objects';
import type { Interp, Frame, CallSite } from './evaluator';
import { applyTo, softmaxAxis } from './ops';
import { oneLayerStates, overOneChannel } from './pooling';
import { usedAsPart } from './compile';
import { perSampleRank } from '../core/judge';
import { merged } from './arithmetic';
import { noteReachedElsewhere, noteTwin } from './shared-sites';
import { notePart, outputReplaced, withChangedParts } from './part-changes';
import { intoLayer } from './rank-witness';

export { softmaxAxis };

/** A softmax layer applied to `input`: the event, when the axis is the last one. */
export function softmaxLayerEvent(it: Interp, layer: LayerInfo, input: TensorFacts, vocab: Vocabulary): void {
  const axis = softmaxAxis.get(layer);
  const log = layer.activation === 'log_softmax' ? { log: true } : {};
  const one = axis === 1 && vocab.framework === 'pytorch' ? overOneChannel(input) : undefined;
  if (one) return it.emit({ type: 'softmax', site: layer.site, vocab, input: TensorRef.of(one), kind: 'layer', ...log });
  const implicitLast = layer.lastAxisAtRank !== undefined && input.rank === layer.lastAxisAtRank;
  if (typeof axis !== 'number' && !implicitLast) return;
  if (implicitLast || axis === -1 || (input.rank !== undefined && axis === input.rank - 1)) {
    it.emit({ type: 'softmax', site: layer.site, vocab, input: TensorRef.of(input), kind: 'layer', ...log });
  }
}

/** The branch or loop body each Sequential was made in (Frame.scope). */
const madeIn = new WeakMap<ModelInfo, object | undefined>();
/** Sequentials made at the top level of their file (one object every importer shares). */
const moduleLevel = new WeakSet<ModelInfo>();
/** Models compiled, trained or run already: a layer added after that is not in what those used (an
 *  activation added for export after training), so their layers become unknown (addModule). */
const used = new WeakSet<ModelInfo>();

export function markUsed(m: ModelInfo): void {
  used.add(m);
}

export function usedYet(m: ModelInfo): boolean {
  return used.has(m);
}

/** Whether a layer added from this frame may not be added: in a branch or loop the model was not made in. */
export function addedConditionally(seq: Extract<PyValue, { k: 'model' }>, f: Frame): boolean {
  // Another file's module-level model grown from this file (`from model import net;
  // net.add_module("sig", nn.Sigmoid())` in export.py): scripts that each import it run apart, so
  // whether a script training it sees the layer is not known (the files' order here says nothing).
  // So is a module-level model grown by code nobody called (`def export(): net.add_module(...)`,
  // dispatched from a dict): it may run before the training code, after it, or never.
  if (moduleLevel.has(seq.model) && (seq.model.site.file !== f.module.file || f.generic)) seq.model.open = true;
  return !!f.cond && (!madeIn.has(seq.model) || madeIn.get(seq.model) !== f.scope);
}

export function newSequential(it: Interp, framework: Framework, site: Site, items: PyValue[] | undefined, vocab: Vocabulary, frame?: Frame): Extract<PyValue, { k: 'model' }> {
  const model: ModelInfo = {
    kind: 'sequential',
    framework,
    site,
    layers: [],
    open: !items,
    losses: [],
    output: TensorRef.of(UNKNOWN_FACTS),
  };
  const value: Extract<PyValue, { k: 'model' }> = { k: 'model', model, items: items ? [] : undefined, vocab };
  for (const item of items ?? []) addModule(value, moduleItem(it, item, frame), site, false);
  // A model followed by other items (`nn.Sequential(scorer, nn.Linear(1, 3))`): they compute with
  // what it outputs, as it is (removing its activation would change this model too).
  // (Flatten, Identity and Dropout after it only pass them on.)
  (items ?? []).forEach((item, i) => {
    const computedWith = items!.slice(i + 1).some((x) => !(x.k === 'layer' && (x.layer.type === 'passthrough' || x.layer.type === 'flatten')));
    const part = item.k === 'model' ? item.model : item.k === 'instance' ? item.obj.model : undefined;
    if (part && computedWith) it.probabilityReads.push(new TensorRef(() => part.output.get()));
  });
  model.output = new TensorRef(() => {
    withChangedParts(model);
    return foldSequential(model, (layer, input) => softmaxLayerEvent(it, layer, input, vocab));
  });
  it.models.push(model);
  if (framework === 'keras') noteTwin(model, frame);
  madeIn.set(model, frame?.scope);
  if (frame && !frame.fn) moduleLevel.add(model);
  if (framework === 'pytorch') it.defer(() => presumedSoftmax(it, model, vocab));
  return value;
}

/** User modules (an nn.Module, a Keras layer or model of one's own) put into a Sequential: what
 *  each outputs, as a layer (moduleItem). */
const moduleLayers = new WeakMap<PyObject, LayerInfo>();

/** An instance of a user module about to be put into a Sequential (`nn.Sequential(body, Head())`,
 *  `keras.Sequential([..., ProbHead()])`): its forward/call run once on an unknown input, what it
 *  returns is the layer's output. Anything but one tensor (a tuple, a dict): unknown. */
export function moduleItem(it: Interp, item: PyValue, frame: Frame | undefined): PyValue {
  if (item.k !== 'instance' || !frame || moduleLayers.has(item.obj)) return item;
  const cls = item.obj.cls;
  const site = item.obj.site;
  if (!cls.framework || cls.lossModule || cls.lossBase || !site?.node) return item;
  const out = it.callWith(item, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], site.node as Node, frame);
  if (out.k !== 'tensor') return item;
  const ref = out.ref;
  moduleLayers.set(item.obj, { type: 'module', name: cls.name, site, output: () => ref.get() });
  return item;
}

/** Appends a module: a known layer, a nested Sequential's layers, or a step we know nothing of. */
export function addModule(seq: Extract<PyValue, { k: 'model' }>, item: PyValue, site: Site, conditional: boolean): void {
  const m = seq.model;
  // A layer added after the model was compiled, trained or run is not in what those used.
  if (used.has(m)) m.open = true;
  // A model added to itself (`m.append(m)`), or nested so deep its layers would not fit: unknown.
  if (item.k === 'model' && (item.model === m || m.layers.length + item.model.layers.length > MAX_LAYERS)) {
    m.open = true;
    return;
  }
  seq.items?.push(item);
  if (item.k === 'model') usedAsPart(item.model, m);
  // keras.Input(shape=...) as the first item: the input's rank and width.
  if (item.k === 'tensor' && !item.chain?.length && item.ref.get().role === 'input') {
    const f = item.ref.get();
    m.layers.push({ layer: { type: 'passthrough', name: 'Input', site, inputRank: f.rank, inputWidth: f.width }, site, conditional });
    return;
  }
  const from = m.layers.length;
  if (item.k === 'layer') m.layers.push({ layer: item.layer.type === 'unknown' ? undefined : item.layer, site: item.layer.site, conditional });
  else if (item.k === 'instance' && moduleLayers.has(item.obj)) m.layers.push({ layer: moduleLayers.get(item.obj), site, conditional });
  else if (item.k === 'model' && !item.model.open && item.model.kind === 'sequential') for (const l of item.model.layers) m.layers.push({ ...l, conditional: conditional || l.conditional });
  else m.layers.push({ layer: undefined, site, conditional });
  // (What it is now: changed later, `model[1].append(...)`, its entries here are unknown.)
  if (m.framework === 'pytorch') notePart(m, item, m.layers.slice(from));
}

const MAX_LAYERS = 500;

/** One-layer models: a bare `nn.Linear` called on data outside any module (`model = nn.Linear(d, 1)`,
 *  logistic regression), taken as `nn.Sequential(nn.Linear(d, 1))` is, one model per layer object
 *  (what trains it, what decides on it). Not inside a model class's methods, nor on a tensor already
 *  inside a model's computation: there it is a part of that model. */
const bareModels = new WeakMap<LayerInfo, Extract<PyValue, { k: 'model' }>>();

export function bareLayerModel(it: Interp, layer: Extract<PyValue, { k: 'layer' }>, c: CallSite): Extract<PyValue, { k: 'model' }> | undefined {
  if (layer.vocab.framework !== 'pytorch' || layer.layer.type !== 'dense' || c.frame.fn?.owner?.framework) return undefined;
  const x = c.args.pos[0];
  if (x?.k === 'tensor' && x.chain) return undefined;
  let model = bareModels.get(layer.layer);
  if (!model) bareModels.set(layer.layer, (model = newSequential(it, 'pytorch', layer.layer.site, [layer], layer.vocab)));
  if (changedLayers.has(layer.layer)) model.model.open = true;
  return model;
}

/** Layer objects whose call computes something else (a forward hook, `lin.forward = ...`). */
const changedLayers = new WeakSet<LayerInfo>();

export function layerChanged(layer: LayerInfo, replacesOutput = true): void {
  changedLayers.add(layer);
  // (A hook that returns nothing changes what the layer is called for, not what a Sequential gets.)
  if (replacesOutput) outputReplaced(layer);
  const bare = bareModels.get(layer);
  if (bare) bare.model.open = true;
}

export function isLayerChanged(layer: LayerInfo): boolean {
  return changedLayers.has(layer);
}

const MERGES: Record<string, 'sum' | 'mean' | 'concat' | undefined> = { Add: 'sum', Average: 'mean', Concatenate: 'concat' };

/** A layer object called on a tensor (functional style, or inside forward). */
export function callLayer(it: Interp, layer: Extract<PyValue, { k: 'layer' }>, input: PyValue | undefined, site: Site): PyValue {
  intoLayer(it, layer.layer, input);
  const x = input ?? tensor({ ...UNKNOWN_FACTS });
  // Keras' merge layers over a list of tensors (`layers.Add()([wide, deep])`).
  const merge = layer.vocab.framework === 'keras' ? MERGES[layer.layer.name] : undefined;
  const m = merge && x.k === 'seq' && !x.open ? merged(merge, x.items) : undefined;
  if (m) return m;
  if (softmaxAxis.has(layer.layer)) {
    // Read at the end: the input's width may depend on layers added later.
    const ref = refOf(x);
    it.defer(() => softmaxLayerEvent(it, layer.layer, ref.get(), layer.vocab));
  }
  // An activation module applied in forward/functional code: the evidence is the application
  // (`self.sig(x)`, `layers.Activation('sigmoid')(x)`), which is also what a fix unwraps.
  const l = layer.layer;
  // A layer that computes with the values (`calib(out)`, a stacked head fitted on probabilities):
  // read as they are.
  if (x.k === 'tensor' && l.type !== 'activation' && l.type !== 'softmax' && l.type !== 'passthrough') it.probabilityReads.push(x.ref);
  if (l.type === 'unknown' && layer.vocab.framework === 'pytorch') {
    const seq = sequenceOutput(l.name, oneLayerRnns.has(l));
    if (seq) return seq;
  }
  const applied = l.type === 'activation' || l.type === 'softmax' ? { ...l, actSite: site } : l;
  if (applied !== l && softmaxAxis.has(l)) softmaxAxis.set(applied, softmaxAxis.get(l));
  return applyTo(applied.type === 'unknown' ? undefined : applied, x, site);
}

/** nn.RNN / GRU / LSTM made with one layer in one direction (the defaults, or written so). */
export const oneLayerRnns = new WeakSet<LayerInfo>();

/** What a recurrent layer, a Transformer block or attention gives: a [batch, time, features]
 *  sequence (rank 3 or more: a per-sample head on it scores each step, and dim 1 is the time axis);
 *  RNN, GRU, LSTM and MultiheadAttention give it first in a tuple. */
function sequenceOutput(name: string, oneLayer: boolean): PyValue | undefined {
  const steps = tensor({ ...UNKNOWN_FACTS, role: 'data', minRank: 3 });
  // The final hidden state is [layers × directions, batch, hidden] (`h[-1]`: the last layer's); an
  // LSTM's comes with its cell state, (h, c). Attention's second item is its weights.
  const hidden = () => {
    const h = tensor({ ...UNKNOWN_FACTS, role: 'data', minRank: 3 });
    if (oneLayer && h.k === 'tensor') oneLayerStates.add(h.ref);
    return h;
  };
  if (/^(?:RNN|GRU)$/.test(name)) return { k: 'seq', kind: 'tuple', items: [steps, hidden()] };
  if (name === 'LSTM') return { k: 'seq', kind: 'tuple', items: [steps, { k: 'seq', kind: 'tuple', items: [hidden(), hidden()] }] };
  if (name === 'MultiheadAttention') return { k: 'seq', kind: 'tuple', items: [steps, UNKNOWN] };
  return /^Transformer(?:Encoder|Decoder)?(?:Layer)?$/.test(name) ? steps : undefined;
}

/** Models used as a part of another (`self.att = nn.Sequential(...)`, `self.pool = AttentionPool(d)`):
 *  their input may be a sequence, so their output's rank is not presumed. */
export const submodels = new WeakSet<ModelInfo>();

/**
 * A PyTorch model whose output is per-sample layers then softmax over dim 1 (`nn.Softmax(dim=1)` or
 * `nn.Softmax()` as the last item, `return F.softmax(self.fc(x), dim=1)`): with the input rank unknown, such a model
 * maps [batch, features] to [batch, units] (core/judge outputRank), so dim 1 is the units axis.
 * Not for a part of another model (an attention scorer over [batch, time, 1]).
 */
export function presumedSoftmax(it: Interp, model: ModelInfo, vocab: Vocabulary): void {
  if (model.open || submodels.has(model) || model.layers.length < 2) return;
  const last = model.layers[model.layers.length - 1];
  // nn.Softmax() without dim: on the presumed 2-D input its implicit dim is 1 too.
  if (!last.layer || last.conditional || (softmaxAxis.get(last.layer) !== 1 && last.layer.lastAxisAtRank !== 2)) return;
  if (perSampleRank(model.layers.slice(0, -1)) !== 2) return;
  const input = model.output.get();
  if (input.rank !== undefined) return; // an axis over a known rank was decided where the softmax is
  if ((input.minRank ?? 0) > 2) return; // the forward shows a sequence in: axis 1 is its items
  it.emit({ type: 'softmax', site: last.site, vocab, input: TensorRef.of({ ...input, rank: 2 }), kind: 'layer', ...(last.layer.activation === 'log_softmax' ? { log: true } : {}) });
}

/** `class Head(nn.Sequential)` / `class MLP(keras.Sequential)`: `super().__init__(...)` builds the
 *  Sequential the instance is, so calling, compiling or `.add`ing to it is that model's. */
export function superSequential(it: Interp, s: Extract<PyValue, { k: 'super' }>, name: string, c: CallSite): PyValue | undefined {
  const base = sequentialBase(s.cls);
  if (!base || name !== '__init__' || s.self.k !== 'instance') return undefined;
  // A forward / call of its own computes something else from the layers: unknown.
  if (findMember(s.self.obj.cls, 'forward') || findMember(s.self.obj.cls, 'call') || findMember(s.self.obj.cls, '__call__')) return UNKNOWN;
  const seq = callValue(it, base, c);
  if (seq.k !== 'model') return UNKNOWN;
  s.self.obj.model = seq.model;
  s.self.obj.output = tensor(seq.model.output);
  sequentials.set(s.self.obj, seq);
  return UNKNOWN;
}

const sequentials = new WeakMap<PyObject, Extract<PyValue, { k: 'model' }>>();

/** The Sequential an instance of such a subclass is (its methods: `self.append(...)`, `compile`). */
export function sequentialOf(obj: PyObject): Extract<PyValue, { k: 'model' }> | undefined {
  return sequentials.get(obj);
}

const SEQUENTIAL_BASES = new Set(['torch.nn.Sequential', 'keras.Sequential']);

export function sequentialBase(cls: ClassDef): Extract<PyValue, { k: 'api' }> | undefined {
  return cls.bases.find((b): b is Extract<PyValue, { k: 'api' }> => b.k === 'api' && SEQUENTIAL_BASES.has(b.name));
}

/** `keras.models.clone_model(model)`: the same layers with weights of their own, not compiled: a
 *  model whose losses and metrics are its own (a multi-output model's heads are not followed).
 *  `trained`: a copy of the trained weights (copy.deepcopy), trained as the original is. */
export function clonedModel(it: Interp, v: PyValue | undefined, site: Site, trained = false): PyValue {
  if (v?.k !== 'model' || v.model.open || v.model.kind === 'union') return UNKNOWN;
  const base = v.model;
  noteReachedElsewhere(base.site);
  const model: ModelInfo = { ...base, site, layers: [...base.layers], losses: trained ? base.losses : [], metrics: trained ? base.metrics : undefined, output: TensorRef.of(UNKNOWN_FACTS) };
  model.output = base.kind === 'sequential' ? new TensorRef(() => foldSequential(model)) : base.output.map((f) => ({ ...f, model }));
  it.models.push(model);
  return { ...v, model, items: v.items && [...v.items] };
}
