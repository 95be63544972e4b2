'use strict';
// Session 40 (rt52c, rt52e: both expected it there): a torchmetrics metric made with threshold 0 and
// updated later (`self.val_acc = BinaryAccuracy(threshold=0.0)` in __init__, `.update(...)` in a step)
// is reported where it is made, the threshold written there and the fix's place, the update related.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

describe('round 52: a torchmetrics threshold of 0 is reported where the metric is made', () => {
  before(() => initPython());
  it('BinaryAccuracy(threshold=0.0) in __init__, updated in validation_step with logits: at the construction, the update related', () => {
    const { findings } = lintLines([
      'import torch', 'import torch.nn as nn', 'import pytorch_lightning as pl', 'from torchmetrics.classification import BinaryAccuracy',
      'class Lit(pl.LightningModule):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.net = nn.Sequential(nn.Linear(20, 50), nn.ReLU(), nn.Linear(50, 1))',
      '        self.val_acc = BinaryAccuracy(threshold=0.0)',
      '    def forward(self, x):',
      '        return self.net(x).squeeze(1)',
      '    def training_step(self, batch, i):',
      '        x, y = batch',
      '        return nn.functional.binary_cross_entropy_with_logits(self(x), y.float())',
      '    def validation_step(self, batch, i):',
      '        x, y = batch',
      '        self.val_acc.update(self(x), y)',
    ]);
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.location.line, !!f.fix]), [['zero-threshold-on-probabilities', 9, true]]);
    assert.ok(findings[0].related.some((r) => r.line === 17 && /given these predictions here/.test(r.message)), JSON.stringify(findings[0].related));
  });
});
