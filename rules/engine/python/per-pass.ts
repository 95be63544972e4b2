// Numbers a loop's body changes on every pass (`t = 0.0; while t < 1: ...; t += 0.05`): the body is
// read once, with the value they had before the loop, but they hold another on each pass. A cut
// at such a number is a sweep of thresholds, as one over `np.arange(0, 1, .05)` is, not one cut.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Env, PyValue } from './values';

/** Numbers so marked: the same value (indexing and arithmetic read it as before), one of several. */
const perPass = new WeakSet<PyValue>();

/** Marks, in `env` (the body's own), the numbers it holds that `body` rebinds (not in a function
 *  or class it defines: those run when called). */
export function markPerPass(body: Node, env: Env): void {
  for (const name of rebound(body)) {
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

function rebound(n: Node, out = new Set<string>()): Set<string> {
  for (const c of n.namedChildren) {
    if (!c || c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'lambda') continue;
    if (c.type === 'assignment' || c.type === 'augmented_assignment') {
      const left = c.childForFieldName('left');
      if (left?.type === 'identifier') out.add(left.text);
    }
    rebound(c, out);
  }
  return out;
}
