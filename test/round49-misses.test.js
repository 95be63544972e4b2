// Red team round 48's leftovers, mended in round 49: logits through torch's selection ops (gather,
// index_select, take_along_dim, narrow, chunk, split, unbind, masked_select); probabilities mapped
// by numbers into [0, 1] (`sigmoid(z) * 0.98 + 0.01`); Keras log_softmax heads given a probability
// loss; the hard sigmoid as a sigmoid; scikit-learn's log_loss on logits. Each case next to the
// shapes that stay silent (the guards, named so).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const rules = (lines) => brief(lintLines(lines)).map((f) => f.slice(0, 2));
const silent = (lines, why) => assert.deepStrictEqual(brief(lintLines(lines)), [], why);
/** The text each edit of every finding (fix and suggestions) replaces, and with what. */
const edits = (lines) => {
  const text = lines.join('\n') + '\n';
  return lintLines(lines).findings.flatMap((f) => [...(f.fix ? f.fix.edits : []), ...f.suggestions.flatMap((s) => s.edits ?? [])]).map((e) => [text.slice(e.start, e.end), e.text]);
};

describe('round 49: logits keep what they are through torch\'s selection ops', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(16, 6)', 'x = torch.randn(32, 16)', 'y = torch.randint(0, 2, (32, 6)).float()',
    'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'idx = torch.randint(0, 6, (32, 3))', 'm = y.bool()'];
  const cut = (expr) => rules([...head, `pred = (${expr} > 0.5).float()`]);
  it('gather, index_select, take_along_dim, narrow, masked_select (function and method forms): a 0.5 cut of logits', () => {
    for (const expr of ['out.gather(1, idx)', 'torch.gather(out, 1, idx)', 'out.index_select(1, torch.tensor([0, 2]))', 'torch.index_select(out, 1, torch.tensor([0, 2]))',
      'torch.take_along_dim(out, idx, dim=1)', 'out.take_along_dim(idx, dim=1)', 'out.narrow(1, 0, 3)', 'torch.narrow(out, 1, 0, 3)', 'out.masked_select(m)', 'torch.masked_select(out, m)', 'out.t()']) {
      assert.deepStrictEqual(cut(expr), [['threshold-logits', 10]], expr);
    }
  });
  it('the pieces of chunk, split and unbind, unpacked or indexed', () => {
    for (const expr of ['out.chunk(2, dim=1)[0]', 'torch.chunk(out, 3, 1)[2]', 'out.split([3, 3], dim=1)[1]', 'torch.split(out, 2, dim=1)[0]', 'out.unbind(1)[0]', 'torch.unbind(out, dim=1)[5]', 'out.unbind()[0]']) {
      assert.deepStrictEqual(cut(expr), [['threshold-logits', 10]], expr);
    }
    assert.deepStrictEqual(rules([...head, 'a, b = out.chunk(2, dim=1)', 'print((b > 0.5).float())']), [['threshold-logits', 11]]);
  });
  it('a softmax selected and given to cross-entropy is still a softmax before a logits loss', () => {
    const lines = ['import torch', 'import torch.nn.functional as F', 'from torch import nn', 'model = nn.Linear(16, 6)', 'x, y = torch.randn(8, 16), torch.randint(0, 6, (8,))',
      'probs = F.softmax(model(x), dim=1)', 'loss = F.cross_entropy(probs.narrow(1, 0, 6), y)'];
    assert.deepStrictEqual(rules(lines), [['softmax-before-logits-loss', 7]]);
  });
  it('guard: probabilities selected and cut at 0.5, a confidence picked back, or a tensor of unknown values: silent', () => {
    const probs = ['import torch', 'import torch.nn.functional as F', 'from torch import nn', 'model = nn.Linear(16, 6)', 'x, y = torch.randn(8, 16), torch.randint(0, 6, (8,))',
      'out = model(x)', 'loss = nn.CrossEntropyLoss()(out, y)', 'probs = F.softmax(out, dim=1)'];
    silent([...probs, 'conf = probs.gather(1, probs.argmax(1, keepdim=True))', 'print((conf > 0.5).float())'], 'a confidence');
    silent([...probs, 'a, b = probs.chunk(2, dim=1)', 'print(a > 0.5, probs.index_select(1, torch.tensor([0, 1])) > 0.5, probs.unbind(1)[0] > 0.5)'], 'probabilities');
    silent(['import torch', 'u = torch.randn(8, 6)', 'print(u.gather(1, torch.zeros(8, 1).long()) > 0.5, u.unbind(1)[0] > 0.5)'], 'unknown values');
  });
});

