// Session 22 (red team round 34 and the leftovers of round 33). Every case fails on the session's
// first build but the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { lint } = require('./helpers/python-lint');

const rules = (lines) => lint(lines).map((f) => f.rule);
/** Each finding's rule and line. */
function lines(text) {
  const file = '/virtual/train.py';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => [f.ruleId, f.location.line]);
}

describe('round 34: leftovers of round 33', () => {
  before(() => initPython());
  it('a Dice + BCE loss class that applies the sigmoid itself is reported once, at the call', () => {
    const found = lines(['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class DiceBCELoss(nn.Module):', '    def forward(self, inputs, targets):', '        inputs = torch.sigmoid(inputs)', '        dice = 1 - (2 * (inputs * targets).sum() + 1) / (inputs.sum() + targets.sum() + 1)', '        return F.binary_cross_entropy_with_logits(inputs, targets) + dice', 'model = nn.Sequential(nn.Conv2d(3, 1, 1))', 'criterion = DiceBCELoss()', 'loss = criterion(model(x), y)']);
    assert.deepStrictEqual(found, [['sigmoid-before-logits-loss', 11]]);
  });
  it('guard: a loss class nobody calls is still reported inside it', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class DiceBCELoss(nn.Module):', '    def forward(self, inputs, targets):', '        inputs = torch.sigmoid(inputs)', '        return F.binary_cross_entropy_with_logits(inputs, targets)']), ['sigmoid-before-logits-loss']);
  });
  const trained = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(16, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  it('`if cached_logits is None:` asks whether a value is there, not what the output is: the block is judged', () => {
    for (const cond of ['cached_logits is None', 'self.logits is not None']) {
      assert.deepStrictEqual(rules([...trained, `if ${cond}:`, '    pred = (model(x) > 0.5).float()']), ['threshold-logits'], cond);
    }
  });
  it('guard: a test of the activation itself still leaves the block to the branch (`from_logits`, `use_sigmoid`, `sigmoid_logits is None`)', () => {
    for (const cond of ['not from_logits', 'use_sigmoid', 'sigmoid_logits is None']) {
      assert.deepStrictEqual(rules([...trained, `if ${cond}:`, '    pred = (model(x) > 0.5).float()']), [], cond);
    }
  });
  const hf = (ret) => ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', '    def __init__(self, encoder):', '        super().__init__()', '        self.encoder = encoder', '        self.classifier = nn.Linear(768, 1)', '    def forward(self, ids, labels=None):', '        outputs = self.encoder(ids)', '        logits = self.classifier(outputs[1])', '        loss = None', '        if labels is not None:', '            loss = nn.BCEWithLogitsLoss()(logits.view(-1), labels.float())', ...ret, 'model = Head(get_encoder())'];
  it("Hugging Face's `(logits,) + outputs[2:]`: item 0 is the logits", () => {
    const ret = ['        output = (logits,) + outputs[2:]', '        return ((loss,) + output) if loss is not None else output'];
    assert.deepStrictEqual(rules([...hf(ret), 'pred = (model(ids)[0] > 0.5).long()']), ['threshold-logits']);
    assert.deepStrictEqual(rules([...hf(ret), 'loss_and_logits = model(ids, y)', 'pred = (loss_and_logits[1] > 0.5).long()']), ['threshold-logits']);
  });
  it('guard: an item past the known start, or counted from the end, is unknown', () => {
    const ret = ['        output = (logits,) + outputs[2:]', '        return output'];
    assert.deepStrictEqual(rules([...hf(ret), 'a = model(ids)[1] > 0.5', 'b = model(ids)[-1] > 0.5']), []);
  });
  it('a loop over a list of losses applies each of them', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'criteria = [nn.BCEWithLogitsLoss(), nn.MSELoss()]', 'for x, y in loader:', '    out = model(x)', '    loss = 0', '    for crit in criteria:', '        loss = loss + crit(out, y)', '    loss.backward()']), ['sigmoid-before-logits-loss']);
  });
  it('guard: a loop that branches on its loss (`if isinstance(crit, nn.BCELoss):`) is not unrolled', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Linear(16, 1)', 'criteria = [nn.BCEWithLogitsLoss(), nn.BCELoss()]', 'out = model(x)', 'loss = 0', 'for crit in criteria:', '    if isinstance(crit, nn.BCELoss):', '        loss = loss + crit(torch.sigmoid(out), y)', '    else:', '        loss = loss + crit(out, y)']), []);
  });
  it('`super().forward(x, labels)` hands the given labels on: the parent decides `labels is not None` as the call does', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Base(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)', '    def forward(self, x, labels=None):', '        logits = self.fc(x)', '        if labels is not None:', '            return nn.BCEWithLogitsLoss()(logits.squeeze(-1), labels.float()), logits', '        return logits', 'class Child(Base):', '    def forward(self, x, labels=None):', '        return super().forward(x * 2, labels)', 'model = Child()', 'loss, logits = model(x, y)', 'acc = ((logits.squeeze(-1) > 0.5).float() == y).float().mean()'];
    assert.deepStrictEqual(rules(lines), ['threshold-logits']);
  });
});

