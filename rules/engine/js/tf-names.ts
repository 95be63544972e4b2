// How a file refers to tfjs, for fix text: `tf.losses.x` through its namespace import or require,
// `losses.x` through a named import, or the browser global `tf`.
import ts = require('typescript');

/** How the file of `at` writes `tf.<path>`, or undefined when it cannot refer to tfjs. */
export function tfName(at: ts.Node, path: string): string | undefined {
  const sf = at.getSourceFile();
  const head = path.split('.')[0];
  let namespace: string | undefined;
  let named: string | undefined;
  let declaresTf = false;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('@tensorflow/tfjs')) {
      const c = s.importClause;
      if (c?.name) namespace ??= c.name.text;
      const b = c?.namedBindings;
      if (b && ts.isNamespaceImport(b)) namespace ??= b.name.text;
      if (b && ts.isNamedImports(b)) for (const el of b.elements) if ((el.propertyName ?? el.name).text === head) named = el.name.text;
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === 'tf') declaresTf = true;
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' &&
            init.arguments[0] && ts.isStringLiteral(init.arguments[0]) && init.arguments[0].text.startsWith('@tensorflow/tfjs')) {
          namespace ??= d.name.text;
        }
      }
    }
  }
  // The name must mean tfjs where the fix writes it: declared once in the file (`const losses = []`
  // for a loss history, a parameter named `tf`, would make the fix's text mean something else).
  if (namespace) return declarations(sf, namespace) === 1 ? `${namespace}.${path}` : undefined;
  if (named) return declarations(sf, named) === 1 ? [named, ...path.split('.').slice(1)].join('.') : undefined;
  // A browser page using the global `tf`.
  if (!declaresTf && /\btf\./.test(sf.text) && declarations(sf, 'tf') === 0) return `tf.${path}`;
  return undefined;
}

const declared = new WeakMap<ts.SourceFile, Map<string, number>>();

/** How many declarations in the file bind `name` (imports, variables, parameters, functions,
 *  classes, destructured names, catch variables), in any scope. */
function declarations(sf: ts.SourceFile, name: string): number {
  let counts = declared.get(sf);
  if (!counts) {
    const c = new Map<string, number>();
    const visit = (n: ts.Node): void => {
      const id = (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n) || ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) ||
        ts.isClassDeclaration(n) || ts.isClassExpression(n) || ts.isImportSpecifier(n) || ts.isImportClause(n) || ts.isNamespaceImport(n) || ts.isImportEqualsDeclaration(n))
        ? n.name : undefined;
      if (id && ts.isIdentifier(id)) c.set(id.text, (c.get(id.text) ?? 0) + 1);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    declared.set(sf, (counts = c));
  }
  return counts.get(name) ?? 0;
}
