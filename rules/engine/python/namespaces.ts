// A module's namespace reached as a value: `g = globals()` (then `g["evaluate"]`),
// `sys.modules[__name__]` (or `.get(__name__)`) and `import __main__` (the module itself, read by `getattr` or `.name`).
// A name read from it is that binding; a name we cannot read may be any of the module's functions,
// each then called by code we do not follow (with what we were given: the model, say). Also code
// run in the namespace that we do not see (`exec`, `%run`, a magic of an exported notebook): what it
// reads is read, what it binds unknown.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp, Frame } from './evaluator';
import type { PyModule } from './program';
import { UNKNOWN, str, type PyValue } from './values';
import { handedOver } from './handed-over';
import { libraryObject } from './library-objects';
import { modelExported, unmodeledCall } from './probability-reads';
import { cellMagicNames, magicNames } from './magics';
import { attribute } from './dispatch';
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
export function moduleItself(it: Interp, c: CallSite, defaults = 0): PyValue | undefined {
  const named = c.args.posNodes[0]?.text === '__name__' && !c.frame.env.lookup('__name__');
  if (c.args.pos.length < 1 || c.args.pos.length > 1 + defaults || c.args.splat || !(named || str(c.args.pos[0]) === '__main__')) return undefined;
  return it.program.moduleValue(c.frame.module.file);
}

/** `sys.modules.get(__name__)` (a default given or not): the module itself, as `sys.modules[__name__]`
 *  (the running module is always there, so the default is never what it gives). undefined: another
 *  call. (`sys` is no root we model: read by its text, as the subscript is.) */
export function sysModuleGot(it: Interp, callee: Node | null, c: CallSite): PyValue | undefined {
  return callee?.text.replace(/\s/g, '') === 'sys.modules.get' ? moduleItself(it, c, 1) : undefined;
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

/** Code we do not see runs in this file's namespace: it may use the models bound there (`%run -i`,
 *  `exec`), and what it binds replaces them; the models of the files it runs count as read too
 *  (Interp.finish, scriptsRunIn). */
export function scriptRun(it: Interp, f: Frame): void {
  for (const v of f.module.env.vars.values()) modelExported(it, v);
  namespaceRewritten(f);
  it.scriptsRunIn.add(f.module.file);
}

/** Code we cannot see ran in the module's namespace and may have rebound any of its names (a
 *  script that defines `model` again, with another head): every global is unknown from here. */
export function namespaceRewritten(f: Frame): void {
  const env = f.module.env;
  for (const k of env.vars.keys()) env.vars.set(k, UNKNOWN);
  env.opaque = true;
}

/** A magic run from a notebook exported to .py (`%time p = f()` as `run_line_magic("time", "p = f()")`,
 *  a cell's as `run_cell_magic("wandb", "", body)`): what it reads is read by code we do not see,
 *  what it binds unknown (magics.ts); any name, when the magic or its code is no literal or may
 *  bind any (`%run`). */
export function magicRun(it: Interp, c: CallSite, cell: boolean): void {
  const [name, line, body] = c.args.pos.map((v) => str(v));
  const literal = name !== undefined && line !== undefined && (!cell || body !== undefined) && !c.args.splat;
  namesRun(it, c.frame, c.node, !literal ? 'all' : cell ? cellMagicNames(name, line, body!) : magicNames(name, line));
}

/** A line magic commented out in a jupytext script (`# %time p = f()`) or a Databricks notebook's
 *  source (`# MAGIC %memit p = f()`), which runs as in the notebook: read as from a .py export. */
export function commentedMagic(it: Interp, s: Node, f: Frame): void {
  const m = /^#[ \t]*(?:MAGIC[ \t]+)?%(\w+)(.*)$/.exec(s.text);
  if (m) namesRun(it, f, s, magicNames(m[1], m[2]));
}

export function namesRun(it: Interp, f: Frame, node: Node, names: ReturnType<typeof magicNames>): void {
  if (names === 'all') return scriptRun(it, f);
  if (!names) return;
  // (`trainer.evaluate`: its attributes, as the code reads them.)
  const read = (chain: string) => chain.split('.').slice(1).reduce((v, n) => attribute(it, v, n, node, f), f.env.lookup(chain.split('.')[0]) ?? UNKNOWN);
  const pos = names.reads.map(read);
  unmodeledCall(it, UNKNOWN, { pos, kw: new Map() }, false);
  handedOver(it, { pos, posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false }, f);
  for (const n of names.binds) f.module.env.vars.set(n, UNKNOWN);
}
