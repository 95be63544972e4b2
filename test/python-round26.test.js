// Red team rounds 26 and 27 (session 15). Every case fails on the session's first build but these
// guards, which keep what a fix must not widen: the clip to another range, the list only printed,
// the helper imported by the linted script alone, the activation that may be None, from_logits /
// softmax in compute_loss, and the project without the test file; round 27's enumerate and
// evaluation-clip cases fail on the build after round 26 (they guard that round's own changes).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');
const { runCli, useProjects } = require('./cli-helpers');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);

describe('round 26: a linear output clipped into [0, 1] and trained with a loss that takes probabilities', () => {
  before(() => initPython());

  const clampNet = (clip) => [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', `        return ${clip}`,
    'model = Net()', 'out = model(x)', 'loss = nn.BCELoss()(out, y)', 'pred = (out > 0.5).float()'];
  const messagesOf = (lines) => { const { lintProject } = require('../out/rules'); const text = lines.join('\n') + '\n'; return lintProject(['/virtual/train.py'], {}, { readFile: (f) => (f === '/virtual/train.py' ? text : undefined) }).findings.map((f) => [f.ruleId, f.message]); };

  it('torch.clamp(z, 0, 1), z.clamp(min=1e-7, max=1 - 1e-7), torch.clip(z, 0., 1.): the clip is the finding (its dead gradients), and 0.5 is the model\'s cut, no threshold-logits', () => {
    for (const clip of ['torch.clamp(self.fc(x), 0, 1)', 'self.fc(x).clamp(min=1e-7, max=1 - 1e-7)', 'torch.clip(self.fc(x), 0.0, 1.0)']) {
      const found = lint(clampNet(clip));
      assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions.length]), [['logits-into-probability-loss', undefined, 0]], clip);
      assert.match(messagesOf(clampNet(clip))[0][1], /clipped into \[0, 1\].*gradient of zero.*sigmoid instead of the clip/, clip);
    }
  });

  it('a clip to another range, or with a bound we cannot read, is still raw logits to BCELoss, and 0.5 still cuts them at the wrong point', () => {
    for (const clip of ['torch.clamp(self.fc(x), -1, 1)', 'torch.clamp(self.fc(x), lo, hi)', 'self.fc(x).clamp(min=0)']) {
      assert.deepStrictEqual(rulesOf(clampNet(clip)), ['logits-into-probability-loss', 'threshold-logits'], clip);
      assert.doesNotMatch(messagesOf(clampNet(clip))[0][1], /clipped into/, clip);
    }
  });

  it('Keras: tf.clip_by_value(model(x), 0., 1.) into BinaryCrossentropy() leaves predict() > 0.5 alone; K.round(K.clip(logits, 0, 1)) on a logits-trained model still cuts the logits at 0.5', () => {
    const keras = ['import tensorflow as tf', 'from tensorflow import keras', 'from keras import backend as K', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])'];
    assert.deepStrictEqual(rulesOf([...keras, 'bce = keras.losses.BinaryCrossentropy()', 'with tf.GradientTape() as tape:', '    p = tf.clip_by_value(model(x, training=True), 0.0, 1.0)', '    loss = bce(y, p)', 'preds = model.predict(xt) > 0.5']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf([...keras, 'def acc(y_true, y_pred):', '    return K.mean(K.equal(y_true, K.round(K.clip(y_pred, 0, 1))))',
      'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[acc])', 'model.fit(x, y)']), ['threshold-logits']);
  });
});

