// Session 26, TensorFlow.js (red team round 38 and the leftovers of round 37). Every case fails on
// the session's first build but the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');

/** Each finding's rule and line, or with `fixes`, whether it carries a safe fix. */
function found(text, fixes, name = 'train.py') {
  const file = `/virtual/${name}`;
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => (fixes ? [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix'] : [f.ruleId, f.location.line]));
}

describe('round 38: tfjs branches on a constant', () => {
  before(() => initPython());
  const head = ["import * as tf from '@tensorflow/tfjs';", 'const NUM = 1;',
    "const m = tf.sequential({ layers: [tf.layers.dense({ units: NUM, inputShape: [4], activation: NUM === 1 ? 'sigmoid' : 'softmax' })] });",
    'const out = m.predict(tf.zeros([2, 4]));'];
  it('the branch a constant condition never takes is not judged (?: and if)', () => {
    assert.deepStrictEqual(found([...head, 'const pred = NUM === 1 ? out.greater(0.5) : out.argMax(-1);'], false, 'app.js'), []);
    assert.deepStrictEqual(found([...head, 'let pred;', 'if (NUM > 1) { pred = out.argMax(-1); } else { pred = out.greater(0.5); }'], false, 'app.js'), []);
  });
  it('guard: the branch it takes is judged', () => {
    assert.deepStrictEqual(found([...head, 'const pred = NUM !== 2 ? out.argMax(-1) : out.greater(0.5);'], false, 'app.js'), [['argmax-single-unit', 5]]);
  });
  it("a helper's parameter compared with 1 or 2 is the width its callers give: not judged as always 1", () => {
    const text = ["import * as tf from '@tensorflow/tfjs';",
      "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' })] });",
      'const out = m.predict(tf.zeros([2, 4]));', 'function labels(n) { return n === 1 ? out.greater(0.5) : out.argMax(-1); }', 'labels(1);',
      'function other(k) { if (k > 1) { return out.argMax(-1); } return out.greater(0.5); }', 'other(1);'];
    assert.deepStrictEqual(found(text, false, 'app.js'), []);
  });
  it('guard: a `let` in the condition keeps both branches', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'let NUM = 1;',
      "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' })] });",
      'const out = m.predict(tf.zeros([2, 4]));', 'NUM = 2;', 'const pred = NUM === 1 ? out.greater(0.5) : out.argMax(-1);'];
    assert.deepStrictEqual(found(text, false, 'app.js'), [['argmax-single-unit', 6]]);
  });
});


describe('round 38: a tfjs threshold in an exported function, on its parameter', () => {
  before(() => initPython());
  const head = ["import * as tf from '@tensorflow/tfjs';",
    "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });",
    "m.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"];
  const use = 'const pred = toLabels(m.predict(tf.zeros([2, 4])));';
  it('export function, export const arrow, export { name }, module.exports: a suggestion', () => {
    for (const def of ['export function toLabels(out) { return out.greater(0.5); }',
      'export const toLabels = (out) => out.greater(0.5);',
      'function toLabels(out) { return out.greater(0.5); }\nexport { toLabels };',
      'function toLabels(out) { return out.greater(0.5); }\nmodule.exports = { toLabels };']) {
      assert.deepStrictEqual(found([...head, def, use], true, 'app.js'), [['threshold-logits', 4, 'no fix']], def);
    }
  });
  it('guard: a function of the file alone, or one reading no parameter, keeps the safe fix', () => {
    assert.deepStrictEqual(found([...head, 'function toLabels(out) { return out.greater(0.5); }', use], true, 'app.js'), [['threshold-logits', 4, 'fix']]);
    assert.deepStrictEqual(found([...head, 'export function labels(x) { return m.predict(x).greater(0.5); }'], true, 'app.js'), [['threshold-logits', 4, 'fix']]);
  });
});


