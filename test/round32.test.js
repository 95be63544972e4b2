// Session 20 (red team round 32): heads that compute their own loss when labels are given, spatial
// pooling before a one-unit head, Keras 3's snake_case metric names. Every case fails on the
// session's first build but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');
const { lintJs } = require('./helpers/js-lint');
const { lintProject } = require('../out/rules');

const rules = (lines) => lint(lines).map((f) => f.rule);

describe('round 32: a forward that computes its own loss when labels are given', () => {
  before(() => initPython());
  const head = (lossLine, ret) => ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '        self.loss_fct = nn.BCEWithLogitsLoss()', '    def forward(self, x, labels=None):', '        logits = self.fc(x)', ...lossLine, ...ret];
  const branch = ['        if labels is not None:', '            loss = self.loss_fct(logits, labels)', '            return loss, logits'];
  const use = (decision) => ['model = Head()', 'for x, y in loader:', '    loss, _ = model(x, labels=y)', '    loss.backward()', `pred = ${decision}`];
  it('called without labels it returns the logits, trained by its own logits loss: a 0.5 cut or round() on them is reported', () => {
    for (const decision of ['(model(x) > 0.5).float()', 'model(x).round()', 'torch.round(model(x))']) {
      assert.deepStrictEqual(rules([...head(branch, ['        return logits']), ...use(decision)]), ['threshold-logits'], decision);
    }
  });
  it('the loss as a conditional expression, or always computed and returned beside the logits: the same', () => {
    const cond = ['        loss = self.loss_fct(logits, labels) if labels is not None else None', '        return {"loss": loss, "logits": logits}'];
    assert.deepStrictEqual(rules([...head(cond, []), ...use('model(x)["logits"] > 0.5')]), ['threshold-logits']);
    const always = ['        loss = self.loss_fct(logits, labels)', '        return loss, logits'];
    assert.deepStrictEqual(rules([...head(always, []), 'model = Head()', '_, out = model(x, y)', 'pred = out > 0.5']), ['threshold-logits']);
  });
  it("guard: the branch's own mistake is still found when no call gives labels (a trainer we cannot see does)", () => {
    const bad = ['        probs = torch.sigmoid(logits)', '        if labels is not None:', '            return self.loss_fct(probs, labels)', '        return probs'];
    assert.deepStrictEqual(rules([...head(bad, []), 'model = Head()', 'p = model(x)']), ['sigmoid-before-logits-loss']);
  });
  it('guard: the same with the sigmoid applied before the cut is clean, and so is a head whose labels are always given', () => {
    assert.deepStrictEqual(rules([...head(branch, ['        return logits']), ...use('torch.sigmoid(model(x)) > 0.5')]), []);
    assert.deepStrictEqual(rules([...head(branch, ['        return logits']), 'model = Head()', 'loss, logits = model(x, labels=y)', 'loss.backward()']), []);
  });
  it("guard: after `if labels is None: out = torch.sigmoid(out); return out`, the labelled path sees the logits the if started from", () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(768, 1)', '        self.crit = nn.BCEWithLogitsLoss()', '    def forward(self, x, labels=None):', '        out = self.fc(x).squeeze(-1)', '        if labels is None:', '            out = torch.sigmoid(out)', '            return out', '        loss = self.crit(out, labels)', '        acc = ((out > 0).float() == labels).float().mean()', '        return loss, acc', 'model = Clf()'];
    assert.deepStrictEqual(rules(lines), []);
    // The same path with a probability loss on those logits is still reported.
    assert.deepStrictEqual(rules(lines.map((l) => l.replace('nn.BCEWithLogitsLoss()', 'nn.BCELoss()'))), ['logits-into-probability-loss']);
  });
  it('guard: a loss inside forward on the class head says nothing of a regression head beside it, squeezed or not', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class MultiTask(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.cls = nn.Linear(768, 3)', '        self.reg = nn.Linear(768, 1)', '    def forward(self, h, labels=None):', '        logits = self.cls(h)', '        score = self.reg(h).squeeze(-1)', '        if labels is not None:', '            loss = nn.CrossEntropyLoss()(logits, labels)', '            return loss, logits, score', '        return logits, score', 'm = MultiTask()', 'logits, score = m(h)', 'high = score > 0.5'];
    assert.deepStrictEqual(rules(lines), []);
  });
  it('guard: two ifs on the same parameter (`if labels is None: out = softmax(out)` then `if labels is not None: loss = ce(out, labels)`) are one path each: silent', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(768, 4)', '    def forward(self, x, labels=None):', '        out = self.fc(x)', '        if labels is None:', '            out = torch.softmax(out, dim=-1)', '        if labels is not None:', '            return nn.CrossEntropyLoss()(out, labels)', '        return out', 'model = Clf()'];
    assert.deepStrictEqual(rules(lines), []);
  });
  it("a LightningModule whose forward returns an inner Sequential's logits and applies its own loss when given y: `self(x) > 0.5` in validation_step is reported", () => {
    const lines = ['import torch', 'import torch.nn as nn', 'import pytorch_lightning as pl', 'class Lit(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 1))', '        self.crit = nn.BCEWithLogitsLoss()', '    def forward(self, x, y=None):', '        logits = self.net(x)', '        if y is None:', '            return logits', '        return logits, self.crit(logits, y.float())', '    def training_step(self, batch, batch_idx):', '        x, y = batch', '        _, loss = self(x, y)', '        return loss', '    def validation_step(self, batch, batch_idx):', '        x, y = batch', '        acc = ((self(x) > 0.5).long() == y).float().mean()'];
    assert.deepStrictEqual(rules(lines), ['threshold-logits']);
  });
  it('a head sized one unit, its own CrossEntropyLoss under `if labels is not None:`, called with labels: reported', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Tab(nn.Module):', '    def __init__(self, num_labels=1):', '        super().__init__()', '        self.classifier = nn.Linear(64, num_labels)', '    def forward(self, x, labels=None):', '        logits = self.classifier(x)', '        loss = None', '        if labels is not None:', '            loss = nn.CrossEntropyLoss()(logits, labels)', '        return {"loss": loss, "logits": logits}', 'model = Tab()', 'out = model(x, labels=y)'];
    assert.deepStrictEqual(rules(lines), ['categorical-loss-single-unit']);
  });
  it('guard: a test of None on a value that may be a tensor (`out is None`) stays unknown: both branches join, silent', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1))', 'out = None', 'if flag:', '    out = model(x)', 'if out is None:', '    out = torch.sigmoid(model(x))', 'loss = nn.BCELoss()(out, y)'];
    // Taken for "not None" the logits would reach BCELoss (a finding); for "None", the sigmoid.
    assert.deepStrictEqual(rules(lines), []);
    assert.deepStrictEqual(rules(lines.map((l) => l.replace('out = torch.sigmoid(model(x))', 'pass'))), ['logits-into-probability-loss']);
  });
});

