// A module's namespace reached as a value: `g = globals()` (then `g["evaluate"]`),
// `sys.modules[__name__]` and `import __main__` (the module itself, read by `getattr` or `.name`).
// A name read from it is that binding; a name we cannot read may be any of the module's functions,
// each then called by code we do not follow (with what we were given: the model, say).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp, Frame } from './evaluator';
import type { PyModule } from './program';
import { UNKNOWN, str, type PyValue } from './values';
import { handedOver } from './handed-over';

/** The values `globals()` gave, and whose module's names they are. */
const namespaces = new WeakMap<object, PyModule>();

/** `globals()`: the module's names, read by key (not its attributes: a dict's methods). */
export function globalsOf(f: Frame): PyValue {
  const v: PyValue = { k: 'unknown' };
  namespaces.set(v, f.module);
  return v;
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
