// 0 is the logits' cut (sigmoid(0) = 0.5). On probabilities, which never go below 0, it puts every
// sample on the same side: every prediction is class 1, and the accuracy is the share of 1 labels.
import { Rule, ruleMeta, type RuleContext } from './engine/core/rule';
import type { MetricEvent, ThresholdEvent } from './engine/core/events';
import type { TensorFacts } from './engine/core/facts';
import { sameSite, type Site } from './engine/core/site';
import { isClassifier } from './engine/core/judge';
import { fixAndSuggestions } from './engine/core/activated-loss';

export const zeroThresholdOnProbabilities: Rule = {
  meta: ruleMeta('zero-threshold-on-probabilities', '> 0 / greater(0) / BinaryAccuracy(threshold=0.0) on probabilities puts every sample in class 1.', 'error', 'safe'),
  create(ctx) {
    return {
      threshold(e) {
        if (e.value === undefined) return secondSigmoid(ctx, e);
        // A cut at 0 is also a mask (`p[p > 0]`) or a check (`(p >= 0).all()`): only one compared
        // with labels or given to a metric is known to be a decision; 0 as one end of a sweep of
        // thresholds is chosen.
        if (e.value !== 0 || e.perSample !== 'use' || e.sweep) return;
        const f = e.input.get();
        const what = probabilities(f);
        // A model trained only with regression losses (a sigmoid head under MSE): its 0 may be any cut.
        if (!what || (f.model && !isClassifier(f.model))) return;
        const at = ctx.at(f.actSite!, e.site);
        const root = logitsLossOn(f);
        const classes = what === 'softmax'; // over several classes (probabilities() leaves out one)
        const advice = root
          ? ` These values also go into ${root.kind?.display ?? root.name}, which takes logits (sigmoid-before-logits-loss): once that is fixed, 0 is the right cut if the ${what} goes, 0.5 if the loss changes.`
          : classes
            ? ` Compare the classes (${e.vocab.argmax}) instead.`
            : ' Compare with 0.5.';
        // No rewrite where the comparison also sees other values, where it is one bound of a band, or
        // where the values also feed a logits loss (which cut is right depends on how that is fixed).
        // (Probabilities remapped, `p * 0.5`: their 0.5 is no longer the probabilities' own cut.)
        const edit = root || classes || e.otherInputs || e.band || f.remapped ? undefined : e.vocab.thresholdAtHalf(e.thresholdSite);
        // Branches that only say two words (`"ok"` / `"underflow"`) may be a guard's: offered, not applied.
        const [fix, suggestions] = e.byWords && edit ? [undefined, [{ ...edit, safe: false }]] : [edit, undefined];
        ctx.report({
          site: e.site,
          message: `Comparing with 0 is the cut for logits, but these values are probabilities: ${what} output (${at}). A probability is never below 0, so this cut gives every sample the same class, whatever the model learned.${advice}`,
          related: [{ site: f.actSite, message: `${what} output (probabilities)` }],
          fix,
          ...(suggestions ? { suggestions } : {}),
          model: f.model,
          decision: e.op === 'greaterEqual' ? '>= 0' : '> 0',
        });
      },
      metric(e) {
        if (!e.zeroCut) return;
        const f = e.pred.get();
        if (e.sigmoidsLogits && f.act === 'logits') return sigmoidThenZero(ctx, e);
        if (probabilities(f) !== 'sigmoid' || (f.model && !isClassifier(f.model))) return;
        // A metric that applies a sigmoid to logits itself cuts probabilities, however the loss is fixed.
        const root = e.sigmoidsLogits ? undefined : logitsLossOn(f);
        const at = ctx.at(f.actSite!, e.site);
        ctx.report({
          ...onMetric(e),
          message: `${e.name} with threshold 0 cuts at 0, a threshold for logits, but the model outputs probabilities: sigmoid output (${at}). Every prediction counts as positive, so the reported ${e.name} is wrong.${root ? ` The loss, ${root.kind?.display ?? root.name}, takes logits (sigmoid-before-logits-loss): once that is fixed, threshold 0 is right if the sigmoid goes, 0.5 if the loss changes.` : ' Use threshold 0.5 (the default).'}`,
          related: [{ site: f.actSite, message: 'sigmoid output (probabilities)' }, ...onMetric(e).related],
          fix: root || f.remapped ? undefined : e.vocab.thresholdAtHalf(e.zeroCut),
          model: f.model,
          decision: '> 0',
        });
      },
    };
  },
};

