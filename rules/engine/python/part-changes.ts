// Changes to a part of a PyTorch model after it was put into that model: a forward hook that returns
// a value, a forward replaced on the part (`model[-1].forward = fn`), layers added to or taken from a
// nested Sequential. A model's output is computed from its parts as they were when it was built (a
// Sequential copies a nested one's layers; an instance ran its forward once), so such a change is
// read here, when the output is: the changed part's output is unknown from that point on (the layers
// after it still apply).
import type { LayerInfo, ModelInfo } from '../core/facts';
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyObject, PyValue } from './values';
import type { CallSite, Interp } from './evaluator';
import { UNKNOWN, tensor } from './values';
import { UNKNOWN_FACTS } from '../core/facts';
import { IN_PLACE } from './in-place';
import { paramOf } from './params';

/** Layer objects whose output is no longer what the layer computes. */
const replaced = new WeakSet<LayerInfo>();

export function outputReplaced(layer: LayerInfo): void {
  replaced.add(layer);
}

type Entry = ModelInfo['layers'][number];

/** The entries a Sequential holds for each nested Sequential or user module it was built from, with
 *  what that part was then. */
interface Part {
  part: PyValue;
  entries: Entry[];
  count: number;
  open: boolean;
}
const parts = new WeakMap<ModelInfo, Part[]>();

/** `item` was put into `seq` as the entries `entries`. */
export function notePart(seq: ModelInfo, item: PyValue, entries: Entry[]): void {
  if (item.k !== 'model' && item.k !== 'instance') return;
  const list = parts.get(seq) ?? parts.set(seq, []).get(seq)!;
  list.push({ part: item, entries, count: item.k === 'model' ? item.model.layers.length : 0, open: item.k === 'model' && item.model.open });
}

/** `seq`'s layers with every part changed since it was put in made unknown (read before folding). */
export function withChangedParts(seq: ModelInfo): void {
  const unknown = new Set<Entry>();
  for (const e of seq.layers) if (e.layer && replaced.has(e.layer)) unknown.add(e);
  for (const p of parts.get(seq) ?? []) if (changed(p)) for (const e of p.entries) unknown.add(e);
  if (unknown.size) seq.layers = seq.layers.map((e) => (unknown.has(e) ? { ...e, layer: undefined } : e));
}

function changed(p: Part, depth = 0): boolean {
  if (depth > 8) return false;
  if (p.part.k === 'instance') return instanceChanged(p.part.obj, depth);
  if (p.part.k !== 'model') return false;
  const m = p.part.model;
  return (m.open && !p.open) || m.layers.length !== p.count || m.layers.some((e) => e.layer && replaced.has(e.layer)) || (parts.get(m) ?? []).some((q) => changed(q, depth + 1));
}

/** A user module whose parts (its layers, the modules it holds) changed after its forward ran. */
export function instanceChanged(obj: PyObject, depth = 0): boolean {
  if (depth > 8) return false;
  for (const v of obj.attrs.values()) {
    if (v.k === 'layer' && replaced.has(v.layer)) return true;
    if (v.k === 'instance' && v.obj !== obj && (v.obj.patched || instanceChanged(v.obj, depth + 1))) return true;
    if (v.k === 'modulelist' && (v.items ?? []).some((x) => x.k === 'layer' && replaced.has(x.layer))) return true;
  }
  return false;
}

/** Whether the hook a `register_forward_hook(hook)` / `register_forward_pre_hook(hook)` call gives
 *  may return a value (which then replaces the output, or the input) or change what it is given in
 *  place: false only for a function we read that returns nothing (a def with no `return value`, a
 *  lambda whose body gives None) and writes nothing it is given. */
export function hookMayReturn(it: Interp, recv: PyValue, c: CallSite): boolean {
  const hook = c.args.pos[0] ?? c.args.kw.get('hook');
  if (hook?.k !== 'function' || c.args.splat) return true;
  const node = hook.fn.node;
  if (mayWriteParams(node)) return true;
  if (node.type === 'lambda') {
    const pre = /_pre_hook$/.test(c.node.childForFieldName('function')?.text ?? '');
    const kwargs = c.args.kw.get('with_kwargs');
    const args = pre ? [recv, UNKNOWN] : [recv, UNKNOWN, tensor({ ...UNKNOWN_FACTS })];
    if (kwargs && !(kwargs.k === 'const' && kwargs.v === false)) args.splice(2, 0, UNKNOWN);
    // (Python's own print gives None.)
    const body = node.childForFieldName('body');
    const printed = body?.type === 'call' && body.childForFieldName('function')?.text === 'print' && !c.frame.env.lookup('print');
    return it.callWith(hook, args, c.node, c.frame).k !== 'none' && !printed;
  }
  return returnsValue(node.childForFieldName('body'));
}

/** A `return value` (not `return None`) in a function body, outside the functions it defines. */
function returnsValue(n: Node | null): boolean {
  if (!n) return true;
  if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return false;
  if (n.type === 'yield') return true;
  if (n.type === 'return_statement') {
    const v = n.namedChildren[0];
    return !!v && v.type !== 'none';
  }
  return n.namedChildren.some((k) => !!k && returnsValue(k));
}

/** Programs where a global forward hook that may return or write a value was registered
 *  (`torch.nn.modules.module.register_module_forward_hook(hook)`): from then on it runs after every
 *  module's forward (`module(x)`, not `module.forward(x)`), so no module's output is known. */
const hookedEverywhere = new WeakSet<Interp>();