describe('round 32: spatial axes pooled before a one-unit head', () => {
  before(() => initPython());
  const net = (pool) => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.conv = nn.Conv2d(3, 64, 3, padding=1)', '        self.fc = nn.Linear(64, 1)', '    def forward(self, x):', '        h = torch.relu(self.conv(x))', `        h = ${pool}`, '        return self.fc(h)', 'model = Net()', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'acc = (out.argmax(dim=1) == y).float().mean()'];
  it('a mean (or amax) over the spatial axes, or a functional pooling flattened: (N, 64) -> (N, 1), argmax over dim 1 is reported', () => {
    for (const pool of ['h.mean(dim=[2, 3])', 'h.mean((2, 3))', 'torch.mean(h, dim=(-2, -1))', 'torch.amax(h, dim=(2, 3))', 'F.adaptive_avg_pool2d(h, 1).flatten(1)', 'F.adaptive_max_pool2d(h, (1, 1)).view(h.size(0), -1)']) {
      assert.deepStrictEqual(rules(net(pool)), ['argmax-single-unit'], pool);
    }
  });
  it('guards: other axes, kept axes, or no flatten after a functional pooling say nothing of the rank: silent', () => {
    for (const pool of ['h.mean(dim=[1, 2])', 'h.mean(dim=[2, 3], keepdim=True)', 'h.mean(dim=[2])', 'F.adaptive_avg_pool2d(h, 1)']) {
      assert.deepStrictEqual(rules(net(pool)), [], pool);
    }
  });
});

