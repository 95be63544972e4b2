'use strict';
// Session 40 (rt52e): a keras.losses.Loss subclass given to compile() has its call() run as
// (y_true, y_pred), like a function given there: a body that swaps them
// (`binary_crossentropy(y_pred, y_true)`) is reported, at compile() as every finding of such a class
// is, and fixed where it swaps.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { foundIn, fixedLines } = require('./lint-text');

const program = (extra = []) => [
  'import keras',
  'import tensorflow as tf',
  'class WeightedBCE(keras.losses.Loss):',
  '    def call(self, y_true, y_pred):',
  '        return keras.losses.binary_crossentropy(y_pred, y_true)',
  'model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(1, activation="sigmoid")])',
  'model.compile(optimizer="adam", loss=WeightedBCE())',
  ...extra,
];

describe('round 52: a Keras Loss subclass given to compile', () => {
  before(() => initPython());
  it('call(y_true, y_pred) applying binary_crossentropy(y_pred, y_true): swapped-loss-arguments at compile, fixed in call()', () => {
    assert.deepStrictEqual(foundIn(program()), [['swapped-loss-arguments', 7, 'fix']]);
    assert.match(fixedLines(program()), /return keras\.losses\.binary_crossentropy\(y_true, y_pred\)/);
  });
  it('the same object also called directly the other way round (loss_obj(model(x), y)): the finding, no edit', () => {
    const found = foundIn(program(['loss_obj = WeightedBCE()', 'for x, y in ds:', '    with tf.GradientTape() as tape:', '        l = loss_obj(model(x), y)']));
    assert.deepStrictEqual(found.map((f) => [f[0], f[2]]), [['swapped-loss-arguments', 'none']]);
  });
  it('guard: a call() in the right order is clean', () => {
    const lines = program();
    lines[4] = '        return keras.losses.binary_crossentropy(y_true, y_pred)';
    assert.deepStrictEqual(foundIn(lines), []);
  });
});
