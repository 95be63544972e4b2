// A module's namespace reached as a value: `g = globals()` (then `g["evaluate"]`),
// `sys.modules[__name__]` and `import __main__` (the module itself, read by `getattr` or `.name`).
// A name read from it is that binding; a name we cannot read may be any of the module's functions,
// each then called by code we do not follow (with what we were given: the model, say).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp, Frame } from './evaluator';
import type { PyModule } from './program';
import { UNKNOWN, str, type PyValue } from './values';
import { handedOver } from './handed-over';
import { libraryObject } from './library-objects';
import type { CallSite } from './evaluator';

/** The values `globals()` gave, and whose module's names they are. */
const namespaces = new WeakMap<object, PyModule>();

/** `globals()`: the module's names, read by key (not its attributes: a dict's methods). */
export function globalsOf(f: Frame): PyValue {
  return namespaceOf(f.module);
}

/** A dict of `mod`'s names whose reading methods we answer (`globals().get("evaluate")`); others
 *  (`update`, `keys`) stay the unknown calls they were. */
function namespaceOf(mod: PyModule): PyValue {
  const v = libraryObject(['get', 'pop', 'setdefault', '__getitem__', 'copy', 'values', 'items'], (it, name, c) => namespaceMethod(it, mod, name, c));
  namespaces.set(v, mod);
  return v;
}

function namespaceMethod(it: Interp, mod: PyModule, name: string, c: CallSite): PyValue {
  if (name === 'copy') return namespaceOf(mod);
  const k = c.args.pos[0] && str(c.args.pos[0]);
  // A name read: its binding (or the default given); `values()` / `items()` or a name we cannot
  // read: any of the module's functions.
  if (name !== 'values' && name !== 'items' && k !== undefined && !c.args.splat) return mod.env.vars.get(k) ?? c.args.pos[1] ?? { k: 'none' };
  anyFunctionOf(it, mod, c.frame);
  return UNKNOWN;
}

/** `dict(globals())`: a copy of the namespace (undefined: `v` is none). */
export function namespaceCopy(v: PyValue | undefined, c: CallSite): PyValue | undefined {
  const mod = v && namespaces.get(v);
  if (!mod) return undefined;
  return c.args.pos.length === 1 && !c.args.kw.size && !c.args.splat ? namespaceOf(mod) : UNKNOWN;
}

/** `importlib.import_module(__name__)`, `__import__("__main__")`: the module itself, as
 *  `sys.modules[__name__]` (undefined: another module). */
export function moduleItself(it: Interp, c: CallSite): PyValue | undefined {
  const named = c.args.posNodes[0]?.text === '__name__' && !c.frame.env.lookup('__name__');
  if (c.args.pos.length !== 1 || !(named || str(c.args.pos[0]) === '__main__')) return undefined;
  return it.program.moduleValue(c.frame.module.file);
}

/** `ns[key]` of a namespace: `globals()[k]` written so or through a name bound to it, `locals()[k]`,
 *  `vars()[k]`; `sys.modules[__name__]` is the module itself. undefined: no namespace. */
export function namespaceItem(it: Interp, obj: PyValue, node: Node, idx: PyValue, f: Frame): PyValue | undefined {
  const of = node.childForFieldName('value');
  const text = node.text.replace(/\s/g, '');
  if (text === 'sys.modules[__name__]' && !f.env.lookup('__name__')) return it.program.moduleValue(f.module.file);
  const fn = of?.type === 'call' ? /^(globals|locals|vars)\(\)$/.exec(of.text.replace(/\s/g, ''))?.[1] : undefined;
  const mod = namespaces.get(obj) ?? (fn && !f.env.lookup(fn) ? f.module : undefined);
  if (!mod) return undefined;
  const k = str(idx);
  if (k !== undefined) return fn === 'locals' || fn === 'vars' ? f.env.lookup(k) : mod.env.vars.get(k);
  anyFunctionOf(it, mod, f);
  return UNKNOWN;
}

/** A name of `file`'s module we cannot read (`getattr(sys.modules[__name__], name)`, `getattr(models,
 *  name)`): each of its functions may be the one, called by code we do not see. */
export function anyNameOf(it: Interp, file: string, f: Frame): void {
  const mod = it.program.load(file);
  if (mod) anyFunctionOf(it, mod, f);
}

function anyFunctionOf(it: Interp, mod: PyModule, f: Frame): void {
  const fns = [...mod.env.vars.values()].filter((v) => v.k === 'function');
  handedOver(it, { pos: fns, posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false }, f, true);
}
