// A softmax output fed to a loss that applies softmax (or sigmoid) itself.
import { Rule, ruleMeta } from './engine/rule';
import { activatedIntoLogitsLoss } from './engine/loss-fixes';

export const softmaxBeforeLogitsLoss: Rule = {
  meta: ruleMeta('softmax-before-logits-loss', 'A softmax output goes into a loss that expects logits (softmaxCrossEntropy / sigmoidCrossEntropy).', 'error', 'safe'),
  create: (ctx) => ({ loss: activatedIntoLogitsLoss(ctx, 'softmax') }),
};
