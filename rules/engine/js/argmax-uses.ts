// Whether an argMax() (or a cut at 0) result is used one class per sample: compared with a class (`flags[i] === 1`,
// `pred === label`) or with labels (`preds.equal(labels)`), in the function that computes it. An
// argMax without an axis over a one-score column ([batch, 1]) picks the best sample, and only such
// a use says the code meant each sample's class instead (rules/argmax-batch-axis.ts).
import ts = require('typescript');

/** 'use' when the result of `call` is compared per sample, else undefined. */
export function usedPerSample(call: ts.Expression, againstValues = false): 'use' | undefined {
  let top: ts.Expression = call;
  // `x.argMax().arraySync()`, `await x.argMax().data()`: the values themselves.
  while (ts.isPropertyAccessExpression(top.parent) && ts.isCallExpression(top.parent.parent) && top.parent.parent.expression === top.parent) {
    if (top.parent.name.text === 'equal') return 'use';
    top = top.parent.parent;
  }
  while (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const decl = top.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== top || !ts.isIdentifier(decl.name)) return undefined;
  const name = decl.name.text;
  const scope = ts.findAncestor(decl, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
  // (`againstValues`: compared with a value, not a literal: `y === label`, not `y === 1`.)
  const other = (e: ts.Expression) => !againstValues || !(ts.isLiteralExpression(e) || ts.isPrefixUnaryExpression(e));
  return scope && comparisonsIn(scope).some(([l, r]) => (readsName(l, name) && other(r)) || (readsName(r, name) && other(l))) ? 'use' : undefined;
}

/** The pairs compared in `scope` (`a === b`, `a.equal(b)`, `tf.equal(a, b)`). */
function comparisonsIn(scope: ts.Node): Array<[ts.Expression, ts.Expression]> {
  const pairs: Array<[ts.Expression, ts.Expression]> = [];
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && COMPARE.has(n.operatorToken.kind)) pairs.push([n.left, n.right]);
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'equal') {
      if (n.arguments.length === 1) pairs.push([n.expression.expression, n.arguments[0]]);
      if (n.arguments.length === 2) pairs.push([n.arguments[0], n.arguments[1]]);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  return pairs;
}

const COMPARE = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** `name` or `name[i]`. */
function readsName(e: ts.Expression, name: string): boolean {
  if (ts.isElementAccessExpression(e)) e = e.expression;
  return ts.isIdentifier(e) && e.text === name;
}

/** An argMax call without an axis: `x.argMax()`, `tf.argMax(x)`. */
function axislessArgMax(n: ts.Node): boolean {
  if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression) || n.expression.name.text !== 'argMax') return false;
  return n.arguments.length === (/^tf$/.test(n.expression.expression.getText()) ? 1 : 0);
}

/** `const p = tf.argMax(preds); const t = tf.argMax(ys); p.equal(t)`: the name holding `c` (or
 *  its values: `c.arraySync()`) is compared with another argMax without an axis, named
 *  (`t`, `t[i]`) or written there (`p.equal(ys.argMax())`). */
function namesComparedWithAxisless(c: ts.CallExpression): boolean {
  let top: ts.Expression = c;
  while (ts.isPropertyAccessExpression(top.parent) && ts.isCallExpression(top.parent.parent) && top.parent.parent.expression === top.parent) top = top.parent.parent;
  while (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const decl = top.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== top || !ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  const scope = ts.findAncestor(decl, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
  if (!scope) return false;
  const axisless = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && n !== decl && holdsAxisless(n.initializer)) axisless.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope, visit);
  const other = (e: ts.Expression) => [...axisless].some((v) => readsName(e, v)) || holdsAxisless(e);
  return comparisonsIn(scope).some(([l, r]) => (readsName(l, name) && other(r)) || (readsName(r, name) && other(l)));
}

/** An argMax without an axis in `e`, outside any function written there. */
function holdsAxisless(e: ts.Node): boolean {
  if (axislessArgMax(e)) return true;
  if (ts.isFunctionLike(e)) return false;
  return !!ts.forEachChild(e, (k) => holdsAxisless(k) || undefined);
}

/** `c` is compared (`===`, `.equal(...)`, `tf.equal(...)`) with another argMax without an axis. */
export function comparedWithAxislessArgMax(c: ts.CallExpression): boolean {
  if (namesComparedWithAxisless(c)) return true;
  for (let p: ts.Node | undefined = c.parent, depth = 0; p && depth < 8; p = p.parent, depth++) {
    const eq = (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(p.operatorToken.kind)) || (ts.isCallExpression(p) && /(?:^|\.)equal$/.test(p.expression.getText()));
    if (!eq) continue;
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (n !== c && ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'argMax') {
        const viaTf = /^tf$/.test(n.expression.expression.getText());
        if (n.arguments.length === (viaTf ? 1 : 0)) found = true;
      }
      ts.forEachChild(n, visit);
    };
    visit(p);
    return found;
  }
  return false;
}
