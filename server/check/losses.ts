// The losses the rules are about, computed by tfjs's own functions (never re-implemented; NLLLoss, which
// tfjs lacks, is the one written here), plus what
// each one does to the model output before taking a log: the "probabilities the loss sees".
import type { Tf } from './backend';
import type { Tensor, Scalar } from '@tensorflow/tfjs';
import type { LossId, LossSpec } from './types';

export interface LossInfo {
  /** As a user writes it, for reports. */
  display: string;
  expects: 'logits' | 'probabilities' | 'log-probabilities';
  /** 'sparse': integer class labels; 'dense': 0/1 or one-hot labels. */
  labels: 'dense' | 'sparse';
  /** Softmax/normalisation over the last axis (constant on a 1-unit output). */
  categorical: boolean;
}

export const LOSSES: Record<LossId, LossInfo> = {
  sigmoidCrossEntropy: { display: 'tf.losses.sigmoidCrossEntropy', expects: 'logits', labels: 'dense', categorical: false },
  softmaxCrossEntropy: { display: 'tf.losses.softmaxCrossEntropy', expects: 'logits', labels: 'dense', categorical: true },
  logLoss: { display: 'tf.losses.logLoss', expects: 'probabilities', labels: 'dense', categorical: false },
  binaryCrossentropy: { display: "'binaryCrossentropy'", expects: 'probabilities', labels: 'dense', categorical: false },
  categoricalCrossentropy: { display: "'categoricalCrossentropy'", expects: 'probabilities', labels: 'dense', categorical: true },
  sparseCategoricalCrossentropy: { display: "'sparseCategoricalCrossentropy'", expects: 'probabilities', labels: 'sparse', categorical: true },
  'metrics.binaryCrossentropy': { display: 'tf.metrics.binaryCrossentropy', expects: 'probabilities', labels: 'dense', categorical: false },
  'metrics.categoricalCrossentropy': { display: 'tf.metrics.categoricalCrossentropy', expects: 'probabilities', labels: 'dense', categorical: true },
  nllLoss: { display: 'nn.NLLLoss', expects: 'log-probabilities', labels: 'sparse', categorical: true },
};

/**
 * The loss as the engine wrote it down ("'binaryCrossentropy'", "tf.losses.sigmoidCrossEntropy",
 * "losses.logLoss", "tf.metrics.binaryCrossentropy", ...), or undefined when it is none of ours.
 */
export function parseLoss(text: unknown): LossId | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const cleaned = text.trim().replace(/^['"`]|['"`]$/g, '').replace(/\s+/g, '');
  const parts = cleaned.split('.');
  const last = parts[parts.length - 1];
  const inMetrics = parts.slice(0, -1).includes('metrics');
  switch (last) {
    case 'sigmoidCrossEntropy':
    case 'softmaxCrossEntropy':
    case 'logLoss':
    case 'sparseCategoricalCrossentropy':
      return last;
    case 'binaryCrossentropy':
    case 'categoricalCrossentropy':
      return inMetrics ? `metrics.${last}` : last;
    case 'NLLLoss':
    case 'nll_loss':
      return 'nllLoss';
    default:
      return undefined;
  }
}

export type LossFn = (labels: Tensor, predictions: Tensor) => Scalar;

/** The loss exactly as tfjs computes it, averaged over the batch like model.fit does. */
export function makeLoss(tf: Tf, spec: LossSpec): LossFn {
  const base = spec.torch && spec.id === 'softmaxCrossEntropy' ? torchCrossEntropy(tf) : baseLoss(tf, spec.id);
  // swapped-loss-arguments: the prediction sits in the labels position.
  return spec.swapped ? (labels, predictions) => base(predictions, labels) : base;
}

/** PyTorch's cross-entropy, -sum(labels * log_softmax(logits)): the same loss as tfjs's
 *  softmaxCrossEntropy, and for labels summing to 1 the same gradient. On one unit it differs:
 *  PyTorch's gradient is 0 there, while the fused one (softmax - labels, tfjs's and TF's) is not. */
function torchCrossEntropy(tf: Tf): LossFn {
  return (y, p) => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(p)), -1))) as Scalar);
}

