// Tensor operations shared by PyTorch, Keras/TensorFlow and NumPy: layers and activations applied
// to facts (through core/layers.ts), and the decisions the rules look at (argmax, 0.5 thresholds,
// rounding, softmax over the last axis). The operators of Python expressions: operators.ts.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import type { LayerInfo, TensorFacts } from '../core/facts';
import type { Vocabulary } from '../core/vocab';
import { applyLayer } from '../core/layers';
import { namesTwoClasses, outputRank, perSampleRank, singleChannel } from '../core/judge';
import { PyValue, Entry, tensor, num, refOf, mapRef, derive, single } from './values';
import type { Interp } from './evaluator';
import type { ArgMaxEvent, ThresholdEvent } from '../core/events';
import { convAxisPooled, overOneChannel, sequencePooled } from './pooling';
import { overStack } from './stack-reductions';
import { comparedWithAxislessArgmax, nodeOf } from './edits';
import { carryDecision, decisionOf, noteArgmax, noteBound, noteThreshold, partialCut } from './argmax-uses';
import { readPerClass } from './per-class';
import { noteUser } from './shared-sites';
import { readAsIs } from './probability-reads';
import { holdsSamples } from './one-sample';
import { changesPerPass } from './per-pass';
import { layerCell, throughLayers } from './rank-witness';
import { holderOf } from './array-kind';

/** A layer (or an activation op) applied to a value; the chain grows when the input's is known. */
export function applyTo(layer: LayerInfo | undefined, input: PyValue, site: Site): PyValue {
  const ref = refOf(input);
  const chain = input.k === 'tensor' && input.chain ? [...input.chain, { layer, site, conditional: false }] : undefined;
  const out = tensor(mapRef(ref, (f) => overLogits(keepShape(layer, applyLayer(layer, f), f), f)), chain);
  // What the activation is applied to, here (`torch.sigmoid(m(x))` in a helper called for a sigmoid
  // model and for a logits one: removing it is right for one of them only; vocab-common.ts), and
  // which (`self.act(h)`: a sigmoid for one instance, a ReLU for another).
  if ((layer?.type === 'activation' || layer?.type === 'softmax') && input.k === 'tensor') {
    noteUser(site, () => {
      const kind = inputKind(ref.get());
      return kind && `${layer.type === 'softmax' ? 'softmax' : layer.activation}:${kind}`;
    });
  }
  // A row-wise layer keeps the batch axis: a batch of one (`h.view(1, -1)` in forward) stays one.
  return input.k === 'tensor' && input.single && layer && ROW_WISE.has(layer.type) ? single(out) : out;
}

const ROW_WISE = new Set(['dense', 'activation', 'softmax', 'passthrough']);

/** A sigmoid or softmax of a model's logits: those logits, noted (facts.ts `over`). */
function overLogits(out: TensorFacts, input: TensorFacts): TensorFacts {
  return input.act === 'logits' && input.model && input.actSite && (out.act === 'sigmoid' || out.act === 'softmax') ? { ...out, over: input.actSite } : out;
}

function inputKind(f: TensorFacts): string | undefined {
  return f.act === 'unknown' || !f.pred ? undefined : f.act;
}

/** Dense layers keep the input's rank; applyLayer already does, this also keeps it for unknown ones.
 *  An activation is elementwise (softmax too, along one axis): on a model's output, the result has
 *  its shape, so what a decision over it sees is still the model's [batch, classes]. */
function keepShape(layer: LayerInfo | undefined, out: TensorFacts, input: TensorFacts): TensorFacts {
  let r = { ...(out.rank === undefined && input.rank !== undefined && out.act !== 'unknown' ? { ...out, rank: input.rank } : out), ...layerCell(layer, input) };
  // A dense layer or an activation on a sequence of unknown rank: still a sequence.
  if (r.rank === undefined && (input.minRank ?? 0) > 2 && layer && ROW_WISE.has(layer.type)) r = { ...r, minRank: input.minRank };
  const elementwise = layer?.type === 'activation' || layer?.type === 'softmax';
  return elementwise && input.modelOutput ? { ...r, modelOutput: true } : r;
}

/** An activation op on a tensor: `torch.sigmoid(x)`, `F.softmax(x, dim=1)`, `x.log_softmax(-1)`. */
export function activation(name: string, site: Site): LayerInfo {
  return { type: 'activation', name, site, activation: name, actSite: site };
}

