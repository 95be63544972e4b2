// Trains one replica with the loss as written and measures it on the held-out set after every epoch
// (epoch 0 = the initial weights). The written and the fixed replica go through this with the
// same data, seed, batch order and optimizer settings, so any difference comes from the bug.
import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from './backend';
import type { Dataset, Split } from './data';
import { measureAccuracy, rightDecision } from './decisions';
import { LOSSES, lossView, makeLoss, sigmoid, softmax } from './losses';
import { buildReplica, type Replica } from './model';
import { makeRng, permutation } from './prng';
import { readsAsProbability } from './replica';
import type { DecisionSpec, EpochStats, ModelSpec } from './types';

export interface TrainSettings {
  epochs: number;
  seed: number;
  batchSize: number;
  learningRate: number;
  /** Called after each epoch (1..epochs) of training. */
  onEpoch?: (epoch: number) => void;
}

/**
 * Trains `spec` and returns one series per decision: the numbers are shared, only the accuracy "as
 * the code measures it" differs. Rules about a decision read one training two ways.
 */
export function trainSeries(tf: Tf, spec: ModelSpec, split: Split, decisions: DecisionSpec[], settings: TrainSettings): EpochStats[][] {
  const { train, test } = split;
  const replica = buildReplica(tf, spec, settings.seed);
  const x = tf.tensor2d(train.x, [train.n, train.d]);
  const y = labelTensor(tf, spec, train);
  const testX = tf.tensor2d(test.x, [test.n, test.d]);
  const testY = labelTensor(tf, spec, test);
  const loss = makeLoss(tf, spec.loss);
  const forward = (xs: Tensor2D) => replica.activate(replica.logits(xs));
  const optimizer = tf.train.adam(settings.learningRate);
  const series: EpochStats[][] = decisions.map(() => []);
  const record = (epoch: number) => measureEpoch(tf, replica, spec, test, testX, testY, loss, decisions, epoch).forEach((s, i) => series[i].push(s));
  try {
    record(0);
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      // The batch order depends on the seed and the epoch only: identical for both replicas.
      const order = permutation(train.n, makeRng(settings.seed, 100 + epoch));
      for (let start = 0; start < train.n; start += settings.batchSize) {
        tf.tidy(() => {
          const index = tf.tensor1d(order.slice(start, start + settings.batchSize), 'int32');
          const xb = tf.gather(x, index) as Tensor2D;
          const yb = tf.gather(y, index);
          optimizer.minimize(() => loss(yb, forward(xb)), false, replica.variables());
        });
      }
      record(epoch);
      settings.onEpoch?.(epoch);
    }
  } finally {
    optimizer.dispose();
    tf.dispose([x, y, testX, testY]);
    replica.dispose();
  }
  return series;
}

/** Labels in the shape the written loss takes: class indices for the sparse loss, else 0/1 or one-hot rows. */
function labelTensor(tf: Tf, spec: ModelSpec, data: Dataset): Tensor {
  if (LOSSES[spec.loss.id].labels === 'sparse' || spec.outputUnits === 1) return tf.tensor2d(Float32Array.from(data.labels), [data.n, 1]);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), spec.outputUnits).toFloat());
}

