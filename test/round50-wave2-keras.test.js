'use strict';
// Round 50, wave 2 (rt50d, against the merged build 82158e4): the hard sigmoid's removal as Keras' and
// tfjs' fix met readers of the layer those frontends do not follow; band spellings the band rule
// missed (TensorFlow, Keras ops, a product of two cuts, tfjs). Each case fails on 82158e4 but the guards.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 50 wave 2: a hard sigmoid into a logits loss', () => {
  before(() => initPython());
  it('Keras: its removal is only suggested (a gate reads the same layer: Multiply()([h, g]))', () => {
    const lines = ['import keras', 'inp = keras.Input((8,))', 'h = keras.layers.Dense(4, activation="relu")(inp)', 'g = keras.layers.Dense(1, activation="hard_sigmoid")(h)',
      'gated = keras.layers.Multiply()([h, g])', 'aux = keras.layers.Dense(3)(gated)', 'model = keras.Model(inp, [g, aux])',
      'model.compile(optimizer="adam", loss=[keras.losses.BinaryCrossentropy(from_logits=True), keras.losses.CategoricalCrossentropy(from_logits=True)])', 'model.fit(x, [y1, y2])'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 8, 'suggestion']]);
  });
  it('guard: PyTorch keeps the removal as its fix (nn.Hardsigmoid at the end of a Sequential)', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Hardsigmoid())', 'x = torch.randn(4, 8); y = torch.rand(4, 1).round()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 5, 'fix']]);
  });
});

describe('round 50 wave 2: bands in TensorFlow, Keras ops and tfjs', () => {
  before(() => initPython());
  const keras = ['import tensorflow as tf', 'import keras', 'model = tf.keras.Sequential([tf.keras.layers.Dense(1)])',
    'model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")', 'model.fit(x, y)', 'p = model.predict(x)'];
  for (const band of ['hi = tf.logical_and(p > 0.5, p <= 1.0)', 'lo = tf.math.logical_and(tf.greater(p, 0.5), tf.less_equal(p, 1.0))', 'k = keras.ops.logical_and(p > 0.5, p <= 1.0)', 'm = (p > 0.5) * (p < 1.0)']) {
    it(`${band}: the cut at 0.5 is one bound of a band, its rewrite only suggested`, () => {
      assert.deepStrictEqual(found([...keras, band]), [['threshold-logits', 7, 'suggestion']]);
    });
  }
  it('guard: a lone cut, or one beside a bound on other values, keeps its fix', () => {
    assert.deepStrictEqual(found([...keras, 'hi = p > 0.5']), [['threshold-logits', 7, 'fix']]);
    assert.deepStrictEqual(found([...keras, 'hi = tf.logical_and(p > 0.5, q <= 1.0)']), [['threshold-logits', 7, 'fix']]);
  });
  const tfjs = ['const tf = require("@tensorflow/tfjs");', 'const tfjs = tf;', 'const model = tf.sequential();', 'model.add(tf.layers.dense({units: 1, inputShape: [8]}));',
    'model.compile({optimizer: "adam", loss: tf.losses.sigmoidCrossEntropy});', 'const p = model.predict(x).dataSync()[0];', 'const out = model.predict(x);'];
  for (const band of ['if (p > 0.5 && p <= 1.0) console.log("pos");', 'const q = out.greater(0.5).logicalAnd(out.lessEqual(1));', 'const q = tf.logicalAnd(tf.greater(out, 0.5), tf.lessEqual(out, 1));', 'const q = tfjs.logicalAnd(tfjs.greater(out, 0.5), tfjs.lessEqual(out, 1));']) {
    it(`tfjs ${band}: one bound of a band, its rewrite only suggested`, () => {
      assert.deepStrictEqual(found([...tfjs, band], 'train.js'), [['threshold-logits', 8, 'suggestion']]);
    });
  }
  it('guard: tfjs cuts of different values beside each other keep their fixes', () => {
    assert.deepStrictEqual(found([...tfjs, 'if (p > 0.5 && q <= 1.0) console.log("pos");'], 'train.js'), [['threshold-logits', 8, 'fix']]);
  });
});

describe('round 50 wave 2: a file that imports only KerasHub', () => {
  before(() => initPython());
  for (const lib of ['keras_hub', 'keras_nlp']) {
    it(`import ${lib} alone: analysed (a classifier of logits by default into a probability loss)`, () => {
      const lines = [`import ${lib}`, `clf = ${lib}.models.BertTextClassifier(backbone, num_classes=3)`, 'clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])', 'clf.fit(ds)'];
      assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['logits-into-probability-loss', 3]]);
    });
  }
  it('guard: its tutorial use (the default compile) stays silent', () => {
    assert.deepStrictEqual(found(['import keras_hub', 'clf = keras_hub.models.BertTextClassifier(backbone, num_classes=3)', 'clf.compile()', 'clf.fit(ds)']), []);
  });
});