/** Whether `dim` is the last axis of a tensor with facts `f`: -1, or rank - 1 when the rank is known. */
export function isLastAxis(dim: number | undefined, f: TensorFacts): boolean {
  if (dim === undefined) return false;
  return dim === -1 || (f.rank !== undefined && dim === f.rank - 1);
}

/**
 * softmax/log_softmax over `dim`: the class axis when it is the last one, or axis 1 (PyTorch's (N, C)
 * convention, also what CrossEntropyLoss reads). Over another axis the values are no class
 * probabilities: 'other'. The softmax event is recorded only over a known last axis.
 */
export function softmaxOp(it: Interp, kind: 'softmax' | 'log_softmax', input: PyValue, given: number | undefined | null, site: Site, vocab: Vocabulary, eventKind: 'op' | 'layer'): PyValue {
  const ref = refOf(input);
  // PyTorch without `dim`: its legacy implicit choice, dim 1 for a 2-D or 4-D input and 0 otherwise,
  // read from the input's rank (or the [batch, units] of a chain of per-sample layers, as for dim=1).
  const presumed2d = input.k === 'tensor' && !!input.chain && perSampleRank(input.chain) === 2;
  const rankOf = (f: TensorFacts) => f.rank ?? (presumed2d && !((f.minRank ?? 0) > 2) ? 2 : undefined);
  const implicit = given === undefined && vocab.framework === 'pytorch';
  const dimOf = (f: TensorFacts): number | undefined | null => {
    if (!implicit) return given;
    const r = rankOf(f);
    return r === 2 || r === 4 ? 1 : r === 0 || r === 1 || r === 3 ? 0 : null;
  };
  // Without dim at an unknown rank the values are still probabilities (a softmax on some axis; the
  // loss rules need no more); the softmax event below waits for a known rank.
  // A PyTorch convolution's channels are axis 1 ((N, C, L), (N, C, H, W)): its last axis is a
  // spatial one, whatever is reshaped later.
  const spatial = (f: TensorFacts) => vocab.framework === 'pytorch' && f.channelsRank !== undefined;
  const overClasses = (f: TensorFacts) => { const d = dimOf(f); return d === 1 || ((d === -1 || (typeof d === 'number' && isLastAxis(d, f))) && !spatial(f)) || (implicit && d === null); };
  const name = kind;
  const layer = (f: TensorFacts): LayerInfo => (overClasses(f) ? activation(name, site) : { type: 'activation', name, site, activation: 'other', actSite: site });
  if (typeof given === 'number' || implicit) {
    const at = mapRef(ref, (f) => {
      const d = dimOf(f);
      const last = implicit ? typeof d === 'number' && rankOf(f) === d + 1 : typeof d === 'number' && isLastAxis(d, f);
      const one = d === 1 && vocab.framework === 'pytorch' ? overOneChannel(f) : undefined;
      if (one) return one;
      return last ? { ...f, rank: rankOf(f) } : { ...UNKNOWN_FACTS };
    });
    it.emit({ type: 'softmax', site, vocab, input: at, kind: eventKind, ...(kind === 'log_softmax' ? { log: true } : {}) });
  }
  let chain: Entry[] | undefined;
  if (input.k === 'tensor' && input.chain) {
    const step = layer({ ...UNKNOWN_FACTS, rank: 2 });
    const dim = implicit ? (presumed2d ? 1 : undefined) : given;
    if (typeof dim === 'number') softmaxAxis.set(step, dim);
    chain = [...input.chain, { layer: step, site, conditional: false }];
  }
  return tensor(mapRef(ref, (f) => {
    const l = layer(f);
    const out = keepShape(l, applyLayer(l, f), f);
    return out.act === 'softmax' && dimOf(f) === 1 && (rankOf(f) ?? f.minRank ?? f.channelsRank ?? 0) >= 3 ? { ...out, softmaxAtOne: true } : out;
  }), chain);
}

/** The axis a softmax layer or op normalises (nn.Softmax(dim), layers.Softmax(axis), F.softmax(x, dim)). */
export const softmaxAxis = new WeakMap<LayerInfo, number | undefined | null>();

