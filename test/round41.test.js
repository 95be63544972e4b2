// Red team round 41 (session 29): what it found wrong, each case next to the shape that stays as it was.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => ({ rule: f.ruleId, line: f.location.line, fix: f.fix ? f.fix.title : undefined, suggestions: f.suggestions.map((s) => s.title) }));

describe('round 41: a Keras loss switch that would leave a compiled metric cutting logits', () => {
  before(() => initPython());
  const logit = ['import tensorflow as tf', 'logit_model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)), tf.keras.layers.Dense(1)])'];
  const prob = 'prob_model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)), tf.keras.layers.Dense(1, activation="sigmoid")])';
  it('a metric list or object shared with a sigmoid model: the switch is only suggested, next to adding the activation', () => {
    const shared = {
      'a METRICS list': ['METRICS = ["accuracy"]', ...logit, 'logit_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=METRICS)', prob, 'prob_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=METRICS)'],
      'one BinaryAccuracy object': ['import tensorflow as tf', 'acc = tf.keras.metrics.BinaryAccuracy()', ...logit.slice(1), 'logit_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[acc])', prob, 'prob_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[acc])'],
    };
    for (const [what, lines] of Object.entries(shared)) {
      const [f, ...rest] = brief(lintLines(lines));
      assert.deepStrictEqual(rest, [], what);
      assert.strictEqual(f.rule, 'logits-into-probability-loss', what);
      assert.strictEqual(f.fix, undefined, what);
      assert.ok(f.suggestions.some((s) => /from_logits=True/.test(s)) && f.suggestions.some((s) => /sigmoid/.test(s)), `${what}: ${f.suggestions}`);
    }
  });
  it('guard: the metric written in the call is switched with the loss, one safe fix', () => {
    const [f] = brief(lintLines([...logit, 'logit_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[tf.keras.metrics.BinaryAccuracy()])']));
    assert.match(f.fix ?? '', /from_logits=True.*threshold=0\.0/);
  });
});

describe('round 41: a helper whose parameters reach a loss, called with its arguments swapped', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 1, 1))',
    'def bce_dice(pred, target):', '    bce = F.binary_cross_entropy_with_logits(pred, target)', '    p = torch.sigmoid(pred)', '    return bce + 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)'];
  it('is reported at the swapped call, and the fix swaps that call back (the helper is left as it is)', () => {
    for (const other of [[], ['good = bce_dice(model(images), masks)']]) {
      const lines = [...net, ...other, 'loss = bce_dice(masks, model(images))'];
      const r = lintLines(lines);
      assert.deepStrictEqual(brief(r).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', lines.length, 'Swap the arguments back to (input, target)']], String(other));
      assert.match(r.findings[0].message, /line 6\), given this call's arguments, takes \(input, target\)/);
      const edits = r.findings[0].fix.edits.map((e) => e.text).sort();
      assert.deepStrictEqual(edits, ['masks', 'model(images)']);
      const text = lines.join('\n') + '\n';
      assert.ok(r.findings[0].fix.edits.every((e) => e.start >= text.indexOf('loss = bce_dice(masks')), 'the edits are in the swapped call');
    }
  });
  it('through two helpers handing the arguments on, the outer call is the one fixed', () => {
    const lines = [...net, 'def step(a, b):', '    return bce_dice(a, b)', 'loss = step(masks, model(images))'];
    assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', lines.length, 'Swap the arguments back to (input, target)']]);
  });
  it('guard: a loss written with the swap in its own call is fixed there', () => {
    const lines = [...net.slice(0, 4), 'loss = F.binary_cross_entropy_with_logits(masks, model(images))'];
    assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', 5, 'Swap the arguments back to (input, target)']]);
  });
});

