// Red team round 50 (rt50b)'s harmful safe fixes, all from one fix: a linear head trained with a
// probability loss, whose loss logits-into-probability-loss switches to the one that takes logits
// (Keras from_logits=True, PyTorch BCEWithLogitsLoss), leaving readers of the outputs it does not
// rewrite reading logits as probabilities: metric objects applied by the code (a GradientTape loop,
// a train_step, update_state on predict()), compile metrics it does not know ('TruePositives',
// tfa's F1Score, KLDivergence, AUC with thresholds), arithmetic before a cut (`1 - p > 0.5`,
// `-p < -0.5`, `np.clip(p, 0, 1) > 0.5`), a join of branches, weights applied by hand or saved with
// `*`. Those make the switch a suggestion. The metric rewrite sets an argument given by position
// where it is (`Precision(0.5)` -> `Precision(0.0)`, not a TypeError), and leaves the metrics of a
// recompile with "mse" as they are. Every case fails on the frozen build (/work/s38a, 7356e02) but
// the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines, fixedLines, foundIn } = require('./lint-text');

const fixed = fixedLines;
const found = foundIn;
const lossFinding = (lines) => found(lines).find((f) => f[0] === 'logits-into-probability-loss');

const HEAD = ['import numpy as np', 'import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers',
  'model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(1)])'];
const COMPILED = [...HEAD, 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'p = model.predict(x)'];
const compiledWith = (metrics) => [...HEAD, `model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[${metrics}])`, 'model.fit(x, y)'];
const TAPE = (metric, use) => [...HEAD, 'loss_fn = keras.losses.BinaryCrossentropy()', 'opt = keras.optimizers.Adam()', metric,
  'for xb, yb in ds:', '    with tf.GradientTape() as tape:', '        out = model(xb, training=True)', '        loss = loss_fn(yb, out)',
  '    grads = tape.gradient(loss, model.trainable_variables)', '    opt.apply_gradients(zip(grads, model.trainable_variables))', `    ${use}`];

describe('round 50: metric objects the code applies to the outputs make the loss switch a suggestion', () => {
  before(() => initPython());
  const cases = {
    'BinaryAccuracy().update_state(yb, out) in a GradientTape loop': TAPE('acc = keras.metrics.BinaryAccuracy()', 'acc.update_state(yb, out)'),
    'auc(yb, out) in a GradientTape loop': TAPE('auc = keras.metrics.AUC()', 'auc(yb, out)'),
    'BinaryAccuracy().update_state(y, model.predict(x))': [...COMPILED, 'm = keras.metrics.BinaryAccuracy()', 'm.update_state(y, model.predict(x))', 'print(m.result())'],
    'self.acc in a train_step of its own': [...HEAD.slice(0, 4), 'class M(keras.Model):', '    def __init__(self):', '        super().__init__()',
      '        self.h = layers.Dense(16, activation="relu")', '        self.o = layers.Dense(1)', '        self.bce = keras.losses.BinaryCrossentropy()',
      '        self.acc = keras.metrics.BinaryAccuracy()', '    def call(self, t):', '        return self.o(self.h(t))', '    def train_step(self, data):',
      '        xb, yb = data', '        with tf.GradientTape() as tape:', '            out = self(xb, training=True)', '            loss = self.bce(yb, out)',
      '        self.optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))',
      '        self.acc.update_state(yb, out)', '        return {"loss": loss, "acc": self.acc.result()}', 'm = M()', 'm.compile(optimizer="adam")', 'm.fit(ds)'],
  };
  for (const [name, lines] of Object.entries(cases)) {
    it(name, () => assert.deepStrictEqual(lossFinding(lines)?.[2], 'suggestion', lines.join('\n')));
  }
  it('guard: the same loop with a metric that cuts at 0 already keeps the safe switch', () => {
    assert.strictEqual(lossFinding(TAPE('acc = keras.metrics.BinaryAccuracy(threshold=0.0)', 'acc.update_state(yb, out)'))?.[2], 'fix');
  });
});

