'use strict';
// Session 40. The Hugging Face course's notebooks: a transformers classifier compiled with a loss
// that takes probabilities is reported, and the message names the class that outputs the logits
// (no output layer is shown, and its head has no activation argument): not "the output layer has no
// activation", and never "build ... with activation=" (KerasHub's advice) where no such argument exists.
// rt52a: scaled logits (`out / 2.0 > 0.5`) keep 0 as the 0.5 cut, but no other number of theirs is
// a known probability: the message no longer says 0.5 "means probability 0.62" there.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

describe('round 52: messages (Hugging Face classifiers, scaled logits)', () => {
  before(() => initPython());
  const messages = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.message]);

  it("TFAutoModelForSequenceClassification compiled with 'sparse_categorical_crossentropy': the class is named", () => {
    const found = messages([
      'import tensorflow as tf',
      'from transformers import TFAutoModelForSequenceClassification',
      'model = TFAutoModelForSequenceClassification.from_pretrained("bert-base-uncased")',
      'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
      'model.fit(train_ds, epochs=3)',
    ]);
    assert.strictEqual(found.length, 1);
    assert.deepStrictEqual(found[0].slice(0, 2), ['logits-into-probability-loss', 4]);
    assert.match(found[0][2], /transformers' TFAutoModelForSequenceClassification outputs logits \(no activation on its head\)/);
    assert.doesNotMatch(found[0][2], /output layer/);
  });

  it('a PyTorch classifier of one label thresholded at 0.5: the advice applies a sigmoid, with no activation= to pass', () => {
    const found = messages([
      'import torch',
      'from transformers import AutoModelForSequenceClassification',
      'model = AutoModelForSequenceClassification.from_pretrained("roberta-base", num_labels=1)',
      'loss_fn = torch.nn.BCEWithLogitsLoss()',
      'for batch, labels in loader:',
      '    logits = model(input_ids=batch).logits',
      '    loss = loss_fn(logits.squeeze(-1), labels.float())',
      '    preds = (logits > 0.5).long()',
    ]);
    const t = found.find((f) => f[0] === 'threshold-logits');
    assert.ok(t, JSON.stringify(found));
    assert.strictEqual(t[1], 8);
    assert.match(t[2], /transformers' AutoModelForSequenceClassification outputs logits/);
    assert.doesNotMatch(t[2], /activation="sigmoid"|output layer/);
  });

  it('scaled logits: 0 is still the cut, no probability is claimed for the number compared with', () => {
    const lines = (cut) => ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))', 'crit = nn.BCEWithLogitsLoss()',
      'for a, y in loader:', '    crit(model(a).squeeze(1), y.float()).backward()', 'out = model(xv).squeeze(1)', `pred = out / 2.0 > ${cut}`];
    const [half] = messages(lines('0.5'));
    assert.deepStrictEqual(half.slice(0, 2), ['threshold-logits', 8]);
    assert.match(half[2], /0\.5 is no known probability \(these logits are scaled by a number\); compare with 0/);
    assert.doesNotMatch(half[2], /means probability/);
    const [other] = messages(lines('0.7'));
    assert.match(other[2], /compare the logits before their scaling with log\(0\.7\/\(1-0\.7\)\)/);
  });
});
