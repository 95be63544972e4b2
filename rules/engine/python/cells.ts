// Jupyter compiles each cell on its own: a syntax error (an unclosed bracket, a half-typed line)
// stops that cell, and the cells after it still run. In the cells joined as one program, tree-sitter's
// recovery from an unclosed bracket swallows every later cell instead. So a program made of cells
// that has a syntax error is parsed again with each cell that fails on its own blanked (spaces, same
// length and lines: every offset holds), and the error reported is that cell's.
import { parsePython, syntaxErrorOf, textOf, type ParsedPython } from './parser';
import { ASSIGNED_IN_TEXT } from './forget-names';
import { KEYWORDS, automagicStart } from './ipython';

/** Cell starts of programs the language server joins from an open notebook (path -> offsets). */
const programCells = new Map<string, readonly number[]>();

/** Sets (or, with undefined, forgets) where the cells of the program `file` start. */
export function setProgramCells(file: string, starts: readonly number[] | undefined): void {
  if (starts && starts.length > 1) programCells.set(file, starts);
  else programCells.delete(file);
}

export function cellStartsOf(file: string): readonly number[] | undefined {
  return programCells.get(file);
}

/** The last answer per file: a run asks for the same file's parse several times. */
const isolated = new Map<string, { text: string; parsed: ParsedPython }>();

/** Parses a program made of cells starting at `starts` (offsets in `text`, ascending). */
export function parseCells(file: string, text: string, starts: readonly number[]): ParsedPython {
  const last = isolated.get(file);
  if (last && last.text === text && textOf(file) === last.parsed.text) return last.parsed;
  isolated.delete(file);
  const whole = parsePython(file, text);
  whole.cells = starts;
  // Cells that parse joined may not alone (`x = (1,` | ` 2)`), or join otherwise than Jupyter runs
  // them (an indented cell read as the body of the previous cell's `def`): a statement across cells.
  const continued = whole.error ? new Set<number>() : continuedCells(whole, starts);
  if (starts.length < 2 || (!whole.error && !continued.size)) return whole;
  let blanked = text;
  const failed: NonNullable<ParsedPython['error']>[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    // (Placed as in the cell's own text where that fails too.)
    const own = text.slice(start, end);
    const plain = dedented(own);
    const err = plain === own ? syntaxErrorOf(own) : syntaxErrorOf(plain) && (syntaxErrorOf(own) ?? syntaxErrorOf(plain));
    // A cell sound alone that the joined program reads as the rest of an earlier cell's statement
    // (an indented cell, which IPython runs dedented, as the body of a `def`): not where it runs,
    // so blanked too (not analysed), with no error.
    if (!err && !continued.has(i)) continue;
    blanked = blanked.slice(0, start) + unknownBindings(text.slice(start, end)) + blanked.slice(end);
    // The cell is blanked: its error (a string left open included) ends with it.
    // `pip install x` atop a longer cell: IPython 7+ applies automagics to a one-line cell only.
    const magic = err && automagicStart(own);
    const why = magic && !/\n/.test(own.slice(0, err.index).replace(/^(?:[ \t]*\r?\n)+/, '')) ? `; IPython runs \`${magic}\` as a magic only in a cell of one line: write \`%${magic}\`` : '';
    if (err) failed.push({ ...err, index: start + err.index, suffix: `${err.suffix} (this cell is not analysed${why})`, rest: false });
  }
  // No cell fails alone (the error spans cells): the joined parse stands.
  if (!failed.length && !continued.size) return whole;
  const parsed = parsePython(file, blanked);
  parsed.cells = starts;
  // Each broken cell is reported, as Jupyter would fail each when run.
  const placed = failed.map((e) => {
    const lineStart = text.lastIndexOf('\n', e.index - 1) + 1;
    const line = text.slice(0, e.index).split('\n').length;
    const column = e.index - lineStart + 1;
    return { ...e, line, column, where: `line ${line}, column ${column}` };
  });
  if (placed.length) parsed.error = { ...placed[0], others: placed.slice(1) };
  isolated.set(file, { text, parsed });
  if (isolated.size > 16) isolated.delete(isolated.keys().next().value as string);
  return parsed;
}

/** The cells a top-level statement begun in an earlier cell goes on into. */
function continuedCells(parsed: ParsedPython, starts: readonly number[]): Set<number> {
  const cellOf = (i: number) => {
    let c = 0;
    while (c + 1 < starts.length && starts[c + 1] <= i) c++;
    return c;
  };
  const into = new Set<number>();
  for (const s of parsed.tree?.rootNode.namedChildren ?? []) {
    if (!s) continue;
    const [first, last] = [cellOf(s.startIndex), cellOf(s.endIndex - 1)];
    for (let c = first + 1; c <= last; c++) into.add(c);
  }
  return into;
}

/** A cell's code as IPython compiles an indented cell: every line without its first code line's
 *  indent. */
function dedented(cell: string): string {
  const indent = /^(?:[ \t]*\r?\n)*([ \t]+)\S/.exec(cell)?.[1];
  if (!indent) return cell;
  return cell.split('\n').map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
}

/** A cell that fails alone, blanked (same length and lines), but for the names it binds: it may have
 *  run since it last failed, so each is bound to what no scope knows (`model=_ll_`), one a line where
 *  the line has room. */
function unknownBindings(cell: string): string {
  const names = new Set<string>();
  for (const m of cell.matchAll(/(?:^|[\s,(;])(?:def|class|for)\s+([A-Za-z_]\w*)/g)) names.add(m[1]);
  for (const m of cell.matchAll(ASSIGNED_IN_TEXT)) names.add(m[1]);
  // (A keyword bound so would make the blanked cell a syntax error of ours.)
  for (const k of KEYWORDS) names.delete(k);
  const pending = [...names];
  return cell.split('\n').map((line) => {
    const room = line.replace(/\r$/, '').length;
    const name = pending[0];
    if (name === undefined || room < name.length + 5) return line.replace(/[^\r]/g, ' ');
    pending.shift();
    return `${name}=_ll_`.padEnd(room, ' ') + (line.endsWith('\r') ? '\r' : '');
  }).join('\n');
}

