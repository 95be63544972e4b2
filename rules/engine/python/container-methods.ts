// Methods of the lists and dicts the analysis holds (`outs.append(p)`, `d.update(probs=p)`,
// `d.get("logits")`): what they keep, and what reading them gives back.
import { PyValue, UNKNOWN, eachOf, storable, holds, num } from './values';
import type { SyntaxNode as Node } from './syntax-tree';
import { join } from './joins';
import type { Interp, CallSite } from './evaluator';
import { keptForLater } from './probability-reads';
import { sampleRow } from './ops';
import { handedOver } from './handed-over';
import { noteListMethod } from './iterated';
import { movedEncoding } from './hf-tokenizers';

/** What every item of a list is once it is open (`outs.append(model(x))` in a loop): the tensor all
 *  its items and `added` agree on (`extend(t)` adds the rows of t), or the model they all are
 *  (`models.append(m)` in a K-fold loop: a joined instance, whose output both sides agree on), else
 *  nothing (undefined). */
export function predictionsIn(items: PyValue[] | undefined, added: PyValue[], extend: boolean): PyValue | undefined {
  if (!items) return undefined;
  let each: PyValue | undefined;
  const rows = (a: PyValue): PyValue[] => (a.k === 'tensor' ? [sampleRow(a)] : a.k === 'seq' && !a.open ? a.items : [eachOf(a) ?? UNKNOWN]);
  for (const v of [...items, ...(extend ? added.flatMap(rows) : added)]) each = join(each, v);
  // A record per batch (`outs.append({"logits": z, "y": y})`, `(z, y)`): read back by key or position.
  const record = each && (each.k === 'dict' || (each.k === 'seq' && each.kind === 'tuple')) && holds(each, (v) => v.k === 'tensor');
  const model = (each?.k === 'instance' && !!each.obj.output && !each.obj.building) || each?.k === 'model';
  return each?.k === 'tensor' || record || model ? each : undefined;
}

/** `d.values()`, `d.items()`, `d.get("k")` of a dict whose entries we hold (a `**kwargs`, a literal);
 *  an empty one may be one we stopped following (its entries cleared): unknown. */
function dictRead(d: Extract<PyValue, { k: 'dict' }>, name: string, c: CallSite): PyValue {
  // A Hugging Face record is a dict too: `outputs.get("logits")` (Trainer.compute_loss's idiom).
  if (d.attrs && name === 'get' && c.args.pos[0]?.k === 'const' && typeof c.args.pos[0].v === 'string' && d.entries.has(c.args.pos[0].v)) return d.entries.get(c.args.pos[0].v)!;
  if (d.attrs || d.entries.size === 0 || c.args.splat) return UNKNOWN;
  if (name === 'values' && c.args.pos.length === 0) return { k: 'seq', kind: 'list', items: [...d.entries.values()] };
  if (name === 'items' && c.args.pos.length === 0) return { k: 'seq', kind: 'list', items: [...d.entries].map(([k, v]) => ({ k: 'seq', kind: 'tuple', items: [{ k: 'const', v: k }, v] })) };
  const key = name === 'get' ? c.args.pos[0] : undefined;
  return key?.k === 'const' && typeof key.v === 'string' ? d.entries.get(key.v) ?? UNKNOWN : UNKNOWN;
}

/** Dict methods that leave its entries as they are. */
export const DICT_READS = new Set(['get', 'keys', 'values', 'items', 'copy', '__getitem__', '__contains__', '__len__', 'to_tuple']);

export function dictMethod(it: Interp, recv: Extract<PyValue, { k: 'dict' }>, name: string, c: CallSite): PyValue {
  const moved = movedEncoding(recv, name);
  if (moved) return moved;
  // `cfg.update(...)`, `out.__setitem__(...)`: its entries are no longer the ones we saw.
  if (!DICT_READS.has(name)) recv.entries.clear();
  // `results.update({"probs": out})`, `d.update(probs=out)`: kept there, read later as it is; a
  // model kept so (`d.update(a=Net())`) used, a builder (`REG.update(churn=build)`) called there.
  if (name === 'update' || name === 'setdefault') {
    for (const v of [...c.args.pos, ...c.args.kw.values()]) keptForLater(it, v);
    handedOver(it, c.args, c.frame, true);
  }
  return dictRead(recv, name, c);
}

