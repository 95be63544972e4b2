// How code turns a model output into classes, and the accuracy that results. The decision is applied
// with the same tfjs ops the user's code calls (argMax, round, greater, binaryAccuracy), so an
// argMax over one unit really returns 0 and round() really rounds half to even.
import type { Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from './backend';
import type { DecisionSpec } from './types';

/** Reads the engine's decision text ('argMax(-1)', 'tf.argMax(x, 1)', 'round()', '> 0.5', ...). */
export function parseDecision(text: unknown): DecisionSpec | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const t = text.replace(/\s+/g, '');
  // (PyTorch and NumPy spell it argmax.)
  const argMax = /argMax\(([^)]*)\)/i.exec(t);
  if (argMax) {
    const args = argMax[1] === '' ? [] : argMax[1].split(',');
    const last = args.length ? Number(args[args.length - 1]) : NaN;
    // tf.argMax(x) and x.argMax() both default to axis 0; a lone non-number is the tensor argument.
    return { kind: 'argMax', axis: Number.isInteger(last) ? last : undefined };
  }
  if (/(^|\.)round(\(|$)/.test(t)) return { kind: 'round' };
  const cmp = /(greaterEqual|greater)\((-?[\d.]+)\)|(>=|>)(-?[\d.]+)/.exec(t);
  if (cmp) {
    const op = cmp[1] ?? cmp[3];
    const value = Number(cmp[2] ?? cmp[4]);
    if (Number.isFinite(value)) return { kind: 'threshold', value, inclusive: op === 'greaterEqual' || op === '>=' };
  }
  if (/^['"]?(accuracy|acc|binaryAccuracy)['"]?$/.test(t) || /binaryAccuracy/.test(t)) return { kind: 'binaryAccuracy' };
  // Another metric that reads the output as probabilities (the rule's 'Precision (threshold 0.5)',
  // 'AUC (thresholds 0 to 1)'): tfjs has none of them; binaryAccuracy shows the same misreading.
  const other = /^([A-Za-z_][\w.]*)\((threshold0\.5|thresholds0to1)\)$/.exec(t);
  if (other && /^(?:[\w.]*\.)?(?:binary_?accuracy|accuracy|acc)$/i.test(other[1])) return { kind: 'binaryAccuracy' };
  if (other) return { kind: 'binaryAccuracy', metric: other[1], ...(other[2] === 'thresholds0to1' ? { curve: true } : {}) };
  return undefined;
}

export function describeDecision(d: DecisionSpec): string {
  switch (d.kind) {
    case 'argMax':
      return d.axis === undefined ? 'argMax()' : `argMax(${d.axis})`;
    case 'round':
      return 'round()';
    case 'threshold':
      return `${d.inclusive ? 'greaterEqual' : 'greater'}(${d.value})`;
    case 'binaryAccuracy':
      if (d.metric) return `${d.written ?? d.metric}, measured as binaryAccuracy (threshold 0.5)`;
      return isBinaryAccuracyName(d.written) ? `${d.written} (threshold 0.5)` : `${d.written ?? 'accuracy'} (binaryAccuracy, threshold 0.5)`;
  }
}

/** A metric written as binaryAccuracy itself (`tf.metrics.binaryAccuracy`, `'binary_accuracy'`,
 *  `BinaryAccuracy()`), not an accuracy that resolves to it. */
export function isBinaryAccuracyName(written: string | undefined): written is string {
  return !!written && /^['"]?(?:[\w.]*\.)?binary_?accuracy['"]?(?:\(.*\))?$/i.test(written);
}

/** The right decision for an output: argMax(-1) over classes, 0.5 on probabilities, 0 on logits. */
export function rightDecision(units: number, outputIsProbability: boolean): DecisionSpec {
  if (units > 1) return { kind: 'argMax', axis: -1 };
  return { kind: 'threshold', value: outputIsProbability ? 0.5 : 0, inclusive: false };
}

export interface DecisionResult {
  accuracy: number;
  /** Share of class-1 samples the decision calls class 1 (1-unit outputs only; null otherwise). */
  class1Recall: number | null;
  /** How many values the decision produced (N for a per-sample decision). */
  length: number;
  /** The values, when there are fewer than samples. */
  values?: number[];
}

/**
 * Accuracy of `decision` on `output` ([N, K]) against integer `labels`. A decision that returns fewer
 * values than samples (argMax over the batch axis) is compared position by position, as code that
 * zips predictions with labels would, and the samples without a value count as wrong.
 */
export function measureAccuracy(tf: Tf, decision: DecisionSpec, output: Tensor2D, labels: Int32Array): DecisionResult {
  const [n, k] = output.shape;
  if (decision.kind === 'binaryAccuracy') {
    // tfjs's own metric gives the accuracy; its 0.5 threshold, applied here, gives the recall.
    const accuracy = tf.tidy(() => {
      const yTrue = k === 1 ? tf.tensor2d(Float32Array.from(labels), [n, 1]) : tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat();
      return tf.mean(tf.metrics.binaryAccuracy(yTrue, output)).dataSync()[0];
    });
    const calls = tf.tidy(() => output.greater(0.5).dataSync());
    return { accuracy, class1Recall: k === 1 ? recall(labels, (i) => calls[i] === 1) : null, length: n };
  }
  if (decision.kind === 'argMax') {
    const picked = tf.tidy(() => output.argMax(decision.axis ?? 0).dataSync());
    let correct = 0;
    for (let i = 0; i < Math.min(picked.length, n); i++) if (picked[i] === labels[i]) correct++;
    return {
      accuracy: correct / n,
      class1Recall: k === 1 ? recall(labels, (i) => picked[i] === 1) : null,
      length: picked.length,
      values: picked.length < n ? Array.from(picked) : undefined,
    };
  }
  // round / threshold: one 0/1 (or rounded) value per unit; a sample is right when its row equals the
  // label row (the label itself on one unit, its one-hot row on several). round() of a logit can be
  // -3 or 2: neither equals a label.
  const values = tf.tidy(() => {
    if (decision.kind === 'round') return output.round().dataSync();
    const cmp = decision.inclusive ? output.greaterEqual(decision.value) : output.greater(decision.value);
    return cmp.dataSync();
  });
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let j = 0; j < k && ok; j++) {
      const want = k === 1 ? labels[i] : labels[i] === j ? 1 : 0;
      ok = values[i * k + j] === want;
    }
    if (ok) correct++;
  }
  return { accuracy: correct / n, class1Recall: k === 1 ? recall(labels, (i) => values[i] === 1) : null, length: n };
}

function recall(labels: Int32Array, calledClass1: (i: number) => boolean): number | null {
  let positives = 0;
  let found = 0;
  labels.forEach((label, i) => {
    if (label !== 1) return;
    positives++;
    if (calledClass1(i)) found++;
  });
  return positives ? found / positives : null;
}
