// The abstract interpreter: from expressions to abstract values (values.ts), walking every function
// body once without context and again at each known call site with its arguments bound. Work is
// bounded (call depth, expansions, recursion depth); past a bound the answer is "unknown".
import ts = require('typescript');
import { Project } from './program';
import { resolveIdentifier, isFunctionScope } from './scope';
import { EMPTY_ENV, ModelInfo, TensorRef, UNKNOWN, Value } from './values';
import type { EngineEvent } from '../core/events';
import type { Ctx, Interp } from './interp';
import { tfCall, tfNew, modelMethod, layerMethod, tensorMethod, dataMethod } from './tfcalls';
import { Bindings } from './bindings';
import { Modules } from './modules';
import { Classes } from './classes';
import { anyElement, same } from './join';
import { binaryValue, constantTruth, objectLiteral } from './expressions';
import { CallKeys } from './call-keys';
import { deadBranch, inActivationBranch, inDeadBranch, inWidthBranch } from './branch-guards';
import { InstanceRuns } from './instances';

const ARRAY_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find']);

export type { Ctx } from './interp';
const MAX_CALL_DEPTH = 5;
const MAX_EXPANSIONS_PER_FUNCTION = 64;
const MAX_EXPANSIONS = 4000;
const MAX_EVAL_DEPTH = 200;

export class Evaluator implements Interp {
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
  private readonly keys = new CallKeys();
  private evalDepth = 0;
  private readonly bindings = new Bindings(this);
  private readonly modules = new Modules(this);
  /** Instances made with known arguments, and the methods called on them (instances.ts). */
  readonly instanceRuns = new InstanceRuns();
  private readonly classes = new Classes(this, this.instanceRuns);

  constructor(readonly project: Project) {}

