'use strict';
// Session 40 (rt52b): a class given its model through the constructor (a TypeScript parameter
// property or `this.model = model`) whose method thresholds, argmaxes or compiles it, while no
// linted code calls that method (`export const t = new Trainer(logits())`, called by an app we do
// not see): the method runs once per instance made with known arguments, `this` bound to it
// (rules/engine/js/instances.ts). What only such a run finds gets no fix applied by --fix.
const assert = require('assert');
const { lintLines } = require('./lint-text');

const found = (lines, name = 'trainer.ts') => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const messages = (lines, name = 'trainer.ts') => lintLines(lines, name).findings.map((f) => f.message);

const LOGITS = [
  "import * as tf from '@tensorflow/tfjs';",
  'function logits(): tf.Sequential {',
  '  const m = tf.sequential(); m.add(tf.layers.dense({ units: 1, inputShape: [2] }));',
  "  m.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy }); return m;",
  '}',
  'function probs(): tf.Sequential {',
  "  const m = tf.sequential(); m.add(tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' }));",
  "  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' }); return m;",
  '}',
];
// Line 13 of every TypeScript case below: the threshold.
const trainer = (ctor, ...rest) => [
  ...LOGITS,
  'class Trainer {',
  ...ctor,
  '  decide(x: tf.Tensor2D): boolean {',
  '    return (this.model.predict(x) as tf.Tensor).dataSync()[0] > 0.5;',
  '  }',
  '}',
  ...rest,
];
const PARAM_PROPERTY = ['  constructor(private readonly model: tf.LayersModel, public threshold = 0.5) {}'];
const ASSIGNED = ['  private model: tf.LayersModel;', '  constructor(model: tf.LayersModel) { this.model = model; }'];

