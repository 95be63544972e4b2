// Session 18 (round 29's leftovers and round 30): a trainer class made once per model, a sigmoid
// applied to probabilities before a 0.5 cut, exp of log-probabilities and log of probabilities.
// Every case fails on the session's first build but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');
const { lintJs } = require('./helpers/js-lint');

const rules = (lines) => lint(lines).map((f) => f.rule);

describe('round 30: a trainer class made twice, each with its own model', () => {
  before(() => initPython());
  const trainer = [
    'import tensorflow as tf',
    'class Trainer:',
    '    def __init__(self, model, loss_fn=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)):',
    '        self.model = model',
    '        self.loss_fn = loss_fn',
    '    def step(self, x, y):',
    '        with tf.GradientTape() as tape:',
    '            loss = self.loss_fn(y, self.model(x, training=True))',
    '        return loss',
    'soft = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(10, activation="softmax")])',
    'plain = tf.keras.Sequential([tf.keras.layers.Dense(32, activation="relu"), tf.keras.layers.Dense(10)])',
  ];
  it("each instance's uncalled methods run with its own attributes: the softmax model's from_logits loss is found, given or by default", () => {
    assert.deepStrictEqual(rules([...trainer, 't1 = Trainer(soft)', 't2 = Trainer(plain)']), ['softmax-before-logits-loss']);
    const loss = 'tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)';
    assert.deepStrictEqual(rules([...trainer, `t1 = Trainer(soft, ${loss})`, `t2 = Trainer(plain, ${loss})`]), ['softmax-before-logits-loss']);
  });
  it('guard: two instances over the logits model only are clean', () => {
    assert.deepStrictEqual(rules([...trainer, 't1 = Trainer(plain)', 't2 = Trainer(plain)']), []);
  });
});

describe('round 30: a 0.5 cut after a second sigmoid is a cut at 0 of the probabilities', () => {
  before(() => initPython());
  const sigmoidHead = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(net(x), y)'];
  it('torch.round(torch.sigmoid(p)), torch.sigmoid(p) > 0.5 on a sigmoid head: reported, removing the second sigmoid suggested', () => {
    for (const cut of ['acc = (torch.round(torch.sigmoid(net(x))) == y).float().mean()', 'hit = (torch.sigmoid(net(x)) > 0.5).eq(y)', 'p = net(x)\nq = p.sigmoid()\nacc = (q.round() == y).float().mean()']) {
      const found = lint([...sigmoidHead, cut]);
      assert.deepStrictEqual(found.map((f) => f.rule), ['zero-threshold-on-probabilities'], cut);
      assert.match(found[0].suggestions[0], /^Remove .*sigmoid.* \(the values already are probabilities\)$/, cut);
    }
  });
  it('guards: the tutorial recipe (logits, BCEWithLogitsLoss, one sigmoid) and a sigmoid of another activation are clean', () => {
    const logits = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1))', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    assert.deepStrictEqual(rules([...logits, 'acc = (torch.round(torch.sigmoid(net(x))) == y).float().mean()']), []);
    assert.deepStrictEqual(rules([...sigmoidHead, 'acc = (torch.round(torch.sigmoid(torch.tanh(net(x)))) == y).float().mean()']), []);
  });
  it("guard: the seed's case (a sigmoid in forward and BCEWithLogitsLoss) reports the loss, not the cut, which is right once the first sigmoid goes", () => {
    const seed = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)', 'acc = (torch.round(torch.sigmoid(net(x))) == y).float().mean()'];
    assert.deepStrictEqual(rules(seed), ['sigmoid-before-logits-loss']);
  });
  it('Keras (tf.nn.sigmoid of predict) and tfjs (tf.sigmoid(...).greater(0.5)) too', () => {
    const keras = ['import tensorflow as tf', 'from tensorflow import keras', 'm = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])', 'm.compile(optimizer="adam", loss="binary_crossentropy")', 'm.fit(X, Y)', 'pred = (tf.nn.sigmoid(m.predict(Xt)).numpy() > 0.5).astype(int)'];
    assert.deepStrictEqual(rules(keras), ['zero-threshold-on-probabilities']);
    const tfjs = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'await model.fit(xs, ys);', 'const acc = tf.sigmoid(model.predict(xt)).greater(0.5).equal(yt.toBool()).mean();'];
    assert.deepStrictEqual(lintJs(tfjs), [{ rule: 'zero-threshold-on-probabilities', fix: false, suggestions: 0 }]);
  });
});