describe('round 50: the metric rewrite sets the argument given by position', () => {
  before(() => initPython());
  const cases = {
    'BinaryAccuracy("acc", None, 0.5)': ['keras.metrics.BinaryAccuracy("acc", None, 0.5)', 'keras.metrics.BinaryAccuracy("acc", None, 0.0)'],
    'Precision(0.5)': ['keras.metrics.Precision(0.5)', 'keras.metrics.Precision(0.0)'],
    'TruePositives(0.5) and Recall(0.5, None, None, "rec")': ['keras.metrics.TruePositives(0.5), keras.metrics.Recall(0.5, None, None, "rec")', 'keras.metrics.TruePositives(0.0), keras.metrics.Recall(0.0, None, None, "rec")'],
    'metrics.BinaryCrossentropy("bce", None, False)': ['keras.metrics.BinaryCrossentropy("bce", None, False)', 'keras.metrics.BinaryCrossentropy("bce", None, True)'],
    'AUC(..., from_logits=False as its 10th argument)': ['keras.metrics.AUC(200, "ROC", "interpolation", "auc", None, None, False, None, None, False)', 'keras.metrics.AUC(200, "ROC", "interpolation", "auc", None, None, False, None, None, True)'],
  };
  for (const [name, [metric, expected]] of Object.entries(cases)) {
    it(name, () => {
      const text = fixed(compiledWith(metric));
      assert.ok(text.includes('from_logits=True)'), text);
      assert.ok(text.includes(`metrics=[${expected}]`), text);
    });
  }
});

describe('round 50: compile metrics the rewrite does not know make the loss switch a suggestion', () => {
  before(() => initPython());
  const cases = {
    'the string "TruePositives"': '"accuracy", "Precision", "Recall", "TruePositives"',
    'tfa.metrics.F1Score(threshold=0.5)': 'tfa.metrics.F1Score(num_classes=1, threshold=0.5)',
    'AUC(thresholds=[0.2, 0.8])': 'keras.metrics.AUC(num_thresholds=50, thresholds=[0.2, 0.8])',
    'keras.metrics.KLDivergence()': '"accuracy", keras.metrics.KLDivergence()',
    '"mse"': '"accuracy", "mse"',
    'a metric function of a library': 'keras.metrics.mean_absolute_error',
  };
  for (const [name, metrics] of Object.entries(cases)) {
    it(name, () => assert.strictEqual(lossFinding(compiledWith(metrics))?.[2], 'suggestion', metrics));
  }
  it('guard: accuracy, Precision, Recall, AUC and the argmax accuracies keep the safe switch (rewritten with it)', () => {
    const lines = compiledWith('"accuracy", "Precision", keras.metrics.Recall(), keras.metrics.AUC(), "categorical_accuracy", keras.metrics.TopKCategoricalAccuracy(k=1)');
    assert.strictEqual(lossFinding(lines)?.[2], 'fix');
    const text = fixed(lines);
    assert.ok(text.includes('keras.metrics.Recall(thresholds=0.0), keras.metrics.AUC(from_logits=True)'), text);
  });
});

