// Python's IndentationError and TabError, which tree-sitter's grammar does not raise: it takes a line
// indented unlike its block (`      loss = f(out, y)` under four-space lines, a tab among spaces) as
// one more statement of that block. Read from the built syntax tree, whose arrays make it one pass:
// the statements of a block (or of the module) that start their lines must be indented alike.
import type { SyntaxNode } from './syntax-tree';
import { joinBracketedLines, literalEnd } from './text-scan';

export interface IndentationProblem {
  /** Where the statement starts (its first character). */
  index: number;
  what: string;
}

/** The first statement Python would reject for its indentation. */
export function indentationProblem(root: SyntaxNode, cells?: readonly number[]): IndentationProblem | undefined {
  const t = root.tree;
  const text = t.source;
  const kinds = kindsOf(t.typeNames);
  let first: IndentationProblem | undefined;
  for (let i = 0; i < t.count; i++) {
    if (i !== 0 && kinds[t.sym[i]] !== BLOCK) continue;
    let expected: string | undefined = i === 0 ? '' : undefined;
    let prev = -1;
    let statements = 0;
    for (let c = i + 1; c < t.subtreeEnd[i]; c = t.subtreeEnd[c]) {
      if (kinds[t.sym[c]] !== SKIPPED && t.sym[c] !== ERROR_SYMBOL) statements++;
      if (kinds[t.sym[c]] === SKIPPED || t.sym[c] === ERROR_SYMBOL) continue;
      const at = t.start[c];
      let lineStart = at;
      // (A form feed in the indent starts the count again, in CPython's tokenizer and the grammar's
      // scanner alike: `\f    y = 1` at the top level is an unexpected indent.)
      while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === 32 || text.charCodeAt(lineStart - 1) === 9 || text.charCodeAt(lineStart - 1) === 12)) lineStart--;
      // A statement after another on its line (`a = 1; b = 2`, or a block opened on its header's
      // line) has no indentation of its own.
      if (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) {
        prev = c;
        continue;
      }
      const ws = afterFormFeed(text.slice(lineStart, at));
      // A notebook cell whose first line is indented: IPython strips that indent from its lines.
      if (i === 0 && cells && ws && ws === cellIndent(text, cells, at)) {
        prev = c;
        continue;
      }
      if (expected === undefined) expected = ws;
      else if (ws !== expected && (!first || at < first.index)) {
        const what = problem(ws, expected, prev >= 0 ? lineIndent(text, t.end[prev] - 1) : expected);
        if (what) first = { index: at, what };
      }
      prev = c;
    }
    // `for i in range(3):` with nothing (or only a comment) under it, which the grammar takes for
    // an empty block: CPython points at the line after the header.
    // (A notebook's next cell is not that line: the header's cell alone fails, at its last character.)
    if (i !== 0 && statements === 0) {
      let at = t.end[i];
      while (at < text.length && (/\s/.test(text[at]) || text[at] === '#')) at = text[at] === '#' ? text.indexOf('\n', at) >>> 0 : at + 1;
      at = Math.min(at, text.length);
      // (Nor is the end of the last cell: the notebook's text ends there.)
      if (cells?.some((c) => c > t.end[i] && c <= at) || (cells?.length && at >= text.length)) for (at = t.end[i] - 1; at > 0 && /\s/.test(text[at]); ) at--;
      // Tabs among the lines: the grammar may have read other blocks than CPython (as problem() says).
      const mixed = /\t/.test(text.slice(text.lastIndexOf('\n', t.start[i] - 1) + 1, at));
      if (!mixed && (!first || at < first.index)) first = { index: at, what: 'expected an indented block' };
    }
  }
  // Tabs in the indentation: CPython's tokenizer decides (the grammar and it may see other blocks).
  const tabs = cells ? undefined : tabProblem(text);
  return tabs && (!first || tabs.index <= first.index) ? tabs : first;
}

/** CPython's tokenizer on indentation with tabs or form feeds: each logical line's indent, counted
 *  with tabs to multiples of 8 and again with tabs as one column, against the stack of open indents;
 *  the first line where the two counts disagree on the order (TabError) or a dedent lands between
 *  two levels. (A form feed in an indent, `    \f  b`, is the tokenizer's to read: the grammar's
 *  blocks may differ there, and indentationProblem passes over such lines.) */