describe('round 41: a loss switch that would leave a decision on the logits cutting them as probabilities', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(X_train, y_train, epochs=5)'];
  it('a rounding, a cut other than 0.5, a named cut, a class column of a softmax-trained head: the switch is only suggested, and the message says why', () => {
    const cases = {
      'np.round': 'y_pred = np.round(model.predict(X_test))',
      'tf.round': 'y_pred = tf.round(model(X_test))',
      '.round()': 'y_pred = model.predict(X_test).round()',
      '> 0.3': 'y_pred = (model.predict(X_test) > 0.3).astype(int)',
      'a name': 'THRESH = 0.5\ny_pred = (model.predict(X_test) > THRESH).astype(int)',
    };
    for (const [what, line] of Object.entries(cases)) {
      const r = lintLines([...keras, line]);
      const loss = r.findings.find((f) => f.ruleId === 'logits-into-probability-loss');
      assert.ok(loss, what);
      assert.strictEqual(loss.fix, undefined, what);
      assert.ok(loss.suggestions.some((s) => /from_logits=True/.test(s.title)), what);
      assert.match(loss.message, /reads these logits as probabilities too, which is right only while this loss clips them/, what);
    }
    const cat = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(2)])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")', 'probs = model.predict(X_test)', 'y_pred = (probs[:, 1] > 0.5).astype(int)'];
    assert.strictEqual(lintLines(cat).findings.find((f) => f.ruleId === 'logits-into-probability-loss').fix, undefined);
  });
  it('guard: a cut at 0.5 (rewritten to 0 once the loss takes logits) or at 0 keeps the safe switch', () => {
    for (const line of ['y_pred = (model.predict(X_test) > 0.5).astype(int)', 'y_pred = (model.predict(X_test) > 0).astype(int)', 'print(model.predict(X_test))']) {
      const loss = lintLines([...keras, line]).findings.find((f) => f.ruleId === 'logits-into-probability-loss');
      assert.match(loss.fix?.title ?? '', /from_logits=True/, line);
      assert.doesNotMatch(loss.message, /reads these logits as probabilities too/, line);
    }
  });
});

describe('round 41: code shared by classes or kept for later', () => {
  before(() => initPython());
  const base = ['import torch', 'from torch import nn', 'import pytorch_lightning as pl',
    'class BaseTagger(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', '        self.outs = []',
    '    def validation_step(self, batch, batch_idx):', '        x, y = batch', '        self.outs.append(self(x).detach())',
    '    def on_validation_epoch_end(self):', '        preds = (torch.cat(self.outs) > 0.5).float()', '        self.log("n", preds.sum())', '        self.outs.clear()',
    'class LogitTagger(BaseTagger):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Linear(64, 10)', '        self.loss_fn = nn.BCEWithLogitsLoss()',
    '    def forward(self, x):', '        return self.net(x)', '    def training_step(self, batch, batch_idx):', '        x, y = batch', '        return self.loss_fn(self(x), y)',
    'class ProbTagger(BaseTagger):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Sequential(nn.Linear(64, 10), nn.Sigmoid())', '        self.loss_fn = nn.BCELoss()',
    '    def forward(self, x):', '        return self.net(x)', '    def training_step(self, batch, batch_idx):', '        x, y = batch', '        return self.loss_fn(self(x), y)'];
  it('a base method another subclass inherits, that subclass made nowhere in view (a registry, a CLI, only defined): reported with no fix', () => {
    for (const use of ['model = LogitTagger()', 'MODELS = {"logit": LogitTagger, "prob": ProbTagger}\nmodel = LogitTagger()\nother = MODELS[name]()']) {
      const found = brief(lintLines([...base, ...use.split('\n')]));
      assert.deepStrictEqual(found.map((f) => [f.rule, f.line, f.fix]), [['threshold-logits', 12, undefined]], use);
    }
  });
  it('guard: with no other subclass, the cut in the base method is fixed', () => {
    const found = brief(lintLines([...base.slice(0, 24), 'model = LogitTagger()']));
    assert.deepStrictEqual(found.map((f) => [f.rule, f.line, f.fix]), [['threshold-logits', 12, 'Threshold logits at 0 (the same decision as probability 0.5)']]);
  });
  const gan = ['import torch', 'import torch.nn as nn', 'netD = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(netD(x), y)'];
  it('a lambda nobody calls reads the output as a probability: the sigmoid stays (suggestion); on logits its cut is reported', () => {
    const [f] = brief(lintLines([...gan, 'is_real = lambda x: netD(x) > 0.5']));
    assert.deepStrictEqual([f.rule, f.fix], ['sigmoid-before-logits-loss', undefined]);
    const logits = ['import torch', 'import torch.nn as nn', 'netD = nn.Sequential(nn.Linear(8, 1))', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(netD(x), y)', 'is_real = lambda x: netD(x) > 0.5'];
    assert.deepStrictEqual(brief(lintLines(logits)).map((f) => [f.rule, f.line]), [['threshold-logits', 6]]);
  });
  it('guard: a lambda that does not read the output leaves the sigmoid removable', () => {
    const [f] = brief(lintLines([...gan, 'scale = lambda v: v * 2']));
    assert.match(f.fix ?? '', /Remove nn.Sigmoid/);
  });
});

describe('round 41: decisions on sums, and roundings before an argmax', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'def build_model():', '    m = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(1)])', '    m.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', '    return m'];
  it('K-fold logits added to zeros (np.zeros, torch.zeros_like, 0) in a loop, then cut at 0.5: reported', () => {
    for (const start of ['preds = np.zeros((len(X_test), 1))', 'preds = 0']) {
      const lines = [...keras, start, 'for k in range(5):', '    model = build_model()', '    model.fit(X, y)', '    preds += model.predict(X_test) / 5', 'y_pred = (preds > 0.5).astype(int)'];
      assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line]), [['threshold-logits', lines.length]], start);
    }
    const tta = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 1, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), m)', 'acc = torch.zeros_like(m)', 'for d in [2, 3]:', '    acc = acc + torch.flip(model(torch.flip(x, [d])), [d])', 'mask = (acc / 2) > 0.5'];
    assert.deepStrictEqual(brief(lintLines(tta)).map((f) => [f.rule, f.line]), [['threshold-logits', 8]]);
  });
  it('guard: probabilities added to zeros and cut at 0.5 are clean', () => {
    const lines = [...keras.map((l) => l.replace('layers.Dense(1)', 'layers.Dense(1, activation="sigmoid")').replace('from_logits=True', 'from_logits=False')), 'preds = np.zeros((len(X_test), 1))', 'for k in range(5):', '    model = build_model()', '    preds += model.predict(X_test) / 5', 'y_pred = (preds > 0.5).astype(int)'];
    assert.deepStrictEqual(brief(lintLines(lines)), []);
  });
  it('a rounding whose result an argmax or max over the classes reads decides nothing; one compared with labels is still reported', () => {
    const net = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 15))', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    for (const read of ['pred = torch.round(model(x))\ntop = pred.argmax(1)', 'pred = torch.round(model(x))\nv, i = torch.max(pred, 1)']) {
      assert.deepStrictEqual(brief(lintLines([...net, ...read.split('\n')])), [], read);
    }
    assert.deepStrictEqual(brief(lintLines([...net, 'ok = torch.round(model(x)) == y'])).map((f) => f.rule), ['threshold-logits']);
  });
});

