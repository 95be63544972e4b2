// Tensors known to hold class indices as PyTorch's int64 or int32 (`torch.tensor([0, 1])`,
// `torch.randint(...)`, `y.long()`): the dtypes a Hugging Face classifier without a problem_type
// reads as single-label classes (CrossEntropyLoss). Any other tensor's dtype stays unknown.
import { carriedByCopies, copyOf, type PyValue } from './values';
import type { CallSite } from './evaluator';
import type { SyntaxNode as Node } from './syntax-tree';
import { isDevice } from './library-objects';

const indices = carriedByCopies(new WeakSet<PyValue>());
const INDEX_DTYPES = /^torch\.(?:long|int64|int|int32)$/;
const INDEX_TENSORS = /^torch\.(?:cuda\.)?(?:Long|Int)Tensor$/;
/** Methods that change the dtype (the others of torch.ts SAME_METHODS keep it). */
const CASTS = new Set(['float', 'double', 'half', 'bfloat16', 'long', 'int', 'bool', 'byte', 'short', 'char', 'to', 'type', 'type_as', 'astype', 'numpy', 'tolist']);

export function holdsClassIndices(v: PyValue | undefined): boolean {
  return !!v && indices.has(v);
}

function marked(v: PyValue): PyValue {
  const copy = copyOf(v);
  indices.add(copy);
  return copy;
}

/** `torch.<fn>(...)` made `v`: marked when its dtype is int64 or int32 (given, or the default of
 *  randint, LongTensor, and a literal of Python ints). */
export function createdAs(fn: string, name: string, c: CallSite, v: PyValue | undefined): PyValue | undefined {
  if (c.args.splat) return v;
  // `torch.tensor([0, 1, 0, 1])`, held as unknown values: a fresh one, marked.
  const literal = (fn === 'tensor' || fn === 'as_tensor') && onlyIntegers(c.args.posNodes[0]);
  if (literal && !c.args.kw.has('dtype')) return marked(v ?? { k: 'unknown' });
  if (v?.k !== 'tensor') return v;
  const dtype = c.args.kw.get('dtype');
  if (dtype) return dtype.k === 'api' && INDEX_DTYPES.test(dtype.name) ? marked(v) : v;
  return INDEX_TENSORS.test(name) || fn === 'randint' ? marked(v) : v;
}

/** A list or tuple literal of int literals only (nested or not). */
function onlyIntegers(n: Node | undefined): boolean {
  if (n?.type !== 'list' && n?.type !== 'tuple') return false;
  const items = n.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment');
  const integer = (x: Node): boolean => x.type === 'integer' || (x.type === 'unary_operator' && x.namedChildren.length === 1 && x.namedChildren[0]?.type === 'integer');
  return items.length > 0 && items.every((x) => integer(x) || onlyIntegers(x));
}

/** `x.<op>(...)` of `same` (x's values): a cast to int64 / int32 is marked, another cast is not
 *  (a copy, so that x keeps its own mark); `.to(device)` and the rest keep x's dtype. */
export function castAs(op: string, x: PyValue, same: PyValue, c: CallSite, first: number): PyValue {
  if (same.k !== 'tensor' || !CASTS.has(op)) return same;
  if (op === 'long' || op === 'int') return marked(same);
  const given = op === 'to' || op === 'type' ? [...c.args.pos.slice(first), c.args.kw.get('dtype')] : [];
  if (given.some((d) => d?.k === 'api' && (INDEX_DTYPES.test(d.name) || INDEX_TENSORS.test(d.name)))) return marked(same);
  // `.to(device)`: a device alone (a string, torch.device, x.device) keeps the dtype. Another cast of
  // marked values: a copy without the mark (the values themselves are the same to the rest: still
  // the decision they were, `(p > 0).int()` given to `f1_score` is the cut).
  const device = op === 'to' && !c.args.splat && c.args.pos.length - first === 1 && !c.args.kw.has('dtype') && (c.args.pos[first].k === 'const' || isDevice(c.args.pos[first]));
  if (device || !indices.has(same)) return same;
  const copy = copyOf(same);
  indices.delete(copy);
  return copy;
}
