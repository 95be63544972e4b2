// Session 19 (red team round 31): Keras losses given through a variable and functional models made
// by a keras.Model subclass, pooled sequences before a one-unit head, a softmax over one channel,
// and fixes that changed what other code reads. Every case fails on the session's first build but
// the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { tooDeep } = require('../out/rules/engine/python/parser');
const { lint } = require('./helpers/python-lint');
const { lintJs } = require('./helpers/js-lint');
const { runCli, useProjects } = require('./cli-helpers');

const rules = (lines) => lint(lines).map((f) => f.rule);

/** One file linted in memory: its findings with their fix's edits. */
function lintWithEdits(lines, file = '/virtual/train.py') {
  const text = lines.join('\n') + '\n';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
  return r.findings.map((f) => ({ rule: f.ruleId, line: f.location.line, fix: f.fix && f.fix.edits.map((e) => text.slice(e.start, e.end) + ' -> ' + e.text), message: f.message }));
}

describe('round 31: Keras losses given through a variable, functional models of a subclass', () => {
  before(() => initPython());
  const functional = ['import tensorflow as tf', 'from tensorflow import keras', 'inp = keras.Input(shape=(8,))', 'a = keras.layers.Dense(1, name="a")(inp)', 'b = keras.layers.Dense(1, name="b")(inp)', 'c = keras.layers.Dense(1, name="c", activation="sigmoid")(inp)'];
  it('a dict or list of losses held in a variable: each output judged by its own loss, placed where it was made', () => {
    const dict = lintWithEdits([...functional, 'model = keras.Model(inp, [a, b, c])', 'losses = {"a": "binary_crossentropy", "b": keras.losses.BinaryCrossentropy(), "c": "binary_crossentropy"}', 'model.compile(optimizer="adam", loss=losses)']);
    assert.deepStrictEqual(dict.map((f) => [f.rule, f.line]), [['logits-into-probability-loss', 8], ['logits-into-probability-loss', 9]]);
    const list = rules([...functional, 'model = keras.Model(inp, [a])', 'losses = ["binary_crossentropy"]', 'model.compile(optimizer="adam", loss=losses)']);
    assert.deepStrictEqual(list, ['logits-into-probability-loss']);
  });
  it('guard: the same variable over the sigmoid output only is clean', () => {
    assert.deepStrictEqual(rules([...functional, 'model = keras.Model(inp, [c])', 'losses = {"c": "binary_crossentropy"}', 'model.compile(optimizer="adam", loss=losses)']), []);
  });
  it("M(inputs, outputs), M a keras.Model subclass without __init__ or call (the guide's custom train_step): a functional model", () => {
    const sub = ['from tensorflow import keras', 'class M(keras.Model):', '    def train_step(self, data):', '        x, y = data', '        y_pred = self(x, training=True)', '        loss = self.compute_loss(y=y, y_pred=y_pred)', '        return {"loss": loss}', 'inputs = keras.Input(shape=(8,))'];
    for (const made of ['model = M(inputs, keras.layers.Dense(1)(inputs))', 'model = M(inputs=inputs, outputs=keras.layers.Dense(1)(inputs))']) {
      assert.deepStrictEqual(rules([...sub, made, 'model.compile(optimizer="adam", loss="binary_crossentropy")']), ['logits-into-probability-loss'], made);
    }
  });
  it('guard: the subclass over a sigmoid output is clean, and one with its own call is still read from call', () => {
    const sub = ['from tensorflow import keras', 'class M(keras.Model):', '    pass', 'inputs = keras.Input(shape=(8,))'];
    assert.deepStrictEqual(rules([...sub, 'model = M(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))', 'model.compile(optimizer="adam", loss="binary_crossentropy")']), []);
    const own = ['from tensorflow import keras', 'class M(keras.Model):', '    def __init__(self):', '        super().__init__()', '        self.d = keras.layers.Dense(1, activation="sigmoid")', '    def call(self, x):', '        return self.d(x)', 'model = M()', 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
    assert.deepStrictEqual(rules(own), []);
  });
});

describe('round 31: a sequence pooled before a one-unit head, a softmax over one channel', () => {
  before(() => initPython());
  const rnn = (pool) => ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.emb = nn.Embedding(100, 16)', '        self.lstm = nn.LSTM(16, 32, batch_first=True)', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        out, (h, c) = self.lstm(self.emb(x))', `        return self.fc(${pool})`, 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x).squeeze(1), y)', 'pred = model(x).argmax(dim=1)'];
  it('the time axis pooled (mean, max values, the state squeezed): argmax over the one unit is reported', () => {
    for (const pool of ['out.mean(dim=1)', 'torch.max(out, dim=1)[0]', 'out.max(1).values', 'h.squeeze(0)', 'torch.mean(out, 1)']) {
      assert.deepStrictEqual(rules(rnn(pool)), ['argmax-single-unit'], pool);
    }
  });
  it('guards: the sequence itself, or pooled keeping its axis, is [batch, time, 1]: silent', () => {
    for (const pool of ['out', 'out.mean(dim=1, keepdim=True)', 'out.mean(dim=-1)']) assert.deepStrictEqual(rules(rnn(pool)), [], pool);
  });
  it('guard: the state of a two-layer or bidirectional RNN squeezed at 0 is unchanged ([layers, batch, hidden]): silent', () => {
    for (const made of ['nn.LSTM(16, 32, num_layers=2, batch_first=True)', 'nn.LSTM(16, 32, batch_first=True, bidirectional=True)', 'nn.LSTM(16, 32, **cfg)']) {
      assert.deepStrictEqual(rules(rnn('h.squeeze(0)').map((l) => l.replace('nn.LSTM(16, 32, batch_first=True)', made))), [], made);
    }
  });
  it('a layer on rows of a known 3-axis tensor (`seqs[:8]`, `seqs.split(8)`) scores each step: argmax over dim 1 picks a step, silent', () => {
    const base = ['import torch', 'import torch.nn as nn', 'seqs = torch.randn(64, 7, 10)', 'scorer = nn.Linear(10, 1)'];
    assert.deepStrictEqual(rules([...base, 'peak = scorer(seqs[:8]).argmax(dim=1)']), []);
    assert.deepStrictEqual(rules([...base, 'for xb in seqs.split(8):', '    peak = scorer(xb).argmax(dim=1)']), []);
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'rows = torch.randn(64, 10)', 'scorer = nn.Linear(10, 1)', 'peak = scorer(rows[:8]).argmax(dim=1)']), ['argmax-single-unit'], 'guard: rows of a 2-axis tensor');
  });
  it("a Hugging Face encoder's pooler_output is one vector a sample", () => {
    const bert = ['import torch', 'import torch.nn as nn', 'from transformers import AutoModel', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.bert = AutoModel.from_pretrained("bert-base-uncased")', '        self.out = nn.Linear(768, 1)', '    def forward(self, ids, mask):', '        return self.out(self.bert(input_ids=ids, attention_mask=mask).pooler_output)', 'model = Clf()', 'loss = nn.BCEWithLogitsLoss()(model(ids, mask), y)', 'preds = torch.argmax(model(ids, mask), dim=1)'];
    assert.deepStrictEqual(rules(bert), ['argmax-single-unit']);
  });
  const seg = (channels, soft) => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Seg(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.enc = nn.Conv2d(3, 8, 3, padding=1)', `        self.head = nn.Conv2d(8, ${channels}, 1)`, '        self.soft = nn.Softmax(dim=1)', '    def forward(self, x):', `        return ${soft ? 'self.soft(' : ''}self.head(F.relu(self.enc(x)))${soft ? ')' : ''}`, 'net = Seg()'];
  it('a softmax over dim 1 of a one-channel convolution (in forward, or on the output) always gives 1.0', () => {
    assert.deepStrictEqual(rules([...seg(1, true), 'loss = nn.BCELoss()(net(x), m)']), ['softmax-single-unit']);
    assert.deepStrictEqual(rules([...seg(1, false), 'loss = nn.BCEWithLogitsLoss()(net(x), m)', 'mask = F.softmax(net(x), dim=1) > 0.5']), ['softmax-single-unit']);
  });
  it('guard: over several channels it is the per-pixel class softmax: clean', () => {
    assert.deepStrictEqual(rules([...seg(4, false), 'loss = nn.CrossEntropyLoss()(net(x), m)', 'probs = F.softmax(net(x), dim=1)']), []);
  });
});