describe('round 41: spatial layers after the head, and a list a hook empties', () => {
  before(() => initPython());
  it('nn.Upsample / padding after a logits head, Keras UpSampling2D / Cropping2D / ZeroPadding2D / Resizing: followed as F.interpolate is', () => {
    const torch = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 1, 1), nn.Upsample(scale_factor=2))', 'loss = nn.BCEWithLogitsLoss()(model(x), m)', 'mask = model(x) > 0.5'];
    assert.deepStrictEqual(brief(lintLines(torch)).map((f) => [f.rule, f.line]), [['threshold-logits', 5]]);
    const sig = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 1, 1), nn.Sigmoid(), nn.UpsamplingBilinear2d(scale_factor=2))', 'loss = nn.BCEWithLogitsLoss()(model(x), m)'];
    assert.deepStrictEqual(brief(lintLines(sig)).map((f) => f.rule), ['sigmoid-before-logits-loss']);
    for (const layer of ['UpSampling2D(2)', 'Cropping2D(2)', 'ZeroPadding2D(1)', 'Resizing(64, 64)']) {
      const keras = ['from tensorflow import keras', 'from tensorflow.keras import layers', `model = keras.Sequential([layers.Input((32, 32, 3)), layers.Conv2D(1, 1), layers.${layer}])`, 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
      assert.deepStrictEqual(brief(lintLines(keras)).map((f) => f.rule), ['logits-into-probability-loss'], layer);
    }
  });
  it('guard: a sigmoid head upsampled and trained with a probability loss is clean', () => {
    const keras = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Input((32, 32, 3)), layers.Conv2D(1, 1, activation="sigmoid"), layers.UpSampling2D(2)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'mask = model.predict(x) > 0.5'];
    assert.deepStrictEqual(brief(lintLines(keras)), []);
  });
  const lit = ['import torch', 'from torch import nn', 'import pytorch_lightning as pl', 'class Lit(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Linear(64, 20)', '        self.loss_fn = nn.BCEWithLogitsLoss()', '        self.val_outputs = []',
    '    def forward(self, x):', '        return self.net(x)', '    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss_fn(self(x), y)', '    def validation_step(self, batch, i):', '        x, y = batch', '        self.val_outputs.append(self(x))'];
  it('a list the constructor starts empty and a hook empties again (`self.val_outputs = []`): its cut at 0.5 is reported', () => {
    for (const hooks of [['    def on_validation_epoch_end(self):', '        preds = torch.cat(self.val_outputs) > 0.5', '        self.log("n", preds.sum())', '        self.val_outputs = []'],
      ['    def on_validation_epoch_start(self):', '        self.val_outputs = []', '    def on_validation_epoch_end(self):', '        preds = torch.cat(self.val_outputs) > 0.5', '        self.log("n", preds.sum())']]) {
      assert.deepStrictEqual(brief(lintLines([...lit, ...hooks, 'model = Lit()'])).map((f) => f.rule), ['threshold-logits'], hooks.join('\n'));
    }
  });
  it('guard: an attribute a hook sets to anything else stays unknown where read', () => {
    const hooks = ['    def on_validation_epoch_end(self):', '        preds = torch.cat(self.val_outputs) > 0.5', '        self.log("n", preds.sum())', '        self.val_outputs = load_outputs()'];
    assert.deepStrictEqual(brief(lintLines([...lit, ...hooks, 'model = Lit()'])), []);
  });
});