describe('round 50: values computed from the outputs and then cut make the loss switch a suggestion', () => {
  before(() => initPython());
  const cases = {
    '1 - p > 0.5': ['q = 1 - p', 'print(q > 0.5)'],
    'np.abs(p - 0.5) > 0.4': ['conf = np.abs(p - 0.5)', 'print(conf > 0.4)'],
    '(p - 0.5) > 0': ['print((p - 0.5) > 0)'],
    '(2 * p - 1) > 0': ['print((2 * p - 1) > 0)'],
    '-p < -0.5 beside 0.5 < p': ['print(0.5 < p, -p < -0.5)'],
    'q = -p; q < -0.5': ['q = -p', 'print(q < -0.5)'],
    'p / (1 - p) > 1': ['odds = p / (1 - p)', 'print(odds > 1)'],
    'p ** 2 > 0.25': ['print(p ** 2 > 0.25)'],
    'np.clip(p, 0, 1) > 0.5': ['q = np.clip(p, 0, 1)', 'print(q > 0.5)'],
    'tf.clip_by_value(p, 0.0, 1.0) > 0.5': ['print(tf.clip_by_value(p, 0.0, 1.0) > 0.5)'],
  };
  for (const [name, extra] of Object.entries(cases)) {
    it(name, () => assert.strictEqual(lossFinding([...COMPILED, ...extra])?.[2], 'suggestion', extra.join('\n')));
  }
  it('guard: the tutorial case keeps its safe switch, with its cut at 0.5 rewritten to 0 (Keras)', () => {
    const text = fixed([...COMPILED, 'print(np.mean((p > 0.5) == y))', 'print(np.mean(p.std(axis=0)))']);
    assert.ok(text.includes('keras.losses.BinaryCrossentropy(from_logits=True)'), text);
    assert.ok(text.includes('print(np.mean((p > 0) == y))'), text);
  });
  it('guard: the PyTorch tutorial case keeps its safe switch to BCEWithLogitsLoss, with its cut rewritten', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))',
      'criterion = nn.BCELoss()', 'opt = torch.optim.Adam(model.parameters())', 'for xb, yb in loader:', '    out = model(xb)',
      '    loss = criterion(out, yb)', '    opt.zero_grad()', '    loss.backward()', '    opt.step()',
      'with torch.no_grad():', '    pred = model(xt)', '    acc = ((pred > 0.5).float() == yt).float().mean()', '    print(acc.item())'];
    const text = fixed(lines);
    assert.ok(text.includes('nn.BCEWithLogitsLoss()'), text);
    assert.ok(text.includes('acc = ((pred > 0).float() == yt).float().mean()'), text);
  });
});

describe('round 50: outputs reached through weights, a join of branches; a recompile with mse', () => {
  before(() => initPython());
  const cases = {
    'get_weights() applied by hand': ['ws = model.get_weights()', 'z = np.maximum(x @ ws[0] + ws[1], 0) @ ws[2] + ws[3]', 'print(z > 0.5)'],
    'get_weights() indexed in a matmul': ['W = model.get_weights()', 'print(((np.maximum(x @ W[0] + W[1], 0) @ W[2] + W[3]) > 0.5).mean())'],
    'np.savez(f, *model.get_weights())': ['np.savez("w.npz", *model.get_weights())'],
    'p reassigned in one branch to a sigmoid model\'s output, then cut': ['other = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])',
      'other.compile(optimizer="adam", loss="binary_crossentropy")', 'other.fit(x, y)', 'if len(sys.argv) > 1:', '    p = other.predict(x)', 'print(p > 0.5)'],
  };
  for (const [name, extra] of Object.entries(cases)) {
    it(name, () => assert.strictEqual(lossFinding([...COMPILED, ...extra])?.[2], 'suggestion', extra.join('\n')));
  }
  it('a second compile with loss="mse" keeps its "accuracy" metric', () => {
    const text = fixed([...HEAD, 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])', 'model.fit(x, y)']);
    assert.ok(text.includes('loss=keras.losses.BinaryCrossentropy(from_logits=True))'), text);
    assert.ok(text.includes('model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])'), text);
  });
  it('guard: its own best weights restored, a weight penalty keep the safe switch', () => {
    assert.strictEqual(lossFinding([...COMPILED, 'best = model.get_weights()', 'model.fit(x, y)', 'model.set_weights(best)', 'print(p > 0.5)'])?.[2], 'fix');
    assert.strictEqual(lossFinding([...COMPILED, 'penalty = np.sum(model.get_weights()[0] ** 2)', 'print(penalty)', 'print(p > 0.5)'])?.[2], 'fix');
  });
  it('guard: a join of two predictions of the same model, then cut, keeps the safe switch', () => {
    assert.strictEqual(lossFinding([...COMPILED, 'if len(sys.argv) > 1:', '    p = model.predict(x2)', 'print(p > 0.5)'])?.[2], 'fix');
  });
});
