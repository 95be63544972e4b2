// model.compile(loss=..., metrics=[...]): Keras calls the loss as loss(y_true, y_pred) with the
// model's output, and 'accuracy' resolves against that loss. A user-defined loss function is run
// with (labels, the model's output) so the losses it calls see the real prediction.
import type { SyntaxNode as Node } from './syntax-tree';
import type { ModelInfo } from '../core/facts';
import type { EngineEvent } from '../core/events';
import { TensorRef, UNKNOWN_FACTS, fittedTarget, noteLoss, noteReadingMetric } from '../core/facts';
import { PyValue, UNKNOWN, str, stringValue, tensor, type ClassDef } from './values';
import type { Interp, CallSite, Frame } from './evaluator';
import type { Site } from '../core/site';
import { arg } from './evaluator';
import { compileMetric, effectiveDef, givenToCompile, lossRef, lossString, unknownCompileMetric } from './losses';
import { nodeOf } from './edits';
import { isRegressionApi, isRegressionString } from './loss-catalogue';
import { runFunction } from './statements';
import { kerasVocab } from './vocab-keras';
import { findMember } from './objects';
import { callLossInstance } from './loss-classes';
import { noteUser } from './shared-sites';
import { outputsOf } from './keras-outputs';

/** Each Keras model's last compile(): its events, and whether the model was trained since. */
const lastCompile = new WeakMap<ModelInfo, { events: EngineEvent[]; trained: boolean }>();

/** fit(), evaluate(), train_on_batch(), ...: the compiled loss and metrics are used. */
export function trainedWith(m: ModelInfo): void {
  const last = lastCompile.get(m);
  if (last) last.trained = true;
}

/** The labels (y) each fit() gave a model since its last compile, where that compile is of one
 *  output (a list or dict of y per output is not paired with the losses here). */
const fitTargets = new WeakMap<ModelInfo, PyValue[]>();

/** `model.fit(x, y)`: y (undefined: not given, `fit(dataset)`) goes to the last compile's loss. */
export function fitTarget(m: ModelInfo, y: PyValue | undefined): void {
  fitTargets.get(m)?.push(y ?? UNKNOWN);
}

/** Keras models that are an item of another's Sequential: the models they are part of. */
const containers = new WeakMap<ModelInfo, ModelInfo[]>();

export function usedAsPart(m: ModelInfo, container: ModelInfo): void {
  if (m.framework !== 'keras') return;
  const list = containers.get(m) ?? containers.set(m, []).get(m)!;
  list.push(container);
}

/** Trained by a compiled loss (fit, train_on_batch, ...) since its last compile. */
function trainedSinceCompile(m: ModelInfo): boolean {
  return !!lastCompile.get(m)?.trained;
}

export function compile(it: Interp, m: ModelInfo, c: CallSite): void {
  // Keras keeps only the last compile: one that a later, unconditional compile replaces before any
  // training (a helper that compiles only to print a summary) was never used.
  const previous = lastCompile.get(m);
  if (previous && !previous.trained && !c.frame.cond) for (const e of previous.events) it.withdrawn.add(e);
  const from = it.events.length;
  fitTargets.delete(m);
  compileOutputs(it, m, c);
  const mine = { events: it.events.slice(from), trained: false };
  lastCompile.set(m, mine);
  // Compiled, never trained on its own, and trained as a part of another model that is trained (a
  // GAN's generator inside the combined model): this compile's loss and metrics are never used.
  it.defer(() => {
    if (lastCompile.get(m) === mine && !mine.trained && (containers.get(m) ?? []).some(trainedSinceCompile)) for (const e of mine.events) it.withdrawn.add(e);
  });
}

