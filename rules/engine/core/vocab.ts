// What differs per framework in a finding: names in messages, and how to write each fix in that
// framework's code. A rule decides whether to report and which fix is safe; the vocabulary only
// knows how the fix is written. Every builder returns undefined when the code is not in a shape it
// can edit safely: the rule then offers no fix rather than a wrong one.
import type { ArgMaxEvent, LossEvent, MetricEvent, SoftmaxEvent, ThresholdEvent } from './events';
import type { Framework, TensorFacts } from './facts';
import type { FixSpec } from './rule';
import type { Site } from './site';

export interface Vocabulary {
  framework: Framework;
  /** The framework as messages name it: 'tfjs', 'PyTorch', 'Keras'. */
  name?: string;
  /** 'argMax' (tfjs) / 'argmax'. */
  argmax: string;
  /** The metric 'accuracy' resolves to on one unit: 'binaryAccuracy' (tfjs), 'binary_accuracy' (Keras). */
  binaryAccuracy?: string;
  /** Said when a loss's first argument is a parameter of a custom loss function: how the framework
   *  calls such a function ("tfjs calls a compile loss as (yTrue, yPred), ..."). */
  customLossNote?: string;
  /** How the framework names the two loss arguments: '(labels, predictions)', '(input, target)'. */
  lossArguments(e: LossEvent): string;
  /** Switch to the loss of the same family that takes `expects` (BCEWithLogitsLoss -> BCELoss,
   *  from_logits=True -> False, sigmoidCrossEntropy -> 'binaryCrossentropy'). */
  switchLoss(e: LossEvent, expects: 'logits' | 'probabilities' | 'log-probabilities'): FixSpec | undefined;
  /** Remove the activation at `f.actSite` (the nn.Sigmoid() in a Sequential, the torch.sigmoid in
   *  forward, activation='sigmoid' on the output layer); `why` ends the fix's title (by default, the
   *  loss applies it itself). */
  removeActivation(f: TensorFacts, why?: string): FixSpec | undefined;
  /** Put `act` on the output layer at `f.actSite` (a layer without activation). */
  addActivation(f: TensorFacts, act: 'sigmoid' | 'softmax'): FixSpec | undefined;
  /** Use `log_softmax` where the softmax at `f.actSite` is (for NLLLoss). */
  logSoftmaxInstead?(f: TensorFacts): FixSpec | undefined;
  /** The log_softmax that made `f` turned into softmax (a suggestion: the model then returns probabilities). */
  softmaxInstead?(f: TensorFacts): FixSpec | undefined;
  /** A categorical loss on one unit: use the binary loss of the framework. */
  singleUnitLoss?(e: LossEvent): FixSpec | undefined;
  /** What the framework does with a categorical loss on one unit, where it does more than compute a
   *  constant loss (tfjs' fit() rejects one-column targets for the compile strings). */
  singleUnitConsequence?(e: LossEvent): string | undefined;
  /** Give an argmax without an axis the last axis. */
  argmaxLastAxis(e: ArgMaxEvent): FixSpec | undefined;
  /** Replace an argmax over one unit with a threshold (`threshold` '0' on logits, '0.5' on sigmoid). */
  argmaxToThreshold(e: ArgMaxEvent, threshold: '0' | '0.5'): FixSpec | undefined;
  /** softmax over one unit -> sigmoid. */
  softmaxToSigmoid(e: SoftmaxEvent): FixSpec | undefined;
  /** A 0.5 threshold / round on logits: threshold at 0 (fix) or apply sigmoid first (suggestion). */
  thresholdOnLogits(e: ThresholdEvent): { fix?: FixSpec; suggestions: FixSpec[] };
  /** A cut at 0 written as a number at `at` (`p > 0`, `threshold=0.0`): write 0.5 there. */
  thresholdAtHalf(at: Site | undefined): FixSpec | undefined;
  /** Swap the two arguments of a loss call. */
  swapArguments(e: LossEvent): FixSpec | undefined;
  /** A binary accuracy metric on logits: threshold it at 0 (BinaryAccuracy(threshold=0.0)). */
  accuracyOnLogits(e: MetricEvent): FixSpec | undefined;
}
