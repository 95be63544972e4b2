// The interpreter's view of a tree-sitter tree: plain JS objects, built by one walk of the tree.
// Every property of a web-tree-sitter Node (.type, .text, .childForFieldName, ...) crosses into
// WebAssembly and allocates a new Node object, and the interpreter reads the same nodes many times
// (function bodies run once per call site); here each node is read from wasm exactly once. Only the
// subset of the Node API that the Python frontend uses, with the same results.
import type { Tree, Language } from 'web-tree-sitter';
import { treeCursorSteps } from './tree-cursor';

/** What nodes of one tree share: the source their offsets index, and the grammar's field names. */
interface TreeShared {
  readonly source: string;
  readonly fieldIds: ReadonlyMap<string, number>;
}

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);
// `flags`: the node's field in its parent (low byte; 0: none) and three bits. One small integer
// rather than four properties: a large repository has a million nodes alive during a run.
const NAMED = 0x100;
const MISSING = 0x200;
const HAS_ERROR = 0x400;
const FIELD = 0xff;

export class SyntaxNode {
  parent: SyntaxNode | null = null;
  children: readonly SyntaxNode[] = NO_CHILDREN;
  private named: SyntaxNode[] | undefined = undefined;
  private cachedText: string | undefined = undefined;

  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    private flags: number,
    private readonly shared: TreeShared,
  ) {}

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  /** The field this node is in its parent (0: none). */
  get fieldId(): number {
    return this.flags & FIELD;
  }

  /** @internal the builder's, bottom-up */
  markError(): void {
    this.flags |= HAS_ERROR;
  }

  get text(): string {
    return (this.cachedText ??= this.shared.source.slice(this.startIndex, this.endIndex));
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  /** Not to be mutated (often the `children` array itself). */
  get namedChildren(): SyntaxNode[] {
    if (this.named === undefined) {
      const all = this.children as SyntaxNode[];
      this.named = all.every((c) => c.isNamed) ? all : all.filter((c) => c.isNamed);
    }
    return this.named;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get firstNamedChild(): SyntaxNode | null {
    return this.namedChildren[0] ?? null;
  }

  get lastChild(): SyntaxNode | null {
    return this.children[this.children.length - 1] ?? null;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  childForFieldName(name: string): SyntaxNode | null {
    const id = this.shared.fieldIds.get(name);
    if (id === undefined) return null;
    for (const c of this.children) if (c.fieldId === id) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const id = this.shared.fieldIds.get(name);
    return id === undefined ? [] : this.children.filter((c) => c.fieldId === id);
  }

  /** This node and its descendants of the given types, in document order (as tree-sitter's). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const want = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      if (want.includes(n.type)) out.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    return out;
  }
}

const fieldIdsByLanguage = new WeakMap<Language, Map<string, number>>();

function fieldIdsOf(language: Language): Map<string, number> {
  let ids = fieldIdsByLanguage.get(language);
  if (!ids) {
    ids = new Map();
    language.fields.forEach((name, id) => {
      if (name) ids!.set(name, id);
    });
    fieldIdsByLanguage.set(language, ids);
  }
  return ids;
}

const ERROR_SYMBOL = 65535;

/** The whole tree as plain objects: one depth-first walk with a tree cursor (`publicCursor`: through
 *  web-tree-sitter's TreeCursor even where its wasm functions could be called directly; tests). */
export function buildSyntaxTree(tree: Tree, source: string, publicCursor = false): SyntaxNode {
  const language = tree.language;
  const shared: TreeShared = { source, fieldIds: fieldIdsOf(language) };
  const types = language.types;
  const named = namedTable(language);
  // Missing nodes and error flags matter only in a tree with a syntax error (one more call a node).
  const withErrors = tree.rootNode.hasError;
  const steps = treeCursorSteps(tree, publicCursor);
  const make = (field: number, parent: SyntaxNode | null): SyntaxNode => {
    const sym = steps.typeId();
    const error = sym === ERROR_SYMBOL;
    let flags = field > FIELD ? 0 : field;
    if (error || named[sym] === 1) flags |= NAMED;
    if (withErrors && steps.isMissing()) flags |= MISSING | HAS_ERROR;
    if (error) flags |= HAS_ERROR;
    const n = new SyntaxNode(error ? 'ERROR' : types[sym] ?? 'ERROR', steps.startIndex(), steps.endIndex(), flags, shared);
    n.parent = parent;
    return n;
  };
  // The open nodes (root first) and, in one flat list, the children found so far of each.
  const open: SyntaxNode[] = [];
  const firstKid: number[] = [];
  const kids: SyntaxNode[] = [];
  const enter = (n: SyntaxNode) => {
    open.push(n);
    firstKid.push(kids.length);
  };
  try {
    enter(make(0, null));
    let descend = true;
    for (;;) {
      if (descend && steps.firstChild()) {
        enter(make(steps.fieldId(), open[open.length - 1]));
        continue;
      }
      // The current node is complete: its children are known.
      const done = open.pop()!;
      const from = firstKid.pop()!;
      if (kids.length > from) done.children = kids.splice(from);
      if (open.length === 0) return done;
      if (done.hasError) open[open.length - 1].markError();
      kids.push(done);
      if (steps.nextSibling()) {
        enter(make(steps.fieldId(), open[open.length - 1]));
        descend = true;
      } else {
        // Back to the parent, which the next iteration completes (its children are all walked).
        steps.parent();
        descend = false;
      }
    }
  } finally {
    steps.dispose();
  }
}

const namedTables = new WeakMap<Language, Uint8Array>();

function namedTable(language: Language): Uint8Array {
  let t = namedTables.get(language);
  if (!t) {
    t = new Uint8Array(language.types.length);
    for (let i = 0; i < t.length; i++) t[i] = language.nodeTypeIsNamed(i) ? 1 : 0;
    namedTables.set(language, t);
  }
  return t;
}
