// The interpreter's view of a tree-sitter tree, read from wasm by one walk of the tree. Every
// property of a web-tree-sitter Node (.type, .text, .childForFieldName, ...) crosses into
// WebAssembly and allocates a new Node object, and the interpreter reads the same nodes many times
// (function bodies run once per call site). Here each node is read from wasm once, into typed
// arrays in document order (a million nodes of a large repository are not a million objects for
// the garbage collector to copy), and a node object is made only when the interpreter first asks
// for that node. Only the subset of the Node API that the Python frontend uses, with the same results.
import { symbolsOf } from './node-types';

// flags: the node's field in its parent (low byte; 0: none) and three bits.
export const FIELD = 0xff;
export const NAMED = 0x100;
export const MISSING = 0x200;
export const HAS_ERROR = 0x400;
export const ERROR_SYMBOL = 65535;
const BLOCK_BITS = 8;
const BLOCK = 1 << BLOCK_BITS;

/** One tree: node i's facts at index i of each array; nodes in document order (pre-order), so the
 *  descendants of i are i+1 .. end[i]-1 and its first child, if any, is i+1. */
export class SyntaxTree {
  count = 0;
  sym: Uint16Array;
  flags: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  parent: Int32Array;
  /** One past the last descendant. */
  subtreeEnd: Int32Array;
  /** Node objects by index, in blocks made when a node of theirs is first asked for: most nodes of
   *  a large file are never asked for, and one slot per node cost a pass over all of them. */
  private blocks: Array<Array<SyntaxNode | undefined> | undefined> = [];

  constructor(
    public source: string,
    readonly typeNames: readonly string[],
    readonly fieldIds: ReadonlyMap<string, number>,
    capacity: number,
  ) {
    this.sym = new Uint16Array(capacity);
    this.flags = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.subtreeEnd = new Int32Array(capacity);
  }

  /** Room for one more node (arrays doubled when full). */
  grow(): void {
    if (this.count < this.sym.length) return;
    const n = this.sym.length * 2;
    const more = <T extends Uint16Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.sym = more(this.sym);
    this.flags = more(this.flags);
    this.start = more(this.start);
    this.end = more(this.end);
    this.parent = more(this.parent);
    this.subtreeEnd = more(this.subtreeEnd);
  }

  /** After the walk: room for the node objects' blocks. */
  seal(): void {
    this.blocks = new Array<undefined>((this.count >> BLOCK_BITS) + 1).fill(undefined);
  }

  /** Lets go of every node object but the root's (the caller keeps that one): they are made again on
   *  demand. Only between runs: within one, the interpreter's caches rely on one object per node. */
  dropNodes(root: SyntaxNode): void {
    this.blocks = new Array<undefined>(this.blocks.length).fill(undefined);
    this.blocks[0] = new Array<SyntaxNode | undefined>(BLOCK).fill(undefined);
    this.blocks[0][0] = root;
    root.forgetChildren();
  }

  node(i: number): SyntaxNode {
    const block = (this.blocks[i >> BLOCK_BITS] ??= new Array<undefined>(BLOCK).fill(undefined));
    return (block[i & (BLOCK - 1)] ??= new SyntaxNode(this, i));
  }

