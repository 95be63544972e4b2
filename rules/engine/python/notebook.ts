// Jupyter notebooks: the code cells, top to bottom (document order, as Ruff reads them; the
// execution counts are ignored), as one Python text, with a map from each of its characters to its
// offset in the .ipynb file (sources are JSON strings: escapes make the two differ), so findings
// point into the real file. IPython lines (%magic, %%time, !shell) are blanked, and so are cells
// that are not Python (%%bash, %%writefile, ..., another language in VS Code's metadata). Also here:
// a raw offset's cell position (the formatters' `cell N:line:col`), and (notebook-edits.ts) fixes.

import { blankIPython } from './ipython';
import { isWritefileCell } from './written';

export interface NotebookCode {
  text: string;
  /** map[i]: offset in the notebook of Python character i; map[text.length]: the end. */
  map: Int32Array;
  /** The code cells, in document order. */
  cells: NotebookCell[];
  /** Blanked IPython lines: [start, end) in `text`. */
  blanked: Array<[number, number]>;
  /** Where a cell writes a file (`%%writefile`, written.ts): every code cell's source, in document
   *  order (what the cells between two writes import matters too). */
  writes?: string[];
  /** A cell last ran after a cell below it that binds a name it reads (their saved execution
   *  counts): what it read is not what the document order shows. */
  outOfOrder?: boolean;
}

export interface NotebookCell {
  /** 1-based index in the notebook's `cells` (markdown cells count), as Ruff and Jupyter number them. */
  index: number;
  /** The cell's code in `text`: [codeStart, codeEnd); a newline separator follows it. */
  codeStart: number;
  codeEnd: number;
  /** The `source` value (a string or an array of strings) in the raw text: [rawStart, rawEnd). */
  rawStart: number;
  rawEnd: number;
}

/** A position inside a cell: 1-based cell index, line and column (UTF-16) within the cell's code. */
export interface CellPosition {
  cell: number;
  line: number;
  column: number;
}

interface RawNotebook {
  cells?: Array<{ cell_type?: string; source?: string | string[]; execution_count?: number | null; metadata?: { vscode?: { languageId?: string } } }>;
  worksheets?: unknown;
  nbformat?: number;
  metadata?: { kernelspec?: { language?: string; name?: string }; language_info?: { name?: string } };
}

/** Recent answers: one lint run reads a notebook several times (pre-filter, imports, analysis,
 *  formats), and the function is pure. */
const recent: Array<[string, NotebookCode | string]> = [];

function notJson(e: unknown, raw: string): string {
  if (raw.startsWith('version https://git-lfs.github.com/spec/')) return 'a Git LFS pointer, not the notebook (`git lfs pull` fetches it), skipped';
  if (raw.trim() === '') return 'empty file, not a notebook, skipped';
  // V8 quotes a snippet of the text in some messages: not on one line, and not needed.
  const why = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
  return `not a valid notebook (JSON: ${why}), skipped`;
}

/** Where a notebook meant as JSON (not an LFS pointer, not empty) stops parsing, 1-based: the file
 *  is broken (Jupyter cannot open it either), so it is a parsing error, not a file quietly skipped. */
export function brokenJsonAt(raw: string): { line: number; column: number } | undefined {
  if (raw.trim() === '' || raw.startsWith('version https://git-lfs.github.com/spec/')) return undefined;
  const text = raw.charCodeAt(0) === 0xfeff ? ' ' + raw.slice(1) : raw;
  let message: string;
  try {
    JSON.parse(pythonJson(text) ?? text);
    return undefined;
  } catch (e) {
    message = (e as Error).message;
  }
  const m = / at position (\d+)/.exec(message);
  const at = m ? Math.min(Number(m[1]), raw.length) : raw.length; // (the end: "Unexpected end of JSON input")
  return { line: raw.slice(0, at).split('\n').length, column: at - raw.lastIndexOf('\n', at - 1) };
}

/** Python's json module writes (and nbformat reads) NaN and Infinity in outputs and metadata: the
 *  same text with them as numbers of the same length, so that offsets into it are offsets into `raw`. */
