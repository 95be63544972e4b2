// Whether a list holds one item per pass of a loop that ran several times: appended to in the body
// of a loop it was made outside of (bound before the loop, never rebound in it), a loop that runs
// more than once as written (no `range(1)`) and does not stop early (no `break`, no `return` in
// it). A list made in the body (`preds = []` each pass), a loop of one pass, or a list cut back
// afterwards (`pop`, `del preds[1:]`, `clear`) may hold one item: rows joined from it may be one
// sample's (gathered.ts).
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyValue } from './values';

type Seq = Extract<PyValue, { k: 'seq' }>;

const LOOPS = new Set(['for_statement', 'while_statement']);
const BOUNDARIES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
/** List methods that may leave fewer items than were appended (or items of another count). */
const CUTS = new Set(['pop', 'remove', 'clear', '__delitem__', '__setitem__', '__iadd__', '__imul__']);

/** `name` called on `list` at `call` (`preds.append(row)`): marks or clears its passes (`iterated`). */
export function noteListMethod(list: Seq, name: string, call: Node): void {
  if (CUTS.has(name)) list.iterated = undefined;
  else if ((name === 'append' || name === 'extend' || name === 'insert') && acrossPasses(call)) list.iterated = true;
}

/** `del preds[1:]`: items taken out, as `preds.__delitem__(...)`. */
export function itemsDeleted(list: Seq): void {
  list.iterated = undefined;
}

/** The call's receiver (`preds` of `preds.append(x)`) is added to in a loop that runs several passes
 *  with the same list (a name or attribute the loop does not rebind). */
function acrossPasses(call: Node): boolean {
  const fn = call.childForFieldName('function');
  const recv = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  if (!recv || (recv.type !== 'identifier' && recv.type !== 'attribute')) return false;
  for (let child: Node = call, p = call.parent; p && !BOUNDARIES.has(p.type); child = p, p = p.parent) {
    if (!LOOPS.has(p.type) || child !== p.childForFieldName('body')) continue;
    // Rebound in the loop: a list of each pass (and of each pass of any loop around it).
    if (rebinds(p, recv.text)) return false;
    if (!runsOnce(p.type === 'for_statement' ? p.childForFieldName('right') : null) && !stopsEarly(p)) return true;
  }
  return false;
}

/** `range(1)`, `range(0, 1)`: a loop (or a comprehension's clause) over at most one number. */
export function runsOnce(iterable: Node | null): boolean {
  if (iterable?.type !== 'call' || iterable.childForFieldName('function')?.text !== 'range') return false;
  const args = iterable.childForFieldName('arguments')?.namedChildren ?? [];
  const ns = args.map((a) => (/^-?\d+$/.test(a?.text ?? '') ? Number(a!.text) : NaN));
  if (!ns.length || ns.length > 3 || ns.some(Number.isNaN)) return false;
  const [start, stop, step] = ns.length === 1 ? [0, ns[0], 1] : [ns[0], ns[1], ns[2] ?? 1];
  return step !== 0 && Math.ceil((stop - start) / step) <= 1;
}

/** A `break` of this loop, or a `return` in it: it may end after its first pass. */
function stopsEarly(loop: Node): boolean {
  for (const s of loop.childForFieldName('body')?.descendantsOfType(['break_statement', 'return_statement']) ?? []) {
    let p = s?.parent;
    while (p && p !== loop && !BOUNDARIES.has(p.type) && !(s!.type === 'break_statement' && LOOPS.has(p.type))) p = p.parent;
    if (p === loop) return true;
  }
  return false;
}

/** `name` (`preds`, `self.preds`) bound anew somewhere in the loop (a `for` target, `with ... as`, `:=`). */
function rebinds(loop: Node, name: string): boolean {
  const targets = [
    ...loop.descendantsOfType('assignment').map((a) => a?.childForFieldName('left')),
    ...loop.descendantsOfType(['for_statement', 'for_in_clause']).map((a) => a?.childForFieldName('left')),
    ...loop.descendantsOfType('named_expression').map((a) => a?.childForFieldName('name')),
    ...loop.descendantsOfType('as_pattern').map((a) => a?.childForFieldName('alias')),
  ];
  return targets.some((t) => !!t && (t.text === name || t.descendantsOfType(['identifier', 'attribute']).some((n) => n?.text === name)));
}
