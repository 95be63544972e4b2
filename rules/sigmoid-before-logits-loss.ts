// A sigmoid output fed to a loss that applies sigmoid (or softmax) itself: the model is squashed twice.
import { Rule, ruleMeta } from './engine/rule';
import { isSingleUnitCategorical, isSwapped, lossKind, lossName, subject } from './engine/judge';
import { activationMismatchFixes } from './engine/loss-fixes';

export const sigmoidBeforeLogitsLoss: Rule = {
  meta: ruleMeta('sigmoid-before-logits-loss', 'A sigmoid output goes into a loss that expects logits (sigmoidCrossEntropy / softmaxCrossEntropy).', 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (lossKind(e).expects !== 'logits' || isSwapped(e) || isSingleUnitCategorical(e)) return;
        const f = e.pred.get();
        if (f.act !== 'sigmoid' || !f.actNode) return;
        ctx.report({
          node: e.node,
          message: `${lossName(e)} expects logits, but ${subject(f)} already went through sigmoid (${ctx.at(f.actNode, e.node)}).`,
          related: [{ node: f.actNode, message: 'sigmoid applied here' }],
          ...activationMismatchFixes(ctx, e),
          model: f.model,
          loss: e.name,
        });
      },
    };
  },
};
