// The tfjs API as the evaluator sees it: tf.* functions, model / layer / tensor methods, and what
// each one tells the rules (events).
import ts = require('typescript');
import type { Ctx, Interp as Evaluator } from './interp';
import { ModelInfo, TensorFacts, TensorRef, UNKNOWN, UNKNOWN_FACTS, Value, tensorOf } from './values';
import { foldSequential, squashedAgain } from '../core/layers';
import { BINARY_ACCURACY, DATA_FACTORIES, DATA_OPS, IDENTITY_OPS, LOSSES, OPAQUE_MODEL_FACTORIES, SHAPE_OPS } from './tfjs';
import { siteOf } from './sites';
import { inBand } from './bands';
import { comparedWithAxislessArgMax, readPerClass, usedPerSample } from './argmax-uses';
import { picksClass } from './class-cuts';
import { resolveIdentifier } from './scope';
import { TFJS } from './vocab';
import { compile, fitTarget } from './compile';
import { layerFromConfig, layerMethod, isSoftmaxLayer } from './tf-layers';
import { arg, prop, shapeOf } from './config-values';
export { layerMethod };

const UNKNOWN_TENSOR: Value = { k: 'tensor', t: TensorRef.of(UNKNOWN_FACTS) };

export function tfCall(ev: Evaluator, path: string, call: ts.CallExpression, ctx: Ctx): Value {
  if (path.startsWith('layers.')) return { k: 'layer', layer: layerFromConfig(ev, path.slice(7), call, ctx) };
  if (LOSSES[path]) return lossCall(ev, path, call, ctx);
  if (BINARY_ACCURACY.has(path)) {
    ev.emit({ type: 'metric', name: path, binary: true, alias: false, site: siteOf(call), vocab: TFJS, pred: tensorOf(arg(ev, call, 1, ctx)) ?? TensorRef.of(UNKNOWN_FACTS) });
    return UNKNOWN_TENSOR;
  }
  if (OPAQUE_MODEL_FACTORIES.has(path)) {
    // A loaded LayersModel's outputs are batch-first; a GraphModel's can be anything.
    const layersModel = path !== 'loadGraphModel';
    const m: ModelInfo = { kind: 'opaque', framework: 'tfjs', site: siteOf(call), layers: [], open: true, layersModel, output: TensorRef.of(UNKNOWN_FACTS), losses: [] };
    m.output = TensorRef.of({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model: m, minRank: layersModel ? 2 : undefined });
    return ev.newModel(m);
  }
  if (DATA_FACTORIES.has(path)) return { k: 'tensor', t: TensorRef.of({ ...UNKNOWN_FACTS, role: 'data' }) };
  switch (path) {
    case 'sequential': return sequential(ev, call, ctx);
    case 'model': return functional(ev, call, ctx);
    case 'input': {
      const p = prop(arg(ev, call, 0, ctx), 'shape');
      const shape = typeof p === 'object' ? shapeOf(p.value) : undefined;
      return { k: 'tensor', t: TensorRef.of({ ...UNKNOWN_FACTS, role: 'input', rank: shape ? shape.rank + 1 : undefined, width: shape?.width }) };
    }
    case 'scalar': return arg(ev, call, 0, ctx).k === 'num' ? arg(ev, call, 0, ctx) : UNKNOWN_TENSOR;
    case 'tidy': {
      const fnArg = call.arguments.length > 1 ? call.arguments[1] : call.arguments[0];
      return ev.callback(fnArg, [], ctx);
    }
    default: {
      // tf.sigmoid(x), tf.argMax(x, 1), tf.squeeze(x): the same as the tensor method on x.
      const x = arg(ev, call, 0, ctx);
      return tensorMethod(ev, x, path, call, ctx, 1);
    }
  }
}

