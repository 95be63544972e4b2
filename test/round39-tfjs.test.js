// Session 27, TensorFlow.js (red team round 39). Every case fails on the session's first build but
// the guards, named in their titles.
const assert = require('assert');
const { lintProject } = require('../out/rules');

/** Each finding's rule and line. */
function found(text, name = 'app.js') {
  const file = `/virtual/${name}`;
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => [f.ruleId, f.location.line]);
}

describe('round 39: a model handed to a class by its constructor', () => {
  const logits = ['const net = tf.sequential();', 'net.add(tf.layers.dense({ units: 1, inputShape: [3] }));',
    "net.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"];
  it('JS: `constructor(model) { this.model = model; }`, then a method cuts its output at 0.5', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'class Predictor {', '  constructor(model) { this.model = model; }',
      '  decide(x) { return this.model.predict(x).dataSync()[0] > 0.5; }', '}', ...logits, 'new Predictor(net).decide(tf.zeros([1, 3]));'];
    assert.deepStrictEqual(found(text), [['threshold-logits', 4]]);
  });
  it('TypeScript parameter property `constructor(private net: tf.Sequential)`', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'class Wrapper {', '  constructor(private net: tf.Sequential) {}',
      '  decide(x: tf.Tensor2D): boolean { return (this.net.predict(x) as tf.Tensor).dataSync()[0] > 0.5; }', '}', ...logits,
      'new Wrapper(net).decide(tf.zeros([1, 3]) as tf.Tensor2D);'];
    assert.deepStrictEqual(found(text, 'app.ts'), [['threshold-logits', 4]]);
  });
  it('guard: a field the class also sets elsewhere (a load in a method) stays unknown', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'class Predictor {', '  constructor(model) { this.model = model; }',
      "  async load() { this.model = await tf.loadLayersModel('m.json'); }", '  decide(x) { return this.model.predict(x).dataSync()[0] > 0.5; }', '}',
      ...logits, 'new Predictor(net).decide(tf.zeros([1, 3]));'];
    assert.deepStrictEqual(found(text), []);
  });
});

describe('round 39: a tfjs convolution as the output layer', () => {
  const seg = (last, loss, use) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();',
    "model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [32, 32, 3] }));",
    `model.add(tf.layers.conv2d({ filters: 1, kernelSize: 1${last} }));`, `model.compile({ optimizer: 'adam', loss: ${loss} });`, ...use];
  it('one sigmoid filter trained with sigmoidCrossEntropy', () => {
    assert.deepStrictEqual(found(seg(", activation: 'sigmoid'", 'tf.losses.sigmoidCrossEntropy', [])), [['sigmoid-before-logits-loss', 5]]);
  });
  it('one logits filter cut at 0.5', () => {
    assert.deepStrictEqual(found(seg('', 'tf.losses.sigmoidCrossEntropy', ['export const mask = (img) => model.predict(img).greater(0.5);'])), [['threshold-logits', 6]]);
  });
  it("guard: filters on axis 1 (dataFormat: 'channelsFirst') say nothing of the last axis", () => {
    const text = seg(", dataFormat: 'channelsFirst'", 'tf.losses.sigmoidCrossEntropy', ['export const cls = (img) => model.predict(img).argMax(-1);']);
    assert.deepStrictEqual(found(text), []);
  });
});
