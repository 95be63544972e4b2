'use strict';
// Session 40 (rt52b): `a ?? b` is `a` when `a` is known not to be null or undefined, so a logit
// read through a default (`(out.dataSync()[0] ?? 0) > 0.5`) is thresholded like the logit itself.
const assert = require('assert');
const { lintLines } = require('./lint-text');

const found = (lines) => lintLines(lines, 'detector.ts').findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : 'none']);
const detector = (read) => [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  'model.add(tf.layers.dense({ units: 1, inputShape: [3] }));',
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  'export function isPositive(x: tf.Tensor, fallback?: number): boolean {',
  '  const out = model.predict(x) as tf.Tensor;',
  `  return ${read} > 0.5;`,
  '}',
];

describe('round 52: tfjs `??` defaults', () => {
  it('(out.dataSync()[0] ?? 0) > 0.5 on logits: threshold-logits, fixed to > 0', () => {
    assert.deepStrictEqual(found(detector('(out.dataSync()[0] ?? 0)')), [['threshold-logits', 7, 'fix']]);
  });
  it('guard: an unknown value with the logit as its default, and || (truthiness), stay silent', () => {
    assert.deepStrictEqual(found(detector('(fallback ?? out.dataSync()[0])')), []);
    assert.deepStrictEqual(found(detector('(out.dataSync()[0] || 0.1)')), []);
  });
});
