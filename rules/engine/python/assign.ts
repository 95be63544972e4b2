// Assignment targets: names, tuple unpacking (`_, pred = torch.max(out, 1)` takes the indices),
// attributes (`self.fc = nn.Linear(...)` sets an instance attribute) and dict items.
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, join, str, tensor, derive } from './values';
import { UNKNOWN_FACTS } from '../core/facts';
import type { Interp, Frame } from './evaluator';
import { maxIndices, maxValues } from './ops';
import { setInstanceAttr } from './objects';

export function assign(it: Interp, target: Node, value: PyValue, f: Frame): void {
  switch (target.type) {
    case 'identifier':
      f.env.vars.set(target.text, value);
      return;
    case 'parenthesized_expression':
      if (target.namedChildren[0]) assign(it, target.namedChildren[0], value, f);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const targets = target.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
      const items = unpack(it, value, targets.length);
      targets.forEach((t, i) => assign(it, t.type === 'list_splat_pattern' ? t.namedChildren[0] ?? t : t, t.type === 'list_splat_pattern' ? UNKNOWN : items?.[i] ?? UNKNOWN, f));
      return;
    }
    case 'attribute': {
      const obj = it.eval(target.childForFieldName('object'), f);
      const name = target.childForFieldName('attribute')?.text ?? '';
      if (obj.k === 'instance') setInstanceAttr(it, obj, name, value, f);
      return;
    }
    case 'subscript': {
      const obj = it.eval(target.childForFieldName('value'), f);
      const key = it.eval(target.childForFieldName('subscript'), f);
      if (obj.k === 'dict') {
        const k = str(key);
        if (k !== undefined) obj.entries.set(k, f.cond ? join(obj.entries.get(k), value) : value);
      }
      return;
    }
    default:
      return;
  }
}

/** The values of `n` unpacked targets, when the value's shape is known. */
function unpack(it: Interp, v: PyValue, n: number): PyValue[] | undefined {
  if (v.k === 'seq' && !v.open && v.items.length === n) return v.items;
  if (v.k === 'maxpair' && n === 2) return [maxValues(v), maxIndices(it, v)];
  // A model's outputs we cannot tell apart (`cls, dist = student(x)`): each is still a prediction
  // (read lazily: the model may still be growing).
  if (v.k === 'tensor') {
    const ref = v.ref;
    return Array.from({ length: n }, () => tensor(derive(() => ({ ...UNKNOWN_FACTS, pred: !!ref.get().pred }), ref)));
  }
  return undefined;
}