/** List methods, other than those followed above, that change its items or their order. */
const SEQ_WRITES = new Set(['__setitem__', '__delitem__', '__iadd__', '__imul__', 'sort']);

export function seqMethod(it: Interp, recv: Extract<PyValue, { k: 'seq' }>, name: string, c: CallSite): PyValue {
  noteListMethod(recv, name, c.node);
  // A function kept in a list (`callbacks.append(binarize)`) is called by whoever reads it.
  if (name === 'append' || name === 'insert') handedOver(it, c.args, c.frame, true);
  if (name === 'append' || name === 'extend' || name === 'insert' || name === 'pop' || name === 'remove' || name === 'reverse' || name === 'clear') {
    const [a] = c.args.pos;
    const known = !c.frame.cond && c.args.pos.length === 1 && (name === 'append' || (name === 'extend' && a.k === 'seq' && !a.open));
    const added = (!known ? [] : name === 'append' ? [a] : (a as Extract<PyValue, { k: 'seq' }>).items).map((v) => storable(recv, v));
    // Kept in a list (`probs.append(p)` for a vote, a plot, a report): read later as it is.
    if (name === 'append' || name === 'extend' || name === 'insert') for (const v of c.args.pos) keptForLater(it, v);
    // A list grown in a loop is open; what is appended after, always, is its known end (`tail`).
    const items = recv.open ? recv.each && [recv.each] : recv.items;
    if (known && !recv.open) recv.items.push(...added);
    else if (name === 'clear' && !c.frame.cond && !recv.open) recv.items.length = 0;
    else if (known) (recv.tail ??= []).push(...added);
    else {
      recv.open = true;
      recv.head = undefined;
      recv.tail = [];
    }
    if (recv.open) recv.each = predictionsIn(items, name === 'append' || name === 'extend' ? c.args.pos : name === 'insert' ? c.args.pos.slice(1) : [], name === 'extend');
  } else if (SEQ_WRITES.has(name)) {
    // `models.__setitem__(0, m)`, `models.__iadd__([m])`, `xs.sort()`: items changed in ways not followed.
    for (const v of c.args.pos) keptForLater(it, v);
    itemsUnknown(recv);
  }
  return UNKNOWN;
}

function itemsUnknown(recv: Extract<PyValue, { k: 'seq' }>): void {
  recv.open = true;
  recv.head = recv.each = undefined;
  recv.tail = [];
}

/** `del preds[1]`, `del preds[1:]` of a list whose items are known: those items gone (on every path
 *  only; on one branch, or by an index we do not know, the items are no longer known). */
export function seqItemsDeleted(recv: Extract<PyValue, { k: 'seq' }>, index: PyValue, indexNode: Node | null, cond: boolean | undefined): void {
  const bounds = indexNode?.type === 'slice' ? /^(-?\d*):(-?\d*)$/.exec(indexNode.text.replace(/\s/g, '')) : null;
  const i = num(index);
  const at = (n: number) => (n < 0 ? Math.max(0, recv.items.length + n) : Math.min(n, recv.items.length));
  if (cond || recv.open || (!bounds && (i === undefined || !Number.isInteger(i) || i >= recv.items.length || i < -recv.items.length))) return itemsUnknown(recv);
  const [a, b] = bounds ? [bounds[1] === '' ? 0 : at(Number(bounds[1])), bounds[2] === '' ? recv.items.length : at(Number(bounds[2]))] : [at(i!), at(i!) + 1];
  if (b > a) recv.items.splice(a, b - a);
}
