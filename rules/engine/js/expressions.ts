// Binary operators and object literals of the interpreter: comparisons are where thresholds are
// read, arithmetic folds numbers only, an object literal keeps what its spreads leave known.
import ts = require('typescript');
import { UNKNOWN, Value } from './values';
import type { Ctx, Interp } from './interp';
import { thresholdCompare } from './tfcalls';
import { propName } from './syntax';
import { resolveIdentifier } from './scope';

export function binaryValue(ev: Interp, node: ts.BinaryExpression, ctx: Ctx): Value {
  const op = node.operatorToken.kind;
  if (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken ||
      op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) {
    thresholdCompare(ev, node, ctx);
    return UNKNOWN;
  }
  if (op === ts.SyntaxKind.EqualsToken) return ev.eval(node.right, ctx);
  if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
    const l = ev.eval(node.left, ctx);
    if (l.k === 'nullish') return ev.eval(node.right, ctx);
    // `out.dataSync()[0] ?? 0`: a value known not to be null or undefined is what `??` gives (`||`
    // also tests truthiness, which a number's value decides).
    return op === ts.SyntaxKind.QuestionQuestionToken && l.k !== 'unknown' ? l : UNKNOWN;
  }
  const l = ev.eval(node.left, ctx);
  const r = ev.eval(node.right, ctx);
  if (l.k !== 'num' || r.k !== 'num') return UNKNOWN;
  switch (op) {
    case ts.SyntaxKind.PlusToken: return { k: 'num', v: l.v + r.v };
    case ts.SyntaxKind.MinusToken: return { k: 'num', v: l.v - r.v };
    case ts.SyntaxKind.AsteriskToken: return { k: 'num', v: l.v * r.v };
    case ts.SyntaxKind.SlashToken: return r.v === 0 ? UNKNOWN : { k: 'num', v: l.v / r.v };
    default: return UNKNOWN;
  }
}

export function objectLiteral(ev: Interp, node: ts.ObjectLiteralExpression, ctx: Ctx): Value {
  const props = new Map<string, { value: Value; node: ts.Node }>();
  let open = false;
  for (const p of node.properties) {
    if (ts.isSpreadAssignment(p)) {
      const v = ev.eval(p.expression, ctx);
      if (v.k === 'obj') {
        for (const [k, e] of v.props) props.set(k, e);
        if (v.open) { props.clear(); open = true; }
      } else if (v.k !== 'nullish') {
        // Anything written before an unknown spread may have been overridden by it.
        props.clear();
        open = true;
      }
      continue;
    }
    const name = p.name && propName(p.name);
    if (name === undefined) { props.clear(); open = true; continue; }
    if (ts.isPropertyAssignment(p)) props.set(name, { value: ev.eval(p.initializer, ctx), node: p.initializer });
    else if (ts.isShorthandPropertyAssignment(p)) props.set(name, { value: ev.eval(p.name, ctx), node: p.name });
    else if (ts.isMethodDeclaration(p)) props.set(name, { value: { k: 'fn', decl: p, env: ctx.env, self: ctx.self }, node: p });
    else props.set(name, { value: UNKNOWN, node: p });
  }
  return { k: 'obj', props, open };
}

/**
 * What a condition is when it only compares constants (`const NUM = 1; NUM === 1 ? ... : ...`):
 * true or false, so the walk skips the branch that never runs; undefined when anything in it could
 * vary (a `let`, a parameter, a call).
 */
export function constantTruth(ev: Interp, cond: ts.Expression, ctx: Ctx): boolean | undefined {
  while (ts.isParenthesizedExpression(cond)) cond = cond.expression;
  if (cond.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (cond.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken) {
    const t = constantTruth(ev, cond.operand, ctx);
    return t === undefined ? undefined : !t;
  }
  if (!ts.isBinaryExpression(cond)) return undefined;
  const op = cond.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
    const l = constantTruth(ev, cond.left, ctx);
    const r = constantTruth(ev, cond.right, ctx);
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return l === false || r === false ? false : l && r ? true : undefined;
    return l === true || r === true ? true : l === false && r === false ? false : undefined;
  }
  const l = constantOperand(ev, cond.left, ctx);
  const r = constantOperand(ev, cond.right, ctx);
  if (l === undefined || r === undefined) return undefined;
  switch (op) {
    case ts.SyntaxKind.EqualsEqualsEqualsToken: case ts.SyntaxKind.EqualsEqualsToken: return l === r;
    case ts.SyntaxKind.ExclamationEqualsEqualsToken: case ts.SyntaxKind.ExclamationEqualsToken: return l !== r;
    case ts.SyntaxKind.LessThanToken: return l < r;
    case ts.SyntaxKind.LessThanEqualsToken: return l <= r;
    case ts.SyntaxKind.GreaterThanToken: return l > r;
    case ts.SyntaxKind.GreaterThanEqualsToken: return l >= r;
    default: return undefined;
  }
}

/** A literal, or a name declared `const` whose value is a number or a string. */
function constantOperand(ev: Interp, e: ts.Expression, ctx: Ctx): number | string | undefined {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (!ts.isIdentifier(e)) return undefined;
  const decl = resolveIdentifier(e);
  if (!decl || !ts.isVariableDeclaration(decl) || !(decl.parent.flags & ts.NodeFlags.Const) || !ts.isIdentifier(decl.name)) return undefined;
  const v = ev.eval(e, ctx);
  return v.k === 'num' || v.k === 'str' ? v.v : undefined;
}