  /** Becomes the tree `next` built after an edit (its arrays and text), keeping the node objects
   *  already made for the statements `next` copied from this tree (`moves`, in document order: old
   *  index, new index, node count, offset shift): the interpreter's caches of those nodes stay valid,
   *  and typing makes new objects for one statement only. The blocks of objects are updated in place
   *  (new ones would be garbage the next edit, copied by the collector in between): a statement
   *  whose nodes keep their index stays where it is, the others are moved, and the objects of what
   *  the edit replaced are dropped. */
  takeOver(next: SyntaxTree, moves: ReadonlyArray<readonly [number, number, number, number]>): SyntaxNode {
    const blocks = this.blocks;
    const slot = (i: number) => blocks[i >> BLOCK_BITS]?.[i & (BLOCK - 1)];
    const clear = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const block = blocks[i >> BLOCK_BITS];
        if (block) block[i & (BLOCK - 1)] = undefined;
      }
    };
    const relocated: SyntaxNode[] = [];
    let covered = 1; // old indices below this are handled (0: the root)
    for (const [o, i, n, shift] of moves) {
      clear(covered, o); // what the edit replaced
      covered = o + n;
      for (let k = 0; k < n; k++) {
        const obj = slot(o + k);
        if (!obj) continue;
        if (i === o) {
          if (shift !== 0) obj.moveTo(o + k, shift);
        } else {
          relocated.push(obj.moveTo(i + k, shift));
          blocks[(o + k) >> BLOCK_BITS]![(o + k) & (BLOCK - 1)] = undefined;
        }
      }
    }
    clear(covered, this.count);
    blocks.length = (next.count >> BLOCK_BITS) + 1;
    for (const obj of relocated) (blocks[obj.index >> BLOCK_BITS] ??= new Array<undefined>(BLOCK).fill(undefined))[obj.index & (BLOCK - 1)] = obj;
    this.sym = next.sym;
    this.flags = next.flags;
    this.start = next.start;
    this.end = next.end;
    this.parent = next.parent;
    this.subtreeEnd = next.subtreeEnd;
    this.count = next.count;
    this.source = next.source;
    const root = slot(0);
    return root ? root.moveTo(0, 0, next.end[0] - root.endIndex, true) : this.node(0);
  }

  typeOf(i: number): string {
    const s = this.sym[i];
    return s === ERROR_SYMBOL ? 'ERROR' : this.typeNames[s] ?? 'ERROR';
  }

  /** Children of i (only the named ones, or only those in field `field`). */
  children(i: number, named: boolean, field = -1): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const end = this.subtreeEnd[i];
    for (let c = i + 1; c < end; c = this.subtreeEnd[c]) {
      const f = this.flags[c];
      if ((!named || f & NAMED) && (field < 0 || (f & FIELD) === field)) out.push(this.node(c));
    }
    return out;
  }
}

export class SyntaxNode {
  readonly type: string;
  startIndex: number;
  endIndex: number;
  private all: SyntaxNode[] | undefined = undefined;
  private named: SyntaxNode[] | undefined = undefined;
  private cachedText: string | undefined = undefined;

  /** @internal the tree's arrays and this node's index in them (the builder reuses them) */
  constructor(
    readonly tree: SyntaxTree,
    public index: number,
  ) {
    this.type = tree.typeOf(index);
    this.startIndex = tree.start[index];
    this.endIndex = tree.end[index];
  }

  /** @internal at index `index` of its tree rebuilt after an edit (SyntaxTree.takeOver), its text
   *  `shift` later; `grown`: the root, whose end moves alone and whose text and children changed. */
  moveTo(index: number, shift: number, endShift = shift, grown = false): this {
    this.index = index;
    this.startIndex += shift;
    this.endIndex += endShift;
    if (grown) {
      this.forgetChildren();
      this.cachedText = undefined;
    }
    return this;
  }

  /** @internal the child lists it cached reach every node read below it (SyntaxTree.dropNodes) */
  forgetChildren(): void {
    this.all = undefined;
    this.named = undefined;
  }

  get text(): string {
    return (this.cachedText ??= this.tree.source.slice(this.startIndex, this.endIndex));
  }

  get parent(): SyntaxNode | null {
    const p = this.tree.parent[this.index];
    return p < 0 ? null : this.tree.node(p);
  }

  get isNamed(): boolean {
    return (this.tree.flags[this.index] & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.tree.flags[this.index] & MISSING) !== 0;
  }

