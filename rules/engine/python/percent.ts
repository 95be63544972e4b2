// A jupytext script in the percent format (`# %%` cells, or jupytext's YAML header: text-scan.ts
// isJupytext) is a notebook kept as .py: jupytext, VS Code's interactive window and Spyder run it cell
// by cell in IPython, so a `!pip install x` or `%matplotlib inline` line there is IPython, as in a
// notebook's cell, and is blanked the same way (ipython.ts), cell by cell. A plain .py is what CPython
// runs: the same lines stay its syntax errors.
import { blankIPython, logicalLineStarts } from './ipython';
import { isJupytext } from './text-scan';

/** A cell marker line as jupytext reads one: `# %%`, `#%%`, `# %% Title`, `# %% [markdown]`; not
 *  `# %%writefile x` (a cell magic jupytext commented out). */
const MARKER = /^[ \t]*#[ \t]*%%%*(?:[ \t].*)?$/;

/** The script with each cell's IPython lines blanked (the same length, so every offset holds), or
 *  undefined when it is no jupytext script; `blanked` hears of each span made blank. */
export function blankPercentScript(text: string, blanked: (start: number, end: number) => void): string | undefined {
  if (!isJupytext(text)) return undefined;
  // (A `# %%` line inside a string, a notebook template or a docstring's example, is no marker.)
  const { starts } = logicalLineStarts(text);
  const markerAt = (line: string, at: number) => starts.has(at) && MARKER.test(line.replace(/\r$/, ''));
  const lines = text.split('\n');
  const offsets: number[] = [];
  lines.reduce((at, line) => (offsets.push(at), at + line.length + 1), 0);
  if (!/^#[ \t]+jupytext:/m.test(text) && !lines.some((line, i) => markerAt(line, offsets[i]))) return undefined;
  const parts: string[] = [];
  let cellStart = 0;
  const cellEnd = (end: number) => {
    const cell = text.slice(cellStart, end);
    // Jupytext writes a blank line before each marker that is not the cell's: a cell of one line is
    // one line without it (IPython applies an automagic, `pip install x`, to a one-line cell only).
    const body = cell.replace(/(?:\r?\n[ \t]*)+$/, '');
    const base = cellStart;
    parts.push(blankIPython(body, (a, b) => blanked(base + a, base + b)), cell.slice(body.length));
  };
  lines.forEach((line, i) => {
    const at = offsets[i];
    if (markerAt(line, at)) {
      cellEnd(at);
      parts.push(line, '\n');
      cellStart = at + line.length + 1;
    }
  });
  cellEnd(text.length);
  return parts.join('').slice(0, text.length);
}
