// Where Python looks up a class's members: the class, then its bases in the C3 order.
import type { ClassDef, PyValue } from './values';

/** A member of the class or of its user base classes, in the order Python looks. */
export function findMember(cls: ClassDef, name: string): PyValue | undefined {
  for (const c of mro(cls)) {
    const v = c.members.get(name);
    if (v) return v;
  }
  return undefined;
}

const mros = new WeakMap<ClassDef, ClassDef[]>();

/** The classes of ours a lookup on `cls` visits, in Python's order (C3: `class D(B, C)` with B and C
 *  both from A looks in D, B, C, A). Bases we do not know (framework classes) hold nothing of ours. */
export function mro(cls: ClassDef, depth = 0): ClassDef[] {
  let order = mros.get(cls);
  if (order) return order;
  const bases = cls.bases.flatMap((b) => (b.k === 'class' && b.cls !== cls ? [b.cls] : []));
  order = [cls, ...(depth > 20 ? [] : merge([...bases.map((b) => mro(b, depth + 1)), bases]))];
  mros.set(cls, order);
  return order;
}

/** C3's merge; an order it cannot make (Python raises TypeError) falls back to depth-first. */
function merge(seqs: ClassDef[][]): ClassDef[] {
  const out: ClassDef[] = [];
  const lists = seqs.map((q) => [...q]).filter((q) => q.length);
  while (lists.length) {
    const head = lists.map((q) => q[0]).find((h) => !lists.some((q) => q.indexOf(h) > 0));
    if (!head) return [...out, ...lists.flat().filter((c, i, all) => !out.includes(c) && all.indexOf(c) === i)];
    out.push(head);
    for (const q of lists) if (q[0] === head) q.shift();
    for (let i = lists.length - 1; i >= 0; i--) if (!lists[i].length) lists.splice(i, 1);
  }
  return out;
}