describe('round 41: an N-way one-shot test over a one-unit pair scorer', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Dense(64, activation="relu", input_shape=(32,)), layers.Dense(1, activation="sigmoid")])', 'model.compile(loss="binary_crossentropy", optimizer="adam")', 'model.fit(x_pairs, y_pairs)'];
  it('the best candidate compared with the true one (both argmax without an axis) is clean, in Keras and PyTorch', () => {
    assert.deepStrictEqual(brief(lintLines([...keras, 'def test_oneshot(pairs, targets):', '    probs = model.predict(pairs)', '    return np.argmax(probs) == np.argmax(targets)'])), []);
    const torch = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 1))', 'loss = nn.BCEWithLogitsLoss()(net(x), y)', 'def test_oneshot(pairs, targets):', '    return (net(pairs).argmax() == targets.argmax()).item()'];
    assert.deepStrictEqual(brief(lintLines(torch)), []);
  });
  it('guard: the sample index compared with the batch labels is reported, and the message does not say axis -1', () => {
    const r = lintLines([...keras, 'pred = np.argmax(model.predict(x_batch))', 'acc = np.mean(pred == y_batch)']);
    assert.deepStrictEqual(brief(r).map((f) => f.rule), ['argmax-batch-axis']);
    assert.match(r.findings[0].message, /one unit: each sample's class is its score cut at a threshold/);
  });
});

describe('round 41: messages, and class names picked by a cut at 0', () => {
  before(() => initPython());
  it('one unit under sparse_categorical_crossentropy / nn.CrossEntropyLoss: the message says a label of 1 fails, not only that the loss is constant', () => {
    const keras = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Input((8,)), layers.Dense(1, activation="sigmoid")])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")'];
    assert.match(lintLines(keras).findings[0].message, /a label of 1 is out of range: the TensorFlow and PyTorch backends fail on it/);
    const torch = ['import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1))', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    assert.match(lintLines(torch).findings[0].message, /a class-index target of 1 raises "Target 1 is out of bounds"/);
  });
  it('a class column of a head trained by a categorical loss that takes probabilities is not said to be trained with a softmax', () => {
    const cat = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(2)])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")', 'probs = model.predict(X_test)', 'y_pred = (probs[:, 1] > 0.5).astype(int)'];
    const t = lintLines(cat).findings.find((f) => f.ruleId === 'threshold-logits');
    assert.match(t.message, /trained by a loss over its classes that expects probabilities/);
    assert.doesNotMatch(t.message, /softmax over its classes/);
  });
  it('two class names picked by a cut of probabilities at 0 are a decision: reported, and fixed to 0.5', () => {
    const net = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(model(x), y)', 'score = model(x1).item()'];
    for (const pick of ['print("positive" if score > 0 else "negative")', 'label = "dog" if score > 0 else "cat"']) {
      const found = brief(lintLines([...net, pick]));
      assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['zero-threshold-on-probabilities', 'Threshold the probabilities at 0.5']], pick);
    }
  });
  it('guard: one branch a value of its own (a mask, a clamp) is no class name', () => {
    const net = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(model(x), y)', 'score = model(x1).item()'];
    assert.deepStrictEqual(brief(lintLines([...net, 'v = score if score > 0 else 0.0'])), []);
    // A sign picked for formatting names no class.
    assert.deepStrictEqual(brief(lintLines([...net, 'prefix = "+" if score > 0 else ""'])), []);
  });
});

