// Names a statement may have rebound in ways the interpreter does not follow (a statement with a
// syntax error inside, `del`): they become unknown, and nothing else does.
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, type Env } from './values';

/** Names a broken statement may have bound: whatever it did to them is unknown. A def or class
 *  binds only its own name (its body's names are its own); elsewhere, the targets of assignments,
 *  loops, `with ... as`, imports and `global`, and in text the parser could not shape, any name
 *  written before an `=`. Names it only reads keep their values. */
export function forgetNames(s: Node, env: Env): void {
  const forget = (name: string | undefined) => { if (name && env.vars.has(name)) env.vars.set(name, UNKNOWN); };
  if (s.type === 'function_definition' || s.type === 'class_definition' || s.type === 'decorated_definition') {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    const name = def?.childForFieldName('name')?.text;
    if (name) { forget(name); return; }
  }
  const targets = s.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'as_pattern', 'named_expression', 'import_statement', 'import_from_statement', 'aliased_import', 'global_statement']);
  for (const t of targets) {
    if (!t) continue;
    const side = t.childForFieldName('left') ?? t.childForFieldName('alias') ?? t.childForFieldName('name') ?? t;
    for (const id of side.descendantsOfType('identifier')) forget(id?.text);
    if (t.type === 'as_pattern') for (const id of t.namedChildren.slice(1).flatMap((c) => (c ? c.descendantsOfType('identifier') : []))) forget(id?.text);
  }
  for (const m of s.text.matchAll(/\b([A-Za-z_]\w*)\s*(?:[-+*\/%&|^@]|\/\/|\*\*|<<|>>)?=(?!=)/g)) forget(m[1]);
}
