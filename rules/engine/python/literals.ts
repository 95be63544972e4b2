// List, tuple and dict literals: their items as values; a model kept in one is used wherever it goes.
import { chainHead, type SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, str, alike, eachOf } from './values';
import { isPartial, markPartial } from './unseen-changes';
import type { Interp, Frame } from './evaluator';
import { keptInContainer } from './probability-reads';
import { noteReadByPosition } from './shared-sites';

const LITERALS = new Set(['integer', 'float', 'string', 'unary_operator', 'list', 'tuple', 'true', 'false', 'none']);

export function sequenceLiteral(it: Interp, node: Node, f: Frame): PyValue {
  // A long literal of numbers or strings (test data, class names) holds no model: not walked.
  if (node.namedChildCount > 16 && LITERALS.has(node.firstNamedChild?.type ?? '')) return UNKNOWN;
  const items: PyValue[] = [];
  // `[*hidden, Dense(10, activation="softmax")]`: a known list spliced in keeps its items; any
  // other makes the list open, and what follows it is its known end (`tail`).
  let tail: PyValue[] | undefined;
  let partial = false;
  const kind = node.type === 'list' ? 'list' : 'tuple';
  const children = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  for (const c of children) {
    if (c.type === 'list_splat' || starredWhole(c)) {
      const v = it.eval(c.type === 'list_splat' ? c.namedChildren[0] : c, f);
      noteReadByPosition(v);
      // `[*xs]` alone is `list(xs)`: items all alike stay so (`[*map(model, chunks)]`).
      if (children.length === 1 && alike(v)) return { k: 'seq', kind, items: [], open: true, each: eachOf(v) };
      // (A known part of a list, `[*net.children()]` of a module holding more: known, not whole.)
      partial ||= isPartial(v);
      if (v.k === 'seq' && !v.open) (tail ?? items).push(...v.items);
      else tail = v.k === 'seq' && v.tail ? [...v.tail] : [];
      continue;
    }
    (tail ?? items).push(it.eval(c, f));
  }
  // `ensemble = [model]`: a model kept in a list is used wherever the list goes (keptInContainer).
  if (kind === 'list') for (const v of items) keptInContainer(it, v);
  const v: PyValue = tail ? { k: 'seq', kind, items, open: true, tail } : { k: 'seq', kind, items, site: it.site(node, f.module.file) };
  return partial ? markPartial(v) : v;
}

/** tree-sitter-python binds the star of a lone `[*net.modules()]` to `net` (a call of an attribute of
 *  `*net`): such a `*x` at the head of an attribute, call or subscript is `x` there (starBound), and
 *  the item it starts is the starred one (starredWhole). */
export function starBound(n: Node): boolean {
  const p = n.parent;
  return n.type === 'list_splat' && !!p && ((p.type === 'attribute' && p.childForFieldName('object') === n) || (p.type === 'call' && p.childForFieldName('function') === n) || (p.type === 'subscript' && p.childForFieldName('value') === n));
}

function starredWhole(n: Node): boolean {
  const head = chainHead(n);
  return head?.type === 'list_splat' && starBound(head);
}

export function dictLiteral(it: Interp, node: Node, f: Frame): PyValue {
  const entries = new Map<string, PyValue>();
  let open = false;
  for (const c of node.namedChildren) {
    if (c?.type !== 'pair') { if (c && c.type !== 'comment') { it.eval(c, f); open = true; } continue; }
    const key = str(it.eval(c.childForFieldName('key'), f));
    const value = it.eval(c.childForFieldName('value'), f);
    if (key === undefined) open = true;
    else entries.set(key, value);
    keptInContainer(it, value);
  }
  return open ? UNKNOWN : { k: 'dict', entries };
}