/** A decision: the argmax of a prediction. The result is class indices (no facts). */
export function argmax(it: Interp, input: PyValue, axis: number | undefined | null, form: 'function' | 'method', noAxis: 'batch' | 'flatten', site: Site, vocab: Vocabulary): PyValue {
  roundedForArgmax(it, input);
  const call = axis === undefined ? nodeOf(site) : undefined;
  const e: ArgMaxEvent = {
    type: 'argmax', site, vocab, input: refOf(input), axis, form, noAxis,
    ...(input.k === 'tensor' && input.single ? { batchOfOne: true } : {}),
    ...(holderOf(input) ? { holder: holderOf(input) } : {}),
    ...(call && comparedWithAxislessArgmax(call) ? { pairedWithAxisless: true } : {}),
    ...(call && noAxis === 'batch' ? readPerClass(call) : {}),
  };
  it.emit(e);
  const result = tensor({ ...UNKNOWN_FACTS, role: 'data' });
  noteArgmax(result, e);
  return result;
}

/** `torch.round(out)` whose result an argmax or max over the classes reads: a coarse step before the
 *  decision, which is the argmax; the rounding decides nothing (its event is withdrawn). */
export function roundedForArgmax(it: Interp, input: PyValue): void {
  const e = decisionOf(input);
  if (e?.type === 'threshold' && (e.op === 'round' || e.op === 'Math.round')) it.withdrawn.add(e);
}

export function threshold(it: Interp, input: PyValue, op: 'round' | 'greater' | 'greaterEqual' | 'compare', site: Site, vocab: Vocabulary, thresholdSite?: Site, value = 0.5, swept?: PyValue): PyValue {
  const ref = refOf(input);
  // (`swept`: the threshold's value, when it changes from pass to pass of a loop: a sweep.)
  const e: ThresholdEvent = { type: 'threshold', site, vocab, op, input: ref, thresholdSite, value: value === 0.5 ? undefined : value, ...(changesPerPass(swept) ? { sweep: true } : {}) };
  it.emit(e);
  // A cut of a blend (`(a.predict(x) + b.predict(x)) / 2 > 0.5`, `acc / 3 > 0.5`): of what it is made of.
  if (input.k === 'tensor' && input.from) for (const r of input.from) readAsIs(it, r);
  const result = tensor({ ...UNKNOWN_FACTS, role: 'data' });
  noteThreshold(result, e);
  return result;
}

const FLIPPED: Record<string, string> = { gt: 'lt', lt: 'gt', ge: 'le', le: 'ge', greater: 'less', less: 'greater', greater_equal: 'less_equal', less_equal: 'greater_equal' };

/** `torch.gt(p, t)`, `np.greater(p, t)`, `tf.math.greater_equal(p, t)`: a cut at 0.5 (for
 *  probabilities) or at 0 (for logits) is a threshold; any other is data we know nothing of. */
export function greaterCall(it: Interp, x: PyValue, op: string, t: { value: PyValue; node?: Node } | undefined, site: Site, vocab: Vocabulary, file: string, xNode?: Node): PyValue {
  // `torch.lt(0.5, p)`: the cut written first is `p > 0.5`.
  if (x.k !== 'tensor' && num(x) !== undefined && t?.value.k === 'tensor') return greaterCall(it, t.value, FLIPPED[op] ?? op, { value: x, node: xNode }, site, vocab, file);
  const v = t && num(t.value);
  // As `p > c` (operators.ts): a cut anywhere but 0 (a named one too) reads the values as
  // probabilities; one in [0, 1) is a threshold (0: the logits' own).
  if (v !== 0 && x.k === 'tensor') it.probabilityReads.push(x.ref), it.cutReads.push(x.ref);
  // `p.lt(0.5)`: the same cut, the classes named the other way round (as `p < 0.5`).
  const less = /^(?:lt|le|less|less_equal)$/.test(op);
  if (v === undefined || v < 0 || v >= 1 || (less && v === 0)) return noteBound(tensor({ ...UNKNOWN_FACTS, role: 'data' }), x);
  const kind = less ? 'compare' : op === 'greater' || op === 'gt' ? 'greater' : 'greaterEqual';
  return threshold(it, x, kind, site, vocab, t!.node ? it.site(t!.node, file) : undefined, v, t!.value);
}

