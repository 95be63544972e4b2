// PyTorch's vocabulary: names in messages and fix text (filled in below).
import type { Vocabulary } from '../core/vocab';

export const torchVocab: Vocabulary = {
  framework: 'pytorch',
  argmax: 'argmax',
  lossArguments: () => '(input, target)',
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
