// Notebooks: IPython displays the value of a cell's last expression (not ended by `;`), which
// reads it as it is (statements.ts execExpression).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp } from './evaluator';
import type { PyModule } from './program';

/** Whether module-level statement `s` is the last of its notebook cell, not ended by `;`: IPython
 *  displays its value. */
export function displayedByCell(it: Interp, mod: PyModule, s: Node): boolean {
  const starts = it.program.cellStarts.get(mod.file);
  if (!starts || s.parent?.type !== 'module') return false;
  let shown = displayed.get(mod);
  if (!shown) displayed.set(mod, (shown = lastOfCells(mod, s.parent, starts)));
  return shown.has(s.startIndex);
}

const displayed = new WeakMap<PyModule, Set<number>>();

function lastOfCells(mod: PyModule, root: Node, starts: readonly number[]): Set<number> {
  const out = new Set<number>();
  const stmts = root.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const text = mod.parsed.text;
  let cell = 0;
  stmts.forEach((st, i) => {
    while (cell + 1 < starts.length && starts[cell + 1] <= st.startIndex) cell++;
    const end = cell + 1 < starts.length ? starts[cell + 1] : Infinity;
    if (st.type !== 'expression_statement' || (i + 1 < stmts.length && stmts[i + 1].startIndex < end)) return;
    let j = st.endIndex;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== ';') out.add(st.startIndex);
  });
  return out;
}