/** `p.item()`, `float(p[0])`: one number, what it is stays (a logit, a probability), no axis is left. */
export function oneNumber(x: PyValue): PyValue {
  return tensor(mapRef(refOf(x), (f) => ({ ...f, width: undefined, widthSite: undefined, rank: 0, minRank: undefined, modelOutput: false, ...NO_CHANNELS })));
}

/** `np.where(p > 0, 1, 0)`, `torch.where(p > 0.5, 1.0, 0.0)`: class labels picked by a decision
 *  are that decision (compared with labels, it is one per sample). Other branches: not ours. */
export function labelsWhere(cond: PyValue, a: PyValue | undefined, b: PyValue | undefined): PyValue | undefined {
  // `np.where(p <= 0.5, 0, p)`, `torch.where(p > 0.5, p, torch.zeros_like(p))`: one side of the
  // cut replaced, the other kept as it was.
  for (const kept of [a, b]) if (kept) partialCut(cond, kept);
  if (a?.k !== 'const' || b?.k !== 'const') return undefined;
  // Two class names picked (`"spam" if p > 0.5 else "ham"`, `np.where(p > 0, "spam", "ham")`): a
  // label per sample, used. (Not a sign picked for formatting, `"+" if d > 0 else ""`: no class.)
  const decision = decisionOf(cond);
  if (decision?.type === 'threshold' && typeof a.v === 'string' && typeof b.v === 'string' && namesTwoClasses(a.v, b.v)) decision.perSample = 'use';
  const labels = tensor({ ...UNKNOWN_FACTS, role: 'data' });
  carryDecision(cond, labels);
  return labels;
}

/** x[i] on a tensor, or an element of `for row in x`: a row of a known [batch, units] output keeps
 *  its width (rank 1); anything else keeps only what the values are. `written`: only a rank the
 *  code shows, not the [batch, units] presumed of a model's output on data of unknown rank
 *  (`for i, clip in enumerate(scores)` over [batch, frames, 1] scores: a clip is no row). */
export function sampleRow(t: Extract<PyValue, { k: 'tensor' }>, written = false): PyValue {
  const ref = t.ref;
  return tensor(derive(() => {
    const f = ref.get();
    // One sample of a convolution's direct output (batched: it has channels): (C, H, W).
    if (singleChannel(f) && f.channelsAxis === undefined) return { ...f, rank: f.rank === undefined ? undefined : f.rank - 1, channelsAxis: 0 as const };
    return (written ? f.rank === 2 : outputRank(f) === 2) ? { ...f, rank: 1, minRank: undefined, modelOutput: false, ...NO_CHANNELS } : { ...f, width: undefined, widthSite: undefined, rank: undefined, minRank: undefined, modelOutput: false, ...NO_CHANNELS };
  }, ref));
}

/** An item of a loop over a tensor (`for x in X_test`, `zip(X_test, y_test)`): a row; of data
 *  already known to be no prediction, one sample, whose output has no batch to mix up. */
export function iteratedRow(t: Extract<PyValue, { k: 'tensor' }>, written = false): PyValue {
  const row = sampleRow(t, written);
  const f = t.ref.known();
  return ((f && !f.pred) || holdsSamples(t)) && !t.single ? single(row) : row;
}

/** `x.squeeze(0)` of a batch of one: still one sample (data keeps its `single`); one image's
 *  one-channel map (`model(img[None]).squeeze(0)`) has its channels on axis 0, as `[0]` gives it. */
export function batchOfOneSqueezed(t: Extract<PyValue, { k: 'tensor' }>): PyValue {
  const row = sampleRow(t);
  const kept = reshaped(t);
  if (row.k !== 'tensor' || kept.k !== 'tensor') return kept;
  const [a, b] = [row.ref, kept.ref];
  return { ...kept, ref: derive(() => (a.get().channelsAxis === 0 && t.ref.get().channelsAxis === undefined ? a.get() : b.get()), a, b) };
}

/** `p.clamp(1e-7, 1 - 1e-7)`, `K.clip(y_pred, 0, 1)`: clipped values are compared as before
 *  (`K.round(K.clip(logits, 0, 1))` still cuts the logits at 0.5) and read as they are; clipped
 *  logits are marked so that no loss fix feeds them to a loss that applies the activation. */