function lossCall(ev: Evaluator, path: string, call: ts.CallExpression, ctx: Ctx): Value {
  const labels = tensorOf(arg(ev, call, 0, ctx)) ?? TensorRef.of(UNKNOWN_FACTS);
  const pred = tensorOf(arg(ev, call, 1, ctx)) ?? TensorRef.of(UNKNOWN_FACTS);
  const [a, b] = call.arguments;
  const args: [ts.Node, ts.Node] | undefined = a && b && !ts.isSpreadElement(a) && !ts.isSpreadElement(b) ? [a, b] : undefined;
  // A custom compile loss is called by tfjs as (yTrue, yPred), whatever its parameters are named.
  const firstArgIsParameter = !!a && ts.isIdentifier(a) && (() => { const d = resolveIdentifier(a); return !!d && ts.isParameter(d); })();
  const elsewhere = firstArgIsParameter && args ? paramsReadElsewhere(args) : undefined;
  ev.emit({ type: 'loss', name: path, kind: LOSSES[path], via: 'call', site: siteOf(call), lossSite: siteOf(call.expression), args: args && [siteOf(args[0]), siteOf(args[1])], labels, pred, firstArgIsParameter, ...(elsewhere ? { paramsReadElsewhere: elsewhere } : {}), vocab: TFJS });
  return UNKNOWN_TENSOR;
}

/** A custom loss's parameters (`yTrue` of `(yPred, yTrue) => ...`) read again elsewhere in it
 *  (`yTrue.mul(4).add(1)` as weights): the names and the first such read. */
function paramsReadElsewhere(args: ts.Node[]): { names: string[]; site: ReturnType<typeof siteOf> } | undefined {
  const decls = new Map<ts.Node, string>();
  for (const x of args) {
    const d = ts.isIdentifier(x) ? resolveIdentifier(x) : undefined;
    if (d && ts.isParameter(d)) decls.set(d, x.getText());
  }
  const fn = [...decls.keys()][0]?.parent;
  const reads: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && !args.includes(n) && decls.has(resolveIdentifier(n) as ts.Node) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) reads.push(n);
    ts.forEachChild(n, visit);
  };
  const body = fn && ts.isFunctionLike(fn) ? (fn as ts.FunctionLikeDeclaration).body : undefined;
  if (body) visit(body);
  return reads.length ? { names: [...new Set(reads.map((r) => r.text))], site: siteOf(reads[0]) } : undefined;
}

// ---------------------------------------------------------------- models

/** `new tf.Sequential(config)` is the same as `tf.sequential(config)`. */
export function tfNew(ev: Evaluator, path: string, node: ts.NewExpression, ctx: Ctx): Value {
  return path === 'Sequential' ? sequential(ev, node, ctx) : UNKNOWN;
}

/** `class Net extends tf.Sequential`: the model its constructor's `super(config)` makes (the class
 *  itself where it has no constructor). */
export function classSequential(ev: Evaluator, decl: ts.ClassLikeDeclaration): Value {
  const ctor = decl.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  const made = ctor?.body?.statements.map((st) => (ts.isExpressionStatement(st) && ts.isCallExpression(st.expression) && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword ? st.expression : undefined)).find((c) => c);
  return sequential(ev, made ?? decl, ev.root);
}

function sequential(ev: Evaluator, call: ts.CallExpression | ts.NewExpression | ts.ClassLikeDeclaration, ctx: Ctx): Value {
  const m: ModelInfo = { kind: 'sequential', framework: 'tfjs', site: siteOf(call), layers: [], open: false, layersModel: true, output: TensorRef.of(UNKNOWN_FACTS), losses: [] };
  m.output = new TensorRef(() => foldSequential(m, (layer, input) => {
    if (isSoftmaxLayer(layer)) ev.emit({ type: 'softmax', site: layer.site, vocab: TFJS, kind: 'layer', input: TensorRef.of(input) });
  }));
  if (!ts.isClassLike(call) && call.arguments?.length) {
    const cfg = arg(ev, call, 0, ctx);
    const layers = prop(cfg, 'layers');
    if (layers === 'unknown') m.open = true;
    else if (layers !== 'absent') {
      const v = layers.value;
      if (v.k !== 'arr' || v.open) m.open = true;
      else {
        const items = ts.isArrayLiteralExpression(layers.node) ? layers.node.elements : [];
        v.items.forEach((item, i) => m.layers.push({ layer: item.k === 'layer' ? item.layer : undefined, site: siteOf(items[i] ?? layers.node), conditional: false }));
      }
    }
  }
  return ev.newModel(m);
}

/** The outputs of functional models built with several (`outputs: [a, b]`). */
export const multiOutputs = new WeakMap<ModelInfo, TensorRef[]>();

