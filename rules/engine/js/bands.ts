// A cut with another bound on the same values (`p > 0.5 && p <= 1.0`,
// `out.greater(0.5).logicalAnd(out.lessEqual(1))`): a band, whose bounds a fix must change together
// (ThresholdEvent.band; the Python frontend's argmax-uses.ts markBand). Read in the syntax: the
// other side of `&&`/`||`/logicalAnd/logicalOr is an ordered comparison of the same expression.
import ts = require('typescript');

const ORDERED = new Set([ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken]);
const ORDERED_CALLS = /^(?:greater|greaterEqual|less|lessEqual)$/;
const LOGICAL = /^logical(?:And|Or)$/;

function unwrap(n: ts.Node): ts.Node {
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  return n;
}

/** The text of what an ordered comparison compares (the side that is no number), or undefined. */
function compared(node: ts.Node): string | undefined {
  const n = unwrap(node);
  if (ts.isBinaryExpression(n) && ORDERED.has(n.operatorToken.kind)) {
    const [l, r] = [unwrap(n.left), unwrap(n.right)];
    return ts.isNumericLiteral(r) || !ts.isNumericLiteral(l) ? l.getText() : r.getText();
  }
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ORDERED_CALLS.test(n.expression.name.text)) {
    // `tf.greater(out, 0.5)` (the namespace's function, under any name: two arguments) or `out.greater(0.5)`.
    return n.arguments.length >= 2 ? unwrap(n.arguments[0]).getText() : n.expression.expression.getText();
  }
  return undefined;
}

/** Whether the comparison `node` (a binary expression or a greater/less call) is one bound of a band. */
export function inBand(node: ts.Node): boolean {
  const mine = compared(node);
  let n: ts.Node = node;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!mine || !p) return false;
  let other: ts.Node | undefined;
  const k = ts.isBinaryExpression(p) ? p.operatorToken.kind : undefined;
  if (ts.isBinaryExpression(p) && (k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken)) other = p.left === n ? p.right : p.left;
  else if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && LOGICAL.test(p.expression.name.text)) {
    // `tf.logicalAnd(a, b)` (two arguments): the other argument; `a.logicalAnd(b)` as b: the receiver.
    const args = p.arguments as readonly ts.Node[];
    other = args.length >= 2 ? args.find((a) => a !== n) : args.includes(n) ? p.expression.expression : args[0];
  }
  else if (ts.isPropertyAccessExpression(p) && LOGICAL.test(p.name.text) && p.parent && ts.isCallExpression(p.parent)) other = p.parent.arguments[0];
  return !!other && compared(other) === mine;
}