/** `torch.round(torch.sigmoid(p))`, `tf.sigmoid(probs) > 0.5` on probabilities: sigmoid(p) > 0.5
 *  exactly when p > 0, so this is the same cut at 0 of the probabilities, written another way. */
function secondSigmoid(ctx: RuleContext, e: ThresholdEvent): void {
  const f = e.input.get();
  // Whatever the model was trained for: a sigmoid of probabilities is above 0.5 (a regression head's
  // outputs in (0, 1) included).
  if (f.act !== 'sigmoid' || !f.squashedFrom || !f.actSite || !f.model) return;
  const { act: inner, site: first } = f.squashedFrom;
  // The first activation given to a loss that takes logits is the mistake (its finding is the
  // loss's): once it goes, this sigmoid is the right one and so is the cut. (A loss on the logits
  // before the first sigmoid says nothing of it.)
  if (f.model.losses.some((l) => l.kind?.expects === 'logits' && sameSite(l.act, first))) return;
  const how = e.op === 'round' || e.op === 'Math.round' ? 'Rounding' : 'Thresholding at 0.5';
  const { fix, suggestions } = fixAndSuggestions(e.otherInputs || e.band ? undefined : e.vocab.removeActivation(f, 'the values already are probabilities'));
  ctx.report({
    site: e.site,
    message: `${how} after a second sigmoid (${ctx.at(f.actSite, e.site)}) cuts these probabilities at 0: they already are the ${inner} output (${ctx.at(first, e.site)}), so the sigmoid puts every one of them between 0.5 and 0.73 and the cut gives every sample class 1, whatever the model learned. Remove the second sigmoid and compare the probabilities with 0.5.`,
    related: [
      { site: first, message: `${inner} output (probabilities)` },
      { site: f.actSite, message: 'sigmoid applied again' },
    ],
    fix,
    suggestions,
    model: f.model,
    // The numeric check replays the same cut: at 0 on the probabilities.
    decision: '> 0',
  });
}

/** torchmetrics' `BinaryAccuracy(threshold=0.0)` on logits: it applies a sigmoid to them before its
 *  cut, so 0 is no logits' cut there and every prediction counts as positive; 0.5, its default, is
 *  the cut meant (logit 0). */
function sigmoidThenZero(ctx: RuleContext, e: MetricEvent): void {
  const f = e.pred.get();
  if (!f.actSite || !isClassifier(f.model, f.widthSite, f.actSite)) return;
  ctx.report({
    ...onMetric(e),
    message: `${e.name} with threshold 0 counts every prediction as positive: it applies a sigmoid to predictions outside [0, 1], as these logits are (${ctx.at(f.actSite, e.site)}), before cutting them, so its threshold is a probability's and every probability is above 0. Use threshold 0.5 (the default), the logits' cut at 0.`,
    related: [{ site: f.actSite, message: 'output layer without activation (logits)' }, ...onMetric(e).related],
    fix: e.vocab.thresholdAtHalf(e.zeroCut),
    model: f.model,
  });
}

/** A metric made with threshold 0 (`f1 = BinaryF1Score(threshold=0.0)`, then `f1.update(out, y)`) is
 *  reported where it is made, the threshold written there, the fix's place; the use is related. */
function onMetric(e: MetricEvent): { site: Site; related: Array<{ site: Site; message: string }> } {
  const made = e.madeAt && !sameSite(e.madeAt, e.site) ? e.madeAt : undefined;
  return { site: made ?? e.site, related: made ? [{ site: e.site, message: 'given these predictions here' }] : [] };
}

/** Which activation made these values probabilities (one unit's softmax is softmax-single-unit's). */
function probabilities(f: TensorFacts): 'sigmoid' | 'softmax' | undefined {
  if (!f.actSite) return undefined;
  if (f.act === 'sigmoid') return 'sigmoid';
  return f.act === 'softmax' && f.width !== 1 ? 'softmax' : undefined;
}

/** Where a loss that takes logits was given these very values (the activation is the mistake). */
function logitsLossOn(f: TensorFacts) {
  return f.model?.losses.find((l) => l.kind?.expects === 'logits' && sameSite(l.act, f.actSite));
}
