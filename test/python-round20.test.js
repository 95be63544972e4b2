// Red team round 20 (session 13): shapes found in code nobody had used before, and session 12's leftovers.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');
const { lintProject } = require('../out/rules');
const { runCli, useProjects } = require('./cli-helpers');
const { notebookJson } = require('./helpers/notebook');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);

describe('round 20: configuration read through calls', () => {
  before(() => initPython());

  it('`cfg = dict(loss=...)` splatted into compile is read like a dict literal; changed or built from another dict, it is not', () => {
    const head = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])'];
    const [f] = lint([...head, 'cfg = dict(optimizer="adam", loss="binary_crossentropy")', 'model.compile(**cfg)']);
    assert.strictEqual(f?.rule, 'logits-into-probability-loss');
    assert.strictEqual(f.fix, undefined, 'the value is written elsewhere, maybe for other calls: no fix at the splat');
    assert.deepStrictEqual(rulesOf([...head, 'cfg = dict(base, loss="binary_crossentropy")', 'model.compile(**cfg)']), []);
    assert.deepStrictEqual(rulesOf([...head, 'cfg = dict(loss="binary_crossentropy")', 'cfg.update(loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.compile(**cfg)']), []);
    assert.deepStrictEqual(rulesOf([...head, 'cfg = dict(loss="binary_crossentropy", **extra)', 'model.compile(**cfg)']), []);
  });
});

describe('round 20: metrics and losses Keras reads by name', () => {
  before(() => initPython());

  it('metrics in a list written elsewhere (`METRICS = [...]`) are each reported where written, with their suggestion', () => {
    const lines = ['import tensorflow as tf', 'METRICS = [', '    tf.keras.metrics.BinaryAccuracy(name="accuracy"),', '    tf.keras.metrics.AUC(name="auc"),', '    tf.keras.metrics.Precision(name="precision"),', ']',
      'model = tf.keras.Sequential([tf.keras.Input((30,)), tf.keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), metrics=METRICS)'];
    const found = lint(lines);
    assert.deepStrictEqual(found.map((f) => f.rule), ['accuracy-metric-on-logits', 'accuracy-metric-on-logits', 'accuracy-metric-on-logits']);
    // Each at its own item (the lines of the list), each with the edit for that metric.
    const texts = found.map((f) => f.suggested.join(' '));
    assert.match(texts[0], /threshold=0\.0/);
    assert.match(texts[1], /from_logits=True/);
    assert.match(texts[2], /thresholds=0\.0/);
  });

  it('Keras focal losses by string and function, and CategoricalFocalCrossentropy, read from_logits; positional arguments that may reach it leave them unknown', () => {
    const head = ['import tensorflow as tf', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])'];
    const [s] = lint([...head, 'model.compile(optimizer="adam", loss="binary_focal_crossentropy")']);
    assert.strictEqual(s?.rule, 'logits-into-probability-loss');
    assert.match(s.fix ?? '', /BinaryFocalCrossentropy\(from_logits=True\)/);
    const multi = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(5)])'];
    assert.deepStrictEqual(rulesOf([...multi, 'model.compile(optimizer="adam", loss=keras.losses.CategoricalFocalCrossentropy())']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf([...multi, 'model.compile(optimizer="adam", loss=keras.losses.CategoricalFocalCrossentropy(from_logits=True))']), []);
    const fn = [...head, 'with tf.GradientTape() as tape:', '    z = model(x)'];
    assert.deepStrictEqual(rulesOf([...fn, '    loss = keras.losses.binary_focal_crossentropy(y, z)']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf([...fn, '    loss = keras.losses.binary_focal_crossentropy(y, z, False, 0.25, 2.0, True)']), []);
    assert.deepStrictEqual(rulesOf([...fn, '    loss = keras.losses.binary_focal_crossentropy(y, z, from_logits=True)']), []);
  });
});