function compileOutputs(it: Interp, m: ModelInfo, c: CallSite): void {
  const loss = arg(c, 1, 'loss');
  const metrics = arg(c, 2, 'metrics');
  const weighted = arg(c, -1, 'weighted_metrics'); // by keyword only: its position differs in Keras 2 and 3
  // A list or dict gives each output its own loss and metrics; one value applies to all of them.
  const outputs = outputsOf(m) ?? [{ name: undefined, ref: m.output }];
  const targets: PyValue[] = [];
  if (outputs.length === 1) fitTargets.set(m, targets);
  outputs.forEach((out, i) => {
    let regression = false;
    if (loss?.node) {
      const [v, node, held] = perOutput(loss.value, loss.node, out.name, i, outputs.length);
      if (node) regression = compileLoss(it, m, c, v, node, out.ref, held, outputs.length === 1 ? targets : undefined);
    }
    for (const given of [metrics, weighted]) {
      if (!given?.node || ownSteps.has(m)) continue;
      const [v, node] = perOutput(given.value, given.node, out.name, i, outputs.length, true);
      // One list for every output (or held in a name other code may use too): its text is shared.
      if (node) compileMetrics(it, m, v, node, c.frame, out.ref, outputs.length > 1 && v === given.value, regression);
    }
  });
}

/** The loss (or metrics) of output `i` of `n`, named `name`: `{name: x}` (the only entry, for one
 *  output), `[x0, x1]` (as many as outputs), or one value for all (metrics: a flat list of metric
 *  names is for every output). */
function perOutput(v: PyValue, node: Node, name: string | undefined, i: number, n: number, metrics = false): [PyValue, Node | undefined, boolean?] {
  const items = node.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment');
  // Built elsewhere (`losses = {...}; compile(loss=losses)`): the entry, placed where it was written.
  if (v.k === 'dict' && !v.attrs && node.type !== 'dictionary') {
    const entry = name === undefined ? (n === 1 && v.entries.size === 1 ? [...v.entries.values()][0] : undefined) : v.entries.get(name);
    return entry ? [entry, node, true] : [UNKNOWN, undefined];
  }
  if (v.k === 'seq' && !v.open && v.items.length === n && !metrics && node.type !== 'list' && node.type !== 'tuple') return [v.items[i], node, true];
  if (v.k === 'dict') {
    const pairs = items.filter((p) => p.type === 'pair');
    const pair = name === undefined ? (n === 1 && pairs.length === 1 && v.entries.size === 1 ? pairs[0] : undefined)
      : pairs.find((p) => str(stringValue(p.childForFieldName('key')!)) === name);
    const value = pair?.childForFieldName('value') ?? undefined;
    const entry = name === undefined ? [...v.entries.values()][0] : v.entries.get(name);
    return value ? [entry ?? UNKNOWN, value] : [UNKNOWN, undefined];
  }
  if (v.k === 'seq' && !v.open && v.items.length === n && items.length === n && (!metrics || v.items.every((x) => x.k === 'seq'))) return [v.items[i], items[i]];
  return [v, node];
}

