// Comprehensions and generator expressions: their own scope, the loop targets unknown (or what every
// element of the iterable is), the element evaluated once. The result is a collection of unknown
// length whose every item is that element: `nn.ModuleList(nn.Linear(a, b) for a, b in pairs)`.
import type { SyntaxNode as Node } from './syntax-tree';
import { Env, PyValue, UNKNOWN, eachOf, iterItems, holds, str, MAX_UNROLL } from './values';
import type { Interp, Frame } from './evaluator';
import { assign } from './assign';
import { iteratedRow } from './ops';
import { branchesOnLoss, itemsToJudge } from './unroll';
import { keptInContainer, readAsProbabilities } from './probability-reads';
import { runsOnce } from './iterated';
import { againWith, passStart, runsAgain } from './loop-carried';
import { join } from './joins';
import { noteReadByPosition } from './shared-sites';
import { stillCarried } from './escapes';
import { isPartial, markPartial } from './unseen-changes';
import { truthOf } from './branches';

export function comprehension(it: Interp, node: Node, f: Frame): PyValue {
  // `[m := build(c) for c in cfgs]`: a walrus binds in the scope around, once per item we may not
  // follow: unknown there.
  for (const w of node.descendantsOfType('named_expression')) {
    const name = w.childForFieldName('name')?.text;
    // (One in a lambda there binds in the lambda.)
    let inLambda = false;
    for (let a = w.parent; a && a !== node && !inLambda; a = a.parent) inLambda = a.type === 'lambda';
    if (name && !inLambda) f.env.vars.set(name, UNKNOWN);
  }
  const frame: Frame = { ...f, env: new Env(f.env, f.module.file, 'function'), cond: true, scope: {} };
  const clauses = node.namedChildren.slice(1);
  let carrying: PyValue | undefined;
  for (const c of clauses) {
    if (c?.type === 'for_in_clause') {
      const iter = it.eval(c.childForFieldName('right'), frame);
      noteReadByPosition(iter);
      const left = c.childForFieldName('left');
      const filters = clauses.slice(1);
      const known = left && c === clauses[0] && filters.every((x) => x?.type === 'if_clause') ? knownItems(it, node, left, iter, filters as Node[], f) : undefined;
      if (known) return known;
      // Over a model's weights or layers (`{k: v.clone() for k, v in model.state_dict().items()}`):
      // made of them, as each item is (escapes.ts).
      carrying ??= stillCarried(iter);
      if (left) assign(it, left, eachOf(iter) ?? (iter.k === 'tensor' ? iteratedRow(iter) : stillCarried(iter) ?? UNKNOWN), frame);
    } else if (c?.type === 'if_clause') it.eval(c.namedChildren[0], frame);
  }
  const body = node.childForFieldName('body');
  const start = body && body.type !== 'pair' ? passStart(it, body, frame.env) : undefined;
  let each = body?.type === 'pair' ? (it.eval(body.childForFieldName('key'), frame), keptInDict(it, it.eval(body.childForFieldName('value'), frame)), UNKNOWN) : it.eval(body, frame);
  // A comprehension is a loop: an element whose run changed what its next run reads (`[train(k)
  // for k in folds]`, train ending with `global post; post = nn.Sigmoid()`) runs again with it.
  if (body && start && runsAgain(it, body, start, frame.env)) {
    const first = each;
    each = againWith(() => join(first, it.eval(body, frame)));
  }
  // (An item per pass of its clauses: several, unless one runs once, `for k in range(1)`.)
  const iterated = !clauses.some((c) => c?.type === 'for_in_clause' && runsOnce(c.childForFieldName('right')));
  if (carrying) return carrying;
  return node.type === 'dictionary_comprehension' ? UNKNOWN : { k: 'seq', kind: 'list', items: [], open: true, each, iterated };
}

/** A dict comprehension's values, kept in a dict whose entries we do not follow: read there as they are. */
function keptInDict(it: Interp, v: PyValue): void {
  readAsProbabilities(it, v);
  keptInContainer(it, v);
}

/** `[p > 0.5 for p in (a, b)]`, `{k: t.mean() for k, t in kw.items()}`, `[m for m in
 *  net.modules()]`: one `for` clause over a known tuple or list holding tensors, losses or modules:
 *  the element for each item, in order (each read as it is). With filters, the items they keep;
 *  an item a filter may keep or drop is kept in a list marked partial (known but not whole, so not
 *  indexed: unseen-changes.ts), as is one made from a partial list. */
function knownItems(it: Interp, node: Node, left: Node, iter: PyValue, filters: Node[], f: Frame): PyValue | undefined {
  const body = node.childForFieldName('body');
  if (!body || node.type === 'set_comprehension') return undefined;
  const items = iterItems(iter);
  // (`sum(crit(out, y) for crit in criteria)`: each loss applied, unless the element tests which;
  // over a dict's keys, `crits[k](out, y) for k in crits`, what its values are decides.)
  const worth = itemsToJudge(iter, items);
  // (A dict comprehension is worth it over any known items: what it makes is otherwise unknown.)
  const dict = body.type === 'pair';
  if (!items || !worth || items.length === 0 || items.length > MAX_UNROLL || (!dict && !worth.some((v) => holds(v, (t) => t.k === 'tensor' || t.k === 'loss' || isModulePart(t))))) {
    return undefined;
  }
  if (branchesOnLoss(worth, body, left) || filters.some((x) => branchesOnLoss(worth, x, left))) return undefined;
  const out: PyValue[] = [];
  const entries: [string | undefined, PyValue][] = [];
  let partial = isPartial(iter);
  for (const item of items) {
    const frame: Frame = { ...f, env: new Env(f.env, f.module.file, 'function'), scope: {} };
    assign(it, left, item, frame);
    const kept = filters.map((x) => truthOf(it.eval(x.namedChildren[0], frame)));
    if (kept.includes(false)) continue;
    if (kept.includes(undefined)) {
      partial = true;
      frame.cond = true;
    }
    if (dict) entries.push([str(it.eval(body.childForFieldName('key'), frame)), it.eval(body.childForFieldName('value'), frame)]);
    else out.push(it.eval(body, frame));
  }
  // `{name: head(h) for name, head in self.heads.items()}`: every key a known string, every item
  // kept, is a dict we hold as a literal one (literals.ts); else its entries stay unknown.
  if (dict) return dictOf(it, entries, partial);
  const list: PyValue = { k: 'seq', kind: 'list', items: out };
  return partial ? markPartial(list) : list;
}

function dictOf(it: Interp, entries: [string | undefined, PyValue][], partial: boolean): PyValue {
  if (partial || entries.some(([key]) => key === undefined)) {
    for (const [, v] of entries) keptInDict(it, v);
    return UNKNOWN;
  }
  for (const [, v] of entries) keptInContainer(it, v);
  return { k: 'dict', entries: new Map(entries as [string, PyValue][]) };
}

/** A module a model is made of (what `modules()` / `children()` give). */
function isModulePart(v: PyValue): boolean {
  return v.k === 'layer' || v.k === 'model' || v.k === 'modulelist' || (v.k === 'instance' && !!v.obj.cls.framework);
}
