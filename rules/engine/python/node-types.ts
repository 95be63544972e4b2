// Node types as numbers: a whole-tree scan (syntax-tree.ts descendantsOfType, identifiersNamed)
// tests each node's symbol against a table made once per language and type list, not its name.

const symbolTables = new WeakMap<readonly string[], Map<string, (sym: number) => boolean>>();

/** Whether a node's symbol has one of `types` as its type (as typeOf names it), by a table per
 *  language: whole-tree scans compare numbers, not strings. */
export function symbolsOf(typeNames: readonly string[], types: string | readonly string[]): (sym: number) => boolean {
  const key = typeof types === 'string' ? types : types.join(' ');
  let tables = symbolTables.get(typeNames);
  if (!tables) symbolTables.set(typeNames, (tables = new Map()));
  let test = tables.get(key);
  if (!test) {
    const want = typeof types === 'string' ? [types] : types;
    const table = new Uint8Array(typeNames.length);
    for (let s = 0; s < typeNames.length; s++) table[s] = want.includes(typeNames[s] ?? 'ERROR') ? 1 : 0;
    const error = want.includes('ERROR');
    test = (sym) => (sym < table.length ? table[sym] === 1 : error);
    tables.set(key, test);
  }
  return test;
}
