// 0.5 is a probability threshold; on logits it means probability sigmoid(0.5) = 0.62.
import { Rule, ruleMeta } from './engine/core/rule';
import { isClassifier } from './engine/core/judge';

export const thresholdLogits: Rule = {
  meta: ruleMeta('threshold-logits', 'round() / greater(0.5) / > 0.5 on logits thresholds at the wrong point.', 'warn', 'safe'),
  create(ctx) {
    return {
      threshold(e) {
        const f = e.input.get();
        if (f.act !== 'logits' || !f.actSite || !isClassifier(f.model)) return;
        const { fix, suggestions } = e.vocab.thresholdOnLogits(e);
        const how = e.op === 'round' || e.op === 'Math.round' ? 'Rounding' : 'Thresholding at 0.5';
        ctx.report({
          site: e.site,
          message: `${how} treats these values as probabilities, but they are logits: the output layer has no activation (${ctx.at(f.actSite, e.site)}). On logits, 0.5 means probability 0.62; compare with 0, or apply sigmoid first.`,
          related: [{ site: f.actSite, message: 'output layer without activation (logits)' }],
          fix,
          suggestions,
          model: f.model,
          decision: e.op === 'compare' ? '> 0.5' : e.op === 'Math.round' ? 'Math.round' : `${e.op}(${e.op === 'round' ? '' : '0.5'})`,
        });
      },
    };
  },
};
