// Edit builders for tfjs code. Each returns undefined when the code is not in a shape it can edit
// safely; the vocabulary then offers no fix rather than a wrong one.
import ts = require('typescript');
import type { Edit } from '../core/rule';
import { declareBindingNames, enclosingFunction } from './scope';

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

/**
 * `node` reads a parameter of a function other modules may import (`export function toLabels(out)
 * { return out.greater(0.5); }`, a method of an exported class, `module.exports = { toLabels }`):
 * callers we do not see may pass other values, so a rewrite there is the author's choice.
 */
export function readsExportedParameter(node: ts.Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn || fn.parameters.length === 0) return false;
  const params = new Set<string>();
  for (const p of fn.parameters) declareBindingNames(p.name, (id) => params.add(id.text));
  // The compared value is the parameter (`out.greater(0.5)`, `tf.greater(out, 0.5)`, `out > 0.5`),
  // not a value made from it (`m.predict(x).greater(0.5)` thresholds this module's model).
  const root = (e: ts.Expression): ts.Expression => {
    for (;;) {
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
      else return e;
    }
  };
  const operands = ts.isBinaryExpression(node) ? [node.left, node.right] : ts.isCallExpression(node) ? [node.expression, ...node.arguments] : [];
  if (!operands.some((o) => { const r = root(o); return ts.isIdentifier(r) && params.has(r.text); })) return false;
  const owner = ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn) ? fn.parent : ts.isFunctionDeclaration(fn) ? fn : fn.parent && ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : undefined;
  if (!owner) return false;
  if (ts.canHaveModifiers(owner) && (ts.getModifiers(owner) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  const name = ts.isVariableStatement(owner) ? fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined
    : (owner as ts.FunctionDeclaration | ts.ClassLikeDeclaration).name?.text;
  if (!name) return false;
  return new RegExp(`\\bexport\\s*(?:\\{[^}]*\\b${name}\\b|default\\s+${name}\\b)|\\bexports\\b(?:\\.\\w+)?\\s*=[^;]*\\b${name}\\b`).test(node.getSourceFile().text);
}
