// Python source -> tree-sitter tree. The grammar is WebAssembly (web-tree-sitter + the wasm that ships
// in tree-sitter-python): no native build, one load per process (initPython), then parsing is
// synchronous. Indices and columns of web-tree-sitter trees are UTF-16 code units, the same offsets
// as the JS side's sites. Trees live in wasm memory and are not garbage-collected: the cache keeps
// one tree per file and deletes the one it replaces.
import * as fs from 'fs';
import * as path from 'path';
import type { Tree, Parser as ParserType, Language as LanguageType } from 'web-tree-sitter';
import { releaseNodes, type SyntaxNode } from './syntax-tree';
import { buildSyntaxTree, type Reuse } from './syntax-tree-build';
import { useCursorExports } from './tree-cursor';
import { joinBracketedLines, literalEnd } from './text-scan';
import { errorAtIndex, pointAt, syntaxError } from './syntax-errors';
import { indentationProblem, tabProblem } from './indentation';

export interface ParsedPython {
  file: string;
  text: string;
  /** undefined once syntaxOf has read it in a run that keeps no trees (setKeepTrees). */
  tree: Tree | undefined;
  /** The first syntax error, when there is one. The tree is kept anyway (tree-sitter recovers):
   *  statements without error nodes are still analysed. */
  /** message + ' at ' + where + suffix is the report; index: the Python text offset. */
  error?: { message: string; where: string; suffix: string; line: number; column: number; index: number;
    /** Python reads no code after it (a triple-quoted string left open takes the rest of the file). */
    rest?: boolean;
    /** A notebook's other cells that fail on their own, after the first (cells.ts). */
    others?: ParsedPython['error'][] };
  /** A notebook's: where each cell's code starts (IPython strips an indented cell's first-line indent). */
  cells?: readonly number[];
  /** The tree as plain objects (syntaxOf), built on first use. */
  syntax?: SyntaxNode;
  /** An incremental re-parse: the previous parse's syntax tree and the edit, until syntaxOf. */
  reuse?: Reuse;
}

const codeTexts = new WeakMap<ParsedPython, string>();
/** The parse's text with its comments blanked (same offsets): what the program says, not what its
 *  comments mention (`# trainer.model = best` is no assignment). */
export function codeOf(parsed: ParsedPython): string {
  let code = codeTexts.get(parsed);
  if (code === undefined) {
    code = parsed.text;
    if (code.includes('#')) {
      const parts: string[] = [];
      let at = 0;
      for (const c of syntaxOf(parsed).descendantsOfType('comment')) {
        parts.push(code.slice(at, c.startIndex), ' '.repeat(c.endIndex - c.startIndex));
        at = c.endIndex;
      }
      code = parts.join('') + code.slice(at);
    }
    codeTexts.set(parsed, code);
  }
  return code;
}

/** The interpreter's tree of a parse: built once, by one walk of the wasm tree (after an edit, the
 *  statements it did not touch are copied from the tree before it). */
export function syntaxOf(parsed: ParsedPython): SyntaxNode {
  if (!parsed.syntax) {
    parsed.syntax = buildSyntaxTree(parsed.tree!, parsed.text, false, parsed.reuse);
    parsed.reuse = undefined;
    // Python's IndentationError, which the grammar lets through (indentation.ts): the tree shows it.
    let indent = parsed.error ? undefined : indentationProblem(parsed.syntax, parsed.cells);
    // A TabError before the grammar's first error is what CPython's tokenizer stops at.
    const tabs = parsed.error && !parsed.cells ? tabProblem(parsed.text) : undefined;
    if (tabs && tabs.index < parsed.error!.index) indent = tabs;
    if (indent) parsed.error = errorAtIndex(indent.index, indent.what, parsed.text);
    builtInRun.add(parsed);
    if (!keepTrees) {
      parsed.tree!.delete();
      parsed.tree = undefined;
    }
  }
  return parsed.syntax;
}

/** The syntax trees built since the last releaseRunNodes(). */
const builtInRun = new Set<ParsedPython>();

/** At the end of a run that keeps no trees (the command line): the node objects of the trees it
 *  built are let go (the parse cache still holds the parses). Where trees are kept (a language
 *  server), they stay: the next edit's tree takes over those of every statement it did not touch
 *  (syntax-tree.ts, takeOver), so typing makes new node objects for one statement only. */
export function releaseRunNodes(): void {
  if (!keepTrees) for (const p of builtInRun) if (p.syntax) releaseNodes(p.syntax);
  builtInRun.clear();
}

