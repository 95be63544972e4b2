// Values written in place (`out.sigmoid_()`, `torch.sigmoid(t, out=t)`, `p[:] = expit(p)` in a helper,
// `np.copyto(p, q)`): the names, aliases and list items holding them hold the new values, or values we
// do not know.
import { chainHead, type SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, type PyValue, type FunctionDef } from './values';
import type { Frame, CallSite } from './evaluator';
import { paramOf } from './params';

/** The tensor `name` holds was rewritten in place into `r`: so is every name holding the same
 *  tensor (`f = e; f.sigmoid_()` changes `e` too). */
export function rewritten(f: Frame, name: string, r: PyValue): void {
  const old = f.env.vars.get(name);
  if (old?.k !== 'tensor') return;
  const now = r.k === 'tensor' ? r : UNKNOWN;
  for (const [k, v] of f.env.vars) {
    if (v === old) f.env.vars.set(k, now);
    // An item of a list (`for o in outs: o.sigmoid_()`): the list holds the rewritten tensor too.
    else if (v.k === 'seq') {
      if (v.each === old) v.each = undefined;
      v.items = v.items.map((x) => (x === old ? now : x));
    }
  }
}

/** A user function that writes a parameter's values in place (`a[:] = expit(a)`, `a.sigmoid_()`,
 *  `np.exp(a, out=a)`): the caller's tensors given there hold unknown values after the call. */
export function argumentsRewritten(fn: FunctionDef, bound: boolean, c: CallSite, f: Frame): void {
  let written = writtenParams.get(fn);
  if (!written) {
    const body = fn.node.childForFieldName('body')?.text ?? '';
    // Most bodies write nothing in place: one scan says so before any per-parameter test.
    const writes = /\.\w*[a-z0-9]_\(|\]\s*=[^=]|\bout\s*=|copyto\(/.test(body);
    const names = (fn.node.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p ? paramOf(p).name : undefined));
    const out = /\bout\s*=|copyto\(/.test(body);
    written = names.map((n, i) => writes && !!n && !(i === 0 && fn.owner) && (out || body.includes(`${n}[`) || body.includes(`${n}.`)) && new RegExp(`\\b${n}\\s*\\[[^\\]\\n]*\\]\\s*=(?!=)|\\b${n}\\.\\w+_\\(|\\bout\\s*=\\s*${n}\\b|copyto\\(\\s*${n}\\b`).test(body));
    writtenParams.set(fn, written);
  }
  if (!written.some(Boolean)) return;
  const first = bound ? 1 : 0;
  // A view given (`calibrate_(out.view(-1))`) writes into the tensor it views.
  c.args.posNodes.forEach((n, i) => {
    const name = written![i + first] ? viewedName(n) : undefined;
    if (name) rewritten(f, name, UNKNOWN);
  });
}

const writtenParams = new WeakMap<FunctionDef, boolean[]>();

/** PyTorch's in-place methods and functions: `sigmoid_`, `relu_`, `unsqueeze_` (not dunders). */
export const IN_PLACE = /^[a-z]\w*[a-z0-9]_$/;
/** In-place ops that change what the values are (an activation, a copy over them). */
const ACTIVATING = /^(?:sigmoid|softmax|log_softmax|exp|copy)_$/;

/** A call that writes values in place: `out.sigmoid_()`, `torch.sigmoid_(out)` (the receiver of a
 *  method, the first argument of a framework function) now hold `r`; `torch.sigmoid(t, out=t)`,
 *  `scipy.special.expit(p, out=p)`, `np.copyto(p, q)` write into `out` / `p`. Written through a view
 *  (`out[:, 0].sigmoid_()`), the tensor it views is unknown; an activation written into what may be
 *  an alias of other tensors (`flat = out.squeeze(1); flat.sigmoid_()`): every other tensor name of
 *  the frame, since aliases are not tracked. */
export function writtenInPlace(f: Frame, callee: PyValue, calleeNode: Node | null, argList: Node | null, args: CallSite['args'], r: PyValue): void {
  const method = calleeNode?.type === 'attribute' ? calleeNode.childForFieldName('attribute')?.text ?? '' : '';
  if (IN_PLACE.test(method)) {
    const t = callee.k === 'api' ? argList?.namedChildren[0] : calleeNode!.childForFieldName('object');
    if (t?.type === 'identifier') rewritten(f, t.text, r);
    else if (t) {
      itemRewritten(f, t);
      const root = viewedName(t);
      if (root) rewritten(f, root, UNKNOWN);
    }
    if (ACTIVATING.test(method)) tensorsRewritten(f, t?.type === 'identifier' ? t.text : undefined);
  }
  const copyto = callee.k === 'api' && callee.name === 'numpy.copyto';
  const out = args.kwNodes.get('out') ?? (copyto ? argList?.namedChildren[0] ?? undefined : undefined);
  if (!out) return;
  // The result of an API we model is what `out` holds; of anything else, we do not know.
  const known = out.type === 'identifier' && callee.k === 'api' && !copyto;
  if (known) rewritten(f, out.text, r);
  tensorsRewritten(f, known ? out.text : undefined);
}

/** Every tensor name of the frame but `keep` holds values we do not know. */
function tensorsRewritten(f: Frame, keep: string | undefined): void {
  for (const [k, x] of f.env.vars) if (x.k === 'tensor' && k !== keep) f.env.vars.set(k, UNKNOWN);
}

/** The name a view is taken of: `out` in `out[:, 0]`, `out.squeeze(1)`, `out.view(-1)[:3]`. */
function viewedName(n: Node): string | undefined {
  const head = chainHead(n);
  return head?.type === 'identifier' ? head.text : undefined;
}

/** `torch.sigmoid_(outs[0])`: an item of a list rewritten in place: the list's items are not known. */
export function itemRewritten(f: Frame, n: Node): void {
  const list = n.type === 'subscript' ? n.childForFieldName('value') : undefined;
  const v = list?.type === 'identifier' ? f.env.vars.get(list.text) : undefined;
  if (v?.k !== 'seq') return;
  v.open = true;
  v.head = undefined;
  v.tail = [];
  v.each = undefined;
}
