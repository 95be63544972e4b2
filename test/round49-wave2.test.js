// Round 49's second wave (rt49c, against the session's own changes), mended: a Process whose object
// never leaves its name runs nowhere but where it is started (an unrelated `app.run()` ran its
// target here, and a true finding was lost); `.t()` of a softmax's output moves the classes to axis 0,
// so the loss's own softmax is over other values (a safe removal of the softmax was harmful);
// probabilities remapped by numbers get no 0.5 cut from argmax-single-unit; `import_module` imported
// under another name composes imports as the name does. Every case fails on the merged build before
// (/work/s37b, 91b8aef) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 49 wave 2: a Process bound to a name and only started runs its target in a child', () => {
  before(() => initPython());
  const head = ['import multiprocessing as mp', 'import torch, torch.nn as nn', 'from mylib import make_app', 'net = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())',
    'def child():', '    global net', '    net = nn.Linear(10, 1)'];
  const tail = ['loss = nn.BCEWithLogitsLoss()(net(torch.randn(8, 10)), torch.rand(8, 1))'];
  it('an unrelated no-argument .run() on a value we do not know keeps the finding', () => {
    for (const app of [['make_app().run()'], ['app = make_app()', 'app.run()']]) {
      const lines = [...head, 'p = mp.Process(target=child)', 'p.start(); p.join()', ...app, ...tail];
      assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['sigmoid-before-logits-loss', lines.length]], app.join(' / '));
    }
  });
  it('guard: the Process put in a list, handed to a function or declared global reaches an unknown .run(): no finding', () => {
    for (const made of [['procs = [mp.Process(target=child)]'], ['p = mp.Process(target=child)', 'procs = [p]'], ['p = mp.Process(target=child)', 'register(p)'],
      ['def make():', '    global p', '    p = mp.Process(target=child)', 'make()']]) {
      const lines = [...head, 'def register(q):', '    pass', ...made, 'q = make_app().pick()', 'q.run()', ...tail];
      assert.deepStrictEqual(found(lines), [], made.join(' / '));
    }
  });
});

describe('round 49 wave 2: a softmax\'s output transposed by .t() is no longer over the classes', () => {
  before(() => initPython());
  const head = ['import torch, torch.nn as nn, torch.nn.functional as F', 'net = nn.Sequential(nn.Linear(10, 3), nn.Softmax(dim=1))', 'x = torch.randn(8, 10); y = torch.randint(0, 8, (3,))'];
  it('F.cross_entropy(net(x).t(), y): no finding, no removal of the softmax', () => {
    assert.deepStrictEqual(found([...head, 'loss = F.cross_entropy(net(x).t(), y)']), []);
  });
  it('transpose(0, 1), permute(1, 0), torch.transpose, .T and .mT of a matrix before cross_entropy: no finding (the older harmful removal)', () => {
    for (const t of ['net(x).transpose(0, 1)', 'net(x).permute(1, 0)', 'torch.transpose(net(x), 0, 1)', 'net(x).T', 'net(x).mT', 'net(x).transpose(-1, -2)']) {
      assert.deepStrictEqual(found([...head, `loss = F.cross_entropy(${t}, y)`]), [], t);
    }
  });
  it('guard: a sequence model\'s softmax transposed to (batch, classes, time) for cross_entropy is still reported', () => {
    const seq = ['import torch, torch.nn as nn, torch.nn.functional as F', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.rnn = nn.LSTM(10, 16, batch_first=True)', '        self.fc = nn.Linear(16, 5)', '    def forward(self, x):', '        h, _ = self.rnn(x)',
      '        return F.softmax(self.fc(h), dim=-1)', 'm = M()', 'x = torch.randn(4, 7, 10); y = torch.randint(0, 5, (4, 7))', 'loss = F.cross_entropy(m(x).transpose(1, 2), y)'];
    assert.deepStrictEqual(found(seq).map((f) => f.slice(0, 2)), [['softmax-before-logits-loss', 12]]);
  });
  it('guard: logits transposed and cut at 0.5 are still logits; the softmax itself into the loss is still reported with its fix', () => {
    assert.deepStrictEqual(found(['import torch, torch.nn as nn', 'model = nn.Linear(16, 6)', 'x = torch.randn(32, 16); y = torch.rand(32, 6).round()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = (model(x).t() > 0.5).float()']).map((f) => f.slice(0, 2)), [['threshold-logits', 5]]);
    assert.deepStrictEqual(found([...head, 'loss = F.cross_entropy(net(x), torch.randint(0, 3, (8,)))']).map((f) => f.slice(0, 2)), [['softmax-before-logits-loss', 4]]);
  });
});