let keepTrees = true;
/** A one-shot run (the command line) re-parses nothing, so each wasm tree is freed as soon as its
 *  syntax is read: with hundreds of trees alive the parser's malloc slowed down by a third of the
 *  parse (bench/RESULTS.md). The language server and the playground keep them for tree.edit. */
export function setKeepTrees(keep: boolean): void {
  keepTrees = keep;
}

/** Where the two .wasm files are, for a bundle that ships them next to its code (dist/). */
// `process` is absent in a browser (the playground bundles the engine): read it only where it exists.
let wasmDir: string | undefined = typeof process === 'undefined' ? undefined : process.env.LOGIT_LINT_WASM_DIR;
export function setPythonWasmDir(dir: string | undefined): void {
  wasmDir = dir;
}

let parser: ParserType | undefined;
let loading: Promise<void> | undefined;

/** Loads the runtime and the grammar once per process; later calls return the same promise. */
/** `bytes`: the two .wasm files' contents, where there is no file system to read them from (the
 *  browser playground fetches them). */
export function initPython(bytes?: { runtime: Uint8Array; grammar: Uint8Array }): Promise<void> {
  if (!loading) {
    loading = (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
      const runtime = bytes ? 'tree-sitter.wasm' : wasmDir ? path.join(wasmDir, 'tree-sitter.wasm') : require.resolve('web-tree-sitter/tree-sitter.wasm');
      const grammar = bytes ? '' : wasmDir ? path.join(wasmDir, 'tree-sitter-python.wasm') : require.resolve('tree-sitter-python/tree-sitter-python.wasm');
      // The bytes are read here and handed over: left to itself, web-tree-sitter reads them through
      // a dynamic import('fs/promises'), which code compiled with vm.Script (the language server's
      // code-cached worker) cannot run.
      const moduleOptions = { locateFile: () => runtime, wasmBinary: bytes?.runtime ?? fs.readFileSync(runtime) };
      await Parser.init(moduleOptions);
      useCursorExports(moduleOptions); // the wasm exports are set on it (tree-cursor.ts)
      const lang: LanguageType = await Language.load(bytes?.grammar ?? fs.readFileSync(grammar));
      const p = new Parser();
      p.setLanguage(lang);
      parser = p;
    })();
    loading.catch(() => {
      loading = undefined; // let a later call retry (e.g. after setPythonWasmDir)
    });
  }
  return loading;
}

export function pythonReady(): boolean {
  return parser !== undefined;
}

/** Deepest bracket nesting and indentation we analyse; beyond them the file is reported, not walked. */
export const MAX_BRACKET_DEPTH = 100;
export const MAX_INDENT_LEVELS = 60;

/**
 * A cheap text pass (no tree walk): nesting too deep to analyse, as a message, or undefined. Brackets
 * and indentation inside strings and comments do not count (a regex's "[[[" or ASCII art is not code).
 */
export function tooDeep(text: string): string | undefined {
  // One pass over the characters: bracket depth, and each line's leading indentation (tabs to 8).
  let depth = 0;
  let max = 0;
  let deepest = 0;
  let col = 0;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      leading = true;
      col = 0;
      continue;
    }
    if (leading) {
      if (c === 32) { col++; continue; }
      if (c === 9) { col += 8 - (col % 8); continue; }
      leading = false;
      // A line inside brackets continues a statement (aligned however it likes): no block opens there.
      if (col > deepest && c !== 13 && c !== 35 && depth === 0) deepest = col;
    }
    // A comment or string (the lines of a triple-quoted one included) is skipped whole.
    if (c === 35 || c === 34 || c === 39) i = literalEnd(text, i);
    else if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  if (max > MAX_BRACKET_DEPTH) return `nesting too deep (${max} levels of brackets), skipped`;
  if (deepest > MAX_INDENT_LEVELS * 4) return `nesting too deep (indentation of ${deepest} columns), skipped`;
  return undefined;
}

const cache = new Map<string, ParsedPython>();

/**
 * Parses `text` of `file`. Same text as the cached tree: that tree. Otherwise, when a previous tree
 * of the file exists (the cached one, or `previous`), re-parses incrementally: the edit is the
 * region between the common prefix and the common suffix of the two texts.
 * Requires initPython() to have resolved.
 */
