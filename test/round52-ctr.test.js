'use strict';
// Round 52 (rt52a): an nn.Embedding lookup is raw numbers (no activation), as a Linear's output
// is: a CTR model's first-order term, `nn.Embedding(n, 1)(x).sum(1)`, plus a bias is a logit, and
// nn.BCELoss on it is logits-into-probability-loss. A sum over an axis of logits is logits
// (arithmetic.ts axisSum); through a sigmoid the values are probabilities.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { foundIn } = require('./lint-text');

const lr = (ret, loss = 'nn.BCELoss()', extra = []) => ['import torch', 'import torch.nn as nn', 'class LR(nn.Module):', '    def __init__(self):', '        super().__init__()',
  '        self.lin = nn.Embedding(100, 1)', '        self.bias = nn.Parameter(torch.zeros(1))', ...extra, '    def forward(self, x):', `        return ${ret}`,
  'model = LR()', `crit = ${loss}`, 'for x, y in loader:', '    loss = crit(model(x), y.float())', '    loss.backward()'];

describe('round 52: embedding lookups are raw numbers (CTR models)', () => {
  before(() => initPython());
  for (const ret of ['self.lin(x).sum(1).squeeze(1)', '(self.lin(x).sum(dim=1) + self.bias).squeeze(1)', 'torch.sum(self.lin(x), dim=1).squeeze(-1)', 'self.lin(x).sum(1, keepdim=True).view(-1)']) {
    it(`${ret} into nn.BCELoss: reported`, () => {
      assert.deepStrictEqual(foundIn(lr(ret)).map((f) => f.slice(0, 2)), [['logits-into-probability-loss', 13]]);
    });
  }
  it('guard: the sum through torch.sigmoid into nn.BCELoss: clean', () => {
    assert.deepStrictEqual(foundIn(lr('torch.sigmoid(self.lin(x).sum(1) + self.bias).squeeze(1)')), []);
  });
  it('guard: the raw sum into nn.BCEWithLogitsLoss: clean', () => {
    assert.deepStrictEqual(foundIn(lr('(self.lin(x).sum(1) + self.bias).squeeze(1)', 'nn.BCEWithLogitsLoss()')), []);
  });
  it('guard: embeddings as features of an MLP that ends in a sigmoid: clean', () => {
    const extra = ['        self.mlp = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())', '        self.emb = nn.Embedding(100, 8)'];
    assert.deepStrictEqual(foundIn(lr('self.mlp(self.emb(x).flatten(1)).squeeze(1)', 'nn.BCELoss()', extra)), []);
  });
  it("a sum over an axis of a Keras model's logits read by np.mean is read as the output is (np.mean(p) makes the switch a suggestion too)", () => {
    const lines = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(1)])',
      'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'p = model.predict(x)', 'print(np.mean(p.sum(axis=1)))'];
    assert.deepStrictEqual(foundIn(lines), [['logits-into-probability-loss', 5, 'suggestion']]);
  });
  it('guard: a term of unknown kind in the sum (an FM interaction) leaves it unknown', () => {
    const extra = ['        self.emb = nn.Embedding(100, 8)'];
    assert.deepStrictEqual(foundIn(lr('(self.lin(x).sum(1) + (self.emb(x).sum(1) ** 2).sum(1, keepdim=True)).squeeze(1)', 'nn.BCELoss()', extra)), []);
  });
});