describe('round 31: a cut multiplied with the labels (IoU, Dice) is a decision', () => {
  before(() => initPython());
  const seg = (act) => ['import torch', 'import torch.nn as nn', 'class Seg(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.final = nn.Conv2d(16, 1, kernel_size=1)', '    def forward(self, x):', `        return ${act ? 'torch.sigmoid(' : ''}self.final(x)${act ? ')' : ''}`, 'model = Seg()', `criterion = nn.${act ? 'BCELoss' : 'BCEWithLogitsLoss'}()`];
  const iou = ['def iou(img, mask):', '    out = model(img)', '    loss = criterion(out, mask)', '    pred = (out > 0).float()', '    inter = (pred * mask).sum()', '    return loss, inter / (pred.sum() + mask.sum() - inter)'];
  it('a cut at 0 of sigmoid outputs times the mask the loss took: every pixel foreground, reported (called or not)', () => {
    assert.deepStrictEqual(rules([...seg(true), ...iou]), ['zero-threshold-on-probabilities']);
    assert.deepStrictEqual(rules([...seg(true), ...iou, 'print(iou(torch.randn(2, 16, 8, 8), torch.rand(2, 1, 8, 8).round()))']), ['zero-threshold-on-probabilities']);
  });
  it('guards: the same cut of logits is right, and a cut times something that is no labels is a mask, not a decision', () => {
    assert.deepStrictEqual(rules([...seg(false), ...iou]), []);
    assert.deepStrictEqual(rules([...seg(true), 'def gate(img, feats, mask):', '    out = model(img)', '    loss = criterion(out, mask)', '    return (out > 0).float() * feats, loss']), []);
  });
});

