// One typical finding per rule, in the shape the engine reports it (a small dense classifier with
// the rule's bug). The benchmark times these and the tests check their numbers; an editor preview
// may show them too.
import type { CheckInput, RuleId } from './types';

const trunk = { kind: 'dense', units: 16, activation: 'relu' } as const;

export const EXAMPLES: Record<RuleId, CheckInput> = {
  'sigmoid-before-logits-loss': {
    ruleId: 'sigmoid-before-logits-loss',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'tf.losses.sigmoidCrossEntropy' },
  },
  'softmax-before-logits-loss': {
    ruleId: 'softmax-before-logits-loss',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 3 }, { kind: 'activation', activation: 'softmax' }], loss: 'tf.losses.softmaxCrossEntropy' },
  },
  'logits-into-probability-loss': {
    ruleId: 'logits-into-probability-loss',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1, activation: 'linear' }], loss: 'binaryCrossentropy' },
  },
  'argmax-single-unit': {
    ruleId: 'argmax-single-unit',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'binaryCrossentropy', decision: 'argMax(-1)' },
  },
  'argmax-batch-axis': {
    ruleId: 'argmax-batch-axis',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 3, activation: 'softmax' }], loss: 'categoricalCrossentropy', decision: 'argMax()' },
  },
  'softmax-single-unit': {
    ruleId: 'softmax-single-unit',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1, activation: 'softmax' }], loss: 'binaryCrossentropy' },
  },
  'threshold-logits': {
    ruleId: 'threshold-logits',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1 }], loss: 'tf.losses.sigmoidCrossEntropy', decision: 'greater(0.5)' },
  },
  'categorical-loss-single-unit': {
    ruleId: 'categorical-loss-single-unit',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'categoricalCrossentropy' },
  },
  'accuracy-metric-on-logits': {
    ruleId: 'accuracy-metric-on-logits',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1 }], loss: 'tf.losses.sigmoidCrossEntropy', decision: 'binaryAccuracy (threshold 0.5)' },
  },
  'swapped-loss-arguments': {
    ruleId: 'swapped-loss-arguments',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1 }], loss: 'tf.losses.sigmoidCrossEntropy' },
  },
  'zero-threshold-on-probabilities': {
    ruleId: 'zero-threshold-on-probabilities',
    facts: { inputWidth: 8, layers: [trunk, { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'binaryCrossentropy', decision: '> 0' },
  },
  'nll-loss-input': {
    ruleId: 'nll-loss-input',
    facts: {
      inputWidth: 8,
      layers: [trunk, { kind: 'dense', units: 3 }, { kind: 'activation', activation: 'softmax' }],
      loss: 'nn.NLLLoss',
      framework: 'pytorch',
      lossKind: { expects: 'log-probabilities', family: 'categorical', display: 'nn.NLLLoss' },
    },
  },
};
