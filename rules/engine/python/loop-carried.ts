// Values a loop carries to its next pass (`prev = out` at the end of the body, read as `prev > 0.5`
// at its top next time). The body is interpreted once; where such a value is a prediction that the
// pass changed, it runs once more with the carried values joined, so that what the next pass reads
// of them is seen: a read of probabilities keeps a fix from removing their sigmoid, and a threshold
// reached by both the first value and the carried one is judged on both (core lint.ts). So where the
// pass changes a setting the next one builds with: a name (`cfg = Cfg(sigmoid=True)` too), an item or
// attribute of what one holds (`cfg["act"] = "sigmoid"`, `self.stage = 1`), a name of an enclosing
// scope (even one only the functions it calls read), or at a `continue`; a comprehension's element
// is such a body (comprehension.ts).
import type { SyntaxNode as Node } from './syntax-tree';
import { isModelValue, itemsOf, type Env, type FunctionDef, type PyValue } from './values';
import { join } from './joins';
import type { Frame, Interp } from './evaluator';
import { execBlock } from './statements';

const readFirst = new WeakMap<Node, Set<string>>();

/** Names whose first use in the body, in the order written, reads them (so a pass may read what
 *  the previous pass left). */
function readBeforeWritten(body: Node): Set<string> {
  let names = readFirst.get(body);
  if (names) return names;
  names = new Set<string>();
  const seen = new Set<string>();
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || seen.has(id.text)) continue;
    seen.add(id.text);
    if (!boundHere(id)) names.add(id.text);
  }
  readFirst.set(body, names);
  return names;
}

/** An identifier written by a plain assignment (`x = ...`, `a, b = ...`) that its right side,
 *  run first, does not read (`prev = step(prev)` reads it). */
function boundHere(id: Node): boolean {
  let n: Node = id;
  while (n.parent && (n.parent.type === 'pattern_list' || n.parent.type === 'tuple_pattern' || n.parent.type === 'list_pattern')) n = n.parent;
  const p = n.parent;
  if (!p || p.type !== 'assignment' || p.childForFieldName('left') !== n) return false;
  const right = p.childForFieldName('right');
  return !right?.identifiersNamed(id.text).length;
}

/** A prediction: a model's output or values whose activation is known; or a model (`m = b` at the
 *  end of the body: the next pass trains, or cuts the output of, the other one). */
function prediction(v: PyValue | undefined): boolean {
  if (isModelValue(v)) return true;
  if (v?.k !== 'tensor') return false;
  const f = v.ref.get();
  return f.pred || f.act !== 'unknown' || !!f.model;
}

/** A pass's names into the loop's frame: a name the loop rebinds may hold either value; one it
 *  binds first is its value (using it after a loop that never ran would fail). */
export function mergePass(f: Frame, pass: Env): void {
  for (const [k, v] of pass.vars) {
    const was = f.env.vars.get(k);
    f.env.vars.set(k, was && was !== v ? join(was, v) : v);
  }
}


/** Loops inside a second pass of an enclosing loop (bounded: nested loops would double each time). */
let repeats = 0;

/** What a loop's names held, and what the containers they hold held, before its first pass. */
export interface PassStart {
  vars: ReadonlyMap<string, PyValue>;
  held: Map<object, Held>;
  /** The scopes around the loop's (its function's module, an enclosing function) and what their
   *  names held: a function the pass calls may rebind them (`global post`, `nonlocal act`), and
   *  another it calls next pass reads them, though the body never names them. */
  outer: Array<[Env, Map<string, PyValue | undefined>]>;
}

/** A container's contents by key (a dict's entries, an object's attributes, a class's members, a
 *  list's items): what a pass may change in place (`cfg["act"] = ...`, `self.act = ...`). */
type Held = Map<string, PyValue | undefined>;

export function passStart(it: Interp, body: Node | null | undefined, env: Env): PassStart {
  const outer: PassStart['outer'] = [];
  // (Journaled only for a body, whose end runsAgain judges and ends the journals at.)
  if (body) for (let e = env.parent; e; e = e.parent) if (e.kind !== 'class') outer.push([e, e.vars.journal()]);
  return { vars: new Map(env.vars), held: body ? heldNow(it, body, env) : new Map(), outer };
}

/** What the names the body reads before writing hold, however many containers down
 *  (`self.cfg.model.head["act"]`); and such a name of an enclosing scope (`global act` in the body,
 *  or set by a function it calls). */
