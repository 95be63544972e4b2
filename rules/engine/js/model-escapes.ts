// Whether a compiled tfjs model may reach code that reads its outputs where the analysis cannot see
// it: the loss switch to a logits loss is safe only if nothing else reads them. The interpreter
// tracks predict() on the values it follows (outputsRead); this is the syntactic side, and it errs
// towards "may": every use of the model's name other than training it is a way out (handed to
// unknown code, stored, aliased, bound, returned, read as model.layers, yielded, ...), and so is a
// model that came from elsewhere (imported, required, `this.model`) or a top-level name of a
// classic script, which every other script on the page shares. Handed to a function of the same
// file, the model is followed into it: its parameter's uses are judged the same way.
import ts = require('typescript');

/** Methods that train or describe the model and hand none of its outputs on. */
const KEPT = new Set(['compile', 'fit', 'fitDataset', 'evaluate', 'evaluateDataset', 'trainOnBatch', 'summary', 'add', 'dispose']);
const MAX_DEPTH = 4;

/** `compiled`: a node inside the `model.compile({...})` call. */
export function compiledModelEscapes(compiled: ts.Node): boolean {
  let call: ts.Node | undefined = compiled;
  while (call && !(ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'compile')) call = call.parent;
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return true;
  const receiver = call.expression.expression;
  if (!ts.isIdentifier(receiver)) return true; // this.model, models[0], getModel()
  const sf = compiled.getSourceFile();
  const classic = !/\b(?:import|export)\b|\brequire\s*\(/.test(sf.text);
  return !usesKept(sf, receiver.text, { sf, classic, depth: 0, seen: new Set() });
}

interface Scan { sf: ts.SourceFile; classic: boolean; depth: number; seen: Set<ts.Node> }

/** Whether every use of `name` inside `scope` keeps the model here. */
function usesKept(scope: ts.Node, name: string, s: Scan): boolean {
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(n) && n.text === name && !isPropertyName(n)) ok = kept(n, s);
    else ts.forEachChild(n, visit);
  };
  visit(scope);
  return ok;
}

/** `a.model`, `{ model: 1 }`: a property's name, not a use of the variable. */
function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p);
}

/** A use that keeps the model here: trained or described by a KEPT method, declared or assigned in
 *  this file (not at the top level of a classic script), written to, or handed to a function of
 *  this file whose parameter keeps it. */
function kept(id: ts.Identifier, s: Scan): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === id) return ts.isCallExpression(p.parent) && p.parent.expression === p && KEPT.has(p.name.text);
  if (ts.isParameter(p) && p.name === id) return true;
  if (ts.isVariableDeclaration(p) && p.name === id) {
    // `const model = require('./model')`: the module's model, which its other importers share.
    if (p.initializer && /\brequire\s*\(|\bimport\s*\(/.test(p.initializer.getText())) return false;
    return !(s.classic && ts.isVariableStatement(p.parent.parent) && ts.isSourceFile(p.parent.parent.parent));
  }
  if (ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return !s.classic || declaredInFunction(id);
  if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.arguments.includes(id)) {
    const fn = functionNamed(s.sf, p.expression.text);
    const param = fn?.parameters[p.arguments.indexOf(id)];
    if (!fn || !fn.body || !param || !ts.isIdentifier(param.name) || param.dotDotDotToken || s.depth >= MAX_DEPTH) return false;
    if (s.seen.has(param)) return true; // recursion: judged where it was first reached
    s.seen.add(param);
    return usesKept(fn.body, param.name.text, { ...s, depth: s.depth + 1 });
  }
  return false;
}

/** Whether a function-scoped declaration of the name the assignment writes encloses it. */
function declaredInFunction(id: ts.Identifier): boolean {
  for (let n: ts.Node | undefined = id.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (!ts.isFunctionLike(n) && !ts.isBlock(n)) continue;
    let found = false;
    ts.forEachChild(n, function look(c): void {
      if (found) return;
      if (ts.isVariableDeclaration(c) && ts.isIdentifier(c.name) && c.name.text === id.text) found = true;
      else if (!ts.isFunctionLike(c)) ts.forEachChild(c, look);
    });
    if (found) return true;
  }
  return false;
}

/** The function the file declares under that name (`function f`, `const f = (...) => ...`), once. */
function functionNamed(sf: ts.SourceFile, name: string): ts.FunctionLikeDeclaration | undefined {
  const found: ts.FunctionLikeDeclaration[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) && n.name?.text === name) found.push(n);
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer && (ts.isArrowFunction(n.initializer) || ts.isFunctionExpression(n.initializer))) found.push(n.initializer);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found.length === 1 ? found[0] : undefined;
}
