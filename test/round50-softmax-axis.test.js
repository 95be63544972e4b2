'use strict';
// Round 50 (rt50a's leftover): a softmax over axis 1 of values of rank 3 or more, then reshaped or its
// axes reordered before the loss: where that axis went is not followed (TensorFacts.softmaxAtOne), so
// the softmax may not be over what the loss reads as the classes; its removal was a harmful safe fix.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 50: a softmax over axis 1, then reshaped or reordered', () => {
  before(() => initPython());
  const tagger = ['import torch', 'from torch import nn', 'import torch.nn.functional as F', 'class Tagger(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.emb = nn.Embedding(100, 32)', '        self.rnn = nn.LSTM(32, 64, batch_first=True)', '        self.fc = nn.Linear(64, 7)', '    def forward(self, x):',
    '        h, _ = self.rnn(self.emb(x))', '        return self.fc(h)', 'model = Tagger()', 'crit = nn.CrossEntropyLoss()', 'out = model(x)'];
  for (const t of ['F.softmax(out, dim=1).transpose(1, 2)', 'F.softmax(out, dim=1).reshape(-1, 7)']) {
    it(`a sequence's time axis softmaxed, then ${t.split(').')[1]}: no finding`, () => {
      assert.deepStrictEqual(found([...tagger, `loss = crit(${t}, y)`]), []);
    });
  }
  const seg = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'seg = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 4, 1))', 'crit = nn.CrossEntropyLoss()', 'out = seg(x)'];
  it('a convolution\'s channels softmaxed, then permute(0, 2, 1, 3) (another axis at 1): no finding', () => {
    assert.deepStrictEqual(found([...seg, 'loss = crit(F.softmax(out, dim=1).permute(0, 2, 1, 3), y)']), []);
  });
  it('guard: the channels softmaxed straight into the loss, or resampled over space, are reported with the removal', () => {
    assert.deepStrictEqual(found([...seg, 'loss = crit(F.softmax(out, dim=1), y)']), [['softmax-before-logits-loss', 7, 'fix']]);
    assert.deepStrictEqual(found([...seg, 'loss = crit(F.interpolate(F.softmax(out, dim=1), scale_factor=2), y)']).map((f) => f.slice(0, 2)), [['softmax-before-logits-loss', 7]]);
  });
  it('guard: a matrix of class scores softmaxed over axis 1, then squeezed or viewed, is still reported', () => {
    const mlp = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 3))', 'crit = nn.CrossEntropyLoss()', 'out = F.softmax(model(x), dim=1)'];
    for (const t of ['out.squeeze()', 'out.view(-1, 3)']) assert.deepStrictEqual(found([...mlp, `loss = crit(${t}, y)`]).map((f) => f.slice(0, 2)), [['softmax-before-logits-loss', 7]], t);
  });
});