describe('round 30: exp of log-probabilities, log of probabilities', () => {
  before(() => initPython());
  const logSoftmaxNet = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'net = nn.Sequential(nn.Linear(4, 3), nn.LogSoftmax(dim=1))'];
  it('torch.exp(log_softmax output) into CrossEntropyLoss is softmax probabilities there: reported, the fix removes the exp', () => {
    const found = lint([...logSoftmaxNet, 'loss = nn.CrossEntropyLoss()(torch.exp(net(x)), y)']);
    assert.deepStrictEqual(found.map((f) => f.rule), ['softmax-before-logits-loss']);
    assert.match(found[0].fix ?? found[0].suggestions[0], /^Remove torch\.exp/);
  });
  it('guard: torch.log(softmax output) into NLLLoss is log-probabilities, clean; the softmax output itself is still reported', () => {
    const softmaxNet = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))'];
    assert.deepStrictEqual(rules([...softmaxNet, 'loss = nn.NLLLoss()(torch.log(net(x)), y)']), []);
    assert.deepStrictEqual(rules([...softmaxNet, 'loss = nn.NLLLoss()(net(x), y)']), ['nll-loss-input']);
  });
});

describe('round 30: a second activation before a loss that takes what it outputs', () => {
  before(() => initPython());
  it('BCELoss(torch.sigmoid(p)) on a sigmoid head is BCEWithLogitsLoss of probabilities: sigmoid-before-logits-loss, removing the second sigmoid suggested', () => {
    const found = lint(['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(torch.sigmoid(net(x)), y)']);
    assert.deepStrictEqual(found.map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual([found[0].fix, found[0].suggestions], [undefined, ['Remove torch.sigmoid(...) (the values already are probabilities)']]);
  });
  it('NLLLoss or cross-entropy of F.log_softmax(p) on a softmax head: softmax-before-logits-loss, removing the softmax suggested', () => {
    const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'net = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))'];
    for (const loss of ['loss = F.nll_loss(F.log_softmax(net(x), dim=1), y)', 'loss = nn.CrossEntropyLoss()(net(x).log_softmax(dim=-1), y)']) {
      const found = lint([...head, loss]);
      assert.deepStrictEqual(found.map((f) => f.rule), ['softmax-before-logits-loss'], loss);
      assert.match(found[0].suggestions[0], /^Remove nn\.Softmax\(\.\.\.\) \(log_softmax applies it again\)$/, loss);
    }
  });
  it('guards: BCELoss of one sigmoid over logits, and NLLLoss of log_softmax over logits, are clean', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1))', 'loss = nn.BCELoss()(torch.sigmoid(net(x)), y)']), []);
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'net = nn.Sequential(nn.Linear(4, 3))', 'loss = F.nll_loss(F.log_softmax(net(x), dim=1), y)']), []);
  });
});

describe('round 30: false positives, harmful fixes and a crash', () => {
  before(() => initPython());
  it('a list or dict that holds itself (`a[0] = a`, `xs.append(xs)`) is analysed, not an internal error', () => {
    const { lintProject } = require('../out/rules');
    const file = '/virtual/cyc.py';
    const text = ['import torch', 'import torch.nn as nn', 'a = [None]', 'a[0] = a', 'b = []', 'b.append(b)', 'd = {}', 'd["me"] = d', 'net = nn.Sequential(nn.Linear(4, 1))', 'torch.save([a, b, d, net], "f")', 'loss = nn.BCELoss()(net(x), y)', ''].join('\n');
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.messages ?? [], []);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
  });
  it('a softmax over several units into a sigmoid loss (one column into BCEWithLogitsLoss): removing it is a suggestion, as the docs say', () => {
    const found = lint(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 2), nn.Softmax(dim=1))', 'loss = nn.BCEWithLogitsLoss()(model(x)[:, 1], y)', 'pred = model(x).argmax(dim=1)']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['softmax-before-logits-loss', undefined]]);
    assert.strictEqual(found[0].suggestions.length, 2);
  });
  it("PyTorch's own CrossEntropyLoss example (softmax of random data as soft targets) is no swapped call", () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'logits = torch.randn(3, 5, requires_grad=True)', 'target = torch.randn(3, 5).softmax(dim=1)', 'loss = nn.CrossEntropyLoss()(logits, target)']), []);
  });
  it("argmax of one sample's prediction compared with a loop's key (the next-word idiom), or predicted with batch_size=: no batch evidence", () => {
    const head = ['import numpy as np', 'import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5, activation="softmax")])'];
    assert.deepStrictEqual(rules([...head, 'p = model.predict(seq)', 'for w, i in word_index.items():', '    if i == np.argmax(p):', '        print(w)']), []);
    assert.deepStrictEqual(rules([...head, 'print(np.argmax(model.predict(seq, batch_size=10)))']), []);
  });
  it('guard: the same argmax compared with labels, or on an input named a batch, is still reported', () => {
    const head = ['import numpy as np', 'import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5, activation="softmax")])'];
    assert.deepStrictEqual(rules([...head, 'acc = np.mean(np.argmax(model.predict(x_test)) == y_test)']), ['argmax-batch-axis']);
    assert.deepStrictEqual(rules([...head, 'print(np.argmax(model.predict(x_batch, batch_size=10)))']), ['argmax-batch-axis']);
  });
});

