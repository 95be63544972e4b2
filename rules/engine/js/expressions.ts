// Binary operators and object literals of the interpreter: comparisons are where thresholds are
// read, arithmetic folds numbers only, an object literal keeps what its spreads leave known.
import ts = require('typescript');
import { UNKNOWN, Value } from './values';
import type { Ctx, Interp } from './interp';
import { thresholdCompare } from './tfcalls';
import { propName } from './syntax';

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
    return l.k === 'nullish' ? ev.eval(node.right, ctx) : UNKNOWN;
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