  emit(e: EngineEvent): void {
    // Code a constant condition never runs (a write read later evaluates it too).
    if (inDeadBranch(e.site.node as ts.Node | undefined, (c) => constantTruth(this, c, this.root))) return;
    // A threshold in a branch chosen by the output's activation (`if (!fromLogits) return
    // p.greater(0.5)`) is for the activation it tests, as in Python (branches.ts).
    if (e.type === 'threshold' && inActivationBranch(e.site.node as ts.Node | undefined)) return;
    // One on the output's width (`out.shape[1] === 1 ? out.greater(0.5) : out.argMax(-1)`): an
    // argmax or softmax there is for more than one unit, a threshold or loss judged as Python's.
    if (e.type === 'argmax' || e.type === 'softmax' || e.type === 'threshold' || e.type === 'loss') {
      if (inWidthBranch(e.site.node as ts.Node | undefined)) {
        if (e.type === 'argmax' || e.type === 'softmax') return;
        e = { ...e, widthBranch: true };
      }
    }
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
        const dead = deadBranch(n, (c) => constantTruth(this, c, ctx));
        if (dead) kids.splice(kids.indexOf(dead), 1);
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
    if (node.kind === ts.SyntaxKind.ThisKeyword) return this.classes.thisValue(node, ctx);
    if (ts.isPropertyAccessExpression(node)) return this.member(this.eval(node.expression, ctx), node.name.text, ctx);
    if (ts.isElementAccessExpression(node)) return this.elementAccess(node, ctx);
    if (ts.isCallExpression(node)) return this.call(node, ctx);
    if (ts.isNewExpression(node)) {
      const c = this.eval(node.expression, ctx);
      if (c.k === 'tf') return tfNew(this, c.path, node, ctx);
      return c.k === 'class' ? this.classes.instance(c.decl, node, ctx) : UNKNOWN;
    }
    if (ts.isBinaryExpression(node)) return binaryValue(this, node, ctx);
    if (ts.isConditionalExpression(node)) {
      const t = constantTruth(this, node.condition, ctx);
      return t === undefined ? same(this.eval(node.whenTrue, ctx), this.eval(node.whenFalse, ctx)) : this.eval(t ? node.whenTrue : node.whenFalse, ctx);
    }
    if (ts.isObjectLiteralExpression(node)) return objectLiteral(this, node, ctx);
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

  private elementAccess(node: ts.ElementAccessExpression, ctx: Ctx): Value {
    const obj = this.eval(node.expression, ctx);
    const arg = node.argumentExpression;
    if (ts.isStringLiteral(arg)) return this.member(obj, arg.text, ctx);
    if (obj.k === 'data') return { ...obj, elem: true };
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
      case 'instance': return this.classes.classMember(obj.decl, name, obj);
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
    // A parameter goes through its writes too (bindings.ts parameter).
    const bound = ts.isParameter(decl) ? undefined : ctx.env.get(decl);
    if (bound) return bound;
    // A variable rebound statement by statement: the write this read sees.
    const reaching = ts.isVariableDeclaration(decl) && !(decl.parent.flags & ts.NodeFlags.Const) ? this.bindings.reachingWrite(decl, id) : undefined;
    if (reaching) return this.eval(reaching, ctx);
    return this.declValue(decl, ctx);
  }

  declValue(decl: ts.Node, ctx: Ctx): Value {
    return this.bindings.declValue(decl, ctx);
  }

  oneOf(exprs: ts.Expression[], ctx: Ctx): Value {
    return this.bindings.oneOf(exprs, ctx);
  }

  importValue(decl: ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport): Value {
    return this.modules.importValue(decl);
  }

  requireValue(fromFile: string, spec: string): Value {
    return this.modules.requireValue(fromFile, spec);
  }

  exportValue(file: string, name: string): Value {
    return this.modules.exportValue(file, name);
  }

  // ---------------------------------------------------------------- calls

  private call(node: ts.CallExpression, ctx: Ctx): Value {
    let callee: ts.Expression = node.expression;
    while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAsExpression(callee)) callee = callee.expression;
    // require(spec), and `await import(spec)` (the module's namespace once awaited).
    if ((ts.isIdentifier(callee) && callee.text === 'require' && !resolveIdentifier(callee)) || callee.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      return arg && ts.isStringLiteral(arg) ? this.requireValue(node.getSourceFile().fileName, arg.text) : UNKNOWN;
    }
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text
      : ts.isElementAccessExpression(callee) && ts.isStringLiteral(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
    if (method !== undefined) {
      const recvNode = (callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
      const recv = this.eval(recvNode, ctx);
      // `await` is transparent, so a promise is its value: `.then(cb)` calls cb with it.
      // (Of a promise we know nothing of, `Promise.resolve().then(() => model.predict(x).data())`, the
      // next `.then` still gets what the callback returns.)
      if (method === 'then' && recv.k !== 'tf') return this.callback(node.arguments[0], [recv], ctx);
      switch (recv.k) {
        case 'tf': return tfCall(this, recv.path ? `${recv.path}.${method}` : method, node, ctx);
        case 'model': return modelMethod(this, recv.model, method, node, ctx);
        case 'layer': return layerMethod(this, recv.layer, method, node, ctx);
        case 'tensor': return tensorMethod(this, recv, method, node, ctx);
        case 'data': return dataMethod(this, recv, method, node, ctx);
        case 'arr':
          // `members.forEach(m => ...)`, `members.map(m => m.predict(x))`: the callback runs on each
          // element; it sees what they all share. What map returns is not tracked.
          if (ARRAY_CALLBACKS.has(method)) this.callback(node.arguments[0], [anyElement(recv), UNKNOWN], ctx);
          return UNKNOWN;
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
      // `await Promise.resolve(x)` is x (a promise is its value here, as `await` is transparent).
      if (recvNode.text === 'Promise') return method === 'resolve' && node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0]) ? this.eval(node.arguments[0], ctx) : UNKNOWN;
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
    this.instanceRuns.noteCall(fn.self, decl);
    if (ctx.depth >= MAX_CALL_DEPTH || this.expansions >= this.maxExpansions || ctx.fns.includes(decl)) return UNKNOWN;
    // A budget per function too, so one helper called thousands of times cannot use up the run's.
    const spent = this.expansionsOf.get(decl) ?? 0;
    if (spent >= MAX_EXPANSIONS_PER_FUNCTION) return UNKNOWN;
    // Arguments that tell nothing (and no closure bindings, no defaults to take): the body behaves
    // exactly as in the context-free walk, which has already run; only the return value is needed.
    const informative = fn.env.size > 0 || args.some((a) => a.k !== 'unknown' && a.k !== 'nullish') || (fn.self?.k === 'instance' && !!fn.self.args) ||
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
    const key = this.keys.of(decl, fn.env, fn.self, args);
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

  newModel(m: ModelInfo): Value {
    this.models.push(m);
    return { k: 'model', model: m };
  }
}