export function parsePython(file: string, text: string, previous?: ParsedPython): ParsedPython {
  if (!parser) throw new Error('the Python parser is not loaded (initPython() first)');
  const cached = cache.get(file);
  if (cached && cached.text === text) {
    cache.delete(file); // most recently used last
    cache.set(file, cached);
    return cached;
  }
  const old = previous ?? cached;
  let tree: Tree | null;
  let reuse: Reuse | undefined;
  if (old?.tree) {
    const change = changeBetween(old.text, text);
    const copy = old.tree.copy(); // edit a copy: `old` may still be read by its owner
    copy.edit(change);
    tree = parser.parse(text, copy);
    copy.delete();
    if (old.syntax) reuse = { before: old.syntax, change, move: old === cached };
  } else {
    tree = parser.parse(text);
  }
  if (!tree) throw new Error('the Python parser gave up');
  if (tree.rootNode.hasError) tree = genexpFieldsBlanked(commentLinesBlanked(starsUnwritten(annotationsBlanked(rejoined(tree, text), text), text), text), text);
  const parsed: ParsedPython = { file, text, tree, error: syntaxError(tree.rootNode, text, syntaxErrorOf), reuse };
  // The cache owns its trees: the one replaced is deleted (a caller's own `previous` is not).
  cached?.tree?.delete();
  cache.delete(file);
  cache.set(file, parsed);
  return parsed;
}

/** A tree with an error, parsed again with the line breaks inside brackets as spaces (same offsets):
 *  kept when that one has none (tree-sitter-python 0.25 and a dedented continuation line). */
function rejoined(tree: Tree, text: string): Tree {
  const joined = joinBracketedLines(text);
  return joined === text ? tree : cleanerOf(tree, joined);
}

/** A tree with an error, parsed again with a star that opens a subscript written as a space (same
 *  offsets): kept when that one has none. Python 3.11 accepts `x[*idx]` (x[tuple(idx)]), which
 *  tree-sitter-python 0.25 rejects; the analysis reads no such index. */
function starsUnwritten(tree: Tree, text: string): Tree {
  if (!tree.rootNode.hasError) return tree;
  const unstarred = text.replace(/([\w\])][ \t]*\[[ \t]*)\*(?![*=])/g, '$1 ');
  return unstarred === text ? tree : cleanerOf(tree, unstarred);
}

/** A tree with an error, parsed again with each f-string field that is a bare generator expression
 *  (`f'{t.shape for t in obj}'`, which Python accepts and tree-sitter-python 0.25 does not) written
 *  `_` (same offsets): kept when that one has none. The analysis reads nothing printed there. */
