// Raw logits fed to a loss that expects probabilities: it clips them to [eps, 1-eps] (or takes
// their log), so most of the signal is lost or the loss is NaN.
import { Rule, ruleMeta } from './engine/rule';
import { isSingleUnitCategorical, isSwapped, lossKind, lossName, subject } from './engine/judge';
import { logitsMismatchFixes } from './engine/loss-fixes';

export const logitsIntoProbabilityLoss: Rule = {
  meta: ruleMeta('logits-into-probability-loss', "Raw logits go into a loss that expects probabilities ('binaryCrossentropy', 'categoricalCrossentropy', logLoss, ...).", 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (lossKind(e).expects !== 'probabilities' || isSwapped(e) || isSingleUnitCategorical(e)) return;
        const f = e.pred.get();
        if (f.act !== 'logits' || !f.actNode) return;
        ctx.report({
          node: e.node,
          message: `${lossName(e)} expects probabilities, but ${subject(f)} is raw logits: the output layer has no activation (${ctx.at(f.actNode, e.node)}).`,
          related: [{ node: f.actNode, message: 'output layer without activation (logits)' }],
          ...logitsMismatchFixes(ctx, e),
          model: f.model,
          loss: e.name,
        });
      },
    };
  },
};