describe('round 30: models saved by what the code only sets up (the fix that changes their outputs is a suggestion)', () => {
  before(() => initPython());
  const keras = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
  const fixOf = (lines) => lint(lines).map((f) => [f.rule, !!f.fix]);
  it('a ModelCheckpoint callback (whole model), a callback class of the file, the History\'s model saved, mlflow autologging', () => {
    for (const extra of [
      ['ckpt = keras.callbacks.ModelCheckpoint("best.h5", save_best_only=True)', 'model.fit(x, y, epochs=3, callbacks=[ckpt])'],
      ['class SaveBest(keras.callbacks.Callback):', '    def on_epoch_end(self, epoch, logs=None):', '        self.model.save("best.keras")', 'model.fit(x, y, callbacks=[SaveBest()])'],
      ['hist = model.fit(x, y, epochs=3)', 'hist.model.save("final.keras")'],
      ['import mlflow', 'mlflow.keras.autolog()', 'model.fit(x, y, epochs=3)'],
      // (Round 49: the weights alone are read by whoever loads them into the architecture.)
      ['ckpt = keras.callbacks.ModelCheckpoint("w.h5", save_weights_only=True)', 'model.fit(x, y, callbacks=[ckpt])'],
    ]) assert.deepStrictEqual(fixOf([...keras, ...extra]), [['logits-into-probability-loss', false]], extra.join('\n'));
  });
  it('guards: fit without callbacks keeps the safe fix', () => {
    assert.deepStrictEqual(fixOf([...keras, 'model.fit(x, y, epochs=3)']), [['logits-into-probability-loss', true]]);
  });
  it('tfjs: a tf.Callback subclass of the file that saves this.model makes the loss switch a suggestion', () => {
    const lines = ["import * as tf from '@tensorflow/tfjs';", 'class SaveBest extends tf.Callback {', '  async onEpochEnd(epoch, logs) { await this.model.save("file://./best"); }', '}', 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [6] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"];
    assert.deepStrictEqual(lintJs([...lines, 'await model.fit(xs, ys, { epochs: 20, callbacks: [new SaveBest()] });']), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }]);
    assert.deepStrictEqual(lintJs([...lines, 'await model.fit(xs, ys, { epochs: 20 });']), [{ rule: 'logits-into-probability-loss', fix: true, suggestions: 1 }], 'guard: no callbacks');
  });
});

describe('round 30: misses', () => {
  before(() => initPython());
  it("a unittest TestCase's setUp attributes are the tests' (hippolytemayard/therapanacea-project's shape)", () => {
    const lines = ['import unittest', 'import torch', 'from torch import nn', 'class TestModel(unittest.TestCase):', '    def setUp(self):', '        self.model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', '        self.criterion = nn.BCEWithLogitsLoss()', '    def test_step(self):', '        loss = self.criterion(self.model(torch.randn(4, 10)), torch.ones(4, 1))'];
    assert.deepStrictEqual(rules(lines), ['sigmoid-before-logits-loss']);
  });
  it('a dataclass field built by default_factory (field(default_factory=nn.BCEWithLogitsLoss))', () => {
    const lines = ['from dataclasses import dataclass, field', 'import torch', 'from torch import nn', '@dataclass', 'class Cfg:', '    loss_fn: nn.Module = field(default_factory=nn.BCEWithLogitsLoss)', 'net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'cfg = Cfg()', 'loss = cfg.loss_fn(net(x), y)'];
    assert.deepStrictEqual(rules(lines), ['sigmoid-before-logits-loss']);
  });
  it('labels made by a cut of other values (`labels = torch.rand(8, 1).round()`) are labels: `(out > 0) == labels` on a sigmoid output is reported', () => {
    const lines = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(5, 1), nn.Sigmoid())', 'labels = torch.rand(8, 1).round()', 'nn.BCELoss()(model(x), labels).backward()', 'acc = ((model(x) > 0).float() == labels).float().mean()'];
    assert.deepStrictEqual(rules(lines), ['zero-threshold-on-probabilities']);
    assert.deepStrictEqual(rules([...lines.slice(0, 5), 'ok = ((model(x) >= 0) == (model(x) <= 1)).all()']), [], 'guard: two cuts of the same values are a check');
  });
  it('Lambda(lambda t: tf.nn.softmax(t, axis=-1)) is a softmax layer', () => {
    const lines = ['import tensorflow as tf', 'from tensorflow.keras import layers', 'model = tf.keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(5), layers.Lambda(lambda t: tf.nn.softmax(t, axis=-1))])', 'model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))'];
    assert.deepStrictEqual(rules(lines), ['softmax-before-logits-loss']);
  });
});

