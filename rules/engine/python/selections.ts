// PyTorch's selection ops (torch functions and tensor methods alike): gather, index_select,
// take_along_dim, narrow, chunk, split, unbind, masked_select; NumPy's take_along_axis; and `where`
// picking each value from one of two predictions. Each returns some of its inputs' values
// unchanged, so logits stay logits and probabilities stay probabilities (as indexing keeps them,
// subscript.ts); only the shape changes, and the width of what is kept is not read.
import { UNKNOWN_FACTS } from '../core/facts';
import { PyValue, derive, mapRef, num, single, tensor } from './values';
import type { CallSite } from './evaluator';
import { arg } from './evaluator';
import { axisOf, iteratedRow, labelsWhere, NO_CHANNELS } from './ops';
import { carryDecision } from './argmax-uses';
import { chunksOfOne } from './one-sample';
import { joinFacts } from './joins';

type Tensor = Extract<PyValue, { k: 'tensor' }>;

/** What the op leaves of the input's rank: the same, one less (an axis taken away), or 1 (flattened). */
type RankChange = 'kept' | 'less' | 'flat';

/** `op` applied to `x` (`first`: the index of the argument after the tensor; 1 for `torch.op(x, ...)`,
 *  0 for `x.op(...)`). undefined: not a selection we read (its value then stays unknown). */
export function selection(op: string, x: PyValue, c: CallSite, first: number): PyValue | undefined {
  if (x.k !== 'tensor') return undefined;
  const dim = (i: number) => axisOf(arg(c, i, 'dim')?.value);
  switch (op) {
    case 'gather':
      // The output has the index's shape (of the input's rank): some values along `dim`.
      return picked(x, 'kept');
    case 'take_along_dim':
      // Without dim both are flattened first.
      return picked(x, arg(c, first + 1, 'dim') ? 'kept' : 'flat');
    case 'index_select':
    case 'narrow':
      // Along axis 0: some rows, each as it was (as `out[a:b]`).
      return dim(first) === 0 ? { k: 'tensor', ref: x.ref } : picked(x, 'kept');
    case 'masked_select':
      return picked(x, 'flat');
    case 'unbind': {
      // Along axis 0 (the default): the rows, as a loop over the tensor gives them.
      const d = dim(first);
      return { k: 'modulelist', items: undefined, each: d === undefined || d === 0 ? iteratedRow(x) : picked(x, 'less') };
    }
    case 'split':
    case 'chunk': {
      const along = arg(c, first + 1, 'dim')?.value;
      if (along === undefined || num(along) === 0) return rowPieces(op, x, c, first);
      return { k: 'modulelist', items: undefined, each: picked(x, 'kept') };
    }
    default:
      return undefined;
  }
}

/** `seqs.split(8)`, `x.chunk(4)`: pieces of a batch along dim 0, each of its shape but the first
 *  axis (`x.split(1)`, or `x.chunk(100)` of 100 rows or fewer: pieces of one row each, batches of one). */
function rowPieces(op: string, x: Tensor, c: CallSite, first: number): PyValue | undefined {
  if (x.single) return undefined;
  const size = op === 'split' ? num(arg(c, first, 'split_size_or_sections')?.value ?? arg(c, first, 'split_size')?.value ?? { k: 'unknown' }) : undefined;
  const ofOne = size === 1 || (op === 'chunk' && chunksOfOne(x, arg(c, first, 'chunks')?.value));
  return { k: 'modulelist', items: undefined, each: ofOne ? single({ k: 'tensor', ref: x.ref }) : { k: 'tensor', ref: x.ref } };
}

/** Some of the values of `x`, as they were; no longer a model's output as such (its width unread). */
function picked(x: Tensor, change: RankChange): PyValue {
  const rankOf = (r: number | undefined) => (r === undefined ? undefined : change === 'kept' ? r : r - 1);
  const t: PyValue = { k: 'tensor', ref: mapRef(x.ref, (f) => ({ ...f, width: undefined, widthSite: undefined, rank: change === 'flat' ? 1 : rankOf(f.rank), minRank: change === 'flat' ? undefined : rankOf(f.minRank), rankCell: undefined, modelOutput: false, ...NO_CHANNELS })) };
  carryDecision(x, t);
  return x.single && change !== 'flat' ? single(t) : t;
}

/** `np.take_along_axis(p, idx, axis=1)`: as torch's take_along_dim (axis None: both flattened). */
export function takeAlongAxis(x: PyValue, axis: PyValue | undefined): PyValue | undefined {
  if (x.k !== 'tensor' || !axis) return undefined;
  return picked(x, axis.k === 'none' ? 'flat' : 'kept');
}

/** `torch.where(cond, a, b)`, `np.where(cond, a, b)`, `a.where(cond, b)`: labels picked by a
 *  decision (ops.ts labelsWhere), or each value from one of two predictions, so of their kind when
 *  both are of one (joinFacts), unknown otherwise; the shape is what broadcasting makes of all
 *  three (no width, no rank). undefined: neither. */
export function picks(cond: PyValue, a: PyValue | undefined, b: PyValue | undefined): PyValue | undefined {
  const labels = labelsWhere(cond, a, b);
  if (labels) return labels;
  if (a?.k !== 'tensor' || b?.k !== 'tensor') return undefined;
  const [ra, rb] = [a.ref, b.ref];
  return tensor(derive(() => {
    const f = joinFacts(ra.get(), rb.get());
    return f.act === 'unknown' ? { ...UNKNOWN_FACTS, pred: f.pred } : { ...f, width: undefined, widthSite: undefined, rank: undefined, minRank: undefined, rankCell: undefined, modelOutput: false, ...NO_CHANNELS };
  }, ra, rb));
}