describe('round 41: predictions kept in records per batch', () => {
  before(() => initPython());
  const net = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 5))', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(model(X), Y)', 'outs = []'];
  it('dicts or tuples appended per batch, read back by key or position, then cut at 0.5: reported', () => {
    const reads = {
      'dict, comprehension': ['outs.append({"logits": model(X[:25])})', 'outs.append({"logits": model(X[25:])})', 'p = torch.cat([o["logits"] for o in outs]) > 0.5'],
      'dict in a loop': ['for xb, yb in loader:', '    outs.append({"logits": model(xb), "y": yb})', 'p = torch.cat([o["logits"] for o in outs]) > 0.5'],
      'tuple in a loop': ['for xb, yb in loader:', '    outs.append((model(xb), yb))', 'p = torch.cat([l for l, _ in outs]) > 0.5'],
    };
    for (const [what, lines] of Object.entries(reads)) {
      assert.deepStrictEqual(brief(lintLines([...net, ...lines])).map((f) => f.rule), ['threshold-logits'], what);
    }
  });
  it('guard: the labels kept beside them and cut at 0.5 are not', () => {
    assert.deepStrictEqual(brief(lintLines([...net, 'for xb, yb in loader:', '    outs.append({"logits": model(xb), "y": yb})', 'p = torch.cat([o["y"] for o in outs]) > 0.5'])), []);
  });
});

