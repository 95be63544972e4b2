// Every rule, in the order of the README table, and every language frontend.
import type { Rule } from './engine/core/rule';
import type { Frontend } from './engine/core/frontend';
import { jsFrontend } from './engine/js/frontend';
import { pythonFrontend } from './engine/python/frontend';
import { sigmoidBeforeLogitsLoss } from './sigmoid-before-logits-loss';
import { softmaxBeforeLogitsLoss } from './softmax-before-logits-loss';
import { logitsIntoProbabilityLoss } from './logits-into-probability-loss';
import { argmaxSingleUnit } from './argmax-single-unit';
import { argmaxBatchAxis } from './argmax-batch-axis';
import { softmaxSingleUnit } from './softmax-single-unit';
import { thresholdLogits } from './threshold-logits';
import { categoricalLossSingleUnit } from './categorical-loss-single-unit';
import { accuracyMetricOnLogits } from './accuracy-metric-on-logits';
import { swappedLossArguments } from './swapped-loss-arguments';
import { nllLossInput } from './nll-loss-input';
import { zeroThresholdOnProbabilities } from './zero-threshold-on-probabilities';

export const RULES: Rule[] = [
  sigmoidBeforeLogitsLoss,
  softmaxBeforeLogitsLoss,
  logitsIntoProbabilityLoss,
  argmaxSingleUnit,
  argmaxBatchAxis,
  softmaxSingleUnit,
  thresholdLogits,
  categoricalLossSingleUnit,
  accuracyMetricOnLogits,
  swappedLossArguments,
  nllLossInput,
  zeroThresholdOnProbabilities,
];

export const FRONTENDS: Frontend[] = [jsFrontend, pythonFrontend];