describe('round 20: TF 1 code', () => {
  before(() => initPython());

  it('tf.layers.dense / tf.compat.v1.layers.dense are dense layers applied at once; tf.losses.* of TF 1 are its losses', () => {
    const fn = (body) => ['import tensorflow as tf', 'def model_fn(features, labels, mode):', '    h = tf.layers.dense(features["x"], 64, activation=tf.nn.relu)', ...body.map((l) => `    ${l}`)];
    assert.deepStrictEqual(rulesOf(fn(['logits = tf.layers.dense(h, 1)', 'loss = tf.losses.log_loss(labels, logits)'])), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf(fn(['logits = tf.layers.dense(h, 1)', 'loss = tf.losses.sigmoid_cross_entropy(labels, logits)'])), []);
    const [f] = lint(fn(['p = tf.compat.v1.layers.dense(h, 1, activation=tf.nn.sigmoid)', 'loss = tf.compat.v1.losses.sigmoid_cross_entropy(labels, p)']));
    assert.strictEqual(f?.rule, 'sigmoid-before-logits-loss');
    assert.match(f.fix ?? '', /Remove activation=tf\.nn\.sigmoid/);
    assert.deepStrictEqual(rulesOf(fn(['p = tf.layers.dense(h, 1, activation=act)', 'loss = tf.losses.sigmoid_cross_entropy(labels, p)'])), []);
  });
});

describe('round 20: ranks a one-unit head does not have', () => {
  before(() => initPython());
  const lines = (body) => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', ...body];

  it('a one-unit head on a recurrent, Transformer or Hugging Face sequence scores each step: argmax over dim 1 is over the steps', () => {
    const rnn = lines(['score = nn.Sequential(nn.Linear(256, 64), nn.Tanh(), nn.Linear(64, 1))', 'gru = nn.GRU(40, 256, batch_first=True)', 'h, _ = gru(x)', 'best = score(h).argmax(dim=1)', 'best2 = score(gru(x)[0]).argmax(dim=1)']);
    assert.deepStrictEqual(rulesOf(rnn), []);
    const enc = lines(['enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4, batch_first=True), 2)', 'head = nn.Linear(64, 1)', 'best = head(enc(x)).argmax(dim=1)']);
    assert.deepStrictEqual(rulesOf(enc), []);
    const hf = ['import torch', 'import torch.nn as nn', 'from transformers import AutoModel', 'encoder = AutoModel.from_pretrained("bert-base-uncased")', 'start = nn.Linear(768, 1)', 'hidden = encoder(**inputs).last_hidden_state', 'best = start(hidden).max(dim=1).indices', 'p = torch.softmax(start(hidden), dim=1)'];
    assert.deepStrictEqual(rulesOf(hf), []);
    // The same head on data of unknown rank: [batch, features] is presumed, and argmax over one unit reported.
    assert.deepStrictEqual(rulesOf(lines(['score = nn.Sequential(nn.Linear(256, 64), nn.Tanh(), nn.Linear(64, 1))', 'best = score(x).argmax(dim=1)'])), ['argmax-single-unit']);
  });

  it('a loss over classes on a one-unit head of a sequence takes the steps for the classes (dim 1): not constant', () => {
    const body = ['class Scorer(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.gru = nn.GRU(40, 64, batch_first=True)', '        self.head = nn.Linear(64, 1)', '    def forward(self, x):', '        h, _ = self.gru(x)', '        return self.head(h)', 'model = Scorer()'];
    assert.deepStrictEqual(rulesOf(lines([...body, 'loss = nn.CrossEntropyLoss()(model(x), onset.unsqueeze(1))', 'l2 = F.nll_loss(F.log_softmax(model(x), dim=1), onset.unsqueeze(1))'])), []);
    // A one-unit head on data of unknown rank: the loss over one class is constant.
    assert.deepStrictEqual(rulesOf(lines(['head = nn.Linear(64, 1)', 'loss = F.cross_entropy(head(x), t)'])), ['categorical-loss-single-unit']);
  });

  it('a one-unit output squeezed into a loss over classes scores items (candidates): argmax over dim 1 is over them', () => {
    const body = ['scorer = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))', 'for cands, pos in loader:', '    scores = scorer(cands)', '    loss = F.cross_entropy(scores.squeeze(-1), pos)', '    best = scores.argmax(dim=1)'];
    assert.deepStrictEqual(rulesOf(lines(body)), []);
    // Squeezed into a binary loss: the [batch, 1] output it is.
    const binary = ['scorer = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))', 'for xb, yb in loader:', '    out = scorer(xb)', '    loss = F.binary_cross_entropy_with_logits(out.squeeze(-1), yb)', '    pred = out.argmax(dim=1)'];
    assert.deepStrictEqual(rulesOf(lines(binary)), ['argmax-single-unit']);
  });
});