function functional(ev: Evaluator, call: ts.CallExpression, ctx: Ctx): Value {
  const cfg = arg(ev, call, 0, ctx);
  const m: ModelInfo = { kind: 'functional', framework: 'tfjs', site: siteOf(call), layers: [], open: false, layersModel: true, output: TensorRef.of(UNKNOWN_FACTS), losses: [] };
  const outputs = prop(cfg, 'outputs');
  let out: TensorRef | undefined;
  if (typeof outputs === 'object') {
    const v = outputs.value;
    out = tensorOf(v) ?? (v.k === 'arr' && !v.open && v.items.length === 1 ? tensorOf(v.items[0]) : undefined);
    // Several outputs: predict() returns one tensor each, with its own facts. The model's single
    // output (what compile's loss sees) stays unknown.
    const each = v.k === 'arr' && !v.open && v.items.length > 1 ? v.items.map(tensorOf) : undefined;
    if (each && each.every((t) => t)) multiOutputs.set(m, each.map((t) => t!.map((f) => ({ ...f, pred: true, modelOutput: true, model: m }))));
  }
  if (!out) m.open = true;
  const inputs = prop(cfg, 'inputs');
  if (typeof inputs === 'object') {
    const t = tensorOf(inputs.value);
    // Read lazily: the input's facts are constant (tf.input), so this is safe during the walk.
    if (t) m.inputWidth = t.get().width;
  }
  m.output = out ? out.map((f) => ({ ...f, pred: true, modelOutput: true, model: m })) : TensorRef.of({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model: m });
  return ev.newModel(m);
}

const MAX_NESTED_LAYERS = 500;

/** Models some call compiled, trained or ran (a layer added after one: see 'add'). */
const used = new WeakSet<ModelInfo>();
/** The `model.pop()` calls already applied to a model. */
const popsOf = new WeakMap<ModelInfo, Set<ts.Node>>();
const USES = new Set(['compile', 'fit', 'fitDataset', 'evaluate', 'evaluateDataset', 'trainOnBatch', 'predict', 'predictOnBatch', 'apply', 'execute']);

/** The program has run: a layer added or popped afterwards (a method nobody calls, instances.ts) is
 *  added at a time we cannot order, so the models it changes are no longer known. */
export function settleModels(models: readonly ModelInfo[]): void {
  for (const m of models) if (m.layers.length > 0) used.add(m);
}

