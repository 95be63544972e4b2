'use strict';
// Round 52 (rt52a): attention pooling over instances (multiple-instance learning) runs a one-unit
// scorer on [batch, instances, features]; an argmax over dim 1 of its scores picks an instance.
// The code shows the third axis only after the scores are made: a bmm operand (3-D only), or a
// sum over dim 1 fed to a Linear of more than one feature (over a 2-D tensor dim 1 is the last
// axis, and the sum leaves no such input). Such a witness withdraws the [batch, units] presumption
// (rank-witness.ts); without one, the one-unit argmax stays reported.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { foundIn } = require('./lint-text');

const head = ['import torch', 'import torch.nn as nn'];
const mil = (pool, out = 'self.classifier(z), a') => [...head, 'class MIL(nn.Module):', '    def __init__(self):', '        super().__init__()',
  '        self.att = nn.Sequential(nn.Linear(128, 64), nn.Tanh(), nn.Linear(64, 1))', '        self.classifier = nn.Linear(128, 1)',
  '    def forward(self, h):', '        a = torch.softmax(self.att(h), dim=1)', `        z = ${pool}`, `        return ${out}`,
  'model = MIL()', 'crit = nn.BCEWithLogitsLoss()', 'for bag, y in loader:', '    logits, a = model(bag)', '    loss = crit(logits, y)'];

describe('round 52: one-unit attention scores over instances (MIL)', () => {
  before(() => initPython());
  for (const pool of ['torch.sum(a * h, dim=1)', '(a * h).sum(1)', '(h * a).mean(dim=1)', 'torch.bmm(a.transpose(1, 2), h).squeeze(1)']) {
    it(`${pool} into a Linear(128, 1): the scores' argmax over dim 1 picks an instance`, () => {
      assert.deepStrictEqual(foundIn([...mil(pool), '    key = a.argmax(dim=1)']), []);
    });
  }
  it('torch.max(scores, 1) of the instance scores returned beside the bag logit', () => {
    const lines = [...head, 'class MIL(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.inst = nn.Linear(64, 1)', '        self.bag = nn.Linear(64, 1)',
      '    def forward(self, h):', '        w = torch.softmax(self.inst(h), dim=1)', '        return self.bag((w * h).sum(dim=1)), self.inst(h)',
      'model = MIL()', 'crit = nn.BCEWithLogitsLoss()', 'for h, y in loader:', '    out, inst = model(h)', '    loss = crit(out, y)', '_, inst = model(hv)', 'top = torch.max(inst, 1)[1]'];
    assert.deepStrictEqual(foundIn(lines), []);
  });
  it("a submodule's scores on another loader's bags: the forward showed it runs on bags", () => {
    const lines = [...head, 'class MIL(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.att = nn.Sequential(nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 1))', '        self.cls = nn.Linear(16, 1)',
      '    def forward(self, bag):', '        a = torch.softmax(self.att(bag), dim=1)', '        return self.cls((a * bag).sum(1))',
      'model = MIL()', 'crit = nn.BCEWithLogitsLoss()', 'for bag, y in loader:', '    loss = crit(model(bag), y)', 'for bag, y in val_loader:', '    key = model.att(bag).argmax(dim=1)'];
    assert.deepStrictEqual(foundIn(lines), []);
  });
  it('guard: a sum kept as (batch, 1) into a Linear(1, 1) shows no third axis: still reported', () => {
    const lines = mil('torch.sum(a * h, dim=1, keepdim=True)').map((l) => l.replace('nn.Linear(128, 1)', 'nn.Linear(1, 1)'));
    assert.deepStrictEqual(foundIn([...lines, '    key = a.argmax(dim=1)']), [['argmax-single-unit', 17, 'none']]);
  });
  it('guard: a sum over dim 1 that feeds no Linear shows nothing: still reported', () => {
    assert.deepStrictEqual(foundIn([...mil('(a * h).sum(1)', 'self.classifier(h), a'), '    key = a.argmax(dim=1)']), [['argmax-single-unit', 17, 'none']]);
  });
  it('guard: a Linear(.., 1) MLP\'s output from a loader, argmax(dim=1): reported', () => {
    const lines = [...head, 'model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 1))', 'crit = nn.BCEWithLogitsLoss()',
      'for x, y in loader:', '    out = model(x)', '    loss = crit(out, y)', '    pred = model(x).argmax(dim=1)'];
    assert.deepStrictEqual(foundIn(lines), [['argmax-single-unit', 8, 'suggestion']]);
  });
  it('guard: the seed case (sigmoid, BCEWithLogitsLoss, argmax(dim=1)): both reported', () => {
    const lines = [...head, 'model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())', 'crit = nn.BCEWithLogitsLoss()',
      'for x, y in loader:', '    out = model(x)', '    loss = crit(out, y)', '    pred = out.argmax(dim=1)'];
    assert.deepStrictEqual(foundIn(lines).map((f) => f.slice(0, 2)), [['sigmoid-before-logits-loss', 7], ['argmax-single-unit', 8]]);
  });
  it('guard: a one-unit output returned beside its sigmoid, argmax over dim 1: reported', () => {
    const lines = [...head, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 1))',
      '    def forward(self, x):', '        logits = self.fc(x)', '        return logits, torch.sigmoid(logits)',
      'model = Net()', 'crit = nn.BCEWithLogitsLoss()', 'for x, y in loader:', '    logits, p = model(x)', '    loss = crit(logits, y)', '    pred = p.argmax(dim=1)'];
    assert.deepStrictEqual(foundIn(lines), [['argmax-single-unit', 15, 'suggestion']]);
  });
});
