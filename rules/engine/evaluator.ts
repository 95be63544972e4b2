// The abstract interpreter: from expressions to abstract values (values.ts), walking every function
// body once without context and again at each known call site with its arguments bound. Work is
// bounded (call depth, expansions, recursion depth); past a bound the answer is "unknown".
import ts = require('typescript');
import { Project } from './program';
import { resolveIdentifier, thisOwner, hasOwnThis, isFunctionScope } from './scope';
import { Env, EMPTY_ENV, ModelInfo, TensorRef, UNKNOWN, Value } from './values';
import type { EngineEvent } from './events';
import { tfCall, tfNew, modelMethod, layerMethod, tensorMethod, dataMethod, thresholdCompare } from './tfcalls';

export interface Ctx {
  env: Env;
  self?: Value;
  memo: Map<ts.Node, Value>;
  depth: number;
  /** Functions being expanded, innermost last (recursion guard and locality test). */
  fns: ts.Node[];
}

const MUTATORS = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'reverse', 'sort', 'fill', 'copyWithin']);
const MAX_CALL_DEPTH = 5;
const MAX_EXPANSIONS_PER_FUNCTION = 64;
const MAX_EXPANSIONS = 4000;
const MAX_EVAL_DEPTH = 200;

export class Evaluator {
  readonly events: EngineEvent[] = [];
  readonly models: ModelInfo[] = [];
  readonly root: Ctx = { env: EMPTY_ENV, memo: new Map(), depth: 0, fns: [] };
  private expansions = 0;
  /** Expansion budget: grows with the program, so a big repository is not cut short early. */
  maxExpansions = MAX_EXPANSIONS;
  private readonly calls = new Map<string, Value>();
  private readonly expansionsOf = new Map<ts.Node, number>();
  /** Files walked in full, and single function bodies walked without context. */
  readonly walkedFiles = new WeakSet<ts.SourceFile>();
  private readonly walkedBodies = new WeakSet<ts.Node>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  private evalDepth = 0;
  private readonly assignments = new WeakMap<ts.SourceFile, Map<ts.Node, ts.Expression[] | 'unknown'>>();
  private readonly classFields = new WeakMap<ts.Node, Map<string, ts.Expression[]>>();
  private readonly exportGuard = new Set<string>();
  private readonly mutations = new WeakSet<ts.Node>();

  constructor(readonly project: Project) {}

  emit(e: EngineEvent): void {
    this.events.push(e);
  }

  // ---------------------------------------------------------------- walking

