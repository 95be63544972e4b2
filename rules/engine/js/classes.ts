// Classes and object literals with methods: `this`, fields assigned anywhere in the class
// (`this.model = ...`), and methods found by name (Vue's `methods: { ... }` included).
import ts = require('typescript');
import { hasOwnThis, thisOwner } from './scope';
import { propName } from './syntax';
import { EMPTY_ENV, UNKNOWN, Value } from './values';
import type { Ctx, Interp } from './interp';
import { classSequential } from './tfcalls';
import type { InstanceRuns } from './instances';

/** tf.Sequential's methods a subclass may change (an `add` that drops some layers, a `compile`
 *  that picks another loss): with one of its own, what the model is is not read from the base's. */
const OVERRIDES = ['add', 'pop', 'compile', 'fit', 'fitDataset', 'trainOnBatch', 'evaluate', 'evaluateDataset', 'call', 'apply', 'predict', 'execute', 'predictOnBatch'];

export class Classes {
  private readonly classFields = new WeakMap<ts.Node, Map<string, ts.Expression[]>>();

  private readonly sequentials = new WeakMap<ts.ClassLikeDeclaration, Value>();

  constructor(private readonly ev: Interp, private readonly runs: InstanceRuns) {}

  /** `class Net extends tf.Sequential`: the one model its `this` and its instances are (built by
   *  its constructor: `super({layers})`, `this.add(...)`, `this.compile(...)`); undefined for an
   *  abstract class, one another class of the file extends (its `this` is theirs too), or one with
   *  its own version of a method the model's building, training or running goes through. */
  sequentialOf(decl: ts.ClassLikeDeclaration): Value | undefined {
    let v = this.sequentials.get(decl);
    if (!v) {
      this.sequentials.set(decl, UNKNOWN); // a cycle: no model
      const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      const seq = base && this.ev.eval(base, this.ev.root);
      const own = OVERRIDES.some((n) => findMethod(decl, n));
      const abstract = ts.getModifiers(decl)?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword);
      v = seq?.k === 'tf' && seq.path === 'Sequential' && !own && !abstract && subclassesOf(decl).length === 0 ? classSequential(this.ev, decl) : UNKNOWN;
      this.sequentials.set(decl, v);
    }
    return v.k === 'model' ? v : undefined;
  }

  /** `new C(a, b)`: an instance, with the arguments its constructor got where any is known. */
  instance(decl: ts.ClassLikeDeclaration, node: ts.NewExpression, ctx: Ctx): Value {
    const model = this.sequentialOf(decl);
    if (model) return model;
    const args = (node.arguments ?? []).map((a) => this.ev.eval(a, ctx));
    const v: Value = args.some((a) => a.k !== 'unknown') && constructorOf(decl) ? { k: 'instance', decl, args } : { k: 'instance', decl };
    this.runs.noteMade(decl, v, node);
    return v;
  }

  thisValue(node: ts.Node, ctx: Ctx): Value {
    if (ctx.self) return ctx.self;
    const owner = thisOwner(node);
    return (owner && !ts.isObjectLiteralExpression(owner) && this.sequentialOf(owner)) || (owner ? { k: 'instance', decl: owner } : UNKNOWN);
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
    const given = self.k === 'instance' && self.args && !ts.isObjectLiteralExpression(owner) ? constructorArgument(owner, name, writes ?? [], self.args) : undefined;
    if (given) return given;
    if (writes && writes.length) return this.ev.oneOf(writes, { ...this.ev.root, self });
    const method = findMethod(owner, name);
    // `this.build()` in a base class whose subclass overrides build(): which one runs depends on the
    // instance, and `this` here may be the subclass's.
    if (method && !ts.isObjectLiteralExpression(owner) && (self.k !== 'instance' || self.decl === owner) && overriddenInFile(owner, name)) return UNKNOWN;
    return method ? { k: 'fn', decl: method, env: EMPTY_ENV, self } : UNKNOWN;
  }
}

/** Whether a class of the same file extends `owner` (by its name) and defines method `name` again.
 *  (A subclass in another file is not looked for.) */
function overriddenInFile(owner: ts.ClassLikeDeclaration, name: string): boolean {
  return subclassesOf(owner).some((c) => !!findMethod(c, name));
}

/** The classes of the same file that extend `owner` (by its name). */
function subclassesOf(owner: ts.ClassLikeDeclaration): ts.ClassLikeDeclaration[] {
  // (Per file version: an edit re-parsed incrementally keeps the nodes it did not touch, `owner` too.)
  const file = owner.getSourceFile();
  let inFile = subclassesInFile.get(file);
  if (!inFile) subclassesInFile.set(file, (inFile = new WeakMap()));
  let subs = inFile.get(owner);
  if (!subs) {
    const base = owner.name?.text;
    const found: ts.ClassLikeDeclaration[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isClassLike(n) && n !== owner && n.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => t.expression.getText() === base))) found.push(n);
      n.forEachChild(visit);
    };
    if (base) visit(file);
    inFile.set(owner, (subs = found));
  }
  return subs;
}

const subclassesInFile = new WeakMap<ts.SourceFile, WeakMap<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[]>>();

function constructorOf(decl: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
  return decl.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
}

/** The argument a field holds when only the constructor sets it, from a parameter
 *  (`constructor(model) { this.model = model; }`, or TypeScript's `constructor(private net: ...)`). */
function constructorArgument(decl: ts.ClassLikeDeclaration, name: string, writes: ts.Expression[], args: readonly Value[]): Value | undefined {
  const ctor = constructorOf(decl);
  if (!ctor) return undefined;
  const param = (n: string) => ctor.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === n && !p.dotDotDotToken);
  const property = writes.length === 0 ? param(name) : -1;
  if (property >= 0 && !ts.getModifiers(ctor.parameters[property])?.some((m) => FIELD_MODIFIERS.has(m.kind))) return undefined;
  // Each write a parameter's name, as a statement of the constructor's own body.
  const indices = writes.length ? writes.map((w) => (ts.isIdentifier(w) && w.parent.parent?.parent === ctor.body ? param(w.text) : -1)) : [property];
  const values = indices.map((i) => (i >= 0 ? args[i] : undefined));
  const v = values[0];
  return v && v.k !== 'unknown' && values.every((x) => x === v) ? v : undefined;
}

const FIELD_MODIFIERS = new Set([ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword]);

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
