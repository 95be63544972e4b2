// Branches on whether a parameter was left at its default None (`forward(x, labels=None)` with
// `if labels is not None: loss = ...`). A call without labels takes one side, and that decides what
// it returns (the logits alone, not `(loss, logits)`). The other side is code that runs too, in the
// calls that give labels (a trainer we may not see): a model's method runs once more as those calls
// run it, the parameter unknown, for what it reports; what it returns or sets is dropped.
import type { SyntaxNode as Node } from './syntax-tree';
import type { CallSite, Frame, Interp } from './evaluator';
import { UNKNOWN, type FunctionDef, type PyValue } from './values';
import { runFunction } from './statements';
import { replaceAll } from './branches';

/** Whether `node` names a parameter of the running function that is None (`labels=None` not
 *  given); a test of it decides a branch for this call, and is noted so. */
export function noneParameter(node: Node | null | undefined, f: Frame): boolean {
  const yes = node?.type === 'identifier' && !!f.params?.has(node.text) && f.env.lookup(node.text)?.k === 'none';
  if (yes) f.noneParams?.add(node!.text);
  return yes;
}

/** `if labels:` on such a parameter: false, for this call. */
export function decidedByParameter(cond: Node | null | undefined, value: PyValue, f: Frame): false | undefined {
  return value.k === 'none' && noneParameter(cond, f) ? false : undefined;
}

/** Runs `fn` as a call giving the parameters `names` runs it (each unknown), for its events: its
 *  result is dropped and the attributes of `self` are restored. */
export function runWithoutDefaults(it: Interp, fn: FunctionDef, self: PyValue | undefined, c: CallSite, caller: Frame, names: ReadonlySet<string>): void {
  const kw = new Map(c.args.kw);
  for (const n of names) kw.set(n, UNKNOWN);
  const attrs = self?.k === 'instance' ? new Map(self.obj.attrs) : undefined;
  runFunction(it, fn, self, { ...c, args: { ...c.args, kw }, otherPath: true }, caller);
  if (self?.k === 'instance' && attrs) replaceAll(self.obj.attrs, attrs);
}
