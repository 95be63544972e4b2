// A softmax output fed to a loss that applies softmax (or sigmoid) itself.
import { Rule, ruleMeta } from './engine/rule';
import { isSingleUnitCategorical, isSwapped, lossKind, lossName, subject } from './engine/judge';
import { activationMismatchFixes } from './engine/loss-fixes';

export const softmaxBeforeLogitsLoss: Rule = {
  meta: ruleMeta('softmax-before-logits-loss', 'A softmax output goes into a loss that expects logits (softmaxCrossEntropy / sigmoidCrossEntropy).', 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (lossKind(e).expects !== 'logits' || isSwapped(e) || isSingleUnitCategorical(e)) return;
        const f = e.pred.get();
        if (f.act !== 'softmax' || !f.actNode) return;
        ctx.report({
          node: e.node,
          message: `${lossName(e)} expects logits, but ${subject(f)} already went through softmax (${ctx.at(f.actNode, e.node)}).`,
          related: [{ node: f.actNode, message: 'softmax applied here' }],
          ...activationMismatchFixes(ctx, e),
          model: f.model,
          loss: e.name,
        });
      },
    };
  },
};
