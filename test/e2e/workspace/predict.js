// Never opened by the end-to-end test: its problem reaches the Problems panel through workspace
// diagnostics. argMax over the single sigmoid unit is always 0.
import * as tf from '@tensorflow/tfjs';

const model = tf.sequential();
model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));

export function predictClass(xs) {
  return model.predict(xs).argMax(-1);
}
