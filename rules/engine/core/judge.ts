// Shared judgements the rules build on, so that rules agree with each other (one finding per
// mistake) and phrase the evidence the same way, in every framework.
import type { LossEvent, MetricEvent } from './events';
import type { LossKind } from './losses';
import type { ModelInfo, TensorFacts } from './facts';

/** A prediction in the labels position and something else in the predictions position. */
export function isSwapped(e: LossEvent): boolean {
  if (e.via !== 'call') return false; // the framework itself calls compile losses in its own order
  return e.labels.get().pred && !e.pred.get().pred;
}

/** A categorical loss over one unit: constant, whatever the activation. */
export function isSingleUnitCategorical(e: LossEvent): boolean {
  const k = e.kind;
  return (k.family === 'categorical' || k.family === 'sparse') && !isSwapped(e) && e.pred.get().width === 1;
}

/** "this model's output" / "this tensor", for messages. */
export function subject(f: TensorFacts): string {
  return f.model ? "this model's output" : 'this tensor';
}

/** Short loss name for messages: sigmoidCrossEntropy, 'binaryCrossentropy', nn.BCEWithLogitsLoss. */
export function lossName(e: LossEvent): string {
  return e.kind.display;
}

/** Trained with classification losses only: its linear output is logits, not a regression value. */
export function isClassifier(m: ModelInfo | undefined): boolean {
  return !!m && m.losses.length > 0 && m.losses.every((l) => l.kind !== undefined);
}

/** What the activation named by a layer or an op makes of the values. */
export function activationKind(name: string): 'logits' | 'sigmoid' | 'softmax' | 'log-softmax' | 'other' {
  if (name === 'linear') return 'logits';
  if (name === 'sigmoid') return 'sigmoid';
  if (name === 'softmax') return 'softmax';
  if (name === 'log_softmax' || name === 'logSoftmax') return 'log-softmax';
  return 'other';
}

/** A metric that thresholds the output at 0.5: a binary accuracy by name, or 'accuracy' resolved
 *  to one (a one-unit output, or a binary loss). */
export function isBinaryAccuracy(e: MetricEvent, f: TensorFacts): boolean {
  return e.binary || (e.alias && (f.width === 1 || e.loss?.kind?.family === 'binary'));
}

/** Whether a loss that expects probabilities is reported on a logits output of this width
 *  (logits-into-probability-loss; a one-unit categorical loss is reported as such instead). */
export function probabilityLossOnLogits(kind: LossKind | undefined, width: number | undefined): boolean {
  if (kind?.expects !== 'probabilities') return false;
  return !((kind.family === 'categorical' || kind.family === 'sparse') && width === 1);
}

/** The binary accuracies compiled with a logits output whose probability loss is reported: one
 *  root cause (no activation), so the loss's finding names them and they are not reported apart;
 *  the loss's fix (add the activation) repairs them too. */
export function accuraciesFixedWithLoss(f: TensorFacts): MetricEvent[] {
  if (f.act !== 'logits' || !f.model) return [];
  return (f.model.metrics ?? []).filter((m) => isBinaryAccuracy(m, f) && probabilityLossOnLogits(m.loss?.kind, f.width));
}
