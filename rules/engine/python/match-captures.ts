// What a `match` case binds, where the subject's structure is known: `case (logits, probs):` of a
// tuple the code built, `case [a, *rest]:` of a list, `case {"logits": l}:` of a dict, `case
// Out(logits=l):` of an instance of Out, `case z:` / `case ... as z:` (the subject itself). A case's
// body runs only when its pattern matches, so there each name is that part of the subject; names
// in parts whose structure we do not know (a tensor, which may be a list after `.tolist()`; a
// missing key) stay unknown, and a pattern the known structure cannot match (another length,
// another class) binds nothing.
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, str, type PyValue, type ClassDef } from './values';
import { join } from './joins';
import type { Interp, Frame } from './evaluator';
import { attribute } from './dispatch';

type Captures = Map<string, PyValue>;

/** A pattern matched against a value: what it binds; `sure`: it matches (structure known
 *  throughout, nothing that may fail: no literal, value, class or alternative). */
interface Match { it: Interp; f: Frame; out: Captures; sure: boolean }

/** The names a case's patterns (one, or several: `case a, b:`, an open tuple) bind to parts of
 *  `subject`; undefined: the known structure cannot match. */
export function caseCaptures(it: Interp, f: Frame, subject: PyValue, patterns: Node[]): { bound: Captures; sure: boolean } | undefined {
  const m: Match = { it, f, out: new Map(), sure: true };
  const fits = patterns.length === 1 ? capture(m, patterns[0], subject) : sequence(m, patterns, subject);
  return fits ? { bound: m.out, sure: m.sure } : undefined;
}

/** The names a pattern binds: not a class pattern's class, a dotted value pattern (`Color.RED`)
 *  or a keyword pattern's key. */
export function captureNames(p: Node): string[] {
  return p.descendantsOfType('identifier').filter((id) => {
    const parent = id.parent;
    if (parent?.type === 'dotted_name' && (parent.namedChildren.length > 1 || parent.parent?.type === 'class_pattern')) return false;
    return !(parent?.type === 'keyword_pattern' && parent.namedChildren[0] === id) && id.text !== '_';
  }).map((id) => id.text);
}

const named = (n: Node) => n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');

/** Binds the captures of `p` (a case_pattern or a pattern inside one) matched against `v`, those
 *  we can tell; false: the known structure cannot match. */
function capture(m: Match, p: Node, v: PyValue): boolean {
  switch (p.type) {
    case 'case_pattern': {
      const inner = named(p);
      // `case _:` (no child) binds nothing and matches.
      if (inner.length === 1) return capture(m, inner[0], v);
      if (inner.length) m.sure = false;
      return true;
    }
    case 'dotted_name':
      // A bare name captures the value (`Color.RED`, a dotted value, compares with it).
      if (p.namedChildren.length === 1) m.out.set(p.text, v);
      else m.sure = false;
      return true;
    case 'as_pattern': {
      const [inner, name] = named(p);
      if (name?.type === 'identifier') m.out.set(name.text, v);
      return !inner || capture(m, inner, v);
    }
    case 'tuple_pattern':
    case 'list_pattern': {
      const items = named(p).filter((c) => c.type === 'case_pattern');
      // `(x)` is a group, not a tuple of one (that is `(x,)`).
      if (p.type === 'tuple_pattern' && items.length === 1 && !/,\s*\)$/.test(p.text)) return capture(m, items[0], v);
      return sequence(m, items, v);
    }
    case 'dict_pattern':
      return mapping(m, p, v);
    case 'class_pattern':
      return instance(m, p, v);
    case 'union_pattern':
      return union(m, p, v);
    default:
      // Literals: no names, and they may not match.
      m.sure = false;
      return true;
  }
}

/** `(a, b)`, `[a, *rest, z]`: a tuple or list the code built, of a length the pattern fits. */
function sequence(m: Match, items: Node[], v: PyValue): boolean {
  if (v.k !== 'seq' || v.open || v.tail?.length || v.head?.length) return unknown(m);
  const star = items.findIndex((c) => c.namedChildren[0]?.type === 'splat_pattern');
  const fixed = star < 0 ? items.length : items.length - 1;
  if (star < 0 ? v.items.length !== fixed : v.items.length < fixed) return false;
  const after = star < 0 ? 0 : items.length - star - 1;
  return items.every((c, i) => {
    if (i === star) {
      const name = c.namedChildren[0]!.namedChildren[0];
      if (name && name.text !== '_') m.out.set(name.text, { k: 'seq', kind: 'list', items: v.items.slice(star, v.items.length - after) });
      return true;
    }
    return capture(m, c, v.items[star >= 0 && i > star ? v.items.length - (items.length - i) : i]);
  });
}

/** `{"logits": l, **rest}`: the entries of a dict the code built (`rest`: unknown). */
function mapping(m: Match, p: Node, v: PyValue): boolean {
  if (v.k !== 'dict') return unknown(m);
  const children = named(p);
  for (let i = 0; i < children.length; i++) {
    if (children[i].type === 'splat_pattern') {
      m.sure = false;
      continue;
    }
    const key = str(m.it.eval(children[i], m.f));
    const entry = key === undefined ? undefined : v.entries.get(key);
    const value = children[++i];
    if (!entry || value?.type !== 'case_pattern') m.sure = false;
    else if (!capture(m, value, entry)) return false;
  }
  return true;
}

/** `Out(logits=l)`: an instance of the class named (or of a subclass), its attributes by keyword;
 *  by position (`__match_args__`) not read. */
function instance(m: Match, p: Node, v: PyValue): boolean {
  m.sure = false;
  const [cls, ...args] = named(p);
  const of = v.k === 'instance' && cls?.type === 'dotted_name' ? classNamed(m, cls) : undefined;
  if (v.k !== 'instance' || !of) return true;
  if (!inherits(v.obj.cls, of)) return false;
  return args.every((a) => {
    const kw = a.namedChildren[0];
    if (a.type !== 'case_pattern' || kw?.type !== 'keyword_pattern') return true;
    const [key, pattern] = named(kw);
    return !key || !pattern || capture(m, pattern, attribute(m.it, v, key.text, kw, m.f));
  });
}

function classNamed(m: Match, d: Node): ClassDef | undefined {
  const [first, ...rest] = d.namedChildren;
  let v = first ? m.it.eval(first, m.f) : UNKNOWN;
  for (const id of rest) v = id ? attribute(m.it, v, id.text, d, m.f) : UNKNOWN;
  return v.k === 'class' ? v.cls : undefined;
}

function inherits(cls: ClassDef, of: ClassDef, depth = 0): boolean {
  return cls === of || (depth < 20 && cls.bases.some((b) => b.k === 'class' && inherits(b.cls, of, depth + 1)));
}

/** `{"logits": l} | {"scores": l}`: each alternative that fits may be the one that matched (one
 *  before it may fail on a literal): what they all bind, joined. */
function union(m: Match, p: Node, v: PyValue): boolean {
  m.sure = false;
  const fitting = named(p).map((c) => {
    const alt: Match = { ...m, out: new Map() };
    return capture(alt, c, v) ? alt.out : undefined;
  }).filter((o): o is Captures => !!o);
  if (!fitting.length) return false;
  for (const name of fitting[0].keys()) if (fitting.every((o) => o.has(name))) m.out.set(name, fitting.map((o) => o.get(name)!).reduce((a, b) => join(a, b)));
  return true;
}

/** A structure we do not know: nothing bound under it, no telling whether it matches. */
function unknown(m: Match): boolean {
  m.sure = false;
  return true;
}
