// Python source -> tree-sitter tree. The grammar is WebAssembly (web-tree-sitter + the wasm that ships
// in tree-sitter-python): no native build, one load per process (initPython), then parsing is
// synchronous. Indices and columns of web-tree-sitter trees are UTF-16 code units, the same offsets
// as the JS side's sites. Trees live in wasm memory and are not garbage-collected: the cache keeps
// one tree per file and deletes the one it replaces.
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Tree, Parser as ParserType, Language as LanguageType } from 'web-tree-sitter';
import { buildSyntaxTree, releaseNodes, type Reuse, type SyntaxNode } from './syntax-tree';
import { useCursorExports } from './tree-cursor';
import { joinBracketedLines } from './text-scan';

export interface ParsedPython {
  file: string;
  text: string;
  /** undefined once syntaxOf has read it in a run that keeps no trees (setKeepTrees). */
  tree: Tree | undefined;
  /** The first syntax error, when there is one. The tree is kept anyway (tree-sitter recovers):
   *  statements without error nodes are still analysed. */
  /** message + ' at ' + where + suffix is the report; index: the Python text offset. */
  error?: { message: string; where: string; suffix: string; line: number; column: number; index: number };
  /** The tree as plain objects (syntaxOf), built on first use. */
  syntax?: SyntaxNode;
  /** An incremental re-parse: the previous parse's syntax tree and the edit, until syntaxOf. */
  reuse?: Reuse;
}

/** The interpreter's tree of a parse: built once, by one walk of the wasm tree (after an edit, the
 *  statements it did not touch are copied from the tree before it). */
export function syntaxOf(parsed: ParsedPython): SyntaxNode {
  if (!parsed.syntax) {
    parsed.syntax = buildSyntaxTree(parsed.tree!, parsed.text, false, parsed.reuse);
    parsed.reuse = undefined;
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

/** A cheap text pass (no tree walk): nesting too deep to analyse, as a message, or undefined. */
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
      if (col > deepest && c !== 13) deepest = col;
    }
    if (c === 40 || c === 91 || c === 123) {
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
  if (tree.rootNode.hasError) tree = rejoined(tree, text);
  const parsed: ParsedPython = { file, text, tree, error: syntaxError(tree.rootNode, text), reuse };
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
  if (joined === text) return tree;
  const again = parser!.parse(joined);
  if (!again || again.rootNode.hasError) {
    again?.delete();
    return tree;
  }
  tree.delete();
  return again;
}

/** The first syntax error of `text` parsed alone (no cache, no tree kept): a notebook cell's. */
export function syntaxErrorOf(text: string): ParsedPython['error'] {
  if (!parser) throw new Error('the Python parser is not loaded (initPython() first)');
  const first = parser.parse(text);
  if (!first) return undefined;
  const tree = first.rootNode.hasError ? rejoined(first, text) : first;
  try {
    return syntaxError(tree.rootNode, text);
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

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** The first ERROR or MISSING node in document order (explicit stack, only into subtrees with errors). */
function firstError(root: Node, text: string): ParsedPython['error'] {
  if (!root.hasError) return undefined;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) {
      // A bracket left open (half-typed code) makes one error of everything after it: say what
      // CPython says, where the bracket is.
      // The innermost such bracket whose lines before are sound (an outer one when code between
      // them is broken too: placeholders `f(# your code)` left open one after the other).
      const opens = n.isError ? unclosedBrackets(text, n.startIndex, n.endIndex) : [];
      const open = opens.find((o) => intactBefore(text, n.startIndex, o));
      if (open !== undefined) return errorAtIndex(open, `'${text[open]}' was never closed`, text);
      // Error recovery can wrap a whole file in one ERROR node that starts with sound statements
      // (the imports): the mistake is in the first child that is not one.
      const kids = n.isError && opens.length === 0 ? n.children : [];
      let sound = 0;
      while (sound < kids.length && soundStatement(kids[sound])) sound++;
      if (sound > 0 && sound < kids.length) {
        const k = kids[sound]!;
        if (k.hasError && !k.isError) stack.push(k);
        else return errorAt(k, k.isMissing ? `missing '${k.type}'` : `unexpected ${describe(k)}`, text);
        continue;
      }
      // An ERROR node that starts with the line break before its first token: placed at that token.
      const at = n.isError && n.firstChild && /\s/.test(text[n.startIndex] ?? '') ? n.firstChild : n;
      return errorAt(at, n.isMissing ? `missing '${n.type}'` : `unexpected ${describe(n)}`, text);
    }
    const kids = n.children;
    let flagged = false;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k && (k.hasError || k.isMissing)) {
        stack.push(k);
        flagged = true;
      }
    }
    // A missing hidden token (the newline between two statements: `import tensorflow as tf-gpu`)
    // is not among the children: the error is where a statement starts on the line another ends.
    if (!flagged) {
      for (let i = 1; i < kids.length; i++) {
        const a = kids[i - 1];
        const b = kids[i];
        if (a && b && a.isNamed && b.isNamed && b.startPosition.row === a.endPosition.row) return errorAt(b, `unexpected ${describe(b)}`, text);
      }
    }
  }
  return { message: 'syntax error', where: 'line 1, column 1', suffix: '', line: 1, column: 1, index: 0 };
}