describe('round 20: a class changed from outside', () => {
  before(() => initPython());

  it('`Net.forward = other` replaces what every instance computes: unknown', () => {
    const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 3)', '    def forward(self, x):', '        return torch.softmax(self.fc(x), dim=1)', 'model = Net()'];
    const loss = 'loss = nn.CrossEntropyLoss()(model(x), y)';
    assert.deepStrictEqual(rulesOf([...net, 'def forward_logits(self, x):', '    return self.fc(x)', 'Net.forward = forward_logits', loss]), []);
    assert.deepStrictEqual(rulesOf([...net, loss]), ['softmax-before-logits-loss']);
  });
});

describe('round 20: fix safety where the model goes on', () => {
  before(() => initPython());
  const model = ['import torch', 'import torch.nn as nn', 'def make_model():', '    return nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())', 'criterion = nn.BCEWithLogitsLoss()'];

  it('a model kept in a list or dict (k-fold ensembles) is used through it: the sigmoid\'s removal is a suggestion', () => {
    const train = [...model, 'fold_models = []', 'for fold in range(5):', '    model = make_model()', '    loss = criterion(model(X).squeeze(1), y)'];
    for (const keep of ['    fold_models.append(model)', '    fold_models.insert(0, model)', '    fold_models[fold] = model']) {
      const [f] = lint([...train, keep, 'probs = torch.stack([m(X_test) for m in fold_models]).mean(0)', 'labels = probs > 0.5']);
      assert.strictEqual(f.rule, 'sigmoid-before-logits-loss', keep);
      assert.strictEqual(f.fix, undefined, keep);
      assert.ok(f.suggestions.some((t) => /Remove nn\.Sigmoid/.test(t)), keep);
    }
    const [lit] = lint([...model, 'model = make_model()', 'loss = criterion(model(X), y)', 'ensemble = {"a": model}']);
    assert.strictEqual(lit.fix, undefined);
    // Kept nowhere: the removal is the safe fix.
    const [alone] = lint([...model, 'model = make_model()', 'loss = criterion(model(X), y)']);
    assert.match(alone.fix ?? '', /Remove nn\.Sigmoid/);
  });

  it('`import nets` then `nets.Classifier(...)` reaches the workspace module', () => {
    const nets = ['import torch.nn as nn', 'class Classifier(nn.Module):', '    def __init__(self, n):', '        super().__init__()', '        self.net = nn.Sequential(nn.Linear(n, 1))', '    def forward(self, x):', '        return self.net(x)'].join('\n');
    const train = ['import torch', 'import torch.nn as nn', 'import nets', 'clf = nets.Classifier(30)', 'loss = nn.BCEWithLogitsLoss()(clf(x), y)', 'labels = clf(x) > 0.5'].join('\n');
    const files = { '/w/nets.py': nets, '/w/train.py': train };
    const r = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['threshold-logits']);
  });

  describe('from the command line', () => {
    const project = useProjects();
    const sigmoidNet = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())', 'criterion = nn.BCEWithLogitsLoss()', 'loss = criterion(model(xb).squeeze(1), yb)', ''].join('\n');

    it('a notebook that `%run`s the training script uses its model: the removal there is a suggestion', () => {
      const nb = notebookJson([['code', '%run train.py'], ['code', 'import torch\nlabels = (model(X_new) > 0.5).long()']]);
      const dir = project({ 'train.py': sigmoidNet, 'eval.ipynb': nb });
      const r = runCli(['--fix-dry-run', '.'], { cwd: dir });
      assert.match(r.stderr, /0 fixes would change 0 files; 1 problem would remain/);
      const alone = project({ 'train.py': sigmoidNet });
      assert.match(runCli(['--fix-dry-run', '.'], { cwd: alone }).stderr, /1 fix would change 1 file/);
    });

    it('a fix that edits a file not among those linted is a suggestion (its other importers were not read)', () => {
      const files = { 'model.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())\n    def forward(self, x):\n        return self.net(x)\n', 'train.py': 'import torch.nn as nn\nfrom model import Net\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(xb), yb)\n' };
      const dir = project(files);
      assert.match(runCli(['--fix-dry-run', 'train.py'], { cwd: dir }).stderr, /0 fixes would change 0 files; 1 problem would remain/);
      const out = JSON.parse(runCli(['--format', 'json', 'train.py'], { cwd: dir }).stdout);
      assert.ok(out[0].messages[0].crossFileSuggestions?.some((s) => /Remove nn\.Sigmoid/.test(s.desc ?? s.title ?? JSON.stringify(s))), JSON.stringify(out[0].messages[0]));
      assert.match(runCli(['--fix-dry-run', 'train.py', 'model.py'], { cwd: dir }).stderr, /1 fix would change 1 file/);
    });
  });
});

