// 'accuracy' on a 1-unit output (or with binary cross-entropy) resolves to a binary accuracy that
// thresholds at 0.5 — a probability threshold applied to logits.
import { Rule, ruleMeta } from './engine/core/rule';
import { compiledLoss, isBinaryAccuracy, isClassifier, probabilityLossOnLogits } from './engine/core/judge';

export const accuracyMetricOnLogits: Rule = {
  meta: ruleMeta('accuracy-metric-on-logits', "metrics: ['accuracy'] on a 1-unit logits output thresholds logits at 0.5.", 'warn', 'suggestion'),
  create(ctx) {
    return {
      metric(e) {
        const f = e.pred.get();
        // A linear output trained with a regression loss is not logits (MSE on 0/1 targets is fine).
        if (f.act !== 'logits' || !f.actSite || !isClassifier(f.model)) return;
        if (!isBinaryAccuracy(e, f)) return;
        // Compiled with a loss that expects probabilities: that loss's finding is the root cause.
        if (probabilityLossOnLogits(compiledLoss(e, f), f.width)) return;
        const fix = e.vocab.accuracyOnLogits(e);
        ctx.report({
          site: e.site,
          message: `This accuracy is ${e.vocab.binaryAccuracy ?? 'binary accuracy'}, which thresholds predictions at 0.5, but the model outputs logits (${ctx.at(f.actSite, e.site)}): it counts logit > 0.5 (probability 0.62) as positive, so the reported accuracy is wrong.`,
          related: [{ site: f.actSite, message: 'output layer without activation (logits)' }],
          suggestions: fix ? [fix] : [],
          model: f.model,
          decision: `${e.vocab.binaryAccuracy ?? 'binary accuracy'} (threshold 0.5)`,
        });
      },
    };
  },
};