describe('round 34: one sample of a one-channel segmentation output', () => {
  before(() => initPython());
  const seg = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  it('`model(img[None])[0].argmax(0)`: the channels of one image are axis 0, one channel: always 0', () => {
    for (const pred of ['model(img[None])[0].argmax(0)', 'model(img.unsqueeze(0))[0].argmax(dim=0)', 'torch.argmax(model(batch)[0], dim=0)']) {
      assert.deepStrictEqual(rules([...seg, `pred = ${pred}`]), ['argmax-single-unit'], pred);
    }
  });
  it('guard: another axis of the sample, many channels, or a reshaped output: silent', () => {
    for (const pred of ['model(img[None])[0].argmax(1)', 'model(img[None])[0][0].argmax(0)', 'model(img[None]).view(-1)[0].argmax(0)']) {
      assert.deepStrictEqual(rules([...seg, `pred = ${pred}`]), [], pred);
    }
    const many = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 4, 1))', 'loss = nn.CrossEntropyLoss()(model(x), y)', 'pred = model(img[None])[0].argmax(0)'];
    assert.deepStrictEqual(rules(many), []);
  });
});

describe('round 34: segmentation_models_pytorch', () => {
  before(() => initPython());
  const smp = (model, ...rest) => ['import torch', 'import torch.nn as nn', 'import segmentation_models_pytorch as smp', `model = ${model}`, ...rest];
  it('a sigmoid head under smp.losses.DiceLoss (from_logits=True by default) is a double sigmoid', () => {
    for (const loss of ['smp.losses.DiceLoss("binary")', 'smp.losses.DiceLoss(mode=smp.losses.BINARY_MODE)', 'smp.losses.JaccardLoss("binary")', 'smp.losses.SoftBCEWithLogitsLoss()', 'nn.BCEWithLogitsLoss()']) {
      assert.deepStrictEqual(rules(smp('smp.Unet("resnet34", classes=1, activation="sigmoid")', `crit = ${loss}`, 'loss = crit(model(x), y)')), ['sigmoid-before-logits-loss'], loss);
    }
  });
  it("smp's `model.predict(x)` is the model's output", () => {
    assert.deepStrictEqual(rules(smp('smp.Unet("resnet34", classes=1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'mask = model.predict(x) > 0.5')), ['threshold-logits']);
  });
  it('classes=1 by default: argmax over the channels is always 0, and a 0.5 cut on the logits head is reported', () => {
    assert.deepStrictEqual(rules(smp('smp.FPN("resnet34")', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'mask = model(x).argmax(dim=1)', 'cut = model(x) > 0.5')), ['argmax-single-unit', 'threshold-logits']);
  });
  it('guard: probabilities losses on a sigmoid head, many classes, classes or activation unknown, aux_params, positional arguments: silent', () => {
    const cases = [
      smp('smp.Unet("resnet34", classes=1, activation="sigmoid")', 'loss = smp.losses.DiceLoss("binary", from_logits=False)(model(x), y) + smp.utils.losses.DiceLoss()(model(x), y)', 'm = model(x) > 0.5'),
      smp('smp.Unet("resnet34", classes=4)', 'loss = nn.CrossEntropyLoss()(model(x), y)', 'm = model(x).argmax(dim=1)'),
      smp('smp.Unet("resnet34", classes=cfg.n, activation=cfg.act)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'm = model(x).argmax(dim=1)'),
      smp('smp.Unet("resnet34", classes=1, aux_params=dict(classes=1))', 'loss = nn.BCEWithLogitsLoss()(model(x)[0], y)', 'm = model(x)[0] > 0.5'),
      smp('smp.Unet("resnet34", 5, None, True, (256, 128, 64, 32, 16), None, 3, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'm = model(x).argmax(dim=1)'),
      smp('smp.Unet("resnet34", classes=1, activation="sigmoid")', 'loss = smp.losses.DiceLoss(mode)(model(x), y)'),
      smp('smp.Unet("resnet34", classes=1)', 'model.segmentation_head[2] = nn.Sigmoid()', 'loss = nn.BCELoss()(model(x), y)'),
      smp('smp.Unet("resnet34", classes=1, activation="sigmoid")', 'model.segmentation_head[-1] = nn.Identity()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'),
    ];
    for (const lines of cases) assert.deepStrictEqual(rules(lines), [], lines[3]);
  });
});

describe('round 34: repositories and probes of the first wave', () => {
  before(() => initPython());
  const torchLogits = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x_test)'];
  it('a cut that replaces the values on one side only (`out[out <= 0.5] = 0`, `np.where(p <= 0.5, 0, p)`): reported, its rewrite a suggestion', () => {
    for (const cut of [['out[out <= 0.5] = 0', 'out[out > 0.5] = 1'], ['import numpy as np', 'p = np.where(out <= 0.5, 0, out)', 'p = np.where(p > 0.5, 1, p)']]) {
      const found = lint([...torchLogits, ...cut]);
      assert.ok(found.length >= 1 && found.every((f) => f.rule === 'threshold-logits' && f.fix === undefined && f.suggestions.length === 1), JSON.stringify(found));
    }
  });
  it('guard: a cut whose result replaces every value (`(out > 0.5).float()`) keeps its safe fix', () => {
    const [f] = lint([...torchLogits, 'pred = (out > 0.5).float()']);
    assert.ok(f.rule === 'threshold-logits' && f.fix, JSON.stringify(f));
  });
  it('a comment naming a config dict does not hide `compile(**cfg)`', () => {
    const keras = (comment) => [comment, 'import tensorflow as tf', 'm = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])', 'cfg = dict(optimizer="adam", loss="binary_crossentropy")  # cfg: the settings', 'm.compile(**cfg)'];
    assert.deepStrictEqual(rules(keras('# the compile settings live in cfg')), ['logits-into-probability-loss']);
  });
  it('guard: a config dict changed after it is written (`cfg.update(...)`) is still unknown', () => {
    assert.deepStrictEqual(rules(['import tensorflow as tf', 'm = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])', 'cfg = dict(optimizer="adam", loss="binary_crossentropy")', 'cfg.update(overrides)', 'm.compile(**cfg)']), []);
  });
  it('a torchvision model sized by `num_classes=k` outputs k logits', () => {
    const tv = (...rest) => ['import torch', 'import torch.nn as nn', 'import torchvision.models as models', ...rest];
    assert.deepStrictEqual(rules(tv('model = models.resnet50(num_classes=2)', 'loss = nn.NLLLoss()(model(x), y)')), ['nll-loss-input']);
    assert.deepStrictEqual(rules(tv('model = models.resnet18(num_classes=1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model(x).argmax(dim=1)')), ['argmax-single-unit']);
  });
  it('guard: a head assigned later, inception_v3 (auxiliary outputs), or num_classes not a constant: as before', () => {
    const tv = (...rest) => ['import torch', 'import torch.nn as nn', 'import torchvision.models as models', ...rest];
    assert.deepStrictEqual(rules(tv('model = models.resnet18(num_classes=1)', 'model.fc = nn.Sequential(nn.Linear(512, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(model(x), y)')), []);
    assert.deepStrictEqual(rules(tv('model = models.inception_v3(num_classes=2)', 'loss = nn.NLLLoss()(model(x), y)')), []);
    assert.deepStrictEqual(rules(tv('model = models.resnet50(num_classes=cfg.n)', 'loss = nn.NLLLoss()(model(x), y)')), []);
  });
});

describe('round 34: a Keras model with a class head and a regression head', () => {
  before(() => initPython());
  const model = (out, losses) => ['import tensorflow as tf', 'from tensorflow.keras import layers', 'inp = tf.keras.Input((16,))', 'h = layers.Dense(32, activation="relu")(inp)', 'cls = layers.Dense(1, name="cls")(h)', 'reg = layers.Dense(1, name="reg")(h)', `model = tf.keras.Model(inp, ${out})`, `model.compile(optimizer="adam", loss=${losses})`];
  it('the class head trained from logits is judged by its own loss: its 0.5 cut is reported, the regression head\'s is not', () => {
    assert.deepStrictEqual(rules([...model('{"cls": cls, "reg": reg}', '{"cls": tf.keras.losses.BinaryCrossentropy(from_logits=True), "reg": "mse"}'), 'out = model.predict(x)', 'a = out["cls"] > 0.5', 'b = out["reg"] > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rules([...model('[cls, reg]', '[tf.keras.losses.BinaryCrossentropy(from_logits=True), tf.keras.losses.MeanSquaredError()]'), 'c, r = model.predict(x)', 'a = c > 0.5', 'b = r > 0.5']), ['threshold-logits']);
  });
  it('guard: one regression loss for both outputs leaves both unjudged', () => {
    assert.deepStrictEqual(rules([...model('[cls, reg]', '"mse"'), 'c, r = model.predict(x)', 'a = c > 0.5', 'b = r > 0.5']), []);
  });
});

describe('round 34: the numeric check of a one-unit softmax layer', () => {
  before(() => initPython());
  const { planReplica } = require('../out/server/check/replica');
  const { checkInputOf } = require('../out/server/check/fix-kind');
  const finding = (loss) => {
    const file = '/virtual/k.py';
    const text = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="softmax")])', `model.compile(optimizer="adam", loss="${loss}")`, ''].join('\n');
    return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }).findings.find((f) => f.ruleId === 'softmax-single-unit');
  };
  it("the finding carries its model and loss, and the editor's quick fix is replayed as it is: the activation alone, the categorical loss kept", () => {
    const f = finding('categorical_crossentropy');
    assert.ok(f.facts && /categorical_crossentropy/.test(f.facts.loss), JSON.stringify(f.facts));
    const plan = planReplica(checkInputOf(f));
    assert.strictEqual(plan.written.loss.id, 'categoricalCrossentropy');
    assert.deepStrictEqual([plan.fixed.outputActivations, plan.fixed.loss.id], [['sigmoid'], 'categoricalCrossentropy']);
    assert.match(plan.fixNote, /changes the activation only/);
  });
  it('a loss over integer labels (sparse categorical, NLL) is replaced by a binary one in the replica, with a note: one unit cannot hold two classes', () => {
    const plan = planReplica(checkInputOf(finding('sparse_categorical_crossentropy')));
    assert.strictEqual(plan.written.loss.id, 'binaryCrossentropy');
    assert.ok(plan.notes.some((n) => /sparse_categorical_crossentropy is not one this rule is about/.test(n)), plan.notes.join('\n'));
  });
  it('a loss that takes logits: the quick fix (sigmoid) is replayed as it is, and the report says the loss applies a sigmoid of its own', () => {
    const f = lintProject(['/virtual/k.py'], {}, { readFile: () => ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="softmax")])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', ''].join('\n') }).findings.find((x) => x.ruleId === 'softmax-single-unit');
    const p2 = planReplica(checkInputOf(f));
    assert.deepStrictEqual([p2.fixed.outputActivations, p2.fixed.loss.id], [['sigmoid'], 'sigmoidCrossEntropy']);
    assert.match(p2.fixNote, /a sigmoid of its own/);
  });
  it("Keras' `from_logits=True` quick fix is replayed as the loss switch it is, not as the other fix", () => {
    const file = '/virtual/k.py';
    const text = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', ''].join('\n');
    const f = lintProject([file], {}, { readFile: (x) => (x === file ? text : undefined) }).findings.find((x) => x.ruleId === 'logits-into-probability-loss');
    const plan = planReplica(checkInputOf(f));
    assert.deepStrictEqual([plan.fixed.outputActivations, plan.fixed.loss.id], [[], 'sigmoidCrossEntropy']);
    assert.match(plan.fixNote, /^Ran the preferred quick fix "Use BinaryCrossentropy\(from_logits=True\)[^"]*"[^.]*\. Not run: the other way/);
  });
  it('guard: with a binary loss the quick fix is the whole fix, as before', () => {
    const plan = planReplica(checkInputOf(finding('binary_crossentropy')));
    assert.deepStrictEqual([plan.fixed.outputActivations, plan.fixed.loss.id], [['sigmoid'], 'binaryCrossentropy']);
    assert.match(plan.fixNote, /which makes the change above/);
  });
});

describe('round 34: the second wave', () => {
  before(() => initPython());
  const decide = ['import torch', 'import torch.nn as nn', 'det = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(det(x), y)', 'def decide(p, logits_threshold=None):', '    if logits_threshold is None:', '        return p > 0.5', '    return p > logits_threshold'];
  it('`thr is None` on a parameter the call gives a constant: decided, so the default path of a call that passes 0.0 is not judged', () => {
    assert.deepStrictEqual(rules([...decide, 'b = decide(det(x), logits_threshold=0.0)']), []);
    assert.deepStrictEqual(rules([...decide.map((l) => l.replace(/logits_threshold/g, 'thr')), 'b = decide(det(x), 0.0)']), []);
  });
  it('guard: a call that leaves it at None still judges the 0.5 cut', () => {
    assert.deepStrictEqual(rules([...decide, 'a = decide(det(x))']), ['threshold-logits']);
  });
  it("smp.utils.losses' copies of PyTorch's losses: BCEWithLogitsLoss after a sigmoid head is a double sigmoid", () => {
    assert.deepStrictEqual(rules(['import torch', 'import segmentation_models_pytorch as smp', 'model = smp.Unet("resnet34", classes=1, activation="sigmoid")', 'loss = smp.utils.losses.BCEWithLogitsLoss()(model(x), y)']), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(rules(['import torch', 'import segmentation_models_pytorch as smp', 'model = smp.Unet("resnet34", classes=1, activation="sigmoid")', 'loss = smp.utils.losses.BCELoss()(model(x), y)']), []);
  });
  it('`torch.where(p > 0.5, p, zeros)` and `p.masked_fill(p <= 0.5, 0)` keep one side: their rewrite is a suggestion', () => {
    const head = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'p = model(x).detach()'];
    for (const cut of ['q = torch.where(p > 0.5, p, torch.zeros_like(p))', 'q = p.masked_fill(p <= 0.5, 0)']) {
      const found = lint([...head, cut]);
      assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions.length]), [['threshold-logits', undefined, 1]], cut);
    }
  });
  it("a sigmoid output also given to a module of one's own (a soft Dice) is read as probabilities there: removing the sigmoid is a suggestion", () => {
    const found = lint(['import torch', 'import torch.nn as nn', 'class SoftDice(nn.Module):', '    def forward(self, p, t):', '        return 1 - (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1)', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.c = nn.Conv2d(3, 1, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.c(x))', 'model = Net()', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y) + SoftDice()(out, y)']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['sigmoid-before-logits-loss', undefined]]);
    assert.ok(found[0].suggestions.length > 0);
  });
  it('a Lightning module that builds its Dice + BCE loss class in __init__: one report, at the call', () => {
    const found = lines(['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'import pytorch_lightning as pl', 'class DiceBCE(nn.Module):', '    def forward(self, inputs, targets):', '        inputs = torch.sigmoid(inputs)', '        return F.binary_cross_entropy_with_logits(inputs, targets)', 'class Lit(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Conv2d(3, 1, 1)', '        self.criterion = DiceBCE()', '    def training_step(self, batch, i):', '        x, y = batch', '        return self.criterion(self.net(x), y)']);
    assert.deepStrictEqual(found, [['sigmoid-before-logits-loss', 16]]);
  });
});

describe('round 34: the third wave', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x)'];
  it('`out * (out > 0.5)` keeps the values on one side: its rewrite is a suggestion', () => {
    for (const cut of ['kept = (out > 0.5).float() * out', 'kept = out * (out > 0.5)']) {
      assert.deepStrictEqual(lint([...head, cut]).map((f) => [f.rule, f.fix, f.suggestions.length]), [['threshold-logits', undefined, 1]], cut);
    }
  });
  const post = (copy) => ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 1))', 'criterion = nn.BCEWithLogitsLoss()', 'def train_step(x, y):', '    return criterion(model(x), y)', 'def post(x):', '    out = model(x)', `    vis = ${copy}`, '    vis[vis < 0] = 0', '    return (out > 0.5).float()'];
  it('a write into a clone (`vis = out.clone(); vis[vis < 0] = 0`) leaves `out` known', () => {
    assert.deepStrictEqual(rules(post('out.clone()')), ['threshold-logits']);
  });
  it('`torch.nn.modules.loss.BCEWithLogitsLoss` is `nn.BCEWithLogitsLoss`', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'from torch.nn.modules.loss import BCEWithLogitsLoss', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = BCEWithLogitsLoss()(model(x), y)']), ['sigmoid-before-logits-loss']);
  });
});