describe('round 49: probabilities mapped by numbers into [0, 1] are still probabilities', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'x = torch.randn(32, 16)', 'y = torch.randint(0, 2, (32, 1)).float()', 'fc = nn.Linear(16, 1)', 'p = torch.sigmoid(fc(x))'];
  const bce = (expr) => rules([...head, `loss = F.binary_cross_entropy_with_logits(${expr}, y)`]);
  it('sigmoid(z) * 0.98 + 0.01 returned by forward into BCEWithLogitsLoss: reported, the sigmoid not removed', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)',
      '    def forward(self, x):', '        return torch.sigmoid(self.fc(x)) * 0.98 + 0.01', 'm = Net()', 'loss = nn.BCEWithLogitsLoss()(m(torch.randn(32, 16)), torch.rand(32, 1).round())'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['sigmoid-before-logits-loss', 10, 'suggestion']]);
    assert.match(lintLines(lines).findings[0].message, /mapped into \[0, 1\]/);
    assert.deepStrictEqual(edits(lines), [['BCEWithLogitsLoss', 'BCELoss']]);
  });
  it('other spellings of the same map: offset first, divided, a named epsilon, step by step in place', () => {
    for (const expr of ['0.01 + 0.98 * p', '(p + 0.01) / 1.02', 'p * (1 - 2 * EPS) + EPS', 'p / 2']) {
      assert.deepStrictEqual(rules([...head, 'EPS = 1e-3', `loss = F.binary_cross_entropy_with_logits(${expr}, y)`]), [['sigmoid-before-logits-loss', 9]], expr);
    }
    assert.deepStrictEqual(rules([...head, 'q = p * 0.9', 'q += 0.05', 'loss = F.binary_cross_entropy_with_logits(q, y)']), [['sigmoid-before-logits-loss', 10]]);
  });
  it('the same map written as calls: p.mul(0.98).add(0.01), torch.add(torch.mul(p, 0.98), 0.01)', () => {
    assert.deepStrictEqual(bce('p.mul(0.98).add(0.01)'), [['sigmoid-before-logits-loss', 8]]);
    assert.deepStrictEqual(bce('torch.add(torch.mul(p, 0.98), 0.01)'), [['sigmoid-before-logits-loss', 8]]);
    silent([...head, 'loss = F.binary_cross_entropy_with_logits(p.mul(2).sub(1), y)', 'l2 = F.binary_cross_entropy_with_logits(p.add(0.01, alpha=2), y)'], 'out of range, or alpha');
  });
  it('a softmax squeezed the same way into cross-entropy: softmax before a logits loss, no edit', () => {
    const lines = [...head, 'fc3 = nn.Linear(16, 5)', 's = F.softmax(fc3(x), dim=1) * 0.9 + 0.02', 'loss = F.cross_entropy(s, torch.randint(0, 5, (32,)))'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['softmax-before-logits-loss', 10, 'none']]);
  });
  it('a cut at 0 of probabilities halved: reported, with no rewrite to 0.5', () => {
    const lines = [...head, 'loss = nn.BCELoss()(p, y)', 'q = p * 0.5', 'acc = ((q > 0).float() == y).float().mean()'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['zero-threshold-on-probabilities', 10, 'none']]);
  });
  it('guard: maps that leave [0, 1], reverse the order, or use values we do not know; logits mapped: silent', () => {
    for (const expr of ['p * 2 - 1', 'p + 0.01', '1 - p', 'p * 1.2 - 0.1', '-0.5 * p + 1', 'p * 10', 'fc(x) * 0.98 + 0.01', 'p * s + 0.01']) {
      silent([...head, 's = float(input())', `loss = F.binary_cross_entropy_with_logits(${expr}, y)`], expr);
    }
    silent([...head, 'def squash(v, a):', '    return v * a + 0.01', 'loss = F.binary_cross_entropy_with_logits(squash(p, cfg.a), y)'], 'a scale we cannot read');
    silent([...head, 'loss = nn.BCELoss()(p * 0.98 + 0.01, y)', 'print(((p * 0.98 + 0.01) > 0.5).float())'], 'a probability loss and a 0.5 cut');
  });
});

