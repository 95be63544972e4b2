'use strict';
// Session 40 (rt52b): a fix written through the browser global `tf` only where the code reads that
// global. A module that imports tfjs by name (or destructures its require) and says "tf." only in a
// comment got `loss: tf.losses.sigmoidCrossEntropy`: a ReferenceError at run time (TS2304).
const assert = require('assert');
const { lintLines } = require('./lint-text');

/** [rule, every edit's text (the fix's, then the suggestions')] of each finding. */
const fixOf = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, [f.fix, ...(f.suggestions ?? [])].filter(Boolean).flatMap((x) => x.edits.map((e) => e.text))]);
const HEAD = (units) => [`model.add(layers.dense({ units: ${units}, activation: 'relu', inputShape: [2] }));`, 'model.add(layers.dense({ units: 1 }));', "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"];

describe('round 52: fixes through the global tf', () => {
  it('named imports, "tf." in a comment only: the finding, no edit naming tf', () => {
    assert.deepStrictEqual(fixOf(["import { sequential, layers } from '@tensorflow/tfjs';", '// Same model as in the tf.layers tutorial.', 'const model = sequential();', ...HEAD(8)], 'model.ts'), [['logits-into-probability-loss', [" activation: 'sigmoid',"]]]);
  });
  it('a destructured require, "tf." in a string only: no edit naming tf', () => {
    assert.deepStrictEqual(fixOf(["const { sequential, layers } = require('@tensorflow/tfjs');", "console.log('built with tf.sequential');", 'const model = sequential();', ...HEAD(8)], 'model.js'), [['logits-into-probability-loss', [" activation: 'sigmoid',"]]]);
  });
  it('"tf." read only as a parameter of its own: no edit naming tf', () => {
    assert.deepStrictEqual(fixOf(["const { sequential, layers } = require('@tensorflow/tfjs');", 'function show(tf) { return tf.memory(); }', 'const model = sequential();', ...HEAD(8)], 'model.js'), [['logits-into-probability-loss', [" activation: 'sigmoid',"]]]);
  });
  it('guard: a script reading the global tf keeps the loss switch through it', () => {
    assert.deepStrictEqual(fixOf(['const layers = tf.layers;', 'const model = tf.sequential();', ...HEAD(8)], 'model.js'), [['logits-into-probability-loss', ['tf.losses.sigmoidCrossEntropy', " activation: 'sigmoid',"]]]);
  });
});
