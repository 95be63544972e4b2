// What later code shows of a tensor's rank when nothing wrote it. A model of row-wise layers is
// presumed to map [batch, features] to [batch, units] (core/judge outputRank), so an argmax over
// dim 1 of a one-unit output is "over one unit". Attention pooling over instances (multiple-instance
// learning, candidate scoring) runs the same layers on [batch, items, features] and shows it only
// after the scores are made: `torch.bmm(a.transpose(1, 2), h)` (bmm takes 3-D tensors only), or
// `classifier(torch.sum(a * h, dim=1))` (over a 2-D tensor, dim 1 is its last axis: the sum leaves
// (batch,) or (batch, 1), no input for a Linear of more than one feature). Tensors of one rank
// share a rank cell (TensorFacts.rankCell); such a witness raises it, read when the rules judge.
import type { LayerInfo, ModelInfo, RankCell, TensorFacts, TensorRef } from '../core/facts';
import { UNKNOWN_FACTS } from '../core/facts';
import { PyValue, mapRef, num, tensor, type Entry } from './values';
import { arg, type CallSite, type Interp } from './evaluator';
import { axisSum } from './arithmetic';

/** Layers that keep their input's rank (applied along the last axis, or elementwise). */
const ROW_WISE = new Set(['dense', 'activation', 'softmax', 'passthrough']);

/** The cell of an elementwise op's result (`a * h`, `x + 1`): both tensors of one rank, or one
 *  tensor and a number; else none. Read lazily. */
export function elementwiseCell(op: string | undefined, a: PyValue, b: PyValue): RankCell | undefined {
  if (op !== '*' && op !== '+' && op !== '-' && op !== '/') return undefined;
  const cellOf = (v: PyValue) => (v.k === 'tensor' ? v.ref.get().rankCell : undefined);
  if (a.k === 'tensor' && b.k === 'tensor') {
    const c = cellOf(a);
    return c && c === cellOf(b) ? c : undefined;
  }
  const number = (v: PyValue) => v.k === 'const' && typeof v.v === 'number';
  return number(b) ? cellOf(a) : number(a) ? cellOf(b) : undefined;
}

/** A model's output at a call on input facts `input`, through `layers`: of the input's rank when
 *  they all keep it (its cell kept, and noted on the model: rank evidence found for that input is
 *  evidence on what the model is applied to). */
export function throughLayers(f: TensorFacts, input: TensorFacts, layers: Entry[] | undefined): TensorFacts {
  const cell = input.rankCell;
  if (!cell || !layers?.length || !layers.every((l) => l.layer && !l.conditional && ROW_WISE.has(l.layer.type))) return f;
  const m = f.model;
  if (m && !(m.inputCells ??= []).includes(cell)) m.inputCells.push(cell);
  return { ...f, rankCell: cell };
}

/** The rank cell kept through a layer applied to facts `input` (row-wise layers only). */
export function layerCell(layer: LayerInfo | undefined, input: TensorFacts): { rankCell?: RankCell } {
  return { rankCell: layer && ROW_WISE.has(layer.type) ? input.rankCell : undefined };
}

/** Results of a sum or mean over dim 1, and the tensors pooled. */
const pooledFrom = new WeakMap<TensorRef, TensorRef>();

const POOLS = new Set(['sum', 'mean']);

/** `x.sum(1)`, `torch.mean(x, dim=1)` (x's `first` argument on, `out` the result): noted for
 *  intoLayer. An unmodelled result (`fresh`) is a new tensor, of unknown values as a method's is,
 *  but for a sum over an axis (arithmetic.ts axisSum). */
export function pooledOverOne(x: PyValue, op: string, c: CallSite, first: number, out: PyValue | undefined, fresh: boolean): PyValue | undefined {
  if (x.k !== 'tensor' || !POOLS.has(op) || c.args.splat) return out;
  const dim = num((arg(c, first, 'dim') ?? arg(c, first, 'axis'))?.value ?? { k: 'none' });
  if (dim === undefined || !Number.isInteger(dim)) return out;
  const keep = arg(c, first + 1, 'keepdim')?.value;
  const kept = keep?.k === 'const' && keep.v === true;
  const ref = x.ref;
  const t = out ?? (fresh ? tensor(mapRef(ref, (f) => (op === 'sum' && (!keep || keep.k === 'const') ? axisSum(f, dim, kept) : { ...UNKNOWN_FACTS, pred: f.pred }))) : undefined);
  if (t?.k === 'tensor' && dim === 1) pooledFrom.set(t.ref, ref);
  return t;
}

/** `torch.sum(a * h, dim=1)`, `torch.mean(...)` left unmodelled (its arguments read as such): its
 *  result, as a method's (above). */
export function unmodelledReduction(name: string, c: CallSite): PyValue | undefined {
  return /^torch\.(?:sum|mean)$/.test(name) && c.args.pos[0] ? pooledOverOne(c.args.pos[0], name.slice(6), c, 1, undefined, true) : undefined;
}

/** `m(input)`: as intoLayer for its first layer. Gives the input. */
export function intoModel<V extends PyValue | undefined>(it: Interp, m: ModelInfo, input: V): V {
  if (!m.open) intoLayer(it, m.layers[0]?.layer, input);
  return input;
}

/** `layer(input)`, `layer` the first of a module's layers: a Linear of more than one input feature
 *  given a pooling over dim 1 shows the pooled tensor had more than two axes. */
export function intoLayer(it: Interp, layer: LayerInfo | undefined, input: PyValue | undefined): void {
  if (layer?.type !== 'dense' || layer.inFeatures === undefined || layer.inFeatures === 1 || input?.k !== 'tensor') return;
  const pooled = pooledFrom.get(input.ref);
  if (pooled) atLeast3(it, pooled);
}

/** `torch.bmm(a, b)`, `a.bmm(b)`: both 3-D. */
export function batchedOperands(it: Interp, operands: Array<PyValue | undefined>): void {
  for (const v of operands) if (v?.k === 'tensor') atLeast3(it, v.ref);
}

/** Read at the end (the facts are lazy: reading them now would fix them too soon). */
function atLeast3(it: Interp, ref: TensorRef): void {
  it.defer(() => {
    const cell = ref.get().rankCell;
    if (cell) cell.minRank = Math.max(cell.minRank ?? 0, 3);
  });
}
