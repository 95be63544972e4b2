// A softmax output fed to a loss that applies softmax (or sigmoid) itself.
import { Rule, ruleMeta } from './engine/core/rule';
import { activatedIntoLogitsLoss } from './engine/core/activated-loss';

export const softmaxBeforeLogitsLoss: Rule = {
  meta: ruleMeta('softmax-before-logits-loss', 'A softmax output goes into a loss that expects logits (softmaxCrossEntropy, CrossEntropyLoss, from_logits=True).', 'error', 'safe'),
  create: (ctx) => ({ loss: activatedIntoLogitsLoss(ctx, 'softmax') }),
};
