// A binary classifier whose output goes through sigmoid twice: once in the output layer and once
// inside tf.losses.sigmoidCrossEntropy. logit-lint flags the loss; its quick fix swaps in
// 'binaryCrossentropy', which expects probabilities.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy, metrics: ['accuracy'] });

export async function train(xs, ys) {
  return model.fit(xs, ys, { epochs: 20, batchSize: 32 });
}
