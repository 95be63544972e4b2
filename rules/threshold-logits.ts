// 0.5 is a probability threshold; on logits it means probability sigmoid(0.5) = 0.62.
import { Rule, ruleMeta, type RuleContext } from './engine/core/rule';
import type { ThresholdEvent } from './engine/core/events';
import type { TensorFacts } from './engine/core/facts';
import { isClassifier, ownLosses, trainedWithSoftmax, noActivation, noActivationHere, sigmoidGoes } from './engine/core/judge';
import { sameSite } from './engine/core/site';
import { fixAndSuggestions } from './engine/core/activated-loss';

export const thresholdLogits: Rule = {
  meta: ruleMeta('threshold-logits', 'round() / greater(0.5) / > 0.5 on logits thresholds at the wrong point.', 'warn', 'safe'),
  create(ctx) {
    return {
      threshold(e) {
        // A cut at 0 is the logits' own (zero-threshold-on-probabilities judges it on probabilities).
        if (e.value === 0) return;
        const f = e.input.get();
        if (f.act === 'sigmoid' && f.over) return sigmoidOfSoftmaxLogits(ctx, e, f);
        if (f.act !== 'logits' || !f.actSite || !isClassifier(f.model, f.widthSite, f.actSite)) return;
        // Rounding scaled values (`round(p * 100)`, a percentage shown) quantizes them into steps,
        // it decides nothing, and neither rewrite would keep what the code computes.
        if (f.scaled && (e.op === 'round' || e.op === 'Math.round')) return;
        // Trained through a clip into [0, 1] by a loss that takes probabilities, it learns values
        // there and 0.5 is their cut (the clip is logits-into-probability-loss's finding).
        if (f.model!.losses.some((l) => l.clippedToUnit) && !f.model!.losses.some((l) => l.kind?.expects === 'logits')) return;
        // A width branch's threshold is for one unit: a wider output takes the other branch.
        if (e.widthBranch && f.width !== undefined && f.width > 1) return;
        const v = e.value ?? 0.5;
        // Only 0.5 has an exact twin on logits that a fix can write: 0.
        // Another model's probabilities reach the same comparison: no rewrite is right for both.
        // (Not on values clipped at or above 0, `np.clip(z, 0.025, 0.975) > 0.5`: a cut at 0 there decides
        // nothing, and at 0 `>= 0` takes every one.)
        const floored = f.clipFloor !== undefined && (f.clipFloor > 0 || e.op === 'compare');
        const offered = v === 0.5 && e.otherInputs !== 'known' && !floored ? e.vocab.thresholdOnLogits(e) : { fix: undefined, suggestions: [] };
        // A fix the vocabulary marks unsafe, or made where the comparison also sees values that are
        // not logits (otherInputs), is a suggestion;
        // so is one for a model trained with a loss that takes probabilities: that finding's own
        // fix may add the activation, after which 0.5 is the right cut again.
        // (Not one given an activation of its own first: `BCELoss()(torch.sigmoid(logits), y)` is right.)
        const probabilityLoss = ownLosses(f.model, f.widthSite, f.actSite).some((l) => l.kind?.expects === 'probabilities' && (!l.act || sameSite(l.act, f.actSite)));
        // So is one bound of a band (`(0.5 <= p) & (p < 0.8)`): the other would stay a probability.
        const offeredFix = (probabilityLoss || e.otherInputs || e.band) && offered.fix ? { ...offered.fix, safe: false } : offered.fix;
        const { fix, suggestions } = fixAndSuggestions(offeredFix, ...offered.suggestions);
        const how = e.op === 'round' || e.op === 'Math.round' ? 'Rounding' : `Thresholding at ${v}`;
        const logit = Math.log(v / (1 - v));
        // Scaled logits (`z / T`, `z * 2`): the sign is kept, so 0 is still the 0.5 cut, but no other
        // number of theirs is a known probability.
        const instead = floored ? 'apply sigmoid before the clip' : v === 0.5 ? 'compare with 0' : `compare ${f.scaled ? 'the logits before their scaling ' : ''}with log(${v}/(1-${v})) = ${+logit.toFixed(3)}`;
        const means = f.scaled ? `${v} is no known probability (these logits are scaled by a number)` : `${v} means probability ${(1 / (1 + Math.exp(-v))).toFixed(2)}`;
        // Trained with a softmax over its classes (categorical cross-entropy on logits): one class's
        // logit is no sigmoid logit, so no cut on it, 0 included, is "probability 0.5": no fix. (One
        // unit under a categorical loss is categorical-loss-single-unit's finding; this one stays.)
        const softmaxTrained = trainedWithSoftmax(f);
        // Reached by another output's probabilities too (a loop over heads, one with a sigmoid): say
        // so, rather than call every value it sees logits.
        const lead = e.otherInputs === 'known' ? `This comparison sees probabilities (another output, with an activation) and logits; ${how.toLowerCase()} is right for the probabilities, not for the logits` : `${how} treats these values as probabilities, but they are logits`;
        const both = e.otherInputs === 'known' ? ' No one cut fits both: decide each output with its own.' : '';
        ctx.report({
          site: e.site,
          message: softmaxTrained
            ? `${lead} (${ctx.at(f.actSite, e.site)}) of a model trained ${probabilityLoss ? 'by a loss over its classes that expects probabilities (logits-into-probability-loss)' : 'with a softmax over its classes'}: one class's logit is no probability, not even through a sigmoid. Compare the classes (${e.vocab.argmax}), or apply softmax over them first.`
            : probabilityLoss
              // Trained by a loss that clips its input to [eps, 1 - eps] (Keras, tfjs): positives are
              // pushed above 0.5, so the cut is about right until that loss is fixed, and wrong after.
              ? `${lead}: ${noActivation(f)} (${ctx.at(f.actSite, e.site)}), and the loss it is trained with expects probabilities (logits-into-probability-loss). Once that loss takes logits, ${means} here: ${instead} then, or ${sigmoidGoes(f)} instead and keep ${v}.`
              : `${lead}: ${noActivation(f)} (${ctx.at(f.actSite, e.site)}). On logits, ${means}; ${instead}${floored ? '' : ', or apply sigmoid first'}.${both}`,
          related: [{ site: f.actSite, message: noActivationHere(f) }],
          fix: softmaxTrained ? undefined : fix,
          suggestions: softmaxTrained ? [] : suggestions,
          model: f.model,
          decision: e.op === 'compare' ? `> ${v}` : e.op === 'Math.round' ? 'Math.round' : `${e.op}(${e.op === 'round' ? '' : '0.5'})`,
        });
      },
    };
  },
};