/** Keras applies this loss as loss(y_true, pred). Whether it is a regression loss (`loss="mse"`). */
function compileLoss(it: Interp, m: ModelInfo, c: CallSite, v: PyValue, node: Node, pred: TensorRef, held = false, targets?: PyValue[]): boolean {
  // A loss object of a list or dict held in a name (`loss=losses`): reported where it was made in
  // this file (each output's loss apart; the name in compile() is one place for all of them).
  const own = held && v.k === 'loss' && v.site.file === c.frame.module.file ? v.site : undefined;
  const site = own ?? it.site(node, c.frame.module.file);
  const labels = TensorRef.of({ ...UNKNOWN_FACTS, role: 'labels' });
  let resolved: Extract<PyValue, { k: 'loss' }> | undefined;
  let via: 'compile-string' | 'compile-ref' = 'compile-ref';
  // A regression loss trains this output (its head's layer, known once the code has run): a class
  // head beside it (`{"cls": BinaryCrossentropy(from_logits=True), "reg": "mse"}`) stays a classifier.
  let isRegression = false;
  const regression = (name: string) => {
    isRegression = true;
    it.defer(() => noteLoss(m, name, undefined, pred.get().widthSite, pred.get().actSite));
  };
  if (v.k === 'const' && typeof v.v === 'string') {
    resolved = lossString(v.v, site);
    via = 'compile-string';
    if (isRegressionString(v.v)) regression(v.v);
  } else if (v.k === 'loss') resolved = v;
  else if (v.k === 'regression') regression(v.name);
  else if (v.k === 'api') {
    const r = lossRef(v.name, site);
    if (r.k === 'loss') resolved = r;
    else if (isRegressionApi(v.name)) regression(v.name);
  } else if (v.k === 'function') {
    givenToCompile.add(v.fn);
    const before = it.lossEvents;
    runWithPrediction(it, v, node, site, pred, c.frame);
    // A loss of one's own that applies no loss we know (`mean(abs(y_true - y_pred))`): this output
    // is not known to be a classifier's (a regression head sliced beside a class head).
    if (it.lossEvents === before) it.defer(() => noteLoss(m, v.fn.name, undefined, pred.get().widthSite, pred.get().actSite));
  }
  else if (v.k === 'instance' && v.obj.cls.lossBase) {
    // A Loss subclass: its own call(), else its base loss.
    const call = findMember(v.obj.cls, 'call');
    if (call?.k === 'function') givenToCompile.add(call.fn); // Keras calls it as (y_true, y_pred), as a function given here
    if (call) callLossInstance(it, v, { node, site, args: kerasArgs(pred), frame: c.frame });
    else resolved = v.obj.loss;
  }
  if (resolved) {
    // (Models the same code made, a K-fold loop's, are one user: their twins stand for them.)
    noteUser(resolved.site, () => m.twins ?? m);
    const def = effectiveDef(resolved);
    // A loss that reads its target as probabilities (KL divergence) is judged on what fit() gives it.
    const target = def.kind.probabilityTarget && targets ? new TensorRef(() => fittedTarget(targets.map((y) => (y.k === 'tensor' ? y.ref.get() : undefined)))) : labels;
    it.emit({ type: 'loss', site, vocab: def.vocab, name: def.name, kind: def.kind, via, lossSite: resolved.site, labels: target, pred, model: m });
  }
  return isRegression;
}

/** Keras calls a loss or metric function as fn(y_true, y_pred), y_pred the model's output: run
 *  with those, the decisions and losses inside it see the real prediction. */
function runWithPrediction(it: Interp, v: Extract<PyValue, { k: 'function' }>, node: Node, site: Site, pred: TensorRef, frame: Frame): void {
  runFunction(it, v.fn, v.self, { node, site, args: kerasArgs(pred), frame }, frame);
}

function kerasArgs(pred: TensorRef): CallSite['args'] {
  return { pos: [tensor({ ...UNKNOWN_FACTS, role: 'labels' }), tensor(pred)], posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false };
}

/** `regression`: compiled with a regression loss (a recompile with "mse"): what the metrics read
 *  follows that loss, not a probability loss the model is trained with elsewhere. */
