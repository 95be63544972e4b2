// tfjs resolves 'accuracy' on a 1-unit output (or with binaryCrossentropy) to binaryAccuracy, which
// thresholds at 0.5 — a probability threshold applied to logits.
import { Rule, ruleMeta } from './engine/rule';
import { ACCURACY_ALIASES, BINARY_ACCURACY } from './engine/tfjs';
import { isClassifier } from './engine/judge';

export const accuracyMetricOnLogits: Rule = {
  meta: ruleMeta('accuracy-metric-on-logits', "metrics: ['accuracy'] on a 1-unit logits output thresholds logits at 0.5.", 'warn', 'none'),
  create(ctx) {
    return {
      metric(e) {
        const f = e.pred.get();
        // A linear output trained with a regression loss is not logits (MSE on 0/1 targets is fine).
        if (f.act !== 'logits' || !f.actNode || !isClassifier(f.model)) return;
        const binary = BINARY_ACCURACY.has(e.name) ||
          (ACCURACY_ALIASES.has(e.name) && (f.width === 1 || e.lossName === 'binaryCrossentropy'));
        if (!binary) return;
        ctx.report({
          node: e.node,
          message: `This accuracy is binaryAccuracy, which thresholds predictions at 0.5, but the model outputs logits (${ctx.at(f.actNode, e.node)}): it counts logit > 0.5 (probability 0.62) as positive, so the reported accuracy is wrong.`,
          related: [{ node: f.actNode, message: 'output layer without activation (logits)' }],
          model: f.model,
          decision: 'binaryAccuracy (threshold 0.5)',
        });
      },
    };
  },
};
