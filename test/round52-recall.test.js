'use strict';
// Round 52 (rt52c's recall study): a forward returning a dict comprehension of heads, a Conv1d's
// output pooled over its one spatial axis by an integer dim, a helper nobody calls whose parameter is
// annotated with a model class of the program, and a custom Keras / tfjs loss whose swapped
// parameters are read again in its body (the swap of the call alone is then only a suggestion).
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { foundIn, fixedLines } = require('./lint-text');

const rulesOf = (lines) => foundIn(lines).map((f) => f[0]);

describe('round 52: a forward returning a dict comprehension of heads', () => {
  before(() => initPython());
  const net = (ret) => ['import torch', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.heads = nn.ModuleDict({"churn": nn.Linear(64, 1), "seg": nn.Linear(64, 4)})', '        self.churn = self.heads["churn"]', '    def forward(self, x):', `        return ${ret}`,
    'model = M()', 'X, y = torch.randn(8, 64), torch.randint(0, 2, (8, 1)).float()', 'loss = nn.BCEWithLogitsLoss()(model(X)["churn"], y)', 'pred = torch.round(model(X)["churn"])'];
  it('over a ModuleDict\'s items(), its keys, a literal list of pairs, or with a filter that keeps the key: out["churn"] is the head\'s logits, rounding them is reported', () => {
    for (const ret of ['{name: head(x) for name, head in self.heads.items()}', '{k: self.heads[k](x) for k in self.heads}', '{k: self.heads[k](x) for k in ["churn", "seg"]}',
      '{name: head(x) for name, head in [("churn", self.churn)]}', '{k: h(x) for k, h in self.heads.items() if k != "seg"}']) {
      assert.deepStrictEqual(foundIn(net(ret)), [['threshold-logits', 13, 'suggestion']], ret);
    }
  });
  it('guard: a filter we cannot decide, a key we cannot read, or a filter that drops the key: silent', () => {
    for (const ret of ['{k: h(x) for k, h in self.heads.items() if x.sum() > 0}', '{k.upper(): h(x) for k, h in self.heads.items()}', '{k: h(x) for k, h in self.heads.items() if k != "churn"}']) {
      assert.deepStrictEqual(foundIn(net(ret)), [], ret);
    }
  });
});

describe("round 52: a Conv1d's output pooled over its one spatial axis", () => {
  before(() => initPython());
  const net = (conv, pooled) => ['import torch', 'import torch.nn as nn', 'class C(nn.Module):', '    def __init__(self):', '        super().__init__()', `        self.conv = ${conv}`, '        self.fc = nn.Linear(16, 1)',
    '    def forward(self, x):', '        h = torch.relu(self.conv(x))', `        return self.fc(${pooled})`,
    'model = C()', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out.squeeze(1), y.float())', 'predicted = out.max(1)[1]'];
  it('.max(dim=2).values, .max(2)[0], torch.max(h, 2)[0], .mean(2), .amax(dim=2): (N, 16) -> (N, 1), the argmax over dim 1 is reported', () => {
    for (const pooled of ['h.max(dim=2).values', 'h.max(2)[0]', 'torch.max(h, 2)[0]', 'h.mean(2)', 'torch.mean(h, dim=2)', 'h.amax(dim=2)', 'torch.amax(h, 2)']) {
      assert.deepStrictEqual(rulesOf(net('nn.Conv1d(50, 16, 3)', pooled)), ['argmax-single-unit'], pooled);
    }
  });
  it('guard: dim=-1 (an unbatched (C, L) has it too), dim=1, keepdim, an axis added before, or one of a Conv2d\'s two spatial axes: silent', () => {
    for (const pooled of ['h.max(dim=-1).values', 'h.mean(1)', 'h.mean(2, keepdim=True)', 'h.unsqueeze(1).mean(2)']) {
      assert.deepStrictEqual(rulesOf(net('nn.Conv1d(50, 16, 3)', pooled)), [], pooled);
    }
    assert.deepStrictEqual(rulesOf(net('nn.Conv2d(3, 16, 3)', 'h.mean(2)')), []);
  });
});

