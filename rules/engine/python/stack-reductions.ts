// Predictions stacked on a new axis and reduced over that axis again (an ensemble, test-time
// augmentation): `torch.stack([a, b]).mean(0)`, `.amax(0)`, `.max(0).values`, `np.max(np.stack(outs),
// axis=0)`, `np.mean([m.predict(x) for m in models], axis=0)`. The result has one item's shape,
// whatever its rank, so an item's width is kept; what the values are follows from the reduction.
import type { TensorRef } from '../core/facts';
import { UNKNOWN_FACTS } from '../core/facts';
import { PyValue, derive, mapRef, single, tensor } from './values';
import type { Interp } from './evaluator';
import { merged } from './arithmetic';
import { joinFacts } from './joins';

type Tensor = Extract<PyValue, { k: 'tensor' }>;

/** The items a tensor was stacked from (gathered.ts) and the new axis, as written; `numpy`: an
 *  array, whose `.max(axis)` gives the values alone (a torch tensor's gives values and indices). */
interface Stack { items: Tensor[]; axis: number; numpy: boolean }
const stacks = new WeakMap<TensorRef, Stack>();

export function noteStack(out: PyValue, items: PyValue[], axis: number | undefined, numpy: boolean): void {
  if (out.k !== 'tensor' || axis === undefined || !Number.isInteger(axis) || !items.length || items.some((v) => v.k !== 'tensor')) return;
  stacks.set(out.ref, { items: items as Tensor[], axis, numpy });
}

/** Whether `x` is a NumPy array stacked from predictions. */
export function numpyStack(x: PyValue): boolean {
  return x.k === 'tensor' && !!stacks.get(x.ref)?.numpy;
}

export type Reduction = 'mean' | 'max' | 'min' | 'sum';

/** A reduction's `keepdim` / `keepdims` given and not False: the reduced axis stays (of size 1). */
export function axisKept(v: PyValue | undefined): boolean {
  return !!v && !(v.k === 'const' && !v.v);
}

/** `x` reduced by `op` over `axis` (without keeping it): the items again when `x` is a stack and the
 *  axis is the one stacking added (the same number written: the same position whatever the sign).
 *  A mean is of the items' kind (a mean of softmax rows still sums to 1); the largest or smallest of
 *  logits are logits and of sigmoid values sigmoid values (an increasing map: the same on either
 *  side of it), of softmax rows no longer rows that sum to 1 (remapped: no edit assumes them); a sum
 *  is known only of logits. undefined: no stack, another axis. */
export function overStack(it: Interp, x: PyValue, axis: number | null | undefined, op: Reduction): PyValue | undefined {
  const s = x.k === 'tensor' ? stacks.get(x.ref) : undefined;
  if (!s || axis !== s.axis) return undefined;
  const out = reduced(it, s.items, op);
  // (Of batches of one sample each, `torch.stack(outs)` of `model(x[None])`: one sample still.)
  return out && s.items.every((v) => v.single) ? single(out) : out;
}

function reduced(it: Interp, items: Tensor[], op: Reduction): PyValue | undefined {
  if (op === 'mean') return ensembleMean(it, items);
  // Read as they are: removing an activation changes what the reduction gives.
  for (const v of items) it.probabilityReads.push(v.ref);
  const refs = items.map((v) => v.ref);
  return tensor(derive(() => {
    const f = refs.map((r) => r.get()).reduce((a, b) => joinFacts(a, b));
    const out = { ...f, modelOutput: false };
    if (f.act === 'logits') return out;
    if (op !== 'sum' && f.act === 'sigmoid') return out;
    if (op !== 'sum' && f.act === 'softmax') return { ...out, remapped: true };
    return { ...UNKNOWN_FACTS, pred: f.pred };
  }, ...refs));
}

/** The mean of predictions (a list's, a stack's), of their kind when they are all of one
 *  (arithmetic.ts `merged`); averaged as they are. */
export function ensembleMean(it: Interp, items: PyValue[]): PyValue | undefined {
  if (!items.length || items.some((v) => v.k !== 'tensor')) return undefined;
  for (const v of items) if (v.k === 'tensor') it.probabilityReads.push(v.ref);
  const [first] = items as Tensor[];
  return items.length === 1 ? tensor(mapRef(first.ref, (f) => ({ ...f, modelOutput: false }))) : merged('mean', items);
}