describe('round 20: notebooks Python wrote', () => {
  before(() => initPython());

  it('NaN and Infinity in a notebook\'s JSON (written by Python\'s json, read by nbformat) are read, and a fix keeps them', () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', execution_count: 1, metadata: { score: 0 }, outputs: [], source: ['import torch\n', 'from torch import nn\n', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n', 'loss = nn.BCEWithLogitsLoss()(model(x), y)\n'] }], metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)
      .replace('"score": 0', '"score": NaN, "lo": -Infinity, "hi": Infinity, "note": "NaN stays"');
    const r = lintProject(['/w/a.ipynb'], {}, { readFile: (f) => (f === '/w/a.ipynb' ? nb : undefined) });
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['sigmoid-before-logits-loss']);
    const fixed = require('../out/rules').applyEdits(nb, r.findings[0].fix.edits);
    assert.match(fixed, /"score": NaN, "lo": -Infinity, "hi": Infinity, "note": "NaN stays"/);
    assert.match(fixed, /nn\.Sequential\(nn\.Linear\(4, 1\)\)/);
  });
});

describe('round 20: sums and means of predictions', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];

  it('test-time augmentation `(model(x) + model(x.flip(-1))) / 2` and logits scaled by a constant are still logits', () => {
    assert.deepStrictEqual(rulesOf([...head, 'p = (model(x) + model(x.flip(-1))) / 2 > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rulesOf([...head, 'p = (model(x) + model(x.flip(-1)) + model(x.flip(-2))) / 3 > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rulesOf([...head, 'p = model(x) * 0.5 > 0.5']), ['threshold-logits']);
    // Averaged probabilities are probabilities; a sum of three divided by two, or scaled probabilities, are unknown.
    assert.deepStrictEqual(rulesOf([...head, 'p = (torch.sigmoid(model(x)) + torch.sigmoid(model(x.flip(-1)))) / 2 > 0.5']), []);
    assert.deepStrictEqual(rulesOf([...head, 'p = (model(x) + model(x) + model(x)) / 2 > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rulesOf([...head, 'p = torch.sigmoid(model(x)) * 2 > 0.5']), []);
    assert.deepStrictEqual(rulesOf([...head, 'p = (model(x) + torch.sigmoid(model(x))) / 2 > 0.5']), []);
  });

  it('a forward returning the sum of two linear parts (wide and deep) returns logits', () => {
    const net = ['import torch', 'import torch.nn as nn', 'class WideDeep(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.wide = nn.Linear(10, 1)', '        self.deep = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))', '    def forward(self, x):'];
    const [f] = lint([...net, '        return self.wide(x) + self.deep(x)', 'model = WideDeep()', 'loss = nn.BCELoss()(model(x), y)']);
    assert.strictEqual(f?.rule, 'logits-into-probability-loss');
    assert.deepStrictEqual(rulesOf([...net, '        return torch.sigmoid(self.wide(x) + self.deep(x))', 'model = WideDeep()', 'loss = nn.BCELoss()(model(x), y)']), []);
  });

  it('removing a sigmoid whose outputs are averaged elsewhere is a suggestion', () => {
    const sig = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    const [f] = lint([...sig, 'p = (model(x) + model(x.flip(-1))) / 2', 'labels = p > 0.5']);
    assert.strictEqual(f.rule, 'sigmoid-before-logits-loss');
    assert.strictEqual(f.fix, undefined);
  });
});

describe('round 21: what a model returns beside its prediction', () => {
  before(() => initPython());

  it('labels made in forward and returned with the logits (MoCo) are not a prediction: cross_entropy(output, target) is not swapped', () => {
    const net = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Contrast(nn.Module):', '    def __init__(self, encoder):', '        super().__init__()', '        self.enc = encoder', '        self.fc = nn.Linear(8, 4)', '    def forward(self, a):', '        logits = self.fc(a)', '        labels = torch.zeros(logits.shape[0], dtype=torch.long)', '        return logits, labels', 'model = Contrast(backbone)', 'output, target = model(xa)'];
    assert.deepStrictEqual(rulesOf([...net, 'loss = F.cross_entropy(output, target)']), []);
    const [f] = lint([...net, 'loss = F.cross_entropy(target, output)']);
    assert.strictEqual(f?.rule, 'swapped-loss-arguments');
  });
});

describe('round 21: an argmax over the batch of one sample', () => {
  before(() => initPython());

  it('tf.argmax without an axis on one sample\'s output of several classes is 0 for every class: reported, a suggestion', () => {
    const head = ['import tensorflow as tf', 'from tensorflow import keras', 'q_net = keras.Sequential([keras.layers.Dense(64, activation="relu", input_shape=(8,)), keras.layers.Dense(4)])'];
    for (const call of ['q_net(tf.expand_dims(state, 0))', 'q_net(state[None])']) {
      const [f] = lint([...head, `q = ${call}`, 'action = tf.argmax(q)']);
      assert.strictEqual(f?.rule, 'argmax-batch-axis', call);
      assert.strictEqual(f.fix, undefined);
      assert.strictEqual(f.suggestions.length, 1);
    }
    // NumPy's argmax without an axis flattens: one sample's row, its class.
    assert.deepStrictEqual(rulesOf([...head, 'import numpy as np', 'action = np.argmax(q_net.predict(state[None]))']), []);
    // One unit: one 0 either way, argmax-single-unit's finding (since round 45), not this rule's.
    assert.deepStrictEqual(rulesOf(['import tensorflow as tf', 'from tensorflow import keras', 'm = keras.Sequential([keras.layers.Dense(1, input_shape=(8,))])', 'a = tf.argmax(m(state[None]))']), ['argmax-single-unit']);
  });
});

describe('round 21: what round 20 left of its own changes', () => {
  before(() => initPython());
  const sig = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];

  it('models kept in a set, given to zip/map/sorted, taken by `or`, or added with `+=` are used through them: no safe removal', () => {
    for (const keep of ['ms = {model}', 'for name, m in zip(["mlp"], (model,)):\n    p = m(x) > 0.5', 'm2 = None or model', 'models = []\nmodels += (model,)']) {
      const [f] = lint([...sig, keep]);
      assert.strictEqual(f.rule, 'sigmoid-before-logits-loss', keep);
      assert.strictEqual(f.fix, undefined, keep);
    }
  });

  it('`config.NUM_CLASSES = n` and `CFG.num_classes = n` change what later reads get', () => {
    const files = { '/w/config.py': 'NUM_CLASSES = 1\n', '/w/train.py': 'import torch, torch.nn as nn\nimport config\nconfig.NUM_CLASSES = len(names)\nmodel = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, config.NUM_CLASSES))\n_, pred = torch.max(model(x), 1)\nacc = (pred == y).float().mean()\n' };
    assert.deepStrictEqual(lintProject(Object.keys(files), {}, { readFile: (f) => files[f] }).findings.map((f) => f.ruleId), []);
    const cls = ['import torch', 'import torch.nn as nn', 'class CFG:', '    num_classes = 1', 'model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, CFG.num_classes))', '_, pred = torch.max(model(x), 1)', 'acc = (pred == y).float().mean()'];
    assert.deepStrictEqual(rulesOf([...cls.slice(0, 4), 'CFG.num_classes = len(names)', ...cls.slice(4)]), []);
    assert.deepStrictEqual(rulesOf(cls), ['argmax-single-unit']);
  });

  it('`setattr(Net, "forward", f)` replaces what instances compute', () => {
    const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 3)', '    def forward(self, x):', '        return torch.softmax(self.fc(x), dim=1)', 'model = Net()'];
    assert.deepStrictEqual(rulesOf([...net, 'setattr(Net, "forward", lambda self, x: self.fc(x))', 'loss = nn.CrossEntropyLoss()(model(x), y)']), []);
  });

  it('a one-unit head on one step of a sequence (`h[:, 0]`, `out[-1]`, `.max(1).values`) is [batch, 1] again; a bare squeeze() into a loss over classes is no evidence of items', () => {
    const hf = ['import torch', 'import torch.nn as nn', 'from transformers import AutoModel', 'bert = AutoModel.from_pretrained("bert-base-uncased")', 'head = nn.Linear(768, 1)', 'h = bert(**batch).last_hidden_state'];
    for (const pooled of ['h[:, 0]', 'h[:, -1]', 'h.max(dim=1).values']) assert.deepStrictEqual(rulesOf([...hf, `pred = head(${pooled}).argmax(dim=1)`]), ['argmax-single-unit'], pooled);
    const beginner = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))', 'outputs = model(x)', 'loss = nn.CrossEntropyLoss()(outputs.squeeze(), y.float())', '_, pred = torch.max(outputs, 1)', 'acc = (pred == y).float().mean()'];
    assert.ok(rulesOf(beginner).includes('argmax-single-unit'));
  });

  describe('from the command line', () => {
    const project = useProjects();
    const model = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())\n    def forward(self, x):\n        return self.net(x)\n';
    const train = 'import torch.nn as nn\nfrom model import Net\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(xb), yb)\n';

    it('given files whose model another file of the project imports: removing its activation is a suggestion', () => {
      const dir = project({ 'model.py': model, 'train.py': train, 'app.py': 'import torch\nfrom model import Net\nnet = Net()\nlabels = net(x) > 0.5\n' });
      assert.match(runCli(['--fix-dry-run', 'model.py', 'train.py'], { cwd: dir }).stderr, /0 fixes would change 0 files/);
      const alone = project({ 'model.py': model, 'train.py': train, 'notes.py': 'print("no import")\n' });
      assert.match(runCli(['--fix-dry-run', 'model.py', 'train.py'], { cwd: alone }).stderr, /1 fix would change 1 file/);
    });

    it('`%run -i`, `%run "x.py"`, `%run -m x`, runpy.run_path and exec(compile(open(...))) link the files; the running file\'s own model counts as read', () => {
      const sigTrain = 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(xb), yb)\n';
      for (const run of ['%run "train.py"', '%run -m train', '%run train']) {
        const dir = project({ 'train.py': sigTrain, 'eval.ipynb': notebookJson([['code', run], ['code', 'import torch\nlabels = model(X) > 0.5']]) });
        assert.match(runCli(['--fix-dry-run', '.'], { cwd: dir }).stderr, /0 fixes would change 0 files/, run);
      }
      for (const run of ['import runpy\ng = runpy.run_path("train.py")\nlabels = g["model"](X) > 0.5', 'import torch\nexec(compile(open("train.py").read(), "train.py", "exec"))\nlabels = model(X) > 0.5']) {
        const dir = project({ 'train.py': sigTrain, 'main.py': run });
        assert.match(runCli(['--fix-dry-run', '.'], { cwd: dir }).stderr, /0 fixes would change 0 files/, run);
      }
      const own = project({ 'evaluate.py': 'labels = model(X) > 0.5\n', 'nb.ipynb': notebookJson([['code', sigTrain], ['code', '%run -i evaluate.py']]) });
      assert.match(runCli(['--fix-dry-run', '.'], { cwd: own }).stderr, /0 fixes would change 0 files/);
    });
  });
});

