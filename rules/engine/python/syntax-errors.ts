// Where and what a Python tree's first syntax error is, said the way Python would: tree-sitter's first
// ERROR or MISSING node, refined (a bracket left open, a Python 2 statement, an `=` with nothing
// after it), as a line and column of the text.
import type { Node } from 'web-tree-sitter';
import type { ParsedPython } from './parser';
import { literalEnd } from './text-scan';

/** The first syntax error of a text parsed alone (parser.ts syntaxErrorOf). */
type ErrorOf = (text: string) => ParsedPython['error'];

export function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** The first ERROR or MISSING node in document order (explicit stack, only into subtrees with errors). */
function firstError(root: Node, text: string, errorOf: ErrorOf): ParsedPython['error'] {
  if (!root.hasError) return undefined;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) {
      // A triple-quoted string left open: Python reads the rest of the file as that string.
      const triple = n.isError ? /^[rRbBuUfF]{0,2}('''|""")/.exec(n.firstChild?.type === 'string_start' ? n.firstChild.text : '') : null;
      if (triple && text.indexOf(triple[1], n.firstChild!.endIndex) < 0) return { ...errorAtIndex(n.startIndex, 'unterminated triple-quoted string literal', text), rest: true };
      // A bracket left open (half-typed code) makes one error of everything after it: say what
      // CPython says, where the bracket is.
      // The innermost such bracket whose lines before are sound (an outer one when code between
      // them is broken too: placeholders `f(# your code)` left open one after the other).
      const opens = n.isError ? unclosedBrackets(text, n.startIndex, n.endIndex) : [];
      const open = opens.find((o) => intactBefore(text, n.startIndex, o, errorOf));
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
      // Sound code and then a token that fits nowhere (`y = model(x) ?`): Python stops at the token.
      const stray = n.isError && opens.length === 0 ? strayToken(n) : undefined;
      if (stray) return errorAt(stray, `unexpected ${describe(stray)}`, text);
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
        // (A comment after a statement, `x = f()  # note`, is no second statement.)
        if (a && b && a.isNamed && b.isNamed && b.type !== 'comment' && b.startPosition.row === a.endPosition.row) return errorAt(b, `unexpected ${describe(b)}`, text);
      }
    }
  }
  return { message: 'syntax error', where: 'line 1, column 1', suffix: '', line: 1, column: 1, index: 0 };
}

/** A line that ends with `=` outside any bracket (`loss_fn = # YOUR CODE HERE`): Python stops
 *  there, where tree-sitter goes on and takes the next line (or the next cell) as the value. */
/** The first syntax error: tree-sitter's first ERROR or MISSING node, or an `=` with nothing after
 *  it on its line (`x = # TODO`), which tree-sitter joins to the next line, whichever comes first. */
export function syntaxError(root: Node, text: string, errorOf: ErrorOf): ParsedPython['error'] {
  const found = firstError(root, text, errorOf);
  // A closing bracket nothing opened (`f(x))`, `(1, 2))`) on the error's line: CPython's own words,
  // at the bracket.
  const closer = found && /^syntax error: unexpected/.test(found.message) ? unmatchedCloser(text, found.index) : undefined;
  const node = closer === undefined ? found : { ...found!, ...errorAtIndex(closer, `unmatched '${text[closer]}'`, text) };
  // (A dangling `=` on the first error's own line too: `W = ### YOUR CODE HERE`, an error from W on.)
  const lineEnd = node ? text.indexOf('\n', node.index) : -1;
  const dangling = danglingAssignment(root, text, 0, node ? (lineEnd < 0 ? text.length : lineEnd) : undefined);
  // Error recovery may wrap a whole block whose header is sound (`def f(a=1):` with `x = ` left
  // blank in its body, an exercise template) in one ERROR node: the blank comes first for Python.
  const first = !dangling && node && soundHeader(text, node.index) ? danglingAssignment(root, text, node.index) ?? node : dangling ?? node;
  const annotation = annotationError(root, text) ?? mixedBytes(root, text);
  return annotation && (!first || annotation.index < first.index) ? annotation : first;
}

/** `"abc" b"def"`: CPython will not join bytes and text (at the joined literal's end, as 3.11 says). */
function mixedBytes(root: Node, text: string): ParsedPython['error'] {
  if (!BYTES_START.test(text)) return undefined;
  for (const n of root.descendantsOfType('concatenated_string')) {
    const kinds = new Set(n!.namedChildren.map((c) => (c?.type === 'string' && /b/i.test(c.firstChild?.text ?? '') ? 'bytes' : 'text')));
    if (kinds.size > 1) return errorAtIndex(n!.endIndex, 'cannot mix bytes and nonbytes literals', text);
  }
  return undefined;
}
const BYTES_START = /(?<![\w])(?:[bB][rR]?|[rR][bB])["']/;

/** CPython's errors in an annotated assignment that the grammar accepts, as pasted console output
 *  makes them: a tuple or list target (`Epoch [50/50], Loss: 0.31`), or an annotation that runs on
 *  over a line break (`Accuracy: 86.67%`, whose `%` takes the next line as its operand). */
function annotationError(root: Node, text: string): ParsedPython['error'] {
  // Only statements that start as `target:` (found in the text first: a walk of the wasm tree's
  // every assignment cost as much as the parse), in order.
  for (const m of text.matchAll(ANNOTATION_START)) {
    const start = m.index + m[1].length;
    let a = root.descendantForIndex(start);
    while (a && a.type !== 'assignment' && a.parent && a.parent.startIndex === start) a = a.parent;
    if (a?.type !== 'assignment' || a.startIndex !== start) continue;
    const type = a?.childForFieldName('type');
    const left = type && a!.childForFieldName('left');
    if (!type || !left) continue;
    // (`(a): int` is one name in brackets: Python accepts it.)
    const kind = left.type === 'list_pattern' ? 'list' : left.type === 'pattern_list' || (left.type === 'tuple_pattern' && left.children.some((c) => c?.type === ',')) ? 'tuple' : undefined;
    if (kind) return errorAt(left, `only single target (not ${kind}) can be annotated`, text);
    const at = lineEndIn(text, type.startIndex, type.endIndex);
    if (at !== undefined) return errorAtIndex(at, 'invalid syntax', text);
  }
  return undefined;
}

/** A line that may start an annotated assignment: a target (a name, an attribute, brackets, a
 *  tuple), no `=` before its colon, and no keyword that starts a compound statement. */
const ANNOTATION_START = /^([ \t]*)(?!(?:if|elif|else|for|while|def|class|with|try|except|finally|lambda|async|match|case)\b)[A-Za-z_(\[][^\n:=#]*:(?!=)/gm;

/** The first line end in [start, end) outside brackets, strings and `\` continuations, where
 *  CPython's tokenizer ends the statement (at the comment before it, when there is one). */
function lineEndIn(text: string, start: number, end: number): number | undefined {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '\\') i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 2 : 1;
    else if (c === '"' || c === "'") i = literalEnd(text, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth <= 0 && (c === '#' || c === '\n' || c === '\r')) return i;
    else if (c === '#') i = literalEnd(text, i);
  }
  return undefined;
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

/** An ERROR node's first ERROR child after sound children, on the line where the node starts; the
 *  first of them a name or an expression, or an operator after one (`f(a = ?)`), not the `<` of
 *  `<your code here!>` alone on its line, where Python stops. */
function strayToken(n: Node): Node | undefined {
  const kids = n.children;
  const prev = n.previousSibling;
  if (!kids[0]?.isNamed && !(prev?.isNamed && prev.endPosition.row === n.startPosition.row)) return undefined;
  for (let i = 1; i < kids.length; i++) {
    const k = kids[i];
    if (!k || k.startPosition.row !== n.startPosition.row) return undefined;
    if (k.isError) return kids.slice(0, i).every((s) => s && !s.hasError && !s.isMissing) ? k : undefined;
    if (k.hasError || k.isMissing) return undefined;
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

export function errorAtIndex(index: number, what: string, text: string): NonNullable<ParsedPython['error']> {
  const { row, column } = pointAt(text, index);
  return { message: `syntax error: ${what}`, where: `line ${row + 1}, column ${column + 1}`, suffix: python2(text), line: row + 1, column: column + 1, index };
}

/** Whether the lines of an error node before the line of `open` are sound on their own (a header
 *  such as `for x in xs:`): then the open bracket is the first mistake, not an earlier one
 *  (`if x > 0` without its colon). */
function intactBefore(text: string, start: number, open: number, errorOf: ErrorOf): boolean {
  const lineStart = (i: number) => text.lastIndexOf('\n', i - 1) + 1;
  const from = lineStart(start);
  const to = lineStart(open);
  if (to <= from) return true;
  const cut = start - from;
  const lines = text.slice(from, to).split('\n').map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)));
  const indent = /^[ \t]*/.exec(text.slice(to))![0].slice(cut);
  const before = `${lines.join('\n')}${indent}pass\n`;
  // A bracket left open before is an error there without a parse (parsing it would ask the same of
  // each bracket before it: time doubling with each one, `print(# TODO)` line after line).
  return unclosedBrackets(before, 0, before.length).length === 0 && !errorOf(before);
}

function python2(text: string): string {
  // (`except E, e:` binds a name: Python 2; `except ValueError, TypeError:` is Python 3.14's.)
  return /^[ \t]*(print[ \t]+[^\s(=]|exec[ \t]+["'])|^[ \t]*except[ \t]+[\w.]+[ \t]*,[ \t]*[a-z_]\w*[ \t]*:/m.test(text) ? ' (Python 2 code is not supported)' : '';
}

/** The brackets opened in [start, end) that nothing in the rest of `text` closes (strings and
 *  comments skipped), innermost first. */
function unclosedBrackets(text: string, start: number, end: number): number[] {
  const stack: number[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '#' || c === '"' || c === "'") i = literalEnd(text, i);
    else if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if ((c === ')' || c === ']' || c === '}') && stack.length) stack.pop();
  }
  return stack.filter((i) => i < end).reverse();
}

/** The first `)`, `]` or `}` in the logical line that starts on the line of `at` (its brackets carry
 *  it over line breaks) that closes nothing opened since it began, when no bracket is open before. */
function unmatchedCloser(text: string, at: number): number | undefined {
  const from = text.lastIndexOf('\n', at - 1) + 1;
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' && depth === 0) return undefined;
    if (c === '\\' && text[i + 1] === '\n') i++; // a line continuation: the same logical line
    else if (c === '#' || c === '"' || c === "'") i = literalEnd(text, i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return unclosedBrackets(text.slice(0, from), 0, from).length === 0 ? i : undefined;
      depth--;
    }
  }
  return undefined;
}

function describe(n: Node): string {
  const t = n.text.trimStart().split('\n')[0].trim();
  return t ? `'${t.length > 20 ? t.slice(0, 20) + '…' : t}'` : 'input';
}