export function modelMethod(ev: Evaluator, m: ModelInfo, method: string, call: ts.CallExpression, ctx: Ctx): Value {
  // A use of a model with layers (compiling an empty one fails in tfjs).
  if (USES.has(method) && m.layers.length > 0) used.add(m);
  switch (method) {
    case 'add': {
      const v = arg(ev, call, 0, ctx);
      if (m.layers.some((l) => l.site.node === call)) return UNKNOWN;
      // A layer first reached after the model was compiled, trained or run is not surely in what
      // those used: added later in the text, in a callback (`.then`, an event handler) or another
      // method, it runs at a time we cannot order (the evaluator follows expansions, not time), so
      // the layers are no longer known. Adds before the first use (helpers called in order) count.
      if (used.has(m)) m.open = true;
      // A model added as a layer (`gan.add(discriminator)`): its layers, as they are now, in turn.
      // A model added to itself, or nested so deep its layers would not fit: unknown.
      if (v.k === 'model' && !multiOutputs.has(v.model)) {
        // A loaded model (`await tf.loadLayersModel(url)`, a base for transfer learning): one layer
        // we do not know, as a custom layer is; the layers after it still say what comes out.
        if (v.model !== m && (v.model.kind === 'opaque' || v.model.layers.length === 0) && !used.has(m)) {
          m.layers.push({ layer: undefined, site: siteOf(call), conditional: isConditional(call) });
          return UNKNOWN;
        }
        if (v.model === m || v.model.open || v.model.layers.length === 0 || m.layers.length + v.model.layers.length > MAX_NESTED_LAYERS) m.open = true;
        const conditional = isConditional(call);
        if (!m.open) for (const l of v.model.layers) m.layers.push({ ...l, conditional: l.conditional || conditional });
        return UNKNOWN;
      }
      m.layers.push({ layer: v.k === 'layer' ? v.layer : undefined, site: siteOf(call), conditional: isConditional(call) });
      return UNKNOWN;
    }
    case 'pop': {
      // `model.pop()` drops the last layer. Once per call (an expansion may run it again); after a
      // use, or where it may not run, the layers are no longer known.
      const seen = popsOf.get(m) ?? new Set<ts.Node>();
      popsOf.set(m, seen);
      if (seen.has(call)) return UNKNOWN;
      seen.add(call);
      if (used.has(m) || isConditional(call) || m.layers.length === 0) m.open = true;
      else m.layers.pop();
      return UNKNOWN;
    }
    case 'compile': compile(ev, m, call, ctx); return UNKNOWN;
    case 'fit': case 'fitDataset': {
      // A config we cannot see might carry classWeight too.
      const at = method === 'fit' ? 2 : 1;
      // (fitDataset's labels are in the dataset: not known.)
      fitTarget(m, method === 'fit' && call.arguments.length > 1 ? arg(ev, call, 1, ctx) : UNKNOWN);
      const config = call.arguments.length > at ? arg(ev, call, at, ctx) : undefined;
      if (config && prop(config, 'classWeight') !== 'absent') m.classWeighted = true;
      // A callback of the file's own that reads or saves the model it is given (`this.model.save`
      // in a tf.Callback subclass): the outputs leave for code we do not see.
      if (config && prop(config, 'callbacks') !== 'absent' && CALLBACK_READS_MODEL.test(call.getSourceFile().text)) m.outputsRead = true;
      return UNKNOWN;
    }
    case 'save':
      m.outputsRead = true;
      // Any includeOptimizer we cannot read as false may save the training config.
      if (call.arguments.length > 1) {
        const inc = prop(arg(ev, call, 1, ctx), 'includeOptimizer');
        if (inc !== 'absent' && !(typeof inc === 'object' && inc.node.kind === ts.SyntaxKind.FalseKeyword)) m.savedWithTrainingConfig = true;
      }
      return UNKNOWN;
    case 'predict': case 'predictOnBatch': case 'apply': case 'call': case 'execute': case 'executeAsync': {
      m.outputsRead = true;
      const outs = multiOutputs.get(m);
      return outs ? { k: 'arr', items: outs.map((t) => ({ k: 'tensor', t })), open: false } : { k: 'tensor', t: m.output };
    }
    default: return UNKNOWN;
  }
}

const CALLBACK_READS_MODEL = /\bextends\s+(?:tf\.)?(?:Callback|CustomCallback)\b[\s\S]*?\bthis\.model\.(?:save|predict|predictOnBatch|execute)\s*\(/;

/** Inside an if/loop/switch/ternary/try of its function: may not run, or may run differently. */
function isConditional(n: ts.Node): boolean {
  for (let p = n.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isFunctionLike(p)) return false;
    if (ts.isIfStatement(p) || ts.isConditionalExpression(p) || ts.isIterationStatement(p, false) ||
        ts.isSwitchStatement(p) || ts.isTryStatement(p) || ts.isCatchClause(p) ||
        (ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken || p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))) return true;
  }
  return false;
}

// ---------------------------------------------------------------- tensors

/**
 * A tensor op applied to `x` (`x.op(...args)`, or `tf.op(x, ...args)` with `first` = 1 so the
 * op's own arguments start after x).
 */
