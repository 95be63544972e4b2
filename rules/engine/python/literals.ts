// List, tuple and dict literals: their items as values; a model kept in one is used wherever it goes.
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, str } from './values';
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
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'list_splat') {
      const v = it.eval(c.namedChildren[0], f);
      noteReadByPosition(v);
      if (v.k === 'seq' && !v.open) (tail ?? items).push(...v.items);
      else tail = v.k === 'seq' && v.tail ? [...v.tail] : [];
      continue;
    }
    (tail ?? items).push(it.eval(c, f));
  }
  const kind = node.type === 'list' ? 'list' : 'tuple';
  // `ensemble = [model]`: a model kept in a list is used wherever the list goes (keptInContainer).
  if (kind === 'list') for (const v of items) keptInContainer(it, v);
  return tail ? { k: 'seq', kind, items, open: true, tail } : { k: 'seq', kind, items, site: it.site(node, f.module.file) };
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
