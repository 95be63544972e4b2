// Red team round 20 (session 13): shapes found in code nobody had used before, and session 12's leftovers.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);

describe('round 20: configuration read through calls', () => {
  before(() => initPython());

  it('`cfg = dict(loss=...)` splatted into compile is read like a dict literal; changed or built from another dict, it is not', () => {
    const head = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])'];
    const [f] = lint([...head, 'cfg = dict(optimizer="adam", loss="binary_crossentropy")', 'model.compile(**cfg)']);
    assert.strictEqual(f?.rule, 'logits-into-probability-loss');
    assert.strictEqual(f.fix, undefined, 'the value is written elsewhere, maybe for other calls: no fix at the splat');
    assert.deepStrictEqual(rulesOf([...head, 'cfg = dict(base, loss="binary_crossentropy")', 'model.compile(**cfg)']), []);
    assert.deepStrictEqual(rulesOf([...head, 'cfg = dict(loss="binary_crossentropy")', 'cfg.update(loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.compile(**cfg)']), []);
    assert.deepStrictEqual(rulesOf([...head, 'cfg = dict(loss="binary_crossentropy", **extra)', 'model.compile(**cfg)']), []);
  });
});
