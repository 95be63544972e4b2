// Whether a cut at 0 of one value (`score > 0`) picks a class: it chooses between two class names
// (`score > 0 ? 'spam' : 'ham'`, `CLASSES[score > 0 ? 1 : 0]`, `CLASSES[Number(score > 0)]`, an
// if/else whose branches each name one), directly or kept in a const first (`const isDog = score > 0`),
// or gives a label compared with the true one. Otherwise it may be a guard (`p > 0 ? Math.log(p) : -Infinity`)
// and says nothing of a decision.
import ts = require('typescript');
import type { Ctx, Interp as Evaluator } from './interp';
import { namesTwoClasses } from '../core/judge';
import { usedPerSample } from './argmax-uses';
import { resolveIdentifier } from './scope';

/** 'class': the cut picks a class (a label compared, an array of names indexed, a ternary between two
 *  names); 'words': only branches (or a boolean kept first) saying two words, which may as well be a
 *  guard's (`'valid'` / `'invalid'`, `'ok'` / `'underflow'`): no edit is sure there. */
export function picksClass(ev: Evaluator, cut: ts.Expression, ctx: Ctx): 'class' | 'words' | undefined {
  if (labelComparedPerSample(cut)) return 'class';
  const reads = readsOf(cut);
  if (reads.some((e) => indexesClassNames(ev, e, ctx)) || picksWords(ev, cut, ctx)) return 'class';
  return reads.some((e) => picksWords(ev, e, ctx) || branchesName(ev, e, ctx)) ? 'words' : undefined;
}

/** The cut itself, and where a const holding it is read (`const isDog = score > 0; ... isDog`). */
function readsOf(cut: ts.Expression): ts.Expression[] {
  const top = outerParens(cut);
  const decl = top.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== top || !ts.isIdentifier(decl.name)) return [cut];
  if (!ts.isVariableDeclarationList(decl.parent) || !(decl.parent.flags & ts.NodeFlags.Const)) return [cut];
  const scope = ts.findAncestor(decl, (n) => ts.isFunctionLike(n) || ts.isSourceFile(n));
  const reads: ts.Expression[] = [cut];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n !== decl.name && n.text === (decl.name as ts.Identifier).text && resolveIdentifier(n) === decl) reads.push(n);
    ts.forEachChild(n, visit);
  };
  if (scope) ts.forEachChild(scope, visit);
  return reads;
}

function outerParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e.parent)) e = e.parent;
  return e;
}

/** The ternary `cond` decides, if any (through parentheses). */
function ternaryOf(cond: ts.Expression): ts.ConditionalExpression | undefined {
  const n = outerParens(cond);
  const p = n.parent;
  return ts.isConditionalExpression(p) && p.condition === n ? p : undefined;
}

/** What a branch writes: a number's text, or a string's (a template's literal parts: a class name
 *  with values in it, `Positive (${s})`; an item of an array of names, `CLASSES[1]`). */
function branchValue(ev: Evaluator, e: ts.Expression, ctx: Ctx): { number?: string; words?: string } {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isNumericLiteral(e)) return { number: e.text };
  if (ts.isStringLiteralLike(e)) return { words: e.text };
  if (ts.isElementAccessExpression(e) && ts.isNumericLiteral(e.argumentExpression)) {
    const v = ev.eval(e, ctx);
    return v.k === 'str' ? { words: v.v } : {};
  }
  return ts.isTemplateExpression(e) ? { words: [e.head, ...e.templateSpans.map((t) => t.literal)].map((l) => l.text).join('\u0000') } : {};
}

/** The condition of a ternary between two different numbers (`1 : 0`), whose result is compared
 *  with something we read per sample (usedPerSample: a name compared with another value). */
function labelComparedPerSample(cond: ts.Expression): boolean {
  const p = ternaryOf(cond);
  const [a, b] = p ? [numberOf(p.whenTrue), numberOf(p.whenFalse)] : [];
  return !!p && a !== undefined && b !== undefined && a !== b && usedPerSample(p, true) === 'use';
}

