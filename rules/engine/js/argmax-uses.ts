// Whether an argMax() (or a cut at 0) result is used one class per sample: compared with a class (`flags[i] === 1`,
// `pred === label`) or with labels (`preds.equal(labels)`), in the function that computes it. An
// argMax without an axis over a one-score column ([batch, 1]) picks the best sample, and only such
// a use says the code meant each sample's class instead (rules/argmax-batch-axis.ts).
import ts = require('typescript');
import { resolveIdentifier } from './scope';
import type { ArgMaxEvent } from '../core/events';

/** 'use' when the result of `call` is compared per sample, else undefined. */
export function usedPerSample(call: ts.Expression, againstValues = false): 'use' | undefined {
  let top: ts.Expression = call;
  for (;;) {
    // `x.argMax().arraySync()`, `await x.argMax().data()`: the values themselves.
    while (ts.isPropertyAccessExpression(top.parent) && ts.isCallExpression(top.parent.parent) && top.parent.parent.expression === top.parent) {
      if (top.parent.name.text === 'equal') return 'use';
      top = top.parent.parent;
    }
    while (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent)) top = top.parent;
    const p = top.parent;
    if (!ts.isCallExpression(p) || p.expression === top) break;
    // Given to a metric (`tf.metrics.binaryAccuracy(yTrue, pred)`): one label per sample.
    if (METRIC.test(p.expression.getText())) return 'use';
    // `tf.where(out.greater(0), ones, zeros)`: labels picked by the cut, that cut's to judge by their
    // use. (Not `tf.where(cut, out, zeros)`: values kept, a mask.)
    if (!/^tf\.where$/.test(p.expression.getText()) || p.arguments[0] !== top || !p.arguments.slice(1).every(isLabel) || p.arguments.length !== 3) break;
    top = p;
  }
  const held = holder(top);
  if (!held) return undefined;
  const { name, scope } = held;
  // (`againstValues`: compared with a value, not a literal: `y === label`, not `y === 1`.)
  const other = (e: ts.Expression) => !againstValues || !(ts.isLiteralExpression(e) || ts.isPrefixUnaryExpression(e));
  return comparisonsIn(scope).some(([l, r]) => (readsName(l, name) && other(r)) || (readsName(r, name) && other(l))) ? 'use' : undefined;
}

/** The last call of a method chain on `call` (`x.argMax().arraySync()`): the values themselves. */
function chainEnd(call: ts.Expression): ts.Expression {
  let top = call;
  while (ts.isPropertyAccessExpression(top.parent) && ts.isCallExpression(top.parent.parent) && top.parent.parent.expression === top.parent) top = top.parent.parent;
  return top;
}

/** The name a declaration gives `top` (`const best = <top>`), and the function (or file) it is in. */
function holder(top: ts.Expression): { name: string; decl: ts.VariableDeclaration; scope: ts.Node } | undefined {
  while (ts.isAwaitExpression(top.parent) || ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const decl = top.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== top || !ts.isIdentifier(decl.name)) return undefined;
  const scope = ts.findAncestor(decl, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
  return scope ? { name: decl.name.text, decl, scope } : undefined;
}

/** An argMax over the batch read per class: every read of the name holding its values is `best[c]`
 *  with `c` the counter of a loop `for (let c = 0; c < N; c++)` (perClass N, the classes it was read
 *  for: the rule compares it with the output's width), or goes over every entry in turn
 *  (`best.forEach((i, c) => ...)`, `best.map(...)`, `for (const i of best)`) using each only as an
 *  index into something (`samples[i]`: a sample's index, 'each'). namesRead: the lengths of the arrays
 *  of names written out those entries index (`CLASSES[best[c]]`, one per class: read as a class). */
export function readPerClass(call: ts.CallExpression): Pick<ArgMaxEvent, 'perClass' | 'namesRead'> {
  const held = holder(chainEnd(call));
  if (!held) return {};
  const over = new Set<number | 'each' | undefined>();
  const namesRead: number[] = [];
  const indexed = (e: ts.Expression) => {
    const n = namesPicked(e);
    if (n !== undefined) namesRead.push(n);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === held.name && n !== held.decl.name) {
      const read = n.parent;
      const bound = ts.isElementAccessExpression(read) && read.expression === n && ts.isIdentifier(read.argumentExpression) ? counterBound(read.argumentExpression) : undefined;
      if (bound !== undefined) indexed(read as ts.ElementAccessExpression);
      over.add(bound ?? (eachAsIndex(n, indexed) ? 'each' : undefined));
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(held.scope, visit);
  const [perClass] = [...over];
  return over.size === 1 && perClass !== undefined ? { perClass, namesRead } : {};
}

/** `best.forEach((i, c) => ...)`, `best.map((i) => ...)`, `for (const i of best) ...`: every entry of
 *  `best` in turn, bound to `i`, and `i` read only as an index (`samples[i]`, handed to `indexed`). */
function eachAsIndex(best: ts.Identifier, indexed: (e: ts.Expression) => void): boolean {
  const p = best.parent;
  let item: ts.Identifier | undefined;
  let body: ts.Node | undefined;
  if (ts.isPropertyAccessExpression(p) && p.expression === best && /^(?:forEach|map)$/.test(p.name.text) && ts.isCallExpression(p.parent) && p.parent.expression === p) {
    const fn = p.parent.arguments[0];
    const first = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn.parameters[0]?.name : undefined;
    if (first && ts.isIdentifier(first)) [item, body] = [first, (fn as ts.ArrowFunction).body];
  } else if (ts.isForOfStatement(p) && p.expression === best && ts.isVariableDeclarationList(p.initializer)) {
    const d = p.initializer.declarations[0]?.name;
    if (d && ts.isIdentifier(d)) [item, body] = [d, p.statement];
  }
  if (!item || !body) return false;
  const reads: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === item!.text) reads.push(n);
    ts.forEachChild(n, visit);
  };
  visit(body);
  // Read, not written (`counts[i]++` tallies classes).
  const asIndex = (r: ts.Identifier) => ts.isElementAccessExpression(r.parent) && r.parent.argumentExpression === r && !written(r.parent);
  if (!reads.length || !reads.every(asIndex)) return false;
  reads.forEach(indexed);
  return true;
}

