// Shared judgements the rules build on, so that rules agree with each other (one finding per
// mistake) and phrase the evidence the same way.
import type { LossEvent } from './events';
import type { ModelInfo, TensorFacts } from './values';
import { LOSSES, LossKind } from './tfjs';

export function lossKind(e: LossEvent): LossKind {
  return LOSSES[e.name];
}

/** A prediction in the labels position and something else in the predictions position. */
export function isSwapped(e: LossEvent): boolean {
  if (e.via !== 'call') return false; // tfjs itself calls compile losses as (yTrue, yPred)
  return e.labels.get().pred && !e.pred.get().pred;
}

/** A categorical loss over one unit: constant, whatever the activation. */
export function isSingleUnitCategorical(e: LossEvent): boolean {
  const k = lossKind(e);
  return (k.family === 'categorical' || k.family === 'sparse') && !isSwapped(e) && e.pred.get().width === 1;
}

/** "this model's output" / "this tensor", for messages. */
export function subject(f: TensorFacts): string {
  return f.model ? "this model's output" : 'this tensor';
}

/** Short loss name for messages: sigmoidCrossEntropy, 'binaryCrossentropy'. */
export function lossName(e: LossEvent): string {
  return e.name.includes('.') ? e.name.slice(e.name.indexOf('.') + 1) : `'${e.name}'`;
}

/** Trained with classification losses only: its linear output is logits, not a regression value. */
export function isClassifier(m: ModelInfo | undefined): boolean {
  return !!m && m.losses.length > 0 && m.losses.every((l) => LOSSES[l] !== undefined);
}
