// Values a loop carries to its next pass (`prev = out` at the end of the body, read as `prev > 0.5`
// at its top next time). The body is interpreted once; where such a value is a prediction that the
// pass changed, it runs once more with the carried values joined, so that what the next pass reads
// of them is seen: a read of probabilities keeps a fix from removing their sigmoid, and a threshold
// reached by both the first value and the carried one is judged on both (core lint.ts).
import type { SyntaxNode as Node } from './syntax-tree';
import { isModelValue, type Env, type PyValue } from './values';
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

/** The body once more, with what the first pass (`pass`) carries joined in, when it carries a
 *  prediction the body reads before writing. */
export function nextPass(it: Interp, body: Node, f: Frame, before: ReadonlyMap<string, PyValue>, pass: Env, target?: { names: ReadonlySet<string>; rebind: (env: Env) => void }): void {
  // A pass that may end at a `continue` carries what it held there, which the end of the body
  // does not show: left as one pass (what it carries is not known).
  if (repeats >= 2 || /\bcontinue\b/.test(body.text) || !carriesPrediction(body, before, pass, target?.names)) return;
  const again = f.env.copy();
  // A for loop's own names hold the next item on every pass, not what the last pass left in them.
  target?.rebind(again);
  repeats++;
  try {
    execBlock(it, body, { ...f, env: again, cond: true, scope: {} });
  } finally {
    repeats--;
  }
  mergePass(f, again);
}

/** Whether the pass just run left, in a name the body reads before writing, a prediction it did
 *  not hold before the loop. */
function carriesPrediction(body: Node, before: ReadonlyMap<string, PyValue>, after: Env, bound?: ReadonlySet<string>): boolean {
  const read = readBeforeWritten(body);
  // (Or a model the pass rebinds, to whatever: `if stage == 0: m = b`, `m = models[(i + 1) % 2]`;
  // or a setting the next pass builds with: `act = "sigmoid"`, `builder = build_probs`.)
  for (const [k, v] of after.vars) if (before.get(k) !== v && read.has(k) && !bound?.has(k) && (prediction(v) || isModelValue(before.get(k)) || setting(v, before.get(k)))) return true;
  return false;
}

/** A value set for what comes next (a string, a flag, None, a function, class or layer), changed by the
 *  pass from one it held before the loop. Not a number: counters and sums change every pass. */
function setting(v: PyValue, was: PyValue | undefined): boolean {
  const chosen = (x: PyValue) => (x.k === 'const' && typeof x.v !== 'number') || x.k === 'none' || x.k === 'function' || x.k === 'class' || x.k === 'api' || x.k === 'layer';
  // (Set on a branch, `if fold == 2: act = "sigmoid"`, it is unknown after the pass.)
  return !!was && (chosen(v) || chosen(was));
}
