// The edits behind "Disable <rule> for this line / for this file", placed where the file stays valid:
// - Python: a directive line cannot go between a line ending in `\` and its continuation, nor inside a
//   multi-line string. A finding on such a line gets a trailing `# logit-lint-disable-line` comment
//   instead (a `disable-next-line` above the statement would cover its first line only), and none
//   when the line itself ends in `\` or inside a string (no comment can follow it there).
// - A notebook opened as a text document (JSON): the directive is written into the cell's `source`
//   string, JSON-encoded, as the rules' fixes are (notebook-edits.ts); the engine reads it there.
import { computeLineStarts, disableForFileEdit, disableForLineEdit, hashComments, lineOf } from '../../rules/engine/core/directives';
import type { TextEdit } from '../../rules';
import { notebookCode, type NotebookCode } from '../../rules/engine/python/notebook';
import { notebookEdits } from '../../rules/engine/python/notebook-edits';
import { literalEnd } from '../../rules/engine/python/text-scan';

/** "Disable `ruleId` for this line" at `at` (0-based line and UTF-16 character): the edits, or
 *  undefined when no directive can be written there. */
export function disableLineEdits(file: string, text: string, at: { line: number; character: number }, ruleId: string): TextEdit[] | undefined {
  if (isNotebook(file)) {
    return inNotebook(file, text, (code) => {
      const rawAt = (computeLineStarts(text)[at.line] ?? text.length) + at.character;
      const i = firstAtOrAfter(code.map, rawAt);
      return i < code.text.length ? lineEdit(file, code.text, lineOf(computeLineStarts(code.text), i), ruleId) : undefined;
    });
  }
  const edit = lineEdit(file, text, at.line + 1, ruleId);
  return edit && [edit];
}

/** "Disable `ruleId` for this file"; undefined when there is no place for it. */
export function disableFileEdits(file: string, text: string, ruleId: string): TextEdit[] | undefined {
  if (!isNotebook(file)) return [disableForFileEdit(file, text, ruleId)];
  return inNotebook(file, text, (code) => {
    // A file directive counts wherever it is: the first line that is Python (IPython lines are not).
    let at = 0;
    for (const [a, b] of code.blanked) {
      if (at < a || at >= b) continue;
      const eol = code.text.indexOf('\n', Math.max(a, b - 1));
      if (eol < 0) return undefined;
      at = eol + 1;
    }
    return { ...disableForFileEdit(file, code.text, ruleId), start: at, end: at };
  });
}

function isNotebook(file: string): boolean {
  return /\.ipynb$/i.test(file);
}

/** An edit of a notebook's code (its code cells joined) as edits of the notebook's JSON. */
function inNotebook(file: string, raw: string, edit: (code: NotebookCode) => TextEdit | undefined): TextEdit[] | undefined {
  const code = notebookCode(raw);
  if (typeof code === 'string') return undefined;
  const e = edit(code);
  return e && notebookEdits(raw, code, [{ ...e, file }]);
}

function lineEdit(file: string, text: string, line: number, ruleId: string): TextEdit | undefined {
  if (!hashComments(file)) return disableForLineEdit(file, text, line, ruleId);
  const joined = joinedLines(text);
  if (!joined.has(line)) return disableForLineEdit(file, text, line, ruleId);
  if (joined.has(line + 1)) return undefined;
  const starts = computeLineStarts(text);
  const start = starts[line - 1];
  const next = starts[line] ?? text.length;
  const end = next > start && text[next - 1] === '\n' ? next - (text[next - 2] === '\r' ? 2 : 1) : next;
  // Extend a directive the line already carries rather than adding a second comment.
  const m = /#\s*logit-lint-disable-line\s+(\S[^\n]*?)(\s+--.*)?$/.exec(text.slice(start, end));
  if (m) {
    const after = start + m.index + m[0].length - (m[2]?.length ?? 0);
    return { file, start: after, end: after, text: `, ${ruleId}` };
  }
  return { file, start: end, end, text: `  # logit-lint-disable-line ${ruleId}` };
}

let lastJoined: { text: string; lines: Set<number> } | undefined;

/** 1-based lines whose start continues the line above: after a `\` or inside a string. */
function joinedLines(text: string): Set<number> {
  if (lastJoined?.text === text) return lastJoined.lines;
  const starts = computeLineStarts(text);
  const lines = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#' || c === '"' || c === "'") {
      const end = literalEnd(text, i);
      if (c !== '#') for (let l = lineOf(starts, i) + 1; l <= lineOf(starts, end); l++) lines.add(l);
      i = end;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      lines.add(lineOf(starts, i) + 1);
    }
  }
  lastJoined = { text, lines };
  return lines;
}

/** The first index whose value is at least `value` (`values` ascending). */
function firstAtOrAfter(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
