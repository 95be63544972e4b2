// `def` statements: the function a definition binds (a nested one, anew per call, a few times), and
// the decorators that keep it as written (any other may replace it with something we cannot see).
import { within, type SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, type PyValue, type FunctionDef } from './values';
import type { Interp, Frame } from './evaluator';
import { definedDefaults } from './params';

/** Decorators that keep the function as written (any other one may replace it). */
export const KEPT_BY_DECORATOR = /^@(?:staticmethod|classmethod|property|torch\.no_grad(?:\(\))?|torch\.inference_mode(?:\(\))?|torch\.compile(?:\(.*\))?|torch\.(?:cuda\.|cpu\.)?(?:amp\.)?autocast\(.*\)|torch\.jit\.(?:export|ignore|unused|script)|(?:functools\.)?(?:cache|lru_cache(?:\(.*\))?)|tf\.function(?:\(.*\))?|override|abstractmethod|(?:dataclasses\.)?dataclass(?:\(.*\))?|(?:functools\.)?total_ordering|functools\.wraps\(.*\)|(?:typing\.)?final|\w+\.setter)$/;

/** Whether each decorator we do not know by name is a workspace function that hands back what it is
 *  given (a registry: `@register` / `@register("name")` storing the class and returning it). One we
 *  cannot read makes something we do not know, which the workspace decorators over it still wrap:
 *  their wrapper, bound to the name, runs what it wraps as unknown (so a cut it makes is not judged
 *  on its other uses alone). */
export function keptByDecorators(it: Interp, s: Node, f: Frame, name: string): boolean {
  const value = f.env.vars.get(name);
  if (!value) return false;
  let current = value;
  for (const d of s.namedChildren.filter((x) => x?.type === 'decorator').reverse()) {
    if (KEPT_BY_DECORATOR.test(d!.text.replace(/\s/g, ''))) continue;
    // Imported under a short name (`from torch.cuda.amp import autocast` ... `@autocast()`).
    const e = d!.namedChildren[0];
    const callee = e?.type === 'call' ? it.eval(e.childForFieldName('function'), f) : undefined;
    const args = e?.childForFieldName('arguments')?.text.replace(/\s/g, '') ?? '';
    if (callee?.k === 'api' && KEPT_BY_DECORATOR.test(`@${callee.name.replace(/^tensorflow\./, 'tf.')}${args}`)) continue;
    const deco = it.eval(e, f);
    if (deco.k === 'api' && KEPT_BY_DECORATOR.test(`@${deco.name.replace(/^tensorflow\./, 'tf.')}`)) continue;
    current = deco.k === 'function' ? wrapped(it, deco, current, d!, f, value, name) : UNKNOWN;
  }
  if (current !== value) f.env.vars.set(name, current);
  return current.k !== 'unknown';
}

/** What a workspace decorator makes of `current`: itself (a registry), a wrapper it defines
 *  (`@functools.wraps(fn) def inner(*a, **k): return fn(*a, **k)`, a timer, a logger; a method's
 *  wrapper stays the class's method), or something we do not know. */
function wrapped(it: Interp, deco: Extract<PyValue, { k: 'function' }>, current: PyValue, d: Node, f: Frame, value: PyValue, name: string): PyValue {
  const made = it.callWith(deco, [current], d, f);
  if (made === current) return made;
  if (made.k !== 'function' || made.fn.node === deco.fn.node || !within(made.fn.node, deco.fn.node)) return UNKNOWN;
  return { k: 'function', fn: { ...made.fn, owner: value.k === 'function' ? value.fn.owner : made.fn.owner, name } };
}

const NESTED_DEFINITIONS = 4;

export function defineFunction(it: Interp, s: Node, f: Frame): void {
  const name = s.childForFieldName('name')?.text ?? '';
  const fn: FunctionDef = { node: s, name, file: f.module.file, closure: f.env, owner: f.cls, ran: false };
  definedDefaults(it, fn, f);
  f.env.vars.set(name, { k: 'function', fn });
  // A def inside a function is defined anew by each call, over that call's variables (`def
  // make_step(model): def step(x, y): ...` made for two models): a few such closures each run once.
  if (!f.cls && !it.program.registered(f.module.file, s, f.fn ? NESTED_DEFINITIONS : 1)) f.module.functions.push(fn);
}

export function markProperty(v: PyValue | undefined): void {
  if (v?.k === 'function') v.fn.property = true;
}
