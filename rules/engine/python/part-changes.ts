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
 *  may return a value (which then replaces the output, or the input): false only for a function we
 *  read that returns nothing (a def with no `return value`, a lambda whose body gives None). */
export function hookMayReturn(it: Interp, recv: PyValue, c: CallSite): boolean {
  const hook = c.args.pos[0] ?? c.args.kw.get('hook');
  if (hook?.k !== 'function' || c.args.splat) return true;
  const node = hook.fn.node;
  if (node.type === 'lambda') {
    const name = c.node.childForFieldName('function')?.childForFieldName('attribute')?.text;
    const kwargs = c.args.kw.get('with_kwargs');
    const args = name === 'register_forward_pre_hook' ? [recv, UNKNOWN] : [recv, UNKNOWN, tensor({ ...UNKNOWN_FACTS })];
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
