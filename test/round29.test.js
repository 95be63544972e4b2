// Red team round 29 (session 17): a tfjs loss switch that turned a read model's outputs into logits,
// a named threshold overwritten with a literal, a percentage (`round(p * 100)`) taken for a 0.5 cut,
// and notebooks that are no notebooks (a Git LFS pointer, a truncated download) skipped silently.
// Every case fails on the round's build (the session's first) but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');
const { lintJs } = require('./helpers/js-lint');
const { runCli, useProjects } = require('./cli-helpers');

const LOGITS = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));", 'model.add(tf.layers.dense({ units: 1 }));', "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'await model.fit(xs, ys);'];

describe("round 29: tfjs 'binaryCrossentropy' -> tf.losses.sigmoidCrossEntropy on a model whose outputs are read", () => {
  it('predicted (shown as a percentage, returned, sent on), executed, or saved for its users: the switch is a suggestion', () => {
    for (const read of [
      'document.querySelector("#p").textContent = `${(model.predict(x).dataSync()[0] * 100).toFixed(1)}%`;',
      'export function predictProba(x) { return model.predict(x).dataSync()[0]; }',
      'self.postMessage({ probs: model.predict(x).arraySync() });',
      'const out = model.execute(x);',
      "await model.save('localstorage://churn');",
    ]) assert.deepStrictEqual(lintJs([...LOGITS, read]), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }], read);
  });

  it('guard: a model only trained and evaluated keeps the safe switch', () => {
    assert.deepStrictEqual(lintJs([...LOGITS, 'const [loss] = model.evaluate(xt, yt);']), [{ rule: 'logits-into-probability-loss', fix: true, suggestions: 1 }]);
  });
});

describe('round 29: tfjs 0.5 written as a named constant', () => {
  const head = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', 'model.add(tf.layers.dense({ units: 1, inputShape: [4] }));', 'model.compile({ optimizer: "adam", loss: tf.losses.sigmoidCrossEntropy });'];
  it('`p >= THRESH` (const THRESH = 0.5): writing 0 in its place is a suggestion; the literal keeps its fix (guard)', () => {
    assert.deepStrictEqual(lintJs([...head, 'const THRESH = 0.5;', 'const p = model.predict(x).dataSync()[0];', 'const yes = p >= THRESH;']), [{ rule: 'threshold-logits', fix: false, suggestions: 1 }]);
    assert.deepStrictEqual(lintJs([...head, 'const p = model.predict(x).dataSync()[0];', 'const yes = p >= 0.5;']), [{ rule: 'threshold-logits', fix: true, suggestions: 0 }]);
  });
});

describe('round 29: rounding scaled logits', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1))', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
  it('`round(p * 100)`, `torch.round(net(x) * 100)` (a percentage) are no 0.5 cut: not reported', () => {
    for (const l of ['print(f"confidence: {round(net(x).item() * 100)}%")', 'pct = torch.round(net(x) * 100)', 'pct = (net(x) / 0.01).round()']) assert.deepStrictEqual(lint([...head, l]).map((f) => f.rule), [], l);
  });
  it('guards: a comparison of scaled logits with 0.5, and the mean of two outputs rounded, are still reported', () => {
    assert.deepStrictEqual(lint([...head, 'p = net(x) * 2 > 0.5']).map((f) => f.rule), ['threshold-logits']);
    assert.deepStrictEqual(lint([...head, 'p = torch.round((net(x) + net(x.flip(-1))) / 2)']).map((f) => f.rule), ['threshold-logits']);
  });
});

describe('round 29: a .ipynb that is no notebook', () => {
  const project = useProjects();
  it('a Git LFS pointer and an empty file each get a one-line note, a truncated notebook a parsing error; the rest is linted', () => {
    const dir = project({
      'lfs.ipynb': 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 123456\n',
      'cut.ipynb': '{"cells": [{"cell_type": "code", "source": ["imp',
      'empty.ipynb': '',
      'train.py': 'import torch\nimport torch.nn as nn\nnet = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(net(x), y)\n',
    });
    const r = runCli(['--no-config', '.'], { cwd: dir });
    assert.match(r.stderr, /lfs\.ipynb: a Git LFS pointer, not the notebook \(`git lfs pull` fetches it\), skipped/);
    // (Session 40: broken JSON is a parsing error at the place it stops, in the report, not a note.)
    assert.match(r.stdout, /cut\.ipynb\n\s+1:\d+\s+error\s+Parsing error: not a valid notebook \(JSON: [^)]+\) at line 1, column \d+/);
    assert.match(r.stderr, /empty\.ipynb: empty file, not a notebook, skipped/);
    assert.match(r.stdout, /sigmoid-before-logits-loss/);
    assert.strictEqual(r.code, 1);
  });
});