export function clipped(it: Interp, x: PyValue, lo?: PyValue, hi?: PyValue): PyValue {
  if (x.k !== 'tensor') return tensor({ ...UNKNOWN_FACTS });
  it.probabilityReads.push(x.ref);
  // Both bounds known within [0, 1]: the values are in a probability's range (see facts.ts).
  const low = lo && num(lo);
  const high = hi && num(hi);
  const unit = low !== undefined && high !== undefined && low >= 0 && high <= 1;
  const floor = low !== undefined && low >= 0 ? low : undefined;
  const out = tensor(mapRef(x.ref, (f) => (f.act === 'logits' ? { ...f, clipped: true, ...(unit ? { clippedToUnit: true } : {}), ...(floor !== undefined ? { clipFloor: floor } : {}) } : f)));
  return x.single ? single(out) : out; // a batch of one stays one
}

/** Facts of a shape whose axis 1 is no longer a convolution's channels. */
export const NO_CHANNELS = { channels: undefined, channelsSite: undefined } as const;

/** Ops that keep what the values are (dtype, device, detaching, copying): the same facts. */
export function same(input: PyValue): PyValue {
  return input.k === 'tensor' ? input : tensor({ ...UNKNOWN_FACTS });
}

/** Ops that keep the values but change the shape (squeeze, view, flatten, indexing). */
export function reshaped(input: PyValue, rank?: number, keepChannels = false): PyValue {
  const ref = refOf(input);
  // Resampled over space only (keepChannels): axis 1 is still the model's channels.
  // (A softmax over axis 1 reshaped: where that axis went is not followed, TensorFacts.softmaxAtOne.)
  const t = tensor(mapRef(ref, (f) => ({ ...f, width: undefined, widthSite: undefined, rank, minRank: undefined, rankCell: undefined, ...(keepChannels ? {} : { modelOutput: false, ...NO_CHANNELS, ...(f.softmaxAtOne ? { classesMoved: true } : {}) }) })));
  carryDecision(input, t);
  // One sample however it is shaped (`xb.squeeze(0)` of a batch of one).
  return input.k === 'tensor' && input.single ? single(t) : t;
}

/** `x` with its classes' axis moved off the last (a matrix transposed, `z.T`): the same values, but a
 *  softmax's is no longer over what a loss reads as the classes (TensorFacts.classesMoved). */
export function classesMoved(x: Extract<PyValue, { k: 'tensor' }>): PyValue {
  return reshaped({ ...x, ref: mapRef(x.ref, (f) => ({ ...f, classesMoved: true })) });
}

/** A squeeze, view or flatten of a tensor whose layers are known (`sigmoid(fc(x)).squeeze(-1)` at
 *  the end of forward): the same values, so the layers stay known for the replica (`check`); a
 *  reshape step of unknown rank, so no rank is read from them after it. */
export function shapeStep(input: PyValue, out: PyValue | undefined, name: string, site: Site): PyValue | undefined {
  if (input.k !== 'tensor' || !input.chain?.length || out?.k !== 'tensor' || out === input || out.chain) return out;
  const step: LayerInfo = { type: 'reshape', name, site };
  const kept = { ...out, chain: [...input.chain, { layer: step, site, conditional: false }] };
  carryDecision(out, kept);
  return kept;
}

/** The rank of a model's output called on an input of rank `inputRank`, when its layers say:
 *  dense, activation and dropout-like layers keep the rank, Flatten makes it 2. */
export function rankThrough(layers: Entry[] | undefined, inputRank: number | undefined): number | undefined {
  if (!layers || layers.length === 0) return undefined;
  let rank = inputRank;
  for (const { layer } of layers) {
    if (!layer) return undefined;
    if (layer.type === 'flatten' || layer.type === 'global-pool') rank = 2;
    else if (layer.type === 'reshape') rank = layer.outRank;
    else if (layer.type !== 'dense' && layer.type !== 'activation' && layer.type !== 'softmax' && layer.type !== 'passthrough') return undefined;
  }
  return rank;
}

/** A model's output at a call: its facts, with the rank the call's input gives it. */
/** Each call of a model returns new containers (its dict, list or record of outputs): writing into
 *  one (`out["hm"] = out["hm"].sigmoid()`) changes that call's result, not every later call's. */
