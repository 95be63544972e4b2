// Whether a name a fix writes where nothing named it before (`losses.BinaryCrossentropy(...)`,
// `tf.keras.metrics.BinaryAccuracy(...)`) means there the module the fix means: the name is bound
// only by module-level imports of Keras or TensorFlow (`from tensorflow import keras` and `import
// keras` both), the first before the place (in a notebook, a cell before). Bound again anywhere (`losses = []` for a loss history, a parameter `tf=None`, an import
// inside another function, an import in a later cell), the edit could raise NameError or
// AttributeError: no fix then.
import type { SyntaxNode as Node } from './syntax-tree';

/** Containers a binding target may sit in (`a, (b, c) = ...`, `for i, x in ...`, `*rest`). */
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'dictionary_splat_pattern', 'expression_list', 'list_splat']);

/** A binding by a module-level import of Keras or TensorFlow, another binding, or none (a read). */
type Binding = 'import' | 'other' | undefined;

function importKind(statement: Node): Binding {
  return moduleLevel(statement) && /\b(?:keras|tensorflow)\b/.test(statement.text) ? 'import' : 'other';
}

function moduleLevel(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return false;
  return true;
}

/** How an identifier binds its name: by a module-level import, otherwise, or not at all (a read). */
function bindingOf(id: Node): Binding {
  let n = id;
  let p = n.parent;
  if (!p) return undefined;
  if (p.type === 'dotted_name') {
    // `import a.b` binds a; `from m import a` binds a; the module of `from a import b` binds nothing.
    const imp = p.parent;
    const binds = imp?.type === 'import_statement' ? p.namedChildren[0] === n
      : imp?.type === 'import_from_statement' ? imp.childForFieldName('module_name') !== p && p.namedChildren.length === 1
      : false;
    return binds ? importKind(imp!) : undefined;
  }
  if (p.type === 'aliased_import') return p.childForFieldName('alias') === n ? importKind(p.parent ?? p) : undefined;
  while (p && PATTERNS.has(p.type)) {
    n = p;
    p = p.parent;
  }
  if (!p) return undefined;
  switch (p.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return p.childForFieldName('left') === n ? 'other' : undefined;
    case 'named_expression':
    case 'default_parameter':
    case 'typed_default_parameter':
    case 'function_definition':
    case 'class_definition':
      return p.childForFieldName('name') === n ? 'other' : undefined;
    case 'typed_parameter':
      return p.namedChildren[0] === n ? 'other' : undefined;
    case 'parameters':
    case 'lambda_parameters':
    case 'as_pattern_target':
    case 'global_statement':
    case 'nonlocal_statement':
      return 'other';
    default:
      return undefined;
  }
}

/** Answers by tree, for its text (a root node outlives no edit, but its text is checked anyway). */
const answers = new WeakMap<Node, { text: string; names: Map<string, number | undefined> }>();

/** Where `name` is first bound, when every binding of it is such an import (undefined: bound
 *  otherwise too, or not at all). */
function importedAt(root: Node, name: string): number | undefined {
  let entry = answers.get(root);
  if (!entry || entry.text !== root.text) answers.set(root, (entry = { text: root.text, names: new Map() }));
  const known = entry.names;
  if (known.has(name)) return known.get(name);
  let first: number | undefined;
  let other = false;
  for (const id of root.descendantsOfType('identifier')) {
    if (id.text !== name) continue;
    const b = bindingOf(id);
    if (b === 'other') other = true;
    else if (b === 'import') first ??= id.startIndex;
  }
  const result = other ? undefined : first;
  known.set(name, result);
  return result;
}

/** `written` (a dotted name a fix puts at `node`) starts with a name that a module-level import of
 *  Keras or TensorFlow before `node` binds, and nothing else in the file binds. */
export function importedBefore(node: Node, written: string): boolean {
  let root = node;
  while (root.parent) root = root.parent;
  const at = importedAt(root, written.split('.')[0]);
  return at !== undefined && at < node.startIndex;
}