describe('round 31: fixes that changed what other code reads', () => {
  before(() => initPython());
  const keras = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(32, activation="relu", input_shape=(10,)), keras.layers.Dense(1)])'];
  it("'accuracy' beside the loss on a one-unit logits head: one fix switches both where Keras can write the metric, leaving nothing to report", () => {
    const found = lintWithEdits([...keras, 'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])', 'model.fit(x, y)']);
    assert.deepStrictEqual(found.map((f) => f.rule), ['logits-into-probability-loss']);
    assert.deepStrictEqual(found[0].fix, ['"binary_crossentropy" -> keras.losses.BinaryCrossentropy(from_logits=True)', '"accuracy" -> keras.metrics.BinaryAccuracy(name="accuracy", threshold=0.0)']);
    assert.match(found[0].message, /switching the loss as offered switches it to read logits too/);
    const tfjs = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });", 'await model.fit(xs, ys);'];
    // tfjs has no metric edit: the switch alone would leave 'accuracy' cutting logits at 0.5, so it
    // is only offered next to adding the activation (round 40), and the message says so.
    assert.deepStrictEqual(lintJs(tfjs), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }]);
    const file = '/virtual/app.js';
    const [f] = lintProject([file], {}, { readFile: (x) => (x === file ? tfjs.join('\n') : undefined) }).findings;
    assert.match(f.message, /adding the activation fixes both, while switching the loss leaves it to fix/);
  });
  it('Keras outputs printed as a probability, or another model over the same layer saved: the loss switch is a suggestion', () => {
    for (const read of ['p = model.predict(x_new)\nprint(f"churn probability: {p[0][0] * 100:.1f}%")', 'p = model.predict(x_new)\nprint("probability:", p[0][0])']) {
      assert.deepStrictEqual(lint([...keras, 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', read]).map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', undefined]], read);
    }
    const shared = ['from tensorflow import keras', 'inp = keras.Input((10,))', 'logit = keras.layers.Dense(1)(keras.layers.Dense(8, activation="relu")(inp))', 'model = keras.Model(inp, logit)', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'serve = keras.Model(inp, logit)', 'serve.save("serve.keras")'];
    assert.deepStrictEqual(lint(shared).map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', undefined]]);
    const serving = [...keras, 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'serving = keras.Model(model.input, model.output)', 'serving.save("serving.keras")'];
    assert.deepStrictEqual(lint(serving).map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', undefined]]);
  });
  it('Keras: an inference model over the trained output tensor shares its training: its 0.5 cut on logits is reported', () => {
    const twin = ['from tensorflow import keras', 'inp = keras.Input((10,))', 'logit = keras.layers.Dense(1)(keras.layers.Dense(8, activation="relu")(inp))', 'train_model = keras.Model(inp, logit)', 'train_model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'train_model.fit(x, y)', 'infer_model = keras.Model(inp, logit)', 'pred = (infer_model.predict(x_test) > 0.5).astype(int)'];
    assert.deepStrictEqual(rules(twin), ['threshold-logits']);
  });
  it('Keras outputs returned by a generator, or joined with what the model does not output (np.stack([1 - p, p])): a suggestion', () => {
    for (const read of ['def proba(x):\n    yield model.predict(x)', 'def proba(x):\n    p = model.predict(x).ravel()\n    return np.stack([1 - p, p], axis=1)']) {
      assert.deepStrictEqual(lint(['import numpy as np', ...keras, 'model.compile(optimizer="adam", loss="binary_crossentropy")', read]).map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', undefined]], read);
    }
  });
  it("metrics written once for two outputs, or named by a class ('AUC'): the joint edit is left out, or keeps Keras' own name", () => {
    const two = ['from tensorflow import keras', 'inp = keras.Input((8,))', 'a = keras.layers.Dense(1, name="a")(inp)', 'b = keras.layers.Dense(1, name="b", activation="sigmoid")(inp)', 'model = keras.Model(inp, [a, b])', 'model.compile(optimizer="adam", loss=["binary_crossentropy", "binary_crossentropy"], metrics=["accuracy"])'];
    // The metric is not rewritten for one output: the switch alone would make it cut logits, so no safe fix.
    const [f] = lintWithEdits(two);
    assert.strictEqual(f.fix, undefined);
    assert.match(f.message, /switching the loss leaves it to fix/);
    const [g] = lintWithEdits([...keras, 'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["AUC"])']);
    assert.ok(g.fix.includes('"AUC" -> keras.metrics.AUC(from_logits=True)'), JSON.stringify(g.fix));
  });
  it('guard: outputs printed without a word of probability keep the safe switch', () => {
    const found = lint([...keras, 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'print(model.predict(x_new))']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', 'Use BinaryCrossentropy(from_logits=True): the model outputs logits']]);
  });
  const tfjs = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'await model.fit(xs, ys);'];
  it('tfjs: a model file that exports, keeps React state, writes JSON or makes a second model: the loss switch is a suggestion', () => {
    for (const more of ['export { model };', 'module.exports = model;', 'const [m, setM] = useState(null); setM(model);', "fs.writeFileSync('m.json', JSON.stringify(model.toJSON()));", 'const wrapper = tf.sequential({ layers: [model] });', 'window.churnModel = model;', 'app.locals.model = model;', "bus.emit('ready', model);", "bus.emit('ready', { model });", 'window.models.push(model);']) {
      assert.deepStrictEqual(lintJs([...tfjs, more]), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }], more);
    }
  });
  it('guard: a tfjs script that keeps its model to itself (and compiles no metric) keeps the safe switch', () => {
    assert.deepStrictEqual(lintJs(tfjs), [{ rule: 'logits-into-probability-loss', fix: true, suggestions: 1 }]);
  });
});