describe('round 32: a batch of one through an attack loop', () => {
  before(() => initPython());
  it('`clamp(x + eps * torch.randn_like(x).sign(), -2, 2)` of a one-image batch is still one image: argmax() without an axis is its class', () => {
    const lines = ['import torch', 'import torchvision.models as models', 'def attack(tensor, net, eps=1e-3):', '    new = tensor.detach().clone()', '    first = net(tensor).argmax()', '    for i in range(50):', '        grad = torch.randn_like(new)', '        new = torch.clamp(new + eps * grad.sign(), -2, 2)', '        pred = net(new).argmax()', '        if first != pred:', '            break', '    return new', 'net = models.resnet18(pretrained=True)', 'attack(img.unsqueeze(0), net)'];
    assert.deepStrictEqual(rules(lines), []);
  });
  it('guard: the same loop over a batch of unknown size still reports the axis-less argmax', () => {
    const lines = ['import torch', 'import torchvision.models as models', 'def attack(tensor, net, eps=1e-3):', '    new = tensor.detach().clone()', '    first = net(tensor).argmax()', '    for i in range(50):', '        grad = torch.randn_like(new)', '        new = torch.clamp(new + eps * grad.sign(), -2, 2)', '        pred = net(new).argmax()', '        if first != pred:', '            break', '    return new', 'net = models.resnet18(pretrained=True)', 'attack(torch.randn(8, 3, 224, 224), net)'];
    assert.deepStrictEqual(rules(lines), ['argmax-batch-axis', 'argmax-batch-axis']);
  });
});

describe('round 32: a one-unit output viewed as (-1, 1)', () => {
  before(() => initPython());
  const head = (use) => ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(768, 1)', '    def forward(self, x):', '        return self.fc(x)', 'model = Head()', 'logits = model(x)', use];
  it('keeps its one unit: cross-entropy or a softmax over it is reported', () => {
    assert.deepStrictEqual(rules(head('loss = nn.CrossEntropyLoss()(logits.view(-1, 1), y)')), ['categorical-loss-single-unit']);
    assert.deepStrictEqual(rules(head('p = torch.softmax(logits.reshape(-1, 1), dim=-1)')), ['softmax-single-unit']);
  });
  it('guard: viewed as (-1, 2) or flattened, the width is not one unit: silent', () => {
    assert.deepStrictEqual(rules(head('p = torch.softmax(logits.view(-1, 2), dim=-1)')), []);
    assert.deepStrictEqual(rules(head('loss = nn.CrossEntropyLoss()(logits.view(-1), y)')), []);
  });
});

describe("round 32: Keras 3's snake_case metric names", () => {
  before(() => initPython());
  const model = (metrics) => ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', `model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=${metrics})`];
  it("'auc', 'precision', 'recall' on a one-unit logits head are AUC(), Precision(), Recall(): reported, with their from_logits / threshold 0 suggestions", () => {
    const found = lint(model('["auc", "precision", "recall"]'));
    assert.deepStrictEqual(found.map((f) => f.rule), ['accuracy-metric-on-logits', 'accuracy-metric-on-logits', 'accuracy-metric-on-logits']);
    assert.deepStrictEqual(found.map((f) => f.suggested[0]), ['keras.metrics.AUC(from_logits=True)', 'keras.metrics.Precision(thresholds=0.0)', 'keras.metrics.Recall(thresholds=0.0)']);
  });
  it('F1Score / FBetaScore given a 0.5 threshold cut there too: reported, with no edit (round 51: they raise on a threshold of 0)', () => {
    const found = lint(model('[keras.metrics.F1Score(threshold=0.5), keras.metrics.FBetaScore(beta=2.0, threshold=0.5)]'));
    assert.deepStrictEqual(found.map((f) => [f.rule, f.suggested[0]]), [['accuracy-metric-on-logits', undefined], ['accuracy-metric-on-logits', undefined]]);
  });
  it('guard: F1Score without a threshold picks the largest value of each row, no cut: not this rule', () => {
    assert.deepStrictEqual(rules(model('[keras.metrics.F1Score()]')), []);
  });
  it('guard: the same names over a sigmoid output are clean', () => {
    assert.deepStrictEqual(rules(model('["auc", "precision"]').map((l) => l.replace('Dense(1)', 'Dense(1, activation="sigmoid")').replace('from_logits=True', 'from_logits=False'))), []);
  });
});

