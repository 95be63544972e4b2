// What the evaluator records for the rules: each event carries evaluated values, whose facts are
// read only after the whole program was walked (a model's layers may be added anywhere).
import ts = require('typescript');
import type { ModelInfo, TensorRef } from './values';

/** A loss (or cross-entropy metric) applied to labels and predictions. */
export interface LossEvent {
  type: 'loss';
  /** Canonical name: 'binaryCrossentropy' (compile string) or 'losses.sigmoidCrossEntropy' (tf path). */
  name: string;
  /** How it was written: a compile string, a compile function reference, or a direct call. */
  via: 'compile-string' | 'compile-ref' | 'call';
  /** Primary site: the loss expression in compile, or the call. */
  node: ts.Node;
  /** For direct calls: the call and its argument nodes. */
  call?: ts.CallExpression;
  labels: TensorRef;
  pred: TensorRef;
  /** The model being compiled (compile losses). */
  model?: ModelInfo;
}

/** A metric named in compile, or a direct call to tf.metrics.binaryAccuracy. */
export interface MetricEvent {
  type: 'metric';
  name: string;
  node: ts.Node;
  pred: TensorRef;
  /** The compile loss as a string, when it is one (decides how 'accuracy' resolves). */
  lossName?: string;
  model?: ModelInfo;
}

export interface ArgMaxEvent {
  type: 'argmax';
  node: ts.CallExpression;
  input: TensorRef;
  /** undefined: no axis given; null: an axis we cannot evaluate. */
  axis: number | undefined | null;
  /** tf.argMax(x, ...) vs x.argMax(...). */
  form: 'function' | 'method';
}

export interface ThresholdEvent {
  type: 'threshold';
  node: ts.Node;
  op: 'round' | 'greater' | 'greaterEqual' | 'compare' | 'Math.round';
  input: TensorRef;
  /** The 0.5 literal, when there is one. */
  thresholdNode?: ts.Node;
}

/** softmax applied over the last axis of `input` (a layer, tf.softmax, x.softmax()). */
export interface SoftmaxEvent {
  type: 'softmax';
  node: ts.Node;
  input: TensorRef;
  /** The dense layer whose activation property this is, for the fix. */
  kind: 'dense-activation' | 'layer' | 'op';
}

export type EngineEvent = LossEvent | MetricEvent | ArgMaxEvent | ThresholdEvent | SoftmaxEvent;