describe('round 26: an activation a parameter of forward switches on', () => {
  before(() => initPython());

  const flagNet = (forward, act = 'torch.sigmoid(z)', loss = 'nn.BCEWithLogitsLoss()') => [...HEADER, 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.lin = nn.Linear(8, 1)', `    def forward(self, x, ${forward}):`, '        z = self.lin(x)',
    `        return ${act} if ${forward.split('=')[0]} else z`, 'model = Clf()', `loss = ${loss}(model(x), y)`];
  const fixes = (lines) => lint(lines).map((f) => [f.rule, f.fix, f.suggestions.length]);

  it('model(x, sigmoid=True), model(x, True), model(x, mode=...) read with a cut: removing the sigmoid is a suggestion', () => {
    for (const read of ['p = model(x, sigmoid=True)', 'p = model(x, True)', 'p = model.forward(x, sigmoid=True)']) {
      assert.deepStrictEqual(fixes([...flagNet('sigmoid=True'), read, 'acc = ((p > 0.5).float() == y).float().mean()']), [['sigmoid-before-logits-loss', undefined, 2]], read);
    }
    const mode = flagNet('mode="predict"').map((l) => l.replace('if mode else', 'if mode == "predict" else'));
    assert.deepStrictEqual(fixes([...mode, 'p = model(x, mode="predict")', 'acc = ((p > 0.5).float() == y).float().mean()']), [['sigmoid-before-logits-loss', undefined, 2]]);
  });

  it('with no reader in sight, the flag still chooses: the removal (and softmax -> log_softmax for NLLLoss) is a suggestion, while an unconditional sigmoid keeps its safe fix', () => {
    assert.deepStrictEqual(fixes(flagNet('sigmoid=True')), [['sigmoid-before-logits-loss', undefined, 2]]);
    assert.deepStrictEqual(fixes(flagNet('probs=True', 'F.softmax(z, dim=1)', 'nn.NLLLoss()').map((l) => l.replace('nn.Linear(8, 1)', 'nn.Linear(8, 3)'))).map(([r, f]) => [r, f]), [['nll-loss-input', undefined]]);
    const plain = [...HEADER, 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.lin = nn.Linear(8, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.lin(x))', 'model = Clf()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.strictEqual(fixes(plain)[0][1] !== undefined, true);
  });
});

describe('round 26: class labels picked by `1 if p > t else 0`', () => {
  before(() => initPython());

  const SIGMOID = [...HEADER, 'from sklearn.metrics import accuracy_score', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(model(x), y)', 'probs = model(xt).squeeze(1)'];

  it('a list of them given to a metric, or one compared with its label in a loop, is a decision per sample: a cut at 0 on probabilities is reported', () => {
    assert.deepStrictEqual(rulesOf([...SIGMOID, 'preds = [1 if p > 0 else 0 for p in probs.tolist()]', 'print(accuracy_score(yt, preds))']), ['zero-threshold-on-probabilities']);
    assert.deepStrictEqual(rulesOf([...SIGMOID, 'correct = 0', 'for i, p in enumerate(probs.tolist()):', '    label = 1 if p > 0 else 0', '    correct += label == yt[i]']), ['zero-threshold-on-probabilities']);
  });

  it('the same list only printed or used as a mask, or picked at 0.5, is not reported', () => {
    assert.deepStrictEqual(rulesOf([...SIGMOID, 'preds = [1 if p > 0 else 0 for p in probs.tolist()]', 'print(preds)']), []);
    assert.deepStrictEqual(rulesOf([...SIGMOID, 'preds = [1 if p > 0.5 else 0 for p in probs.tolist()]', 'print(accuracy_score(yt, preds))']), []);
    assert.deepStrictEqual(rulesOf([...SIGMOID, 'keep = [i for i, p in enumerate(probs.tolist()) if p > 0]', 'print(accuracy_score(yt[keep], probs[keep] > 0.5))']), []);
  });
});

describe('round 26: a fix in a module that files not linted import (a pre-commit hook given some files)', () => {
  const project = useProjects();
  const keras = (head, loss) => `import tensorflow as tf\nfrom utils import to_labels\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1${head})])\nmodel.compile(optimizer="adam", loss=${loss})\ny_hat = to_labels(model.predict(x_test))\n`;
  const files = {
    'utils.py': 'import numpy as np\ndef to_labels(pred):\n    return (np.asarray(pred) > 0.5).astype(int).ravel()\n',
    'train_logits.py': keras('', 'tf.keras.losses.BinaryCrossentropy(from_logits=True)'),
    'train_sigmoid.py': keras(', activation="sigmoid"', '"binary_crossentropy"'),
  };

  it('a shared helper\'s threshold is not rewritten when another importer of it was not linted; with every importer linted the finding has no fix at all', () => {
    const dir = project(files);
    assert.match(runCli(['--fix-dry-run', 'train_logits.py', 'utils.py'], { cwd: dir }).stderr, /0 fixes would change 0 files; 1 problem would remain/);
    const out = JSON.parse(runCli(['--format', 'json', 'train_logits.py', 'utils.py'], { cwd: dir }).stdout);
    const found = out.flatMap((f) => f.messages.map((m) => [f.filePath.split('/').pop(), m.ruleId, !!m.fix, (m.suggestions ?? []).length]));
    assert.deepStrictEqual(found, [['utils.py', 'threshold-logits', false, 1]]);
    assert.match(runCli(['--fix-dry-run', '.'], { cwd: dir }).stderr, /0 fixes would change 0 files; 1 problem would remain/);
  });

  it('the same helper imported by the linted script alone keeps its safe fix', () => {
    const dir = project({ 'utils.py': files['utils.py'], 'train_logits.py': files['train_logits.py'] });
    assert.match(runCli(['--fix-dry-run', 'train_logits.py', 'utils.py'], { cwd: dir }).stderr, /1 fix would change 1 file/);
  });
});

describe('round 26: a prediction joined with None', () => {
  before(() => initPython());

  const KERAS = ['import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))'];

  it('`p = None` before a branch that predicts, or an except that sets None: None cannot be compared with 0.5, so the comparison reads the logits', () => {
    assert.deepStrictEqual(rulesOf([...KERAS, 'p = None', 'if mode:', '    p = model.predict(x)', 'if p is not None:', '    y = p > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rulesOf([...KERAS, 'try:', '    pred = model.predict(x)', 'except ValueError:', '    pred = None', 'labels = pred > 0.5']), ['threshold-logits']);
  });

  it('an activation layer that may be None stays unknown: `self.act = nn.Sigmoid() if flag else None` applied when set is no sigmoid for sure', () => {
    const net = [...HEADER, 'class Net(nn.Module):', '    def __init__(self, flag):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.act = nn.Sigmoid() if flag else None', '    def forward(self, x):', '        x = self.fc(x)', '        if self.act is not None:', '            x = self.act(x)', '        return x',
      'model = Net(args.flag)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(rulesOf(net), []);
  });
});

describe('round 26: keras.Model(inputs=[x], outputs=[y]) with one output', () => {
  before(() => initPython());

  it('a one-item list of outputs is that output: a final Conv2D(1, 1) without activation compiled with "binary_crossentropy" is reported as with outputs=y', () => {
    const unet = (outs) => ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inputs = keras.Input((128, 128, 3))', 'c1 = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)', `outputs = layers.Conv2D(1, (1, 1)${outs.act})(c1)`,
      `model = keras.Model(inputs=[inputs], outputs=${outs.list ? '[outputs]' : 'outputs'})`, 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
    assert.deepStrictEqual(rulesOf(unet({ list: true, act: '' })), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf(unet({ list: false, act: '' })), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf(unet({ list: true, act: ', activation="sigmoid"' })), []);
  });
});

describe('round 26: a Keras 3 model\'s own compute_loss(x, y, y_pred)', () => {
  before(() => initPython());

  const clf = (loss, body = 'return self.loss_fn(y, y_pred)') => ['import keras', 'from keras import layers', 'class Clf(keras.Model):', '    def __init__(self):', '        super().__init__()', '        self.h = layers.Dense(32, activation="relu")', '        self.o = layers.Dense(5)', `        self.loss_fn = ${loss}`,
    '    def call(self, x):', '        return self.o(self.h(x))', '    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):', `        ${body}`, 'model = Clf()', 'model.compile(optimizer="adam")'];

  it('y_pred is what call() returns (Keras passes self(x)): logits into a loss that takes probabilities are reported, with the from_logits fix', () => {
    const found = lint(clf('keras.losses.SparseCategoricalCrossentropy()'));
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', found[0].fix]]);
    assert.match(found[0].fix ?? '', /from_logits=True/);
  });

  it('from_logits=True, or a softmax applied in compute_loss: silent', () => {
    assert.deepStrictEqual(rulesOf(clf('keras.losses.SparseCategoricalCrossentropy(from_logits=True)')), []);
    assert.deepStrictEqual(rulesOf(clf('keras.losses.SparseCategoricalCrossentropy()', 'return self.loss_fn(y, keras.ops.softmax(y_pred))')), []);
  });
});

describe('round 27: the session\'s own changes, attacked', () => {
  before(() => initPython());

  it('enumerate() over a one-unit scorer\'s output on data of unknown rank gives no rows of one unit ([batch, frames, 1]: clip.argmax(dim=0) is a frame)', () => {
    const lines = [...HEADER, 'scorer = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 1))', 'crit = nn.BCEWithLogitsLoss()', 'for frames, labels in loader:', '    logits = scorer(frames)', '    loss = crit(logits, labels)', '    for i, clip in enumerate(logits):', '        print(i, clip.argmax(dim=0).item())'];
    assert.deepStrictEqual(rulesOf(lines), []);
  });

  it('a clip into [0, 1] in an evaluation loss does not hide threshold-logits on a model trained with a logits loss', () => {
    const lines = [...HEADER, 'model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))', 'loss = F.binary_cross_entropy_with_logits(model(x), y)', 'out = model(xv)', 'val = F.binary_cross_entropy(out.clamp(0, 1), yv).item()', 'pred = (out > 0.5).long()'];
    assert.ok(rulesOf(lines).includes('threshold-logits'));
  });

  it('an activation under `if self.use_sigmoid:` (a setting of the object) is no safe removal', () => {
    const net = (cond) => [...HEADER, 'class Net(nn.Module):', '    def __init__(self, use_sigmoid=True):', '        super().__init__()', '        self.use_sigmoid = use_sigmoid', '        self.fc = nn.Linear(8, 1)', '        self.act = nn.Sigmoid()', '    def forward(self, x):', '        x = self.fc(x)', `        if ${cond}:`, '            x = self.act(x)', '        return x', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(lint(net('self.use_sigmoid')).map((f) => [f.rule, f.fix]), [['sigmoid-before-logits-loss', undefined]]);
  });
});

describe('round 27: a module some file imports by a name the analysis cannot resolve', () => {
  const project = useProjects();
  const files = {
    'utils.py': 'def to_labels(scores):\n    return (scores > 0.5).long()\n',
    'train.py': 'import torch\nimport torch.nn as nn\nfrom utils import to_labels\nmodel = nn.Sequential(nn.Linear(8, 1))\nloss = nn.BCEWithLogitsLoss()(model(x), y)\nlabels = to_labels(model(x))\n',
    // Run from the root (`python scripts/check.py` would not find utils; PYTHONPATH=. would).
    'scripts/check_utils.py': 'import torch\nfrom utils import to_labels\ndef check():\n    assert to_labels(torch.tensor([[0.2], [0.7]])).tolist() == [[0], [1]]\n',
  };

  it('scripts/ importing a root module by a name that does not resolve from there: a fix in that module is a suggestion that says why, in a whole-folder run too', () => {
    const dir = project(files);
    assert.match(runCli(['--fix-dry-run', '.'], { cwd: dir }).stderr, /0 fixes would change 0 files; 1 problem would remain/);
    const out = JSON.parse(runCli(['--format', 'json', '.'], { cwd: dir }).stdout);
    const titles = out.flatMap((f) => f.messages.flatMap((m) => (m.suggestions ?? []).map((s) => s.desc)));
    assert.ok(titles.some((t) => /not applied by --fix: .*import utils\.py/.test(t)), JSON.stringify(titles));
  });

  it('without that test file the fix is applied', () => {
    const dir = project({ 'utils.py': files['utils.py'], 'train.py': files['train.py'] });
    assert.match(runCli(['--fix-dry-run', '.'], { cwd: dir }).stderr, /1 fix would change 1 file/);
  });
});
