// Builds a replica as a real tfjs model: a sequential dense trunk ending in the output dense layer
// (linear), followed by the output activations as tfjs activation layers. Keeping the output layer's
// pre-activation visible lets the check measure the gradient that reaches it.
import type { Tensor, Tensor2D, Sequential, Variable } from '@tensorflow/tfjs';
import type { Tf } from './backend';
import { makeRng } from './prng';
import type { ModelSpec } from './types';

export interface Replica {
  model: Sequential;
  /** Pre-activation of the output layer (the logits of the dense layer). */
  logits(x: Tensor2D): Tensor2D;
  /** What the output layer receives: the trunk's output (x itself without hidden layers). */
  trunk(x: Tensor2D): Tensor2D;
  /** The output layer alone, on the trunk's output. */
  head(h: Tensor2D): Tensor2D;
  /** The output activations as written, applied to logits. */
  activate(logits: Tensor): Tensor2D;
  /** Every trainable variable of this replica (the optimizer touches no other model's). */
  variables(): Variable[];
  dispose(): void;
}

export function buildReplica(tf: Tf, spec: ModelSpec, seed: number): Replica {
  const model = tf.sequential();
  const dense = (units: number, activation: string, first: boolean) =>
    tf.layers.dense({
      units,
      activation: activation as 'linear',
      // Zeros here; the seeded weights are set below so both replicas start identical without
      // depending on tfjs's own random streams.
      kernelInitializer: 'zeros',
      ...(first ? { inputShape: [spec.inputWidth] } : {}),
    });
  spec.hidden.forEach((h, i) => model.add(dense(h.units, h.activation, i === 0)));
  model.add(dense(spec.outputUnits, 'linear', spec.hidden.length === 0));
  const weights = initialWeights(tf, spec, seed);
  model.setWeights(weights);
  tf.dispose(weights);
  const activations = spec.outputActivations.map((a) => tf.layers.activation({ activation: a as 'linear' }));
  const outputLayer = model.layers[model.layers.length - 1];
  return {
    model,
    logits: (x) => model.apply(x) as Tensor2D,
    trunk: (x) => model.layers.slice(0, -1).reduce((t, layer) => layer.apply(t) as Tensor2D, x),
    head: (h) => outputLayer.apply(h) as Tensor2D,
    activate: (z) => activations.reduce((t, layer) => layer.apply(t) as Tensor, z) as Tensor2D,
    variables: () => model.trainableWeights.map((w) => w.read() as Variable),
    dispose: () => model.dispose(),
  };
}

/**
 * Glorot-uniform kernels and zero biases (tfjs's defaults for dense layers) drawn from the check's
 * own PRNG: the same seed gives the same weights to the written and the fixed replica, and the
 * weights do not depend on the output activation, so the two start from the same point.
 */
function initialWeights(tf: Tf, spec: ModelSpec, seed: number): Tensor[] {
  const rng = makeRng(seed, 2);
  const widths = [spec.inputWidth, ...spec.hidden.map((h) => h.units), spec.outputUnits];
  const out: Tensor[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const [fanIn, fanOut] = [widths[i], widths[i + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = Float32Array.from({ length: fanIn * fanOut }, () => (rng.next() * 2 - 1) * limit);
    out.push(tf.tensor2d(kernel, [fanIn, fanOut]), tf.zeros([fanOut]));
  }
  return out;
}
