// User classes that are losses (rules/engine/python/loss-classes.ts): subclasses of a framework loss
// and nn.Module losses are applied to each call's own arguments, reported at the user's call, named
// after the class, and never "fixed" by rewriting the loss (the class may do more than its base).
const assert = require('assert');
const path = require('path');
const { initPython } = require('../out/rules');
const { ROOT } = require('./python-helpers');

async function lint(text) {
  await initPython();
  const { lintProject } = require('../out/rules');
  const file = path.join(ROOT, 'loss_classes.py');
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }).findings;
}

const SIGMOID_NET = `
import torch
import torch.nn as nn
import torch.nn.functional as F
from tensorflow import keras

net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())
`;

describe('python frontend: loss classes', () => {
  it('a torch subclass is named after itself, reported at the call, with no fix that rewrites the loss', async () => {
    const f = await lint(`${SIGMOID_NET}
class WeightedBCE(nn.BCEWithLogitsLoss):
    def forward(self, input, target):
        return super().forward(input, target) * 3

crit = WeightedBCE()
loss = crit(net(x), y)
`);
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.location.line]), [['sigmoid-before-logits-loss', 14]]);
    assert.match(f[0].message, /^WeightedBCE \(nn\.BCEWithLogitsLoss\) expects logits/);
    const titles = [f[0].fix, ...f[0].suggestions].filter(Boolean).map((s) => s.title);
    assert.ok(titles.every((t) => !/BCELoss/.test(t)), titles.join('; '));
  });

  it('a Keras subclass constructed with from_logits=True: no from_logits edit of its own constructor call', async () => {
    const f = await lint(`${SIGMOID_NET}
class SmoothedBCE(keras.losses.BinaryCrossentropy):
    def __init__(self):
        super().__init__(from_logits=True, label_smoothing=0.1)

model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss=SmoothedBCE())
`);
    assert.deepStrictEqual(f.map((x) => x.ruleId), ['sigmoid-before-logits-loss']);
    const edits = [f[0].fix, ...f[0].suggestions].filter(Boolean).flatMap((s) => s.edits);
    assert.ok(edits.every((e) => !/from_logits/.test(e.text)), JSON.stringify(edits));
  });

  it('from_logits given to the subclass call without an __init__ of its own is the base constructor\'s', async () => {
    const body = (fl) => `${SIGMOID_NET}
class MyBCE(keras.losses.BinaryCrossentropy):
    pass

model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(loss=MyBCE(from_logits=${fl}))
`;
    assert.deepStrictEqual((await lint(body('True'))).map((x) => x.ruleId), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(await lint(body('False')), []);
  });

  it('an nn.Module loss runs with each call\'s arguments: one finding per mismatched call, none for the other', async () => {
    const f = await lint(`${SIGMOID_NET}
logit_net = nn.Sequential(nn.Linear(8, 1))

class ComboLoss(nn.Module):
    def forward(self, logits, target):
        return F.binary_cross_entropy_with_logits(logits, target) + 0.1 * logits.abs().mean()

crit = ComboLoss()
a = crit(net(x), y)
b = crit(logit_net(x), y)
`);
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.location.line]), [['sigmoid-before-logits-loss', 16]]);
    assert.match(f[0].message, /^ComboLoss \(F\.binary_cross_entropy_with_logits\)/);
    assert.ok(![f[0].fix, ...f[0].suggestions].filter(Boolean).some((s) => /binary_cross_entropy\b/.test(s.title)));
  });

  it('a model whose forward also returns its loss (forward(x, labels=None)) stays a model', async () => {
    const f = await lint(`${SIGMOID_NET}
class Clf(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 1)

    def forward(self, x, labels=None):
        logits = self.fc(x)
        loss = F.binary_cross_entropy_with_logits(logits, labels) if labels is not None else None
        return logits, loss

clf = Clf()
out, loss = clf(x, y)
pred = out.argmax(dim=1)
`);
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.location.line]), [['argmax-single-unit', 21]]);
  });

  it('a subclass whose forward never calls its base says nothing about the base loss', async () => {
    const f = await lint(`${SIGMOID_NET}
class Custom(nn.BCEWithLogitsLoss):
    def forward(self, input, target):
        return ((input - target) ** 2).mean()

loss = Custom()(net(x), y)
`);
    assert.deepStrictEqual(f, []);
  });
});
