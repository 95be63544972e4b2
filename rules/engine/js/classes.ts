// Classes and object literals with methods: `this`, fields assigned anywhere in the class
// (`this.model = ...`), and methods found by name (Vue's `methods: { ... }` included).
import ts = require('typescript');
import { hasOwnThis, thisOwner } from './scope';
import { propName } from './syntax';
import { EMPTY_ENV, UNKNOWN, Value } from './values';
import type { Ctx, Interp } from './interp';

export class Classes {
  private readonly classFields = new WeakMap<ts.Node, Map<string, ts.Expression[]>>();

  constructor(private readonly ev: Interp) {}


  thisValue(node: ts.Node, ctx: Ctx): Value {
    if (ctx.self) return ctx.self;
    const owner = thisOwner(node);
    return owner ? { k: 'instance', decl: owner } : UNKNOWN;
  }

  /** `this.model`: the values assigned to the field anywhere in the class or object (null ones
   *  ignored); `this.build`: the method. */
  classMember(owner: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression, name: string, self: Value): Value {
    let fields = this.classFields.get(owner);
    if (!fields) {
      fields = new Map();
      const f = fields;
      const top: readonly ts.Node[] = ts.isObjectLiteralExpression(owner) ? owner.properties : owner.members;
      for (const m of top) {
        if (ts.isPropertyDeclaration(m) && m.initializer) {
          const n = propName(m.name);
          if (n) f.set(n, [...(f.get(n) ?? []), m.initializer]);
        }
      }
      const stack: ts.Node[] = [...top];
      while (stack.length) {
        const n = stack.pop()!;
        if (hasOwnThis(n)) continue; // another `this`
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
            ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
          const key = n.left.name.text;
          f.set(key, [...(f.get(key) ?? []), n.right]);
        }
        n.forEachChild((c) => { stack.push(c); });
      }
      this.classFields.set(owner, f);
    }
    const writes = fields.get(name);
    if (writes && writes.length) return this.ev.oneOf(writes, { ...this.ev.root, self });
    const method = findMethod(owner, name);
    return method ? { k: 'fn', decl: method, env: EMPTY_ENV, self } : UNKNOWN;
  }
}

/** A method named `name` of a class, or of an object literal or the object literals nested in it
 *  (Vue's `methods: { ... }`). Defined twice, the last definition is the one that runs (a class
 *  body or an object literal overrides in order; TypeScript overload signatures have no body). */
function findMethod(owner: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression, name: string): ts.FunctionLikeDeclaration | undefined {
  let found: ts.FunctionLikeDeclaration | undefined;
  if (!ts.isObjectLiteralExpression(owner)) {
    for (const m of owner.members) {
      if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.body && propName(m.name) === name) found = m;
    }
    return found;
  }
  let nested: ts.FunctionLikeDeclaration | undefined;
  for (const p of owner.properties) {
    if (ts.isMethodDeclaration(p) && propName(p.name) === name) found = p;
    if (ts.isPropertyAssignment(p)) {
      const v = p.initializer;
      if ((ts.isFunctionExpression(v) || ts.isArrowFunction(v)) && propName(p.name) === name) found = v;
      else if (ts.isObjectLiteralExpression(v)) nested ??= findMethod(v, name);
    }
  }
  return found ?? nested;
}
