// What several possible paths leave behind (if/elif/else, match cases): each path's names and the
// attributes of the instance being built, joined: what every path that goes on agrees on.
import { enclosingScope, type SyntaxNode as Node } from './syntax-tree';
import { Env, PyValue, UNKNOWN, type ClassDef, type PyObject } from './values';
import { join, joinEnvs } from './joins';
import type { Frame, Interp } from './evaluator';
import { testsActivationText, WIDTH_TEST } from '../core/judge';

/** How a block ends: it goes on, or it returned (raised). */
export type Flow = 'next' | 'return';

export type Path = { env: Env; flow: Flow; attrs?: ReadonlyMap<string, PyValue> };

export function builtSelf(f: Frame): PyObject | undefined {
  const self = f.env.lookup('self');
  return self?.k === 'instance' && self.obj.building ? self.obj : undefined;
}

export function replaceAll<K, V>(into: Map<K, V>, from: ReadonlyMap<K, V>): void {
  into.clear();
  for (const [k, v] of from) into.set(k, v);
}

/** The frame for a set of branches: the attributes they all start from. */
export function branchesFrame(f: Frame): Frame {
  const obj = builtSelf(f);
  return obj ? { ...f, attrsBefore: new Map(obj.attrs) } : f;
}

/** Whether an if/elif chain's conditions read a tensor's width or the number of classes. */
export function readsWidth(s: Node): boolean {
  return conditionsOf(s).some(testsWidth);
}

/** Whether an if/elif chain's conditions look at the output's activation (`isinstance(model[-1],
 *  nn.Sigmoid)`, `if use_sigmoid:`, `if not from_logits:`, `if model.returns_logits:`,
 *  `if cfg.outputs_probabilities:`): each branch is for the activation it tests, so what a
 *  decision or a loss in it expects is not ours to say. */
export function readsActivation(s: Node): boolean {
  return conditionsOf(s).some(testsActivation);
}

/** A condition on what the output is: its activation named, or its range tested
 *  (`out.min() >= 0 and out.max() <= 1`: probabilities or not). */
export function testsActivation(cond: Node): boolean {
  return testsActivationText(cond.text);
}

function conditionsOf(s: Node): Node[] {
  const out = [s.childForFieldName('condition')];
  for (const a of s.childrenForFieldName('alternative')) if (a?.type === 'elif_clause') out.push(a.childForFieldName('condition'));
  return out.filter((c): c is Node => !!c);
}

/** A condition on a width: its text (WIDTH_TEST), or a name the same function (or module) binds from
 *  a shape or size (`n, d = yhat.shape` ... `if d > 1:`). */
export function testsWidth(cond: Node): boolean {
  // `if labels is not None:` asks whether labels were given, not how many there are.
  if (/^[\w.]+\s+is\s+(?:not\s+)?None$/.test(cond.text)) return false;
  if (WIDTH_TEST.test(cond.text)) return true;
  const names = cond.type === 'identifier' ? [cond] : cond.descendantsOfType('identifier');
  if (names.length === 0) return false;
  const scope = enclosingScope(cond);
  if (!scope) return false;
  let bound = widthNames.get(scope);
  if (!bound) {
    bound = new Set();
    for (const a of scope.descendantsOfType('assignment')) {
      const right = a?.childForFieldName('right');
      const left = a?.childForFieldName('left');
      if (!right || !left || !SHAPE_READ.test(right.text)) continue;
      for (const id of left.type === 'identifier' ? [left] : left.descendantsOfType('identifier')) if (id) bound.add(id.text);
    }
    widthNames.set(scope, bound);
  }
  return names.some((n) => n && bound!.has(n.text));
}