describe("round 32: a multi-output Keras model's metric judged by its own output's loss", () => {
  before(() => initPython());
  const two = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input((8,))', 'a = layers.Dense(1, name="a")(inp)', 'b = layers.Dense(1, activation="sigmoid", name="b")(inp)', 'model = keras.Model(inp, [a, b])'];
  it("'accuracy' on the logits output is reported although the other output's loss takes probabilities", () => {
    for (const compile of [
      'model.compile(optimizer="adam", loss={"a": keras.losses.BinaryCrossentropy(from_logits=True), "b": "binary_crossentropy"}, metrics={"a": ["accuracy"], "b": ["accuracy"]})',
      'model.compile(optimizer="adam", loss=[keras.losses.BinaryCrossentropy(from_logits=True), "binary_crossentropy"], metrics=["accuracy"])',
      'model.compile(optimizer="adam", loss={"a": keras.losses.BinaryCrossentropy(from_logits=True), "b": "binary_crossentropy"}, metrics={"a": [keras.metrics.AUC()]})',
    ]) assert.deepStrictEqual(rules([...two, compile, 'model.fit(x, [ya, yb])']), ['accuracy-metric-on-logits'], compile);
  });
  it("one 'accuracy' for a logits and a sigmoid output: reported for the logits one, with no rewrite (it would break the other)", () => {
    const compile = 'model.compile(optimizer="adam", loss=[keras.losses.BinaryCrossentropy(from_logits=True), "binary_crossentropy"], metrics=["accuracy"])';
    assert.deepStrictEqual(lint([...two, compile, 'model.fit(x, [ya, yb])']).map((f) => [f.rule, f.suggestions.length]), [['accuracy-metric-on-logits', 0]]);
  });
  it("guard: the logits output's own probability loss is the root cause: the loss is reported, not its accuracy", () => {
    const compile = 'model.compile(optimizer="adam", loss=["binary_crossentropy", "binary_crossentropy"], metrics=["accuracy"])';
    assert.deepStrictEqual(rules([...two, compile, 'model.fit(x, [ya, yb])']), ['logits-into-probability-loss']);
  });
});

