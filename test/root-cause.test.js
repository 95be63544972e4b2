// One root cause, one finding: a linear head compiled with a loss that expects probabilities and
// an 'accuracy' that resolves to binary accuracy is reported once, on the loss, naming the metric;
// its fix and the numeric check's facts are still there. accuracy-metric-on-logits stays for heads
// whose loss really takes logits.
const assert = require('assert');
const { lintProject } = require('../out/rules');

function lintText(text, file = '/virtual/model.js') {
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
}

const head = (loss, metrics) => [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));",
  'model.add(tf.layers.dense({ units: 1 }));',
  `model.compile({ optimizer: 'adam', loss: ${loss}, metrics: ${metrics} });`,
  '',
].join('\n');

describe('root-cause grouping', () => {
  it("'binaryCrossentropy' + ['accuracy'] on a linear head: one finding, on the loss, naming the metric", () => {
    const r = lintText(head("'binaryCrossentropy'", "['accuracy']"));
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
    const [f] = r.findings;
    assert.match(f.message, /The 'accuracy' metric thresholds these logits at 0\.5 too/);
    // tfjs cannot rewrite the metric: switching the loss alone would leave 'accuracy' cutting logits
    // at 0.5 (right while this loss clips), so both edits are only suggested.
    assert.strictEqual(f.fix, undefined);
    assert.ok(f.suggestions.some((s) => /sigmoidCrossEntropy|logits/.test(s.title)), 'the loss switch is suggested');
    assert.ok(f.suggestions.some((s) => /sigmoid/.test(s.title + JSON.stringify(s.edits))), 'adding the sigmoid is still suggested');
    assert.ok(f.facts && f.facts.layers.length === 2, 'the numeric check still has the model');
  });

  it('no metric: the message says nothing about one', () => {
    const r = lintText(head("'binaryCrossentropy'", '[]'));
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
    assert.doesNotMatch(r.findings[0].message, /metric/);
  });

  it('a loss that takes logits (sigmoidCrossEntropy): the accuracy is its own finding', () => {
    const r = lintText(head('tf.losses.sigmoidCrossEntropy', "['accuracy']"));
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['accuracy-metric-on-logits']);
  });

  it("binaryAccuracy by name with 'binaryCrossentropy': grouped too", () => {
    const r = lintText(head("'binaryCrossentropy'", "['binaryAccuracy']"));
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
    assert.match(r.findings[0].message, /'binaryAccuracy' metric/);
  });
});
