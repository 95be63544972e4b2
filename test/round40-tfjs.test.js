// Session 28, TensorFlow.js (red team round 40). Every case fails on the session's first build but
// the guards, named in their titles.
const assert = require('assert');
const { lintProject } = require('../out/rules');

/** Each finding's rule, line and whether it carries a safe fix. */
function found(text, name = 'app.js') {
  const file = `/virtual/${name}`;
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix']);
}

describe('round 40: `model.pop()` drops the last layer of a tfjs Sequential', () => {
  const head = (...layers) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();',
    "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));", ...layers.map((l) => `model.add(${l});`)];
  it('a sigmoid popped before compiling with sigmoidCrossEntropy: the output is logits, nothing to report or rewrite', () => {
    const text = [...head('tf.layers.dense({ units: 1 })', "tf.layers.activation({ activation: 'sigmoid' })"), 'model.pop();',
      "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", 'export const decide = (x) => model.predict(x).greater(0);'];
    assert.deepStrictEqual(found(text), []);
  });
  it('a one-unit layer popped after a softmax head: the output is the three-way softmax', () => {
    const text = [...head("tf.layers.dense({ units: 3, activation: 'softmax' })", 'tf.layers.dense({ units: 1 })'), 'model.pop();',
      "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });", 'export const label = (x) => model.predict(x).argMax(-1);'];
    assert.deepStrictEqual(found(text), []);
  });
  it('guard: a layer popped and a sigmoid added in its place is reported', () => {
    const text = [...head('tf.layers.dense({ units: 1 })', "tf.layers.activation({ activation: 'relu' })"), 'model.pop();',
      "model.add(tf.layers.activation({ activation: 'sigmoid' }));", "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 8, 'fix']]);
  });
  it('a pop that may not run (under an if) leaves the layers unknown', () => {
    const text = [...head('tf.layers.dense({ units: 1 })', "tf.layers.activation({ activation: 'sigmoid' })"), 'if (process.env.LOGITS) model.pop();',
      "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"];
    assert.deepStrictEqual(found(text), []);
  });
});
