// Turns a file's text into a TypeScript SourceFile. For .html/.vue/.svelte the <script> blocks are
// kept in place and everything else is blanked to spaces (newlines kept), so offsets, lines and
// columns in the parsed text are those of the real file: no offset map is needed downstream.
import ts = require('typescript');
import * as path from 'path';
import { computeLineStarts } from '../core/directives';
import { looksBinary } from '../core/text-checks';
import type { Hidden, Range } from '../core/site';
import { damagedRanges, firstParseError, hiddenCode, parseDiagnostics, ParseErrorInfo } from './damage';

export { SCRIPT_EXTENSIONS, COMPONENT_EXTENSIONS, LINTABLE_EXTENSIONS, isLintable, mentionsTf, relativeImports } from './text-scan';
import { COMPONENT_EXTENSIONS } from './text-scan';

export interface ParsedSource {
  path: string;
  text: string;
  sf: ts.SourceFile;
  lineStarts: number[];
  /** What the text was parsed as (an edit can switch a .vue file's script to lang="ts"). */
  kind: ts.ScriptKind;
  /** The first syntax error, when the tree is a recovered one. */
  parseError?: ParseErrorInfo;
  /** What the syntax errors damaged (damage.ts); findings resting there are dropped. */
  damaged: Range[];
  /** Where an unterminated comment or template hid the rest of the file from the parser. */
  hidden?: Hidden;
}

/** A file that cannot be analysed at all (binary, nesting too deep, unreadable). */
export class SourceError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
  }
}

/** Blanks everything outside <script> blocks (non-src, JS/TS types only); line terminators stay, so
 *  lines and columns (which count U+2028/U+2029 as breaks, like ESLint) match the real file. A
 *  `<script>` inside an HTML comment is not a script (commented-out code, or prose naming the tag). */
export function extractScripts(text: string): { code: string; ts: boolean } {
  const out = text.replace(/[^\n\r\u2028\u2029]/g, ' ').split('');
  let isTs = false;
  const open = /<!--[\s\S]*?(?:-->|$(?![\s\S]))|<script\b([^>]*)>/gi;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    if (m[0].startsWith('<!--')) continue;
    const attrs = m[1] ?? '';
    const bodyStart = m.index + m[0].length;
    const close = text.toLowerCase().indexOf('</script', bodyStart);
    const bodyEnd = close < 0 ? text.length : close;
    open.lastIndex = bodyEnd;
    if (/\bsrc\s*=/i.test(attrs)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && !/^(module|text\/javascript|application\/javascript|text\/babel|text\/typescript|ts)$/.test(type)) continue;
    if (/\blang\s*=\s*["']?(ts|typescript|tsx)\b/i.test(attrs)) isTs = true;
    for (let i = bodyStart; i < bodyEnd; i++) out[i] = text[i];
    legacyComments(text, bodyStart, bodyEnd, out);
    // Separate consecutive blocks: a `;` where `</script` starts (ASI would not help on one line).
    if (close >= 0) out[close] = ';';
  }
  return { code: out.join(''), ts: isTs };
}

/** `<script><!-- ... //--></script>`: browsers read a line-leading `<!--` or `-->` in a classic
 *  script as a line comment (ECMAScript Annex B); TypeScript does not, so each becomes `//` text of the
 *  same length. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

function legacyComments(text: string, start: number, end: number, out: string[]): void {
  let lineStart = start;
  while (lineStart < end) {
    let i = lineStart;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text.startsWith('<!--', i) || text.startsWith('-->', i)) {
      out[i] = '/';
      out[i + 1] = '/';
    }
    while (i < end && !LINE_BREAK.test(text[i])) i++;
    lineStart = i + 1;
  }
}

function scriptKindOf(file: string, componentTs: boolean): ts.ScriptKind {
  switch (path.extname(file).toLowerCase()) {
    case '.ts': case '.mts': case '.cts': return ts.ScriptKind.TS;
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    case '.html': case '.htm': case '.vue': case '.svelte': return componentTs ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    // .js may hold JSX (React projects); the JSX grammar parses plain JS the same way.
    default: return ts.ScriptKind.JSX;
  }
}

/** Deeper bracket nesting than this is refused before parsing: the parser recurses, and where it
 *  would overflow depends on the thread's stack, so the limit is a property of the file instead. */
export const MAX_NESTING = 400;

/** Deepest nesting the parser would recurse through: ( [ { brackets, plus chains of `=>`, `?` and
 *  `=` inside one expression (`() => () => ...`, `a ? b : c ? ...`, `a = b = ...` nest without
 *  brackets). Strings, template text and comments are skipped; a chain ends at `,` `;` or a line
 *  break. A cheap scan, not a parse: it only has to be right for pathological files. */
export function maxNesting(code: string): number {
  let depth = 0;
  let chain = 0;
  let max = 0;
  const saved: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) { // ( [ {
      saved.push(chain);
      depth++;
    } else if (c === 41 || c === 93 || c === 125) { // ) ] }
      if (depth > 0) { depth--; chain = saved.pop() ?? 0; }
    } else if (c === 44 || c === 59 || c === 10) { // , ; newline
      chain = saved.length ? saved[saved.length - 1] : 0;
    } else if (c === 61) { // = (also =>), but not == <= >= != += ...
      const prev = code.charCodeAt(i - 1);
      const next = code.charCodeAt(i + 1);
      if (next === 61) { i++; continue; }
      if (!(prev === 33 || prev === 60 || prev === 62 || prev === 61 || prev === 43 || prev === 45 || prev === 42 || prev === 47 || prev === 37 || prev === 38 || prev === 124 || prev === 94)) chain++;
    } else if (c === 63) { // ? but not ?. or ??
      const next = code.charCodeAt(i + 1);
      if (next === 63 || (next === 46 && !(code.charCodeAt(i + 2) >= 48 && code.charCodeAt(i + 2) <= 57))) i++;
      else chain++;
    } else if (c === 34 || c === 39 || c === 96) { // " ' `
      for (i++; i < code.length && code.charCodeAt(i) !== c; i++) if (code.charCodeAt(i) === 92) i++;
    } else if (c === 47 && code.charCodeAt(i + 1) === 47) { // line comment
      while (i < code.length && code.charCodeAt(i) !== 10) i++;
      chain = saved.length ? saved[saved.length - 1] : 0;
    } else if (c === 47 && code.charCodeAt(i + 1) === 42) { // block comment
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 1;
    }
    if (depth + chain > max) max = depth + chain;
  }
  return max;
}