describe('round 32: Keras custom training steps', () => {
  before(() => initPython());
  const fitGuide = (step, act = 'softmax') => ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)', 'class CustomModel(keras.Model):', ...step, 'inputs = keras.Input(shape=(32,))', `outputs = layers.Dense(10, activation="${act}")(inputs)`, 'model = CustomModel(inputs, outputs)', 'model.compile(optimizer="adam")', 'model.fit(x, y)'];
  const trainStep = ['    def train_step(self, data):', '        x, y = data', '        with tf.GradientTape() as tape:', '            y_pred = self(x, training=True)', '            loss = loss_fn(y, y_pred)', '        return {"loss": loss}'];
  it("the guide's CustomModel(inputs, outputs): `self(x)` in its train_step (or compute_loss's y_pred) is the functional output", () => {
    assert.deepStrictEqual(rules(fitGuide(trainStep)), ['softmax-before-logits-loss']);
    const computeLoss = ['    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None):', '        return loss_fn(y, y_pred)'];
    assert.deepStrictEqual(rules(fitGuide(computeLoss)), ['softmax-before-logits-loss']);
  });
  it('guard: the same step over a linear output is clean', () => {
    assert.deepStrictEqual(rules(fitGuide(trainStep, 'linear')), []);
  });
  it("a step of its own with compile metrics (read by evaluate's default test_step): removing the output's sigmoid is a suggestion", () => {
    const lines = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'class Clf(keras.Model):', '    def __init__(self):', '        super().__init__()', '        self.h = layers.Dense(32, activation="relu")', '        self.out = layers.Dense(1, activation="sigmoid")', '    def call(self, x, training=False):', '        return self.out(self.h(x))', '    def train_step(self, data):', '        x, y = data', '        with tf.GradientTape() as tape:', '            y_pred = self(x, training=True)', '            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=y_pred))', '        return {"loss": loss}', 'm = Clf()'];
    const compiled = lint([...lines, 'm.compile(optimizer="adam", metrics=["accuracy"])', 'm.fit(x, y)']);
    assert.deepStrictEqual(compiled.map((f) => [f.rule, !!f.fix]), [['sigmoid-before-logits-loss', false]]);
    // Without compile's metrics nothing reads the output: the removal stays safe.
    assert.deepStrictEqual(lint([...lines, 'm.compile(optimizer="adam")', 'm.fit(x, y)']).map((f) => [f.rule, !!f.fix]), [['sigmoid-before-logits-loss', true]]);
  });
  it("guard: a step handing the output to the compiled loss and metrics is no reader of its own: the loss switch stays a fix", () => {
    const step = ['    def train_step(self, data):', '        x, y = data', '        with tf.GradientTape() as tape:', '            y_pred = self(x, training=True)', '            loss = self.compiled_loss(y, y_pred)', '        self.compiled_metrics.update_state(y, y_pred)', '        return {m.name: m.result() for m in self.metrics}'];
    const lines = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'class CustomModel(keras.Model):', ...step, 'inputs = keras.Input(shape=(32,))', 'model = CustomModel(inputs, layers.Dense(1)(inputs))', 'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])'];
    assert.deepStrictEqual(lint(lines).map((f) => [f.rule, !!f.fix]), [['logits-into-probability-loss', true]]);
  });
  it("a regression head sliced beside a softmax class head, trained by a loss function of one's own: its 0.5 cut is no finding", () => {
    const lines = ['import keras', 'from keras import layers, ops', 'def box_loss(true, pred):', '    return ops.mean(ops.square(true - pred), axis=-1)', 'inputs = keras.Input(shape=(16,))', 'x = layers.Dense(6)(layers.Dense(32, activation="relu")(inputs))', 'score = x[:, :1]', 'cls = layers.Softmax()(x[:, 1:])', 'model = keras.Model(inputs, [score, cls])', 'model.compile(optimizer="adam", loss=[box_loss, "sparse_categorical_crossentropy"])', 's, c = model.predict(xb)', 'keep = s[:, 0] > 0.5'];
    assert.deepStrictEqual(rules(lines), []);
  });
  it("guard: a loss function of one's own that applies a known loss still makes the head a classifier", () => {
    const lines = ['import keras', 'def my_loss(y, p):', '    return keras.losses.binary_crossentropy(y, p, from_logits=True)', 'inputs = keras.Input(shape=(16,))', 'out = keras.layers.Dense(1)(inputs)', 'model = keras.Model(inputs, out)', 'model.compile(optimizer="adam", loss=my_loss)', 'p = model.predict(xb)', 'keep = p > 0.5'];
    assert.deepStrictEqual(rules(lines), ['threshold-logits']);
  });
});

