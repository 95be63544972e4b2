// Branches on whether a parameter was left at its default None (`forward(x, labels=None)` with
// `if labels is not None: loss = ...`). A call without labels takes one side, and that decides what
// it returns (the logits alone, not `(loss, logits)`). The other side is code that runs too, in the
// calls that give labels (a trainer we may not see): a model's method runs once more as those calls
// run it, the parameter unknown, for what it reports; what it returns or sets is dropped.
import type { SyntaxNode as Node } from './syntax-tree';
import type { CallSite, Frame, Interp } from './evaluator';
import { UNKNOWN, type FunctionDef, type PyValue } from './values';
import { isNoneValue, surelyTensor } from './joins';
import { runFunction } from './statements';
import { paramOf, parametersGiven } from './params';
import { replaceAll } from './branches';
import { lossClassOf } from './losses';
import { setsAttrsByName } from './instance-attrs';
import { targetNames } from './forget-names';

/** Whether `node` names a parameter of the running function that is None (`labels=None` not
 *  given); a test of it decides a branch for this call, and is noted so. */
export function noneParameter(node: Node | null | undefined, f: Frame): boolean {
  const yes = node?.type === 'identifier' && !!f.params?.has(node.text) && f.env.lookup(node.text)?.k === 'none';
  if (yes) f.noneParams?.add(node!.text);
  return yes;
}

/** A parameter this run holds a constant for (`binarize(out, thr=0.0)`, or a default `thr=0.5`):
 *  `thr is None` is false here, as noneParameter decides it true for a None. */
export function constParameter(node: Node, value: PyValue, f: Frame): boolean {
  return node.type === 'identifier' && value.k === 'const' && !!f.params?.has(node.text) && f.env.lookup(node.text) === value;
}

/** A name of the running function that every path so far left at None (`loss = None` before an
 *  `if labels is not None:` that did not run): a test of it is decided. Not in a loop (a later pass
 *  may have set it), nor a name of an enclosing scope (another call may set it). */
export function noneLocal(node: Node, f: Frame): boolean {
  return node.type === 'identifier' && f.env.vars.get(node.text)?.k === 'none' && ownLocal(node, f);
}

/** A name the running function assigned a tensor on every path (`loss = self.loss_fn(...)` in a
 *  branch taken): `loss is not None` is true; with the same limits. */
export function tensorLocal(node: Node, value: PyValue, f: Frame): boolean {
  return node.type === 'identifier' && surelyTensor(value) && f.env.vars.get(node.text) === value && ownLocal(node, f);
}

function ownLocal(node: Node, f: Frame): boolean {
  if (!f.fn || f.params?.has(node.text) || swallows(f.fn.node)) return false;
  for (let p = node.parent; p && p !== f.fn.node; p = p.parent) if (p.type === 'for_statement' || p.type === 'while_statement') return false;
  return true;
}

/** `labels` in `labels is None`, in a run for a call that gives that parameter (its default None):
 *  not None. What the value is (a batch's labels) is seldom known, but a call writing it means it. */
export function givenParameter(node: Node, value: PyValue, f: Frame): boolean {
  return node.type === 'identifier' && value.k !== 'none' && !!f.givenParams?.has(node.text);
}

/** Layers with no `__len__` (containers such as `nn.ParameterList()` are false when empty). */
const TRUTHY_LAYERS = new Set(['dense', 'conv', 'activation', 'softmax', 'passthrough', 'flatten']);

/** What `if cond:` is, where known: a None-default parameter not given (false, for this call); an
 *  attribute, a given parameter or a loss built here (noneTest) holding None (false) or a layer or
 *  loss (true: neither defines __len__ or __bool__). */
export function decidedTruth(cond: Node | null | undefined, value: PyValue, f: Frame): boolean | undefined {
  if (value.k === 'none' && noneParameter(cond, f)) return false;
  if (!cond || noneTest(cond, value, f) === undefined) return undefined;
  return isNoneValue(value) ? false : (value.k === 'layer' && TRUTHY_LAYERS.has(value.layer.type)) || value.k === 'loss' ? true : undefined;
}

/** `self.act is None` where the attribute, read from its instance (instance-attrs.ts makes one a
 *  method that has not run may rewrite unknown) or module, holds None or an object no path left at
 *  None; `act is None` on a parameter this run was given such an object for (`make_head(act=
 *  nn.Sigmoid())`); `crit is None` on a loss built here. undefined: not known. */
export function noneTest(node: Node, value: PyValue, f: Frame): boolean | undefined {
  const param = node.type === 'identifier' && !!f.params?.has(node.text) && !!f.fn && !rebound(f.fn.node, node.text);
  return (node.type === 'attribute' && !setByName(node, f)) || param || (value.k === 'loss' && lossClassOf(value)) ? isNoneValue(value) : undefined;
}

/** A name the function assigns anywhere (`act = None` in a loop): its value at a test is not the
 *  call's. */
function rebound(fn: Node, name: string): boolean {
  let names = assigned.get(fn);
  const body = fn.childForFieldName('body');
  if (!names) assigned.set(fn, (names = new Set(body ? targetNames(body) : [])));
  return names.has(name);
}
const assigned = new WeakMap<Node, Set<string>>();

/** `self.act` of an instance whose class sets attributes by names we do not read. */
function setByName(attr: Node, f: Frame): boolean {
  const obj = attr.childForFieldName('object');
  const v = obj?.type === 'identifier' ? f.env.lookup(obj.text) : undefined;
  return v?.k === 'instance' && setsAttrsByName(v.obj.cls);
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

const noneTested = new WeakMap<Node, Set<string>>();

/** Whether the call gives a parameter defaulting to None that the method tests against None
 *  (`model(x, y)` for `forward(self, x, labels=None)` with `if labels is not None:`). */
export function givesTestedNone(method: PyValue | undefined, c: CallSite): boolean {
  if (method?.k !== 'function' || c.args.splat) return false;
  const def = method.fn.node;
  let tested = noneTested.get(def);
  if (!tested) {
    const nones = new Set((def.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p ? paramOf(p) : undefined)).filter((p) => p?.def?.type === 'none').map((p) => p!.name!));
    tested = new Set(def.descendantsOfType('comparison_operator').filter((t) => t && /\bis\b/.test(t.text) && t.namedChildren.some((n) => n?.type === 'none')).flatMap((t) => t!.namedChildren.filter((n) => n?.type === 'identifier' && nones.has(n.text)).map((n) => n!.text)));
    noneTested.set(def, tested);
  }
  if (!tested.size) return false;
  const { given } = parametersGiven(def, c);
  return [...tested].some((n) => given.has(n));
}

const swallowing = new WeakMap<Node, boolean>();

/** A function with a `try` (or `with suppress(...)`), where an assignment may not have happened
 *  although the run takes the block as done, or with a `match` capture or a walrus, whose
 *  bindings the run does not all follow: its locals' None tests are not decided. */
function swallows(def: Node): boolean {
  let yes = swallowing.get(def);
  if (yes === undefined) swallowing.set(def, (yes = def.descendantsOfType(['try_statement', 'match_statement', 'named_expression']).length > 0 || /\bsuppress\s*\(/.test(def.text)));
  return yes;
}

