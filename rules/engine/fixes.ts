// Edit builders shared by the rules' fixes. Each returns undefined when the code is not in a shape
// it can edit safely; a rule then offers no fix rather than a wrong one.
import ts = require('typescript');
import type { FixSpec } from './rule';

type Edit = FixSpec['edits'][number];

/** Replaces an expression; a shorthand property `{ loss }` becomes `loss: <text>`. */
export function replaceExpression(node: ts.Node, text: string): Edit {
  if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
    return { node, text: `${node.getText()}: ${text}` };
  }
  return { node, text };
}

/** Sets `activation` in a layer call's literal config: replaces it, or adds it after `{`. */
export function setActivation(layerCall: ts.Node, activation: string): Edit | undefined {
  if (!ts.isCallExpression(layerCall)) return undefined;
  const cfg = layerCall.arguments[0];
  if (!cfg || !ts.isObjectLiteralExpression(cfg)) return undefined;
  for (const p of cfg.properties) {
    if (ts.isSpreadAssignment(p)) return undefined; // the spread might set it too
    if (p.name && ts.isIdentifier(p.name) && p.name.text === 'activation') {
      return ts.isPropertyAssignment(p) ? { node: p.initializer, text: `'${activation}'` } : undefined;
    }
  }
  const sf = cfg.getSourceFile();
  const open = cfg.getStart(sf) + 1;
  return { file: sf.fileName, start: open, end: open, text: ` activation: '${activation}',` };
}

/** Swaps the first two arguments of a call. */
export function swapArguments(call: ts.CallExpression): Edit[] | undefined {
  const [a, b] = call.arguments;
  if (!a || !b || ts.isSpreadElement(a) || ts.isSpreadElement(b)) return undefined;
  return [{ node: a, text: b.getText() }, { node: b, text: a.getText() }];
}

/** Renames the function a call invokes (`tf.losses.logLoss(...)` -> `<text>(...)`). */
export function replaceCallee(call: ts.CallExpression, text: string): Edit {
  return { node: call.expression, text };
}

/** The method name of `x.name(...)`, or undefined for other call shapes. */
export function methodName(call: ts.CallExpression): ts.MemberName | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name : undefined;
}