  get hasError(): boolean {
    return (this.tree.flags[this.index] & HAS_ERROR) !== 0;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get children(): SyntaxNode[] {
    return (this.all ??= this.tree.children(this.index, false));
  }

  /** Not to be mutated (shared by every caller). */
  get namedChildren(): SyntaxNode[] {
    return (this.named ??= this.tree.children(this.index, true));
  }

  get childCount(): number {
    return this.children.length;
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
    const id = this.tree.fieldIds.get(name);
    if (id === undefined) return null;
    const t = this.tree;
    const end = t.subtreeEnd[this.index];
    for (let c = this.index + 1; c < end; c = t.subtreeEnd[c]) if ((t.flags[c] & FIELD) === id) return t.node(c);
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const id = this.tree.fieldIds.get(name);
    return id === undefined ? [] : this.tree.children(this.index, false, id);
  }

  /** This node and its descendants of the given types, in document order (as tree-sitter's). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const t = this.tree;
    const wanted = symbolsOf(t.typeNames, types);
    const out: SyntaxNode[] = [];
    for (let i = this.index, end = t.subtreeEnd[this.index]; i < end; i++) if (wanted(t.sym[i])) out.push(t.node(i));
    return out;
  }

  /** This node and its descendants that are identifiers spelled `name`, in document order: the
   *  spelling is compared in the source, so no node object is made for the other identifiers. */
  identifiersNamed(name: string): SyntaxNode[] {
    const t = this.tree;
    const ident = symbolsOf(t.typeNames, 'identifier');
    const out: SyntaxNode[] = [];
    for (let i = this.index, end = t.subtreeEnd[this.index]; i < end; i++) {
      if (ident(t.sym[i]) && t.end[i] - t.start[i] === name.length && t.source.startsWith(name, t.start[i])) out.push(t.node(i));
    }
    return out;
  }
}


/** Whether `n` lies within `outer`'s span (`outer` itself included). */
export function within(n: SyntaxNode, outer: SyntaxNode): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

/** The head of a chain of attributes, calls and subscripts (`out` of `out.view(-1)[:3]`, the
 *  `*net` tree-sitter reads in `[*net.modules()]`); null past 16 links. */
export function chainHead(n: SyntaxNode): SyntaxNode | null {
  let x: SyntaxNode | null = n;
  for (let depth = 0; x && depth < 16; depth++) {
    const next: SyntaxNode | null | undefined = x.type === 'attribute' ? x.childForFieldName('object') : x.type === 'call' ? x.childForFieldName('function') : x.type === 'subscript' ? x.childForFieldName('value') : undefined;
    if (next === undefined) return x;
    x = next;
  }
  return null;
}

/** The function definition `n` is in, else its module: where the names it reads are bound. */

export function enclosingScope(n: SyntaxNode): SyntaxNode | null {
  let scope = n.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  return scope;
}

/** The name `expr` is assigned to (`x = expr`), and the other identifiers spelled so in the scope
 *  around it (the function or module): undefined when `expr` is not bound to a plain name. */
export function boundUses(expr: SyntaxNode): { name: SyntaxNode; uses: SyntaxNode[] } | undefined {
  const bind = expr.parent;
  const name = bind?.type === 'assignment' && bind.childForFieldName('right')?.index === expr.index ? bind.childForFieldName('left') : null;
  if (name?.type !== 'identifier') return undefined;
  return { name, uses: (enclosingScope(name)?.identifiersNamed(name.text) ?? []).filter((n) => n.index !== name.index) };
}

/** The reads, in function `fn`, of the names `names` spell (identifiers), other than those nodes
 *  themselves, in order: not an attribute's or a keyword's name. */
export function readsElsewhere(fn: SyntaxNode, names: SyntaxNode[]): SyntaxNode[] {
  const body = fn.childForFieldName('body');
  const reads = [...new Set(names.map((n) => n.text))].flatMap((name) => body?.identifiersNamed(name) ?? []);
  return reads.filter((n) => {
    const p = n.parent;
    if (names.some((x) => x.index === n.index)) return false;
    return !(p?.type === 'attribute' && p.childForFieldName('attribute')?.index === n.index) && !(p?.type === 'keyword_argument' && p.childForFieldName('name')?.index === n.index);
  }).sort((a, b) => a.startIndex - b.startIndex);
}

/** Drops the node objects of the tree under `root` (see SyntaxTree.dropNodes). */
export function releaseNodes(root: SyntaxNode): void {
  root.tree.dropNodes(root);
}