function heldNow(it: Interp, body: Node, env: Env): Map<object, Held> {
  const held = new Map<object, Held>();
  const budget = { left: HELD_ENTRIES };
  for (const k of readBeforeWritten(body)) {
    const scope = enclosing(env, k);
    if (scope) {
      if (!held.has(scope.vars)) held.set(scope.vars, new Map());
      held.get(scope.vars)!.set(k, scope.vars.get(k));
    }
    const v = env.lookup(k);
    snapshot(it, v, held, budget);
    if (v?.k === 'function') readByFunction(it, v.fn, held, budget, 3);
  }
  return held;
}

/** What the names a function the body calls reads hold (`def get(): return CFG["act"]`, `def bump():
 *  CFG["act"] = "sigmoid"`), and those of the functions it names in turn, `depth` levels down:
 *  the pass may change them, though the body never names them. */
function readByFunction(it: Interp, fn: FunctionDef, held: Map<object, Held>, budget: { left: number }, depth: number): void {
  if (held.has(fn)) return;
  held.set(fn, new Map());
  called.add(fn);
  let names = namedIn.get(fn.node);
  if (!names) namedIn.set(fn.node, (names = new Set(fn.node.descendantsOfType('identifier').map((n) => n!.text))));
  for (const k of names) {
    const v = fn.closure.lookup(k);
    snapshot(it, v, held, budget);
    if (v?.k === 'function' && depth > 1) readByFunction(it, v.fn, held, budget, depth - 1);
  }
}
const namedIn = new WeakMap<Node, Set<string>>();
/** Functions readByFunction read (their entries in `held` are empty: marks that they were). */
const called = new WeakSet<object>();

/** Entries read of the containers a loop reads (a bound on the work, not on the depth); past it,
 *  what a pass changed is not known: the next pass runs (DEEPER). */
const HELD_ENTRIES = 5000;
const DEEPER: Held = new Map();

/** The enclosing scope `name` is looked up in (as Env.lookup does), when not `env` itself. */
function enclosing(env: Env, name: string): Env | undefined {
  if (env.vars.has(name)) return undefined;
  for (let e = env.parent; e; e = e.parent) if (e.kind !== 'class' && e.vars.has(name)) return e;
  return undefined;
}

/** The object whose contents `v` is, with what they are now. */
function contents(it: Interp, v: PyValue): [object, Held] | undefined {
  // A workspace module's names (`config.ACT = "sigmoid"`; run now if not yet, as its import did).
  if (v.k === 'module') {
    const vars = v.file ? it.program.load(v.file)?.env.vars : undefined;
    return vars && [vars, new Map(vars)];
  }
  const items = itemsOf(v);
  return items && [v.k === 'dict' ? v.entries : v.k === 'instance' ? v.obj.attrs : v.k === 'class' ? v.cls.members : v, new Map(items)];
}

/** The contents of `v`, and of the containers it holds, at any depth (not a module's: its names
 *  are many, and what they hold another module's to change). */
function snapshot(it: Interp, v: PyValue | undefined, held: Map<object, Held>, budget: { left: number }): void {
  const c = v && contents(it, v);
  if (!c || held.has(c[0])) return;
  if ((budget.left -= c[1].size + 1) < 0) {
    held.set(DEEPER, DEEPER);
    return;
  }
  held.set(c[0], c[1]);
  if (v.k !== 'module') for (const x of c[1].values()) snapshot(it, x, held, budget);
}

