// How a file refers to tfjs, for fix text: `tf.losses.x` through its namespace import or require,
// `losses.x` through a named import, or the browser global `tf`. The name must mean tfjs where the
// fix writes it: no other declaration that the place can see (a local `const losses = []` for a
// loss history, a callback parameter `tf`), not a type-only import, and from a package that has
// the path (`@tensorflow/tfjs-layers` has no `losses`, `@tensorflow/tfjs-core` no `layers`).
import ts = require('typescript');

/** Whether the package `spec` exports `path` (layers from the layers package, ops from core). */
function exportsPath(spec: string, path: string): boolean {
  if (spec === '@tensorflow/tfjs-layers') return path.startsWith('layers');
  if (spec === '@tensorflow/tfjs-core') return !path.startsWith('layers');
  return /^@tensorflow\/tfjs(?:-node(?:-gpu)?)?$/.test(spec);
}

const tfjsRequire = (e: ts.Expression | undefined): string | undefined =>
  e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteral(e.arguments[0]) && e.arguments[0].text.startsWith('@tensorflow/tfjs') ? e.arguments[0].text : undefined;

/** How the file of `at` writes `tf.<path>`, or undefined when it cannot refer to tfjs there. */
export function tfName(at: ts.Node, path: string): string | undefined {
  const sf = at.getSourceFile();
  const head = path.split('.')[0];
  let namespace: ts.Identifier | undefined;
  let named: ts.Identifier | undefined;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('@tensorflow/tfjs')) {
      const c = s.importClause;
      if (!c || c.isTypeOnly) continue;
      const ok = exportsPath(s.moduleSpecifier.text, path);
      if (c.name && ok) namespace ??= c.name;
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b) && ok) namespace ??= b.name;
      if (b && ts.isNamedImports(b) && exportsPath(s.moduleSpecifier.text, head)) {
        for (const el of b.elements) if (!el.isTypeOnly && (el.propertyName ?? el.name).text === head) named = el.name;
      }
    } else if (ts.isImportEqualsDeclaration(s) && !s.isTypeOnly && ts.isExternalModuleReference(s.moduleReference) && ts.isStringLiteral(s.moduleReference.expression)) {
      if (s.moduleReference.expression.text.startsWith('@tensorflow/tfjs') && exportsPath(s.moduleReference.expression.text, path)) namespace ??= s.name;
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const spec = tfjsRequire(d.initializer);
        if (ts.isIdentifier(d.name) && spec && exportsPath(spec, path)) namespace ??= d.name;
      }
    }
  }
  if (namespace) return onlyDeclaration(at, namespace) ? `${namespace.text}.${path}` : undefined;
  if (named) return onlyDeclaration(at, named) ? [named.text, ...path.split('.').slice(1)].join('.') : undefined;
  // A browser page using the global `tf`: its code reads `tf.` where no `tf` is declared (not a
  // comment or a string saying so), and none is declared where the fix writes it.
  if (readsGlobalTf(sf) && onlyDeclaration(at, undefined, 'tf')) return `tf.${path}`;
  return undefined;
}

const globalTf = new WeakMap<ts.SourceFile, boolean>();

function readsGlobalTf(sf: ts.SourceFile): boolean {
  let known = globalTf.get(sf);
  if (known === undefined) {
    const visit = (n: ts.Node): boolean =>
      (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'tf' && onlyDeclaration(n, undefined, 'tf')) || !!ts.forEachChild(n, (c) => visit(c) || undefined);
    globalTf.set(sf, (known = /\btf\./.test(sf.text) && visit(sf)));
  }
  return known;
}

/** Declarations by name (imports, variables, parameters, functions, classes, destructured names,
 *  catch variables), with the node whose code sees each. */
const declared = new WeakMap<ts.SourceFile, Map<string, Array<{ name: ts.Identifier; scope: ts.Node }>>>();

function declarationsOf(sf: ts.SourceFile): Map<string, Array<{ name: ts.Identifier; scope: ts.Node }>> {
  let byName = declared.get(sf);
  if (byName) return byName;
  byName = new Map();
  const add = (id: ts.Node | undefined, scope: ts.Node) => {
    if (id && ts.isIdentifier(id)) byName!.set(id.text, [...(byName!.get(id.text) ?? []), { name: id, scope }]);
  };
  const fnOf = (n: ts.Node): ts.Node => { let p = n.parent; while (p && !ts.isFunctionLike(p) && !ts.isSourceFile(p)) p = p.parent; return p ?? sf; };
  const blockOf = (n: ts.Node): ts.Node => { let p = n.parent; while (p && !ts.isBlock(p) && !ts.isSourceFile(p) && !ts.isFunctionLike(p) && !ts.isForStatement(p) && !ts.isForOfStatement(p) && !ts.isForInStatement(p) && !ts.isCatchClause(p)) p = p.parent; return p ?? sf; };
  const visit = (n: ts.Node): void => {
    if (ts.isParameter(n) || (ts.isBindingElement(n) && ts.isParameter(rootOfBinding(n)))) add(n.name, n.parent);
    else if (ts.isVariableDeclaration(n) || ts.isBindingElement(n)) {
      const list = ts.isVariableDeclaration(n) ? n.parent : rootOfBinding(n).parent;
      const isVar = ts.isVariableDeclarationList(list) && !(list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const));
      add(n.name, ts.isCatchClause(list) ? list : isVar ? fnOf(n) : blockOf(n));
    } else if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) add(n.name, blockOf(n));
    else if (ts.isFunctionExpression(n) || ts.isClassExpression(n)) add(n.name, n);
    else if (ts.isImportSpecifier(n) || ts.isNamespaceImport(n) || ts.isImportEqualsDeclaration(n)) add(n.name, sf);
    else if (ts.isImportClause(n)) add(n.name, sf);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  declared.set(sf, byName);
  return byName;
}

function rootOfBinding(n: ts.BindingElement): ts.Node {
  let p: ts.Node = n.parent;
  while (ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p) || ts.isBindingElement(p)) p = p.parent;
  return p;
}

/** `own` (the import's name, or none for the global `tf`) is the one declaration of its name whose
 *  scope holds `at`. */
function onlyDeclaration(at: ts.Node, own: ts.Identifier | undefined, name = own?.text ?? ''): boolean {
  const seen = (declarationsOf(at.getSourceFile()).get(name) ?? []).filter((d) => d.scope.pos <= at.pos && at.end <= d.scope.end);
  return own ? seen.length === 1 && seen[0].name === own : seen.length === 0;
}