/** `torch.sigmoid(z)[:, 1] > 0.5` on logits trained with a softmax over their classes (cross-entropy):
 *  a class's probability is softmax(z)[:, 1] = sigmoid(z1 - z0), not sigmoid(z1), so the cut is
 *  `z1 > 0` whatever z0 says, as wrong as `z[:, 1] > 0.5`. (A loss on the sigmoid's values trains
 *  them as probabilities of their own: then they are.) */
function sigmoidOfSoftmaxLogits(ctx: RuleContext, e: ThresholdEvent, f: TensorFacts): void {
  const m = f.model;
  const logits = { ...f, act: 'logits' as const, actSite: f.over };
  // Known to be several classes' logits (a width branch, `if n_classes == 1: sigmoid`, is for one).
  const width = m?.output.get().width;
  if (!m || !f.actSite || width === undefined || width < 2 || e.widthBranch) return;
  if (!isClassifier(m, f.widthSite, f.over) || !trainedWithSoftmax(logits)) return;
  if (m.losses.some((l) => l.kind && l.kind.family !== 'categorical' && l.kind.family !== 'sparse')) return;
  if ((e.op === 'round' || e.op === 'Math.round') && f.scaled) return;
  const how = e.op === 'round' || e.op === 'Math.round' ? 'Rounding' : `Thresholding at ${e.value ?? 0.5}`;
  // Over every class at once (`torch.sigmoid(out) > 0.5`) or over one class picked out.
  const what = f.width !== undefined && f.width >= 2 ? "the sigmoid of each class's logit" : "a sigmoid of one class's logit";
  const whose = f.width !== undefined && f.width >= 2 ? "each class's" : "that class's";
  ctx.report({
    site: e.site,
    message: `${how} treats ${what} (${ctx.at(f.actSite, e.site)}) as ${whose} probability, but the logits (${ctx.at(f.over!, e.site)}) are of a model trained with a softmax over its classes: one class's logit is no probability, not even through a sigmoid (the class's probability is the softmax over all of them). Compare the classes (${e.vocab.argmax}), or apply softmax over them instead of the sigmoid.`,
    related: [{ site: f.over, message: 'logits of a model trained with a softmax over its classes' }, { site: f.actSite, message: 'sigmoid of each logit alone' }],
    model: m,
  });
}