/** A list's items written, not only added to: a store to an item, a method that moves or replaces items. */
const ITEM_WRITES = /\]\s*(?:[-+*\/%&|^@]|\/\/|\*\*|>>|<<)?=(?!=)|\.\s*(?:insert|pop|remove|reverse|sort|clear|__setitem__|__delitem__|__iadd__|__imul__)\s*\(|\bsetitem\s*\(|\bdel\b/;

/** A list read from its end (`acts[-1]`, `xs[len(xs) - 1]`). */
const LAST_READS = /\[\s*-\s*\d|\[\s*len\s*\(/;

/** Whether a pass changed the contents of a container it reads before, or a name of an enclosing
 *  scope: the next pass reads them so. */
function changedInPlace(it: Interp, start: PassStart, body: Node, env: Env): boolean {
  const now = heldNow(it, body, env);
  if (start.held.has(DEEPER) || now.has(DEEPER)) return true;
  // (The body's text, and that of the functions it calls, which may write the items too.)
  const text = [body, ...[...start.held.keys()].filter((o): o is FunctionDef => called.has(o)).map((fn) => fn.node)].map((n) => n.text).join('\n');
  for (const [o, was] of start.held) {
    const is = now.get(o);
    if (!is) continue; // no longer reached through these names: rebinding them is judged by name
    // (A list only grown, `layers.append(m)`, keeps its first items, which an open list no longer
    // knows: no item of it changed; unless the body reads it from its end, `acts[-1]`, which the
    // growth changed.)
    if (!(o instanceof Map) && LAST_READS.test(text) && is.size !== was.size) return true;
    if (!(o instanceof Map) && !ITEM_WRITES.test(text)) continue;
    for (const [key, v] of was) if (is.get(key) !== v) return true;
    // (A key added to a dict or an object: read before, it was another or the class's.)
    if (o instanceof Map) for (const key of is.keys()) if (!was.has(key)) return true;
  }
  return false;
}

/** The names at the end of a pass, joined with what they held at each `continue` it may take
 *  there (a pass that continues carries those to the next), and with what a function it called
 *  wrote into the loop's own scope, which the pass's copy of it does not show (`nonlocal act`, a
 *  `global act` of a loop at module level). */
export function passEnd(f: Frame, start: PassStart, env: Env, continues: readonly Env[] | undefined): Env {
  const written = [...f.env.vars].filter(([k, v]) => start.vars.get(k) !== v);
  if (!continues?.length && !written.length) return env;
  const end = env.copy();
  for (const c of continues ?? []) for (const [k, v] of c.vars) end.vars.set(k, join(end.vars.get(k), v));
  for (const [k, v] of written) end.vars.set(k, join(end.vars.get(k), v));
  return end;
}

/** The body once more, with what the first pass (`pass`) carries joined in, when it carries a
 *  prediction or a setting the body reads before writing, or changed what such a name holds. */
export function nextPass(it: Interp, body: Node, f: Frame, start: PassStart, pass: Env, target?: { names: ReadonlySet<string>; rebind: (env: Env) => void }): void {
  if (!runsAgain(it, body, start, pass, target?.names)) return;
  const again = f.env.copy();
  // A for loop's own names hold the next item on every pass, not what the last pass left in them.
  target?.rebind(again);
  repeats++;
  const continues: Env[] = [];
  try {
    execBlock(it, body, { ...f, env: again, cond: true, scope: {}, continues });
  } finally {
    repeats--;
  }
  mergePass(f, passEnd(f, start, again, continues));
}

/** Whether a loop's body (a comprehension's element: `[train(k) for k in folds]`) must run once
 *  more to see what its next pass reads; if so, a setting some call rebound in a scope around the
 *  loop's is joined with what it held before, as the next pass may find either. */
export function runsAgain(it: Interp, body: Node, start: PassStart, pass: Env, bound?: ReadonlySet<string>): boolean {
  for (const [e, was] of start.outer) e.vars.endJournal(was);
  if (repeats >= 2) return false;
  const outer = outerRebound(start);
  if (!outer.length && !carriesPrediction(body, start.vars, pass, bound) && !changedInPlace(it, start, body, pass)) return false;
  for (const [e, k, was] of outer) e.vars.set(k, join(was, e.vars.get(k)));
  return true;
}

/** An element evaluated once more, as a loop's body (runsAgain), bounded as nextPass is. */
export function againWith<T>(run: () => T): T {
  repeats++;
  try {
    return run();
  } finally {
    repeats--;
  }
}

/** Names of the scopes around the loop's that a function the pass called rebound to a prediction,
 *  a model or a setting (`global post; post = nn.Sigmoid()`). */
function outerRebound(start: PassStart): Array<[Env, string, PyValue | undefined]> {
  const out: Array<[Env, string, PyValue | undefined]> = [];
  for (const [e, was] of start.outer) {
    for (const [k, old] of was) {
      const v = e.vars.get(k);
      if (v !== undefined && old !== v && carried(v, old, () => false)) out.push([e, k, old]);
    }
  }
  return out;
}

/** Whether the pass just run left, in a name the body reads before writing, a prediction it did
 *  not hold before the loop. */
function carriesPrediction(body: Node, before: ReadonlyMap<string, PyValue>, after: Env, bound?: ReadonlySet<string>): boolean {
  const read = readBeforeWritten(body);
  for (const [k, v] of after.vars) {
    if (before.get(k) === v || bound?.has(k)) continue;
    // (A name the body never names was rebound by a function it called, `global flag`: another it
    // calls reads it, it may be, and not only to count.)
    const named = body.identifiersNamed(k).length > 0;
    if ((read.has(k) || !named) && carried(v, before.get(k), () => named && onlyCounts(body, k))) return true;
  }
  return false;
}

/** What a pass leaves for the next: a prediction, a model (or a model rebound, to whatever: `if
 *  stage == 0: m = b`), or a setting (`act = "sigmoid"`, `builder = build_probs`, `stage = 1`,
 *  `cfg = Cfg(sigmoid=True)`) that the next pass does not read only to count. */
function carried(v: PyValue, was: PyValue | undefined, counts: () => boolean): boolean {
  return prediction(v) || isModelValue(was) || ((setting(v, was) || otherSettings(v, was, new Set()) || unreadable(v, was)) && !counts());
}

/** A container of settings rebound to a value we cannot read (`state = {**state, "act": ...}` of
 *  what we do not know, `cfg._replace(...)`, `dataclasses.replace(cfg, ...)`): it may hold others. */
function unreadable(v: PyValue, was: PyValue | undefined): boolean {
  return !!was && v.k === 'unknown' && !!entriesOf(was) && [...entriesOf(was)!.values()].some(chosen);
}

const counting = new WeakMap<Node, Map<string, boolean>>();

/** Whether the body reads `name` only to compute its own next value or to print it (`running_loss
 *  += loss.item()`, `total = total + n`, `print(step, running_loss / 100)`): then what it holds
 *  on the next pass decides nothing else there. */
function onlyCounts(body: Node, name: string): boolean {
  let known = counting.get(body);
  if (!known) counting.set(body, (known = new Map()));
  let only = known.get(name);
  if (only === undefined) known.set(name, (only = body.identifiersNamed(name).every(counts)));
  return only;
}

function counts(id: Node): boolean {
  for (let n: Node = id, p = n.parent; p; n = p, p = p.parent) {
    // Its own update: `x += ...` (the target read too), or `x = ... x ...`.
    if ((p.type === 'augmented_assignment' || p.type === 'assignment') && p.childForFieldName('left')?.type === 'identifier' && p.childForFieldName('left')?.text === id.text) return true;
    if (p.type === 'call' && p.childForFieldName('function')?.text === 'print' && n !== p.childForFieldName('function')) return true;
    if (p.type === 'block' || p.type.endsWith('_statement')) return false;
  }
  return false;
}

/** A value set for what comes next (a string, number, flag, None, a function, class or layer),
 *  changed by the pass from one it held before the loop. A counter is one too (`if step >= 100:
 *  head = nn.Sigmoid()`): the next pass runs with it unknown, which changes only what it decides. */
function setting(v: PyValue, was: PyValue | undefined): boolean {
  // (Set on a branch, `if fold == 2: act = "sigmoid"`, it is unknown after the pass.)
  return !!was && (chosen(v) || chosen(was));
}

function chosen(x: PyValue): boolean {
  return x.k === 'const' || x.k === 'none' || x.k === 'function' || x.k === 'class' || x.k === 'api' || x.k === 'layer';
}

/** A container rebound to one holding other settings (`cfg = {"sigmoid": True}`, a dataclass made
 *  with other fields), at any depth: a fresh one holding the same (`cfg = Cfg()` each pass), or
 *  other tensors only (`hidden = (h, c)`), changes nothing the next pass decides. (`seen`: the
 *  containers compared already, as a structure may hold itself.) */
function otherSettings(v: PyValue, was: PyValue | undefined, seen: Set<object>): boolean {
  const a = was && entriesOf(was);
  const b = entriesOf(v);
  if (!a || !b || a === b) return false;
  const key = v.k === 'seq' ? v : b; // (a list's items are read anew each time)
  if (seen.has(key)) return false;
  seen.add(key);
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [x, y] = [a.get(key), b.get(key)];
    if (x === y || (x?.k === 'const' && y?.k === 'const' && x.v === y.v)) continue;
    if (!x || !y || chosen(x) || chosen(y) || otherSettings(y, x, seen)) return true;
  }
  return false;
}

/** The settings a container holds (a model's attributes are its layers, not settings; an open
 *  list's are not all known). */
function entriesOf(v: PyValue): ReadonlyMap<string, PyValue> | undefined {
  return v.k === 'class' || isModelValue(v) || (v.k === 'seq' && v.open) ? undefined : itemsOf(v);
}