describe('round 38: tfjs, more forms', () => {
  before(() => initPython());
  const tfjs = (units, act) => ["import * as tf from '@tensorflow/tfjs';", `const model = tf.sequential({ layers: [tf.layers.dense({ units: ${units}, inputShape: [2], activation: '${act}' })] });`];
  it('a write in a branch a constant never takes, read later, is not judged', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'const NUM = 1;', "const m = tf.sequential({ layers: [tf.layers.dense({ units: NUM, inputShape: [4], activation: 'sigmoid' })] });",
      'const out = m.predict(tf.zeros([2, 4]));', 'let pred;', 'if (NUM > 1) pred = out.argMax(-1); else pred = out.greater(0.5);', 'pred.print();'];
    assert.deepStrictEqual(found(text, false, 'app.js'), []);
  });
  it('`switch (true) { case width === 1: ... default: ... }` is a width branch', () => {
    const text = [...tfjs(1, 'sigmoid'), 'export function decide(x) {', '  const out = model.predict(x);', '  const [, width] = out.shape;',
      '  switch (true) {', '    case width === 1:', '      return out.greater(0.5);', '    default:', '      return out.argMax(-1);', '  }', '}'];
    assert.deepStrictEqual(found(text, false, 'app.js'), []);
  });
  it("an axis-less argMax held in a name and compared with the labels' axis-less argMax: a suggestion, not a fix", () => {
    const text = [...tfjs(3, 'softmax'), "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });", 'export function acc(xs, ys) {',
      '  const preds = model.predict(xs).argMax();', '  return preds.equal(ys.argMax()).mean();', '}'];
    assert.deepStrictEqual(found(text, true, 'app.js'), [['argmax-batch-axis', 5, 'no fix']]);
    const values = [...tfjs(3, 'softmax'), "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });", 'export function acc(xs, ys) {',
      '  const p = model.predict(xs).argMax().arraySync();', '  const l = ys.argMax().arraySync();', '  let n = 0;', '  for (let i = 0; i < p.length; i++) if (p[i] === l[i]) n++;', '  return n;', '}'];
    assert.deepStrictEqual(found(values, true, 'app.js'), [['argmax-batch-axis', 5, 'no fix']]);
  });
});


describe('round 38: a vendored library bundle', () => {
  it("a big file opening with rollup's UMD wrapper is skipped as a bundled library, with a note", () => {
    const umd = ['/** @license Apache-2.0 */', '(function (global, factory) {', "    typeof exports === 'object' && typeof module !== 'undefined' ? factory(exports) :",
      "    typeof define === 'function' && define.amd ? define(['exports'], factory) : factory(global.lib = {});", "})(this, (function (exports) { 'use strict';"];
    const body = ["    var tf = require('@tensorflow/tfjs-core');", ...Array.from({ length: 4000 }, (_, i) => `    function f${i}(a, b) { return tf.greater(a, b) + ${i}; }`)];
    const text = [...umd, ...body, '}));'].join('\n');
    const file = '/virtual/vendor/lib.js';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.problems.map((p) => p.message), ['looks like a bundled library (a UMD build), skipped; lint its sources instead']);
  });
});


describe('round 38: tfjs cuts at other probabilities, and written first', () => {
  before(() => initPython());
  it('`out.greater(0.7)`, `tf.less(0.5, out)` and `v > 0.7` on logits are threshold-logits (only 0.5 gets the fix)', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [2] }));",
      "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", 'const out = model.predict(tf.zeros([4, 2]));',
      'export const a = out.greater(0.7);', 'export const b = tf.less(0.5, out);', 'export const c = out.dataSync().map((v) => (v > 0.7 ? 1 : 0));'];
    assert.deepStrictEqual(found(text, true, 'app.js'), [['threshold-logits', 6, 'no fix'], ['threshold-logits', 7, 'fix'], ['threshold-logits', 8, 'no fix']]);
  });
  it('guard: on probabilities they are right', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' }));",
      "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'const out = model.predict(tf.zeros([4, 2]));', 'export const a = out.greater(0.7);', 'export const b = tf.less(0.5, out);'];
    assert.deepStrictEqual(found(text, true, 'app.js'), []);
  });
});


describe('round 38: tfjs, a loaded model added as the base of a Sequential', () => {
  before(() => initPython());
  const build = (head) => ["import * as tf from '@tensorflow/tfjs';", 'export async function build(url) {', '  const base = await tf.loadLayersModel(url);',
    '  const model = tf.sequential();', '  model.add(base);', ...head, "  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", '  return model;', '}'];
  it('the head added after it says what the model outputs', () => {
    assert.deepStrictEqual(found(build(['  model.add(tf.layers.dense({ units: 1 }));']), false, 'app.js'), [['logits-into-probability-loss', 7]]);
  });
  it('guard: with nothing after the loaded model, its output is unknown', () => {
    assert.deepStrictEqual(found(build([]), false, 'app.js'), []);
  });
});
