'use strict';
// Round 51 (round 50's leftover): a softmax over a convolution's channels (axis 1), then its axes
// reordered so that the channels are last (`permute(0, 2, 3, 1)`, `transpose(1, 3)`, `movedim(1, -1)`)
// and flattened into (pixels, classes) for the loss: the softmax is over the classes the loss reads,
// as in any other softmax before a reshape (axis-order.ts axisOneAfter). Other orders stay unknown.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 51: a softmax over the channels, moved last and flattened', () => {
  before(() => initPython());
  const seg = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'seg = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 4, 1))', 'crit = nn.CrossEntropyLoss()', 'out = F.softmax(seg(x), dim=1)'];
  for (const t of ['out.permute(0, 2, 3, 1).reshape(-1, 4)', 'out.permute(0, 2, 3, 1).contiguous().view(-1, 4)', 'out.transpose(1, 3).reshape(-1, 4)', 'out.movedim(1, -1).reshape(-1, 4)', 'torch.movedim(out, 1, 3).flatten(0, 2)']) {
    it(`${t}: reported, with the softmax's removal`, () => {
      assert.deepStrictEqual(found([...seg, `loss = crit(${t}, y.view(-1))`]), [['softmax-before-logits-loss', 7, 'fix']]);
    });
  }
  for (const t of ['out.permute(0, 3, 1, 2).reshape(-1, 4)', 'out.transpose(1, 2).reshape(-1, 4)', 'out.movedim(1, 2).reshape(-1, 4)', 'out.permute(0, 2, 1).reshape(-1, 4)']) {
    it(`guard: ${t} (the channels not last): no finding`, () => {
      assert.deepStrictEqual(found([...seg, `loss = crit(${t}, y.view(-1))`]), []);
    });
  }
  it('guard: of a rank we do not know (a sequence model\'s output), transpose(1, 3) stays unknown', () => {
    const tagger = ['import torch', 'from torch import nn', 'import torch.nn.functional as F', 'class Tagger(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.rnn = nn.LSTM(32, 64, batch_first=True)', '        self.fc = nn.Linear(64, 7)', '    def forward(self, x):', '        h, _ = self.rnn(x)', '        return self.fc(h)',
      'model = Tagger()', 'crit = nn.CrossEntropyLoss()', 'out = F.softmax(model(x), dim=1)'];
    assert.deepStrictEqual(found([...tagger, 'loss = crit(out.transpose(1, 3).reshape(-1, 7), y)']), []);
  });
});
