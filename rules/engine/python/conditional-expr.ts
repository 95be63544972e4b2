// `a if cond else b`: the side a known condition picks; else both, joined. A condition on the
// output's width or activation marks what is judged inside it (Interp.emit).
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue } from './values';
import { join } from './joins';
import type { Interp, Frame } from './evaluator';
import { labelsWhere } from './ops';
import { testsActivation, testsWidth, truthOf } from './branches';
import { decidedTruth } from './none-branches';
import { decisionOf } from './argmax-uses';
import { keptForLater } from './probability-reads';
import { computedPerPass } from './per-pass';

export function conditional(it: Interp, node: Node, f: Frame): PyValue {
  const [a, cond, b] = node.namedChildren;
  // A condition we know (`... if isinstance(model, LogitNet) else ...`): that side alone.
  const test = it.eval(cond, f);
  const known = decidedTruth(cond, test, f) ?? truthOf(test);
  // (On a condition that changes every pass, `0.0 if i == 0 else i / 20`: a value of every pass.)
  if (known !== undefined) return computedPerPass(it.eval(known ? a : b, f), test);
  const guarded = !!cond && testsWidth(cond);
  const actGuarded = !!cond && testsActivation(cond);
  if (guarded) it.widthGuards++;
  if (actGuarded) it.activationGuards++;
  try {
    const [va, vb] = [it.eval(a, f), it.eval(b, f)];
    // `1 if p > 0.5 else 0`: a class label picked by a decision is that decision; two class names
    // picked make it one per sample (ops.ts labelsWhere; numbers only printed may be a mask's:
    // python-round26).
    if (decisionOf(test)) return labelsWhere(test, va, vb) ?? join(va, vb);
    const v = join(va, vb);
    // `m = net if flag else other` of two models that join to nothing known: each goes on unseen;
    // so do predictions (`probs[:5] if show else "skip"` displayed, passed on): read as they are.
    if (v.k === 'unknown') for (const x of [va, vb]) keptForLater(it, x);
    return v;
  } finally {
    if (guarded) it.widthGuards--;
    if (actGuarded) it.activationGuards--;
  }
}
