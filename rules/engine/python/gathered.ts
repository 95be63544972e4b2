// Predictions gathered batch by batch into a list (`outs.append(model(x))` in an evaluation loop)
// and made one array again: torch.cat / np.concatenate / np.vstack put the batches' rows one after
// another (axis 0), so the result is what each batch was; torch.stack / np.stack / np.array add a
// leading axis (the last one is still the units). What the list holds is what every append put in
// it (dispatch.ts); a list of anything else, or another axis we cannot tell, keeps only the values.
import type { TensorFacts } from '../core/facts';
import { outputRank } from '../core/judge';
import { PyValue, derive, eachOf, join, num, tensor } from './values';
import type { CallSite } from './evaluator';
import { arg } from './evaluator';

const CONCAT = /^(?:torch\.(?:cat|concat|concatenate|vstack|row_stack)|numpy\.(?:concatenate|vstack|row_stack)|tensorflow\.concat|keras\.ops\.concatenate)$/;
const STACK = /^(?:torch\.stack|numpy\.(?:stack|array|asarray)|tensorflow\.stack|keras\.ops\.stack)$/;

/** `torch.cat(outs)` and the like on a list of predictions; undefined for anything else. */
export function gathered(name: string, c: CallSite): PyValue | undefined {
  const concat = CONCAT.test(name);
  if (!concat && !STACK.test(name)) return undefined;
  const list = c.args.pos[0];
  if (list?.k !== 'seq') return undefined;
  let item = eachOf(list);
  if (!list.open) for (const v of list.items) item = join(item, v);
  if (item?.k !== 'tensor') return undefined;
  // np.array's second parameter is the dtype: it always stacks on a new first axis.
  const fixed = /^numpy\.(?:array|asarray)$/.test(name);
  const axisArg = fixed ? undefined : arg(c, 1, name.startsWith('torch.') ? 'dim' : 'axis');
  const axis = axisArg ? num(axisArg.value) : 0;
  const ref = item.ref;
  return tensor(derive(() => (concat ? concatenated(ref.get(), axis) : stacked(ref.get(), axis)), ref));
}

function concatenated(f: TensorFacts, axis: number | undefined): TensorFacts {
  const rank = outputRank(f);
  // More rows of [batch, units] outputs: the same kind of output, the same model's.
  if (axis === 0 && rank !== undefined && rank >= 2) return f;
  return { ...f, width: undefined, widthSite: undefined, rank, minRank: undefined, modelOutput: false };
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
    modelOutput: false,
  };
}