function genexpFieldsBlanked(tree: Tree, text: string): Tree {
  if (!tree.rootNode.hasError) return tree;
  const blanked = text.replace(/(\b[fF][rR]?|\b[rR][fF])(['"])([^'"\n]*)\2/g, (whole, prefix: string, q: string, body: string) =>
    prefix + q + body.replace(/\{([^{}]*\sfor\s[^{}]*\sin\s[^{}]*)\}/g, (_f, inner: string) => `{_${' '.repeat(inner.length - 1)}}`) + q);
  return blanked === text ? tree : cleanerOf(tree, blanked);
}

/** A tree with an error, parsed again with the lines that hold only a comment blanked (same offsets):
 *  kept when that one has none. tree-sitter-python 0.25 takes a comment indented less than the code
 *  around it for a dedent (between a decorator and its def, Python accepts it). */
function commentLinesBlanked(tree: Tree, text: string): Tree {
  if (!tree.rootNode.hasError) return tree;
  const blanked = text.replace(/^([ \t]*)#[^\r\n]*/gm, (line) => line.replace(/[^ \t]/g, ' '));
  return blanked === text ? tree : cleanerOf(tree, blanked);
}

/** `text` (the same offsets as the tree's) parsed: that tree if it has no error, else `tree`. */
function cleanerOf(tree: Tree, text: string): Tree {
  const again = parser!.parse(text);
  if (!again || again.rootNode.hasError) {
    again?.delete();
    return tree;
  }
  tree.delete();
  return again;
}

/** A tree with an error next to a type annotation, parsed again with those annotations written `_`
 *  (same offsets): kept when that one has none. tree-sitter-python 0.25 rejects a subscripted type
 *  followed by an operator (`size: Tuple[int, int] or int = 4`, `-> List[str] or None`), which Python
 *  accepts; the analysis reads no annotation there. */
function annotationsBlanked(tree: Tree, text: string): Tree {
  const regions: Array<[number, number]> = [];
  for (const err of tree.rootNode.descendantsOfType('ERROR')) {
    if (!err) continue;
    // `a: T[int] or U` as a parameter without default: the type is the typed_parameter's last child.
    const prev = err.previousNamedSibling;
    const before = prev?.type === 'typed_parameter' ? prev.lastNamedChild : prev;
    const after = err.nextNamedSibling;
    const typed = err.namedChildren.some((c) => c?.type === 'type');
    if (before?.type === 'type') regions.push([before.startIndex, err.endIndex]);
    else if (typed && after?.type === 'type') regions.push([err.startIndex, after.endIndex]);
  }
  // Only where the annotation is one expression Python accepts (a real error there stays one): no
  // comma, colon or `=` outside its brackets (tree-sitter alone lets `(a or b, ,)` through).
  const valid = (a: number, b: number) => {
    if (!oneExpression(text.slice(a, b))) return false;
    const alone = parser!.parse(`(${text.slice(a, b)})\n`);
    const ok = !!alone && !alone.rootNode.hasError;
    alone?.delete();
    return ok;
  };
  const kept = regions.filter(([a, b]) => valid(a, b)).sort((x, y) => x[0] - y[0]);
  if (kept.length === 0) return tree;
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of kept) {
    if (a < at) continue;
    parts.push(text.slice(at, a), '_', text.slice(a + 1, b).replace(/[^\n]/g, ' '));
    at = b;
  }
  parts.push(text.slice(at));
  const blanked = parts.join('');
  // With no error left, that tree; with a real error elsewhere too, that tree as well (its first
  // error is the real one), as long as no annotation written `_` is where an error was left.
  const again = parser!.parse(blanked);
  const left = again?.rootNode.hasError ? syntaxError(again.rootNode, blanked, syntaxErrorOf)?.index : undefined;
  // A real error left must be on a line with no annotation written `_` (its message quotes that line).
  const lineOf = (i: number) => text.lastIndexOf('\n', i - 1);
  const usable = !!again && (!again.rootNode.hasError || (kept.length === regions.length && left !== undefined && !kept.some(([a, b]) => lineOf(left) >= lineOf(a) && lineOf(left) <= lineOf(b))));
  if (!usable) {
    again?.delete();
    return tree;
  }
  tree.delete();
  return again;
}

/** Whether `t` has no `,`, `:`, `=`, `;` or line break outside brackets, and its brackets close. */
function oneExpression(t: string): boolean {
  let depth = 0;
  for (const ch of t) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && ',:=;\n'.includes(ch)) return false;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** The first syntax error of `text` parsed alone (no cache, no tree kept): a notebook cell's. */
export function syntaxErrorOf(text: string): ParsedPython['error'] {
  if (!parser) throw new Error('the Python parser is not loaded (initPython() first)');
  const first = parser.parse(text);
  if (!first) return undefined;
  const tree = first.rootNode.hasError ? annotationsBlanked(rejoined(first, text), text) : first;
  try {
    return syntaxError(tree.rootNode, text, syntaxErrorOf);
  } finally {
    tree.delete();
  }
}

/** Trees kept between runs (for incremental re-parse); older ones are deleted when a run starts,
 *  never during one (the sites of a run's findings point into its trees). */
export const KEEP_TREES = 256;

export function pruneParses(keep = KEEP_TREES): void {
  for (const [file, p] of cache) {
    if (cache.size <= keep) break;
    p.tree?.delete();
    cache.delete(file);
  }
}

/** That text with its comments blanked (codeOf), where its tree is still at hand. */
export function codeTextOf(file: string): string | undefined {
  const p = cache.get(file);
  return p && (p.syntax || p.tree) ? codeOf(p) : p?.text;
}

/** The text last parsed for `file` (what sites' offsets index). */
export function textOf(file: string): string | undefined {
  return cache.get(file)?.text;
}

/** Forgets a file's tree (a closed editor buffer, a deleted file). */
export function forgetPython(file: string): void {
  cache.get(file)?.tree?.delete();
  cache.delete(file);
}

/** tree.edit() arguments for the change from `a` to `b`: common prefix and suffix kept. */
export function changeBetween(a: string, b: string) {
  // Whole chunks first (string equality is native and fast), then character by character.
  const CHUNK = 512;
  let start = 0;
  const min = Math.min(a.length, b.length);
  while (start + CHUNK <= min && a.slice(start, start + CHUNK) === b.slice(start, start + CHUNK)) start += CHUNK;
  while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix + CHUNK <= min - start && a.slice(a.length - suffix - CHUNK, a.length - suffix) === b.slice(b.length - suffix - CHUNK, b.length - suffix)) suffix += CHUNK;
  while (suffix < min - start && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  const oldEnd = a.length - suffix;
  const newEnd = b.length - suffix;
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(a, start),
    oldEndPosition: pointAt(a, oldEnd),
    newEndPosition: pointAt(b, newEnd),
  };
}
