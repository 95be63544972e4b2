// Edit builders for tfjs code. Each returns undefined when the code is not in a shape it can edit
// safely; the vocabulary then offers no fix rather than a wrong one.
import ts = require('typescript');
import type { Edit } from '../core/rule';

function nodeEdit(node: ts.Node, text: string): Edit {
  const sf = node.getSourceFile();
  return { file: sf.fileName, start: node.getStart(sf), end: node.getEnd(), text };
}

/** Replaces an expression; a shorthand property `{ loss }` becomes `loss: <text>`. */
export function replaceExpression(node: ts.Node, text: string): Edit {
  if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
    return nodeEdit(node, `${node.getText()}: ${text}`);
  }
  return nodeEdit(node, text);
}

/** Sets `activation` in a layer call's literal config: replaces it, or adds it after `{`. */
export function setActivation(layerCall: ts.Node, activation: string): Edit | undefined {
  if (!ts.isCallExpression(layerCall)) return undefined;
  const cfg = layerCall.arguments[0];
  if (!cfg || !ts.isObjectLiteralExpression(cfg)) return undefined;
  for (const p of cfg.properties) {
    if (ts.isSpreadAssignment(p)) return undefined; // the spread might set it too
    if (p.name && ts.isIdentifier(p.name) && p.name.text === 'activation') {
      return ts.isPropertyAssignment(p) ? nodeEdit(p.initializer, `'${activation}'`) : undefined;
    }
  }
  const sf = cfg.getSourceFile();
  const open = cfg.getStart(sf) + 1;
  return { file: sf.fileName, start: open, end: open, text: ` activation: '${activation}',` };
}

/** The method name of `x.name(...)`, or undefined for other call shapes. */
export function methodName(call: ts.CallExpression): ts.MemberName | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name : undefined;
}
