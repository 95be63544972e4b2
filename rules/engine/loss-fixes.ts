// Fixes for a loss that receives the wrong kind of values; shared by the loss rules.
import ts = require('typescript');
import type { LossEvent } from './events';
import type { FixSpec, RuleContext } from './rule';
import { replaceCallee, replaceExpression, setActivation } from './fixes';
import { isSingleUnitCategorical, isSwapped, lossKind, lossName, subject } from './judge';

/** Probabilities into a logits loss: use the matching probability loss. */
export function activationMismatchFixes(ctx: RuleContext, e: LossEvent): { fix?: FixSpec; suggestions?: FixSpec[] } {
  const f = e.pred.get();
  if (e.via === 'compile-ref') {
    // The compile string with the activation it matches; a sigmoid into softmaxCrossEntropy has no 1:1 swap.
    const target = e.name === 'losses.sigmoidCrossEntropy' && f.act === 'sigmoid' ? 'binaryCrossentropy'
      : e.name === 'losses.softmaxCrossEntropy' && f.act === 'softmax' ? 'categoricalCrossentropy' : undefined;
    if (target) return { fix: { title: `Use the loss '${target}', which expects probabilities`, safe: true, edits: [replaceExpression(e.node, `'${target}'`)] } };
  }
  if (e.via === 'call' && e.call && e.name === 'losses.sigmoidCrossEntropy' && f.act === 'sigmoid' && e.call.arguments.length === 2) {
    const logLoss = ctx.tfName(e.node, 'losses.logLoss');
    if (logLoss) return { suggestions: [{ title: `Use ${logLoss}, which expects probabilities`, safe: false, edits: [replaceCallee(e.call, logLoss)] }] };
  }
  return {};
}

/** Logits into a probability loss: use the logits loss, or add the activation to the output layer. */
export function logitsMismatchFixes(ctx: RuleContext, e: LossEvent): { fix?: FixSpec; suggestions?: FixSpec[] } {
  const f = e.pred.get();
  const suggestions: FixSpec[] = [];
  let fix: FixSpec | undefined;
  const logitsLoss = e.name === 'binaryCrossentropy' ? 'losses.sigmoidCrossEntropy' : e.name === 'categoricalCrossentropy' ? 'losses.softmaxCrossEntropy' : undefined;
  if (e.via === 'compile-string' && logitsLoss) {
    const ref = ctx.tfName(e.node, logitsLoss);
    // tf.losses.* return the batch mean already, so fit()'s classWeight would no longer weight it.
    const spec = ref && { title: `Use ${ref}, which expects logits`, safe: !e.model?.classWeighted, edits: [replaceExpression(e.node, ref)] };
    if (spec && spec.safe) fix = spec;
    else if (spec) suggestions.push(spec);
  }
  if (e.via === 'call' && e.call && e.name === 'losses.logLoss' && e.call.arguments.length <= 3) {
    const ref = ctx.tfName(e.node, 'losses.sigmoidCrossEntropy');
    if (ref) fix = { title: `Use ${ref}, which expects logits`, safe: true, edits: [replaceCallee(e.call, ref)] };
  }
  // Adding the activation changes what predict() returns, so it is only ever a suggestion.
  const act = e.name === 'binaryCrossentropy' || e.name === 'losses.logLoss' || e.name === 'metrics.binaryCrossentropy' ? 'sigmoid' : 'softmax';
  const layerCall = f.actNode && (ts.isCallExpression(f.actNode) ? f.actNode : f.actNode.parent?.parent);
  const edit = layerCall && setActivation(layerCall, act);
  if (edit) suggestions.push({ title: `Add activation '${act}' to the output layer`, safe: false, edits: [edit] });
  return { fix, suggestions };
}

/** The loss handler shared by sigmoid-before-logits-loss and softmax-before-logits-loss: a tensor
 *  that already went through `act` reaches a loss that applies sigmoid/softmax itself. */
export function activatedIntoLogitsLoss(ctx: RuleContext, act: 'sigmoid' | 'softmax'): (e: LossEvent) => void {
  return (e) => {
    if (lossKind(e).expects !== 'logits' || isSwapped(e) || isSingleUnitCategorical(e)) return;
    const f = e.pred.get();
    if (f.act !== act || !f.actNode) return;
    ctx.report({
      node: e.node,
      message: `${lossName(e)} expects logits, but ${subject(f)} already went through ${act} (${ctx.at(f.actNode, e.node)}).`,
      related: [{ node: f.actNode, message: `${act} applied here` }],
      ...activationMismatchFixes(ctx, e),
      model: f.model,
      loss: e.name,
    });
  };
}
