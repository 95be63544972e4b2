// Comprehensions and generator expressions: their own scope, the loop targets unknown (or what every
// element of the iterable is), the element evaluated once. The result is a collection of unknown
// length whose every item is that element: `nn.ModuleList(nn.Linear(a, b) for a, b in pairs)`.
import type { SyntaxNode as Node } from './syntax-tree';
import { Env, PyValue, UNKNOWN, eachOf } from './values';
import type { Interp, Frame } from './evaluator';
import { assign } from './assign';
import { sampleRow } from './ops';

export function comprehension(it: Interp, node: Node, f: Frame): PyValue {
  const frame: Frame = { ...f, env: new Env(f.env, f.module.file, 'function'), cond: true, scope: {} };
  for (const c of node.namedChildren) {
    if (c?.type === 'for_in_clause') {
      const iter = it.eval(c.childForFieldName('right'), frame);
      const left = c.childForFieldName('left');
      if (left) assign(it, left, eachOf(iter) ?? (iter.k === 'tensor' ? sampleRow(iter) : UNKNOWN), frame);
    } else if (c?.type === 'if_clause') it.eval(c.namedChildren[0], frame);
  }
  const body = node.childForFieldName('body');
  const each = body?.type === 'pair' ? (it.eval(body.childForFieldName('key'), frame), it.eval(body.childForFieldName('value'), frame), UNKNOWN) : it.eval(body, frame);
  return node.type === 'dictionary_comprehension' ? UNKNOWN : { k: 'seq', kind: 'list', items: [], open: true, each };
}