/**
 * Parses a file; throws SourceError for binary text or absurd nesting. A syntax error gives the
 * parser's recovered tree, with its damaged region. `previous`, the tree of an
 * earlier version of the same file, is updated instead (TypeScript's incremental parser, as the
 * editor uses it): only the region between the first and the last changed character is parsed
 * again. That tree must not be used afterwards: its unchanged nodes move into the new one.
 */
export function parseSource(file: string, rawText: string, previous?: ParsedSource): ParsedSource {
  const text = rawText.charCodeAt(0) === 0xfeff ? ' ' + rawText.slice(1) : rawText; // BOM keeps its offset
  if (looksBinary(text)) throw new SourceError('binary file (not UTF-8 text), skipped');
  const component = COMPONENT_EXTENSIONS.includes(path.extname(file).toLowerCase());
  const { code, ts: componentTs } = component ? extractScripts(text) : { code: text, ts: false };
  const nesting = maxNesting(code);
  if (nesting > MAX_NESTING) throw new SourceError('nesting too deep to analyse, skipped'); // one message, whatever the cause
  const kind = scriptKindOf(file, componentTs);
  let sf: ts.SourceFile;
  try {
    sf = previous && previous.kind === kind ? ts.updateSourceFile(previous.sf, code, changeRange(previous.sf.text, code)) : ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, kind);
  } catch (e) {
    // The parser recurses; absurdly deep nesting overflows the stack. Say so instead of crashing.
    if (e instanceof RangeError) throw new SourceError('nesting too deep to analyse, skipped');
    throw e;
  }
  // An updated tree with errors is parsed again from scratch: error recovery after an update can
  // build another tree, and what is reported must not depend on the edit history.
  if (previous && parseDiagnostics(sf).length > 0) return parseSource(file, rawText);
  return { path: file, text, sf, lineStarts: computeLineStarts(text), kind, parseError: firstParseError(sf), damaged: damagedRanges(sf), hidden: hiddenCode(sf) };
}

/** The span of `before` that was replaced to give `after`: common prefix and suffix excluded. */
function changeRange(before: string, after: string): ts.TextChangeRange {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return ts.createTextChangeRange(ts.createTextSpan(start, endBefore - start), endAfter - start);
}

/** Parses are reused across lint runs while the text is unchanged (the editor re-lints on every
 *  keystroke; most files did not change), and a changed text updates the file's last tree
 *  incrementally. Bounded by total text size, oldest entries evicted. */
const parseCache = new Map<string, { text: string; result: ParsedSource | SourceError }>();
let cachedChars = 0;
const MAX_CACHED_CHARS = 16 * 1024 * 1024;

export function parseSourceCached(file: string, text: string): ParsedSource {
  const hit = parseCache.get(file);
  if (hit && hit.text === text) {
    parseCache.delete(file); // refresh its place in the eviction order
    parseCache.set(file, hit);
    if (hit.result instanceof SourceError) throw hit.result;
    return hit.result;
  }
  if (hit) { parseCache.delete(file); cachedChars -= hit.text.length; }
  let result: ParsedSource | SourceError;
  try {
    // The old tree is handed over: nothing else holds it once this entry is replaced.
    // Only a clean tree is updated: TypeScript's incremental parser can carry a recovered tree's
    // guesses into the next version, and what is reported must not depend on the edit history.
    result = parseSource(file, text, hit && !(hit.result instanceof SourceError) && !hit.result.parseError ? hit.result : undefined);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    result = e;
  }
  if (text.length <= MAX_CACHED_CHARS / 4) {
    parseCache.set(file, { text, result });
    cachedChars += text.length;
    for (const [k, v] of parseCache) {
      if (cachedChars <= MAX_CACHED_CHARS) break;
      parseCache.delete(k);
      cachedChars -= v.text.length;
    }
  }
  if (result instanceof SourceError) throw result;
  return result;
}