/** `x[i] = ...`, `x[i] += 1`, `x[i]++`: the element written. */
function written(e: ts.Expression): boolean {
  const p = e.parent;
  if (ts.isBinaryExpression(p)) return p.left === e && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  return (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken);
}

/** The N of `for (let c = 0; c < N; c++)` around `c` (a number written there or a const holding one). */
function counterBound(c: ts.Identifier): number | undefined {
  const loop = ts.findAncestor(c, (n) => ts.isForStatement(n) && !!n.initializer && ts.isVariableDeclarationList(n.initializer) && n.initializer.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === c.text)) as ts.ForStatement | undefined;
  const cond = loop?.condition;
  if (!cond || !ts.isBinaryExpression(cond) || cond.operatorToken.kind !== ts.SyntaxKind.LessThanToken || !ts.isIdentifier(cond.left) || cond.left.text !== c.text) return undefined;
  return numberAt(cond.right);
}

/** `NAMES[e]` of an array of strings written out (`const CLASSES = ['cat', 'dog']`): how many. */
function namesPicked(e: ts.Expression): number | undefined {
  const p = e.parent;
  if (!ts.isElementAccessExpression(p) || p.argumentExpression !== e) return undefined;
  let arr: ts.Expression | undefined = p.expression;
  if (ts.isIdentifier(arr)) {
    const decl = resolveIdentifier(arr);
    arr = decl && ts.isVariableDeclaration(decl) && decl.parent.flags & ts.NodeFlags.Const ? decl.initializer : undefined;
  }
  return arr && ts.isArrayLiteralExpression(arr) && arr.elements.every(ts.isStringLiteralLike) ? arr.elements.length : undefined;
}

/** A number written, or a `const` initialised with one. */
function numberAt(e: ts.Expression): number | undefined {
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = e.getSourceFile().statements.flatMap((s) => (ts.isVariableStatement(s) && s.declarationList.flags & ts.NodeFlags.Const ? [...s.declarationList.declarations] : [])).find((d) => ts.isIdentifier(d.name) && d.name.text === e.text);
  return decl?.initializer && ts.isNumericLiteral(decl.initializer) ? Number(decl.initializer.text) : undefined;
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

/** A number, or a tensor of one number made for it (`tf.onesLike(out)`, `tf.scalar(1)`). */
const isLabel = (e: ts.Expression) => ts.isNumericLiteral(e) || (ts.isCallExpression(e) && /^tf\.(?:onesLike|zerosLike|ones|zeros|scalar|fill)$/.test(e.expression.getText()));

const METRIC = /(?:^|\.)metrics\.(?:binaryAccuracy|precision|recall)$/;

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
  const held = holder(chainEnd(c));
  if (!held) return false;
  const { name, decl, scope } = held;
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
