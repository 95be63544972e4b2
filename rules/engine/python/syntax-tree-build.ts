// Building the interpreter's syntax tree (syntax-tree.ts) from a tree-sitter tree: one walk with a
// tree cursor, or, after an edit, copies of the top-level statements the edit did not touch.
import type { Tree, Language } from 'web-tree-sitter';
import { treeCursorSteps } from './tree-cursor';
import { ERROR_SYMBOL, FIELD, HAS_ERROR, MISSING, NAMED, SyntaxTree, type SyntaxNode } from './syntax-tree';

const fieldIdsByLanguage = new WeakMap<Language, Map<string, number>>();

/** Field name -> id (ids beyond the flags' byte are left out: tree-sitter-python has about 30). */
function fieldIdsOf(language: Language): Map<string, number> {
  let ids = fieldIdsByLanguage.get(language);
  if (!ids) {
    ids = new Map();
    language.fields.forEach((name, id) => {
      if (name && id <= FIELD) ids!.set(name, id);
    });
    fieldIdsByLanguage.set(language, ids);
  }
  return ids;
}

/** Nodes the last build copied from the tree before an edit, and nodes it read from wasm (tests). */
export const lastBuild = { copied: 0, walked: 0 };

/** What an incremental re-parse changed since the tree `before` (see parser.ts's changeBetween). */
export interface Reuse {
  before: SyntaxNode;
  change: { startIndex: number; oldEndIndex: number; newEndIndex: number };
  /** The tree before is discarded after this build (the parse cache's own, replaced): the node
   *  objects of the statements copied from it move to the new tree instead of being made again. */
  move?: boolean;
}

/** The whole tree, read by one depth-first walk with a tree cursor (`publicCursor`: through
 *  web-tree-sitter's TreeCursor even where its wasm functions could be called directly; tests).
 *  With `reuse`, a top-level statement the edit did not touch is copied from the tree before it
 *  (shifted when it comes after the edit) instead of walked: typing re-reads one statement. */
export function buildSyntaxTree(tree: Tree, source: string, publicCursor = false, reuse?: Reuse): SyntaxNode {
  const language = tree.language;
  // tree-sitter counts the visible nodes (those the cursor visits) without a walk: no array regrows.
  const t = new SyntaxTree(source, language.types, fieldIdsOf(language), tree.rootNode.descendantCount + 1);
  const named = namedTable(language);
  // Missing nodes and error flags matter only in a tree with a syntax error (one more call a node).
  const withErrors = tree.rootNode.hasError;
  const steps = treeCursorSteps(tree, publicCursor);
  const open: number[] = []; // the node the cursor is at, and its ancestors
  // A tree with a syntax error is walked whole: error recovery can depend on what is around it.
  const moves: Array<[o: number, i: number, n: number, shift: number]> = [];
  const copy = reuse && !withErrors && !reuse.before.hasError ? statementCopier(t, reuse, reuse.move ? moves : undefined) : undefined;
  let copied = 0;
  const enter = (field: number): boolean => {
    t.grow();
    const i = t.count++;
    const sym = steps.typeId();
    let flags = field > FIELD ? 0 : field;
    if (sym === ERROR_SYMBOL || named[sym] === 1) flags |= NAMED;
    if (sym === ERROR_SYMBOL || (withErrors && steps.isMissing())) flags |= sym === ERROR_SYMBOL ? HAS_ERROR : MISSING | HAS_ERROR;
    t.sym[i] = sym;
    t.flags[i] = flags;
    t.start[i] = steps.startIndex();
    t.end[i] = steps.endIndex();
    t.parent[i] = open.length ? open[open.length - 1] : -1;
    open.push(i);
    // Whether the cursor should go into this node's children (not when they were copied).
    if (!copy || open.length !== 2 || !copy(i)) return true;
    copied += t.count - i - 1;
    return false;
  };
  try {
    enter(0);
    let descend = true;
    for (;;) {
      if (descend && steps.firstChild()) {
        descend = enter(steps.fieldId());
        continue;
      }
      // The current node is complete: every descendant is numbered.
      const done = open.pop()!;
      t.subtreeEnd[done] = t.count;
      if (open.length === 0) {
        lastBuild.walked = t.count - copied;
        lastBuild.copied = copied;
        t.seal();
        return moves.length ? reuse!.before.tree.takeOver(t, moves) : t.node(0);
      }
      if (t.flags[done] & HAS_ERROR) t.flags[open[open.length - 1]] |= HAS_ERROR;
      if (steps.nextSibling()) {
        descend = enter(steps.fieldId());
      } else {
        // Back to the parent, which the next iteration completes.
        steps.parent();
        descend = false;
      }
    }
  } finally {
    steps.dispose();
  }
}

/** Copies into `t`, at node i (a top-level statement just entered), the same statement of the tree
 *  before the edit when there is one: same type, same text, entirely before or after the edit. */
function statementCopier(t: SyntaxTree, reuse: Reuse, moves?: Array<[number, number, number, number]>): (i: number) => boolean {
  const old = reuse.before.tree;
  const { startIndex: editStart, oldEndIndex, newEndIndex } = reuse.change;
  const delta = newEndIndex - oldEndIndex;
  // The old top-level statements by start offset.
  const byStart = new Map<number, number>();
  for (let c = 1; c < old.subtreeEnd[0]; c = old.subtreeEnd[c]) byStart.set(old.start[c], c);
  return (i) => {
    const s = t.start[i];
    const e = t.end[i];
    // Strictly before the edit (a statement ending where the edit starts may be extended by it) or
    // after it.
    const shift = e < editStart ? 0 : s > newEndIndex ? delta : undefined;
    if (shift === undefined) return false;
    const o = byStart.get(s - shift);
    if (o === undefined || old.end[o] !== e - shift || old.sym[o] !== t.sym[i] || old.source.slice(s - shift, e - shift) !== t.source.slice(s, e)) return false;
    const n = old.subtreeEnd[o] - o;
    while (t.sym.length < i + n) {
      t.count = t.sym.length;
      t.grow();
    }
    const shiftBy = i - o;
    for (let k = 1; k < n; k++) {
      const from = o + k;
      const to = i + k;
      t.sym[to] = old.sym[from];
      t.flags[to] = old.flags[from];
      t.start[to] = old.start[from] + shift;
      t.end[to] = old.end[from] + shift;
      t.parent[to] = old.parent[from] + shiftBy;
      t.subtreeEnd[to] = old.subtreeEnd[from] + shiftBy;
    }
    t.count = i + n;
    moves?.push([o, i, n, shift]);
    return true;
  };
}

const namedTables = new WeakMap<Language, Uint8Array>();

function namedTable(language: Language): Uint8Array {
  let t = namedTables.get(language);
  if (!t) {
    t = new Uint8Array(language.types.length);
    // A line continuation (`return \\` + a line break) is no part of the code, as for Python's
    // tokenizer: left out of the named children (tree-sitter names it, so that a statement's value
    // or a call's second argument would be the backslash).
    for (let i = 0; i < t.length; i++) t[i] = language.nodeTypeIsNamed(i) && language.types[i] !== 'line_continuation' ? 1 : 0;
    namedTables.set(language, t);
  }
  return t;
}