export function tensorMethod(ev: Evaluator, x: Value, op: string, call: ts.CallExpression, ctx: Ctx, first = 0): Value {
  const t = x.k === 'data' ? dataShape(x) : tensorOf(x) ?? TensorRef.of(UNKNOWN_FACTS);
  const opArg = (i: number) => arg(ev, call, first + i, ctx);
  switch (op) {
    case 'sigmoid':
      return { k: 'tensor', t: t.map((f) => ({ ...f, act: 'sigmoid', actSite: siteOf(call), pred: true, modelOutput: false, role: undefined, squashedFrom: squashedAgain('sigmoid', f) })) };
    case 'softmax': {
      const dim = call.arguments.length > first ? opArg(0) : { k: 'num' as const, v: -1 };
      const last = dim.k === 'num' && dim.v === -1;
      if (last) ev.emit({ type: 'softmax', site: siteOf(call), vocab: TFJS, kind: 'op', input: t });
      return { k: 'tensor', t: t.map((f) => ({ ...f, act: last ? 'softmax' : 'unknown', actSite: siteOf(call), pred: true, modelOutput: false, role: undefined })) };
    }
    case 'argMax': {
      const a = call.arguments.length > first ? opArg(0) : undefined;
      // `argMax([-1])`: tfjs reads an axis given as a list of one (parseAxisParam).
      const one = a?.k === 'arr' && !a.open && a.items.length === 1 ? a.items[0] : a;
      const axis = one === undefined ? undefined : one.k === 'num' ? one.v : null;
      ev.emit({ type: 'argmax', site: siteOf(call), vocab: TFJS, input: t, axis, form: first ? 'function' : 'method', noAxis: 'batch', perSample: axis === undefined ? usedPerSample(call) : undefined, ...(axis === undefined && comparedWithAxislessArgMax(call) ? { pairedWithAxisless: true } : {}), ...(axis === undefined ? readPerClass(call) : {}) });
      return UNKNOWN_TENSOR;
    }
    case 'round': case 'Math.round':
      ev.emit({ type: 'threshold', site: siteOf(call), vocab: TFJS, op: op === 'round' ? 'round' : 'Math.round', input: t });
      return UNKNOWN_TENSOR;
    case 'greater': case 'greaterEqual': case 'less': case 'lessEqual': {
      let thr = call.arguments[first];
      let input = t;
      // `tf.less(0.5, out)`: the cut written first, the tensor second (the same cut as `out > 0.5`).
      const y = first === 1 && x.k === 'num' && call.arguments[1] ? ev.eval(call.arguments[1], ctx) : undefined;
      const swapped = y && (y.k === 'data' ? dataShape(y) : tensorOf(y));
      if (swapped) {
        input = swapped;
        thr = call.arguments[0];
      }
      const v = thr && ev.eval(thr, ctx);
      // `out.greater(tf.scalar(0))`: the number as a tensor, broadcast; a fix rewrites the number.
      if (thr && ts.isCallExpression(thr) && /^tf\.scalar$/.test(thr.expression.getText()) && v?.k === 'num') thr = thr.arguments[0];
      // `z.less(0.5)`: the same cut, the classes named the other way round (as `p < 0.5`).
      const less = op === 'less' || op === 'lessEqual';
      // A cut at another probability (`out.greater(0.7)`) is one too (threshold-logits says what it means on logits).
      const cut = v && probabilityCut(v);
      if (cut !== undefined) ev.emit({ type: 'threshold', site: siteOf(call), vocab: TFJS, op: less || swapped ? 'compare' : op, input, thresholdSite: siteOf(thr), ...(cut !== 0.5 ? { value: cut } : {}), ...(inBand(call) ? { band: true } : {}) });
      // A cut at 0 (for logits): a decision only where the result is compared per sample.
      else if (!less && v?.k === 'num' && v.v === 0) ev.emit({ type: 'threshold', site: siteOf(call), vocab: TFJS, op, input: t, thresholdSite: siteOf(thr), value: 0, perSample: usedPerSample(call) });
      return UNKNOWN_TENSOR;
    }
  }
  if (x.k !== 'tensor' && x.k !== 'data') return UNKNOWN;
  if (IDENTITY_OPS.has(op)) return x;
  if (DATA_OPS.has(op)) return { k: 'data', t, elem: false, ...(FLAT_DATA.has(op) ? { flat: true } : {}) };
  if (SHAPE_OPS.has(op)) return { k: 'tensor', t: t.map((f) => reshaped(f, op, call, first)) };
  // Arithmetic on a prediction is still a prediction (e.g. logits / temperature), of unknown kind.
  return { k: 'tensor', t: t.map((f) => ({ ...UNKNOWN_FACTS, pred: f.pred, model: f.model })) };
}

function reshaped(f: TensorFacts, op: string, call: ts.CallExpression, first: number): TensorFacts {
  const out: TensorFacts = { ...f, modelOutput: false, width: undefined, widthSite: undefined, rank: undefined };
  if (op === 'squeeze' && f.rank === 2 && f.width === 1) out.rank = 1;
  if (op === 'reshape') {
    const shape = call.arguments[first];
    if (shape && ts.isArrayLiteralExpression(shape)) {
      out.rank = shape.elements.length;
      const last = shape.elements[shape.elements.length - 1];
      if (last && ts.isNumericLiteral(last)) { out.width = Number(last.text); out.widthSite = siteOf(call); }
    }
  }
  return out;
}

