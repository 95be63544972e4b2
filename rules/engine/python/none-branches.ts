// Branches on whether a parameter kept its default None (`forward(x, labels=None)` with
// `if labels is not None: loss = ...`). A call without labels takes one side, and that decides what
// it returns (the logits alone, not `(loss, logits)`). The other side is code that runs too, in the
// calls that give labels (a trainer we may not see): it is run for its events (a loss applied to
// the wrong values), on copies of the names, and what it binds or returns is dropped.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Frame, Interp } from './evaluator';
import type { PyValue } from './values';
import { branch, execStatement } from './statements';
import { branchesFrame, builtSelf, replaceAll } from './branches';

/** Whether `node` names a parameter of the running function that is None (`labels=None` not given). */
export function noneParameter(node: Node | null | undefined, f: Frame): boolean {
  return node?.type === 'identifier' && !!f.params?.has(node.text) && f.env.lookup(node.text)?.k === 'none';
}

/** `if labels:` on such a parameter: false, for this call. */
export function decidedByParameter(cond: Node | null | undefined, value: PyValue, f: Frame): false | undefined {
  return value.k === 'none' && noneParameter(cond, f) ? false : undefined;
}

/** The if statements the current run decided by a default None. */
export const decidedByNone = new WeakSet<Node>();

/** Runs the clauses a known condition skips, for their events only. */
export function shadowRun(it: Interp, s: Node, f: Frame, known: boolean): void {
  const skipped = known
    ? s.childrenForFieldName('alternative').map((a) => (a?.type === 'else_clause' ? a.childForFieldName('body') : a?.childForFieldName('consequence') ?? null))
    : [s.childForFieldName('consequence')];
  shadowed(f, (g) => {
    for (const b of skipped) if (b) branch(it, b, g);
  });
}

/** `if labels is None: return logits` taken: the statements after it in `block` are the other
 *  calls' path; run for their events only. */
export function shadowRest(it: Interp, block: Node, s: Node, f: Frame): void {
  const rest = block.namedChildren.slice(block.namedChildren.indexOf(s) + 1);
  shadowed(f, (g) => {
    const h: Frame = { ...g, env: g.env.copy(), cond: true, scope: {} };
    for (const t of rest) if (t && t.type !== 'comment' && !it.exhausted() && execStatement(it, t, h) === 'return') return;
  });
}

/** Runs `body` on a frame whose returns are thrown away, the instance's attributes restored after. */
function shadowed(f: Frame, body: (g: Frame) => void): void {
  const g = branchesFrame({ ...f, returns: [] });
  body(g);
  const obj = builtSelf(f);
  if (obj && g.attrsBefore) replaceAll(obj.attrs, g.attrsBefore);
}
