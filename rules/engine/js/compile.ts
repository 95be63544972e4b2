// model.compile({ loss, metrics }) in tfjs: the loss applied to each output (a string, a tf.losses
// reference or a function of the project's), and the metrics read with the loss they resolve by.
import ts = require('typescript');
import { fittedTarget, noteLoss } from '../core/facts';
import type { Ctx, Interp as Evaluator } from './interp';
import { ModelInfo, TensorRef, UNKNOWN_FACTS, Value } from './values';
import { ACCURACY_ALIASES, BINARY_ACCURACY, LOSSES } from './tfjs';
import type { LossKind } from '../core/losses';
import { siteOf } from './sites';
import { TFJS } from './vocab';
import { multiOutputs } from './tfcalls';
import { arg, prop } from './config-values';

/** The labels (y) each fit() gave a model of one output since its last compile. */
const fitTargets = new WeakMap<ModelInfo, Value[]>();

/** `model.fit(x, y)`: y goes to the last compile's loss. */
export function fitTarget(m: ModelInfo, y: Value): void {
  fitTargets.get(m)?.push(y);
}

export function compile(ev: Evaluator, m: ModelInfo, call: ts.CallExpression, ctx: Ctx): void {
  const cfg = arg(ev, call, 0, ctx);
  const unknown = TensorRef.of({ ...UNKNOWN_FACTS, role: 'labels' });
  // A loss that reads its target as probabilities (KL divergence) is judged on what fit() gives it.
  const targets: Value[] = [];
  if (multiOutputs.has(m)) fitTargets.delete(m);
  else fitTargets.set(m, targets);
  const fitted = new TensorRef(() => fittedTarget(targets.map((y) => (y.k === 'tensor' ? y.t.get() : undefined))));
  const labels = (kind: LossKind) => (kind.probabilityTarget && !multiOutputs.has(m) ? fitted : unknown);
  const loss = prop(cfg, 'loss');
  let lossName: string | undefined;
  // A model with several outputs: one loss applies to each of them, a list pairs with them in order.
  // (A dict keyed by output layer names is not read: the layers' names are not followed.)
  const outs = multiOutputs.get(m);
  const applyLoss = (v: Value, node: ts.Node, pred: TensorRef) => {
    const site = siteOf(node);
    if (v.k === 'str' && LOSSES[v.v]) {
      ev.emit({ type: 'loss', name: v.v, kind: LOSSES[v.v], via: 'compile-string', site, lossSite: site, labels: labels(LOSSES[v.v]), pred, model: m, vocab: TFJS });
    } else if (v.k === 'str') {
      noteLoss(m, v.v, undefined);
    } else if (v.k === 'tf' && LOSSES[v.path]) {
      ev.emit({ type: 'loss', name: v.path, kind: LOSSES[v.path], via: 'compile-ref', site, lossSite: site, labels: labels(LOSSES[v.path]), pred, model: m, vocab: TFJS });
    } else if (v.k === 'fn') {
      // tfjs calls a compile loss as (yTrue, yPred), whatever its parameters are called.
      ev.apply(v, [{ k: 'tensor', t: unknown }, { k: 'tensor', t: pred }], ctx);
    }
  };
  if (typeof loss === 'object') {
    const v = loss.value;
    if (v.k === 'str') lossName = v.v;
    const items = ts.isArrayLiteralExpression(loss.node) ? loss.node.elements : undefined;
    if (outs && v.k === 'arr' && !v.open && items && v.items.length === outs.length) v.items.forEach((item, i) => applyLoss(item, items[i], outs[i]));
    else if (outs && v.k !== 'arr') for (const out of outs) applyLoss(v, loss.node, out);
    // One output: a list of one loss is that loss (tfjs checks the list's length against the outputs).
    else if (!outs && v.k === 'arr' && !v.open && items && v.items.length === 1) applyLoss(v.items[0], items[0], m.output);
    else if (!outs) applyLoss(v, loss.node, m.output);
  }
  const metrics = prop(cfg, 'metrics');
  if (typeof metrics === 'object' && metrics.value.k === 'arr') {
    const nodes = ts.isArrayLiteralExpression(metrics.node) ? metrics.node.elements : undefined;
    metrics.value.items.forEach((item, i) => {
      const node = nodes?.[i] ?? metrics.node;
      const name = item.k === 'str' ? item.v : item.k === 'tf' ? item.path : undefined;
      if (name) emitMetric(ev, name, node, m, lossName);
    });
  } else if (typeof metrics === 'object' && metrics.value.k === 'str') {
    emitMetric(ev, metrics.value.v, metrics.node, m, lossName);
  } else if (typeof metrics === 'object') {
    // Per output (`{ out: ['accuracy'] }`) or a value we do not know: not read (vocab.ts asks).
    m.metricsUnread = true;
  }
}

/** 'accuracy' resolves to binaryAccuracy for the compile string 'binaryCrossentropy' (or one unit). */
function emitMetric(ev: Evaluator, name: string, node: ts.Node, m: ModelInfo, lossName: string | undefined): void {
  const loss = lossName !== undefined ? { name: lossName, kind: LOSSES[lossName] } : undefined;
  ev.emit({ type: 'metric', name, binary: BINARY_ACCURACY.has(name), alias: ACCURACY_ALIASES.has(name), site: siteOf(node), vocab: TFJS, pred: m.output, loss, model: m });
}
