// Jupyter notebooks: the code cells, top to bottom, as one Python text, with a map from each of its
// characters to its offset in the .ipynb file (sources are JSON strings: escapes make the two
// differ), so findings point into the real file. IPython lines (%magic, %%cell magic, !shell) are
// blanked. Sites in notebooks carry no syntax node: no fix is offered there (the fix text would
// need JSON escaping), only findings.

export interface NotebookCode {
  text: string;
  /** map[i]: offset in the notebook of Python character i; map[text.length]: the end. */
  map: Int32Array;
}

/** The code of a notebook, or a message when it is not a notebook we understand. */
export function notebookCode(raw: string): NotebookCode | string {
  let nb: { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
  try {
    nb = JSON.parse(raw);
  } catch {
    return 'not a valid notebook (JSON), skipped';
  }
  const cells = Array.isArray(nb.cells) ? nb.cells : [];
  const chars: string[] = [];
  const map: number[] = [];
  let from = 0;
  for (const cell of cells) {
    const expected = Array.isArray(cell.source) ? cell.source.join('') : cell.source ?? '';
    // The cell's "source" value in the raw text: the next occurrence whose decoding matches.
    let found: { text: string; map: number[]; end: number } | undefined;
    const key = /"source"\s*:\s*/g;
    key.lastIndex = from;
    for (let m = key.exec(raw); m; m = key.exec(raw)) {
      const v = decodeValue(raw, m.index + m[0].length);
      if (v && v.text === expected) {
        found = v;
        break;
      }
    }
    if (!found) return 'notebook layout not understood, skipped';
    from = found.end;
    if (cell.cell_type !== 'code') continue;
    const text = blankMagics(found.text);
    for (let i = 0; i < text.length; i++) {
      chars.push(text[i]);
      map.push(found.map[i]);
    }
    // Cells are separated by a newline, mapped to the end of the cell's source.
    chars.push('\n');
    map.push(found.end);
  }
  map.push(raw.length);
  return { text: chars.join(''), map: Int32Array.from(map) };
}

/** %magic, %%cell magic and !shell lines become spaces (same length: the map stays valid). */
export function blankMagics(src: string): string {
  return src.replace(/^[ \t]*[%!].*$/gm, (line) => ' '.repeat(line.length));
}

/** A JSON string or array of strings at `p`: its concatenated value and each character's offset. */
function decodeValue(raw: string, p: number): { text: string; map: number[]; end: number } | undefined {
  const out = { text: '', map: [] as number[], end: p };
  if (raw[p] === '"') {
    const end = decodeString(raw, p, out);
    if (end < 0) return undefined;
    out.end = end;
    return out;
  }
  if (raw[p] !== '[') return undefined;
  let i = p + 1;
  for (;;) {
    while (/\s|,/.test(raw[i] ?? '')) i++;
    if (raw[i] === ']') {
      out.end = i + 1;
      return out;
    }
    if (raw[i] !== '"') return undefined;
    i = decodeString(raw, i, out);
    if (i < 0) return undefined;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/** Decodes the JSON string starting at the quote `p` into `out`; returns the offset after it. */
function decodeString(raw: string, p: number, out: { text: string; map: number[] }): number {
  let text = '';
  for (let i = p + 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') {
      out.text += text;
      return i + 1;
    }
    out.map.push(i);
    if (c !== '\\') {
      text += c;
      continue;
    }
    const e = raw[i + 1];
    if (e === 'u') {
      text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (e in ESCAPES) {
      text += ESCAPES[e];
      i += 1;
    } else return -1;
  }
  return -1;
}
