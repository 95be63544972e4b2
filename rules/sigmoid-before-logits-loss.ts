// A sigmoid output fed to a loss that applies sigmoid (or softmax) itself: the model is squashed twice.
import { Rule, ruleMeta } from './engine/rule';
import { activatedIntoLogitsLoss } from './engine/loss-fixes';

export const sigmoidBeforeLogitsLoss: Rule = {
  meta: ruleMeta('sigmoid-before-logits-loss', 'A sigmoid output goes into a loss that expects logits (sigmoidCrossEntropy / softmaxCrossEntropy).', 'error', 'safe'),
  create: (ctx) => ({ loss: activatedIntoLogitsLoss(ctx, 'sigmoid') }),
};
