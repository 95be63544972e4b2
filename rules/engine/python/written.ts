// Modules a notebook writes itself: a cell `%%writefile model.py` (or `src/model.py`, `-a` to append)
// writes its body to that file, relative to the kernel's folder (the notebook's), and later cells
// import it (`from model import Net`). Where no such file is on disk, the cell's text is the module
// the import reads (program.ts). Where one is, the disk's wins: after the notebook has run it holds
// the cell's text anyway, and before, the disk's is what an import finds (the cell may be stale, or
// write the file elsewhere than we think). Only the writing notebook imports it so: another file that
// names the module may run before the notebook ever did.
import * as path from 'path';

/** `%%writefile [-a|--append] path` on a cell's first line (after blank lines); a path with `~`, `$`
 *  or `{` (IPython expands them) is not known here. */
const WRITEFILE = /^(?:[ \t]*\r?\n)*[ \t]*%%writefile[ \t]+((?:-a|--append)[ \t]+)?(?:"([^"\n]+)"|'([^'\n]+)'|([^\s'"]+))[ \t]*\r?(?:\n|$)/;

/** Whether the cell writes a file (the whole cell is then not Python of the notebook). */
export function isWritefileCell(cell: string): boolean {
  return WRITEFILE.test(cell);
}

/** A file a notebook's cells write: its text, and where it starts (the cell's index in `cells`, the
 *  cell's line, 0-based, and the offset in the cell) unless cells append to it. */
export interface WrittenFile {
  text: string;
  from?: { cell: number; line: number; at: number };
}

/** The files a notebook's cells write (in document order, `-a` appending), by absolute path:
 *  `notebook` is the notebook's path (or its program's, beside it). */
export function writtenFiles(notebook: string, cells: readonly string[]): Map<string, WrittenFile> {
  const out = new Map<string, WrittenFile>();
  const writers = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const m = WRITEFILE.exec(cell);
    const name = m && (m[2] ?? m[3] ?? m[4]);
    if (!m || !name || /[~${]/.test(name)) return;
    const file = path.resolve(path.dirname(notebook), name);
    const body = cell.slice(m[0].length);
    const before = out.get(file);
    out.set(file, m[1] && before ? { text: before.text + body } : { text: body, from: { cell: index, line: m[0].split('\n').length - 1, at: m[0].length } });
    writers.set(file, [...(writers.get(file) ?? []), index]);
  });
  // A file written by several cells with a cell between them that may import it: that import read
  // an earlier text (and Python keeps the module it loaded), not the last one. Not known here.
  for (const [file, at] of writers) {
    const stem = path.basename(file).replace(/\.py$/, '');
    const imports = (cell: string) => /\bimport\b/.test(cell) && new RegExp(`\\b${stem.replace(/\W/g, '\\$&')}\\b`).test(cell);
    if (cells.slice(at[0] + 1, at[at.length - 1]).some((cell, i) => !at.includes(at[0] + 1 + i) && imports(cell))) out.delete(file);
  }
  return out;
}