describe('round 31: an output written into after one call (CenterNet: out["hm"] = out["hm"].sigmoid())', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.hm = nn.Conv2d(8, 3, 1)', '    def forward(self, x):', '        return {"hm": self.hm(x)}', 'head = Head()'];
  it("changes that call's result only: a later call's logits into the logits loss are clean, and no fix removes the sigmoid", () => {
    for (const write of ['out = head(x)\nout["hm"] = torch.sigmoid(out["hm"])', 'out = head(x)\nout["hm"] = out["hm"].sigmoid().detach()']) {
      assert.deepStrictEqual(rules([...head, write, 'loss = F.binary_cross_entropy_with_logits(head(x)["hm"], gt)']), [], write);
    }
  });
  it('guard: the written result itself into the logits loss is still reported', () => {
    assert.deepStrictEqual(rules([...head, 'out = head(x)', 'out["hm"] = torch.sigmoid(out["hm"])', 'loss = F.binary_cross_entropy_with_logits(out["hm"], gt)']), ['sigmoid-before-logits-loss']);
  });
});

describe('round 31b: idioms found in notebooks and repositories', () => {
  before(() => initPython());
  it("a Keras GAN's generator, compiled but trained only inside the combined model: its compile is never used, silent", () => {
    const gan = ['from tensorflow import keras', 'from tensorflow.keras import layers', "G = keras.Sequential([layers.Dense(32, activation='relu', input_shape=(10,)), layers.Dense(8)])", "G.compile(loss='binary_crossentropy', optimizer='adam')", "D = keras.Sequential([layers.Dense(32, activation='relu', input_shape=(8,)), layers.Dense(1, activation='sigmoid')])", "D.compile(loss='binary_crossentropy', optimizer='adam')", 'GD = keras.Sequential([G, D])', "GD.compile(loss='binary_crossentropy', optimizer='adam')", 'D.train_on_batch(xs, ys)', 'GD.train_on_batch(z, ones)'];
    assert.deepStrictEqual(rules(gan), []);
    assert.deepStrictEqual(rules([...gan, 'G.fit(z, targets)']), ['logits-into-probability-loss'], 'guard: trained on its own, its loss counts');
  });
  const softmaxNet = ['import copy', 'import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(10, 2), nn.Softmax(dim=1))', 'criterion = nn.CrossEntropyLoss()'];
  it('(out) = net(x) and a starred target keep what they hold', () => {
    for (const use of ['(out) = net(x)\nloss = criterion(out, y)', 'first, *rest = [net(x), net(x)]\nloss = criterion(rest[0], y)']) {
      assert.deepStrictEqual(rules([...softmaxNet, use]), ['softmax-before-logits-loss'], use);
    }
  });
  it('guard: a layer added to a copy.deepcopy of a model does not change the original', () => {
    const logits = ['import copy', 'import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(10, 1))', 'infer = copy.deepcopy(net)', 'infer.append(nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    assert.deepStrictEqual(rules(logits), []);
  });
  it('guard: a model nested in another that is never trained keeps its own compile (its loss may be used another way)', () => {
    const part = ['from tensorflow import keras', 'clf = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(1)])', 'clf.compile(optimizer="adam", loss="binary_crossentropy")', 'wrapped = keras.Sequential([clf])', 'for xb, yb in data:', '    loss = clf.compiled_loss(yb, clf(xb))'];
    assert.deepStrictEqual(rules(part), ['logits-into-probability-loss']);
  });
  it('guards: a method looked at, not called (callable(model.forward), inspect.signature), or an inner Sequential followed only by Flatten: the fix stays safe', () => {
    const head = ['import inspect', 'import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    for (const look of ['assert callable(net.forward)', 'sig = inspect.signature(net.forward)']) assert.ok(lint([...head, look])[0].fix, look);
    assert.ok(lint(['import torch', 'import torch.nn as nn', 'inner = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'outer = nn.Sequential(inner, nn.Flatten())', 'loss = nn.BCEWithLogitsLoss()(inner(x), y)'])[0].fix);
  });
  it('a PyTorch Sequential followed by other items in another Sequential: removing its sigmoid is no safe fix (it changes that one too)', () => {
    const found = lint(['import torch', 'import torch.nn as nn', 'scorer = nn.Sequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(scorer(xb), yb)', 'stacked = nn.Sequential(scorer, nn.Linear(1, 3))', 'loss2 = nn.CrossEntropyLoss()(stacked(xb), yb)']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['sigmoid-before-logits-loss', undefined]]);
  });
  it('Keras: TimeDistributed(Dense(n)) is that Dense on each step; weighted_metrics are metrics too', () => {
    const td = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input((None, 16))', 'h = layers.LSTM(32, return_sequences=True)(inp)'];
    assert.deepStrictEqual(rules([...td, 'out = layers.TimeDistributed(layers.Dense(5))(h)', 'model = keras.Model(inp, out)', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rules([...td, 'out = layers.TimeDistributed(layers.Dense(5, activation="softmax"))(h)', 'model = keras.Model(inp, out)', 'model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))']), ['softmax-before-logits-loss']);
    const oneUnit = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), weighted_metrics=["accuracy"])'];
    assert.deepStrictEqual(rules(oneUnit), ['accuracy-metric-on-logits']);
  });
  it('a keras.Model subclass whose __init__ hands its arguments on (`super().__init__(*args, **kwargs)`) makes a functional model', () => {
    const sub = ['from tensorflow import keras', 'class M(keras.Model):', '    def __init__(self, *args, **kwargs):', '        super().__init__(*args, **kwargs)', '        self.tracker = keras.metrics.Mean(name="loss")', 'inputs = keras.Input(shape=(8,))', 'model = M(inputs, keras.layers.Dense(1)(inputs))', 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
    assert.deepStrictEqual(rules(sub), ['logits-into-probability-loss']);
  });
});

describe('round 31: --fix says why a fix was held back', () => {
  const project = useProjects();
  it('a run that applies nothing because unseen files import what a fix edits says so once, with the reason', () => {
    const files = { 'model.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())\n    def forward(self, x):\n        return self.net(x)\n', 'train.py': 'import torch.nn as nn\nfrom model import Net\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(xb), yb)\n' };
    const dir = project(files);
    const r = runCli(['--fix-dry-run', 'train.py'], { cwd: dir });
    assert.match(r.stderr, /0 fixes would change 0 files; 1 problem would remain\n.*1 fix left as a suggestion: it edits model\.py, which this run did not lint\n/);
    assert.doesNotMatch(runCli(['--fix-dry-run', 'train.py', 'model.py'], { cwd: dir }).stderr, /left as a suggestion/);
  });
});

describe('round 31: bad input', () => {
  before(() => initPython());
  it('a subscripted annotation followed by an operator (`size: Tuple[int, int] or int`) is valid Python: no parse error, the code analysed', () => {
    const code = ['from typing import Tuple, List', 'import torch.nn as nn', 'def crop(size: Tuple[int, int] or int = 4) -> List[int] or None:', '    return None', 'class C:', '    def __init__(self, s: Tuple[int, int] or int, r: float = 0.5):', '        self.s = s', 'x: Tuple[int, int] + y = 1', 'net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    const file = '/virtual/ann.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? code.join('\n') + '\n' : undefined) });
    assert.deepStrictEqual([...r.problems.map((m) => m.message), ...r.findings.map((f) => f.ruleId)], ['sigmoid-before-logits-loss']);
  });
  it('a real syntax error elsewhere in a file with such an annotation is reported where it is', () => {
    const file = '/virtual/two.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? 'import torch\nfrom typing import List\ndef tags(x) -> List[str] or None:\n    return None\n\ndef oops(:\n    pass\n' : undefined) });
    assert.deepStrictEqual(r.problems.map((p) => p.line), [6]);
  });
  it('guard: a real syntax error inside the same parameter list or statement as such an annotation is still reported', () => {
    for (const bad of ['def f(x: List[int] or None, , y):\n    pass', 'v: List[int] or None, = None']) {
      const file = '/virtual/bad2.py';
      const r = lintProject([file], {}, { readFile: (f) => (f === file ? `import torch\n${bad}\n` : undefined) });
      assert.match(JSON.stringify(r.problems), /Parsing error/, bad);
    }
  });
  it('guard: a real syntax error next to an annotation is still reported', () => {
    const file = '/virtual/bad.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? 'import torch\ndef f(a: List[int] or = 4): pass\n' : undefined) });
    assert.match(JSON.stringify(r.problems), /Parsing error/);
  });
  it('a continuation line inside brackets aligned with many tabs is no nesting: the file is analysed', () => {
    const text = 'x = foo(1,\n' + '\t'.repeat(31) + '2)\n';
    assert.strictEqual(tooDeep(text), undefined);
    assert.match(tooDeep('x = 1\n' + '\t'.repeat(31) + 'y = 2\n'), /indentation/);
  });
});