describe('round 49 wave 2: argmax over one unit of probabilities remapped by numbers', () => {
  before(() => initPython());
  const head = ['import torch, torch.nn as nn', 'net = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'x = torch.randn(8, 10)'];
  it('p = net(x).mul(0.5).add(0.1); p.argmax(1): reported with no 0.5 cut offered', () => {
    assert.deepStrictEqual(found([...head, 'p = net(x).mul(0.5).add(0.1)', 'pred = p.argmax(1)']), [['argmax-single-unit', 5, 'none']]);
  });
  it('guard: the sigmoid\'s own output still gets the 0.5 cut as a suggestion', () => {
    assert.deepStrictEqual(found([...head, 'p = net(x)', 'pred = p.argmax(1)']), [['argmax-single-unit', 5, 'suggestion']]);
  });
});

describe('round 49 wave 2: import_module imported under another name, beside eval of text we cannot read', () => {
  const { dryRunFixes, useProjects } = require('./cli-helpers');
  const project = useProjects();
  const net = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 1)\n    def forward(self, x):\n        return self.fc(x)\n';
  const train = 'import torch\nimport torch.nn as nn\nfrom net import Net\nmodel = Net()\nx = torch.randn(8, 10); y = torch.rand(8, 1).round()\nloss = nn.BCEWithLogitsLoss()(torch.sigmoid(model(x)), y)\n';
  const fixes = (other) => dryRunFixes(project({ 'net.py': net, 'train.py': train, 'other.py': other }), 'train.py');
  const args = 'import argparse\np = argparse.ArgumentParser(); p.add_argument("--m")\nargs = p.parse_args()\n';
  it('`from importlib import import_module as load; load(args.m); eval(args.m)`: every module reachable, the fix a suggestion', function () {
    this.timeout(120000);
    assert.strictEqual(fixes(`${args}from importlib import import_module as load\nmod = load(args.m)\nx = eval(args.m)\n`), 0);
  });
  it('guard: `from importlib import import_module` calling a name written out beside eval: the fix stays', function () {
    this.timeout(120000);
    assert.strictEqual(fixes(`${args}from importlib import import_module\ncfg = import_module("yaml")\nx = eval(args.m)\n`), 1);
  });
});

describe('round 49 wave 2: a model\'s layers unpacked from enumerate still carry the model', () => {
  before(() => initPython());
  const head = ['import numpy as np', 'import keras', 'from keras import layers', 'from sklearn.metrics import accuracy_score',
    'model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)'];
  it('`for i, layer in enumerate(model.layers): h = layer(h)` then a 0.5 cut: the loss switch is a suggestion', () => {
    assert.deepStrictEqual(found([...head, 'h = x', 'for i, layer in enumerate(model.layers):', '    h = layer(h)', 'print(accuracy_score(y, np.asarray(h) > 0.5))']), [['logits-into-probability-loss', 6, 'suggestion']]);
  });
  it('guard: the layers only printed by index and name: the fix stays', () => {
    assert.deepStrictEqual(found([...head, 'for i, layer in enumerate(model.layers):', '    print(i, layer.name)', 'print(accuracy_score(y, model.predict(x) > 0.5))']).filter((f) => f[0] === 'logits-into-probability-loss'), [['logits-into-probability-loss', 6, 'fix']]);
  });
});