export function tabProblem(text: string): IndentationProblem | undefined {
  if (!/(?:^|\n)[ \t\f]*[\t\f]/.test(text)) return undefined;
  // Lines inside brackets joined (the same offsets, as the parser's retry reads them): what is
  // left to skip is strings, comments and `\` continuations.
  const t = joinBracketedLines(text);
  const stack: Array<[number, number]> = [[0, 0]];
  let lineStart = true;
  for (let i = 0; i < t.length; i++) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < t.length && (t[j] === ' ' || t[j] === '\t' || t[j] === '\f')) j++;
      const c = t[j];
      if (j < t.length && c !== '\n' && c !== '\r' && c !== '#') {
        // (A form feed starts the count again, as in CPython's tokenizer.)
        const ws = t.slice(i, j).replace(/^.*\f/, '');
        const [col, alt] = [width(ws), width(ws, 1)];
        let top = stack[stack.length - 1];
        const tabError = { index: j, what: 'inconsistent use of tabs and spaces in indentation' };
        if (col > top[0]) {
          if (alt <= top[1]) return tabError;
          stack.push([col, alt]);
        } else {
          while (stack.length > 1 && col < top[0]) top = (stack.pop(), stack[stack.length - 1]);
          if (col !== top[0]) return { index: j, what: 'unindent does not match any outer indentation level' };
          if (alt !== top[1]) return tabError;
        }
      }
      i = j - 1;
      continue;
    }
    const c = t[i];
    if (c === '\n') lineStart = true;
    else if (c === '\\' && t[i + 1] === '\n') i++;
    else if (c === '#' || c === '"' || c === "'") i = literalEnd(t, i);
  }
  return undefined;
}

const BLOCK = 1;
const SKIPPED = 2;
const ERROR_SYMBOL = 65535;
const kindsByLanguage = new WeakMap<readonly string[], Uint8Array>();

/** Per symbol: a block, or what has no indentation to check (a grammar may give a name several symbols). */
function kindsOf(names: readonly string[]): Uint8Array {
  let kinds = kindsByLanguage.get(names);
  if (!kinds) {
    kinds = new Uint8Array(names.length + 1);
    names.forEach((n, id) => (kinds![id] = n === 'block' ? BLOCK : n === 'comment' || n === ';' ? SKIPPED : 0));
    kindsByLanguage.set(names, kinds);
  }
  return kinds;
}

/** The indent of the first line of the cell holding `at` (`cells`: where each cell's code starts). */
function cellIndent(text: string, cells: readonly number[], at: number): string {
  let lo = 0;
  for (let hi = cells.length - 1; lo < hi; ) {
    const mid = (lo + hi + 1) >> 1;
    if (cells[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lineIndent(text, cells[lo] ?? 0);
}

function lineIndent(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return afterFormFeed(/^[ \t\f]*/.exec(text.slice(lineStart, lineStart + 256))![0]);
}

/** The indent that counts: what follows the last form feed in it. */
const afterFormFeed = (ws: string) => ws.slice(ws.lastIndexOf('\f') + 1);

/** CPython's words: a deeper line is an unexpected indent, a shallower one than the line before a
 *  dedent to no outer level; the same width written otherwise mixes tabs and spaces. Where tabs and
 *  spaces mix otherwise, the grammar (a tab is 8 columns) and CPython (to the next multiple of 8)
 *  may see different blocks: nothing is said. */
function problem(ws: string, expected: string, before: string): string | undefined {
  const [a, b] = [width(ws), width(expected)];
  if (a === b) return width(ws, 1) !== width(expected, 1) ? 'inconsistent use of tabs and spaces in indentation' : undefined;
  const mixed = /\t/.test(ws + expected) && / /.test(ws + expected);
  if (mixed) return undefined;
  return a < width(before) ? 'unindent does not match any outer indentation level' : 'unexpected indent';
}

/** Columns as CPython's tokenizer counts them (tabs to multiples of 8; with `tab` 1, its check of
 *  consistency). */
function width(ws: string, tab = 8): number {
  let col = 0;
  for (const ch of ws) col = ch === '\t' ? col + tab - (col % tab) : col + 1;
  return col;
}