function pythonJson(raw: string): string | undefined {
  if (!/NaN|Infinity/.test(raw)) return undefined;
  return raw.replace(/"(?:[^"\\]|\\.)*"|-Infinity|Infinity|NaN/g, (m) => (m[0] === '"' ? m : m === 'NaN' ? '0.0' : m === 'Infinity' ? '0.000000' : '-0.000000'));
}

/** The code of a notebook, or a one-line message when it is not a notebook we understand. */
export function notebookCode(raw: string): NotebookCode | string {
  for (const [r, code] of recent) if (r === raw) return code;
  const code = readNotebook(raw);
  recent.unshift([raw, code]);
  if (recent.length > 4) recent.pop();
  return code;
}

function readNotebook(raw: string): NotebookCode | string {
  // A byte-order mark (some Windows editors write one): JSON's whitespace in its place keeps offsets.
  if (raw.charCodeAt(0) === 0xfeff) return readNotebook(' ' + raw.slice(1));
  let nb: RawNotebook;
  try {
    nb = JSON.parse(raw);
  } catch (e) {
    const lenient = pythonJson(raw);
    if (lenient) return lenient === raw ? notJson(e, raw) : readNotebook(lenient);
    return notJson(e, raw);
  }
  const unsupported = unsupportedNotebook(nb);
  if (unsupported) return unsupported;
  const cells = nb.cells ?? [];
  // The code is never longer than the notebook: one map, cut to size at the end.
  const map = new Int32Array(raw.length + 1);
  const parts: string[] = [];
  let length = 0;
  const out: NotebookCode = { text: '', map, cells: [], blanked: [] };
  const codes: string[] = [];
  let from = 0;
  const ran: Array<{ count: number; text: string }> = [];
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index];
    if (!cell || typeof cell !== 'object') return 'notebook layout not understood (a cell is not an object), skipped';
    // A cell without source text (missing, null, not strings): that cell alone is left out.
    if (!(typeof cell.source === 'string' || (Array.isArray(cell.source) && cell.source.every((x) => typeof x === 'string')))) continue;
    const expected = Array.isArray(cell.source) ? cell.source.join('') : cell.source ?? '';
    // The cell's "source" value in the raw text: the next occurrence whose decoding matches.
    let found: Decoded | undefined;
    let rawStart = 0;
    const key = /"source"\s*:\s*/g;
    key.lastIndex = from;
    for (let m = key.exec(raw); m; m = key.exec(raw)) {
      rawStart = m.index + m[0].length;
      const v = decodeValue(raw, rawStart, cell.cell_type === 'code');
      if (v && v.text === expected) {
        found = v;
        break;
      }
    }
    if (!found) return 'notebook layout not understood, skipped';
    from = found.end;
    if (cell.cell_type !== 'code') continue;
    if (typeof cell.execution_count === 'number') ran.push({ count: cell.execution_count, text: found.text });
    codes.push(found.text);
    const codeStart = length;
    parts.push(cellCode(cell, found.text, codeStart, out.blanked), '\n');
    map.set(found.map, codeStart);
    length += found.text.length;
    out.cells.push({ index: index + 1, codeStart, codeEnd: length, rawStart, rawEnd: found.end });
    // Cells are separated by a newline, mapped to the end of the cell's source.
    map[length++] = found.end;
  }
  map[length] = raw.length;
  if (ranOutOfOrder(ran)) out.outOfOrder = true;
  if (codes.some(isWritefileCell)) out.writes = codes;
  out.text = parts.join('');
  out.map = map.subarray(0, length + 1);
  return out;
}

/** Names a cell binds or changes at its top level: assignments (`model.fc = ...` changes `model`),
 *  `def`, `class`, `for` targets and imports. */
