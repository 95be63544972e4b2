// Whether a name a fix writes where nothing named it before (`losses.BinaryCrossentropy(...)`,
// `tf.keras.metrics.BinaryAccuracy(...)`) means there the module the fix means. It must be bound by
// unconditional module-level imports of Keras or TensorFlow (`from tensorflow import keras` and
// `import keras` both), before the place when the place is module-level code (in a notebook, an
// earlier cell), and by nothing else that the place can see: a loss history named `losses`, a
// parameter `tf=None`, an import inside a function or under `if TYPE_CHECKING:`, `del losses`, a
// wildcard import of another module. Bindings in another function, a class body, a lambda or a
// comprehension do not reach the place. Otherwise the edit could raise NameError or AttributeError:
// no fix then.
import { within, type SyntaxNode as Node } from './syntax-tree';

/** Containers a binding target may sit in (`a, (b, c) = ...`, `for i, x in ...`, `*rest`). */
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'dictionary_splat_pattern', 'expression_list', 'list_splat']);
/** Nodes that hold names of their own: what is bound inside stays inside. */
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Where an import still binds for sure: the module, and a try statement's blocks. */
const UNCONDITIONAL = new Set(['module', 'block', 'try_statement', 'except_clause', 'else_clause', 'finally_clause']);

interface Binding {
  kind: 'import' | 'other';
  /** The scope node whose code sees the binding (the root for the module). */
  scope: Node;
  at: number;
}

function scopeOf(n: Node): Node {
  let p = n.parent;
  while (p && p.parent && !SCOPES.has(p.type)) p = p.parent;
  return p ?? n;
}

function unconditional(statement: Node): boolean {
  for (let p = statement.parent; p; p = p.parent) {
    if (!UNCONDITIONAL.has(p.type)) return false;
    if (p.type === 'block' && !/^(?:try_statement|except_clause|else_clause|finally_clause)$/.test(p.parent?.type ?? '')) return false;
    if (p.type === 'else_clause' && p.parent?.type !== 'try_statement') return false;
  }
  return true;
}

const KERAS = /\b(?:keras|tensorflow)\b/;

function importBinding(id: Node, statement: Node, from: RegExp): Binding {
  const ok = unconditional(statement) && from.test(statement.text);
  return { kind: ok ? 'import' : 'other', scope: scopeOf(statement), at: id.startIndex };
}

/** How an identifier binds its name, or undefined for a read. */
function bindingOf(id: Node, from: RegExp): Binding | undefined {
  let n = id;
  let p = n.parent;
  if (!p) return undefined;
  if (p.type === 'dotted_name') {
    // `import a.b` binds a; `from m import a` binds a; the module of `from a import b` binds nothing.
    const imp = p.parent;
    // `case losses:` captures into the name.
    if (imp?.type === 'case_pattern' && p.namedChildren.length === 1) return { kind: 'other', scope: scopeOf(imp), at: id.startIndex };
    const binds = imp?.type === 'import_statement' ? p.namedChildren[0] === n
      : imp?.type === 'import_from_statement' ? imp.childForFieldName('module_name') !== p && p.namedChildren.length === 1
      : false;
    return binds ? importBinding(id, imp!, from) : undefined;
  }
  if (p.type === 'aliased_import') return p.childForFieldName('alias') === n ? importBinding(id, p.parent ?? p, from) : undefined;
  while (p && PATTERNS.has(p.type)) {
    n = p;
    p = p.parent;
  }
  if (!p) return undefined;
  const other = (scope: Node): Binding => ({ kind: 'other', scope, at: id.startIndex });
  switch (p.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
      return p.childForFieldName('left') === n ? other(scopeOf(p)) : undefined;
    case 'for_in_clause':
      return p.childForFieldName('left') === n ? other(scopeOf(n)) : undefined;
    case 'named_expression': {
      // A walrus in a comprehension binds in the scope around it.
      let s = scopeOf(p);
      while (/comprehension|generator_expression/.test(s.type) && s.parent) s = scopeOf(s);
      return p.childForFieldName('name') === n ? other(s) : undefined;
    }
    case 'function_definition':
    case 'class_definition':
      // The name binds where the definition is; parameters bind inside it.
      return p.childForFieldName('name') === n ? other(scopeOf(p)) : undefined;
    case 'default_parameter':
    case 'typed_default_parameter':
      return p.childForFieldName('name') === n ? other(scopeOf(p)) : undefined;
    case 'typed_parameter':
      return p.namedChildren[0] === n ? other(scopeOf(p)) : undefined;
    case 'parameters':
    case 'lambda_parameters':
    case 'as_pattern_target':
    case 'delete_statement':
    case 'case_pattern':
      return other(scopeOf(p));
    case 'global_statement':
    case 'nonlocal_statement': {
      // Names a function rebinds in the module: a binding the whole module sees.
      let root = p;
      while (root.parent) root = root.parent;
      return other(root);
    }
    default:
      return undefined;
  }
}