describe('round 32: notebooks and tfjs fix safety', () => {
  before(() => initPython());
  it('a cell whose first line is blank, then `pip install x` (IPython drops leading blank lines): IPython, not a parse error', () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['\n', 'pip install scikit-learn'], metadata: {}, outputs: [], execution_count: null }, { cell_type: 'code', source: ['import torch.nn as nn\n', 'm = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n', 'loss = nn.BCEWithLogitsLoss()(m(x), y)'], metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const file = '/virtual/nb.ipynb';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? nb : undefined) });
    assert.deepStrictEqual(r.problems.map((p) => p.message), []);
    // Every cell read: nothing unseen may read the output, so the fix stays safe.
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, !!f.fix]), [['sigmoid-before-logits-loss', true]]);
  });
  const tfjs = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'await model.fit(xs, ys);'];
  it('tfjs: the compiled model bound, aliased, stored, yielded, resolved or its layers read: the loss switch is a suggestion', () => {
    for (const more of ['const predict = model.predict.bind(model);', 'models["clf"] = model;', 'reg.set("clf", model);', 'const active = cond ? null : model;', 'const m = cached || model;', 'function* gen() { yield model; }', 'new Promise((r) => r(model));', 'const y = model.layers[1].apply(x);', 'Object.assign(app, { model });']) {
      assert.deepStrictEqual(lintJs([...tfjs, more]), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }], more);
    }
  });
  it("tfjs: a classic browser script's top-level model (every script on the page shares it), or one required from another module: a suggestion", () => {
    const classic = ['var model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"];
    assert.deepStrictEqual(lintJs(classic), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }]);
    const files = {
      '/virtual/model.js': ["const tf = require('@tensorflow/tfjs');", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", 'module.exports = { model };'].join('\n'),
      '/virtual/train.js': ["const { model } = require('./model');", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'model.fit(xs, ys);'].join('\n'),
    };
    const found = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] }).findings;
    assert.deepStrictEqual(found.map((f) => [f.ruleId, !!f.fix]), [['logits-into-probability-loss', false]]);
  });
  it('tfjs: handed to a function of the same file that stores it on window or passes it to an import, or returned: a suggestion', () => {
    const inMain = (tail) => ["import * as tf from '@tensorflow/tfjs';", "import { helper } from './helper.js';", 'async function main(xs, ys) {', '  const model = tf.sequential();', "  model.add(tf.layers.dense({ units: 1, inputShape: [2] }));", "  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", '  await model.fit(xs, ys);', ...tail, '}'];
    for (const tail of [['  keep(model);', '}', 'function keep(m) {', '  window.trainedModel = m;'], ['  go(model);', '}', 'function go(m) {', '  helper(m);'], ['  return model;']]) {
      assert.deepStrictEqual(lintJs(inMain(tail)).map((f) => f.fix), [false], tail.join(' '));
    }
  });
  it('guard: handed to a function of the same file that only trains it, the switch stays safe', () => {
    const lines = ["import * as tf from '@tensorflow/tfjs';", 'async function train(m, xs, ys) {', '  await m.fit(xs, ys, { epochs: 3 });', '  m.summary();', '}', 'async function main(xs, ys) {', '  const model = tf.sequential();', "  model.add(tf.layers.dense({ units: 1, inputShape: [2] }));", "  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", '  await train(model, xs, ys);', '}'];
    assert.deepStrictEqual(lintJs(lines).map((f) => f.fix), [true]);
  });
  it('guard: a model trained and summarised in a function of a module keeps the safe switch', () => {
    const lines = ["import * as tf from '@tensorflow/tfjs';", 'async function main() {', '  const model = tf.sequential();', "  model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", '  model.summary();', '  await model.fit(xs, ys, { epochs: 3 });', '  model.dispose();', '}', 'main();'];
    assert.deepStrictEqual(lintJs(lines), [{ rule: 'logits-into-probability-loss', fix: true, suggestions: 1 }]);
  });
});

