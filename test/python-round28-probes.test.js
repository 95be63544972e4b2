// Red team round 28 (session 16), the Keras and PyTorch rounds: false positives and harmful fixes
// from class defaults, functools.partial, a positional Keras activation, an argmax compared with
// another, a batch of one, a Sequential run layer by layer, a convolution's last axis, a PEP 701
// f-string. Every case fails on the session's first build but the guards (named in the titles).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');
const { runCli, useProjects } = require('./cli-helpers');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);
const KERAS = ['import numpy as np', 'import tensorflow as tf'];

describe('round 28: class defaults stand for an instance only where its construction is seen', () => {
  before(() => initPython());

  const base = (decorator) => [...KERAS, 'from dataclasses import dataclass', ...decorator, 'class Base:', '    units: int = 1', '    act: str = None',
    '    def build(self, loss):', '        m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(self.units, activation=self.act)])',
    '        m.compile(optimizer="adam", loss=loss)', '        return m'];

  it('a subclass of a dataclass (plain or itself a dataclass): the arguments, not the class defaults', () => {
    for (const sub of [['class Net(Base):', '    pass'], ['@dataclass', 'class Net(Base):', '    depth: int = 2']]) {
      assert.deepStrictEqual(rulesOf([...base(['@dataclass']), ...sub, 'Net(10, act="softmax").build("categorical_crossentropy")', 'Net(1, "sigmoid").build("binary_crossentropy")']), [], sub.join('|'));
    }
  });

  it('pydantic BaseModel / BaseSettings, an __init__ that calls setattr or updates __dict__: the default is unknown', () => {
    const cfgUse = ['cfg = Cfg(num_classes=10)', 'model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(cfg.num_classes, activation="softmax")])',
      'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")', 'pred = np.argmax(model.predict(x), axis=1)'];
    const classes = [
      ['from pydantic import BaseModel', 'class Cfg(BaseModel):', '    num_classes: int = 1'],
      ['from pydantic_settings import BaseSettings', 'class Cfg(BaseSettings):', '    num_classes: int = 1'],
      ['class Cfg:', '    num_classes: int = 1', '    def __init__(self, **kw):', '        for k, v in kw.items():', '            setattr(self, k, v)'],
      ['class Cfg:', '    num_classes = 1', '    def __init__(self, **kw):', '        self.__dict__.update(kw)'],
    ];
    for (const cls of classes) assert.deepStrictEqual(rulesOf([...KERAS, ...cls, ...cfgUse]), [], cls[0]);
  });

  it('guards: the dataclass itself, and its subclass given act=None explicitly (a real mistake), are reported', () => {
    assert.deepStrictEqual(rulesOf([...base(['@dataclass']), 'class Net(Base):', '    pass', 'Net(5, act=None).build("categorical_crossentropy")']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf([...base(['@dataclass']), 'Base(5, None).build("categorical_crossentropy")']), ['logits-into-probability-loss']);
  });
});

describe('round 28: Keras layers written as partials or with a positional activation', () => {
  before(() => initPython());

  it('functools.partial(Dense / Conv2D, activation=...) keeps its activation unknown: no finding, no fix', () => {
    for (const head of ['partial(tf.keras.layers.Dense, activation="sigmoid")(1)', 'partial(tf.keras.layers.Conv2D, kernel_size=1, activation="sigmoid")(1)']) {
      assert.deepStrictEqual(rulesOf([...KERAS, 'from functools import partial', `model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), ${head}])`,
        'model.compile(optimizer="adam", loss="binary_crossentropy")', 'pred = (model.predict(x) > 0.5).astype(int)']), [], head);
    }
  });

  const fixText = (layer, loss = 'tf.nn.sigmoid_cross_entropy_with_logits') => lint([...KERAS, `model = tf.keras.Sequential([tf.keras.layers.Dense(8, "relu"), ${layer}])`, `model.compile(optimizer="adam", loss=${loss})`])
    .map((f) => [f.rule, f.fix]);

  it('Dense(1, "sigmoid"): removing the activation removes the argument, not the layer; None where more positional arguments follow', () => {
    assert.deepStrictEqual(fixText('tf.keras.layers.Dense(1, "sigmoid")'), [['sigmoid-before-logits-loss', 'Remove the "sigmoid" activation of tf.keras.layers.Dense (the loss applies it itself)']]);
    const { lintProject } = require('../out/rules');
    const text = [...KERAS, 'model = tf.keras.Sequential([tf.keras.layers.Dense(8, "relu"), tf.keras.layers.Dense(1, "sigmoid", False), tf.keras.layers.Dense(10, "softmax", name="p")])', 'model.compile(optimizer="adam", loss=tf.nn.softmax_cross_entropy_with_logits)', ''].join('\n');
    const [f] = lintProject(['/virtual/a.py'], {}, { readFile: (p) => (p === '/virtual/a.py' ? text : undefined) }).findings;
    const e = f.fix.edits[0];
    assert.strictEqual(text.slice(0, e.start) + e.text + text.slice(e.end), text.replace('Dense(10, "softmax", name="p")', 'Dense(10, name="p")'));
  });

  it('an activation from **cfg is not written at the layer: no removal (the loss switch may remain)', () => {
    const found = lint([...KERAS, 'cfg = {"activation": "sigmoid", "name": "out"}', 'model = tf.keras.Sequential([tf.keras.layers.Dense(8, "relu"), tf.keras.layers.Dense(1, **cfg)])', 'model.compile(optimizer="adam", loss=tf.nn.sigmoid_cross_entropy_with_logits)']);
    assert.ok(found.every((f) => !/Remove/.test(f.fix ?? '') && f.suggestions.every((s) => !/Remove/.test(s))), JSON.stringify(found));
  });
});

describe('round 28: argmax and the batch', () => {
  before(() => initPython());

  it('tf.argmax(y_pred) compared with tf.argmax(y_true): adding the axis to one side only breaks the comparison, so it is a suggestion', () => {
    const found = lint([...KERAS, 'def my_acc(y_true, y_pred):', '    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(y_true), tf.argmax(y_pred)), tf.float32))',
      'model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])', 'model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=[my_acc])']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions]), [['argmax-batch-axis', undefined, ['Take argmax over the last axis (-1)']]]);
  });

  const single = (make) => [...KERAS, 'model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10, activation="softmax")])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
    'def check(img, label):', `    img_batch = ${make}`, '    pred = np.argmax(model.predict(img_batch))', '    return pred == label'];

  it('one image made a batch of one (tf.reshape(img, (1, ...)), img.reshape(1, *img.shape), x.reshape((1,) + x.shape), tf.convert_to_tensor([img])): silent, whatever it is named', () => {
    for (const make of ['tf.reshape(img, (1, 28, 28, 1))', 'img.reshape(1, *img.shape)', 'img.reshape((1,) + img.shape)', 'tf.convert_to_tensor([img])']) assert.deepStrictEqual(rulesOf(single(make)), [], make);
  });

  it('guard: a flattened argmax over a test set compared with its labels is still reported', () => {
    assert.deepStrictEqual(rulesOf([...KERAS, 'model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
      'pred = np.argmax(model.predict(x_test))', 'acc = np.mean(pred == y_test)']), ['argmax-batch-axis']);
  });
});