describe('round 29: tfjs threshold in a branch chosen by the activation', () => {
  const net = ['const logitNet = tf.sequential();', 'logitNet.add(tf.layers.dense({ units: 1, inputShape: [4] }));', 'logitNet.compile({ optimizer: "adam", loss: tf.losses.sigmoidCrossEntropy });'];
  it('`if (!fromLogits) return p.greater(0.5)`, `act === "sigmoid" ? p.greater(0.5) : p.greater(0)`: the 0.5 is for the sigmoid, not reported (as in Python)', () => {
    const flag = ["import * as tf from '@tensorflow/tfjs';", 'export function decide(model, x, fromLogits) {', '  const p = model.predict(x);', '  if (!fromLogits) {', '    return p.greater(0.5);', '  }', '  return p.greater(0);', '}', ...net, 'export const d1 = (x) => decide(logitNet, x, true);'];
    assert.deepStrictEqual(lintJs(flag), []);
    const ternary = ["import * as tf from '@tensorflow/tfjs';", 'export function decide(model, x, act) {', '  const p = model.predict(x);', "  return act === 'sigmoid' ? p.greater(0.5) : p.greater(0);", '}', ...net, "export const d1 = (x) => decide(logitNet, x, 'linear');"];
    assert.deepStrictEqual(lintJs(ternary), []);
  });
  it('guard: a branch on something else (the batch size) keeps the finding', () => {
    const other = ["import * as tf from '@tensorflow/tfjs';", 'export function decide(model, x, strict) {', '  const p = model.predict(x);', '  if (strict) {', '    return p.greater(0.5);', '  }', '  return p.greater(0.9);', '}', ...net, 'export const d1 = (x) => decide(logitNet, x, true);'];
    // (Both cuts are on logits: 0.9 too, since tfjs reads cuts at any probability, as Python does.)
    assert.deepStrictEqual(lintJs(other).map((f) => f.rule), ['threshold-logits', 'threshold-logits']);
  });
});

describe('round 29: a sigmoid written out, 1 / (1 + exp(-z))', () => {
  before(() => initPython());
  const net = (ret) => ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        z = self.fc(x)', `        return ${ret}`, 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  it('in forward, into BCEWithLogitsLoss: reported as a sigmoid (torch.exp, (-z).exp(), 1 on the right)', () => {
    for (const ret of ['1 / (1 + torch.exp(-z))', '1.0 / ((-z).exp() + 1)', '1 / (torch.exp(-z) + 1.0)']) {
      assert.deepStrictEqual(lint(net(ret)).map((f) => [f.rule, f.fix]), [['sigmoid-before-logits-loss', undefined]], ret);
    }
  });
  it('guards: probabilities computed by hand from logits and cut at 0.5 are right; 2 / (1 + exp(-z)) and exp(z) are no sigmoid', () => {
    const head = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'lin = nn.Linear(10, 1)', 'loss = nn.BCEWithLogitsLoss()(lin(x), y)', 'z = lin(x_val)'];
    assert.deepStrictEqual(lint([...head, 'p = 1 / (1 + torch.exp(-z))', 'flags = p > 0.5']).map((f) => f.rule), []);
    assert.deepStrictEqual(lint(net('2 / (1 + torch.exp(-z))')).map((f) => f.rule), []);
    assert.deepStrictEqual(lint(net('1 / (1 + torch.exp(z))')).map((f) => f.rule), []);
  });
});

describe('round 29: a cut inside map(lambda ...)', () => {
  before(() => initPython());
  const head = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'preds = model.predict(X_test)'];
  it('runs the function on each item: 0.5 on a row of logits is reported, as in a comprehension', () => {
    for (const l of ['a = list(map(lambda v: int(v > 0.5), preds))', 'a = list(map(lambda x: 1 if x[0] > 0.5 else 0, preds.tolist()))']) assert.deepStrictEqual(lint([...head, l]).map((f) => f.rule), ['threshold-logits'], l);
  });
  it('guards: map over probabilities, and map of a function over items we do not know, say nothing', () => {
    assert.deepStrictEqual(lint([...head, 'import tensorflow as tf', 'a = list(map(lambda v: int(v > 0.5), tf.sigmoid(preds)))']).map((f) => f.rule), []);
    assert.deepStrictEqual(lint([...head, 'a = list(map(lambda v: int(v > 0.5), scores))']).map((f) => f.rule), []);
  });
});

describe('round 29: F.hardtanh(x, 0, 1) is a clip into [0, 1]', () => {
  before(() => initPython());
  const net = (ret) => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class HT(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', `        return ${ret}`, 'm = HT()', 'loss = nn.BCELoss()(m(x), y)'];
  it('before BCELoss: reported as clipped logits, like torch.clamp(x, 0, 1)', () => {
    // Clipped logits: no fix and no suggestion (the clip, not the loss, is what to remove).
    for (const ret of ['F.hardtanh(self.fc(x), 0.0, 1.0)', 'F.hardtanh(self.fc(x), min_val=0, max_val=1)', 'torch.clamp(self.fc(x), 0, 1)']) {
      assert.deepStrictEqual(lint(net(ret)).map((f) => [f.rule, f.fix, f.suggestions.length]), [['logits-into-probability-loss', undefined, 0]], ret);
    }
  });
  it('guard: hardtanh with its default bounds (-1, 1) is another activation: no finding', () => {
    assert.deepStrictEqual(lint(net('F.hardtanh(self.fc(x))')).map((f) => f.rule), []);
  });
});
