// Shared judgements the rules build on, so that rules agree with each other (one finding per
// mistake) and phrase the evidence the same way, in every framework.
import type { LossEvent } from './events';
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

/** Trained with classification losses only: its linear output is logits, not a regression value.
 *  No known loss is no evidence: a linear head nobody is seen training may be a regression. */
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

/** What a report says about its loss, for the numeric check: the name and what it expects. */
export function lossFacts(e: LossEvent): { loss: string; lossKind: LossEvent['kind'] } {
  return { loss: e.name, lossKind: e.kind };
}

const PER_SAMPLE_LAYERS = new Set(['dense', 'activation', 'softmax', 'passthrough', 'flatten']);

/**
 * The output's rank as far as a decision over it can tell: the known rank, or 2 for the direct
 * output of a model made only of per-sample layers (dense, activations, dropout, flatten) whose
 * input rank the code does not show (PyTorch models take it from a data loader). Such a model maps
 * [batch, features] to [batch, units]; a sequence input ([batch, time, features]) would need a
 * recurrent, convolutional or attention layer to be worth a per-sample dense head, and any layer
 * the engine does not know leaves the rank unknown.
 */
export function outputRank(f: TensorFacts): number | undefined {
  if (f.rank !== undefined) return f.rank;
  const m = f.model;
  if (!f.modelOutput || !m || m.open) return undefined;
  return perSampleRank(m.layers);
}

/** 2 when `layers`, applied to a model's input, are all per-sample layers (see outputRank). */
export function perSampleRank(layers: ModelInfo['layers']): number | undefined {
  if (layers.length === 0) return undefined;
  return layers.every((l) => l.layer && !l.conditional && PER_SAMPLE_LAYERS.has(l.layer.type)) ? 2 : undefined;
}
