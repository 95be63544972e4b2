// Names to values: what a declaration binds (variables with all their writes, parameters, binding
// patterns, functions, classes, imports). A name written several times must agree, or it is unknown.
import ts = require('typescript');
import { otherVarDeclarations, resolveIdentifier } from './scope';
import { propName } from './syntax';
import { anyElement, same } from './join';
import { UNKNOWN, Value } from './values';
import type { Ctx, Interp } from './interp';

const MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'reverse', 'sort', 'fill', 'copyWithin']);

export class Bindings {
  private readonly assignments = new WeakMap<ts.SourceFile, Map<ts.Node, ts.Expression[] | 'unknown'>>();
  private readonly mutations = new WeakSet<ts.Node>();

  constructor(private readonly ev: Interp) {}

  declValue(decl: ts.Node, ctx: Ctx): Value {
    if (ts.isVariableDeclaration(decl)) return this.variable(decl, ctx);
    if (ts.isParameter(decl)) return this.parameter(decl, ctx);
    if (ts.isBindingElement(decl)) return this.bindingElement(decl, ctx);
    if (ts.isFunctionDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl) || ts.isMethodDeclaration(decl)) {
      return { k: 'fn', decl, env: ctx.env };
    }
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return { k: 'class', decl };
    if (ts.isImportClause(decl) || ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl)) return this.ev.importValue(decl);
    if (ts.isImportEqualsDeclaration(decl)) {
      const ref = decl.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) return this.ev.requireValue(decl.getSourceFile().fileName, ref.expression.text);
    }
    return UNKNOWN;
  }

  /** A parameter: what the call gave it, and every value the function writes to it
   *  (`if (isLogits) p = tf.sigmoid(p)`), which must agree, or it is unknown. While a write is
   *  evaluated, the parameter it reads is the value given. */
  private parameter(decl: ts.ParameterDeclaration, ctx: Ctx): Value {
    const given = ctx.env.get(decl) ?? this.typedParameter(decl, ctx);
    if (this.writing.has(decl)) return given;
    const writes = this.writesTo(decl as unknown as ts.VariableDeclaration, true);
    if (writes === 'unknown') return UNKNOWN;
    if (!writes.length) return given;
    this.writing.add(decl);
    try {
      let v = given;
      for (const e of writes) {
        v = same(v, this.ev.eval(e, ctx));
        if (v.k === 'unknown') return UNKNOWN;
      }
      return v;
    } finally {
      this.writing.delete(decl);
    }
  }

  private readonly writing = new Set<ts.Node>();

  /** `(c: SpamClassifier) => ...`: a parameter typed with one of the project's classes is an
   *  instance of it (class fields are analysed per class, not per instance). */
  private typedParameter(decl: ts.ParameterDeclaration, ctx: Ctx): Value {
    const t = decl.type;
    if (!t || !ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName)) return UNKNOWN;
    const d = resolveIdentifier(t.typeName);
    // A broken signature (`f(batch: batch: Batch)`) names a parameter as a type: no class.
    const cls = d && !ts.isParameter(d) ? this.declValue(d, ctx) : UNKNOWN;
    return cls.k === 'class' ? { k: 'instance', decl: cls.decl } : UNKNOWN;
  }

  private variable(decl: ts.VariableDeclaration, ctx: Ctx): Value {
    const list = decl.parent;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) {
      const it = this.ev.eval(list.parent.expression, ctx);
      if (it.k === 'data') return { ...it, elem: true };
      // `for (const m of members)`: each of them in turn, so what they all share.
      return ts.isIdentifier(decl.name) ? anyElement(it) : UNKNOWN;
    }
    if (ts.isVariableDeclarationList(list) && ts.isForInStatement(list.parent)) return UNKNOWN;
    const writes = this.writesTo(decl);
    if (writes === 'unknown') return UNKNOWN;
    // `var x = a; ... var x = b;` is one binding written twice.
    const others = otherVarDeclarations(decl).flatMap((d) => (d.initializer ? [d.initializer] : []));
    const exprs = [...(decl.initializer ? [decl.initializer] : []), ...others, ...writes];
    const v = this.oneOf(exprs, ctx);
    // A literal array/object changed in place later (push, x.prop = ...) is not what it was written as.
    if ((v.k === 'arr' || v.k === 'obj') && this.mutated(decl)) return UNKNOWN;
    return v;
  }

  /** The value of a name with several possible writes: null/undefined ones are ignored; the rest
   *  must agree, or the answer is unknown. */
  oneOf(exprs: ts.Expression[], ctx: Ctx): Value {
    let result: Value | undefined;
    for (const e of exprs) {
      const v = this.ev.eval(e, ctx);
      if (v.k === 'nullish') continue;
      result = result === undefined ? v : same(result, v);
      if (result.k === 'unknown') return UNKNOWN;
    }
    return result ?? UNKNOWN;
  }

  private bindingElement(el: ts.BindingElement, ctx: Ctx): Value {
    const pattern = el.parent;
    const owner = pattern.parent;
    let base: Value;
    if (ts.isBindingElement(owner)) base = this.bindingElement(owner, ctx);
    else if (ts.isParameter(owner)) base = ctx.env.get(owner) ?? UNKNOWN;
    else if (ts.isVariableDeclaration(owner)) {
      if (ts.isVariableDeclarationList(owner.parent) && ts.isForOfStatement(owner.parent.parent)) {
        const it = this.ev.eval(owner.parent.parent.expression, ctx);
        base = it.k === 'data' ? { ...it, elem: true } : UNKNOWN;
      } else {
        base = owner.initializer ? this.ev.eval(owner.initializer, ctx) : UNKNOWN;
      }
    } else base = UNKNOWN;
    let v: Value = UNKNOWN;
    if (ts.isObjectBindingPattern(pattern)) {
      const key = el.propertyName ? propName(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (key !== undefined && !el.dotDotDotToken) v = this.ev.member(base, key, ctx);
    } else {
      const index = pattern.elements.indexOf(el);
      if (base.k === 'arr' && !base.open && !el.dotDotDotToken) v = base.items[index] ?? UNKNOWN;
      else if (base.k === 'data') v = { ...base, elem: true };
    }
    if ((v.k === 'unknown' || v.k === 'nullish') && el.initializer && base.k !== 'unknown') return this.ev.eval(el.initializer, ctx);
    return v;
  }

  /** `let x = input; x = dense.apply(x); x = dropout.apply(x);`: where every write to a variable is
   *  a statement of the block that declares it, a read in that block (not in a function, which may
   *  run at another time) sees the last write before its statement. undefined: not so simple. */
  reachingWrite(decl: ts.VariableDeclaration, id: ts.Identifier): ts.Expression | undefined {
    const stmt = decl.parent.parent;
    const block = stmt?.parent;
    if (!ts.isVariableStatement(stmt) || !block || !(ts.isBlock(block) || ts.isSourceFile(block)) || otherVarDeclarations(decl).length) return undefined;
    const writes = this.writesTo(decl);
    if (writes === 'unknown' || writes.length === 0) return undefined;
    const statements = block.statements as readonly ts.Node[];
    const written: Array<[at: number, value: ts.Expression]> = decl.initializer ? [[statements.indexOf(stmt), decl.initializer]] : [];
    for (const e of writes) {
      const w = e.parent.parent;
      if (!ts.isExpressionStatement(w) || w.parent !== block || w.expression !== e.parent) return undefined;
      written.push([statements.indexOf(w), e]);
    }
    let at: ts.Node = id;
    while (at.parent && at.parent !== block) {
      if (ts.isFunctionLike(at.parent) || ts.isClassLike(at.parent)) return undefined;
      at = at.parent;
    }
    if (at.parent !== block) return undefined;
    const here = statements.indexOf(at);
    let last: ts.Expression | undefined;
    let lastAt = -1;
    for (const [i, e] of written) if (i < here && i > lastAt) [last, lastAt] = [e, i];
    return last;
  }

  private mutated(decl: ts.Node): boolean {
    this.writesTo(decl as ts.VariableDeclaration, true);
    return this.mutations.has(decl);
  }

  /** Assignments to a variable elsewhere in its file: `x = expr`; 'unknown' for `x += ...`, `x++`,
   *  destructuring assignments. */
  private writesTo(decl: ts.VariableDeclaration, indexOnly = false): ts.Expression[] | 'unknown' {
    if (!indexOnly && decl.parent.flags & ts.NodeFlags.Const) return [];
    const sf = decl.getSourceFile();
    let index = this.assignments.get(sf);
    if (!index) {
      index = new Map();
      const idx = index;
      const note = (id: ts.Node, e: ts.Expression | 'unknown') => {
        if (!ts.isIdentifier(id)) return;
        const d = resolveIdentifier(id);
        if (!d) return;
        const cur = idx.get(d);
        if (cur === 'unknown') return;
        if (e === 'unknown') idx.set(d, 'unknown');
        else idx.set(d, [...(cur ?? []), e]);
      };
      const stack: ts.Node[] = [sf];
      while (stack.length) {
        const n = stack.pop()!;
        if (ts.isBinaryExpression(n)) {
          const k = n.operatorToken.kind;
          if (k === ts.SyntaxKind.EqualsToken) {
            if (ts.isIdentifier(n.left)) note(n.left, n.right);
            else if ((ts.isPropertyAccessExpression(n.left) || ts.isElementAccessExpression(n.left)) && ts.isIdentifier(n.left.expression)) {
              const d = resolveIdentifier(n.left.expression);
              if (d) this.mutations.add(d);
            }
            else if (ts.isObjectLiteralExpression(n.left) || ts.isArrayLiteralExpression(n.left)) {
              n.left.forEachChild(function mark(c): void { if (ts.isIdentifier(c)) note(c, 'unknown'); else c.forEachChild(mark); });
            }
          } else if (k >= ts.SyntaxKind.FirstCompoundAssignment && k <= ts.SyntaxKind.LastCompoundAssignment) note(n.left, 'unknown');
        } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) &&
                   MUTATORS.has(n.expression.name.text)) {
          const d = resolveIdentifier(n.expression.expression);
          if (d) this.mutations.add(d);
        } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
                   (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
          note(n.operand, 'unknown');
        }
        n.forEachChild((c) => { stack.push(c); });
      }
      this.assignments.set(sf, index);
    }
    return index.get(decl) ?? [];
  }
}