describe('round 49: Keras log_softmax heads given a loss that takes probabilities', () => {
  before(() => initPython());
  const head = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'import tensorflow as tf'];
  const seq = (act, loss) => [...head, `model = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)), layers.Dense(10, activation=${act})])`, `model.compile(optimizer="adam", loss=${loss}, metrics=["accuracy"])`];
  it('activation="log_softmax" with sparse_categorical_crossentropy / categorical_crossentropy: from_logits=True', () => {
    const lines = seq('"log_softmax"', '"sparse_categorical_crossentropy"');
    assert.deepStrictEqual(brief(lintLines(lines)), [['logits-into-probability-loss', 5, 'fix']]);
    assert.deepStrictEqual(edits(lines), [['"sparse_categorical_crossentropy"', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)']]);
    assert.deepStrictEqual(brief(lintLines(seq('tf.nn.log_softmax', 'keras.losses.CategoricalCrossentropy()'))), [['logits-into-probability-loss', 5, 'fix']]);
    assert.match(lintLines(seq('"log_softmax"', '"categorical_crossentropy"')).findings[0].message, /divides them by their sum/);
  });
  it('a log_softmax op ending a functional model', () => {
    const lines = [...head, 'inp = keras.Input((8,))', 'out = tf.nn.log_softmax(layers.Dense(4)(inp))', 'model = keras.Model(inp, out)', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")'];
    assert.deepStrictEqual(rules(lines), [['logits-into-probability-loss', 7]]);
  });
  it('a binary probability loss on log-probabilities: reported, no edit', () => {
    assert.deepStrictEqual(brief(lintLines(seq('"log_softmax"', '"binary_crossentropy"'))), [['logits-into-probability-loss', 5, 'none']]);
    const torch = ['import torch', 'import torch.nn.functional as F', 'from torch import nn', 'fc = nn.Linear(8, 3)', 'x, y = torch.randn(4, 8), torch.rand(4, 3).round()', 'loss = nn.BCELoss()(F.log_softmax(fc(x), dim=1), y)'];
    assert.deepStrictEqual(brief(lintLines(torch)), [['logits-into-probability-loss', 6, 'none']]);
  });
  it('guard: log_softmax with from_logits=True, or softmax with the probability loss: silent', () => {
    silent(seq('"log_softmax"', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)'), 'from_logits=True');
    silent(seq('"softmax"', '"sparse_categorical_crossentropy"'), 'softmax');
    const nll = ['import torch', 'import torch.nn.functional as F', 'from torch import nn', 'fc = nn.Linear(8, 3)', 'x, y = torch.randn(4, 8), torch.randint(0, 3, (4,))', 'loss = F.nll_loss(F.log_softmax(fc(x), dim=1), y)'];
    silent(nll, 'NLLLoss takes log-probabilities');
  });
});

describe('round 49: the hard sigmoid is a sigmoid', () => {
  before(() => initPython());
  const head = ['from tensorflow import keras', 'from tensorflow.keras import layers'];
  const seq = (act, loss) => [...head, `model = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)), ${act}])`, `model.compile(optimizer="adam", loss=${loss})`];
  it('Keras activation="hard_sigmoid", keras.activations.hard_sigmoid, Activation("hard_sigmoid") with from_logits=True', () => {
    const logits = 'keras.losses.BinaryCrossentropy(from_logits=True)';
    for (const act of ['layers.Dense(1, activation="hard_sigmoid")', 'layers.Dense(1, activation=keras.activations.hard_sigmoid)', 'layers.Dense(1), layers.Activation("hard_sigmoid")']) {
      assert.deepStrictEqual(rules(seq(act, logits)), [['sigmoid-before-logits-loss', 4]], act);
    }
  });
  it('PyTorch nn.Hardsigmoid and F.hardsigmoid into BCEWithLogitsLoss', () => {
    const t = ['import torch', 'import torch.nn.functional as F', 'from torch import nn', 'x, y = torch.randn(4, 8), torch.rand(4, 1).round()'];
    assert.deepStrictEqual(rules([...t, 'net = nn.Sequential(nn.Linear(8, 1), nn.Hardsigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)']), [['sigmoid-before-logits-loss', 6]]);
    assert.deepStrictEqual(rules([...t, 'fc = nn.Linear(8, 1)', 'loss = F.binary_cross_entropy_with_logits(F.hardsigmoid(fc(x)), y)']), [['sigmoid-before-logits-loss', 6]]);
  });
  it('guard: hard_sigmoid with a probability loss, hard_silu with from_logits=True: silent', () => {
    silent(seq('layers.Dense(1, activation="hard_sigmoid")', '"binary_crossentropy"'), 'probability loss');
    silent(seq('layers.Dense(1, activation="hard_silu")', 'keras.losses.BinaryCrossentropy(from_logits=True)'), 'no probability');
  });
});

describe('round 49: scikit-learn\'s log_loss on a logits head', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'from sklearn.metrics import log_loss, roc_auc_score', 'from sklearn import metrics', 'from tensorflow import keras', 'from tensorflow.keras import layers',
    'x, y = np.random.rand(64, 8), np.random.randint(0, 2, (64, 1))', 'model = keras.Sequential([layers.Dense(1, input_shape=(8,))])'];
  const trained = (loss) => [...keras, `model.compile(optimizer="adam", loss=${loss})`, 'model.fit(x, y)', 'p = model.predict(x)'];
  it('a Keras head trained with from_logits=True: log_loss (or metrics.log_loss) of its predictions, no edit', () => {
    const lines = [...trained('keras.losses.BinaryCrossentropy(from_logits=True)'), 'print(log_loss(y, p), metrics.log_loss(y_true=y, y_pred=p))'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['logits-into-probability-loss', 11, 'none'], ['logits-into-probability-loss', 11, 'none']]);
    assert.match(lintLines(lines).findings[0].message, /Apply a sigmoid/);
  });
  it('a PyTorch head trained with BCEWithLogitsLoss, its outputs as an array', () => {
    const lines = ['import torch', 'from torch import nn', 'from sklearn.metrics import log_loss', 'net = nn.Linear(8, 1)', 'x, y = torch.randn(4, 8), torch.rand(4, 1).round()',
      'nn.BCEWithLogitsLoss()(net(x), y).backward()', 'print(log_loss(y.numpy(), net(x).detach().numpy()))'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['logits-into-probability-loss', 7, 'none']]);
  });
  it('guard: roc_auc_score on logits (rank-based), log_loss on sigmoid outputs, on an untrained or a regression head: silent', () => {
    silent([...trained('keras.losses.BinaryCrossentropy(from_logits=True)'), 'print(roc_auc_score(y, p), metrics.roc_auc_score(y, p))'], 'AUC reads ranks');
    silent([...trained('"mse"'), 'print(log_loss(y, p))'], 'a regression head');
    silent([...keras, 'p = model.predict(x)', 'print(log_loss(y, p))'], 'no training seen');
    silent([...keras.slice(0, 6), 'model = keras.Sequential([layers.Dense(1, activation="sigmoid", input_shape=(8,))])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'print(log_loss(y, model.predict(x)))'], 'probabilities');
  });
});

describe('round 49: an activation chosen by a constructor argument left None', () => {
  before(() => initPython());
  const cls = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self, activation=None, loss="MSE"):', '        super().__init__()', '        self.layer = nn.Linear(16, 1)',
    '        self.activation = nn.Sigmoid() if activation == "sigmoid" else None', '        self.loss = nn.BCELoss() if loss == "BCE" else nn.MSELoss()', '    def forward(self, x):', '        out = self.layer(x)',
    '        if self.activation:', '            out = self.activation(out)', '        return out', 'x, y = torch.randn(4, 16), torch.rand(4, 1).round()'];
  it('`activation == "sigmoid"` of a parameter left None is false: the raw output goes into the BCELoss the other argument chose', () => {
    assert.deepStrictEqual(brief(lintLines([...cls, 'm = Net(loss="BCE")', 'print(m.loss(m(x), y))'])), [['logits-into-probability-loss', 16, 'suggestion']]);
    assert.deepStrictEqual(rules([...cls, 'm = Net(activation=None, loss="BCE")', 'print(m.loss(m(x), y))']), [['logits-into-probability-loss', 16]]);
  });
  it('a Lightning module built once with activation=None, loss="BCE": its training_step is reported', () => {
    const lines = ['import torch.nn as nn', 'import pytorch_lightning as pl', 'class Lit(pl.LightningModule):', '    def __init__(self, activation=None, loss="MSE"):', '        super().__init__()', '        self.layer = nn.Linear(16, 1)',
      '        self.activation = nn.Sigmoid() if activation == "sigmoid" else None', '        self.loss = nn.BCELoss() if loss == "BCE" else nn.MSELoss()', '    def forward(self, x):', '        out = self.layer(x)',
      '        if self.activation:', '            out = self.activation(out)', '        return out', '    def training_step(self, batch, batch_idx):', '        x, y = batch', '        return self.loss(self(x), y)', 'm = Lit(activation=None, loss="BCE")'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['logits-into-probability-loss', 16, 'suggestion']]);
  });
  it('guard: an argument whose value we cannot read, or given "sigmoid", leaves no finding on that instance', () => {
    silent([...cls, 'import sys', 'm = Net(activation=sys.argv[1], loss="BCE")', 'print(m.loss(m(x), y))'], 'unknown activation');
    silent([...cls, 'm = Net(activation="sigmoid", loss="BCE")', 'print(m.loss(m(x), y))'], 'sigmoid and BCELoss');
  });
});