describe('round 41: predictions concatenated onto an empty start', () => {
  before(() => initPython());
  const net = ['import numpy as np', 'import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 5))', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(model(X), Y)'];
  it('torch.tensor([]) + torch.cat, np.empty((0, k)) + np.append(axis=0), in a loop, then cut at 0.5: reported', () => {
    const starts = {
      'torch.cat': ['acc = torch.tensor([])', 'for xb in batches:', '    acc = torch.cat((acc, model(xb).detach()), dim=0)', 'p = acc > 0.5'],
      'np.append': ['acc = np.empty((0, 5))', 'for xb in batches:', '    acc = np.append(acc, model(xb).detach().numpy(), axis=0)', 'p = acc > 0.5'],
    };
    for (const [what, lines] of Object.entries(starts)) assert.deepStrictEqual(brief(lintLines([...net, ...lines])).map((f) => f.rule), ['threshold-logits'], what);
  });
  it('guard: the same onto a start of other values stays unknown', () => {
    assert.deepStrictEqual(brief(lintLines([...net, 'acc = load_previous()', 'for xb in batches:', '    acc = torch.cat((acc, model(xb).detach()), dim=0)', 'p = acc > 0.5'])), []);
  });
});

describe('round 41: Lightning hooks given what a step returned', () => {
  before(() => initPython());
  const lit = ['import torch', 'from torch import nn', 'import pytorch_lightning as pl', 'class Lit(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Linear(64, 20)', '        self.loss_fn = nn.BCEWithLogitsLoss()',
    '    def forward(self, x):', '        return self.net(x)', '    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss_fn(self(x), y)'];
  it('validation_epoch_end(outputs) and on_validation_batch_end(outputs, ...) read the step\'s returns: a cut of its logits is reported, of its sigmoid not', () => {
    const epochEnd = ['    def validation_step(self, batch, i):', '        x, y = batch', '        logits = self(x)', '        return {"probs": torch.sigmoid(logits), "logits": logits, "y": y}',
      '    def validation_epoch_end(self, outputs):', '        ok = torch.cat([o["probs"] for o in outputs]) > 0.5', '        bad = torch.cat([o["logits"] for o in outputs]) > 0.5', '        self.log("n", ok.sum() + bad.sum())'];
    assert.deepStrictEqual(brief(lintLines([...lit, ...epochEnd])).map((f) => [f.rule, f.line]), [['threshold-logits', 20]]);
    const batchEnd = ['    def validation_step(self, batch, i):', '        x, y = batch', '        return self(x)', '    def on_validation_batch_end(self, outputs, batch, batch_idx):', '        self.log("pos", (outputs > 0.5).sum())'];
    assert.deepStrictEqual(brief(lintLines([...lit, ...batchEnd])).map((f) => [f.rule, f.line]), [['threshold-logits', 18]]);
  });
});

describe('round 41: the numeric check of a convolutional head', () => {
  before(() => initPython());
  it('convolutions are given to the replica as dense layers over their channels, in the order forward applies them', () => {
    const { readFacts } = require('../out/server/check/facts');
    const lines = ['import torch', 'import torch.nn as nn', 'class Seg(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.enc = nn.Conv2d(3, 16, 3, padding=1)', '        self.head = nn.Conv2d(16, 1, 1)',
      '    def forward(self, x):', '        return self.head(torch.relu(self.enc(x)))', 'model = Seg()', 'loss = nn.BCEWithLogitsLoss()(model(x), m)', 'mask = model(x) > 0.5'];
    const f = lintLines(lines).findings.find((x) => x.ruleId === 'threshold-logits');
    const read = readFacts(f.facts);
    assert.deepStrictEqual([read.hidden.map((h) => [h.units, h.activation]), read.outputUnits, read.outputActivations], [[[16, 'relu']], 1, []]);
    assert.ok(read.notes.some((n) => /Each Conv2d is rebuilt as a dense layer over its channels/.test(n)), read.notes.join('\n'));
    assert.ok(!read.notes.some((n) => /after the output layer|Output width unknown|activation relu on the output/.test(n)), read.notes.join('\n'));
  });
});

describe('round 41: Keras labels given to fit', () => {
  before(() => initPython());
  it('a cut at 0 of sigmoid outputs multiplied with the labels given to fit (an IoU) is a decision: reported', () => {
    const lines = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input((128, 128, 3))', 'x = layers.Conv2D(1, 1)(inp)', 'out = layers.Activation("sigmoid")(x)', 'model = keras.Model(inp, out)', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x_train, y_train)', 'm = (model.predict(x_train) > 0).astype(np.uint8)', 'inter = np.sum(m * y_train)'];
    assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line]), [['zero-threshold-on-probabilities', 10]]);
    assert.deepStrictEqual(brief(lintLines([...lines.slice(0, -1), 'inter = np.sum(m * weights)'])), []);
  });
});

describe('round 41b: what the second wave found in the session\'s own changes', () => {
  before(() => initPython());
  const kfold = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'test_pred = np.zeros((len(X_test), 1))', 'for fold in range(5):', '    model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])', '    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])', '    model.fit(X, y, epochs=3)', '    test_pred += model.predict(X_test) / 5'];
  it('a K-fold loop that builds and compiles a model per fold keeps the safe loss switch (the folds\' models are one user of the loss)', () => {
    const [f] = lintLines(kfold).findings;
    assert.strictEqual(f.ruleId, 'logits-into-probability-loss');
    assert.match(f.fix?.title ?? '', /from_logits=True.*threshold=0\.0/);
  });
  it('a threshold sweep or a cut from the command line on logits trained through a probability loss makes the switch a suggestion', () => {
    const keras = ['import numpy as np', 'from tensorflow import keras', 'from sklearn.metrics import f1_score', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'pred = model.predict(x)'];
    for (const cut of ['for t in [0.3, 0.4, 0.5, 0.6]:\n    print(t, f1_score(y, (pred.ravel() > t).astype(int)))', 'labels = pred > args.thr']) {
      const [f] = lintLines([...keras, ...cut.split('\n')]).findings;
      assert.strictEqual(f.fix, undefined, cut);
      assert.ok(f.suggestions.some((s) => /from_logits=True/.test(s.title)), cut);
    }
  });
  it('a subclass made nowhere that adds a sigmoid (an export wrapper) or returns raw scores (a feature extractor) says nothing about the base\'s training', () => {
    const base = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)', '    def fit_step(self, x, y):', '        return F.binary_cross_entropy_with_logits(self(x), y)'];
    const wrapper = ['class Export(Net):', '    def forward(self, x):', '        return torch.sigmoid(super().forward(x))', 'net = Net()', 'net.fit_step(x, y)'];
    assert.deepStrictEqual(brief(lintLines([...base, ...wrapper])), []);
  });
});