describe('round 28: TF 1 code under `import tensorflow.compat.v1 as tf`', () => {
  before(() => initPython());
  const V1 = ['import tensorflow.compat.v1 as tf', 'tf.disable_v2_behavior()', 'x = tf.placeholder(tf.float32, [None, 8])', 'y = tf.placeholder(tf.float32, [None, 1])'];

  it('its tf.nn losses and ops are TF 2\'s: a sigmoid into sigmoid_cross_entropy_with_logits, a softmax into softmax_cross_entropy_with_logits_v2 are reported', () => {
    assert.deepStrictEqual(rulesOf([...V1, 'probs = tf.sigmoid(tf.layers.dense(x, 1))', 'loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=probs))']), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(rulesOf([...V1, 'probs = tf.nn.softmax(tf.layers.dense(x, 3))', 'loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=probs))']), ['softmax-before-logits-loss']);
  });

  it('guard: its TF 1 losses stay TF 1\'s (tf.losses.sigmoid_cross_entropy(labels, logits) on logits, cut after a sigmoid): silent', () => {
    assert.deepStrictEqual(rulesOf([...V1, 'h = tf.layers.dense(x, 16, activation=tf.nn.relu)', 'logits = tf.layers.dense(h, 1)', 'loss = tf.losses.sigmoid_cross_entropy(y, logits)', 'pred = tf.cast(tf.sigmoid(logits) > 0.5, tf.float32)']), []);
  });
});

describe('round 28: PyTorch shapes and a Sequential run by hand', () => {
  before(() => initPython());
  const TORCH = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F'];

  it('a Sequential also run layer by layer (for layer in model, [m for m in model]) and cut at 0.5: removing its sigmoid is a suggestion', () => {
    const head = [...TORCH, 'model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'h = x'];
    for (const loop of [['for layer in model:', '    h = layer(h)'], ['for m in [m for m in model]:', '    h = m(h)']]) {
      assert.deepStrictEqual(lint([...head, ...loop, 'pred = (h > 0.5).float()']).map((f) => [f.rule, f.fix]), [['sigmoid-before-logits-loss', undefined]], loop[0]);
    }
  });

  it('softmax over the last axis of a convolution\'s output (a spatial axis) into cross_entropy: no double softmax; guard: a tagger\'s softmax over its tags, reshaped to (N*T, C), still is', () => {
    assert.deepStrictEqual(rulesOf([...TORCH, 'class Seg(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.cls = nn.Conv2d(3, 4, 1)', '    def forward(self, x):', '        return F.softmax(self.cls(x), dim=-1)',
      'model = Seg()', 'loss = F.cross_entropy(model(torch.randn(2, 3, 16, 16)), t)']), []);
    assert.deepStrictEqual(rulesOf([...TORCH, 'class Tagger(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.rnn = nn.LSTM(16, 16, batch_first=True)', '        self.fc = nn.Linear(16, 5)',
      '    def forward(self, x):', '        h, _ = self.rnn(x)', '        return F.softmax(self.fc(h), dim=-1)', 'model = Tagger()', 'out = model(x)', 'loss = F.cross_entropy(out.view(-1, 5), tags.view(-1))']), ['softmax-before-logits-loss']);
  });

  it('a line break inside an f-string\'s replacement field (PEP 701) indented less than its block parses', () => {
    const { lintProject } = require('../out/rules');
    const text = 'import torch\ndef train():\n    try:\n        model = torch.hub.load("a", "b")\n    except Exception as e:\n        print(f"objects: {["person", "car"][i %\n     2]} ({n} seen)")\n';
    const r = lintProject(['/virtual/f.py'], {}, { readFile: (p) => (p === '/virtual/f.py' ? text : undefined) });
    assert.deepStrictEqual(r.problems ?? [], []);
    assert.deepStrictEqual(r.findings, []);
  });
});

describe('round 28: a file the run skipped for its size still counts as a reader; tfjs argMax pairs', () => {
  const project = useProjects();
  it('tfjs: model.predict(xs).argMax().equal(ys.argMax()): the axis on one side only is a suggestion; guard: against labels that are no argMax, the fix stays', () => {
    const model = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 10, inputShape: [4], activation: 'softmax' }));\nmodel.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });\n";
    const dir = project({ 'a.js': `${model}const acc = model.predict(xs).argMax().equal(ys.argMax()).mean();\n`, 'b.js': `${model}const acc = model.predict(xs).argMax().equal(labels).mean();\n` });
    assert.match(runCli(['--no-config', '--fix-dry-run', 'a.js'], { cwd: dir }).stderr, /0 fixes would change 0 files/);
    assert.match(runCli(['--no-config', '--fix-dry-run', 'b.js'], { cwd: dir }).stderr, /1 fix would change 1 file/);
  });

  it('an evaluation script over --max-file-size that thresholds the model: removing the sigmoid is a suggestion', () => {
    const dir = project({
      'model.py': 'import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\nmodel = Net()\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n',
      'eval.py': `import torch\nfrom model import Net\nnet = Net()\nprint((net(torch.randn(2, 4)) > 0.5).long())\n${'# padding\n'.repeat(200)}`,
    });
    assert.match(runCli(['--no-config', '--max-file-size', '1000', '--fix-dry-run', '.'], { cwd: dir }).stderr, /0 fixes would change 0 files/);
    assert.match(runCli(['--no-config', '--fix-dry-run', 'model.py'], { cwd: project({ 'model.py': 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n' }) }).stderr, /1 fix would change 1 file/);
  });
});
