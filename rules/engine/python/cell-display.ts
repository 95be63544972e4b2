// Notebooks: IPython displays the value of a cell's last expression (not ended by `;`), which
// reads it as it is (statements.ts execExpression).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp } from './evaluator';
import type { PyModule } from './program';
import { notebookCode } from './notebook';
import { literalEnd } from './text-scan';

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
  const shownThere = !!shown.all || !!shown.lastTop?.has(top.startIndex) || !!shown.timedTops?.has(top.startIndex);
  return shownThere && s.type === 'expression_statement' && !assigns(s) && !shown.quietTops?.has(top.startIndex) && !inDefinition(s);
}

/** Starts of displayed top-level statements; `quietTops`: top-level statements of cells that end in
 *  `;`, which display nothing (IPython's DisplayHook.quiet() looks at the cell's last token only);
 *  `timedTops`: `%time expr` lines (read as `if 1: expr`, ipython.ts) whose value IPython displays. */
type Displayed = Set<number> & { all?: boolean; lastTop?: Set<number>; quietTops?: Set<number>; timedTops?: Set<number> };
const displayed = new WeakMap<PyModule, Displayed>();

const assigns = (st: Node): boolean => st.namedChildren.some((c) => c.type === 'assignment' || c.type === 'augmented_assignment');

/** Whether the cell whose last statement is `last` (the cell ends at `end`) ends in `;`: its last
 *  token, strings and comments read as Python's tokenizer does. An IPython line after it (blanked
 *  here) ends the cell in that line's call (`get_ipython().run_line_magic(...)`): not quiet. */
function quietCell(text: string, last: Node, end: number, blanked: ReadonlyArray<readonly [number, number]>): boolean {
  const stop = Math.min(end, text.length);
  if (blanked.some(([a]) => a >= last.endIndex && a < stop)) return false;
  let token = '';
  for (let i = last.startIndex; i < stop; i++) {
    const c = text[i];
    if (c === '#') i = literalEnd(text, i);
    else if (c === '"' || c === "'") {
      i = literalEnd(text, i);
      token = c;
    } else if (!/\s/.test(c)) token = c;
  }
  return token === ';';
}

/** A `%time stmt` line (or a one-line cell's `time stmt`), which ipython.ts writes as `if 1: stmt`. */
function timedLine(st: Node, blanked: ReadonlyArray<readonly [number, number]>): boolean {
  return st.type === 'if_statement' && st.text.startsWith('if 1:') && blanked.some(([a, b]) => a <= st.startIndex && st.startIndex < b);
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
  const code = raw ? notebookCode(raw) : undefined;
  const blanked = code && typeof code !== 'string' ? code.blanked : [];
  out.all = mode.all;
  out.quietTops = new Set();
  if (mode.last) out.lastTop = new Set();
  // Each cell's statements, then what of them is displayed.
  const cells: Node[][] = [];
  let cell = 0;
  const ends: number[] = [];
  for (const st of stmts) {
    while (cell + 1 < starts.length && starts[cell + 1] <= st.startIndex) cell++;
    if (!cells[cell]) cells[cell] = [];
    cells[cell].push(st);
    ends[cell] = cell + 1 < starts.length ? starts[cell + 1] : Infinity;
  }
  cells.forEach((sts, c) => {
    const quiet = quietCell(text, sts[sts.length - 1], ends[c], blanked);
    sts.forEach((st, i) => {
      const last = i === sts.length - 1;
      if (quiet) out.quietTops!.add(st.startIndex);
      if (last) out.lastTop?.add(st.startIndex);
      // `%time model(x)` returns the value, displayed as the expression would be.
      if (!quiet && (mode.all || last) && timedLine(st, blanked)) (out.timedTops ??= new Set()).add(st.startIndex);
      if (st.type !== 'expression_statement' || quiet) return;
      if (assigns(st) ? !(mode.assign && last) : !(mode.all || last)) return;
      out.add(st.startIndex);
    });
  });
  return out;
}