/** Bindings of each name, by tree (a root node outlives no edit, but its text is checked anyway). */
const answers = new WeakMap<Node, { text: string; names: Map<string, Binding[]>; wildcards: Node[] }>();

/** `star`: modules whose star import binds the name (fastai's star modules, for its own names). */
function bindingsOf(root: Node, name: string, from: RegExp, star?: RegExp): { bindings: Binding[]; wildcard: boolean } {
  let entry = answers.get(root);
  if (!entry || entry.text !== root.text) answers.set(root, (entry = { text: root.text, names: new Map(), wildcards: root.descendantsOfType('wildcard_import') }));
  const moduleOf = (w: Node) => w.parent?.childForFieldName('module_name')?.text ?? '';
  // `from helpers import *` may bind any name (a helper module's `losses = []`).
  const wildcard = entry.wildcards.some((w) => !/\b(?:keras|tensorflow)\b/.test(moduleOf(w)) && !star?.test(moduleOf(w)));
  const key = `${name} ${from.source} ${star?.source}`;
  let bindings = entry.names.get(key);
  if (!bindings) {
    bindings = [];
    for (const id of root.identifiersNamed(name)) {
      const b = bindingOf(id, from);
      if (b) bindings.push(b);
    }
    for (const w of entry.wildcards) if (star?.test(moduleOf(w)) && w.parent) bindings.push(importBinding(w, w.parent, from));
    entry.names.set(key, bindings);
  }
  return { bindings, wildcard };
}


/** `written` (a dotted name a fix puts at `node` in `file`) starts with a name that means there
 *  what the imports from modules matching `from` bind (Keras or TensorFlow by default). */
export function importedBefore(node: Node, written: string, file = '', from = KERAS, star?: RegExp): boolean {
  let root = node;
  while (root.parent) root = root.parent;
  const { bindings, wildcard } = bindingsOf(root, written.split('.')[0], from, star);
  if (wildcard) return false;
  const moduleLevelSite = scopeOf(node) === root;
  const imports = bindings.filter((b) => b.kind === 'import' && b.scope === root);
  // Before the place in the text, even for a function body (it may be called before a later import).
  if (!imports.some((b) => b.at < node.startIndex)) return false;
  // Code in a loop runs again after what follows it in the loop.
  const inLoop = (() => { for (let q = node.parent; q; q = q.parent) if (q.type === 'for_statement' || q.type === 'while_statement') return true; return false; })();
  return bindings.every((b) => {
    if (b.kind === 'import' && b.scope === root) return true;
    // A class body's names are not seen by its methods; a function's are by the functions in it.
    if (b.scope !== root) return b.scope.type === 'class_definition' ? scopeOf(node) !== b.scope : !within(node, b.scope);
    // Rebound in the module after module-level code that ran before it: not seen there, but a
    // notebook cell can be run again after a later one.
    return moduleLevelSite && !inLoop && b.at > node.endIndex && !file.endsWith('.ipynb');
  });
}
