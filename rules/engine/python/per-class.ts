// An argmax over the batch (`tf.argmax(p)`: its axis defaults to 0) read per class: what
// argmax-batch-axis needs to tell the best sample of each class, as meant, from a class per sample.
import { boundUses, type SyntaxNode as Node } from './syntax-tree';
import type { ArgMaxEvent } from '../core/events';

/** An argmax over the batch (`tf.argmax(p)`) read per class, as js/argmax-uses.ts readPerClass reads
 *  tfjs: the name holding its values read only as `best[c]` for `c in range(N)` (perClass N), or
 *  every entry in turn (`for i in best`, `for c, i in enumerate(best)`, `[x[i] for i in best]`) or at
 *  once (`x_val[best]`), each only as an index into something ('each'). namesRead: the lengths of the
 *  lists of names written out those entries index (`CLASSES[best[c]]`). */
export function readPerClass(call: Node): Pick<ArgMaxEvent, 'perClass' | 'namesRead'> {
  let reads = perClassReads.get(call);
  if (!reads) perClassReads.set(call, (reads = perClassOf(call)));
  return reads;
}

const perClassReads = new WeakMap<Node, Pick<ArgMaxEvent, 'perClass' | 'namesRead'>>();

function perClassOf(call: Node): Pick<ArgMaxEvent, 'perClass' | 'namesRead'> {
  let top = call;
  // `.numpy()`, `.tolist()`: the same values.
  for (let p = top.parent; p?.type === 'attribute' && p.parent?.type === 'call' && VALUES.test(p.childForFieldName('attribute')?.text ?? '') && p.parent.childForFieldName('arguments')?.namedChildCount === 0; p = top.parent) top = p.parent;
  const bound = boundUses(top);
  if (!bound) return {};
  const over = new Set<number | 'each' | undefined>();
  const namesRead: number[] = [];
  const indexed = (n: Node) => {
    const k = namesIndexed(n);
    if (k !== undefined) namesRead.push(k);
  };
  for (const n of bound.uses) {
    const p = n.parent;
    const sub = p?.type === 'subscript' ? p.childrenForFieldName('subscript') : [];
    const counter = p?.type === 'subscript' && p.childForFieldName('value')?.index === n.index && sub.length === 1 && sub[0]?.type === 'identifier' ? rangeBound(sub[0]) : undefined;
    if (counter !== undefined) indexed(p!);
    else if (p?.type === 'subscript' && sub.length === 1 && sub[0]?.index === n.index) indexed(n);
    over.add(counter ?? ((p?.type === 'subscript' && sub.length === 1 && sub[0]?.index === n.index) || eachAsIndex(n, indexed) ? 'each' : undefined));
  }
  const [perClass] = [...over];
  return over.size === 1 && perClass !== undefined ? { perClass, namesRead } : {};
}

const VALUES = /^(?:numpy|tolist|cpu)$/;

/** `for i in best`, `for c, i in enumerate(best)`, `[x[i] for i in best]`: each entry of `best` bound
 *  to `i`, and `i` read only as an index (`x_val[i]`, handed to `indexed`). */
function eachAsIndex(best: Node, indexed: (n: Node) => void): boolean {
  let over = best;
  const args = best.parent?.type === 'argument_list' ? best.parent : null;
  if (args?.namedChildCount === 1 && args.parent?.childForFieldName('function')?.text === 'enumerate') over = args.parent;
  const loop = over.parent;
  if ((loop?.type !== 'for_statement' && loop?.type !== 'for_in_clause') || loop.childForFieldName('right')?.index !== over.index) return false;
  const left = loop.childForFieldName('left');
  const item = over === best ? left : left?.namedChildren.length === 2 ? left.namedChildren[1] : null;
  if (item?.type !== 'identifier') return false;
  const body = loop.type === 'for_statement' ? loop.childForFieldName('body') : loop.parent;
  const reads = (body?.identifiersNamed(item.text) ?? []).filter((r) => r.index !== item.index);
  // Read, not written (`counts[i] += 1` tallies classes).
  const asIndex = (r: Node) => r.parent?.type === 'subscript' && r.parent.childrenForFieldName('subscript').length === 1 && r.parent.childrenForFieldName('subscript')[0]?.index === r.index && !written(r.parent);
  if (!reads.length || !reads.every(asIndex)) return false;
  reads.forEach(indexed);
  return true;
}

/** `x[i] = ...`, `x[i] += 1`: the subscript written. */
function written(sub: Node): boolean {
  const p = sub.parent;
  return (p?.type === 'assignment' || p?.type === 'augmented_assignment') && p.childForFieldName('left')?.index === sub.index;
}

/** The N of `for c in range(N)` (or `range(0, N)`) around the counter `c`: a number written there. */
function rangeBound(c: Node): number | undefined {
  for (let p = c.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type !== 'for_statement' || p.childForFieldName('left')?.text !== c.text) continue;
    const right = p.childForFieldName('right');
    const args = right?.type === 'call' && right.childForFieldName('function')?.text === 'range' ? right.childForFieldName('arguments')?.namedChildren ?? [] : [];
    const n = args.length === 1 ? args[0] : args.length === 2 && args[0]?.text === '0' ? args[1] : null;
    return n?.type === 'integer' ? Number(n.text) : undefined;
  }
  return undefined;
}

/** `NAMES[e]` with NAMES a list or tuple of strings written out (there, or bound once in the module
 *  to one): how many. */
function namesIndexed(e: Node): number | undefined {
  const p = e.parent;
  if (p?.type !== 'subscript' || p.childrenForFieldName('subscript')[0]?.index !== e.index) return undefined;
  let list = p.childForFieldName('value');
  if (list?.type === 'identifier') {
    let module: Node | null = list;
    while (module && module.type !== 'module') module = module.parent;
    const name = list.text;
    const binds = (module?.identifiersNamed(name) ?? []).filter((n) => n.parent?.type === 'assignment' && n.parent.childForFieldName('left')?.index === n.index);
    list = binds.length === 1 ? binds[0]!.parent!.childForFieldName('right') : null;
  }
  const items = list?.type === 'list' || list?.type === 'tuple' ? list.namedChildren : [];
  return items.length && items.every((i) => i?.type === 'string') ? items.length : undefined;
}