function numberOf(e: ts.Expression): number | undefined {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isNumericLiteral(e) ? Number(e.text) : undefined;
}

/** The condition of a ternary choosing between two class names (core/judge.ts namesTwoClasses). */
function picksWords(ev: Evaluator, cond: ts.Expression, ctx: Ctx): boolean {
  const p = ternaryOf(cond);
  const [a, b] = p ? [branchValue(ev, p.whenTrue, ctx).words, branchValue(ev, p.whenFalse, ctx).words] : [];
  return a !== undefined && b !== undefined && namesTwoClasses(a, b);
}

/** `CLASSES[cut ? 1 : 0]`, `CLASSES[Number(cut)]`, `CLASSES[+cut]`: the cut picks one of two items of
 *  an array of class names written out. */
function indexesClassNames(ev: Evaluator, cut: ts.Expression, ctx: Ctx): boolean {
  const top = outerParens(cut);
  const p = ternaryOf(cut);
  let index: ts.Expression | undefined;
  let picked: [number | undefined, number | undefined] = [1, 0];
  if (p) {
    index = p;
    picked = [numberOf(p.whenTrue), numberOf(p.whenFalse)];
  } else if (ts.isCallExpression(top.parent) && ts.isIdentifier(top.parent.expression) && top.parent.expression.text === 'Number' && top.parent.arguments.length === 1) {
    index = top.parent;
  } else if (ts.isPrefixUnaryExpression(top.parent) && top.parent.operator === ts.SyntaxKind.PlusToken) {
    index = top.parent;
  }
  if (!index) return false;
  const at = outerParens(index);
  const access = at.parent;
  if (!ts.isElementAccessExpression(access) || access.argumentExpression !== at) return false;
  const arr = ev.eval(access.expression, ctx);
  if (arr.k !== 'arr' || arr.open || picked[0] === undefined || picked[1] === undefined) return false;
  const [a, b] = [arr.items[picked[0]], arr.items[picked[1]]];
  return a?.k === 'str' && b?.k === 'str' && namesTwoClasses(a.v, b.v);
}

/** `if (cut) { el.textContent = 'dog'; } else { el.textContent = 'cat'; }`: each branch names a
 *  class the same way (one name or property assigned, one call of the same function, a return). */
function branchesName(ev: Evaluator, cut: ts.Expression, ctx: Ctx): boolean {
  const top = outerParens(cut);
  const s = top.parent;
  if (!ts.isIfStatement(s) || s.expression !== top || !s.elseStatement || ts.isIfStatement(s.elseStatement)) return false;
  const [a, b] = [said(ev, s.thenStatement, ctx), said(ev, s.elseStatement, ctx)];
  return !!a && !!b && a.how === b.how && namesTwoClasses(a.words, b.words);
}

/** The one string a branch says, and how: a single statement of it that gives a class name. */
function said(ev: Evaluator, st: ts.Statement, ctx: Ctx): { how: string; words: string } | undefined {
  const found = (ts.isBlock(st) ? [...st.statements] : [st]).map((x) => saying(ev, x, ctx)).filter((x) => x !== undefined);
  return found.length === 1 ? found[0] : undefined;
}

function saying(ev: Evaluator, st: ts.Statement, ctx: Ctx): { how: string; words: string } | undefined {
  const words = (e: ts.Expression | undefined) => (e ? branchValue(ev, e, ctx).words : undefined);
  let how: string | undefined;
  let w: string | undefined;
  if (ts.isReturnStatement(st)) [how, w] = ['return', words(st.expression)];
  else if (ts.isExpressionStatement(st)) {
    const x = st.expression;
    if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken) [how, w] = [`${x.left.getText()} =`, words(x.right)];
    else if (ts.isCallExpression(x) && x.arguments.length === 1) [how, w] = [`${x.expression.getText()}()`, words(x.arguments[0])];
  }
  return how && w !== undefined ? { how, words: w } : undefined;
}
