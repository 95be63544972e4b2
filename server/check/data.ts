// Seeded synthetic data for the replica: Gaussian inputs labelled by a random "teacher" with a
// curved boundary and label noise, so a small network can learn it but not perfectly. Binary tasks
// get a chosen class-0 share; the decision bugs (argMax over one unit, a 0.5 threshold on logits)
// hide behind such an imbalance, which is why the check reproduces one.
import { makeRng, type Rng } from './prng';
import type { TaskSpec } from './types';

export interface Dataset {
  /** Row-major [n, d]. */
  x: Float32Array;
  n: number;
  d: number;
  classes: number;
  /** Class index per sample. */
  labels: Int32Array;
  classShares: number[];
}

// Curvature and noise of the teacher: enough that the boundary is not a plane and that some samples
// sit near it, small enough that 40 epochs learn most of it without memorising the noise.
const CURVATURE = 0.6;
export const DEFAULT_NOISE = 0.5;

export interface Split {
  /** What the replicas train on. */
  train: Dataset;
  /** Held out, from the same teacher: every reported number is measured here, so a replica that
   * memorises its training set does not hide the bug. */
  test: Dataset;
}

export function makeSplit(task: TaskSpec, d: number, trainSize: number, testSize: number, seed: number): Split {
  const rng = makeRng(seed, 1);
  const noise = task.noise ?? DEFAULT_NOISE;
  const classes = Math.max(2, task.classes);
  const teachers = Array.from({ length: classes <= 2 ? 1 : classes }, () => ({ w: unitVector(d, rng), u: unitVector(d, rng) }));
  const scoreAll = (x: Float32Array, n: number) =>
    Array.from({ length: n }, (_, i) => teachers.map((t) => teacherScore(x, i, d, t.w, t.u) + noise * rng.normal()));
  const trainX = inputs(trainSize * d, rng);
  const testX = inputs(testSize * d, rng);
  const trainScores = scoreAll(trainX, trainSize);
  const testScores = scoreAll(testX, testSize);
  let label: (scores: number[]) => number;
  if (classes <= 2) {
    // Class 0 is the lowest-scoring share of the training set: that share is exact there, and the
    // same threshold labels the test set.
    const sorted = trainScores.map((s) => s[0]).sort((a, b) => a - b);
    const zeros = Math.round((task.class0Share ?? 0.5) * trainSize);
    const threshold = zeros >= trainSize ? Infinity : zeros <= 0 ? -Infinity : (sorted[zeros - 1] + sorted[zeros]) / 2;
    label = (s) => (s[0] > threshold ? 1 : 0);
  } else {
    label = (s) => s.indexOf(Math.max(...s));
  }
  return { train: dataset(trainX, trainScores.map(label), d, classes), test: dataset(testX, testScores.map(label), d, classes) };
}

function dataset(x: Float32Array, labels: number[], d: number, classes: number): Dataset {
  const counts = new Array<number>(classes).fill(0);
  for (const c of labels) counts[c]++;
  return { x, n: labels.length, d, classes, labels: Int32Array.from(labels), classShares: counts.map((c) => c / labels.length) };
}

function inputs(length: number, rng: Rng): Float32Array {
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.normal();
  return x;
}

function teacherScore(x: Float32Array, i: number, d: number, w: Float64Array, u: Float64Array): number {
  let linear = 0;
  let bend = 0;
  for (let j = 0; j < d; j++) {
    linear += w[j] * x[i * d + j];
    bend += u[j] * x[i * d + j];
  }
  return linear + CURVATURE * (bend * bend - 1);
}

function unitVector(d: number, rng: Rng): Float64Array {
  const v = Float64Array.from({ length: d }, () => rng.normal());
  const norm = Math.hypot(...v) || 1;
  return v.map((e) => e / norm);
}
