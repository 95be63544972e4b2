// Inline suppression comments, shared by the CLI, the language server and the ESLint plugin:
//   // logit-lint-disable-next-line rule-a, rule-b -- reason
//   // logit-lint-disable-line rule-a
//   /* logit-lint-disable rule-a */          (whole file; no rule list = every rule)
// and in Python the same words after `#`: `# logit-lint-disable-next-line rule-a`.
// A directive without rules applies to every rule. Text after `--` is a reason and is ignored.
import type { Finding, TextEdit } from './types';
import { lineOf, newlineStarts } from './lines';

export interface Directive {
  kind: 'next-line' | 'line' | 'file';
  /** Empty = all rules. */
  rules: string[];
  /** 1-based line the directive is written on. */
  line: number;
  /** 1-based line it applies to (for 'file': 0). */
  target: number;
  start: number;
  end: number;
  used: boolean;
  /** Where the file holds its code in another form (a notebook): the span of the file the directive
   *  covers, in place of `target` (a cell saved as one JSON string is one line of the file). */
  span?: [number, number];
}

const DIRECTIVE = /(\/\/|\/\*)\s*logit-lint-(disable-next-line|disable-line|disable)\b([^\n]*?)(\*\/|$)/gm;
const HASH_DIRECTIVE = /(#)\s*logit-lint-(disable-next-line|disable-line|disable)\b([^\n]*?)()$/gm;

/** Python (and notebooks) comment with `#`; everything else the engine reads uses JS comments. */
export function hashComments(file: string): boolean {
  return /\.(py|pyi|ipynb)$/i.test(file);
}

export function parseDirectives(text: string, file = ''): Directive[] {
  if (!text.includes('logit-lint-')) return [];
  const pattern = hashComments(file) ? HASH_DIRECTIVE : DIRECTIVE;
  const lineStarts = computeLineStarts(text);
  const out: Directive[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0;
    const line = lineOf(lineStarts, start);
    const body = m[3].split('--')[0];
    const rules = body.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const kind = m[2] === 'disable-next-line' ? 'next-line' : m[2] === 'disable-line' ? 'line' : 'file';
    // A line-comment `// logit-lint-disable` is a file directive too, as in ESLint's block form.
    out.push({ kind, rules, line, target: kind === 'next-line' ? line + 1 : kind === 'line' ? line : 0, start, end: start + m[0].length, used: false });
  }
  return out;
}

/** Directives written in code that `raw` holds in another form (a notebook's cells, JSON strings):
 *  read in the code (`map[i]`: the offset in `raw` of code character i, `map[text.length]` its end),
 *  placed in `raw`, each applying to the span of `raw` its code line takes. */
export function parseDirectivesIn(code: { text: string; map: ArrayLike<number>; scopes?: Array<[number, number]> }, raw: string, file: string): Directive[] {
  const found = parseDirectives(code.text, file);
  if (found.length === 0) return found;
  const codeStarts = computeLineStarts(code.text);
  const rawStarts = computeLineStarts(raw);
  const toRaw = (i: number) => code.map[Math.min(i, code.text.length)];
  const lineSpan = (line: number): [number, number] => {
    const a = codeStarts[line - 1] ?? code.text.length;
    const b = codeStarts[line] ?? code.text.length;
    return [toRaw(a), b > a ? toRaw(b - 1) + 1 : toRaw(a)];
  };
  return found.map((d) => {
    const start = toRaw(d.start);
    const line = lineOf(rawStarts, start);
    if (d.kind === 'file') {
      // (In a cell that holds another file's code, a notebook's `%%writefile`: that cell only.)
      const scope = code.scopes?.find(([a, b]) => d.start >= a && d.start < b);
      return { ...d, start, end: toRaw(d.end), line, span: scope && [toRaw(scope[0]), toRaw(scope[1])] };
    }
    const span = lineSpan(d.target);
    return { ...d, start, end: toRaw(d.end), line, target: lineOf(rawStarts, span[0]), span };
  });
}

/** Drops findings covered by a directive; marks directives that suppressed something as used. */
export function applyDirectives(findings: Finding[], directives: Directive[]): Finding[] {
  if (directives.length === 0) return findings;
  return findings.filter((f) => {
    let suppressed = false;
    for (const d of directives) {
      if (d.rules.length > 0 && !d.rules.includes(f.ruleId)) continue;
      const covered = d.span ? f.location.start >= d.span[0] && f.location.start < d.span[1] : d.kind === 'file' || d.target === f.location.line;
      if (covered) {
        d.used = true;
        suppressed = true;
      }
    }
    return !suppressed;
  });
}

/** A fix whose edit lands on a line a directive disables the finding's rule for (`return
 *  torch.sigmoid(z)  # logit-lint-disable-line sigmoid-before-logits-loss`: "keep this") is not
 *  applied by --fix: it becomes a suggestion that says why, and the directive is used. */
export function keepDirectedLines(f: Finding, directivesOf: (file: string) => Directive[], textOf: (file: string) => string): Finding {
  if (!f.fix) return f;
  for (const e of f.fix.edits) {
    const directives = directivesOf(e.file);
    if (!directives.length) continue;
    const line = lineOf(newlineStartsOf(textOf(e.file)), e.start);
    const d = directives.find((x) => (x.rules.length === 0 || x.rules.includes(f.ruleId)) && (x.span ? e.start >= x.span[0] && e.start < x.span[1] : x.kind === 'file' || x.target === line));
    if (!d) continue;
    d.used = true;
    const why = `a logit-lint-disable comment for ${f.ruleId} keeps line ${d.kind === 'file' ? line : d.target} of ${e.file.split(/[\\/]/).pop()}`;
    return { ...f, fix: undefined, suggestions: [{ ...f.fix, title: `${f.fix.title} (not applied by --fix: ${why})`, safe: false }, ...f.suggestions] };
  }
  return f;
}

/** The line starts of the last text asked for (the fixes of one file come one after the other). */
let lastStarts: { text: string; starts: number[] } | undefined;
function newlineStartsOf(text: string): number[] {
  if (lastStarts?.text !== text) lastStarts = { text, starts: newlineStarts(text) };
  return lastStarts.starts;
}

/** The edit behind "Disable <rule> for this line": a comment above, indented like the line. */
export function disableForLineEdit(file: string, text: string, line: number, ruleId: string): TextEdit {
  const starts = computeLineStarts(text);
  const lineStart = starts[line - 1] ?? text.length;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  // Extend an existing directive on the line above instead of stacking a second one.
  if (line >= 2) {
    const prevStart = starts[line - 2];
    const prev = text.slice(prevStart, lineStart).replace(/\r?\n$/, '');
    const m = (hashComments(file) ? /^(\s*#\s*logit-lint-disable-next-line\s+)([^\n]*?)(\s+--.*)?$/ : /^(\s*\/\/\s*logit-lint-disable-next-line\s+)([^\n]*?)(\s+--.*)?$/).exec(prev);
    if (m && m[2].trim()) {
      const rules = m[2].split(/[\s,]+/).filter(Boolean);
      if (!rules.includes(ruleId)) rules.push(ruleId);
      return { file, start: prevStart, end: prevStart + prev.length, text: `${m[1]}${rules.join(', ')}${m[3] ?? ''}` };
    }
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment = hashComments(file) ? '#' : '//';
  return { file, start: lineStart, end: lineStart, text: `${indent}${comment} logit-lint-disable-next-line ${ruleId}${eol}` };
}

/** The edit behind "Disable <rule> for this file": a block comment on the first line. */
export function disableForFileEdit(file: string, text: string, ruleId: string): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Keep a shebang first, or the file stops being executable.
  const at = text.startsWith('#!') ? text.indexOf('\n') + 1 || text.length : 0;
  return { file, start: at, end: at, text: hashComments(file) ? `# logit-lint-disable ${ruleId}${eol}` : `/* logit-lint-disable ${ruleId} */${eol}` };
}

export const computeLineStarts = newlineStarts;

export { lineOf } from './lines';
