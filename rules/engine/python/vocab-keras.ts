// Keras's vocabulary: names in messages and fix text (filled in below).
import type { Vocabulary } from '../core/vocab';

export const kerasVocab: Vocabulary = {
  framework: 'keras',
  argmax: 'argmax',
  lossArguments: () => '(y_true, y_pred)',
  switchLoss: () => undefined,
  removeActivation: () => undefined,
  addActivation: () => undefined,
  argmaxLastAxis: () => undefined,
  argmaxToThreshold: () => undefined,
  softmaxToSigmoid: () => undefined,
  thresholdOnLogits: () => ({ suggestions: [] }),
  swapArguments: () => undefined,
  accuracyOnLogits: () => undefined,
};