function boundNames(code: string): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/^(?:for[ \t]+)?([A-Za-z_][\w \t,.[\]]*?)[ \t]*(?:=(?!=)|[-+*/@%&|^]=|[ \t]in[ \t])/gm)) {
    for (const n of m[1].match(/[A-Za-z_]\w*/g) ?? []) out.add(n);
  }
  for (const m of code.matchAll(/^(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)/gm)) out.add(m[1]);
  for (const m of code.matchAll(/^(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+([^\n#]+)/gm)) {
    for (const part of m[1].replace(/[()\\]/g, ' ').split(',')) {
      const words = part.trim().split(/\s+/);
      const name = words[words.length - 1];
      if (/^[A-Za-z_]\w*$/.test(name)) out.add(words.length === 1 ? name.split('.')[0] : name);
    }
  }
  return out;
}

/** Some cell ran after a cell below it (a lower count above a higher one) that binds a name it
 *  reads. Reads are every word of the cell: more than it reads, never fewer. */
function ranOutOfOrder(ran: Array<{ count: number; text: string }>): boolean {
  for (let j = 1; j < ran.length; j++) {
    let binds: Set<string> | undefined;
    for (let i = 0; i < j; i++) {
      if (ran[i].count <= ran[j].count) continue;
      binds ??= boundNames(ran[j].text);
      if (binds.size && (ran[i].text.match(/[A-Za-z_]\w*/g) ?? []).some((w) => binds!.has(w))) return true;
    }
  }
  return false;
}

/** Why a parsed notebook is not one we read (another language, nbformat 3, no cells), else undefined. */
function unsupportedNotebook(nb: RawNotebook): string | undefined {
  if (!nb || typeof nb !== 'object' || Array.isArray(nb)) return 'not a notebook (the JSON is not an object), skipped';
  if (nb.worksheets !== undefined || (typeof nb.nbformat === 'number' && nb.nbformat < 4)) {
    return `nbformat ${nb.nbformat ?? 3} notebook (worksheets) not supported, skipped; convert it with: jupyter nbconvert --to notebook --nbformat 4`;
  }
  if (!Array.isArray(nb.cells)) return 'not a notebook (no "cells" list), skipped';
  const md = nb.metadata ?? {};
  // Some exports leave language_info.name empty: the kernel's language then says it. Sparkmagic's
  // PySpark kernel names its language pyspark: Python.
  const language = md.language_info?.name || md.kernelspec?.language;
  if (typeof language === 'string' && !/^(?:i?python|pyspark)/i.test(language)) return `notebook language is ${language} (its metadata), not Python; skipped`;
  // Neither says: a kernel named after another language (kernel names are free text otherwise:
  // "tf2", "conda-env-torch").
  const kernel = md.kernelspec?.name;
  if (!language && typeof kernel === 'string' && OTHER_KERNELS.test(kernel)) return `notebook kernel is ${kernel} (its metadata), not Python; skipped`;
  return undefined;
}

const OTHER_KERNELS = /^(?:swift|julia(?:-[\d.]+)?|ir|scala|javascript|typescript|deno|tslab|bash|xcpp\d*|java|kotlin|gophernotes|rust|evcxr|ocaml|haskell|ruby|sas|matlab|octave|powershell|sql|csharp|fsharp|\.net-\w+)$/i;


/** Whether a code cell holds Python as far as its metadata says (VS Code's language of the cell). */
function pythonCell(cell: NonNullable<RawNotebook['cells']>[number]): boolean {
  const lang = cell.metadata?.vscode?.languageId;
  return typeof lang !== 'string' || lang === 'python';
}

/** A cell's code with what is not Python blanked (the whole cell, or its IPython lines: ipython.ts);
 *  same length, so the map stays valid, and every blanked span recorded (a fix must not touch one). */
function cellCode(cell: NonNullable<RawNotebook['cells']>[number], src: string, base: number, blanked: Array<[number, number]>): string {
  const record = (start: number, end: number) => blanked.push([base + start, base + end]);
  if (pythonCell(cell)) return blankIPython(src, record);
  record(0, src.length);
  return src.replace(/[^\n]/g, ' ');
}

/** The notebook's code with the cells that write a module starting at one of `starts` (code offsets,
 *  program.ts writtenStarts) in place of their blanks, the same length: that module's findings are
 *  reported in its cell, so suppression comments written there apply (a file directive to the cell). */
export function withWrittenCells(code: NotebookCode, starts: readonly number[]): NotebookCode & { scopes?: Array<[number, number]> } {
  const cells = code.writes ? code.cells.map((c, i) => [c, code.writes![i]] as const).filter(([c]) => starts.some((at) => at >= c.codeStart && at < c.codeEnd)) : [];
  if (!cells.length) return code;
  let text = code.text;
  for (const [c, source] of cells) text = text.slice(0, c.codeStart) + source + text.slice(c.codeEnd);
  return { ...code, text, scopes: cells.map(([c]) => [c.codeStart, c.codeEnd]) };
}

/** Where a raw offset of the notebook lies in its cells, or undefined (outside any code cell).
 *  Built once per notebook: the formatters ask for every finding of the file. */
export function cellPositions(raw: string): ((offset: number) => CellPosition | undefined) | undefined {
  const code = notebookCode(raw);
  if (typeof code === 'string') return undefined;
  const starts = new Map<NotebookCell, number[]>();
  return (offset) => {
    const cell = code.cells.find((c) => offset >= c.rawStart && offset < c.rawEnd);
    if (!cell) return undefined;
    // The code character at or after the offset: the last one mapped at or before it, or the next
    // one when the offset falls inside that character's escape sequence.
    let lo = cell.codeStart;
    let hi = cell.codeEnd;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (code.map[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    let lines = starts.get(cell);
    if (!lines) {
      lines = [cell.codeStart];
      for (let i = cell.codeStart; i < cell.codeEnd; i++) if (code.text.charCodeAt(i) === 10) lines.push(i + 1);
      starts.set(cell, lines);
    }
    let line = 0;
    while (line + 1 < lines.length && lines[line + 1] <= lo) line++;
    return { cell: cell.index, line: line + 1, column: lo - lines[line] + 1 };
  };
}

export interface Decoded {
  text: string;
  /** Offset in the raw text of each decoded character. */
  map: number[];
  /** Offset after the value. */
  end: number;
  /** An array of strings: each item's raw [start, end) (quotes included) and its decoded start. */
  items?: Array<{ start: number; end: number; at: number }>;
}

/** A JSON string or array of strings at `p`: its concatenated value and each character's offset
 *  (`map`: false leaves the offsets out, for a markdown cell: a 20 MB pasted image would cost seconds). */
export function decodeValue(raw: string, p: number, map = true): Decoded | undefined {
  const out: Decoded = { text: '', map: [], end: p };
  const mapped = map ? out : { text: '', map: { push: (_: number) => 0 } };
  if (raw[p] === '"') {
    const end = decodeString(raw, p, mapped);
    out.text = mapped.text;
    if (end < 0) return undefined;
    out.end = end;
    return out;
  }
  if (raw[p] !== '[') return undefined;
  out.items = [];
  let i = p + 1;
  for (;;) {
    for (let c = raw.charCodeAt(i); c === 44 || c === 32 || c === 10 || c === 13 || c === 9; c = raw.charCodeAt(++i));
    if (raw[i] === ']') {
      out.end = i + 1;
      return out;
    }
    if (raw[i] !== '"') return undefined;
    const at = mapped.text.length;
    const start = i;
    i = decodeString(raw, i, mapped);
    out.text = mapped.text;
    if (i < 0) return undefined;
    out.items.push({ start, end: i, at });
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

/** Decodes the JSON string starting at the quote `p` into `out`; returns the offset after it. */
function decodeString(raw: string, p: number, out: { text: string; map: { push(i: number): unknown } }): number {
  let text = '';
  let run = p + 1; // start of the current run of plain characters
  for (let i = p + 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 34 /* " */) {
      out.text += text + raw.slice(run, i);
      return i + 1;
    }
    out.map.push(i);
    if (c !== 92 /* \\ */) continue;
    text += raw.slice(run, i);
    const e = raw[i + 1];
    if (e === 'u') {
      text += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (e in ESCAPES) {
      text += ESCAPES[e];
      i += 1;
    } else return -1;
    run = i + 1;
  }
  return -1;
}

/** Where a span ending at code offset `end` ends in the notebook's JSON: after its last character's
 *  escape (`\"` is two characters there, `\u00e9` six); the next character's start, when it is in
 *  the same JSON string (the cell's end is further: `"]`, metadata, the next cell). */
export function rawEnd(map: ArrayLike<number>, end: number): number {
  const last = map[end - 1];
  return end < map.length && map[end] - last > 1 && map[end] - last <= 6 ? map[end] : last + 1;
}