describe('round 52: tfjs methods nobody calls run on the instances made', () => {
  it('a TypeScript parameter property: the uncalled method thresholds the logits model given', () => {
    assert.deepStrictEqual(found(trainer(PARAM_PROPERTY, 'export const t = new Trainer(logits());')), [['threshold-logits', 13, 'suggestion']]);
  });

  it('`this.model = model` in the constructor: the same', () => {
    const lines = trainer(ASSIGNED, 'export const t = new Trainer(logits());');
    assert.deepStrictEqual(found(lines), [['threshold-logits', 14, 'suggestion']]);
  });

  it('a JavaScript class (module.exports): threshold and argMax over one unit', () => {
    const lines = [
      "const tf = require('@tensorflow/tfjs');",
      'const model = tf.sequential();',
      'model.add(tf.layers.dense({ units: 1, inputShape: [2] }));',
      "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
      'class Classifier {',
      '  constructor(net) { this.net = net; }',
      '  isSpam(x) { return this.net.predict(x).dataSync()[0] > 0.5; }',
      '  label(x) { return this.net.predict(x).argMax(-1); }',
      '}',
      'module.exports = new Classifier(model);',
    ];
    assert.deepStrictEqual(found(lines, "classifier.js").sort(), [["argmax-single-unit", 8, "suggestion"], ["threshold-logits", 7, "suggestion"]]);
  });

  it('a compile in an uncalled method: judged with the model given, no fix applied', () => {
    const lines = [
      "import * as tf from '@tensorflow/tfjs';",
      'const net = tf.sequential();',
      'net.add(tf.layers.dense({ units: 1, inputShape: [2] }));',
      'class Trainer {',
      '  constructor(private readonly model: tf.Sequential) {}',
      '  async train(x: tf.Tensor, y: tf.Tensor) {',
      "    this.model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
      '    await this.model.fit(x, y);',
      '  }',
      '}',
      'export const t = new Trainer(net);',
    ];
    assert.deepStrictEqual(found(lines), [['logits-into-probability-loss', 7, 'suggestion']]);
  });

  it('a finding only the run makes: its fix is offered with the reason, not applied', () => {
    const lines = [...LOGITS, 'class Trainer {', ...PARAM_PROPERTY,
      '  decide(x: tf.Tensor2D): boolean { return (this.model.apply(x) as tf.Tensor).dataSync()[0] > 0.5; }',
      '}', 'export const t = new Trainer(logits());'];
    const [f, ...rest] = lintLines(lines, 'trainer.ts').findings;
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(f.ruleId, 'threshold-logits');
    assert.strictEqual(f.fix, undefined);
    assert.match(f.suggestions[0].title, /not applied by --fix: it was found by running Trainer\.decide, which no linted code calls, with the instance made at line 14/);
  });

  it('two instances with different models: each judged with its own (the logits one reported, no fix)', () => {
    const lines = trainer(PARAM_PROPERTY, 'export const a = new Trainer(logits());', 'export const b = new Trainer(probs());');
    assert.deepStrictEqual(found(lines), [['threshold-logits', 13, 'none']]);
    assert.match(messages(lines)[0], /sees probabilities \(another output, with an activation\) and logits/);
  });

  it('guard: two instances of sigmoid models, and a factory making one per call, stay silent', () => {
    assert.deepStrictEqual(found(trainer(PARAM_PROPERTY, 'export const a = new Trainer(probs());', 'export const b = new Trainer(probs());')), []);
    assert.deepStrictEqual(found(trainer(PARAM_PROPERTY, 'const make = (m: tf.LayersModel) => new Trainer(m);', 'export const a = make(probs());')), []);
  });

  it('two instances through one variable (`cond ? new T(a) : new T(b)`): each run on its own', () => {
    const lines = trainer(PARAM_PROPERTY, 'declare const big: boolean;', 'export const t = big ? new Trainer(logits()) : new Trainer(probs());');
    assert.deepStrictEqual(found(lines), [['threshold-logits', 13, 'none']]);
  });

  it('guard: an instance whose model is unknown (loaded, or a parameter) gives nothing', () => {
    const loaded = trainer(PARAM_PROPERTY, "export const t = new Trainer(await tf.loadLayersModel('m.json'), 0.7);");
    assert.deepStrictEqual(found(loaded), []);
    const given = trainer(PARAM_PROPERTY, 'export function make(m: tf.LayersModel) { return new Trainer(m, 0.7); }');
    assert.deepStrictEqual(found(given), []);
  });

  it('guard: a method called on the instance keeps its call (unchanged)', () => {
    const lines = trainer(ASSIGNED, 'export const t = new Trainer(logits());', 't.decide(tf.zeros([1, 2]));');
    assert.deepStrictEqual(found(lines), [['threshold-logits', 14, 'suggestion']]);
  });

  // A layer added by a method nobody calls is added at a time we cannot order (tfcalls.ts settleModels).
  const WRAPPER = [
    'class Wrapper {',
    '  constructor(private readonly m: tf.Sequential) {}',
    "  withSigmoid(): this { this.m.add(tf.layers.activation({ activation: 'sigmoid' })); return this; }",
    '  train() { this.m.compile({ optimizer: \'adam\', loss: tf.losses.sigmoidCrossEntropy }); }',
    '}',
    'export const w = new Wrapper(net);',
  ];
  it('an uncalled method adding a sigmoid to a model used elsewhere: that model is no longer known', () => {
    const lines = [
      "import * as tf from '@tensorflow/tfjs';",
      'const net = tf.sequential();',
      'net.add(tf.layers.dense({ units: 1, inputShape: [2] }));',
      "net.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
      'export const isPos = (x: tf.Tensor2D) => (net.predict(x) as tf.Tensor).dataSync()[0] > 0.5;',
      ...WRAPPER,
    ];
    assert.deepStrictEqual(found(lines), []);
  });

  it('guard: nor is one no linted code used (its layers are not appended in the order of the runs)', () => {
    const lines = ["import * as tf from '@tensorflow/tfjs';", 'const net = tf.sequential();', 'net.add(tf.layers.dense({ units: 1, inputShape: [2] }));', ...WRAPPER];
    assert.deepStrictEqual(found(lines), []);
  });
});