describe('round 34: the third wave, adversarial', () => {
  before(() => initPython());
  const smp = ['import torch', 'import torch.nn as nn', 'import segmentation_models_pytorch as smp', 'model = smp.Unet("resnet34", classes=1)'];
  it('guard: an smp head reached any way (an alias, setattr, getattr, _modules) makes the model unknown', () => {
    for (const edit of [['head = model.segmentation_head', 'head[2] = nn.Sigmoid()'], ['setattr(model.segmentation_head, "2", nn.Sigmoid())'], ['getattr(model, "segmentation_head")[2] = nn.Sigmoid()'], ['model.segmentation_head._modules["2"] = nn.Sigmoid()']]) {
      assert.deepStrictEqual(rules([...smp, ...edit, 'loss = nn.BCELoss()(model(x), y)']), [], edit.join('; '));
    }
  });
  it('guard: a loop over losses whose body matches on the loss (`match crit:`) is not unrolled', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Linear(16, 1)', 'criteria = [nn.BCEWithLogitsLoss(), nn.BCELoss()]', 'out = model(x)', 'loss = 0', 'for crit in criteria:', '    match crit:', '        case nn.BCELoss():', '            loss = loss + crit(torch.sigmoid(out), y)', '        case _:', '            loss = loss + crit(out, y)']), []);
  });
  it('a sigmoid output given by keyword to a module of one\'s own, or to an nn.Sequential: removing it is a suggestion; the loss switch of a logits model feeding another stays safe', () => {
    const mods = ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(1, 1)', '    def forward(self, h):', '        return self.fc(h * 2)', 'backbone = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'probs = backbone(x)', 'loss = nn.BCEWithLogitsLoss()(probs, y)'];
    for (const use of ['z = Head()(h=probs)', 'z = nn.Sequential(nn.Linear(1, 4))(probs)']) {
      const [f] = lint([...mods, use]);
      assert.deepStrictEqual([f.rule, f.fix], ['sigmoid-before-logits-loss', undefined], use);
    }
    const [g] = lint(['import torch', 'import torch.nn as nn', 'a = nn.Linear(8, 1)', 'b = nn.Sequential(nn.Linear(1, 4))', 'logits = a(x)', 'loss = nn.BCELoss()(logits, y)', 'z = b(logits)']);
    assert.ok(g.rule === 'logits-into-probability-loss' && g.fix, JSON.stringify(g));
  });
  it('`torch.masked_fill(out, out <= 0.5, 0)` keeps one side too: a suggestion', () => {
    const found = lint(['import torch', 'import torch.nn as nn', 'model = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x)', 'q = torch.masked_fill(out, out <= 0.5, 0)']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions.length]), [['threshold-logits', undefined, 1]]);
  });
});

