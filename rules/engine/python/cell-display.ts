// Notebooks: IPython displays the value of a cell's last expression (not ended by `;`), which
// reads it as it is (statements.ts execExpression).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp } from './evaluator';
import type { PyModule } from './program';

/** Whether IPython displays the value of module-level statement `s` (not ended by `;`): the last of
 *  its notebook cell, or any expression as the notebook's settings say (interactivity below). */
export function displayedByCell(it: Interp, mod: PyModule, s: Node): boolean {
  const starts = it.program.cellStarts.get(mod.file);
  if (!starts) return false;
  let shown = displayed.get(mod);
  if (!shown) {
    let root = s;
    while (root.parent) root = root.parent;
    displayed.set(mod, (shown = lastOfCells(mod, root, starts, mod.file.endsWith('.ipynb') ? it.program.host.readFile(mod.file) ?? '' : '')));
  }
  if (s.parent?.type === 'module') return shown.has(s.startIndex);
  // With 'all', IPython runs each top-level statement as a console would: an expression in its loop
  // or branch is displayed too (not one in a def or class).
  // With 'last', so is one in the cell's last statement (a loop whose body shows values).
  let top = s;
  while (top.parent && top.parent.type !== 'module') top = top.parent;
  const shownThere = !!shown.all || !!shown.lastTop?.has(top.startIndex);
  return shownThere && s.type === 'expression_statement' && !assigns(s) && !endsWithSemicolon(mod.parsed.text, s) && !inDefinition(s);
}

type Displayed = Set<number> & { all?: boolean; lastTop?: Set<number> };
const displayed = new WeakMap<PyModule, Displayed>();

const assigns = (st: Node): boolean => st.namedChildren.some((c) => c.type === 'assignment' || c.type === 'augmented_assignment');

function endsWithSemicolon(text: string, st: Node): boolean {
  let j = st.endIndex;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return text[j] === ';';
}

function inDefinition(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return true;
  return false;
}

/** What IPython displays: a cell's last expression, every expression (`ast_node_interactivity =
 *  'all'`, a Kaggle habit set by `%config` or on `InteractiveShell`), the last expression or
 *  assignment ('last_expr_or_assign'), or the expressions of the last statement ('last'). Any such
 *  setting in the notebook counts for all its cells. */
function interactivity(text: string): { all: boolean; assign: boolean; last: boolean } {
  // (In a notebook's JSON too, where a `%config` line's quotes may be escaped: its code has the magic blanked.)
  const modes = [...text.matchAll(/ast_node_interactivity\s*=\s*\\?["'](\w+)\\?["']/g)].map((m) => m[1]);
  return { all: modes.includes('all'), assign: modes.includes('last_expr_or_assign'), last: modes.includes('last') };
}

function lastOfCells(mod: PyModule, root: Node, starts: readonly number[], raw: string): Displayed {
  const out: Displayed = new Set<number>();
  const stmts = root.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const text = mod.parsed.text;
  const mode = interactivity(`${text}\n${raw}`);
  out.all = mode.all;
  if (mode.last) out.lastTop = new Set();
  let cell = 0;
  stmts.forEach((st, i) => {
    while (cell + 1 < starts.length && starts[cell + 1] <= st.startIndex) cell++;
    const end = cell + 1 < starts.length ? starts[cell + 1] : Infinity;
    const last = !(i + 1 < stmts.length && stmts[i + 1].startIndex < end);
    if (last) out.lastTop?.add(st.startIndex);
    if (st.type !== 'expression_statement') return;
    if (assigns(st) ? !(mode.assign && last) : !(mode.all || last)) return;
    if (!endsWithSemicolon(text, st)) out.add(st.startIndex);
  });
  return out;
}
