// A notebook's code cells as one Python program, and the way back from that program to the cells.
// The engine analyses the program under a virtual `<notebook>.py` path (a sibling of the notebook, so
// imports, the project configuration and the project's analysis work as for the notebook itself): a
// .py text keeps the syntax nodes that fixes are written from, which notebook JSON sites lack.
// Cells are joined with one newline each, so every program line belongs to exactly one cell and a
// position maps back by line alone (the worker's ranges are already lines and characters).
import type { Range } from 'vscode-languageserver';
import { computeLineStarts } from '../../rules/engine/core/directives';
import { blankIPython } from '../../rules/engine/python/ipython';
import { isWritefileCell } from '../../rules/engine/python/written';

export interface CellInput {
  uri: string;
  /** Position of the cell in the notebook, 0-based (markdown cells count: users count them too). */
  index: number;
  text: string;
  version: number;
}

export interface CellSpan extends CellInput {
  /** First line of the cell in the program; the cell has `lines` lines. */
  startLine: number;
  lines: number;
}

export interface NotebookProgram {
  text: string;
  cells: CellSpan[];
  /** Offset in `text` where each cell starts. */
  starts: number[];
}

/** The path the program is analysed under. */
export function programPath(notebookPath: string): string {
  return `${notebookPath}.py`;
}

/** The notebook whose program `path` would be, if it has the shape of one. */
export function notebookOfProgram(path: string): string | undefined {
  return /\.ipynb\.py$/i.test(path) ? path.slice(0, -3) : undefined;
}

/** A cell's blanked text and line count by its text: typing changes one cell, and the others are
 *  joined again on every edit (a 200-cell notebook: 2 ms of the main thread each time, uncached). */
const cellCache = new Map<string, { blanked: string; lines: number }>();
const CELL_CACHE_LIMIT = 4096;

function cellFacts(text: string): { blanked: string; lines: number } {
  let facts = cellCache.get(text);
  if (!facts) {
    if (cellCache.size >= CELL_CACHE_LIMIT) cellCache.clear();
    // A `%%writefile` cell is left as it is: the engine blanks it there, and reads the file it writes
    // (rules/engine/python/written.ts; in the blanked text an edit of its body would change nothing).
    facts = { blanked: isWritefileCell(text) ? text : blankIPython(text), lines: computeLineStarts(text).length };
    cellCache.set(text, facts);
  }
  return facts;
}

export function notebookProgram(cells: readonly CellInput[]): NotebookProgram {
  const parts: string[] = [];
  const spans: CellSpan[] = [];
  const starts: number[] = [];
  let line = 0;
  let offset = 0;
  for (const cell of cells) {
    starts.push(offset);
    offset += cell.text.length + 1;
    // IPython lines (%magic, !shell) are blanked as the CLI does; same length, so positions hold.
    const { blanked, lines } = cellFacts(cell.text);
    parts.push(blanked, '\n');
    spans.push({ ...cell, startLine: line, lines });
    line += lines;
  }
  return { text: parts.join(''), cells: spans, starts };
}

/** The cell holding program line `line`. */
export function cellAtLine(program: NotebookProgram, line: number): CellSpan | undefined {
  let lo = 0;
  let hi = program.cells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = program.cells[mid];
    if (line < c.startLine) hi = mid - 1;
    else if (line >= c.startLine + c.lines) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/**
 * A program range as a range in one cell. `clamp`: a range that runs into the next cell ends at the
 * end of its first cell (a squiggle); otherwise (an edit) a range across cells has no place: undefined.
 */
export function toCell(program: NotebookProgram, range: Range, clamp: boolean): { cell: CellSpan; range: Range } | undefined {
  const cell = cellAtLine(program, range.start.line);
  if (!cell) return undefined;
  const start = { line: range.start.line - cell.startLine, character: range.start.character };
  let end = { line: range.end.line - cell.startLine, character: range.end.character };
  if (range.end.line >= cell.startLine + cell.lines) {
    if (!clamp) return undefined;
    const last = cell.text.slice(computeLineStarts(cell.text)[cell.lines - 1]);
    end = { line: cell.lines - 1, character: last.length };
  }
  return { cell, range: { start, end } };
}

/** Cell N for users: 1-based position in the notebook. */
export function cellName(cell: CellSpan): string {
  return `cell ${cell.index + 1}`;
}

/**
 * A message's "(line N)" references (the engine's way to name evidence in the same file) in cell
 * terms: "(line 2)" within the finding's own cell, "(cell 3, line 2)" in another.
 */
export function cellMessage(program: NotebookProgram, message: string, own: CellSpan): string {
  return message.replace(/\(line (\d+)\)/g, (whole, n: string) => {
    const line = Number(n) - 1;
    const cell = cellAtLine(program, line);
    if (!cell) return whole;
    const inCell = line - cell.startLine + 1;
    return cell === own ? `(line ${inCell})` : `(${cellName(cell)}, line ${inCell})`;
  });
}
