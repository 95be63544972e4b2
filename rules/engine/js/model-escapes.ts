// Whether a compiled tfjs model may reach code that reads its outputs where the analysis cannot see
// it: the loss switch to a logits loss is safe only if nothing else reads them. The interpreter
// tracks predict() on the values it follows (outputsRead); this is the syntactic side, and it errs
// towards "may": every use of the model's name other than training it is a way out (handed to a
// call, stored, aliased, bound, read as model.layers, yielded, ...), and so is a model that came
// from elsewhere (imported, a parameter, `this.model`) or a top-level name of a classic script,
// which every other script on the page shares.
import ts = require('typescript');

/** Methods that train or describe the model and hand none of its outputs on. */
const KEPT = new Set(['compile', 'fit', 'fitDataset', 'evaluate', 'evaluateDataset', 'trainOnBatch', 'summary', 'add', 'dispose']);

/** `compiled`: a node inside the `model.compile({...})` call. */
export function compiledModelEscapes(compiled: ts.Node): boolean {
  let call: ts.Node | undefined = compiled;
  while (call && !(ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'compile')) call = call.parent;
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return true;
  const receiver = call.expression.expression;
  if (!ts.isIdentifier(receiver)) return true; // this.model, models[0], getModel()
  const sf = compiled.getSourceFile();
  const classic = !/\b(?:import|export)\b|\brequire\s*\(/.test(sf.text);
  let escapes = false;
  const visit = (n: ts.Node): void => {
    if (escapes) return;
    if (ts.isIdentifier(n) && n.text === receiver.text && !isPropertyName(n)) escapes = !kept(n, classic);
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return escapes;
}

/** `a.model`, `{ model: 1 }`: a property's name, not a use of the variable. */
function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p);
}

/** A use that keeps the model here: trained or described by a KEPT method, declared or assigned in
 *  this file (not at the top level of a classic script), or written to. */
function kept(id: ts.Identifier, classic: boolean): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === id) return ts.isCallExpression(p.parent) && p.parent.expression === p && KEPT.has(p.name.text);
  if (ts.isVariableDeclaration(p) && p.name === id) {
    // `const model = require('./model')`: the module's model, which its other importers share.
    if (p.initializer && /\brequire\s*\(|\bimport\s*\(/.test(p.initializer.getText())) return false;
    return !(classic && ts.isVariableStatement(p.parent.parent) && ts.isSourceFile(p.parent.parent.parent));
  }
  if (ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return !classic || !!enclosingDeclaration(id);
  // Returned, or handed to a function of this file: the interpreter follows it there (outputsRead),
  // and an exported function is caught by the file's text (vocab.ts mayLeave).
  if (ts.isReturnStatement(p) && p.expression === id) return true;
  if (ts.isCallExpression(p) && p.arguments.includes(id) && ts.isIdentifier(p.expression)) return declaresFunction(id.getSourceFile(), p.expression.text);
  return false;
}

/** Whether the file declares a function of that name (`function f`, `const f = (...) => ...`). */
function declaresFunction(sf: ts.SourceFile, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionDeclaration(n) && n.name?.text === name) found = true;
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** The function-scoped declaration of the name the assignment writes, when there is one. */
function enclosingDeclaration(id: ts.Identifier): boolean {
  for (let n: ts.Node | undefined = id.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isBlock(n)) {
      let found = false;
      ts.forEachChild(n, function look(c): void {
        if (found) return;
        if (ts.isVariableDeclaration(c) && ts.isIdentifier(c.name) && c.name.text === id.text) found = true;
        else if (!ts.isFunctionLike(c)) ts.forEachChild(c, look);
      });
      if (found) return true;
    }
  }
  return false;
}