describe('round 32: comparisons written as calls, decorators imported under short names', () => {
  before(() => initPython());
  const head = (decision) => ['import numpy as np', 'import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', `flag = ${decision}`];
  it('`.gt(0.7)`, `torch.ge(z, 0.3)`, `np.greater(p, 0.7)` on logits are thresholds, as `> 0.7` is', () => {
    for (const d of ['model(x).gt(0.7)', 'torch.ge(model(x), 0.3)', 'np.greater(model(x).detach().numpy(), 0.7)', 'torch.where(model(x).gt(0.7), 1, 0)']) {
      assert.deepStrictEqual(rules(head(d)), ['threshold-logits'], d);
    }
  });
  it('a sigmoid output cut by `.ge(THR)` or `torch.gt(p, 0.7)` is read as probabilities: removing the sigmoid is a suggestion', () => {
    const sig = (cut) => ['import torch', 'import torch.nn as nn', 'THR = 0.7', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', `flag = ${cut}`];
    for (const cut of ['model(x).ge(THR)', 'torch.gt(model(x), 0.7)']) {
      assert.deepStrictEqual(lint(sig(cut)).map((f) => [f.rule, !!f.fix]), [['sigmoid-before-logits-loss', false]], cut);
    }
  });
  it('`.lt(0.5)`, `torch.le(z, 0.5)` on logits are the 0.5 cut too, with its fix to 0', () => {
    for (const d of ['model(x).lt(0.5)', 'torch.le(model(x), 0.5)']) {
      assert.deepStrictEqual(lint(head(d)).map((f) => [f.rule, !!f.fix]), [['threshold-logits', true]], d);
    }
  });
  it('guard: a call-form cut at 0 on logits is the cut for logits: silent', () => {
    assert.deepStrictEqual(rules(head('model(x).gt(0)')), []);
  });
  it('a forward decorated with `@autocast()` imported from torch.cuda.amp, torch.amp or torch is the forward as written', () => {
    for (const imp of ['from torch.cuda.amp import autocast', 'from torch.amp import autocast', 'from torch import autocast']) {
      const lines = ['import torch', 'import torch.nn as nn', imp, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    @autocast()', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
      assert.deepStrictEqual(rules(lines), ['sigmoid-before-logits-loss'], imp);
    }
  });
  it('guard: a decorator of unknown effect imported under a short name still hides the forward', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'from mylib import wrap', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    @wrap()', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(rules(lines), []);
  });
});

describe('round 32: tfjs imports from a CDN or awaited, and less(0.5)', () => {
  const model = ['const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"];
  it('tfjs imported from a CDN as an ES module, or by `await import(...)`: linted as tfjs', () => {
    for (const imp of ["import * as tf from 'https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/+esm';", "import * as tf from 'https://esm.sh/@tensorflow/tfjs@4';", "const tf = await import('@tensorflow/tfjs');"]) {
      assert.deepStrictEqual(lintJs([imp, ...model]).map((f) => f.rule), ['logits-into-probability-loss'], imp);
    }
  });
  it('guard: a CDN URL of another package is not tfjs', () => {
    assert.deepStrictEqual(lintJs(["import * as tf from 'https://esm.sh/@tensorflow-models/knn-classifier';", ...model]), []);
  });
  it('`z.less(0.5)` and `z.lessEqual(0.5)` on logits are the 0.5 cut, with its fix to 0', () => {
    const lines = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", 'model.compile({ optimizer: "adam", loss: tf.losses.sigmoidCrossEntropy });', 'const z = model.predict(x);', 'const a = z.less(0.5);', 'const b = z.lessEqual(0.5);'];
    assert.deepStrictEqual(lintJs(lines), [{ rule: 'threshold-logits', fix: true, suggestions: 0 }, { rule: 'threshold-logits', fix: true, suggestions: 0 }]);
  });
});

describe('round 32: which JavaScript files can bind tfjs at all (the cheap pre-filter)', () => {
  const { mentionsTf } = require('../out/rules/engine/js/text-scan');
  it('a bundle whose function is named tf (emscripten: `function tf(b, a)`, `{ _x: tf, ... }`) is not read as tfjs', () => {
    assert.strictEqual(mentionsTf('function tf(b,a,C){return b|0}var asm={_i64Add:tf,_x:Ud};x=tf(1,2,3);'), false);
  });
  it('guard: tfjs used as a global, a parameter, destructured or imported still is', () => {
    for (const text of ['const m = tf.sequential();', 'function build(tf) { return tf?.sequential(); }', 'const { layers } = tf;\n', "import * as t from '@tensorflow/tfjs';", 'const x = tf["tensor"]([1]);']) {
      assert.strictEqual(mentionsTf(text), true, text);
    }
  });
});
