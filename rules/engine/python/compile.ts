// model.compile(loss=..., metrics=[...]): Keras calls the loss as loss(y_true, y_pred) with the
// model's output, and 'accuracy' resolves against that loss. A user-defined loss function is run
// with (labels, the model's output) so the losses it calls see the real prediction.
import type { SyntaxNode as Node } from './syntax-tree';
import type { ModelInfo } from '../core/facts';
import { TensorRef, UNKNOWN_FACTS, noteLoss } from '../core/facts';
import { PyValue, tensor } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { compileMetric, effectiveDef, isRegressionApi, isRegressionString, lossRef, lossString } from './losses';
import { runFunction } from './statements';
import { kerasVocab } from './vocab-keras';
import { findMember } from './objects';
import { callLossInstance } from './loss-classes';
import { noteLossUser } from './shared-losses';

/** loss=[x], loss=(x,) or loss={'out': x} for a model with one output: x (Keras applies it to that
 *  output). A model with several outputs is not read here: its output is not one tensor. */
function oneLoss(v: PyValue, node: Node): [PyValue, Node] {
  const items = node.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  if (v.k === 'seq' && !v.open && v.items.length === 1 && items.length === 1) return [v.items[0], items[0]];
  const value = items.length === 1 && items[0].type === 'pair' ? items[0].childForFieldName('value') : null;
  if (v.k === 'dict' && v.entries.size === 1 && value) return [[...v.entries.values()][0], value];
  return [v, node];
}

export function compile(it: Interp, m: ModelInfo, c: CallSite): void {
  const file = c.frame.module.file;
  const loss = arg(c, 1, 'loss');
  const labels = TensorRef.of({ ...UNKNOWN_FACTS, role: 'labels' });
  if (loss?.node) {
    const [v, node] = oneLoss(loss.value, loss.node);
    const site = it.site(node, file);
    let resolved: Extract<PyValue, { k: 'loss' }> | undefined;
    let via: 'compile-string' | 'compile-ref' = 'compile-ref';
    if (v.k === 'const' && typeof v.v === 'string') {
      resolved = lossString(v.v, site);
      via = 'compile-string';
      if (isRegressionString(v.v)) noteLoss(m, v.v, undefined);
    } else if (v.k === 'loss') resolved = v;
    else if (v.k === 'regression') noteLoss(m, v.name, undefined);
    else if (v.k === 'api') {
      const r = lossRef(v.name, site);
      if (r.k === 'loss') resolved = r;
      else if (isRegressionApi(v.name)) noteLoss(m, v.name, undefined);
    } else if (v.k === 'function' || (v.k === 'instance' && v.obj.cls.lossBase)) {
      // Keras calls it as fn(y_true, y_pred); a Loss subclass: its own call(), else its base loss.
      const args = { pos: [tensor({ ...UNKNOWN_FACTS, role: 'labels' }), tensor(m.output)], posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false };
      const call: CallSite = { node: loss.node, site, args, frame: c.frame };
      if (v.k === 'function') runFunction(it, v.fn, v.self, call, c.frame);
      else if (findMember(v.obj.cls, 'call')) callLossInstance(it, v, call);
      else resolved = v.obj.loss;
    }
    if (resolved) {
      noteLossUser(resolved.site, m);
      const def = effectiveDef(resolved);
      it.emit({ type: 'loss', site, vocab: def.vocab, name: def.name, kind: def.kind, via, lossSite: resolved.site, labels, pred: m.output, model: m });
    }
  }
  const metrics = arg(c, 2, 'metrics');
  if (!metrics?.node || metrics.value.k !== 'seq' || metrics.value.open) return;
  const nodes = metrics.node.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  metrics.value.items.forEach((item, i) => {
    const node = nodes[i];
    const site = node ? it.site(node, file) : it.site(metrics.node!, file);
    const metric = compileMetric(item, site);
    if (!metric) return;
    // Keras (2 and 3, compile_utils) resolves 'accuracy' from the output's last dimension alone,
    // whatever the loss: so the event names no loss, and one unit is what makes it binary.
    it.emit({ type: 'metric', site, vocab: kerasVocab, name: metric.name, binary: metric.binary, alias: metric.alias, pred: m.output, model: m });
  });
}
