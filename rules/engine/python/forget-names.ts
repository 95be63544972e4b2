// Names a statement may have rebound in ways the interpreter does not follow (a statement with a
// syntax error inside, `del`): they become unknown, and nothing else does.
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, type Env, type PyValue } from './values';

/** Names the targets in `s` bind (or change: `x.fc = ...` names `x`): of assignments, loops,
 *  `with ... as`, walrus, imports and `global`, nested ones included. */
export function targetNames(s: Node): string[] {
  const out: string[] = [];
  const targets = s.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern', 'named_expression', 'import_statement', 'import_from_statement', 'aliased_import', 'global_statement']);
  for (const t of targets) {
    if (!t) continue;
    const side = t.childForFieldName('left') ?? t.childForFieldName('alias') ?? t.childForFieldName('name') ?? t;
    for (const id of side.descendantsOfType('identifier')) if (id) out.push(id.text);
    if (t.type === 'as_pattern') for (const id of t.namedChildren.slice(1).flatMap((c) => (c ? c.descendantsOfType('identifier') : []))) if (id) out.push(id.text);
  }
  return out;
}

/** Names a broken statement may have bound: whatever it did to them is unknown. A def or class
 *  binds only its own name (its body's names are its own); elsewhere, the targets of assignments,
 *  loops, `with ... as`, imports and `global`, and in text the parser could not shape, any name
 *  written before an `=`. Names it only reads keep their values. */
export function forgetNames(s: Node, env: Env): void {
  const forget = (name: string | undefined) => { if (name && env.vars.has(name)) env.vars.set(name, UNKNOWN); };
  if (s.type === 'function_definition' || s.type === 'class_definition' || s.type === 'decorated_definition') {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    const name = def?.childForFieldName('name')?.text;
    // The names its `global` statements rebind may change when it runs.
    for (const name of globalNames(s)) forget(name);
    if (name) { forget(name); return; }
  }
  for (const name of targetNames(s)) forget(name);
  for (const m of s.text.matchAll(ASSIGNED_IN_TEXT)) forget(m[1]);
  // `model.append(nn.Sigmoid()))`: a method called on a value of the workspace may change it (not a
  // framework module's function: `torch.sigmoid(` changes nothing).
  for (const m of s.text.matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\.\s*\w+\s*\(/g)) {
    const v = env.vars.get(m[1]);
    if (v && v.k !== 'api' && v.k !== 'module') forget(m[1]);
  }
}

/** A broken def's run: unknown, and so are the module's names its `global` statements rebind. */
export function brokenDef(moduleEnv: Env | undefined, def: Node): PyValue {
  for (const name of globalNames(def)) moduleEnv?.vars.set(name, UNKNOWN);
  return UNKNOWN;
}

/** The names the `global` statements under `n` declare. */
export function globalNames(n: Node): string[] {
  return n.descendantsOfType('global_statement').flatMap((g) => g.descendantsOfType('identifier').map((id) => id.text));
}

/** A name written before an `=` (or `+=`, ...) in text the parser could not shape. */
export const ASSIGNED_IN_TEXT = /\b([A-Za-z_]\w*)\s*(?:[-+*\/%&|^@]|\/\/|\*\*|<<|>>)?=(?!=)/g;

/** A def with a syntax error inside, or holding (or just before) the line of an IndentationError,
 *  which marks no node (`      return torch.sigmoid(z)` dedented out of it). */
export function isBroken(parsed: { text: string; error?: { index: number; message: string }; cells?: readonly number[] }, def: Node): boolean {
  const err = parsed.error;
  if (!err) return false;
  if (def.hasError) return true;
  if (def.startIndex > err.index) return false;
  if (err.index < def.endIndex) return true;
  // Just before the error: an indentation error's line (one a notebook cell's own: a cell after
  // the def's, which fails alone, leaves it whole).
  return /indent|tabs and spaces/.test(err.message) && !parsed.text.slice(def.endIndex, err.index).trim() && !parsed.cells?.some((c) => c > def.endIndex && c <= err.index);
}