  /** Evaluates every call and comparison under `root` in order; nested functions other than
   *  callbacks are walked after the enclosing body, in the same context (closures see the same
   *  bindings). */
  walk(root: ts.Node, ctx: Ctx): void {
    const queue: ts.Node[] = [root];
    const kids: ts.Node[] = [];
    const collect = (c: ts.Node) => { kids.push(c); };
    for (let q = 0; q < queue.length; q++) {
      const body = queue[q];
      // Post-order without recursion: `nodes` holds nodes to enter; a node is pushed again on `done`
      // to be evaluated after its children (inner calls first, so outer ones hit the memo).
      const nodes: ts.Node[] = [body];
      const done: boolean[] = [false];
      while (nodes.length) {
        const n = nodes.pop()!;
        if (done.pop()) {
          if (ts.isCallExpression(n) || ts.isBinaryExpression(n) || ts.isNewExpression(n)) this.eval(n, ctx);
          continue;
        }
        if (n.kind >= ts.SyntaxKind.FirstTypeNode && n.kind <= ts.SyntaxKind.LastTypeNode) continue; // types hold no calls
        if (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isLiteralExpression(n) || ts.isIdentifier(n)) continue;
        // Callbacks passed to a call (forEach, tidy, minimize, ...) mostly run right there: walk them
        // in place, so that e.g. layers added in a forEach come before the ones added after it.
        const inline = n.parent && (ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent)) && n.parent.expression !== n;
        if (n !== body && !inline && (isFunctionScope(n) || ts.isClassStaticBlockDeclaration(n))) {
          const b = (n as ts.FunctionLikeDeclaration).body;
          if (b) queue.push(b);
          for (const p of (n as ts.FunctionLikeDeclaration).parameters ?? []) if (p.initializer) queue.push(p.initializer);
          continue;
        }
        nodes.push(n);
        done.push(true);
        kids.length = 0;
        n.forEachChild(collect);
        for (let i = kids.length - 1; i >= 0; i--) { nodes.push(kids[i]); done.push(false); }
      }
    }
  }

  // ---------------------------------------------------------------- expressions

  eval(node: ts.Node, ctx: Ctx): Value {
    const memoCtx = this.ctxFor(node, ctx);
    const hit = memoCtx.memo.get(node);
    if (hit) return hit;
    if (this.evalDepth > MAX_EVAL_DEPTH) return UNKNOWN;
    memoCtx.memo.set(node, UNKNOWN); // cycle guard
    this.evalDepth++;
    let v: Value;
    try {
      v = this.compute(node, memoCtx);
    } finally {
      this.evalDepth--;
    }
    memoCtx.memo.set(node, v);
    return v;
  }

  /** Code outside the functions being expanded does not depend on their arguments: evaluate it
   *  without context (shared memo). */
  ctxFor(node: ts.Node, ctx: Ctx): Ctx {
    if (ctx.fns.length === 0) return ctx;
    const fn = ctx.fns[ctx.fns.length - 1];
    if (node.getSourceFile() === fn.getSourceFile() && node.pos >= fn.pos && node.end <= fn.end) return ctx;
    // An outer function being expanded may still enclose it (a closure defined in a caller).
    for (let i = ctx.fns.length - 2; i >= 0; i--) {
      const f = ctx.fns[i];
      if (node.getSourceFile() === f.getSourceFile() && node.pos >= f.pos && node.end <= f.end) return ctx;
    }
    return this.root;
  }

  private compute(node: ts.Node, ctx: Ctx): Value {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) ||
        ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isAwaitExpression(node)) {
      return this.eval(node.expression, ctx);
    }
    if (ts.isNumericLiteral(node)) return { k: 'num', v: Number(node.text) };
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { k: 'str', v: node.text, node };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { k: 'nullish' };
    if (ts.isPrefixUnaryExpression(node)) {
      const v = this.eval(node.operand, ctx);
      if (v.k === 'num' && node.operator === ts.SyntaxKind.MinusToken) return { k: 'num', v: -v.v };
      if (v.k === 'num' && node.operator === ts.SyntaxKind.PlusToken) return v;
      return UNKNOWN;
    }
    if (ts.isIdentifier(node)) return this.identifier(node, ctx);
    if (node.kind === ts.SyntaxKind.ThisKeyword) return this.thisValue(node, ctx);
    if (ts.isPropertyAccessExpression(node)) return this.member(this.eval(node.expression, ctx), node.name.text, ctx);
    if (ts.isElementAccessExpression(node)) return this.elementAccess(node, ctx);
    if (ts.isCallExpression(node)) return this.call(node, ctx);
    if (ts.isNewExpression(node)) {
      const c = this.eval(node.expression, ctx);
      if (c.k === 'tf') return tfNew(this, c.path, node, ctx);
      return c.k === 'class' ? { k: 'instance', decl: c.decl } : UNKNOWN;
    }
    if (ts.isBinaryExpression(node)) return this.binary(node, ctx);
    if (ts.isConditionalExpression(node)) return same(this.eval(node.whenTrue, ctx), this.eval(node.whenFalse, ctx));
    if (ts.isObjectLiteralExpression(node)) return this.object(node, ctx);
    if (ts.isArrayLiteralExpression(node)) {
      const items: Value[] = [];
      let open = false;
      for (const e of node.elements) {
        if (ts.isSpreadElement(e)) { open = true; continue; }
        items.push(this.eval(e, ctx));
      }
      return { k: 'arr', items, open };
    }
    if (ts.isFunctionExpression(node) || ts.isArrowFunction(node)) return { k: 'fn', decl: node, env: ctx.env, self: ctx.self };
    if (ts.isClassExpression(node)) return { k: 'class', decl: node };
    return UNKNOWN;
  }

  private binary(node: ts.BinaryExpression, ctx: Ctx): Value {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.GreaterThanToken || op === ts.SyntaxKind.GreaterThanEqualsToken ||
        op === ts.SyntaxKind.LessThanToken || op === ts.SyntaxKind.LessThanEqualsToken) {
      thresholdCompare(this, node, ctx);
      return UNKNOWN;
    }
    if (op === ts.SyntaxKind.EqualsToken) return this.eval(node.right, ctx);
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      const l = this.eval(node.left, ctx);
      return l.k === 'nullish' ? this.eval(node.right, ctx) : UNKNOWN;
    }
    const l = this.eval(node.left, ctx);
    const r = this.eval(node.right, ctx);
    if (l.k !== 'num' || r.k !== 'num') return UNKNOWN;
    switch (op) {
      case ts.SyntaxKind.PlusToken: return { k: 'num', v: l.v + r.v };
      case ts.SyntaxKind.MinusToken: return { k: 'num', v: l.v - r.v };
      case ts.SyntaxKind.AsteriskToken: return { k: 'num', v: l.v * r.v };
      case ts.SyntaxKind.SlashToken: return r.v === 0 ? UNKNOWN : { k: 'num', v: l.v / r.v };
      default: return UNKNOWN;
    }
  }

  private object(node: ts.ObjectLiteralExpression, ctx: Ctx): Value {
    const props = new Map<string, { value: Value; node: ts.Node }>();
    let open = false;
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) {
        const v = this.eval(p.expression, ctx);
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
      if (ts.isPropertyAssignment(p)) props.set(name, { value: this.eval(p.initializer, ctx), node: p.initializer });
      else if (ts.isShorthandPropertyAssignment(p)) props.set(name, { value: this.eval(p.name, ctx), node: p.name });
      else if (ts.isMethodDeclaration(p)) props.set(name, { value: { k: 'fn', decl: p, env: ctx.env, self: ctx.self }, node: p });
      else props.set(name, { value: UNKNOWN, node: p });
    }
    return { k: 'obj', props, open };
  }

  private elementAccess(node: ts.ElementAccessExpression, ctx: Ctx): Value {
    const obj = this.eval(node.expression, ctx);
    const arg = node.argumentExpression;
    if (ts.isStringLiteral(arg)) return this.member(obj, arg.text, ctx);
    if (obj.k === 'data') return { k: 'data', t: obj.t, elem: true };
    const i = this.eval(arg, ctx);
    if (obj.k === 'arr' && i.k === 'num' && !obj.open) return obj.items[i.v] ?? UNKNOWN;
    return UNKNOWN;
  }

  member(obj: Value, name: string, ctx: Ctx): Value {
    switch (obj.k) {
      case 'tf': return { k: 'tf', path: obj.path ? `${obj.path}.${name}` : name };
      case 'module': return this.exportValue(obj.file, name);
      case 'obj': return obj.props.get(name)?.value ?? UNKNOWN;
      case 'arr': return name === 'length' && !obj.open ? { k: 'num', v: obj.items.length } : UNKNOWN;
      case 'instance': return this.classMember(obj.decl, name, obj);
      case 'data': return UNKNOWN;
      default: void ctx; return UNKNOWN;
    }
  }

  // ---------------------------------------------------------------- names

  private identifier(id: ts.Identifier, ctx: Ctx): Value {
    if (id.text === 'undefined') return { k: 'nullish' };
    const decl = resolveIdentifier(id);
    if (!decl) {
      // The browser global `tf` (a <script src=".../tf.min.js"> page), when nothing else binds it.
      return id.text === 'tf' ? { k: 'tf', path: '' } : UNKNOWN;
    }
    const bound = ctx.env.get(decl);
    if (bound) return bound;
    return this.declValue(decl, ctx);
  }

  declValue(decl: ts.Node, ctx: Ctx): Value {
    if (ts.isVariableDeclaration(decl)) return this.variable(decl, ctx);
    if (ts.isParameter(decl)) return ctx.env.get(decl) ?? this.typedParameter(decl, ctx);
    if (ts.isBindingElement(decl)) return this.bindingElement(decl, ctx);
    if (ts.isFunctionDeclaration(decl) || ts.isFunctionExpression(decl) || ts.isArrowFunction(decl) || ts.isMethodDeclaration(decl)) {
      return { k: 'fn', decl, env: ctx.env };
    }
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return { k: 'class', decl };
    if (ts.isImportClause(decl) || ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl)) return this.importValue(decl);
    if (ts.isImportEqualsDeclaration(decl)) {
      const ref = decl.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) return this.requireValue(decl.getSourceFile().fileName, ref.expression.text);
    }
    return UNKNOWN;
  }

  /** `(c: SpamClassifier) => ...`: a parameter typed with one of the project's classes is an
   *  instance of it (class fields are analysed per class, not per instance). */
  private typedParameter(decl: ts.ParameterDeclaration, ctx: Ctx): Value {
    const t = decl.type;
    if (!t || !ts.isTypeReferenceNode(t) || !ts.isIdentifier(t.typeName)) return UNKNOWN;
    const d = resolveIdentifier(t.typeName);
    const cls = d ? this.declValue(d, ctx) : UNKNOWN;
    return cls.k === 'class' ? { k: 'instance', decl: cls.decl } : UNKNOWN;
  }

  private variable(decl: ts.VariableDeclaration, ctx: Ctx): Value {
    const list = decl.parent;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) {
      const it = this.eval(list.parent.expression, ctx);
      if (it.k === 'data') return { k: 'data', t: it.t, elem: true };
      return UNKNOWN;
    }
    if (ts.isVariableDeclarationList(list) && ts.isForInStatement(list.parent)) return UNKNOWN;
    const writes = this.writesTo(decl);
    if (writes === 'unknown') return UNKNOWN;
    const exprs = decl.initializer ? [decl.initializer, ...writes] : writes;
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
      const v = this.eval(e, ctx);
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
        const it = this.eval(owner.parent.parent.expression, ctx);
        base = it.k === 'data' ? { k: 'data', t: it.t, elem: true } : UNKNOWN;
      } else {
        base = owner.initializer ? this.eval(owner.initializer, ctx) : UNKNOWN;
      }
    } else base = UNKNOWN;
    let v: Value = UNKNOWN;
    if (ts.isObjectBindingPattern(pattern)) {
      const key = el.propertyName ? propName(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      if (key !== undefined && !el.dotDotDotToken) v = this.member(base, key, ctx);
    } else {
      const index = pattern.elements.indexOf(el);
      if (base.k === 'arr' && !base.open && !el.dotDotDotToken) v = base.items[index] ?? UNKNOWN;
      else if (base.k === 'data') v = { k: 'data', t: base.t, elem: true };
    }
    if ((v.k === 'unknown' || v.k === 'nullish') && el.initializer && base.k !== 'unknown') return this.eval(el.initializer, ctx);
    return v;
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

  // ---------------------------------------------------------------- modules

  private importValue(decl: ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport): Value {
    let imp: ts.Node = decl;
    while (!ts.isImportDeclaration(imp)) imp = imp.parent;
    const spec = (imp as ts.ImportDeclaration).moduleSpecifier;
    if (!ts.isStringLiteral(spec)) return UNKNOWN;
    const name = ts.isImportSpecifier(decl) ? (decl.propertyName ?? decl.name).text : undefined;
    if (this.project.isTfModule(spec.text)) return { k: 'tf', path: name && name !== 'default' ? name : '' };
    const file = this.project.resolveModule(decl.getSourceFile().fileName, spec.text);
    if (!file) return UNKNOWN;
    if (ts.isNamespaceImport(decl)) return { k: 'module', file };
    return this.exportValue(file, name ?? 'default');
  }

  /** `require(spec)`: tfjs, or what the module assigned to `module.exports` (a function, an
   *  object), or its exports as a namespace. */
  requireValue(fromFile: string, spec: string): Value {
    if (this.project.isTfModule(spec)) return { k: 'tf', path: '' };
    const file = this.project.resolveModule(fromFile, spec);
    if (!file) return UNKNOWN;
    const whole = this.project.exportsOf(file).moduleExports;
    return whole ? this.eval(whole, this.root) : { k: 'module', file };
  }

  exportValue(file: string, name: string): Value {
    const key = `${file}\u0000${name}`;
    if (this.exportGuard.has(key)) return UNKNOWN;
    this.exportGuard.add(key);
    try {
      const ex = this.project.exportsOf(file);
      const t = ex.names.get(name);
      if (t) {
        switch (t.k) {
          case 'tf': return { k: 'tf', path: t.path };
          case 'namespace': return { k: 'module', file: t.file };
          case 'reexport': return this.exportValue(t.file, t.name);
          case 'node':
            if (ts.isVariableDeclaration(t.node) || ts.isFunctionDeclaration(t.node) || ts.isClassDeclaration(t.node)) return this.declValue(t.node, this.root);
            if (ts.isMethodDeclaration(t.node)) return { k: 'fn', decl: t.node, env: EMPTY_ENV };
            return this.eval(t.node, this.root);
        }
      }
      if (name !== 'default') {
        // CommonJS: `module.exports = { a }` exposes a as a named import too.
        const d = ex.names.get('default');
        if (d && d.k === 'node') {
          const v = this.eval(d.node, this.root);
          if (v.k === 'obj' || v.k === 'module') return this.member(v, name, this.root);
        }
        for (const star of ex.stars) {
          const v = this.exportValue(star, name);
          if (v.k !== 'unknown') return v;
        }
      }
      return UNKNOWN;
    } finally {
      this.exportGuard.delete(key);
    }
  }

  // ---------------------------------------------------------------- classes

  private thisValue(node: ts.Node, ctx: Ctx): Value {
    if (ctx.self) return ctx.self;
    const owner = thisOwner(node);
    return owner ? { k: 'instance', decl: owner } : UNKNOWN;
  }

  /** `this.model`: the values assigned to the field anywhere in the class or object (null ones
   *  ignored); `this.build`: the method. */
  private classMember(owner: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression, name: string, self: Value): Value {
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
    if (writes && writes.length) return this.oneOf(writes, { ...this.root, self });
    const method = findMethod(owner, name);
    return method ? { k: 'fn', decl: method, env: EMPTY_ENV, self } : UNKNOWN;
  }

  // ---------------------------------------------------------------- calls

  private call(node: ts.CallExpression, ctx: Ctx): Value {
    let callee: ts.Expression = node.expression;
    while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAsExpression(callee)) callee = callee.expression;
    if (ts.isIdentifier(callee) && callee.text === 'require' && !resolveIdentifier(callee)) {
      const arg = node.arguments[0];
      return arg && ts.isStringLiteral(arg) ? this.requireValue(node.getSourceFile().fileName, arg.text) : UNKNOWN;
    }
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text
      : ts.isElementAccessExpression(callee) && ts.isStringLiteral(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
    if (method !== undefined) {
      const recvNode = (callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
      const recv = this.eval(recvNode, ctx);
      // `await` is transparent, so a promise is its value: `.then(cb)` calls cb with it.
      if (method === 'then' && recv.k !== 'unknown' && recv.k !== 'tf') return this.callback(node.arguments[0], [recv], ctx);
      switch (recv.k) {
        case 'tf': return tfCall(this, recv.path ? `${recv.path}.${method}` : method, node, ctx);
        case 'model': return modelMethod(this, recv.model, method, node, ctx);
        case 'layer': return layerMethod(this, recv.layer, method, node, ctx);
        case 'tensor': return tensorMethod(this, recv, method, node, ctx);
        case 'data': return dataMethod(this, recv, method, node, ctx);
        case 'unknown':
          return this.unknownReceiver(recvNode, method, node, ctx);
        default: {
          const fn = this.member(recv, method, ctx);
          return fn.k === 'fn' ? this.invoke(fn, node, ctx) : UNKNOWN;
        }
      }
    }
    const f = this.eval(callee, ctx);
    if (f.k === 'tf') return tfCall(this, f.path, node, ctx);
    if (f.k === 'class') return UNKNOWN;
    if (f.k === 'fn') return this.invoke(f, node, ctx);
    return UNKNOWN;
  }

  /** Calls on receivers we know nothing about; a few globals and tensor-only method names. */
  private unknownReceiver(recvNode: ts.Expression, method: string, node: ts.CallExpression, ctx: Ctx): Value {
    if (ts.isIdentifier(recvNode) && !resolveIdentifier(recvNode)) {
      if (recvNode.text === 'Math' && method === 'round' && node.arguments[0]) {
        tensorMethod(this, this.eval(node.arguments[0], ctx), 'Math.round', node, ctx);
        return UNKNOWN;
      }
      if (recvNode.text === 'Array' && method === 'from' && node.arguments[0]) {
        const src = this.eval(node.arguments[0], ctx);
        if (src.k === 'data' && node.arguments[1]) return dataMethod(this, src, 'map', node, ctx, 1);
        return src.k === 'data' ? src : UNKNOWN;
      }
      if (recvNode.text === 'Promise') return UNKNOWN;
    }
    // An unknown model's predict(): a prediction of unknown kind (it must not pass for labels).
    if (['predict', 'predictOnBatch', 'execute', 'executeAsync'].includes(method)) {
      return { k: 'tensor', t: TensorRef.of({ act: 'unknown', pred: true, modelOutput: false }) };
    }
    // `x.sigmoid()` / `x.softmax()` with no arguments: a tensor method whatever x is.
    if ((method === 'sigmoid' || method === 'softmax') && node.arguments.length === 0) {
      return tensorMethod(this, UNKNOWN, method, node, ctx);
    }
    return UNKNOWN;
  }

  /** Calls a user function with the call's arguments. */
  invoke(fn: Extract<Value, { k: 'fn' }>, node: ts.CallExpression, ctx: Ctx): Value {
    return this.apply(fn, node.arguments.map((a) => (ts.isSpreadElement(a) ? UNKNOWN : this.eval(a, ctx))), ctx);
  }

  /** Calls a callback argument (e.g. `.then(cb)`, `tf.tidy(cb)`) with known argument values. */
  callback(arg: ts.Expression | undefined, args: Value[], ctx: Ctx): Value {
    if (!arg) return UNKNOWN;
    const fn = this.eval(arg, ctx);
    return fn.k === 'fn' ? this.apply(fn, args, ctx) : UNKNOWN;
  }

  /** Abstractly executes a function body with parameters bound; returns the agreed return value. */
  apply(fn: Extract<Value, { k: 'fn' }>, args: Value[], ctx: Ctx): Value {
    const decl = fn.decl as ts.FunctionLikeDeclaration;
    if (!decl.body || decl.asteriskToken) return UNKNOWN;
    if (ctx.depth >= MAX_CALL_DEPTH || this.expansions >= this.maxExpansions || ctx.fns.includes(decl)) return UNKNOWN;
    // A budget per function too, so one helper called thousands of times cannot use up the run's.
    const spent = this.expansionsOf.get(decl) ?? 0;
    if (spent >= MAX_EXPANSIONS_PER_FUNCTION) return UNKNOWN;
    // Arguments that tell nothing (and no closure bindings, no defaults to take): the body behaves
    // exactly as in the context-free walk, which has already run; only the return value is needed.
    const informative = fn.env.size > 0 || args.some((a) => a.k !== 'unknown' && a.k !== 'nullish') ||
      decl.parameters.some((p, i) => p.initializer && (args[i] === undefined || args[i].k === 'nullish'));
    if (!informative) {
      const free: Ctx = { ...this.root, self: fn.self };
      // A function from a file that is only imported (not linted) was never walked: walk it once.
      const sf = decl.getSourceFile();
      if (!this.walkedFiles.has(sf) && !this.walkedBodies.has(decl)) {
        this.walkedBodies.add(decl);
        this.walk(decl.body, free);
      }
      return this.returnValue(decl, free);
    }
    // The same function with the same arguments gives the same result: expand it once.
    const key = [this.idOf(decl), this.idOf(fn.env), fn.self ? this.keyOf(fn.self) : '-', ...args.map((a) => this.keyOf(a))].join('|');
    const known = this.calls.get(key);
    if (known) return known;
    this.calls.set(key, UNKNOWN); // recursion through another path
    this.expansions++;
    this.expansionsOf.set(decl, spent + 1);
    const result = this.expand(fn, decl, args, ctx);
    this.calls.set(key, result);
    return result;
  }

  private expand(fn: Extract<Value, { k: 'fn' }>, decl: ts.FunctionLikeDeclaration, args: Value[], ctx: Ctx): Value {
    const env = new Map(fn.env);
    decl.parameters.forEach((p, i) => {
      env.set(p, p.dotDotDotToken ? { k: 'arr', items: args.slice(i), open: false } : args[i] ?? { k: 'nullish' });
    });
    const inner: Ctx = { env, self: fn.self ?? ctx.self, memo: new Map(), depth: ctx.depth + 1, fns: [...ctx.fns, decl] };
    // Missing arguments take the parameter's default.
    decl.parameters.forEach((p, i) => {
      if (p.initializer && (args[i] === undefined || args[i].k === 'nullish')) env.set(p, this.eval(p.initializer, inner));
    });
    this.walk(decl.body!, inner);
    return this.returnValue(decl, inner);
  }

  /** The value a function returns in `ctx`: its expression body, or the agreed `return`s. */
  private returnValue(decl: ts.FunctionLikeDeclaration, ctx: Ctx): Value {
    const body = decl.body!;
    if (!ts.isBlock(body)) return this.eval(body, ctx);
    const returns: ts.Expression[] = [];
    const stack: ts.Node[] = [body];
    while (stack.length) {
      const n = stack.pop()!;
      if (isFunctionScope(n) || ts.isClassLike(n)) continue;
      if (ts.isReturnStatement(n) && n.expression) returns.push(n.expression);
      n.forEachChild((c) => { stack.push(c); });
    }
    return returns.length ? this.oneOf(returns, ctx) : UNKNOWN;
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = ++this.nextId));
    return id;
  }

  /** Values that behave the same get the same key: literals by content, objects by identity. */
  private keyOf(v: Value): string {
    switch (v.k) {
      case 'unknown': return 'u';
      case 'nullish': return 'z';
      case 'num': return `n${v.v}`;
      case 'str': return `s${JSON.stringify(v.v)}`;
      case 'tf': return `t${v.path}`;
      case 'model': return `m${this.idOf(v.model)}`;
      case 'layer': return `l${this.idOf(v.layer)}`;
      case 'tensor': case 'data': return `${v.k[0]}${this.idOf(v.t)}`;
      case 'fn': return `f${this.idOf(v.decl)}.${this.idOf(v.env)}`;
      case 'instance': case 'class': return `${v.k[0]}${this.idOf(v.decl)}`;
      case 'module': return `M${v.file}`;
      default: return `o${this.idOf(v)}`;
    }
  }

  newModel(m: ModelInfo): Value {
    this.models.push(m);
    return { k: 'model', model: m };
  }
}