describe('round 30b: a second sigmoid after a sigmoid written outside the model', () => {
  before(() => initPython());
  it('logits trained with BCEWithLogitsLoss, torch.sigmoid applied, then torch.round(torch.sigmoid(prob)): reported (the loss took the logits, not the first sigmoid)', () => {
    const lines = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(30, 1))', 'loss = nn.BCEWithLogitsLoss()(model(xb), yb)', 'prob = torch.sigmoid(model(X_test))', 'pred = torch.round(torch.sigmoid(prob))'];
    assert.deepStrictEqual(rules(lines), ['zero-threshold-on-probabilities']);
  });
  it('an inference script (no loss in view) rounding a sigmoid of a sigmoid head: reported; its `> 0` alone is not (guard: no loss, no classifier known)', () => {
    const head = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())'];
    assert.deepStrictEqual(rules([...head, 'pred = torch.round(torch.sigmoid(model(x)))']), ['zero-threshold-on-probabilities']);
    assert.deepStrictEqual(rules([...head, 'acc = ((model(x) > 0).float() == y).float().mean()']), []);
  });
});

describe("round 30b: topk(1) is the Udacity course's argmax", () => {
  before(() => initPython());
  const body = ['with torch.no_grad():', '    ps = torch.exp(model(images))', '    top_p, top_class = ps.topk(1, dim=1)', '    equals = top_class == labels.view(*top_class.shape)'];
  it('on a one-unit output it is always class 0: argmax-single-unit, with no edit (it returns values and indices)', () => {
    const found = lint(['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(784, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(model(images), labels)', 'with torch.no_grad():', '    top_p, top_class = model(images).topk(1, dim=1)', '    equals = top_class == labels.view(*top_class.shape)']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions.length]), [['argmax-single-unit', undefined, 0]]);
  });
  it('guard: over ten classes (the course notebook itself) it is clean', () => {
    assert.deepStrictEqual(rules(['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(784, 10), nn.LogSoftmax(dim=1))', 'loss = nn.NLLLoss()(model(images), labels)', ...body]), []);
  });
});

describe('round 30b: instances made by the runs of their own class', () => {
  before(() => initPython());
  it('guard (against this session\'s own regression): `return Box(self.a0.move(d))` run once per instance does not run the instances it makes (they used the whole step budget: later code went unread)', () => {
    const lines = ['import torch', 'from torch import nn', 'class Box(object):', '    def __init__(self, a0):', '        self.a0 = a0', '    def move(self, device):', '        return Box(self.a0.move(device))', 'def make():', '    return Box(torch.zeros(4))', 'class Trainer:', '    def fit(self, x, y):', '        net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', '        return nn.BCEWithLogitsLoss()(net(x), y)'];
    assert.deepStrictEqual(rules(lines), ['sigmoid-before-logits-loss']);
  });
});

describe('round 30b: a helper applying the second sigmoid to a sigmoid model and a logits model', () => {
  before(() => initPython());
  it('the sigmoid model\'s cut is reported with no edit: removing the helper\'s sigmoid would break the logits caller', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'def predict_proba(m, x):', '    return torch.sigmoid(m(x))', 'p = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'l = nn.Sequential(nn.Linear(8, 1))', 'loss = nn.BCELoss()(p(x), y) + nn.BCEWithLogitsLoss()(l(x), y)', 'a = (predict_proba(p, x) > 0.5).float()', 'b = (predict_proba(l, x) > 0.5).float()'];
    assert.deepStrictEqual(lint(lines).map((f) => [f.rule, f.fix, f.suggestions]), [['zero-threshold-on-probabilities', undefined, []]]);
  });
});