function measureEpoch(
  tf: Tf,
  replica: Replica,
  spec: ModelSpec,
  data: Dataset,
  x: Tensor2D,
  y: Tensor,
  loss: (labels: Tensor, predictions: Tensor) => Scalar,
  decisions: DecisionSpec[],
  epoch: number,
): EpochStats[] {
  return inScope(tf, () => {
    const h = replica.trunk(x);
    const z = replica.head(h);
    const output = replica.activate(z);
    const lossValue = loss(y, output).dataSync()[0];
    const values = output.dataSync();
    const k = spec.outputUnits;

    // Gradient of the loss at the output layer's pre-activation, per sample. A row of exact zeros is
    // a sample the loss no longer learns from (clipped, or softmax over one unit). The output layer's
    // kernel and bias gradients follow from it exactly: h^T dz and the column sums of dz.
    const dzTensor = tf.grad((logits: Tensor) => loss(y, replica.activate(logits)))(z);
    const gradNorm = Math.sqrt(tf.sum(tf.square(tf.matMul(h, dzTensor, true, false))).dataSync()[0] + tf.sum(tf.square(tf.sum(dzTensor, 0))).dataSync()[0]);
    const dz = dzTensor.dataSync();
    let zeroRows = 0;
    for (let i = 0; i < data.n; i++) if (rowEvery(dz, i, k, (v) => v === 0)) zeroRows++;

    const view = lossViewStats(spec, values, data.n, k);
    const range = finiteRange(values);
    const trueAccuracy = measureAccuracy(tf, rightDecision(k, readsAsProbability(spec)), output, data.labels).accuracy;
    const trueLoss = trueCrossEntropy(spec, values, data);
    return decisions.map((decision) => {
      const measured = measureAccuracy(tf, decision, output, data.labels);
      return {
        epoch,
        loss: lossValue,
        trueLoss,
        measuredAccuracy: measured.accuracy,
        measuredClass1Recall: measured.class1Recall,
        trueAccuracy,
        outputMin: range[0],
        outputMax: range[1],
        lossProbMin: view?.min ?? null,
        lossProbMax: view?.max ?? null,
        clippedShare: view?.clippedShare ?? null,
        gradNorm,
        zeroGradShare: zeroRows / data.n,
        decisionLength: measured.length,
        ...(measured.values ? { decisionValues: measured.values } : {}),
      };
    });
  });
}

/** Like tf.tidy for a function that returns plain numbers: every tensor made inside is disposed. */
function inScope<T>(tf: Tf, fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

const EPSILON = 1e-7; // tfjs's float32 epsilon (backend().epsilon())

/** Range of the probabilities the loss computes from the output, and the share it clips. */
function lossViewStats(spec: ModelSpec, values: ArrayLike<number>, n: number, k: number) {
  // Swapped arguments: the output is read as labels, there is no probability view of it.
  if (spec.loss.swapped) return undefined;
  let min = Infinity;
  let max = -Infinity;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const { probs, outside: o } = lossView(spec.loss.id, rowOf(values, i, k), EPSILON);
    outside += o;
    for (const p of probs) {
      if (p < min) min = p;
      if (p > max) max = p;
    }
  }
  const finite = Number.isFinite(min) && Number.isFinite(max);
  const clips = LOSSES[spec.loss.id].expects === 'probabilities';
  return { min: finite ? min : NaN, max: finite ? max : NaN, clippedShare: clips ? outside / (n * k) : null };
}

/**
 * Cross-entropy of what the output really means: its own probabilities when it ends in sigmoid or
 * softmax, sigmoid/softmax of it when it is logits. Independent of the loss as written, so a swapped
 * loss that "improves" while the model gets worse shows up here.
 */
function trueCrossEntropy(spec: ModelSpec, values: ArrayLike<number>, data: Dataset): number {
  const k = spec.outputUnits;
  const probability = readsAsProbability(spec);
  const clip = (p: number) => Math.min(Math.max(p, EPSILON), 1 - EPSILON);
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    const row = rowOf(values, i, k);
    if (k === 1) {
      const p = clip(probability ? row[0] : sigmoid(row[0]));
      total -= data.labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
    } else {
      const sum = row.reduce((a, b) => a + b, 0);
      const probs = probability ? row.map((v) => v / sum) : softmax(row);
      total -= Math.log(clip(probs[data.labels[i]]));
    }
  }
  return total / data.n;
}

function rowOf(values: ArrayLike<number>, i: number, k: number): number[] {
  return Array.from({ length: k }, (_, j) => values[i * k + j]);
}

function rowEvery(values: ArrayLike<number>, i: number, k: number, test: (v: number) => boolean): boolean {
  for (let j = 0; j < k; j++) if (!test(values[i * k + j])) return false;
  return true;
}

/** Min and max ignoring NaN; NaN when every value is NaN. */
function finiteRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity && max === -Infinity ? [NaN, NaN] : [min, max];
}