/** A number strictly between 0 and 1: a cut on probabilities. */
function probabilityCut(v: Value): number | undefined {
  return v.k === 'num' && v.v > 0 && v.v < 1 ? v.v : undefined;
}

/** dataSync()/data() give every value in one array, of unknown length: no class axis, no model
 *  output's shape (`tf.argMax(out.dataSync())` is one index into all of them, right for one
 *  sample); an element of arraySync() is one row, an axis fewer. Made into a tensor again. */
const FLAT_DATA = new Set(['dataSync', 'data', 'bufferSync', 'buffer']);

function dataShape(d: Extract<Value, { k: 'data' }>): TensorRef {
  if (!d.flat && !d.elem) return d.t;
  return d.t.map((f) => d.flat
    ? { ...f, rank: d.elem ? 0 : 1, minRank: undefined, width: undefined, widthSite: undefined, modelOutput: false }
    : { ...f, rank: f.rank !== undefined ? f.rank - 1 : undefined, minRank: undefined, modelOutput: false });
}

/** Methods on dataSync()/arraySync() results: callbacks see one element at a time. */
export function dataMethod(ev: Evaluator, d: Extract<Value, { k: 'data' }>, method: string, call: ts.CallExpression, ctx: Ctx, cbIndex = 0): Value {
  const elem: Value = { ...d, elem: true };
  if (['map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'flatMap'].includes(method)) {
    ev.callback(call.arguments[cbIndex], [elem], ctx);
    return UNKNOWN;
  }
  if (['slice', 'values'].includes(method)) return d;
  if (method === 'flat') return { ...d, flat: true };
  if (method === 'then') return ev.callback(call.arguments[0], [d], ctx);
  return UNKNOWN;
}

/** `p > 0.5`, `0.5 <= p`: a threshold when one side is 0.5 and the other is read from a tensor. */
export function thresholdCompare(ev: Evaluator, node: ts.BinaryExpression, ctx: Ctx): void {
  const l = ev.eval(node.left, ctx);
  const r = ev.eval(node.right, ctx);
  // value > 0.5, 0.5 < value, value < 0.5: all decide at probability 0.5 (0.7: at 0.7).
  const [value, thrNode, cut] = probabilityCut(r) !== undefined ? [l, node.right, probabilityCut(r)] : probabilityCut(l) !== undefined ? [r, node.left, probabilityCut(l)] : [undefined, undefined, undefined];
  if (value?.k === 'data') ev.emit({ type: 'threshold', site: siteOf(node), vocab: TFJS, op: 'compare', input: value.t, thresholdSite: thrNode && siteOf(thrNode), ...(cut !== undefined && cut !== 0.5 ? { value: cut } : {}), ...(inBand(node) ? { band: true } : {}) });
  // A cut at 0 is a decision only when it picks a class: `score > 0 ? 'spam' : 'ham'`, or a label
  // compared with the true one (`const y = score > 0 ? 1 : 0; ... y === label`), as in Python (class-cuts.ts).
  else {
    const picked = picksClass(ev, node, ctx);
    if (!picked) return;
    const [v, zero] = isZero(r) ? [l, node.right] : isZero(l) ? [r, node.left] : [undefined, undefined];
    // (`score >= 0`, `0 <= score`: 0 itself on the positive side, as the decision is then worded.)
    const k = node.operatorToken.kind;
    const inclusive = (k === ts.SyntaxKind.GreaterThanEqualsToken && zero === node.right) || (k === ts.SyntaxKind.LessThanEqualsToken && zero === node.left);
    if (v?.k === 'data') ev.emit({ type: 'threshold', site: siteOf(node), vocab: TFJS, op: inclusive ? 'greaterEqual' : 'compare', input: v.t, thresholdSite: siteOf(zero!), value: 0, perSample: 'use', ...(picked === 'words' ? { byWords: true } : {}) });
  }
}

const isZero = (v: Value) => v.k === 'num' && v.v === 0;
