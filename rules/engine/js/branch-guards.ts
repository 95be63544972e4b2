// Branches chosen by what the output is, as in Python (branches.ts): a decision or a loss inside
// one is for the case its condition tests, so the rules do not judge it as if it always ran.
import ts = require('typescript');
import { testsActivationText, WIDTH_TEST } from '../core/judge';
import { resolveIdentifier } from './scope';

/** `node` is inside a branch of an if or a ?: whose condition looks at the activation, within its
 *  own function. */
export function inActivationBranch(node: ts.Node | undefined): boolean {
  for (let n = node, p = node?.parent; n && p && !ts.isFunctionLike(p) && !ts.isSourceFile(p); n = p, p = p.parent) {
    const cond = ts.isIfStatement(p) && n !== p.expression ? p.expression : ts.isConditionalExpression(p) && n !== p.condition ? p.condition : undefined;
    if (cond && testsActivationText(cond.getText())) return true;
  }
  return false;
}

/**
 * `node` runs only for some widths of the output, within its own function: in a branch of an if,
 * a ?: or a switch on a width (`out.shape[1] === 1 ? ... : out.argMax(-1)`), or after an if on one
 * that returns or throws (`if (out.shape[1] < 2) throw ...`).
 */
export function inWidthBranch(node: ts.Node | undefined): boolean {
  for (let n = node, p = node?.parent; n && p && !ts.isFunctionLike(p) && !ts.isSourceFile(p); n = p, p = p.parent) {
    const cond = ts.isIfStatement(p) && n !== p.expression ? p.expression : ts.isConditionalExpression(p) && n !== p.condition ? p.condition : ts.isCaseBlock(p) ? p.parent.expression : undefined;
    if (cond && testsWidth(cond)) return true;
    // `switch (true) { case width === 1: ... default: ... }`: the cases are the conditions.
    if (ts.isCaseBlock(p) && p.parent.expression.kind === ts.SyntaxKind.TrueKeyword && p.clauses.some((c) => ts.isCaseClause(c) && testsWidth(c.expression))) return true;
    if (ts.isBlock(p) || ts.isSourceFile(p)) {
      for (const s of (p as ts.Block).statements) {
        if (s === n) break;
        if (ts.isIfStatement(s) && testsWidth(s.expression) && exits(s.thenStatement)) return true;
      }
    }
  }
  return false;
}

/** A width in the condition's text, or a name its function binds from a shape (`const [, width] = out.shape`). */
function testsWidth(cond: ts.Expression): boolean {
  const text = cond.getText();
  if (WIDTH_TEST.test(text)) return true;
  if (comparesParameterWithOneOrTwo(cond)) return true;
  const names = new Set<string>();
  const collect = (x: ts.Node): void => { if (ts.isIdentifier(x)) names.add(x.text); else x.forEachChild(collect); };
  collect(cond);
  let scope: ts.Node | undefined = cond.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(x) && x.initializer && WIDTH_TEST.test(x.initializer.getText())) {
      const bound: string[] = [];
      const ids = (b: ts.Node): void => { if (ts.isIdentifier(b)) bound.push(b.text); else b.forEachChild(ids); };
      ids(x.name);
      if (bound.some((b) => names.has(b))) found = true;
    }
    if (!ts.isFunctionLike(x) || x === scope) x.forEachChild(visit);
  };
  if (scope) scope.forEachChild(visit);
  return found;
}

/** A then-branch that leaves the function or the loop: a return, a throw, a break or a continue last. */
function exits(s: ts.Statement): boolean {
  const last = ts.isBlock(s) ? s.statements[s.statements.length - 1] : s;
  return !!last && (ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isBreakStatement(last) || ts.isContinueStatement(last));
}

/** `n === 1`, `k > 1`, `count < 2` on a parameter: the one-unit-or-more switch of a helper
 *  (`(out, n) => n === 1 ? out.greater(0.5) : out.argMax(-1)`), whose callers decide the width. */
function comparesParameterWithOneOrTwo(cond: ts.Expression): boolean {
  let found = false;
  const visit = (x: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(x) && COMPARISONS.has(x.operatorToken.kind)) {
      const [a, b] = ts.isNumericLiteral(x.right) ? [x.left, x.right] : [x.right, x.left];
      if (ts.isNumericLiteral(b) && (b.text === '1' || b.text === '2') && ts.isIdentifier(a)) {
        const decl = resolveIdentifier(a);
        if (decl && ts.isParameter(decl)) found = true;
      }
    }
    x.forEachChild(visit);
  };
  visit(cond);
  return found;
}

const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken]);

/** `node` is in the branch of an if or a ?: that a constant condition never takes
 *  (`const NUM = 1; if (NUM > 1) pred = out.argMax(-1)`), or in a function written there. */
export function inDeadBranch(node: ts.Node | undefined, truth: (cond: ts.Expression) => boolean | undefined): boolean {
  for (let n = node, p = node?.parent; n && p && !ts.isSourceFile(p); n = p, p = p.parent) {
    if ((ts.isIfStatement(p) || ts.isConditionalExpression(p)) && deadBranch(p, truth) === n) return true;
  }
  return false;
}

/** The branch of an if or a ?: that never runs, its condition being constant. */
export function deadBranch(n: ts.Node, truth: (cond: ts.Expression) => boolean | undefined): ts.Node | undefined {
  if (ts.isConditionalExpression(n)) {
    const t = truth(n.condition);
    return t === undefined ? undefined : t ? n.whenFalse : n.whenTrue;
  }
  if (ts.isIfStatement(n)) {
    const t = truth(n.expression);
    return t === undefined ? undefined : t ? n.elseStatement : n.thenStatement;
  }
  return undefined;
}