describe('round 52: a parameter annotated with a model class, in a function nobody calls', () => {
  before(() => initPython());
  const net = ['import typing', 'from typing import Optional, Union', 'import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)',
    '    def forward(self, x):', '        return self.fc(x)'];
  const helper = (param, more = []) => [...net, ...more, `def evaluate(${param}, x, y):`, '    return (model(x).argmax(1) == y).float().mean()'];
  it('model: Net, Optional[Net] = None, "Net", Net | None, typing.Union[Net, None]: an instance of Net, its argmax over one unit reported', () => {
    for (const param of ['model: Net', 'model: Optional[Net] = None', 'model: "Net"', 'model: Net | None = None', 'model: typing.Union[Net, None]']) {
      assert.deepStrictEqual(foundIn(helper(param)).map((f) => f.slice(0, 2)), [['argmax-single-unit', 12]], param);
    }
  });
  it("a trainer class nobody makes, given `model: Net`: its method's argmax is reported", () => {
    const lines = [...net, 'class Trainer:', '    def __init__(self, model: Net):', '        self.model = model', '    def accuracy(self, x, y):', '        return (self.model(x).argmax(1) == y).float().mean()'];
    assert.deepStrictEqual(rulesOf(lines), ['argmax-single-unit']);
  });
  it('fit(model: Detector) and evaluate(model: Detector) stand for one model: the sigmoid BCELoss trains, cut at 0, is reported', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Detector(nn.Module):', '    def __init__(self, d):', '        super().__init__()', '        self.fc = nn.Linear(d, 1)',
      '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'def evaluate(model: Detector, x, y):', '    return ((model(x) > 0).float() == y).float().mean()',
      'def fit(model: Detector, x, y):', '    nn.BCELoss()(model(x), y).backward()'];
    assert.deepStrictEqual(foundIn(lines).map((f) => f.slice(0, 2)), [['zero-threshold-on-probabilities', 10]]);
  });
  it('guard: no annotation, nn.Module, a union of two model classes, a subclass in the program, or a call site (whose argument is unknown): silent', () => {
    const other = ['class Other(nn.Module):', '    def forward(self, x):', '        return x'];
    const sub = ['class Big(Net):', '    def forward(self, x):', '        return self.fc(x) * 2'];
    assert.deepStrictEqual(rulesOf(helper('model')), []);
    assert.deepStrictEqual(rulesOf(helper('model: nn.Module')), []);
    assert.deepStrictEqual(rulesOf(helper('model: Union[Net, Other]', other)), []);
    assert.deepStrictEqual(rulesOf(helper('model: Net', sub)), []);
    assert.deepStrictEqual(rulesOf([...helper('model: Net'), 'evaluate(load_model(), x, y)']), []);
  });
});

describe('round 52: a custom loss whose swapped parameters are read again in its body', () => {
  before(() => initPython());
  const keras = (body) => ['import keras', 'from keras import ops', 'def weighted_bce(y_pred, y_true):', '    bce = keras.losses.binary_crossentropy(y_true, y_pred)', ...body,
    'model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1, activation="sigmoid")])', 'model.compile(optimizer="adam", loss=weighted_bce)'];
  it('Keras: class weights read from y_true (the predictions): the swap of the call is only suggested, and the message says why', () => {
    const lines = keras(['    weights = ops.where(ops.equal(y_true, 1.0), 4.0, 1.0)', '    return ops.mean(bce * ops.squeeze(weights, -1))']);
    assert.deepStrictEqual(foundIn(lines), [['swapped-loss-arguments', 4, 'suggestion']]);
    const [f] = lintProject(['/virtual/train.py'], {}, { readFile: () => lines.join('\n') + '\n' }).findings;
    assert.match(f.message, /y_true is also read elsewhere in this function \(line 5\): swapping this call's arguments alone leaves those reads with the swapped meaning/);
    assert.strictEqual(fixedLines(lines), lines.join('\n') + '\n');
  });
  it('guard: a body that reads them only in the loss call keeps its safe swap', () => {
    assert.deepStrictEqual(foundIn(keras(['    return bce'])), [['swapped-loss-arguments', 4, 'fix']]);
  });
  it("tfjs: the same loss's message names the other read too", () => {
    const lines = ["import * as tf from '@tensorflow/tfjs';", 'function weightedLoss(yPred, yTrue) {', '  const weights = yTrue.mul(4).add(1);', '  return tf.losses.sigmoidCrossEntropy(yTrue, yPred, weights);', '}',
      'const model = tf.sequential();', 'model.add(tf.layers.dense({ inputShape: [32], units: 1 }));', 'model.compile({ optimizer: "adam", loss: weightedLoss });'];
    const found = lintProject(['/virtual/train.js'], {}, { readFile: () => lines.join('\n') + '\n' }).findings;
    assert.deepStrictEqual(found.map((f) => [f.ruleId, f.location.line, !!f.fix]), [['swapped-loss-arguments', 4, false]]);
    assert.match(found[0].message, /yTrue is also read elsewhere in this function \(line 3\)/);
  });
});