/** A line that ends with `=` outside any bracket (`loss_fn = # YOUR CODE HERE`): Python stops
 *  there, where tree-sitter goes on and takes the next line (or the next cell) as the value. */
/** The first syntax error: tree-sitter's first ERROR or MISSING node, or an `=` with nothing after
 *  it on its line (`x = # TODO`), which tree-sitter joins to the next line, whichever comes first. */
function syntaxError(root: Node, text: string): ParsedPython['error'] {
  const node = firstError(root, text);
  const dangling = danglingAssignment(root, text, 0, node?.index);
  // Error recovery may wrap a whole block whose header is sound (`def f(a=1):` with `x = ` left
  // blank in its body, an exercise template) in one ERROR node: the blank comes first for Python.
  if (!dangling && node && soundHeader(text, node.index)) return danglingAssignment(root, text, node.index) ?? node;
  return dangling ?? node;
}

/** A compound statement's header line, whole: keyword, balanced brackets, a final colon. */
function soundHeader(text: string, at: number): boolean {
  const line = text.slice(at, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at)).replace(/#.*$/, '').trimEnd();
  if (!/^(?:async\s+)?(?:def|class|if|elif|else|for|while|with|try|except|finally)\b/.test(line) || !line.endsWith(':')) return false;
  let depth = 0;
  for (const ch of line) {
    depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

function danglingAssignment(root: Node, text: string, after = 0, before = Infinity): ParsedPython['error'] {
  for (const m of text.matchAll(/(?<![=!<>])=[ \t]*(?:#[^\n]*)?\r?$/gm)) {
    const at = m.index;
    if (at < after) continue;
    if (at >= before) break;
    let n: Node | null = root.descendantForIndex(at);
    let open = false;
    for (; n && !open; n = n.parent) open = n.startIndex < at && (n.type === 'string' || n.type === 'comment' || '([{'.includes(text[n.startIndex]));
    if (!open) return errorAtIndex(at, "nothing follows '=' on its line", text);
  }
  return undefined;
}

function soundStatement(k: Node | null): boolean {
  // A comment is sound too: a file's header comments are the first children of an ERROR node that
  // error recovery stretched over the whole file.
  return !!k && k.isNamed && !k.hasError && (k.type === 'comment' || /_statement$|_definition$/.test(k.type));
}

function errorAt(n: Node, what: string, text: string): NonNullable<ParsedPython['error']> {
  const where = `line ${n.startPosition.row + 1}, column ${n.startPosition.column + 1}`;
  return { message: `syntax error: ${what}`, where, suffix: python2(text), line: n.startPosition.row + 1, column: n.startPosition.column + 1, index: n.startIndex };
}

function errorAtIndex(index: number, what: string, text: string): NonNullable<ParsedPython['error']> {
  const { row, column } = pointAt(text, index);
  return { message: `syntax error: ${what}`, where: `line ${row + 1}, column ${column + 1}`, suffix: python2(text), line: row + 1, column: column + 1, index };
}

/** Whether the lines of an error node before the line of `open` are sound on their own (a header
 *  such as `for x in xs:`): then the open bracket is the first mistake, not an earlier one
 *  (`if x > 0` without its colon). */
function intactBefore(text: string, start: number, open: number): boolean {
  const lineStart = (i: number) => text.lastIndexOf('\n', i - 1) + 1;
  const from = lineStart(start);
  const to = lineStart(open);
  if (to <= from) return true;
  const cut = start - from;
  const lines = text.slice(from, to).split('\n').map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)));
  const indent = /^[ \t]*/.exec(text.slice(to))![0].slice(cut);
  return !syntaxErrorOf(`${lines.join('\n')}${indent}pass\n`);
}

function python2(text: string): string {
  return /^[ \t]*(print[ \t]+[^\s(=]|exec[ \t]+["'])|^[ \t]*except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:/m.test(text) ? ' (Python 2 code is not supported)' : '';
}

/** The brackets opened in [start, end) that nothing in the rest of `text` closes (strings and
 *  comments skipped), innermost first. */
function unclosedBrackets(text: string, start: number, end: number): number[] {
  const stack: number[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if (c === '"' || c === "'") {
      const q = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + q.length;
      while (j < text.length && !text.startsWith(q, j) && !(q.length === 1 && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
      i = j + q.length - 1;
    } else if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if ((c === ')' || c === ']' || c === '}') && stack.length) stack.pop();
  }
  return stack.filter((i) => i < end).reverse();
}

function describe(n: Node): string {
  const t = n.text.trimStart().split('\n')[0].trim();
  return t ? `'${t.length > 20 ? t.slice(0, 20) + '…' : t}'` : 'input';
}