/** A method named `name` of a class, or of an object literal or the object literals nested in it
 *  (Vue's `methods: { ... }`). */
function findMethod(owner: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression, name: string): ts.FunctionLikeDeclaration | undefined {
  if (!ts.isObjectLiteralExpression(owner)) {
    for (const m of owner.members) {
      if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && propName(m.name) === name) return m;
    }
    return undefined;
  }
  for (const p of owner.properties) {
    if (ts.isMethodDeclaration(p) && propName(p.name) === name) return p;
    if (ts.isPropertyAssignment(p)) {
      const v = p.initializer;
      if ((ts.isFunctionExpression(v) || ts.isArrowFunction(v)) && propName(p.name) === name) return v;
      if (ts.isObjectLiteralExpression(v)) {
        const inner = findMethod(v, name);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}

/** The join of two values: equal ones survive, anything else is unknown. */
export function same(a: Value, b: Value): Value {
  if (a === b) return a;
  if (a.k === 'num' && b.k === 'num' && a.v === b.v) return a;
  if (a.k === 'str' && b.k === 'str' && a.v === b.v) return a;
  if (a.k === 'tf' && b.k === 'tf' && a.path === b.path) return a;
  if (a.k === 'model' && b.k === 'model' && a.model === b.model) return a;
  if (a.k === 'layer' && b.k === 'layer' && a.layer === b.layer) return a;
  if (a.k === 'module' && b.k === 'module' && a.file === b.file) return a;
  if (a.k === 'fn' && b.k === 'fn' && a.decl === b.decl) return a;
  if (a.k === 'instance' && b.k === 'instance' && a.decl === b.decl) return a;
  if ((a.k === 'tensor' && b.k === 'tensor') || (a.k === 'data' && b.k === 'data')) {
    // Two tensors agree when their facts do (e.g. both branches return the same model's output).
    const ta = a.t;
    const tb = (b as { t: TensorRef }).t;
    if (ta === tb) return a;
    const merged = new TensorRef(() => {
      const fa = ta.get();
      const fb = tb.get();
      return fa.act === fb.act && fa.width === fb.width && fa.model === fb.model ? fa : { act: 'unknown', pred: fa.pred && fb.pred, modelOutput: false };
    });
    return a.k === 'tensor' ? { k: 'tensor', t: merged } : { k: 'data', t: merged, elem: a.elem && (b as { elem: boolean }).elem };
  }
  return UNKNOWN;
}

export function propName(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}
