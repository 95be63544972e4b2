// Numbers a loop's body changes on every pass (`t = 0.0; while t < 1: ...; t += 0.05`): the body is
// read once, with the value they had before the loop, but they hold another on each pass. A cut
// at such a number is a sweep of thresholds, as one over `np.arange(0, 1, .05)` is, not one cut.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Env, PyValue } from './values';

/** Numbers so marked: the same value (indexing and arithmetic read it as before), one of several. */
const perPass = new WeakSet<PyValue>();

/** Marks, in `env` (the body's own), the numbers it holds that `body` steps on every pass (`t +=
 *  0.05`, `t = t - 0.1`, at the body's own level: not under a condition, not rebound to one value
 *  each pass), unless the body's own level breaks out (a loop of one pass). */
export function markPerPass(body: Node, env: Env): void {
  if (body.namedChildren.some((c) => c?.type === 'break_statement')) return;
  for (const name of stepped(body)) {
    const v = env.lookup(name);
    if (v?.k !== 'const' || typeof v.v !== 'number') continue;
    const marked: PyValue = { ...v };
    perPass.add(marked);
    env.vars.set(name, marked);
  }
}

/** A number that changes from pass to pass of the loop it is read in. */
export function changesPerPass(v: PyValue | undefined): boolean {
  return !!v && perPass.has(v);
}

/** Names a statement of `body` itself steps by a number other than 0 (`t += 0.05`, `t = t + step`
 *  with step not written as 0, `t *= 2`). */
function stepped(body: Node, out = new Set<string>()): Set<string> {
  // (`for k in range(10): ... t = 0.1 * (k + 1)`: computed from the loop's own item, also per pass.)
  const loop = body.parent?.type === 'for_statement' ? body.parent : undefined;
  const items = new Set((loop?.childForFieldName('left')?.descendantsOfType('identifier') ?? []).map((n) => n.text));
  for (const st of body.namedChildren) {
    // (A `with` block's or a `try`'s body, its `finally`, run on every pass too.)
    if (st?.type === 'with_statement') stepped(st.childForFieldName('body') ?? st, out);
    if (st?.type === 'try_statement') for (const part of [st.childForFieldName('body'), ...st.namedChildren.filter((c) => c?.type === 'finally_clause').map((c) => c!.namedChildren.at(-1))]) if (part) stepped(part, out);
    // (Stepped on every branch of an if that has an else.)
    if (st?.type === 'if_statement') for (const name of everyBranch(st)) out.add(name);
    const c = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
    const left = c?.childForFieldName('left');
    const right = c?.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    if (c!.type === 'augmented_assignment' && /^(?:\+=|-=|\*=|\/=)$/.test(c!.childForFieldName('operator')?.text ?? '') && !zero(right)) out.add(left.text);
    // `t = t + 0.05`, `t = round(t + 0.1, 2)`, `t = t + 0.05 if t < 0.95 else 0.0`: the name itself and
    // a step that is not 0; or a value of the loop's item.
    const arms = right.type === 'conditional_expression' ? right.namedChildren.filter((_, i) => i !== 1) : [right];
    if (c!.type === 'assignment' && (arms.some((a) => a && steps(a, left.text)) || (items.size > 0 && right.descendantsOfType('identifier').some((n) => items.has(n.text))))) out.add(left.text);
  }
  return out;
}

const zero = (n: Node | null | undefined) => !!n && /^0*\.?0*$/.test(n.text.replace(/_/g, ''));

/** `name + 0.05`, `0.05 + name`, `round(name + 0.1, 2)`. */
function steps(e: Node, name: string): boolean {
  const op = e.type === 'call' ? e.childForFieldName('arguments')?.namedChildren[0] : e;
  if (op?.type !== 'binary_operator' || !/^[-+*/]$/.test(op.childForFieldName('operator')?.text ?? '')) return false;
  const [a, b] = [op.childForFieldName('left'), op.childForFieldName('right')];
  const other = a?.text === name ? b : b?.text === name ? a : undefined;
  return !!other && !zero(other);
}

/** Names every branch of `if ... else ...` steps. */
function everyBranch(st: Node): string[] {
  const alts = st.childrenForFieldName('alternative');
  if (!alts.some((a) => a.type === 'else_clause')) return [];
  const blocks = [st.childForFieldName('consequence'), ...alts.map((a) => a.childForFieldName(a.type === 'else_clause' ? 'body' : 'consequence'))];
  const sets = blocks.map((b) => (b ? stepped(b) : new Set<string>()));
  return [...sets[0]].filter((n) => sets.every((x) => x.has(n)));
}
