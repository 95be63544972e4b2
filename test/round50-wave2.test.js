'use strict';
// Round 50, wave 2 (rt50c, against the merged build 82158e4): what the session's fastai, axis-order
// and ignite changes got wrong. Each case fails on 82158e4 but the guards.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 50 wave 2: fastai', () => {
  before(() => initPython());
  const net = (forward) => ['import torch, torch.nn as nn', 'from fastai.vision.all import *', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.fc = nn.Linear(10, 3)', ...forward];
  it('a forward parameter with a default is left at it (the learner calls model(*xb) with the batch\'s inputs)', () => {
    const lines = net(['    def forward(self, x, t=None):', '        logits = self.fc(x)', '        if t is None:', '            return logits', '        return torch.sigmoid(logits)', 'learn = Learner(dls, Net(), loss_func=BCEWithLogitsLossFlat())']);
    assert.deepStrictEqual(found(lines), []);
  });
  const logPred = ['class LogPred(Callback):', '    def after_pred(self):', '        self.learn.pred = torch.log(self.pred)'];
  const softmaxNet = net(['    def forward(self, x):', '        return self.fc(x).softmax(-1)', 'learn = Learner(dls, Net(), loss_func=CrossEntropyLossFlat())']);
  for (const use of ['learn.fit(1, None, None, [LogPred()])', 'with learn.added_cbs(LogPred()):\n    learn.fit(1)']) {
    it(`a callback of one's own given by position or added for a while (${use.split('\n')[0]}): no finding`, () => {
      assert.deepStrictEqual(found([...logPred, ...softmaxNet, ...use.split('\n')]), []);
    });
  }
  it('guard: the same learner fitted without callbacks is reported (softmax before CrossEntropyLossFlat)', () => {
    assert.deepStrictEqual(found([...softmaxNet, 'learn.fit(1)']).map((f) => f[0]), ['softmax-before-logits-loss']);
  });
});

describe('round 50 wave 2: a softmax transposed by (1, 2) of a rank we do not know', () => {
  before(() => initPython());
  for (const t of ['p.transpose(1, 2)', 'p.swapaxes(1, 2)']) {
    it(`${t} is of rank 3 or more: its last axis lands on the classes\' axis or stays last (reported, as before the session)`, () => {
      const lines = ['import torch, torch.nn as nn, torch.nn.functional as F', 'logits = encoder(x)', 'p = F.softmax(logits, dim=-1)', `loss = nn.CrossEntropyLoss()(${t}, tags)`];
      assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['softmax-before-logits-loss', 4]]);
    });
  }
  it('guard: transpose(0, 1) of a rank we do not know may move it: no finding', () => {
    assert.deepStrictEqual(found(['import torch, torch.nn as nn, torch.nn.functional as F', 'logits = encoder(x)', 'p = F.softmax(logits, dim=-1)', 'loss = nn.CrossEntropyLoss()(p.transpose(0, 1), tags)']), []);
  });
});

describe('round 50 wave 2: ignite evaluator transforms', () => {
  before(() => initPython());
  const ev = (body) => ['import torch, torch.nn as nn', 'from ignite.engine import create_supervised_evaluator, create_supervised_trainer', 'from ignite.metrics import Accuracy',
    'model = nn.Sequential(nn.Linear(10, 1))', 'trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss())', 'def transform(output):', '    y_pred, y = output', ...body,
    "ev = create_supervised_evaluator(model, metrics={'acc': Accuracy(output_transform=transform)})"];
  it('"round" in a comment of the transform does not hide its 0.5 cut on logits', () => {
    assert.deepStrictEqual(found(ev(['    # do not round the targets', '    return (y_pred > 0.5).long(), y'])).map((f) => f.slice(0, 2)), [['threshold-logits', 9]]);
  });
  it('guard: a transform that rounds the logits is not run (Accuracy raises on what it makes)', () => {
    assert.deepStrictEqual(found(ev(['    return torch.round(y_pred), y'])), []);
  });
});
