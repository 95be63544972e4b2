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
    env.vars.set(name, marked(v));
  }
}

/** A number that changes from pass to pass of the loop it is read in. */
export function changesPerPass(v: PyValue | undefined): boolean {
  return !!v && perPass.has(v);
}

/** `r` computed from `from` (`t = i / 20`, `ts[i]`, `i == 0`): a value of every pass too, when one of
 *  them is. */
export function computedPerPass(r: PyValue, ...from: PyValue[]): PyValue {
  return r.k === 'const' && from.some(changesPerPass) ? marked(r) : r;
}

/** `run` (a branch a condition of every pass picks), with the numbers it binds in `env` marked. */
export function boundPerPass<T>(env: Env, run: () => T): T {
  const before = new Map(env.vars);
  const out = run();
  for (const [k, v] of env.vars) if (v !== before.get(k) && v.k === 'const' && !perPass.has(v)) env.vars.set(k, marked(v));
  return out;
}

/** A copy of `v`, marked. */
function marked(v: PyValue): PyValue {
  const m: PyValue = { ...v };
  perPass.add(m);
  return m;
}

/** Names a statement of `body` itself steps by a number other than 0 (`t += 0.05`, `t = t + step`
 *  with step not written as 0, `t *= 2`, `t = t.__add__(0.05)`), or computes from a name so stepped
 *  or from the for loop's own item (`i += 1; t = i / 20`, `for k in range(10): t = 0.1 * (k + 1)`):
 *  each holds another value on every pass. */
function stepped(body: Node): Set<string> {
  const loop = body.parent?.type === 'for_statement' ? body.parent : undefined;
  const items = (loop?.childForFieldName('left')?.descendantsOfType('identifier') ?? []).map((n) => n.text);
  let known = new Set<string>();
  // (Until no name is added: one computed from a name stepped later in the body steps too.)
  for (let size = -1; known.size !== size; ) {
    size = known.size;
    known = steppedWith(body, new Set([...items, ...known]));
  }
  return known;
}

/** Names `body`'s own statements step, or compute from one of `known`. */
function steppedWith(body: Node, known: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  for (const st of body.namedChildren) {
    // (A `with` block's or a `try`'s body, its `finally`, run on every pass too.)
    if (st?.type === 'with_statement') steppedWith(st.childForFieldName('body') ?? st, known, out);
    if (st?.type === 'try_statement') for (const part of [st.childForFieldName('body'), ...st.namedChildren.filter((c) => c?.type === 'finally_clause').map((c) => c!.namedChildren.at(-1))]) if (part) steppedWith(part, known, out);
    // (Stepped on every branch of an if that has an else.)
    if (st?.type === 'if_statement') for (const name of everyBranch(st, known)) out.add(name);
    const c = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
    const left = c?.childForFieldName('left');
    const right = c?.childForFieldName('right');
    if (!left || !right) continue;
    if (c!.type === 'augmented_assignment') {
      if (left.type === 'identifier' && /^(?:\+=|-=|\*=|\/=)$/.test(c!.childForFieldName('operator')?.text ?? '') && !zero(right)) out.add(left.text);
      continue;
    }
    if (c!.type !== 'assignment') continue;
    for (const [target, value] of pairs(left, right)) {
      // `t = t + 0.05`, `t = round(t + 0.1, 2)`, `t = t + 0.05 if t < 0.95 else 0.0`: the name itself
      // and a step that is not 0; or a value computed from a name that changes every pass.
      const arms = value.type === 'conditional_expression' ? value.namedChildren.filter((_, i) => i !== 1) : [value];
      if (arms.some((a) => a && steps(a, target)) || value.descendantsOfType('identifier').some((n) => known.has(n.text))) out.add(target);
    }
  }
  return out;
}

/** The names an assignment binds, each with what it is computed from (`t, best = t + 0.05, f`: item by
 *  item; `a, b = f(t)`: each from the whole right side). */
function pairs(left: Node, right: Node): Array<[string, Node]> {
  if (left.type === 'identifier') return [[left.text, right]];
  if (left.type !== 'pattern_list' && left.type !== 'tuple_pattern') return [];
  const targets = left.namedChildren;
  const values = right.type === 'expression_list' || right.type === 'tuple' ? right.namedChildren : undefined;
  const paired = values?.length === targets.length && !values.some((v) => v?.type === 'list_splat') && !targets.some((t) => t?.type === 'list_splat_pattern');
  return targets.flatMap((t, i) => (t?.type === 'identifier' ? [[t.text, paired ? values![i]! : right] as [string, Node]] : []));
}

const zero = (n: Node | null | undefined) => !!n && /^0*\.?0*$/.test(n.text.replace(/_/g, ''));

/** `name + 0.05`, `0.05 + name`, `round(name + 0.1, 2)`, `name.__add__(0.05)`, `operator.add(name, 0.05)`. */
function steps(e: Node, name: string): boolean {
  const ab = arithmeticMethod(e);
  if (ab) {
    const other = ab[0].text === name ? ab[1] : ab[1]?.text === name ? ab[0] : undefined;
    return !!other && !zero(other);
  }
  const op = e.type === 'call' ? e.childForFieldName('arguments')?.namedChildren[0] : e;
  if (op && op !== e && arithmeticMethod(op)) return steps(op, name);
  if (op?.type !== 'binary_operator' || !/^[-+*/]$/.test(op.childForFieldName('operator')?.text ?? '')) return false;
  const [a, b] = [op.childForFieldName('left'), op.childForFieldName('right')];
  const other = a?.text === name ? b : b?.text === name ? a : undefined;
  return !!other && !zero(other);
}

/** `x.__add__(y)` (the method `x + y` calls; `__sub__`, `__mul__`, `__truediv__`, their in-place and
 *  reflected forms), or a function that adds (`operator.add(x, y)`, `np.add(x, y)`, ...): the operands. */
function arithmeticMethod(e: Node): [Node, Node | null | undefined] | undefined {
  const fn = e.type === 'call' ? e.childForFieldName('function') : undefined;
  const args = e.childForFieldName('arguments')?.namedChildren ?? [];
  if (fn?.type === 'attribute' && /^(?:operator|np|numpy)\.(?:i?(?:add|sub|mul|truediv)|subtract|multiply|divide)$/.test(fn.text) && args.length === 2) return [args[0]!, args[1]];
  const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  if (!obj || !/^__[ir]?(?:add|sub|mul|truediv)__$/.test(fn!.childForFieldName('attribute')?.text ?? '')) return undefined;
  return [obj, args[0]];
}

/** Names every branch of `if ... else ...` steps. */
function everyBranch(st: Node, known: ReadonlySet<string>): string[] {
  const alts = st.childrenForFieldName('alternative');
  if (!alts.some((a) => a.type === 'else_clause')) return [];
  const blocks = [st.childForFieldName('consequence'), ...alts.map((a) => a.childForFieldName(a.type === 'else_clause' ? 'body' : 'consequence'))];
  const sets = blocks.map((b) => (b ? steppedWith(b, known) : new Set<string>()));
  return [...sets[0]].filter((n) => sets.every((x) => x.has(n)));
}
