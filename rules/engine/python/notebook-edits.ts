// Fixes in notebooks. The vocabularies write edits on the analysed code (the code cells joined);
// here they become edits of the .ipynb text: each cell's changed characters are re-encoded as JSON
// in place, so everything else (indentation, key order, the other lines of `source`, outputs)
// stays byte-identical. `source` keeps its form: a string stays a string; in a list, each line stays
// one string ending in "\n" (the last one as it was). An edit outside one cell's code (across the
// separator between two cells) or on a blanked IPython line gives no fix.
import type { TextEdit } from '../core/types';
import { NotebookCode, NotebookCell, decodeValue } from './notebook';

/** `edits` (offsets in `code.text`, all of one notebook) as edits of its raw text, or undefined. */
export function notebookEdits(raw: string, code: NotebookCode, edits: TextEdit[]): TextEdit[] | undefined {
  const byCell = new Map<NotebookCell, TextEdit[]>();
  for (const e of edits) {
    const cell = code.cells.find((c) => e.start >= c.codeStart && e.start <= c.codeEnd);
    if (!cell) return undefined;
    // Removing a cell's last line may take the separator newline too: keep it, it is not the cell's.
    const end = e.end === cell.codeEnd + 1 && e.start < cell.codeEnd ? cell.codeEnd : e.end;
    if (end > cell.codeEnd) return undefined;
    if (touchesBlanked(code.blanked, e.start, end)) return undefined;
    byCell.set(cell, [...(byCell.get(cell) ?? []), { ...e, start: e.start - cell.codeStart, end: end - cell.codeStart }]);
  }
  // Asked only when new text has a non-ASCII character (a scan of the whole notebook).
  let escaped: boolean | undefined;
  const ascii = () => (escaped ??= asciiEscaped(raw));
  const out: TextEdit[] = [];
  for (const [cell, cellEdits] of byCell) {
    const value = decodeValue(raw, cell.rawStart);
    if (!value) return undefined;
    const after = applyInOrder(value.text, cellEdits);
    if (after === undefined) return undefined;
    const edit = value.items ? listEdit(raw, value, after, ascii) : stringEdit(value, after, ascii);
    if (edit) out.push({ file: cellEdits[0].file, ...edit });
  }
  return out;
}

/** Whether an edit of [start, end) touches a blanked IPython span (an insertion: the character at start). */
export function touchesBlanked(blanked: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
  return blanked.some(([a, b]) => start < b && Math.max(end, start + 1) > a);
}

/** Applies non-overlapping edits to `text`; undefined when two overlap. */
function applyInOrder(text: string, edits: TextEdit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) return undefined;
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

type RawEdit = { start: number; end: number; text: string };

/** The changed span of `before` -> `after`: [from, beforeEnd) becomes [from, afterEnd). */
function changedSpan(before: string, after: string): { from: number; beforeEnd: number; afterEnd: number } {
  let from = 0;
  const n = Math.min(before.length, after.length);
  while (from < n && before[from] === after[from]) from++;
  let tail = 0;
  while (tail < n - from && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { from, beforeEnd: before.length - tail, afterEnd: after.length - tail };
}

/** `source` as one string: replace the changed characters' encodings, nothing else. */
function stringEdit(value: ReturnType<typeof decodeValue> & object, after: string, ascii: () => boolean): RawEdit | undefined {
  const span = changedSpan(value.text, after);
  if (span.beforeEnd === span.from && span.afterEnd === span.from) return undefined;
  const rawAt = (i: number) => (i < value.map.length ? value.map[i] : value.end - 1); // the closing quote
  return { start: rawAt(span.from), end: rawAt(span.beforeEnd), text: encode(after.slice(span.from, span.afterEnd), ascii) };
}

/** `source` as a list of lines: the lines the change touches are replaced by the new lines, each its
 *  own string, separated as the list separates its items. */
function listEdit(raw: string, value: ReturnType<typeof decodeValue> & object, after: string, ascii: () => boolean): RawEdit | undefined {
  const items = value.items!;
  const span = changedSpan(value.text, after);
  if (span.beforeEnd === span.from && span.afterEnd === span.from) return undefined;
  // The items the change touches: from the one holding `from` to the one holding the last changed
  // character (the one holding `from` when the change is an insertion).
  const itemAt = (i: number) => {
    let k = 0;
    while (k + 1 < items.length && items[k + 1].at <= i) k++;
    return k;
  };
  const first = itemAt(span.from);
  const last = itemAt(Math.max(span.from, span.beforeEnd - 1));
  const lineStart = items[first].at;
  const lineEnd = last + 1 < items.length ? items[last + 1].at : value.text.length;
  const newText = after.slice(lineStart, after.length - (value.text.length - lineEnd));
  const lines = newText.split(/(?<=\n)/).filter((l) => l !== '');
  const sep = items.length > 1 ? raw.slice(items[0].end, items[1].start) : `,${leadingSpace(raw, items[0].start)}`;
  const encoded = lines.map((l) => `"${encode(l, ascii)}"`).join(sep);
  if (lines.length > 0) return { start: items[first].start, end: items[last].end, text: encoded };
  // Every touched line is gone: drop their strings and one separator.
  if (first > 0) return { start: items[first - 1].end, end: items[last].end, text: '' };
  if (last + 1 < items.length) return { start: items[first].start, end: items[last + 1].start, text: '' };
  return { start: items[0].start - leadingSpace(raw, items[0].start).length, end: value.end - 1, text: '' };
}

/** The newline and indentation before a list item (the separator's tail when there is one item). */
function leadingSpace(raw: string, at: number): string {
  let i = at;
  while (i > 0 && /\s/.test(raw[i - 1])) i--;
  return raw.slice(i, at);
}

/** Whether the notebook escapes non-ASCII characters (\u00e9 rather than é): new text does too. */
function asciiEscaped(raw: string): boolean {
  return !/[^\x00-\x7f]/.test(raw) && /\\u[0-9a-fA-F]{4}/.test(raw);
}

/** A string's JSON encoding without the quotes, as nbformat writes it. */
function encode(s: string, ascii: () => boolean): string {
  const json = JSON.stringify(s).slice(1, -1);
  return /[^\x00-\x7f]/.test(json) && ascii() ? json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
