// A sigmoid output fed to a loss that applies sigmoid (or softmax) itself: the model is squashed twice.
import { Rule, ruleMeta } from './engine/core/rule';
import { activatedIntoLogitsLoss } from './engine/core/activated-loss';

export const sigmoidBeforeLogitsLoss: Rule = {
  meta: ruleMeta('sigmoid-before-logits-loss', 'A sigmoid output goes into a loss that expects logits (sigmoidCrossEntropy, BCEWithLogitsLoss, from_logits=True).', 'error', 'safe'),
  create: (ctx) => ({ loss: activatedIntoLogitsLoss(ctx, 'sigmoid') }),
};