function freshContainers(v: PyValue, depth = 0): PyValue {
  if (depth > 3) return v;
  if (v.k === 'dict') return { ...v, entries: new Map([...v.entries].map(([k, x]) => [k, freshContainers(x, depth + 1)])) };
  if (v.k === 'seq') return { ...v, items: v.items.map((x) => freshContainers(x, depth + 1)), ...(v.tail ? { tail: v.tail.map((x) => freshContainers(x, depth + 1)) } : {}) };
  if (v.k === 'instance' && !v.obj.model && !v.obj.cls.framework) return { k: 'instance', obj: { ...v.obj, attrs: new Map([...v.obj.attrs].map(([k, x]) => [k, freshContainers(x, depth + 1)])) } };
  return v;
}

export function modelCall(out: PyValue, layers: Entry[] | undefined, open: boolean, input: PyValue | undefined): PyValue {
  if (out.k === 'tensor' && (out.single || (input?.k === 'tensor' && input.single))) {
    // One sample in (or a forward that makes a batch of one), one row out: not the batch output an
    // axis-less argmax would mix up.
    // A convolution's channels stay axis 1 of that one-image batch ([1, C, H, W]).
    // (What that output is for a batch: the same model's, kept for such rows joined: gathered.ts.)
    return { ...single(tensor(mapRef(out.ref, (f) => ({ ...f, modelOutput: f.channels !== undefined && f.modelOutput })), out.chain)), rowOf: out.ref } as PyValue;
  }
  if (out.k !== 'tensor') return freshContainers(out);
  if (open || input?.k !== 'tensor') return out;
  const inRef = input.ref;
  const ref = out.ref;
  return tensor(derive(() => {
    const out = ref.get();
    // Called on an unbatched input (`model(torch.randn(40, 500))` of a Conv1d model): no channel axis 1.
    const r = inRef.get().rank;
    const f = out.channels !== undefined && r !== undefined && r < (out.channelsRank ?? 0) ? { ...out, channels: undefined, channelsSite: undefined } : out;
    if (f.rank !== undefined) return f;
    const rank = rankThrough(layers, inRef.get().rank);
    // A sequence in ([batch, time, features], rank unknown): per-sample layers keep it one.
    const minRank = inRef.get().minRank;
    if (rank === undefined) return throughLayers(minRank !== undefined && minRank > 2 && layers && perSampleRank(layers) !== undefined ? { ...f, minRank } : f, inRef.get(), layers);
    // A last softmax whose axis depends on the rank it gets (nn.Softmax() without dim): now known.
    const end = layers![layers!.length - 1];
    const implicit = end.layer?.type === 'softmax' && end.layer.lastAxisAtRank !== undefined && !end.conditional;
    const before = layers!.length > 1 ? rankThrough(layers!.slice(0, -1), inRef.get().rank) : inRef.get().rank;
    if (implicit && f.act === 'unknown' && before === end.layer!.lastAxisAtRank) {
      return { ...f, rank, act: 'softmax', actSite: end.layer!.actSite ?? end.layer!.site };
    }
    // At this input the implicit dim is another axis than the classes: nothing is known.
    if (implicit && f.act === 'softmax' && before !== undefined && before !== end.layer!.lastAxisAtRank) return { ...f, rank, act: 'unknown' };
    return { ...f, rank };
  }, ref, inRef), out.chain);
}

/** torch.max(x, dim) results. */
type MaxPair = Extract<PyValue, { k: 'maxpair' }>;

/** The largest values (`conf, pred = p.max(1)`): of probabilities, a confidence, read as one. */
export function maxValues(it: Interp, v: MaxPair): PyValue {
  // (Over the axis predictions were stacked on: stack-reductions.ts.)
  const stack = overStack(it, tensor(v.input), v.axis, 'max');
  if (stack) return stack;
  it.probabilityReads.push(v.input);
  return convAxisPooled(tensor(v.input), v.axis, sequencePooled(tensor(v.input), v.axis, reshaped(tensor(v.input))));
}

export function maxIndices(it: Interp, v: MaxPair): PyValue {
  return argmax(it, tensor(v.input), v.axis, v.form, 'flatten', v.site, v.vocab);
}

/** An integer axis argument: a number, undefined when absent (or None), null when not evaluable. */
export function axisOf(v: PyValue | undefined): number | undefined | null {
  if (!v || v.k === 'none') return undefined;
  const n = num(v);
  return n !== undefined && Number.isInteger(n) ? n : null;
}

export type { Entry, TensorRef };
