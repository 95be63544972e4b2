// The part of a file a syntax error damaged. TypeScript's parser recovers from errors and builds a
// tree anyway; what it builds near an error is a guess (a half-typed `'sig` becomes the string
// "sig", an unclosed `(` swallows the statements after it as arguments). Findings resting on any
// site inside the damage are dropped by the core; the rest of the file is analysed as written.
//
// The damaged region is a union of whole top-level statements (with their leading comments):
//  - every top-level statement whose span contains the position of a parse diagnostic, except
//    when it sits at that statement's first token: then the statement before it is the damaged
//    one (the parser noticed a missing `)` `}` or operand only where a new statement begins);
//    a scanner error (unterminated string, regular expression) damages the statement holding
//    the token;
//  - from the end of the last statement to the end of the file when a diagnostic lies after every
//    statement (an unterminated comment swallows the rest of the file as trivia), and the last
//    statement too unless the diagnostic is that comment (a closer missing at the end of the file).
// An unclosed bracket makes its statement extend to the end of the file, so the first rule already
// covers everything it swallowed.
import ts = require('typescript');
import type { Hidden, Range } from '../core/site';

export interface ParseErrorInfo {
  message: string;
  /** 1-based. */
  line: number;
  column: number;
}

export function parseDiagnostics(sf: ts.SourceFile): ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

/** The first parse error, as the CLI reports it ("Parsing error: ..."). */
export function firstParseError(sf: ts.SourceFile): ParseErrorInfo | undefined {
  const d = parseDiagnostics(sf)[0];
  if (!d) return undefined;
  const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
  return { message: ts.flattenDiagnosticMessageText(d.messageText, ' '), line: line + 1, column: character + 1 };
}

/** Damaged ranges [start, end) of `sf`, sorted and merged; empty when the file parses cleanly. */
export function damagedRanges(sf: ts.SourceFile): Range[] {
  const diags = parseDiagnostics(sf);
  if (diags.length === 0) return [];
  const stmts = sf.statements;
  const out: Range[] = [];
  const whole = (i: number): Range => [stmts[i].pos, stmts[i].end];
  for (const d of diags) {
    const p = d.start;
    const i = statementAt(stmts, p);
    if (i < 0) {
      // After every statement (or none): from the last statement's end to the end of the file.
      const last = stmts.length ? stmts[stmts.length - 1].end : 0;
      out.push([Math.min(last, p), sf.text.length]);
      // Past the end, a missing closer (`}` `)` `]`) belongs to the last statement; an unterminated
      // comment does not, unless it cut that statement short (then the parser flagged a node in it).
      const cut = stmts.length > 0 && (d.code !== UNTERMINATED_COMMENT || cutByComment(sf, last));
      if (cut) out.push(whole(stmts.length - 1));
      continue;
    }
    // A scanner error is about a token: the statements whose tokens reach `p` hold it (an
    // unterminated string is reported at its line's end, a regular expression at its start).
    if (SCANNER_ERRORS.has(d.code)) {
      for (const j of [i - 1, i, i + 1]) {
        const x = stmts[j];
        if (x && x.getStart(sf) <= p && p <= x.end) out.push(whole(j));
      }
      if (p < stmts[i].getStart(sf) && i > 0) out.push(whole(i - 1)); // in trivia: be safe
      continue;
    }
    // At a statement's first token the parser gave up on the previous statement (a closer or an
    // operand missing) and started this one afresh: the previous one is damaged, this one is not.
    if (i > 0 && p <= stmts[i].getStart(sf)) out.push(whole(i - 1));
    else out.push(whole(i));
  }
  return merge(out);
}

// Errors about a token itself (unterminated string, template, regular expression; an invalid
// character), wherever the scanner reports them.
const SCANNER_ERRORS = new Set([1002, 1160, 1161, 1127]);

// Unterminated block comment, unterminated template literal: the text after them is no code at all
// to the parser, so what it would add to a model (a layer, a compile) is unseen.
const UNTERMINATED_COMMENT = 1010;
const HIDING = new Set([UNTERMINATED_COMMENT, 1160]);

/** Where the parser stopped seeing code (an unterminated comment or template), and the functions
 *  that end before it: a model made inside one of them is reachable from the hidden text only
 *  through what the function returns, not by its name. */
export function hiddenCode(sf: ts.SourceFile): Hidden | undefined {
  const d = parseDiagnostics(sf).find((x) => HIDING.has(x.code));
  if (!d) return undefined;
  const i = statementAt(sf.statements, d.start);
  const from = i >= 0 ? sf.statements[i].pos : Math.min(d.start, sf.statements.length ? sf.statements[sf.statements.length - 1].end : 0);
  const closed: Range[] = [];
  const visit = (n: ts.Node): void => {
    if (n.pos >= from) return;
    if (ts.isFunctionLike(n) && n.end <= from && (n as ts.FunctionLikeDeclaration).body) { closed.push([n.pos, n.end]); return; }
    n.forEachChild(visit);
  };
  visit(sf);
  return { from, closed };
}

/** Whether the unterminated comment after `from` cut the code before it short: the text up to the
 *  comment does not parse on its own (a rare case, so parsing it again is affordable). */
function cutByComment(sf: ts.SourceFile, from: number): boolean {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.JSX, sf.text, undefined, from);
  let start = -1;
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.MultiLineCommentTrivia) start = scanner.getTokenStart();
  }
  if (start < 0) return true;
  const before = ts.createSourceFile(sf.fileName, sf.text.slice(0, start), ts.ScriptTarget.Latest, false, ts.ScriptKind.JSX);
  return parseDiagnostics(before).length > 0;
}

/** Index of the top-level statement whose [pos, end] holds `p`, or -1. */
function statementAt(stmts: ts.NodeArray<ts.Statement>, p: number): number {
  let lo = 0;
  let hi = stmts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stmts[mid];
    if (p < s.pos) hi = mid - 1;
    else if (p > s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