export function globalHook(it: Interp, name: string, c: CallSite): void {
  if (/^torch\.nn\.(?:modules\.)?(?:module\.)?register_module_forward(?:_pre)?_hook$/.test(name) && hookMayReturn(it, UNKNOWN, c)) hookedEverywhere.add(it);
}

/** What calling `callee` gives once such a hook is registered: unknown for a module. */
export function hookedCall(it: Interp, callee: PyValue, r: PyValue): PyValue {
  const module = callee.k === 'model' || callee.k === 'layer' || (callee.k === 'instance' && callee.obj.cls.framework === 'torch');
  return module && hookedEverywhere.has(it) ? tensor({ ...UNKNOWN_FACTS, pred: true }) : r;
}

/** Calls that do not write the tensors they are given: framework functions (bar their in-place
 *  and `out=` forms, tested before), builtins that read them, a list taking them. */
const NOT_WRITING = /^(?:(?:torch|F|nn|np|numpy|math|functional)\.[\w.]+|print|len|isinstance|type|id|str|repr|format|float|int|bool|list|tuple|max|min|sum|abs|round|any|all|[\w.]+\.(?:append|extend|insert))$/;

/** Attributes and methods that give the same tensor or a view of its values (`o.data`, `o[0]`,
 *  `o.view(-1)`, `o.detach()`, `o.cpu().numpy()`), not a new one (`o.mean()`) or no tensor (`o.shape`). */
const VIEW_ATTRS = /^(?:data|T|mT|H|mH|real|imag)$/;
const VIEW_METHODS = /^(?:view|view_as|reshape|reshape_as|squeeze|unsqueeze|flatten|ravel|transpose|permute|t|narrow|select|expand|expand_as|unfold|split|chunk|unbind|movedim|diagonal|detach|contiguous|to|cpu|cuda|float|double|half|numpy|type_as|as_strided)$/;

/** The name whose values `n` is or views (`o` of `o[:, 0].detach()`), else undefined. */
function viewRoot(n: Node): string | undefined {
  for (let x: Node | null = n, depth = 0; x && depth < 16; depth++) {
    if (x.type === 'identifier') return x.text;
    if (x.type === 'parenthesized_expression') x = x.namedChildren[0] ?? null;
    else if (x.type === 'subscript') x = x.childForFieldName('value');
    else if (x.type === 'attribute' && VIEW_ATTRS.test(x.childForFieldName('attribute')?.text ?? '')) x = x.childForFieldName('object');
    else if (x.type === 'call' && x.childForFieldName('function')?.type === 'attribute' && VIEW_METHODS.test(x.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '')) x = x.childForFieldName('function')!.childForFieldName('object');
    else return undefined;
  }
  return undefined;
}

/** In-place methods that leave the values as they are. */
const KEEPS_VALUES = /^(?:requires_grad|detach|share_memory|retain_grad)_$/;

/** Whether a hook (a def or a lambda) may write the tensors given to it after the module: an in-place
 *  method or function on them or a view of them (`o.sigmoid_()`, `o[:, 0].mul_(2)`,
 *  `torch.sigmoid_(o)`, `torch.sigmoid(o, out=o)`, `F.relu(o, inplace=True)`), an item or attribute
 *  assigned (`o[:] = ...`, `o.data = ...`), an augmented assignment (`o *= 2`), or a call we do not
 *  know given them (`squash(o)`, which may do any of these). Names bound to them or to a view of them
 *  (`y = o[0]`, `for t in o`) count as they do. */
function mayWriteParams(fnNode: Node): boolean {
  const body = fnNode.childForFieldName('body');
  const params = (fnNode.childForFieldName('parameters')?.namedChildren ?? []).map((p) => paramOf(p).name);
  const names = new Set(params.slice(1).filter((n): n is string => !!n));
  if (!body || !names.size) return false;
  const held = (n: Node | null | undefined): boolean => {
    const root = n ? viewRoot(n) : undefined;
    return !!root && names.has(root);
  };
  for (const b of body.descendantsOfType(['assignment', 'for_statement', 'for_in_clause'])) {
    const right = b.childForFieldName('right');
    if (!held(right)) continue;
    const left = b.childForFieldName('left');
    // (Names only: `feats["o"] = o.detach()` binds no name.)
    for (const id of left?.type === 'identifier' ? [left] : left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? left.namedChildren : []) if (id.type === 'identifier') names.add(id.text);
  }
  const within = [body, ...body.descendantsOfType(['call', 'assignment', 'augmented_assignment'])];
  return within.some((n) => {
    if (n.type === 'augmented_assignment') return held(n.childForFieldName('left'));
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      return left?.type !== 'identifier' && (left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? left.namedChildren.some((x) => x.type !== 'identifier' && held(x)) : held(left));
    }
    if (n.type !== 'call') return false;
    const fn = n.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : fn?.text ?? '';
    if (fn?.type === 'attribute' && IN_PLACE.test(method) && !KEEPS_VALUES.test(method) && held(fn.childForFieldName('object'))) return true;
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const given = args.filter((a) => held(a.type === 'keyword_argument' ? a.childForFieldName('value') : a));
    if (!given.length) return false;
    if (args.some((a) => a.type === 'keyword_argument' && ((a.childForFieldName('name')?.text === 'out' && held(a.childForFieldName('value'))) || (a.childForFieldName('name')?.text === 'inplace' && a.childForFieldName('value')?.text !== 'False')))) return true;
    // A method of the tensor itself (`o.add(x)`, `x.expand_as(o)`) gives a new one.
    if (fn?.type === 'attribute' && held(fn.childForFieldName('object'))) return false;
    return IN_PLACE.test(method) || !NOT_WRITING.test(fn?.text.replace(/\s/g, '') ?? '');
  });
}