describe('round 34: the fourth wave', () => {
  before(() => initPython());
  const sig = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'out = model(x)'];
  it("guard: a module of one's own whose forward applies a loss is that loss: removing the model's sigmoid stays the safe fix", () => {
    const [f] = lint([...sig, 'class LC(nn.Module):', '    def forward(self, a, b):', '        return F.binary_cross_entropy_with_logits(a, b)', 'loss = LC()(out, y)']);
    assert.ok(f.rule === 'sigmoid-before-logits-loss' && f.fix, JSON.stringify(f));
  });
  it('guard: a loop over a loss and a regression loss that matches on the loss is not unrolled', () => {
    assert.deepStrictEqual(rules([...sig, 'crits = [nn.BCEWithLogitsLoss(), nn.MSELoss()]', 'loss = 0', 'for c in crits:', '    match c:', '        case nn.BCEWithLogitsLoss():', '            loss = loss + c(torch.logit(out), y)', '        case _:', '            loss = loss + c(out, y)']), []);
  });
  it('an nn.ModuleList item replaced or appended after the model was built makes its output unknown (the loss switch was a harmful safe fix)', () => {
    const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.layers = nn.ModuleList([nn.Linear(10, 10), nn.Linear(10, 1)])', '    def forward(self, x):', '        for l in self.layers:', '            x = l(x)', '        return x', 'model = Net()'];
    for (const edit of ['model.layers[1] = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'model.layers.append(nn.Sigmoid())']) {
      assert.deepStrictEqual(rules([...net, edit, 'loss = nn.BCELoss()(model(x), y)']), [], edit);
    }
  });
  it('`torch.mul(out, out > 0.5)` and `pred *= (out > 0.5)` keep one side: their rewrite is a suggestion', () => {
    const head = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x)'];
    for (const cut of [['pred = torch.mul(out, out > 0.5)'], ['pred = out.clone()', 'pred *= (out > 0.5)']]) {
      assert.deepStrictEqual(lint([...head, ...cut]).map((f) => [f.rule, f.fix, f.suggestions.length]), [['threshold-logits', undefined, 1]], cut.join('; '));
    }
  });
  it('an smp encoder frozen or given its own learning rate leaves the output known', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'import segmentation_models_pytorch as smp', 'model = smp.Unet("resnet34", classes=1)', 'for p in model.encoder.parameters():', '    p.requires_grad = False', 'opt = torch.optim.Adam([{"params": model.decoder.parameters(), "lr": 1e-3}])', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = (model(x) > 0.5).float()']), ['threshold-logits']);
  });
});

describe('round 34: one metric not in a list', () => {
  before(() => initPython());
  it("an output's own metric (`metrics={\"cls\": \"accuracy\"}`) and tf.keras 2's `metrics=\"accuracy\"` are read like a list of one", () => {
    const keras = (metrics) => ['from tensorflow import keras', 'inp = keras.Input((8,))', 'cls = keras.layers.Dense(1, name="cls")(inp)', 'model = keras.Model(inp, cls)', `model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=${metrics})`];
    for (const metrics of ['{"cls": "accuracy"}', '"accuracy"']) assert.deepStrictEqual(rules(keras(metrics)), ['accuracy-metric-on-logits'], metrics);
  });
});

