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
  if (namespace) return `${namespace}.${path}`;
  if (named) return [named, ...path.split('.').slice(1)].join('.');
  // A browser page using the global `tf`.
  if (!declaresTf && /\btf\./.test(sf.text)) return `tf.${path}`;
  return undefined;
}
