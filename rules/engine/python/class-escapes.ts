// Classes whose instances the analysis may not all see: named where it does not build them (a dict or
// list of classes, `partial(Net)`, an alias, a registry's decorator, a string naming it as
// Hydra's `_target_` or `getattr(models, "Net")` does, `Net.load_from_checkpoint(...)`), in a module
// reached by a name we do not know (`getattr(models, name)`, `globals()[name]`, `eval`,
// `importlib.import_module` in a file naming it), or with an instance hooked
// (`m.register_forward_hook(...)`). Such an instance may read the class's output as probabilities
// where we cannot see it: an edit of the class's code (its activation, what trains it) is no safe
// fix (edits.ts usedAsProbability). Also classes made by hooks their body does not show (a metaclass,
// `__new__`, a base's `__init_subclass__`): what their instances compute is unknown.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import type { ClassDef } from './values';
import type { PyModule } from './program';
import type { Frame, Interp } from './evaluator';
import { syntaxOf } from './parser';

let modules: ReadonlyMap<string, PyModule | null> = new Map();
const hooked = new Set<string>();
const dynamicModules = new Set<string>();
const verdicts = new Map<string, boolean>();

export function resetClassEscapes(program: ReadonlyMap<string, PyModule | null>): void {
  modules = program;
  hooked.clear();
  dynamicModules.clear();
  verdicts.clear();
}

const keyOf = (file: string, node: Node) => `${file}:${node.startIndex}`;

/** `m.register_forward_hook(...)` on an instance: what forward returns is read where we cannot see. */
export function noteHooked(cls: ClassDef): void {
  hooked.add(keyOf(cls.file, cls.node));
}

/** `getattr(models, name)` with a name we do not know: any class of that module may be built. */
export function noteDynamicModule(file: string): void {
  dynamicModules.add(file);
}

/** Whether the code at `site` is in a class some instance of which we may not see. */
export function inEscapedClass(site: Site): boolean {
  for (let n = (site as { node?: Node }).node?.parent; n; n = n.parent) {
    if (n.type !== 'class_definition') continue;
    const key = keyOf(site.file, n);
    let v = verdicts.get(key);
    if (v === undefined) verdicts.set(key, (v = hooked.has(key) || dynamicModules.has(site.file) || escapes(n, site.file)));
    if (v) return true;
  }
  return false;
}

const HARMLESS_DECORATORS = /^@(?:dataclasses\.)?dataclass\b|^@(?:typing\.)?final$|^@(?:functools\.)?total_ordering$/;
const DUNDER = /^__\w+__$/;

function escapes(def: Node, file: string): boolean {
  const name = def.childForFieldName('name')?.text;
  if (!name) return true;
  if (def.parent?.type === 'decorated_definition' && def.parent.namedChildren.some((d) => d.type === 'decorator' && !HARMLESS_DECORATORS.test(d.text))) return true;
  const named = new RegExp(`["'](?:[\\w.]*[.:])?${name}["']`);
  for (const [f, mod] of modules) {
    if (!mod) continue;
    const text = mod.parsed.text;
    if (!text.includes(name)) continue;
    // Names reached by strings (`globals()[name]`, `eval(...)`) in its own file; a file naming the
    // class that imports modules by a name we do not know (`import_module`); the class in a string.
    if (f === file && /\bglobals\(\)|\beval\(|\bexec\(/.test(text)) return true;
    // (Or by a path: `spec_from_file_location` + `exec_module`, `imp.load_source`, `SourceFileLoader`.)
    if (/\bimport_module\(|\b__import__\(|\bspec_from_file_location\(|\bload_source\(|\bSourceFileLoader\(/.test(text) || named.test(text)) return true;
    const t = syntaxOf(mod.parsed).tree;
    for (let i = 0; i < t.count; i++) {
      if (t.end[i] - t.start[i] !== name.length || t.typeOf(i) !== 'identifier' || text.slice(t.start[i], t.end[i]) !== name) continue;
      if (!followed(t.node(i))) return true;
    }
  }
  return false;
}

/** An occurrence of the class's name where the analysis follows what it does: its definition, an
 *  import, a call building it, a base class, an isinstance / issubclass / super / type test, an
 *  annotation, a comparison, a dunder read (`Net.__name__`). */
function followed(id: Node): boolean {
  const p = id.parent;
  if (!p) return true;
  for (let a: Node | null = p; a; a = a.parent) {
    if (a.type === 'import_statement' || a.type === 'import_from_statement' || a.type === 'type' || a.type === 'comment') return true;
    if (a.type.endsWith('_statement') || a.type === 'block') break;
  }
  if (p.type === 'class_definition' || p.type === 'comparison_operator') return true;
  if (p.type === 'call' && p.childForFieldName('function') === id) return true;
  if (p.type === 'attribute' && DUNDER.test(p.childForFieldName('attribute')?.text ?? '')) return true;
  if (p.type === 'argument_list') {
    const owner = p.parent;
    if (owner?.type === 'class_definition') return true;
    const callee = owner?.type === 'call' ? owner.childForFieldName('function')?.text : undefined;
    return !!callee && /^(?:isinstance|issubclass|super|type)$/.test(callee);
  }
  return false;
}

/** Instances made or changed by code the class body does not show (so what they compute is unknown):
 *  a metaclass with a `__call__` or that rewrites the class (not abc's, not one that only registers
 *  it), a `__new__`, or a base's `__init_subclass__` that rewrites the class. */
export function madeByHooks(it: Interp, cls: ClassDef, s: Node | undefined, f: Frame, depth = 0): boolean {
  const meta = s?.childForFieldName('superclasses')?.namedChildren.find((k) => k?.type === 'keyword_argument' && k.childForFieldName('name')?.text === 'metaclass')?.childForFieldName('value');
  if (meta && !/(?:^|\.)ABCMeta$/.test(meta.text)) {
    const m = it.eval(meta, f);
    if (m.k !== 'class' || m.cls.members.get('__call__')?.k === 'function' || rewrites(m.cls, ['__new__', '__init__'])) return true;
  }
  if (cls.members.get('__new__')?.k === 'function') return true;
  return depth < 20 && cls.bases.some((b) => b.k === 'class' && (rewrites(b.cls, ['__init_subclass__']) || madeByHooks(it, b.cls, b.cls.node, f, depth + 1)));
}

/** One of `cls`'s `methods` does more than register the class: every statement of a registering
 *  hook is a `super()` call, a store of a name in a subscript (`REGISTRY[name] = cls`), a name
 *  bound to `super()...`, a `return` of a name, a docstring or `pass`. */
function rewrites(cls: ClassDef, methods: string[]): boolean {
  return methods.some((name) => {
    const m = cls.members.get(name);
    const body = m?.k === 'function' ? m.fn.node.childForFieldName('body') : undefined;
    return !!body && body.namedChildren.some((st) => !!st && st.type !== 'comment' && !registers(st));
  });
}

function registers(st: Node): boolean {
  if (st.type === 'pass_statement') return true;
  if (st.type === 'return_statement') return (st.namedChildren[0]?.type ?? 'identifier') === 'identifier';
  if (st.type !== 'expression_statement') return false;
  const e = st.namedChildren[0];
  if (e?.type === 'string') return true;
  if (e?.type === 'call') return /^super\(\)\./.test(e.text);
  if (e?.type !== 'assignment') return false;
  const left = e.childForFieldName('left');
  const right = e.childForFieldName('right');
  return (left?.type === 'subscript' && right?.type === 'identifier') || (left?.type === 'identifier' && /^super\(\)\./.test(right?.text ?? ''));
}
