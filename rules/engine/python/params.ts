// Calling a user function: parameters bound from the call's arguments (or unknown for a generic
// run), a fresh local scope over the function's closure, and the bounds that keep the analysis
// finite: call depth, no recursion, a step budget, and a memo per (function, self, arguments).
import type { SyntaxNode as Node } from './syntax-tree';
import { Env, PyValue, FunctionDef, UNKNOWN, GENERIC_ARG, itemsOf, childScope } from './values';
import { mayBeNone } from './joins';
import { MAX_CALL_DEPTH } from './evaluator';
import { globalNames } from './forget-names';
import type { Interp, Frame, CallSite } from './evaluator';
import { callInstance } from './objects';
import { annotatedInstance } from './annotated';
import { lossHandedAway, modelExported } from './probability-reads';

const active = new WeakSet<Node>();
const MAX_EXPANSIONS_PER_FUNCTION = 16;
/** Expansions per function (node id + file), for the current session. */
let expansions = new Map<string, number>();
export function resetExpansions(): void {
  expansions = new Map();
}
const memo = new WeakMap<Interp, Map<string, PyValue>>();

export function bindParams(it: Interp, fn: FunctionDef, self: PyValue | undefined, c: CallSite | undefined, caller: Frame, body: (f: Frame) => PyValue): PyValue {
  const depth = caller.depth + 1;
  if (depth > MAX_CALL_DEPTH || it.exhausted()) return UNKNOWN;
  // `self.helper(a, b)` on a @staticmethod: no instance is passed, `a` is its first parameter.
  if (self && isStaticMethod(fn.node)) self = undefined;
  const mod = it.program.modules.get(fn.file);
  if (!mod) return UNKNOWN;
  // Recursion: the inner call says nothing new.
  // A call given a mutable value (a model it may .add() to, a list) runs again: its effects count.
  // (Nor is the path of a parameter left at None, none-branches.ts: a later call giving the same
  // unknown values must run, not reuse that run.)
  // A parameter the caller was given, handed on as it is (`super().forward(x, labels)`): given here
  // too, so this run decides its None tests as the caller's does (and is not another run's).
  const handed = c?.frame.givenParams;
  const handsOnGiven = !!handed?.size && [...c!.args.posNodes, ...c!.args.kwNodes.values()].some((n) => n?.type === 'identifier' && handed.has(n.text));
  const key = c && (c.otherPath || handsOnGiven || [...c.args.pos, ...c.args.kw.values()].some(isMutable)) ? undefined : memoKey(it, fn, self, c);
  const cache = memo.get(it) ?? new Map<string, PyValue>();
  memo.set(it, cache);
  const hit = key !== undefined ? cache.get(key) : undefined;
  if (hit) return hit;
  // (What the inner call does with other arguments, `fold_run(depth - 1, nn.Sigmoid())`, is unseen.)
  if (active.has(fn.node)) return c ? refused(it, fn, self, c, 'it is in a function that calls itself, and what those calls do with their arguments was not analysed') : UNKNOWN;
  // A budget per function too, so a helper called hundreds of times cannot use up the run's.
  // (A run of the path a parameter left at None skipped, none-branches.ts, is part of the run it
  // follows: not another expansion.)
  if (c && !c.otherPath) {
    const n = (expansions.get(fn.node.startIndex + fn.file) ?? 0) + 1;
    if (n > MAX_EXPANSIONS_PER_FUNCTION && fn.ran) return refused(it, fn, self, c, 'it is in a function called more often than the analysis follows, so some of its calls were not analysed');
    expansions.set(fn.node.startIndex + fn.file, n);
    fn.ran = true;
  }
  // (Called in a child process, a function of its module runs over the child's copy of that scope.)
  const child = childScope(caller.env);
  const env = new Env(child?.childOf === fn.closure ? child : fn.closure, fn.file, 'function');
  const frame: Frame = { env, module: mod, fn, params: new Set(), returns: [], depth, generic: !c || caller.generic, callKey: key, call: c };
  const params = fn.node.childForFieldName('parameters')?.namedChildren ?? [];
  let pos = 0;
  let first = true;
  for (const p of params) {
    if (!p) continue;
    const { name, def, kind, star } = paramOf(p);
    if (!name) continue;
    frame.params!.add(name);
    let value: PyValue = c ? UNKNOWN : GENERIC_ARG;
    if (first && self) {
      // A wrapper's `*args` first (`def wrapper(*args, **kwargs): return fn(*args, **kwargs)`, a
      // decorated method): the instance is its first item, handed on to the method it wraps.
      value = kind === 'splat' && star === 'list' ? withFirst(self, c && restOf(c, star, pos, params)) : self;
      if (kind === 'splat' && star === 'list' && c) pos = c.args.pos.length;
    } else if (!c && name === 'y_pred' && self?.k === 'instance' && self.obj.cls.framework === 'keras' && fn.node.childForFieldName('name')?.text === 'compute_loss') {
      // Keras calls a model's compute_loss(x, y, y_pred, ...) with y_pred = self(x).
      value = callInstance(it, self, { node: fn.node, site: it.site(fn.node, fn.file), args: { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false }, frame: caller });
    } else if (!c && kind === 'plain' && (p.type === 'typed_parameter' || p.type === 'typed_default_parameter')) {
      // `def evaluate(model: Net, loader)` run for no caller: an instance of Net (annotated.ts).
      value = annotatedInstance(it, p, fn, { env: fn.closure, module: mod, depth }, caller) ?? value;
    } else if (kind === 'splat') {
      // `*args` holds the positional arguments left over, `**kwargs` the keywords no parameter
      // takes: a helper's body reads them (`kw["probs"] > 0.5`), as it reads named parameters.
      value = c && star ? restOf(c, star, pos, params) : UNKNOWN;
      if (star === 'list' && c) pos = c.args.pos.length;
    } else if (c) {
      const given = c.args.kw.has(name) || (kind === 'plain' && pos < c.args.pos.length);
      if (c.args.kw.has(name)) value = c.args.kw.get(name)!;
      else if (kind === 'plain' && pos < c.args.pos.length) value = c.args.pos[pos++];
      else if (c.args.splat) value = UNKNOWN;
      // Keras passes `training` to call() itself when the caller does not (True in fit, False in
      // predict): its default says nothing about the run.
      else if (name === 'training' && self && fn.node.childForFieldName('name')?.text === 'call') value = UNKNOWN;
      else if (def) value = fn.defaults?.get(name) ?? it.eval(def, { env: fn.closure, module: mod, depth });
      // Given, and not by a value that may be None (`batch.get("labels")`, `y if train else None`).
      const argNode = c.args.kwNodes.get(name) ?? (c.args.kw.has(name) ? undefined : c.args.posNodes[pos - 1]);
      if (given && argNode) (frame.argNodes ??= new Map()).set(name, { node: argNode, value });
      const decide = c.decideGiven || (argNode?.type === 'identifier' && !!handed?.has(argNode.text));
      if (given && decide && def?.type === 'none' && value.k !== 'none' && !mayBeNone(value) && !/\bNone\b|\.get\s*\(|\bgetattr\s*\(/.test(argNode?.text ?? '')) (frame.givenParams ??= new Set()).add(name);
    }
    first = false;
    env.vars.set(name, value);
  }
  active.add(fn.node);
  try {
    const result = body(frame);
    // A factory's model or object is a new one at each call (`model_1 = build(); model_2 = build()`
    // compiled differently): only values nothing can change are reused.
    if (key !== undefined && !isMutable(result)) cache.set(key, result);
    return result;
  } finally {
    active.delete(fn.node);
  }
}

/** A run the budget (or a recursion) refused: what it would do with its arguments (a model, a loss)
 *  is unseen, as if they were handed to code we do not follow, and no edit inside the function is safe. */
function refused(it: Interp, fn: FunctionDef, self: PyValue | undefined, c: CallSite, why: string): PyValue {
  const spans = it.cutShort.get(fn.file) ?? it.cutShort.set(fn.file, []).get(fn.file)!;
  if (!spans.some(([a]) => a === fn.node.startIndex)) spans.push([fn.node.startIndex, fn.node.endIndex, why]);
  for (const v of [...(self ? [self] : []), ...c.args.pos, ...c.args.kw.values()]) {
    modelExported(it, v);
    lossHandedAway(v);
  }
  return UNKNOWN;
}

export function isClassMethod(def: Node): boolean {
  return decoratedWith(def, '@classmethod');
}

function decoratedWith(def: Node, decorator: string): boolean {
  return def.parent?.type === 'decorated_definition' && def.parent.namedChildren.some((d) => d?.type === 'decorator' && d.text.replace(/\s/g, '') === decorator);
}

const staticMethods = new WeakMap<Node, boolean>();

function isStaticMethod(def: Node): boolean {
  let yes = staticMethods.get(def);
  if (yes === undefined) {
    yes = decoratedWith(def, '@staticmethod');
    staticMethods.set(def, yes);
  }
  return yes;
}

function isMutable(v: PyValue): boolean {
  return v.k === 'model' || v.k === 'instance' || v.k === 'seq' || v.k === 'dict' || v.k === 'modulelist';
}

/** A method's parameters after `self`, and which of them a call's arguments give values to (bound
 *  as bindParams binds them). */
export function parametersGiven(def: Node, c: CallSite): { names: string[]; given: Set<string> } {
  const names: string[] = [];
  const given = new Set<string>();
  let pos = 0;
  for (const p of (def.childForFieldName('parameters')?.namedChildren ?? []).slice(1)) {
    if (!p) continue;
    const { name, kind } = paramOf(p);
    if (!name) continue;
    names.push(name);
    if (c.args.kw.has(name) || (kind === 'plain' && pos++ < c.args.pos.length) || (kind !== 'splat' && c.args.splat)) given.add(name);
  }
  return { names, given };
}

/** `*args` of a method's wrapper: the instance, then the rest when known. */
function withFirst(self: PyValue, rest: PyValue | undefined): PyValue {
  if (rest?.k === 'seq' && !rest.open) return { k: 'seq', kind: 'tuple', items: [self, ...rest.items] };
  return { k: 'seq', kind: 'tuple', items: [], open: true, head: [self], tail: [] };
}

/** What a call gives `*args` (star 'list': the positional arguments from `pos` on) or `**kwargs`
 *  (the keywords no other parameter names). Unknown when the call unpacks `*xs` / `**kw` we do
 *  not know the items of. */
function restOf(c: CallSite, star: 'list' | 'dict', pos: number, params: readonly (Node | null)[]): PyValue {
  if (c.args.splat) return UNKNOWN;
  if (star === 'list') return { k: 'seq', kind: 'tuple', items: c.args.pos.slice(pos) };
  const named = new Set(params.map((q) => (q ? paramOf(q) : undefined)).filter((q) => q?.kind === 'plain').map((q) => q!.name));
  const entries = new Map<string, PyValue>();
  for (const [k, v] of c.args.kw) if (!named.has(k)) entries.set(k, v);
  return { k: 'dict', entries };
}

export function paramOf(p: Node): { name?: string; def?: Node; kind: 'plain' | 'splat' | 'separator'; star?: 'list' | 'dict' } {
  switch (p.type) {
    case 'identifier':
      return { name: p.text, kind: 'plain' };
    case 'default_parameter':
    case 'typed_default_parameter':
      return { name: p.childForFieldName('name')?.text, def: p.childForFieldName('value') ?? undefined, kind: 'plain' };
    case 'typed_parameter': {
      const inner = p.namedChildren[0];
      if (inner && inner.type !== 'identifier') return { name: inner.namedChildren[0]?.text, kind: 'splat', star: starOf(inner.type) };
      return { name: inner?.text, kind: 'plain' };
    }
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return { name: p.namedChildren[0]?.text, kind: 'splat', star: starOf(p.type) };
    default:
      return { kind: 'separator' };
  }
}

function starOf(type: string): 'list' | 'dict' | undefined {
  return type === 'list_splat_pattern' ? 'list' : type === 'dictionary_splat_pattern' ? 'dict' : undefined;
}

function memoKey(it: Interp, fn: FunctionDef, self: PyValue | undefined, c: CallSite | undefined): string | undefined {
  const parts = [String(it.idOf(fn)), self ? String(it.idOf(self)) : '-'];
  if (!c) parts.push('generic');
  else {
    for (const v of c.args.pos) parts.push(valueKey(it, v));
    for (const [k, v] of c.args.kw) parts.push(`${k}=${valueKey(it, v)}`);
    if (c.args.splat) parts.push('*');
  }
  // What it reads from the scopes around it (`def evaluate(): return model(x) > 0.5`, called again
  // after `model` is rebound): another value there is another run.
  // What the containers it reads there hold (`def get(): return CFG["act"]`, called again after
  // `CFG["act"] = "sigmoid"`): changed in place, another run too.
  const budget = { left: CONTENT_ENTRIES };
  if (fn.closure) for (const name of freeNames(fn)) {
    const v = fn.closure.lookup(name);
    if (v && v.k !== 'api' && v.k !== 'module') parts.push(`${name}=${valueKey(it, v)}${contentKey(it, v, budget, new Set())}`);
  }
  return budget.left < 0 ? undefined : parts.join('|');
}

/** Entries of the containers a function reads from around it that its memo key spells (past them,
 *  no memo: the call runs). */
const CONTENT_ENTRIES = 2000;

/** What a container holds, at any depth, as a key: `{act=c:string:sigmoid}`. */
function contentKey(it: Interp, v: PyValue, budget: { left: number }, seen: Set<object>): string {
  const items = itemsOf(v);
  const id = v.k === 'seq' ? v : items;
  if (!items || !id || seen.has(id) || (budget.left -= items.size + 1) < 0) return '';
  seen.add(id);
  return `{${[...items].map(([k, x]) => `${k}=${valueKey(it, x)}${contentKey(it, x, budget, seen)}`).join(',')}}`;
}

const freeNamesOf = new WeakMap<object, string[]>();

/** The names a function's body reads from the scopes around it: not its parameters, nor the names
 *  it assigns itself (locals: `m = build(); return m` beside a global `m`), unless declared global. */
function freeNames(fn: FunctionDef): string[] {
  let names = freeNamesOf.get(fn.node);
  if (!names) {
    const local = new Set((fn.node.childForFieldName('parameters')?.descendantsOfType('identifier') ?? []).map((p) => p.text));
    const body = fn.node.childForFieldName('body');
    for (const a of body?.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement']) ?? []) {
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier') local.add(left.text);
      else if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern') for (const id of left.namedChildren) if (id.type === 'identifier') local.add(id.text);
    }
    if (body) for (const g of globalNames(body)) local.delete(g);
    const ids = new Set<string>();
    for (const id of body?.descendantsOfType('identifier') ?? []) {
      const p = id.parent;
      if (p?.type === 'attribute' && p.childForFieldName('attribute') === id) continue;
      if (p?.type === 'keyword_argument' && p.childForFieldName('name') === id) continue;
      if (!local.has(id.text)) ids.add(id.text);
    }
    freeNamesOf.set(fn.node, (names = [...ids]));
  }
  return names;
}

function valueKey(it: Interp, v: PyValue): string {
  if (v.k === 'const') return `c:${typeof v.v}:${String(v.v)}`;
  if (v.k === 'unknown' || v.k === 'none') return v.k;
  if (v.k === 'api' && !v.bound) return `api:${v.name}`;
  return `o:${it.idOf(v)}`;
}

/** The defaults of a def or lambda, evaluated where it is defined: `def build(act=ACT)` keeps the
 *  ACT of that moment, whatever ACT is rebound to later. */
export function definedDefaults(it: Interp, fn: FunctionDef, f: Frame): FunctionDef {
  for (const p of fn.node.childForFieldName('parameters')?.namedChildren ?? []) {
    const { name, def } = p ? paramOf(p) : { name: undefined, def: undefined };
    if (name && def) (fn.defaults ??= new Map()).set(name, it.eval(def, f));
  }
  return fn;
}

/** Whether calls of a function may pass the keyword `name` (a parameter of that name, or `**kwargs`). */
export function acceptsKeyword(def: Node, name: string): boolean {
  const params = def.childForFieldName('parameters')?.namedChildren ?? [];
  return params.some((p) => {
    const q = p && paramOf(p);
    return !!q && ((q.kind === 'plain' && q.name === name) || q.star === 'dict');
  });
}