describe('round 22: round 21\'s changes, tried again', () => {
  before(() => initPython());

  it('a config attribute written by another script of the folder is either value: only what both agree on is known', () => {
    const files = {
      '/w/binary.py': 'import torch\nimport config\nconfig.NUM_CLASSES = 1\n',
      '/w/config.py': 'NUM_CLASSES = 10\n',
      '/w/train.py': 'import torch, torch.nn as nn\nimport config\nmodel = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, config.NUM_CLASSES))\nloss = nn.CrossEntropyLoss()(model(x), y)\n',
    };
    assert.deepStrictEqual(lintProject(Object.keys(files), {}, { readFile: (f) => files[f] }).findings.map((f) => f.ruleId), []);
    const one = { ...files, '/w/config.py': 'NUM_CLASSES = 1\n' };
    assert.deepStrictEqual(lintProject(Object.keys(one), {}, { readFile: (f) => one[f] }).findings.map((f) => f.ruleId), ['categorical-loss-single-unit']);
  });

  it('a model chosen by a ternary with another, or wrapped by a framework function not modelled (AveragedModel), goes on unseen: no safe removal', () => {
    const sig = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'other = make_other()', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    for (const use of ['m = net if flag else other\np = m(x) > 0.5', 'ema = torch.optim.swa_utils.AveragedModel(net)\np = ema(x) > 0.5']) {
      const [f] = lint([...sig, use]);
      assert.strictEqual(f.fix, undefined, use);
    }
    assert.match(lint(sig)[0].fix ?? '', /Remove/);
  });

  describe('from the command line', () => {
    const project = useProjects();
    const model = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(30, 1), nn.Sigmoid())\n    def forward(self, x):\n        return self.net(x)\n';
    const train = 'import torch.nn as nn\nfrom model import Net\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(xb), yb)\n';

    it('the project read for other importers is the git repository, so a run from a subfolder sees the parent\'s reader; from the filesystem\'s root, only the files\' folder', () => {
      const dir = project({ '.git/HEAD': 'ref: refs/heads/main\n', 'sub/model.py': model, 'sub/train.py': train, 'predict.py': 'import sys\nsys.path.insert(0, "sub")\nimport torch\nfrom sub.model import Net\nlabels = Net()(x) > 0.5\n' });
      assert.match(runCli(['--fix-dry-run'], { cwd: require('path').join(dir, 'sub') }).stderr, /0 fixes would change 0 files/);
      const lone = project({ 'sub/model.py': model, 'sub/train.py': train });
      assert.match(runCli(['--fix-dry-run', require('path').join(lone, 'sub')], { cwd: '/' }).stderr, /1 fix would change 1 file/);
    });
  });
});
