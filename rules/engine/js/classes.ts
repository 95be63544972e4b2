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


  instance(decl: ts.ClassLikeDeclaration, node: ts.NewExpression, ctx: Ctx): Value {
    const given = givenFields(decl, (node.arguments ?? []).map((a) => this.ev.eval(a, ctx)));
    return given ? { k: 'instance', decl, given } : { k: 'instance', decl };
  }

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
    // Set from the constructor's argument alone (dependency injection): what this `new` gave.
    const given = self.k === 'instance' ? self.given?.get(name) : undefined;
    if (given && (writes ?? []).every((w) => constructorParameter(w))) return given;
    if (writes && writes.length) return this.ev.oneOf(writes, { ...this.ev.root, self });
    const method = findMethod(owner, name);
    return method ? { k: 'fn', decl: method, env: EMPTY_ENV, self } : UNKNOWN;
  }
}

/** `new C(a, b)`: an instance, with the fields its constructor sets from its parameters. */
export function givenFields(decl: ts.ClassLikeDeclaration, args: Value[]): Map<string, Value> | undefined {
  const ctor = decl.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  if (!ctor) return undefined;
  const given = new Map<string, Value>();
  ctor.parameters.forEach((p, i) => {
    const arg = args[i];
    if (!arg || arg.k === 'unknown' || !ts.isIdentifier(p.name) || p.dotDotDotToken) return;
    // `constructor(private net: tf.Sequential)`: a field of that name.
    if (ts.getModifiers(p)?.some((m) => FIELD_MODIFIERS.has(m.kind))) given.set(p.name.text, arg);
    for (const s of ctor.body!.statements) {
      const e = ts.isExpressionStatement(s) ? s.expression : undefined;
      if (e && ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(e.left) &&
        e.left.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(e.right) && e.right.text === p.name.text) given.set(e.left.name.text, arg);
    }
  });
  return given.size ? given : undefined;
}

const FIELD_MODIFIERS = new Set([ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword]);

/** `this.model = model` in a constructor whose parameter `model` is. */
function constructorParameter(w: ts.Expression): boolean {
  const ctor = w.parent?.parent?.parent?.parent;
  return ts.isIdentifier(w) && !!ctor && ts.isConstructorDeclaration(ctor) && ctor.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === w.text);
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
