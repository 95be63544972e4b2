// Record classes: a `@dataclass` or a `typing.NamedTuple` subclass holds what it is built with
// (`return Output(logits=self.fc(x))` in forward, then `model(x).logits`), in the order its
// annotated fields are written; a NamedTuple also unpacks and indexes like the tuple it is. Their
// __init__ is generated, so nothing else runs.
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, type ClassDef, type PyObject } from './values';
import type { CallSite } from './evaluator';

export interface RecordShape {
  fields: string[];
  tuple: boolean;
}

const shapes = new WeakMap<ClassDef, RecordShape>();

/** Notes the fields of a dataclass or NamedTuple class (after its body ran). A dataclass's fields
 *  follow those of the dataclasses it derives from. */
export function noteRecord(cls: ClassDef): void {
  const tuple = cls.bases.some((b) => b.k === 'api' && b.name === 'typing.NamedTuple');
  if (!tuple && !isDataclass(cls.node)) return;
  const fields: string[] = tuple ? [] : [...(inheritedShape(cls)?.fields ?? [])];
  for (const s of cls.node.childForFieldName('body')?.namedChildren ?? []) {
    const a = s?.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    const name = a?.type === 'assignment' && a.childForFieldName('type') ? a.childForFieldName('left') : undefined;
    if (name?.type === 'identifier' && !/^(?:typing\.)?ClassVar\b/.test(a!.childForFieldName('type')!.text) && !fields.includes(name.text)) fields.push(name.text);
  }
  shapes.set(cls, { fields, tuple });
}

/** `namedtuple('Out', ['logits', 'feat'])` (or `'logits feat'`, `'logits, feat'`) and
 *  `typing.NamedTuple('Out', [('logits', Tensor), ...])`: a NamedTuple class made by a call. Fields
 *  we cannot read: undefined (unknown). */
export function namedTupleClass(c: CallSite): PyValue | undefined {
  const [name, spec] = c.args.pos;
  if (name?.k !== 'const' || typeof name.v !== 'string' || !spec || c.args.splat) return undefined;
  const field = (v: PyValue): string | undefined => {
    const f = v.k === 'seq' && v.items.length === 2 && !v.open ? v.items[0] : v;
    return f.k === 'const' && typeof f.v === 'string' && /^[A-Za-z_]\w*$/.test(f.v) ? f.v : undefined;
  };
  const fields = spec.k === 'const' && typeof spec.v === 'string' ? spec.v.split(/[\s,]+/).filter((x) => x) : spec.k === 'seq' && !spec.open ? spec.items.map(field) : undefined;
  if (!fields || fields.some((x) => !x || !/^[A-Za-z_]\w*$/.test(x))) return undefined;
  const cls: ClassDef = { node: c.node, name: name.v, file: c.frame.module.file, bases: [], members: new Map(), laterAttrs: new Set() };
  shapes.set(cls, { fields: fields as string[], tuple: true });
  return { k: 'class', cls };
}

/** The record shape a class has or inherits (a plain subclass of a dataclass keeps its generated
 *  __init__ and fields). */
function shapeOf(cls: ClassDef, depth = 0): RecordShape | undefined {
  return shapes.get(cls) ?? (depth < 20 ? inheritedShape(cls, depth) : undefined);
}

function inheritedShape(cls: ClassDef, depth = 0): RecordShape | undefined {
  for (const b of cls.bases) {
    const s = b.k === 'class' ? shapeOf(b.cls, depth + 1) : undefined;
    if (s) return s;
  }
  return undefined;
}

function isDataclass(s: Node): boolean {
  const d = s.parent?.type === 'decorated_definition' ? s.parent : undefined;
  return !!d && d.namedChildren.some((n) => n?.type === 'decorator' && /^@\s*(?:dataclasses\.)?dataclass\b/.test(n.text));
}

/** Sets the fields of a new record instance from the call (no user __init__ ran): false when the
 *  class is no record. */
export function buildRecord(cls: ClassDef, obj: PyObject, c: CallSite | undefined): boolean {
  const shape = shapeOf(cls);
  if (!shape) return false;
  shape.fields.forEach((name, i) => {
    // A subclass's own member of that name (`@property def probs(self)` over a namedtuple's
    // field) is what the instance reads.
    if (overridden(cls, name)) return;
    const given = c && !c.args.splat ? c.args.pos[i] ?? c.args.kw.get(name) : undefined;
    obj.attrs.set(name, given ?? (c && !c.args.splat ? cls.members.get(name) : undefined) ?? UNKNOWN);
  });
  return true;
}

/** Whether a class between `cls` and the one that made the record shape defines `name`. */
function overridden(cls: ClassDef, name: string, depth = 0): boolean {
  if (shapes.has(cls) || depth > 20) return false;
  if (cls.members.has(name)) return true;
  return cls.bases.some((b) => b.k === 'class' && !shapes.has(b.cls) && overridden(b.cls, name, depth + 1));
}

/** A NamedTuple instance's items, in field order (undefined: not a NamedTuple). */
export function recordItems(v: PyValue): PyValue[] | undefined {
  const shape = v.k === 'instance' ? shapeOf(v.obj.cls) : undefined;
  if (!shape?.tuple || v.k !== 'instance') return undefined;
  return shape.fields.map((n) => v.obj.attrs.get(n) ?? UNKNOWN);
}

/** The outputs a forward returns together: a tuple's items (its known first ones, when its end is
 *  not known), a dict's values, a record's fields; undefined for one value. */
export function returnedParts(out: PyValue): PyValue[] | undefined {
  if (out.k === 'seq') return [...out.items, ...(out.head ?? [])];
  if (out.k === 'dict') return [...out.entries.values()];
  return isRecord(out) ? [...out.obj.attrs.values()] : undefined;
}

/** Whether `v` is an instance of a dataclass or NamedTuple. */
export function isRecord(v: PyValue): v is Extract<PyValue, { k: 'instance' }> {
  return v.k === 'instance' && !!shapeOf(v.obj.cls);
}

/** A NamedTuple made here of `fields` and their values (Hugging Face's EvalPrediction: `predictions`,
 *  `label_ids`, unpacked or read by name). */
export function madeRecord(name: string, node: Node, file: string, fields: ReadonlyArray<readonly [string, PyValue]>): PyValue {
  const cls: ClassDef = { node, name, file, bases: [], members: new Map(), laterAttrs: new Set() };
  shapes.set(cls, { fields: fields.map(([f]) => f), tuple: true });
  return { k: 'instance', obj: { cls, attrs: new Map(fields), building: false, patched: false } };
}
