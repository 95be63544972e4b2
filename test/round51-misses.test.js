'use strict';
// Round 51 (rt51a's miss): nn.EmbeddingBag pools each bag's embeddings, so its output is (B, D)
// whatever its input: a Linear(D, 1) after it gives one unit on axis 1, and Softmax(dim=1) over it is
// always 1.0. nn.Embedding keeps the rank of its token tensor, unknown: dim=1 there stays unknown.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { foundIn } = require('./lint-text');

describe('round 51: an EmbeddingBag head', () => {
  before(() => initPython());
  const net = (embedding, call, act) => ['import torch', 'import torch.nn as nn', 'class SpamNet(nn.Module):', '    def __init__(self, vocab):', '        super().__init__()',
    `        self.emb = ${embedding}`, '        self.fc = nn.Linear(64, 1)', `        self.act = ${act}`, '    def forward(self, text, offsets):', `        return self.act(self.fc(${call}))`,
    'model = SpamNet(20000)', 'criterion = nn.BCELoss()', 'for text, offsets, label in loader:', '    loss = criterion(model(text, offsets).squeeze(1), label.float())'];
  it('EmbeddingBag -> Linear(64, 1) -> Softmax(dim=1): the softmax over one unit is reported', () => {
    assert.deepStrictEqual(foundIn(net('nn.EmbeddingBag(vocab, 64)', 'self.emb(text, offsets)', 'nn.Softmax(dim=1)')).map((f) => f.slice(0, 2)), [['softmax-single-unit', 8]]);
  });
  it("guard: the same head after nn.Embedding (the token tensor's rank unknown) is not, nor a sigmoid after the EmbeddingBag", () => {
    assert.deepStrictEqual(foundIn(net('nn.Embedding(vocab, 64)', 'self.emb(text)', 'nn.Softmax(dim=1)')), []);
    assert.deepStrictEqual(foundIn(net('nn.EmbeddingBag(vocab, 64, mode="mean")', 'self.emb(text, offsets)', 'nn.Sigmoid()')), []);
  });
});