function baseLoss(tf: Tf, id: LossId): LossFn {
  switch (id) {
    case 'sigmoidCrossEntropy':
      return (y, p) => tf.losses.sigmoidCrossEntropy(y, p) as Scalar;
    case 'softmaxCrossEntropy':
      return (y, p) => tf.losses.softmaxCrossEntropy(y, p) as Scalar;
    case 'logLoss':
      return (y, p) => tf.losses.logLoss(y, p) as Scalar;
    case 'metrics.binaryCrossentropy':
      return (y, p) => tf.tidy(() => tf.mean(tf.metrics.binaryCrossentropy(y, p)) as Scalar);
    case 'metrics.categoricalCrossentropy':
      return (y, p) => tf.tidy(() => tf.mean(tf.metrics.categoricalCrossentropy(y, p)) as Scalar);
    case 'nllLoss':
      // tfjs has no NLL loss. PyTorch's is -input[target] averaged over the batch: a one-hot mask of
      // the class indices picks input[target] (the only loss here not computed by tfjs itself).
      return (y, p) =>
        tf.tidy(() => {
          const mask = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), p.shape[p.shape.length - 1] ?? 1);
          return tf.neg(tf.mean(tf.sum(tf.mul(mask, p), -1))) as Scalar;
        });
    default: {
      const perSample = compiledLoss(tf, id);
      return (y, p) => tf.tidy(() => tf.mean(perSample(y, p)) as Scalar);
    }
  }
}

type PerSampleLoss = (yTrue: Tensor, yPred: Tensor) => Tensor;

// A compile string resolves inside tfjs-layers to a function that is not exported (sparse categorical
// crossentropy has no public twin). Compiling a throwaway model and reading the function it resolved
// gives exactly what model.fit would use.
function compiledLoss(tf: Tf, name: string): PerSampleLoss {
  const input = tf.input({ shape: [1] });
  const output = tf.layers.dense({ units: 1 }).apply(input) as ReturnType<typeof tf.input>;
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: 'sgd', loss: name });
  const fn = (model as unknown as { lossFunctions?: PerSampleLoss[] }).lossFunctions?.[0];
  model.dispose();
  if (!fn) throw new Error(`tfjs did not resolve the loss '${name}'`);
  return fn;
}

/**
 * What the loss turns one output row into before its log, as plain numbers: sigmoid/softmax for the
 * logits losses, the clipped (and for categorical losses, row-normalised) output for the probability
 * losses. `outside` counts entries outside [eps, 1-eps]: clipped by the layers losses (zero gradient
 * there), NaN or infinite in logLoss, which adds eps but does not clip.
 */
export function lossView(id: LossId, row: ArrayLike<number>, eps: number): { probs: number[]; outside: number } {
  const values = Array.from(row);
  const clip = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  const countOutside = (vs: number[]) => vs.filter((v) => !(v >= eps && v <= 1 - eps)).length;
  switch (id) {
    case 'sigmoidCrossEntropy':
      return { probs: values.map(sigmoid), outside: 0 };
    case 'softmaxCrossEntropy':
      return { probs: softmax(values), outside: 0 };
    case 'logLoss':
      return { probs: values, outside: countOutside(values) };
    case 'binaryCrossentropy':
    case 'metrics.binaryCrossentropy':
      return { probs: values.map(clip), outside: countOutside(values) };
    case 'categoricalCrossentropy':
    case 'metrics.categoricalCrossentropy': {
      const normalised = divideBySum(values);
      return { probs: normalised.map(clip), outside: countOutside(normalised) };
    }
    case 'sparseCategoricalCrossentropy': // clips first, then normalises and clips again (tfjs-layers)
      return { probs: divideBySum(values.map(clip)).map(clip), outside: countOutside(values) };
    case 'nllLoss': { // it reads its input as log-probabilities: exp() of it is what it takes for probabilities
      const probs = values.map(Math.exp);
      return { probs, outside: probs.filter((v) => !(v <= 1)).length };
    }
  }
}

export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

export function softmax(values: number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  return divideBySum(exps);
}

function divideBySum(values: number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / sum);
}