const SHAPE_READ = /\.shape\b|\.size\s*\(|output_shape|\.ndim\b|\.dim\s*\(/;
const widthNames = new WeakMap<Node, Set<string>>();


/** The frame's names after branches: each joined over the branches that go on. */
export function joinPaths(f: Frame, paths: Path[]): Flow {
  const live = paths.filter((p) => p.flow === 'next');
  const obj = builtSelf(f);
  if (obj && f.attrsBefore) {
    // An attribute every path that goes on sets: what they agree on. Set on some only: unknown,
    // unless nothing else could answer for it (not set before, no class attribute or framework
    // base to fall back on): then reading it on the other paths raises AttributeError, and the
    // value is what the paths that set it agree on (`if t == "a": self.net = A()` / `elif ...`).
    const sets = live.map((p) => p.attrs ?? f.attrsBefore!);
    const names = new Set(sets.flatMap((m) => [...m.keys()]));
    const joined = new Map<string, PyValue>();
    for (const n of names) {
      const having = sets.filter((m) => m.has(n));
      const all = having.length === sets.length || (!f.attrsBefore.has(n) && onlyOnInstance(obj.cls, n));
      joined.set(n, all ? having.map((m) => m.get(n)!).reduce((a, b) => join(a, b)) : UNKNOWN);
    }
    replaceAll(obj.attrs, live.length ? joined : f.attrsBefore);
  }
  if (live.length === 0) return 'return';
  let acc = live[0].env;
  for (const p of live.slice(1)) {
    const j = f.env.copy();
    joinEnvs(j, acc, p.env);
    acc = j;
  }
  f.env.vars.clear();
  for (const [k, v] of acc.vars) f.env.vars.set(k, v);
  return 'next';
}

/** Whether reading `name` on an instance without that attribute raises: no member of the class or
 *  of its user bases, and every other base is `object` or `nn.Module` (whose attribute lookup
 *  raises for names it does not hold). Keras bases define many attributes: never. */
function onlyOnInstance(cls: ClassDef, name: string, depth = 0): boolean {
  if (cls.members.has(name) || depth > 20) return false;
  return cls.bases.every((b) => (b.k === 'class' ? onlyOnInstance(b.cls, name, depth + 1) : b.k === 'api' && NO_ATTRIBUTES.test(b.name)));
}

const NO_ATTRIBUTES = /^(?:builtins\.object|torch\.nn\.(?:Module|modules\.module\.Module))$/;

/** Whether a condition's value is known true or false: a constant bool or number (`if 0:`, `if
 *  1:`, a name bound to one), else undefined. */
export function truthOf(c: PyValue): boolean | undefined {
  return c.k === 'const' && (typeof c.v === 'boolean' || typeof c.v === 'number') ? !!c.v : undefined;
}

/** The body the elif/else clauses run when every condition is known (null: none runs), or
 *  undefined when one is not. */
export function chosenClause(it: Interp, alternatives: Array<Node | null>, f: Frame): Node | null | undefined {
  for (const alt of alternatives) {
    if (!alt) return undefined;
    if (alt.type === 'else_clause') return alt.childForFieldName('body');
    const known = truthOf(it.eval(alt.childForFieldName('condition'), f));
    if (known === undefined) return undefined;
    if (known) return alt.childForFieldName('consequence');
  }
  return null;
}

/** Whether an edit at [start, end) of the module `root` comes after (or inside) a branch chosen by
 *  what the values are (`if from_logits: o = torch.sigmoid(o)`, `if self.apply_sigmoid:`, a Colab
 *  form's `USE_LOGITS = True #@param` tested at the top), in the edit's own function or at the
 *  module's top level: another call, or another setting of the flag, takes the other path, for
 *  which the edit is wrong. */
export function afterActivationSwitch(root: Node, start: number, end: number): boolean {
  // (Keyed by the text too: a re-parse of the same file may keep its root node.)
  let found = switchesOf.get(root);
  if (!found || found.text !== root.text) {
    found = { text: root.text, switches: [], fns: root.descendantsOfType('function_definition').filter((n): n is Node => !!n) };
    for (const b of root.descendantsOfType(['if_statement', 'conditional_expression'])) {
      const cond = b?.type === 'if_statement' ? b.childForFieldName('condition') : b?.namedChildren[1];
      if (b && cond && testsActivation(cond)) found.switches.push(b);
    }
    switchesOf.set(root, found);
  }
  if (!found.switches.length) return false;
  // The innermost function holding the edit.
  let fn: Node | undefined;
  for (const f of found.fns) if (f.startIndex <= start && end <= f.endIndex && (!fn || f.startIndex >= fn.startIndex)) fn = f;
  return found.switches.some((b) => {
    if (b.startIndex >= end) return false;
    const scope = enclosingScope(b);
    return scope?.type === 'module' || scope === fn;
  });
}

const switchesOf = new WeakMap<Node, { text: string; switches: Node[]; fns: Node[] }>();
