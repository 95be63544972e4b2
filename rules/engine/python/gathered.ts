// Predictions gathered batch by batch into a list (`outs.append(model(x))` in an evaluation loop)
// and made one array again: torch.cat / np.concatenate / np.vstack put the batches' rows one after
// another (axis 0), so the result is what each batch was; torch.stack / np.stack / np.array add a
// leading axis (the last one is still the units). What the list holds is what every append put in
// it (dispatch.ts); a list of anything else, or another axis we cannot tell, keeps only the values.
import type { TensorFacts, TensorRef } from '../core/facts';
import { outputRank } from '../core/judge';
import { PyValue, alike, derive, eachOf, num, single, tensor } from './values';
import { join } from './joins';
import { UNKNOWN_FACTS } from '../core/facts';
import type { CallSite, Interp } from './evaluator';
import { arg } from './evaluator';
import { madeArray } from './array-kind';
import { reshaped } from './ops';
import { noteStack } from './stack-reductions';

const CONCAT = /^(?:torch\.(?:cat|concat|concatenate|vstack|row_stack)|numpy\.(?:concatenate|vstack|row_stack)|tensorflow\.concat|keras\.ops\.concatenate)$/;
const STACK = /^(?:torch\.(?:stack|tensor|as_tensor)|numpy\.(?:stack|array|asarray)|tensorflow\.(?:stack|convert_to_tensor|constant)|keras\.ops\.(?:stack|convert_to_tensor))$/;

/** `torch.cat(outs)` and the like on a list of predictions; undefined for anything else. */
export function gathered(it: Interp, name: string, c: CallSite): PyValue | undefined {
  return madeArray(name, gatheredValue(it, name, c));
}

function gatheredValue(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const concat = CONCAT.test(name);
  if (!concat && !STACK.test(name)) return undefined;
  const list = c.args.pos[0];
  if (list?.k !== 'seq') return undefined;
  // `np.array([img])`, `torch.stack([t])`: a batch of that one sample, whatever the sample is.
  if (!concat && !list.open && list.items.length === 1 && !(list.tail ?? []).length) {
    const [x] = list.items;
    return single(x.k === 'tensor' ? tensor(derive(() => stacked(x.ref.get(), 0), x.ref)) : tensor({ ...UNKNOWN_FACTS, role: 'data' }));
  }
  // `np.vstack([x])`, `torch.cat([xb])` of one sample: still one (a row stacked is a batch of one).
  if (concat && !list.open && list.items.length === 1 && !(list.tail ?? []).length && list.items[0].k === 'tensor' && list.items[0].single) return single(reshaped(list.items[0]));
  // Rows of one sample each, all a model's direct output (`outs.append(model(x[None]))` in a loop),
  // concatenated on axis 0: a batch of that output. (Stacked, they would gain an axis of 1.)
  const axisOf = () => num(arg(c, 1, name.startsWith('torch.') ? 'dim' : 'axis')?.value ?? { k: 'const', v: 0 });
  const rows = concat ? joinedRows(list) : undefined;
  if (rows && axisOf() === 0) return tensor(derive(() => concatenated(rows.get(), 0), rows));
  let item = eachOf(list);
  // (An empty start, `torch.tensor([])`, adds no rows: join() keeps the other items.)
  if (!list.open) for (const v of list.items) item = join(item, v);
  // `preds = torch.cat([preds, model(x)])` from an empty start: the result keeps nothing of the
  // predictions, so what is done with it later is not seen; they count as read as they are.
  if (!list.open && list.items.length > 1) escapes(it, list.items, item);
  if (item?.k !== 'tensor') return undefined;
  // np.array's second parameter is the dtype (torch.tensor's, tf.constant's, convert_to_tensor's
  // too): it always stacks on a new first axis.
  const fixed = /^(?:numpy\.(?:array|asarray)|torch\.(?:tensor|as_tensor)|tensorflow\.(?:convert_to_tensor|constant)|keras\.ops\.convert_to_tensor)$/.test(name);
  const axisArg = fixed ? undefined : arg(c, 1, name.startsWith('torch.') ? 'dim' : 'axis');
  const axis = axisArg ? num(axisArg.value) : 0;
  const ref = item.ref;
  const out = tensor(derive(() => (concat ? concatenated(ref.get(), axis) : stacked(ref.get(), axis)), ref));
  // (Reduced over the new axis again, the items: stack-reductions.ts.)
  if (!concat) noteStack(out, list.open ? [item] : list.items, axis, name.startsWith('numpy.'));
  return out;
}

/** What rows of one sample each, joined, are a batch of: the model output every item is one row of,
 *  for a list grown over the passes of a loop with nothing else in it (iterated.ts), or two or more
 *  written out (one is still one sample). undefined: any item that is not such a row. */
function joinedRows(list: Extract<PyValue, { k: 'seq' }>): TensorRef | undefined {
  const items = list.open ? (alike(list) && list.iterated ? [list.each!] : []) : list.items.length > 1 && !list.tail?.length && !list.head?.length ? list.items : [];
  if (!items.length || !items.every((v) => v.k === 'tensor' && v.rowOf)) return undefined;
  const joined = items.map((v) => tensor((v as Extract<PyValue, { k: 'tensor' }>).rowOf!)).reduce((a, b) => join(a, b));
  return joined.k === 'tensor' ? joined.ref : undefined;
}

/** The tensors of `items` whose kind the joined `item` lost, as read (lazily: kinds are known at the end). */
function escapes(it: Interp, items: PyValue[], item: PyValue | undefined): void {
  const joined = item?.k === 'tensor' ? item.ref : undefined;
  for (const v of items) {
    if (v.k !== 'tensor') continue;
    const ref = v.ref;
    const lost = joined ? derive(() => (joined.get().act === ref.get().act ? { ...UNKNOWN_FACTS } : ref.get()), ref, joined) : ref;
    it.probabilityReads.push(lost);
    it.leftAsTheyAre.push(lost);
  }
}

function concatenated(f: TensorFacts, axis: number | undefined): TensorFacts {
  const rank = outputRank(f);
  // More rows of [batch, units] outputs: the same kind of output, the same model's.
  if (axis === 0 && rank !== undefined && rank >= 2) return f;
  return { ...f, width: undefined, widthSite: undefined, rank, minRank: undefined, modelOutput: false, channels: undefined, channelsSite: undefined };
}

function stacked(f: TensorFacts, axis: number | undefined): TensorFacts {
  const rank = outputRank(f);
  const keepsLast = axis === 0 && (rank === undefined ? f.width !== undefined : rank >= 1);
  return {
    ...f,
    width: keepsLast ? f.width : undefined,
    widthSite: keepsLast ? f.widthSite : undefined,
    rank: rank === undefined ? undefined : rank + 1,
    minRank: undefined,
    rankCell: undefined,
    modelOutput: false,
    channels: undefined,
    channelsSite: undefined,
  };
}
