// The steps of one walk over a tree-sitter tree with a tree cursor. web-tree-sitter's TreeCursor
// copies the cursor's state into wasm memory and back on every call (eight memory accesses
// through a generic setValue/getValue around each one). The wasm functions behind it keep that
// state in one transfer buffer between calls, so when the module's exports are at hand (they are
// set on the options object given to Parser.init, see parser.ts) a walk calls them directly: the
// state stays in the buffer for the whole walk, which nothing else uses meanwhile (parsing and
// the walk are synchronous). Without them (another web-tree-sitter build): the public TreeCursor.
import type { Tree, TreeCursor } from 'web-tree-sitter';

export interface CursorSteps {
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
  typeId(): number;
  startIndex(): number;
  endIndex(): number;
  fieldId(): number;
  isMissing(): boolean;
  dispose(): void;
}

type TreeFn = (tree: number) => number;
interface CursorExports {
  _ts_tree_cursor_goto_first_child_wasm: TreeFn;
  _ts_tree_cursor_goto_next_sibling_wasm: TreeFn;
  _ts_tree_cursor_goto_parent_wasm: TreeFn;
  _ts_tree_cursor_current_node_type_id_wasm: TreeFn;
  _ts_tree_cursor_start_index_wasm: TreeFn;
  _ts_tree_cursor_end_index_wasm: TreeFn;
  _ts_tree_cursor_current_field_id_wasm: TreeFn;
  _ts_tree_cursor_current_node_is_missing_wasm: TreeFn;
  _ts_tree_cursor_delete_wasm: TreeFn;
}

let wasm: CursorExports | undefined;

/** Takes the wasm module's exports from the options object given to Parser.init, when they are all
 *  there (web-tree-sitter 0.25's emscripten build sets them on it). */
export function useCursorExports(moduleObject: object): void {
  const m = moduleObject as Partial<Record<keyof CursorExports, unknown>>;
  const names: Array<keyof CursorExports> = [
    '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_goto_next_sibling_wasm', '_ts_tree_cursor_goto_parent_wasm',
    '_ts_tree_cursor_current_node_type_id_wasm', '_ts_tree_cursor_start_index_wasm', '_ts_tree_cursor_end_index_wasm',
    '_ts_tree_cursor_current_field_id_wasm', '_ts_tree_cursor_current_node_is_missing_wasm', '_ts_tree_cursor_delete_wasm',
  ];
  wasm = names.every((n) => typeof m[n] === 'function') ? (m as CursorExports) : undefined;
}

/** Whether walks call the wasm functions directly (for tests). */
export function directCursor(): boolean {
  return wasm !== undefined;
}

/** A cursor at the tree's root. */
export function treeCursorSteps(tree: Tree, publicCursor = false): CursorSteps {
  const cursor = tree.walk(); // leaves the new cursor's state in the transfer buffer
  const x = publicCursor ? undefined : wasm;
  const handle = (tree as unknown as Record<number, number>)[0];
  if (!x || typeof handle !== 'number') return publicSteps(cursor);
  return {
    firstChild: () => x._ts_tree_cursor_goto_first_child_wasm(handle) === 1,
    nextSibling: () => x._ts_tree_cursor_goto_next_sibling_wasm(handle) === 1,
    parent: () => x._ts_tree_cursor_goto_parent_wasm(handle) === 1,
    typeId: () => x._ts_tree_cursor_current_node_type_id_wasm(handle),
    startIndex: () => x._ts_tree_cursor_start_index_wasm(handle),
    endIndex: () => x._ts_tree_cursor_end_index_wasm(handle),
    fieldId: () => x._ts_tree_cursor_current_field_id_wasm(handle),
    isMissing: () => x._ts_tree_cursor_current_node_is_missing_wasm(handle) === 1,
    dispose: () => {
      // Freed from the buffer's (current) state; the JS object's copy is stale, so it is cleared
      // rather than deleted.
      x._ts_tree_cursor_delete_wasm(handle);
      const c = cursor as unknown as Record<number, number>;
      c[0] = c[1] = c[2] = c[3] = 0;
    },
  };
}

function publicSteps(c: TreeCursor): CursorSteps {
  return {
    firstChild: () => c.gotoFirstChild(),
    nextSibling: () => c.gotoNextSibling(),
    parent: () => c.gotoParent(),
    typeId: () => c.nodeTypeId,
    startIndex: () => c.startIndex,
    endIndex: () => c.endIndex,
    fieldId: () => c.currentFieldId,
    isMissing: () => c.nodeIsMissing,
    dispose: () => c.delete(),
  };
}