function compileMetrics(it: Interp, m: ModelInfo, value: PyValue, node: Node, frame: Frame, pred: TensorRef, forEveryOutput: boolean, regression: boolean): void {
  // One metric, not in a list: an output's own (`metrics={"cls": "accuracy"}`), or tf.keras 2's
  // `metrics="accuracy"`. Written here, it is its own item.
  const one = (value.k === 'const' && typeof value.v === 'string') || value.k === 'metric';
  if (one) value = { k: 'seq', kind: 'list', items: [value] };
  if (value.k !== 'seq' || value.open) return;
  const file = frame.module.file;
  // Written here as a list: each item's node. Built elsewhere (`metrics=METRICS`, `base + [auc]`):
  // each item where it was written in this file, so that every metric is told apart and edited there.
  const literal = one ? node.type === 'string' || node.type === 'call' : node.type === 'list' || node.type === 'tuple';
  const nodes = one ? (literal ? [node] : []) : literal ? node.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
  value.items.forEach((item, i) => {
    const at = nodes[i];
    const own = !literal && 'site' in item && item.site?.file === file ? item.site : undefined;
    const site = at ? it.site(at, file) : own ?? it.site(node, file);
    if (item.k === 'function') return runWithPrediction(it, item, at ?? node, site, pred, frame);
    const metric = compileMetric(item, site);
    if (!metric) {
      // Not known to read the outputs' order alone: what it reads changes with what they are.
      const name = unknownCompileMetric(item, at ?? (own && nodeOf(own)));
      if (name) noteReadingMetric(m, { type: 'metric', site, vocab: kerasVocab, name, binary: false, alias: false, pred, model: m });
      return;
    }
    // Keras (2 and 3, compile_utils) resolves 'accuracy' from the output's last dimension alone,
    // whatever the loss: so the event names no loss, and one unit is what makes it binary.
    it.emit({ type: 'metric', site, vocab: kerasVocab, name: metric.name, binary: metric.binary, alias: metric.alias, curve: metric.curve, zeroCut: metric.zeroCut, ...(metric.otherCut ? { otherCut: true } : {}), ...(regression ? { regressionLoss: true } : {}), pred, model: m, shared: forEveryOutput || !literal });
  });
}

/** A Keras model that trains its own way: a train_step (or compute_loss) of its own, unless the step
 *  is the canonical one that hands the model's output as it is to the compiled loss
 *  (`y_pred = self(x, training=True)` ... `self.compiled_loss(y, y_pred)`): anything else
 *  (`tf.sigmoid(self(x))`, `self.head(h)`, its own loss) is not what compile's loss is judged on. */
function ownTraining(cls: ClassDef): boolean {
  if (findMember(cls, 'compute_loss')?.k === 'function') return true;
  const step = findMember(cls, 'train_step');
  if (step?.k !== 'function') return false;
  const text = step.fn.node.text;
  const out = /^[ \t]*(\w+)\s*=\s*self\s*\([^()]*\)[ \t]*$/m.exec(text)?.[1];
  // Assigned once: `y_pred = tf.sigmoid(y_pred)` after it is not the model's output any more.
  if (!out || (text.match(new RegExp(`^[ \\t]*${out}\\s*(?:[-+*/]|\\*\\*|//)?=(?!=)`, 'gm')) ?? []).length !== 1) return true;
  const fed = new RegExp(`(?:compiled_loss|self\\.loss)\\s*\\(\\s*\\w+\\s*,\\s*${out}\\s*[,)]|compute_loss\\s*\\([^)]*\\by_pred\\s*=\\s*${out}\\s*[,)]|compute_loss\\s*\\(\\s*\\w+\\s*,\\s*\\w+\\s*,\\s*${out}\\s*[,)]`);
  return !fed.test(text);
}

/** `compile()` of a model that trains its own way: not what trains it. evaluate()'s default
 *  test_step (or the step's compiled_metrics) still applies the compiled loss and metrics to the
 *  output as it is: removing its activation changes what they read. */
export function compiledForOwnTraining(it: Interp, cls: ClassDef, m: ModelInfo, c: CallSite): boolean {
  if (!ownTraining(cls)) return false;
  if (c.args.pos.length > 1 || c.args.kw.has('loss') || c.args.kw.has('metrics') || c.args.kw.has('weighted_metrics') || c.args.splat) it.probabilityReads.push(m.output);
  return true;
}

/** Models whose class gives the compiled metrics what it likes (`self.compiled_metrics.update_state(y,
 *  tf.sigmoid(logits))`) in a compute_metrics of its own, or in both its train_step and test_step
 *  (with one of them Keras' own, fit() or evaluate() feeds them the output as it is): the metrics
 *  are not judged on the output. */
const ownSteps = new WeakSet<ModelInfo>();

export function noteOwnSteps(cls: ClassDef, m: ModelInfo): void {
  const own = (n: string) => findMember(cls, n)?.k === 'function';
  if (own('compute_metrics') || (own('train_step') && own('test_step'))) ownSteps.add(m);
}