describe('round 41b: K-fold means divided by the number of folds', () => {
  before(() => initPython());
  it('/ kf.n_splits, / skf.get_n_splits(), / float(NFOLDS), / len(folds): still logits, the cut at 0.5 reported', () => {
    const head = ['import numpy as np', 'from tensorflow import keras', 'def build():', '    m = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', '    m.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', '    return m', 'preds = np.zeros((len(X_test), 1))', 'for tr, va in kf.split(X):', '    model = build()', '    model.fit(X[tr], y[tr])'];
    for (const d of ['kf.n_splits', 'skf.get_n_splits()', 'float(NFOLDS)', 'len(folds)']) {
      const lines = [...head, `    preds += model.predict(X_test) / ${d}`, 'y_pred = (preds > 0.5).astype(int)'];
      assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line]), [['threshold-logits', lines.length]], d);
    }
    assert.deepStrictEqual(brief(lintLines([...head, '    preds += model.predict(X_test) / scale', 'y_pred = (preds > 0.5).astype(int)'])), []);
  });
});

describe('round 41b: an f-string field that is a bare generator expression', () => {
  before(() => initPython());
  it("parses (Python accepts f'{t.shape for t in obj}'), and the rest of the file is analysed", () => {
    const r = lintLines(['import torch.nn as nn', 'print(f"shapes: {t.shape for t in batch}")', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['sigmoid-before-logits-loss']);
  });
  it('guard: a real syntax error in an f-string is still one', () => {
    const r = lintLines(['import torch.nn as nn', 'print(f"shapes: {t.shape for t in}")', 'model = nn.Sequential(nn.Linear(8, 1))']);
    assert.strictEqual(r.problems.length, 1);
  });
});

describe('round 41b: a helper whose own names say its body swaps the loss arguments', () => {
  before(() => initPython());
  it('the swap is fixed in the body (the call matches the helper\'s parameters)', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 3))', 'ce = nn.CrossEntropyLoss()', 'def loss(y, y_hat, target, y_tilda):', '    return ce(target, y_tilda)', 'l = loss(x, x, labels, model(x))'];
    const r = lintLines(lines);
    assert.deepStrictEqual(brief(r).map((f) => [f.rule, f.line]), [['swapped-loss-arguments', 6]]);
    const text = lines.join('\n') + '\n';
    assert.ok(r.findings[0].fix.edits.every((e) => e.start >= text.indexOf('ce(target')), 'the edits are in the body');
  });
});

describe('round 41b: a compiled metric that cuts at its own threshold', () => {
  before(() => initPython());
  it('BinaryAccuracy(threshold=0.3) / Precision(thresholds=0.3) beside the loss: the switch is only suggested, and the message says why', () => {
    for (const metric of ['keras.metrics.BinaryAccuracy(threshold=0.3)', 'keras.metrics.Precision(thresholds=0.3)']) {
      const lines = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', `model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[${metric}])`];
      const [f] = lintLines(lines).findings;
      assert.strictEqual(f.fix, undefined, metric);
      assert.match(f.message, /metric's own threshold reads these logits as probabilities too/, metric);
    }
  });
});

describe('round 41b: a test of None is no cut', () => {
  before(() => initPython());
  it('`if (out := model(x)) is not None:` before a BCELoss on logits keeps the loss switch safe; a cut at a value not known makes it a suggestion', () => {
    const head = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1))', 'crit = nn.BCELoss()'];
    const safe = lintLines([...head, 'if (out := model(x)) is not None:', '    loss = crit(out, y)']).findings[0];
    assert.match(safe.fix?.title ?? '', /BCEWithLogitsLoss/);
    const cut = lintLines([...head, 'out = model(x)', 'loss = crit(out, y)', 'flags = out > args.thr']).findings.find((f) => f.ruleId === 'logits-into-probability-loss');
    assert.strictEqual(cut.fix, undefined);
  });
});
