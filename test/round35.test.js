// Session 23 (red team round 35 and the leftovers of round 34). Every case fails on the session's
// first build but the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');

/** Each finding's rule and line, or with `fixes`, whether it carries a safe fix. */
function found(text, fixes) {
  const file = '/virtual/train.py';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => (fixes ? [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix'] : [f.ruleId, f.location.line]));
}
const rules = (text) => found(text).map(([rule]) => rule);

describe('round 35: copies and wrappers of a model', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)'];
  it("`nn.DataParallel(model).module` is the model it wraps", () => {
    assert.deepStrictEqual(found([...net, 'model = nn.DataParallel(Net())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model.module(x).argmax(dim=1)']), [['argmax-single-unit', 11]]);
    assert.deepStrictEqual(rules([...net, 'model = nn.parallel.DistributedDataParallel(Net().cuda(), device_ids=[0])', 'pred = model.module(x).argmax(1)']), ['argmax-single-unit']);
  });
  const fcNet = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)'];
  const sigHead = 'nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())';
  it('a head set where we cannot follow it (setattr by a name we do not know, __setattr__, a hook on a part) leaves the output unknown: no finding, no harmful fix', () => {
    for (const change of [`setattr(model, sys.argv[1], ${sigHead})`, 'for name, mod in list(model.named_children()):', `model.__setattr__("fc", ${sigHead})`, 'model.fc.register_forward_hook(lambda m, i, o: torch.sigmoid(o))']) {
      const lines = change.startsWith('for ') ? [change, '    setattr(model, name, nn.Sequential(mod, nn.Sigmoid()))'] : [change];
      assert.deepStrictEqual(rules([...fcNet, 'model = Net()', ...lines, 'loss = nn.BCELoss()(model(x), y)']), [], change);
    }
  });
  it('guard: a number set by `setattr` with a name we do not know changes no module: the finding stays', () => {
    assert.deepStrictEqual(rules([...fcNet, 'model = Net()', 'setattr(model, key, 0.1)', 'loss = nn.BCELoss()(model(x), y)']), ['logits-into-probability-loss']);
  });
  it("the model a wrapper holds, changed through it (`dp.module.fc = ...`, torch.compile's `_orig_mod`), is that model changed", () => {
    assert.deepStrictEqual(rules([...fcNet, 'model = nn.DataParallel(Net())', `model.module.fc = ${sigHead}`, 'loss = nn.BCELoss()(model(x), y)']), []);
    assert.deepStrictEqual(rules([...fcNet, 'compiled = torch.compile(Net())', 'raw = compiled._orig_mod', `raw.fc = ${sigHead}`, 'loss = nn.BCELoss()(compiled(x), y)']), []);
  });
  it('`model.module if hasattr(model, "module") else model` and `isinstance(model, nn.DataParallel)`: decided for a model we know', () => {
    const thr = ['loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = (m(x) > 0.5).long()'];
    assert.deepStrictEqual(rules([...fcNet, 'model = Net()', 'm = model.module if hasattr(model, "module") else model', ...thr]), ['threshold-logits']);
    assert.deepStrictEqual(rules([...fcNet, 'model = nn.DataParallel(Net())', 'm = model.module if isinstance(model, nn.DataParallel) else model', ...thr]), ['threshold-logits']);
  });
  it("guard: a Sequential reached through a copy or a wrapper that code indexes (`ema[1]`, `dp.module[:2]`): removing an item is no safe fix", () => {
    const seq = ['import copy', 'import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    for (const use of ['ema = copy.deepcopy(net)\nfeat = ema[:2](x)', 'dp = nn.DataParallel(net)\nhead = dp.module[2]', 'dp = nn.DataParallel(net)\nn = len(dp.module)']) {
      assert.deepStrictEqual(found([...seq, ...use.split('\n')], true), [['sigmoid-before-logits-loss', 5, 'no fix']], use);
    }
    assert.deepStrictEqual(found(seq, true), [['sigmoid-before-logits-loss', 5, 'fix']]);
  });
  it("`pred.type_as(label) > 0.5` reads the prediction's values: removing its sigmoid is no safe fix", () => {
    const seq = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'pred = net(x)', 'loss = nn.BCEWithLogitsLoss()(pred, y)'];
    assert.deepStrictEqual(found([...seq, 'acc = ((pred.type_as(y) > 0.5) == y).float().mean()'], true), [['sigmoid-before-logits-loss', 5, 'no fix']]);
  });
  it('guard: `.module` of a model not wrapped stays unknown (it may be a child of that name)', () => {
    assert.deepStrictEqual(rules([...net, 'model = Net()', 'pred = model.module(x).argmax(dim=1)', 'm2 = torch.compile(Net())', 'pred2 = m2.module(x).argmax(dim=1)']), []);
  });
  it('`copy.deepcopy` of an nn.Sequential (an EMA twin) is the same layers', () => {
    assert.deepStrictEqual(rules(['import copy', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', 'ema = copy.deepcopy(model)', 'acc = (ema(x).argmax(dim=1) == y).float().mean()']), ['argmax-single-unit']);
  });
  const keras = ['from tensorflow import keras', 'base = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])'];
  it('guard: `clone_model(model, clone_function=...)` may rebuild any layer: unknown', () => {
    assert.deepStrictEqual(rules(['from tensorflow import keras', 'base = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])', 'def strip(layer):', '    return layer.__class__.from_config({**layer.get_config(), "activation": "linear"})', 'm2 = keras.models.clone_model(base, clone_function=strip)', 'm2.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))']), []);
  });
  it('`keras.Model(model.inputs, model.outputs)` is a model of that output', () => {
    assert.deepStrictEqual(rules([...keras, 'm2 = keras.Model(inputs=base.inputs, outputs=base.outputs)', 'm2.compile(optimizer="adam", loss="binary_crossentropy")']), ['logits-into-probability-loss']);
  });
  it('`keras.models.clone_model` is the same layers, compiled on its own', () => {
    assert.deepStrictEqual(found([...keras, 'm2 = keras.models.clone_model(base)', 'm2.compile(optimizer="adam", loss="binary_crossentropy")']), [['logits-into-probability-loss', 4]]);
  });
  it("the clone's loss is its own: the base trained with from_logits=True stays clean, and its activation gets no safe fix", () => {
    assert.deepStrictEqual(rules([...keras, 'base.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'm2 = keras.models.clone_model(base)', 'm2.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))']), []);
    const both = found([...keras, 'base.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'm2 = keras.models.clone_model(base)', 'm2.compile(loss="binary_crossentropy")'], true);
    assert.deepStrictEqual(both, [['logits-into-probability-loss', 5, 'no fix']]);
  });
});

describe('round 35: losses written other ways', () => {
  before(() => initPython());
  const sig = ['import functools', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])'];
  it('`functools.partial(keras.losses.binary_crossentropy, from_logits=True)` is that loss', () => {
    assert.deepStrictEqual(found([...sig, 'loss = functools.partial(keras.losses.binary_crossentropy, from_logits=True)', 'model.compile(optimizer="adam", loss=loss)']), [['sigmoid-before-logits-loss', 5]]);
  });
  it("the fix of a partial loss edits the partial's from_logits (it wrote a loss object inside the partial)", () => {
    const file = '/virtual/train.py';
    const text = ['import functools', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])', 'loss_fn = functools.partial(keras.losses.binary_crossentropy, from_logits=False)', 'model.compile(optimizer="adam", loss=loss_fn)'].join('\n');
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
    const fixed = [...r.findings[0].fix.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
    assert.ok(fixed.includes('functools.partial(keras.losses.binary_crossentropy, from_logits=True)'), fixed);
  });
  it('guard: from_logits given again where the partial is called wins: unknown', () => {
    assert.deepStrictEqual(rules([...sig, 'loss_fn = functools.partial(keras.losses.binary_crossentropy, from_logits=True)', 'def step(x, y):', '    return loss_fn(y, model(x), from_logits=False)']), []);
  });
  it('guard: a partial with from_logits=False on a sigmoid model, or one binding more positions, is clean or unknown', () => {
    assert.deepStrictEqual(rules([...sig, 'loss = functools.partial(keras.losses.binary_crossentropy, from_logits=False, label_smoothing=0.1)', 'model.compile(loss=loss)']), []);
    assert.deepStrictEqual(rules([...sig, 'loss = functools.partial(keras.losses.binary_crossentropy, y_true, from_logits=True)', 'model.compile(loss=loss)']), []);
  });
  const torch = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'crits = [nn.BCEWithLogitsLoss(), nn.MSELoss()]', 'out = model(x)'];
  it('`for w, c in zip(weights, crits)` applies each loss', () => {
    assert.deepStrictEqual(rules([...torch, 'loss = 0', 'for w, c in zip([1.0, 0.5], crits):', '    loss = loss + w * c(out, y)']), ['sigmoid-before-logits-loss']);
  });
  it('`sum(c(out, y) for c in crits)` applies each loss', () => {
    assert.deepStrictEqual(rules([...torch, 'total = sum(c(out, y) for c in crits)']), ['sigmoid-before-logits-loss']);
  });
  it('`for k in criteria: criteria[k](out, y)` over a dict of losses applies each', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'criteria = {"bce": nn.BCEWithLogitsLoss(), "mse": nn.MSELoss()}', 'out = model(x)', 'total = 0', 'for k in criteria:', '    total = total + criteria[k](out, y)']), ['sigmoid-before-logits-loss']);
  });
  it('`sum(crits[k](out, y) for k in crits)` over a dict of losses applies each', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'crits = {"bce": nn.BCEWithLogitsLoss(), "mse": nn.MSELoss()}', 'out = model(x)', 'total = sum(crits[k](out, y) for k in crits)']), ['sigmoid-before-logits-loss']);
  });
  it('guard: an element that tests which loss it has, or a zip with an unknown side, is not followed per item', () => {
    assert.deepStrictEqual(rules([...torch, 'total = sum(c(out, y) if isinstance(c, nn.MSELoss) else c(out.logit(), y) for c in crits)']), []);
    assert.deepStrictEqual(rules([...torch, 'for w, c in zip(weights, get_losses()):', '    loss = w * c(out, y)']), []);
  });
});

describe('round 35: one sample of a batch of one', () => {
  before(() => initPython());
  it('`model(img[None]).squeeze(0).argmax(0)` on a one-channel map is `[0]`: always 0', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'mask = model(img.unsqueeze(0)).squeeze(0).argmax(0)']), ['argmax-single-unit']);
  });
  it('guard: squeeze(0) of a batch not known to be one, or of a row of 3 classes, says nothing', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 1, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'mask = model(imgs).squeeze(0).argmax(0)']), []);
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))', 'loss = nn.CrossEntropyLoss()(model(x), y)', 'cls = model(v.unsqueeze(0)).squeeze(0).argmax(0)']), []);
  });
});

describe('round 35: a subclassed Keras model returning several heads', () => {
  before(() => initPython());
  const cls = (act, ret) => ['from tensorflow import keras', 'class TwoHead(keras.Model):', '    def __init__(self):', '        super().__init__()', '        self.body = keras.layers.Dense(32, activation="relu")', `        self.cls = keras.layers.Dense(1${act})`, '        self.reg = keras.layers.Dense(1)', '    def call(self, x):', '        h = self.body(x)', `        return ${ret}`, 'model = TwoHead()'];
  it('a list of losses is one per returned head', () => {
    assert.deepStrictEqual(found([...cls('', 'self.cls(h), self.reg(h)'), 'model.compile(optimizer="adam", loss=["binary_crossentropy", "mse"])']), [['logits-into-probability-loss', 12]]);
  });
  it('a dict of losses is keyed by the returned dict', () => {
    assert.deepStrictEqual(rules([...cls(', activation="sigmoid"', '{"cls": self.cls(h), "reg": self.reg(h)}'), 'model.compile(loss={"cls": keras.losses.BinaryCrossentropy(from_logits=True), "reg": "mse"})']), ['sigmoid-before-logits-loss']);
  });
  it('guard: a dict of heads takes a list of losses in sorted key order, as Keras flattens it', () => {
    // {"ctr": sigmoid, "aux": regression}: sorted, the list is [aux, ctr].
    assert.deepStrictEqual(rules([...cls(', activation="sigmoid"', '{"ctr": self.cls(h), "aux": self.reg(h)}'), 'model.compile(loss=["mse", "binary_crossentropy"])']), []);
  });
  it('a functional model with a dict of outputs: the same order', () => {
    const f = ['from tensorflow import keras', 'inp = keras.Input(shape=(8,))', 'h = keras.layers.Dense(16, activation="relu")(inp)', 'model = keras.Model(inp, {"ctr": keras.layers.Dense(1, activation="sigmoid")(h), "aux": keras.layers.Dense(1)(h)})'];
    assert.deepStrictEqual(rules([...f, 'model.compile(loss=["mse", "binary_crossentropy"])']), []);
    assert.deepStrictEqual(rules([...f, 'model.compile(loss=["binary_crossentropy", "mse"])']), ['logits-into-probability-loss']);
  });
  it('guard: each head judged by its own loss: the regression head under mse and a sigmoid head under binary_crossentropy are clean', () => {
    assert.deepStrictEqual(rules([...cls(', activation="sigmoid"', 'self.cls(h), self.reg(h)'), 'model.compile(loss=["binary_crossentropy", "mse"])', 'p = model.predict(x)[0] > 0.5']), []);
  });
});

describe('round 35: fix safety', () => {
  before(() => initPython());
  const gan = (target) => ['import torch', 'import torch.nn as nn', 'class GANLoss(nn.Module):', '    def __init__(self):', '        super().__init__()', "        self.register_buffer('real_label', torch.tensor(1.0))", '        self.loss = nn.BCEWithLogitsLoss()', '    def __call__(self, prediction):', `        target = ${target}`, '        return self.loss(prediction, target)', 'netD = nn.Sequential(nn.Conv2d(3, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 1, 4, 1, 1), nn.Sigmoid())', 'loss = GANLoss()(netD(fake))'];
  it("CycleGAN's `self.real_label.expand_as(prediction)` reads the prediction's shape only: removing the sigmoid stays a safe fix", () => {
    assert.deepStrictEqual(found(gan('self.real_label.expand_as(prediction)'), true), [['sigmoid-before-logits-loss', 10, 'fix']]);
  });
  it('guard: a target computed from the prediction by code we do not see keeps it a suggestion', () => {
    assert.deepStrictEqual(found(gan('self.real_label.smooth(prediction)'), true), [['sigmoid-before-logits-loss', 10, 'no fix']]);
  });
});

describe("round 35: Lightning's trainer.predict", () => {
  before(() => initPython());
  const lit = (step) => ['import torch', 'import torch.nn as nn', 'import lightning.pytorch as pl', 'class Lit(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', '        self.net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', '    def forward(self, x):', '        return self.net(x)', '    def training_step(self, batch, batch_idx):', '        x, y = batch', '        return nn.functional.binary_cross_entropy_with_logits(self(x), y)', ...step, 'model = Lit()', 'trainer = pl.Trainer(max_epochs=3)', 'trainer.fit(model, train_dl)'];
  it('is the list of what predict_step returns (or forward, by default)', () => {
    const step = ['    def predict_step(self, batch, batch_idx):', '        x, y = batch', '        return self(x)'];
    assert.deepStrictEqual(found([...lit(step), 'preds = torch.cat(trainer.predict(model, test_dl))', 'labels = (preds > 0.5).int()']), [['threshold-logits', 20]]);
    assert.deepStrictEqual(rules([...lit([]), 'preds = torch.cat(trainer.predict(model, dataloaders=test_dl))', 'labels = (preds > 0.5).int()']), ['threshold-logits']);
  });
  it('guard: a predict_step that applies the sigmoid, or a model that is no LightningModule, says nothing', () => {
    const step = ['    def predict_step(self, batch, batch_idx):', '        return torch.sigmoid(self(batch[0]))'];
    assert.deepStrictEqual(rules([...lit(step), 'preds = torch.cat(trainer.predict(model, test_dl))', 'labels = (preds > 0.5).int()']), []);
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'preds = torch.cat(runner.predict(model, test_dl))', 'labels = (preds > 0.5).int()']), []);
  });
});

describe('round 35: code that runs for several models', () => {
  before(() => initPython());
  const head = (kw, cls) => ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', `    def __init__(self, d, ${kw}):`, '        super().__init__()', '        self.fc = nn.Linear(d, 1)', `        self.act = ${cls}`, '    def forward(self, x):', '        return self.act(self.fc(x))'];
  it("an activation given to __init__ (a sigmoid for one instance, a ReLU for another): the finding stays, no fix removes the call for both", () => {
    const text = [...head('act_cls=nn.Sigmoid', 'act_cls()'), 'prob = Head(4)', 'loss1 = nn.BCEWithLogitsLoss()(prob(x), y)', 'reg = Head(4, act_cls=nn.ReLU)', 'loss2 = nn.MSELoss()(reg(x), t)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 11, 'no fix']]);
    const byName = ['ACTS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU}', ...head('activation="sigmoid"', 'ACTS[activation]()').slice(2), 'ctr = Head(4)', 'l1 = nn.BCEWithLogitsLoss()(ctr(x), y)', 'gmv = Head(4, activation="relu")', 'l2 = nn.MSELoss()(gmv(x), t)'];
    assert.deepStrictEqual(found(['import torch', 'import torch.nn as nn', ...byName], true), [['sigmoid-before-logits-loss', 12, 'no fix']]);
  });
  it('… nor when the other instance holds a module of its own there', () => {
    const text = [...head('act_cls=nn.Sigmoid', 'act_cls()'), 'class Scale(nn.Module):', '    def forward(self, x):', '        return 2 * x', 'prob = Head(4)', 'loss1 = nn.BCEWithLogitsLoss()(prob(x), y)', 'reg = Head(4, act_cls=Scale)', 'loss2 = nn.MSELoss()(reg(x), t)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 14, 'no fix']]);
  });
  it('guard: `self.fc(h).sigmoid()` (a call of a layer inside the activation) is one place, the activation another', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x).sigmoid()', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 10, 'fix']]);
  });
  it('removing an in-place `out.sigmoid_()` statement deletes the line (it left a bare `out`)', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class A(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        out = self.fc(x)', '        out.sigmoid_()', '        return out', 'model = A()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    const file = '/virtual/train.py';
    const source = text.join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? source : undefined) });
    const fix = r.findings[0].fix;
    assert.ok(fix && fix.safe, 'a safe fix');
    const edits = [...fix.edits].sort((a, b) => b.start - a.start);
    const after = edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), source);
    assert.ok(!/^\s*out\s*$/m.test(after) && !/sigmoid_/.test(after), after);
  });
  it('an in-place `h.sigmoid_()` of a tensor another name took before (`probs = h`): removing it changes that name too, no safe fix', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class A(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        h = self.fc(x)', '        probs = h', '        h.sigmoid_()', '        self.pred = (probs > 0.5).float()', '        return h', 'model = A()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 14, 'no fix']]);
  });
  it('guard: with every instance a sigmoid, removing it stays the safe fix', () => {
    const text = [...head('act_cls=nn.Sigmoid', 'act_cls()'), 'a = Head(4)', 'b = Head(8)', 'loss1 = nn.BCEWithLogitsLoss()(a(x), y)', 'loss2 = nn.BCEWithLogitsLoss()(b(z), y)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 12, 'fix'], ['sigmoid-before-logits-loss', 13, 'fix']]);
  });
  const keras = ['import tensorflow as tf', 'from tensorflow import keras', 'def build(act):', '    return keras.Sequential([keras.layers.Dense(64, activation="relu", input_shape=(8,)), keras.layers.Dense(10, activation=act)])'];
  const step = (def) => [`def train(model, loss_fn=${def}):`, '    def step(x, y):', '        with tf.GradientTape() as tape:', '            loss = loss_fn(y, model(x, training=True))', '        return loss', '    return step'];
  it('a training step defined inside a function runs for each call of it: both callers are judged, and the loss they share is not switched', () => {
    for (const order of [['None', '"softmax"'], ['"softmax"', 'None']]) {
      const text = [...keras, ...step('keras.losses.SparseCategoricalCrossentropy(from_logits=False)'), ...order.map((a) => `train(build(${a}))`)];
      assert.deepStrictEqual(found(text, true), [['logits-into-probability-loss', 8, 'no fix']], order.join(' then '));
    }
  });
  it('… a module-level loss used by such a step too', () => {
    const text = [...keras, 'loss_fn = keras.losses.SparseCategoricalCrossentropy()', 'def make_step(model):', '    def step(x, y):', '        return loss_fn(y, model(x, training=True))', '    return step', 'make_step(build("softmax"))', 'make_step(build(None))'];
    assert.deepStrictEqual(found(text, true), [['logits-into-probability-loss', 8, 'no fix']]);
  });
});

describe('round 35: Keras lists of layers, merge layers, predict_generator', () => {
  before(() => initPython());
  const net = (build) => ['import tensorflow as tf', 'from tensorflow.keras.layers import Dense', 'class Net(tf.keras.Model):', '    def __init__(self, dims=(64, 32)):', '        super().__init__()', ...build, '    def call(self, x):', '        for layer in self.fc:', '            x = layer(x)', '        return x', 'model = Net()', 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
  it('a list grown in a loop and ended by a known layer: a loop over it ends with that layer', () => {
    assert.deepStrictEqual(rules(net(['        self.fc = []', '        for d in dims:', '            self.fc.append(Dense(d, activation="relu"))', '        self.fc.append(Dense(1))'])), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rules(net(['        self.fc = [Dense(d, activation="relu") for d in dims] + [Dense(1)]'])), ['logits-into-probability-loss']);
  });
  it('an nn.ModuleList grown in a loop and ended by known layers (appended, or made of such a list): a loop over it ends with them', () => {
    const mlp = (build) => ['import torch.nn as nn', 'class MLP(nn.Module):', '    def __init__(self, dims):', '        super().__init__()', ...build, '    def forward(self, x):', '        for layer in self.layers:', '            x = layer(x)', '        return x', 'model = MLP([32, 16])', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(rules(mlp(['        self.layers = nn.ModuleList()', '        for h in dims:', '            self.layers.append(nn.Linear(16, h))', '        self.layers.append(nn.Linear(16, 1))', '        self.layers.append(nn.Sigmoid())'])), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(rules(mlp(['        layers = []', '        for h in dims:', '            layers.append(nn.Linear(16, h))', '        layers += [nn.Linear(16, 1), nn.Sigmoid()]', '        self.layers = nn.ModuleList(layers)'])), ['sigmoid-before-logits-loss']);
  });
  it('guard: a ModuleList whose last layer is appended under a condition is unknown at its end', () => {
    const text = ['import torch.nn as nn', 'class MLP(nn.Module):', '    def __init__(self, dims, probs=False):', '        super().__init__()', '        self.layers = nn.ModuleList()', '        for h in dims:', '            self.layers.append(nn.Linear(16, h))', '        self.layers.append(nn.Linear(16, 1))', '        if probs:', '            self.layers.append(nn.Sigmoid())', '    def forward(self, x):', '        for layer in self.layers:', '            x = layer(x)', '        return x', 'model = MLP([32, 16], probs=cfg.probs)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(rules(text), []);
  });
  it('`self.fc[1:]` keeps the known end; `self.fc[-1]` is the last layer appended', () => {
    const text = net(['        self.fc = [Dense(d, activation="relu") for d in dims]', '        self.fc.append(Dense(1))']).map((l) => l.replace('for layer in self.fc:', 'x = self.fc[0](x)\n        for layer in self.fc[1:]:'));
    assert.deepStrictEqual(rules(text.join('\n').split('\n')), ['logits-into-probability-loss']);
    const last = ['from tensorflow import keras', 'fc = [keras.layers.Dense(d) for d in dims]', 'fc.append(keras.layers.Dense(1, activation="sigmoid"))', 'head = fc[-1]', 'model = keras.Sequential([keras.Input(shape=(8,)), head])', 'model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))'];
    assert.deepStrictEqual(rules(last), ['sigmoid-before-logits-loss']);
  });
  it('guard: a loop that leaves early, or a list whose end is not known, is not followed to its end', () => {
    assert.deepStrictEqual(rules(net(['        self.fc = [Dense(d, activation="relu") for d in dims]', '        self.fc.append(Dense(1))']).map((l) => l.replace('            x = layer(x)', '            x = layer(x)\n            if x.shape[-1] == 1: break')).join('\n').split('\n')), []);
    assert.deepStrictEqual(rules(net(['        self.fc = [Dense(d, activation="relu") for d in dims]'])), []);
  });
  const wide = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'import tensorflow as tf', 'wide_in = keras.Input(shape=(100,))', 'deep_in = keras.Input(shape=(20,))', 'wide = layers.Dense(1)(wide_in)', 'deep = layers.Dense(1)(layers.Dense(32, activation="relu")(deep_in))'];
  it('`layers.Add()([wide, deep])`, `layers.add`, `tf.add` of two logit heads are logits', () => {
    for (const out of ['layers.Add()([wide, deep])', 'layers.add([wide, deep])', 'tf.add(wide, deep)', 'layers.Average()([wide, deep])']) {
      assert.deepStrictEqual(rules([...wide, `out = ${out}`, 'model = keras.Model([wide_in, deep_in], out)', 'model.compile(optimizer="adam", loss="binary_crossentropy")']), ['logits-into-probability-loss'], out);
    }
  });
  it('guard: a sum with a sigmoid term, or over an unknown list, is unknown', () => {
    assert.deepStrictEqual(rules([...wide, 'out = layers.Add()([wide, layers.Dense(1, activation="sigmoid")(deep)])', 'model = keras.Model([wide_in, deep_in], out)', 'model.compile(loss="binary_crossentropy")']), []);
    assert.deepStrictEqual(rules([...wide, 'out = layers.Add()(heads)', 'model = keras.Model([wide_in, deep_in], out)', 'model.compile(loss="binary_crossentropy")']), []);
  });
  it("Keras 3's JAX loop: `y_pred, ntv = model.stateless_call(tv, ntv, x)` is the model's output", () => {
    assert.deepStrictEqual(rules(['import keras', 'model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', 'loss_fn = keras.losses.BinaryCrossentropy()', 'def compute_loss(tv, ntv, x, y):', '    y_pred, ntv = model.stateless_call(tv, ntv, x)', '    return loss_fn(y, y_pred), ntv']), ['logits-into-probability-loss']);
  });
  it("Keras 2's `model.predict_generator` is a prediction", () => {
    const m = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=(8,)), keras.layers.Dense(1, activation="sigmoid")])', 'model.compile(loss="binary_crossentropy")'];
    assert.deepStrictEqual(rules([...m, 'pred = np.argmax(model.predict_generator(gen, 100), axis=1)']), ['argmax-single-unit']);
  });
});

describe('round 35: the sigmoid suggestion on a NumPy array', () => {
  before(() => initPython());
  it('`pred = out.cpu().numpy()` then `pred.round()`: the suggestion makes it a tensor again (torch.sigmoid of an array raises)', () => {
    const file = '/virtual/train.py';
    const text = ['import torch', 'import torch.nn as nn', 'net = nn.Sequential(nn.Conv2d(8, 1, 1))', 'loss = nn.BCEWithLogitsLoss()(net(x), y)', 'pred = net(x).cpu().detach().numpy()', 'pred = pred.round()'].join('\n');
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    const edits = r.findings.flatMap((f) => f.suggestions.flatMap((s) => s.edits.map((e) => e.text)));
    assert.ok(edits.includes('torch.sigmoid(torch.as_tensor(pred)).numpy()'), JSON.stringify(edits));
  });
});

describe('round 35: an output compared with data', () => {
  before(() => initPython());
  const ae = ['import torch', 'import torch.nn as nn', 'class AE(nn.Module):', '    def __init__(self, d):', '        super().__init__()', '        self.enc = nn.Sequential(nn.Linear(d, 8), nn.ReLU())', '        self.dec = nn.Sequential(nn.Linear(8, d))', '    def forward(self, x):', '        return self.dec(self.enc(x))', 'ae = AE(29)', 'x = torch.rand(10, 29)', 'recon = ae(x)', 'loss = nn.BCELoss()(recon, x)'];
  it("an autoencoder's reconstruction error (`recon - x`) reads the output as it is: switching its loss to one on logits is no safe fix", () => {
    assert.deepStrictEqual(found([...ae, 'err = ((recon - x) ** 2).mean(1)'], true), [['logits-into-probability-loss', 13, 'no fix']]);
  });
  it('guard: without it the switch stays the safe fix', () => {
    assert.deepStrictEqual(found(ae, true), [['logits-into-probability-loss', 13, 'fix']]);
  });
});

describe("round 35: a torchvision model's head read on its own", () => {
  before(() => initPython());
  const tl = ['import torch', 'import torch.nn as nn', 'from torchvision import models', 'model = models.resnet18(weights="DEFAULT")', 'model.fc = nn.Sequential(nn.Linear(model.fc.in_features, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x).squeeze(1), y)'];
  it('called alone, saved alone or kept in a checkpoint: removing its sigmoid is no safe fix', () => {
    for (const use of ['p = (model.fc(feats) > 0.5).long()', 'torch.save(model.fc, "head.pt")', 'torch.save({"head": model.fc, "backbone": model.state_dict()}, "ckpt.pth")']) {
      assert.deepStrictEqual(found([...tl, use], true), [['sigmoid-before-logits-loss', 6, 'no fix']], use);
    }
  });
  it('guard: looked into (in_features, parameters() for the optimiser or for freezing), the fix stays safe', () => {
    const uses = ['opt = torch.optim.Adam(model.fc.parameters(), lr=1e-3)', 'for p in model.fc.parameters():', '    p.requires_grad = True'];
    assert.deepStrictEqual(found([...tl, ...uses], true), [['sigmoid-before-logits-loss', 6, 'fix']]);
  });
});

describe('round 35: library models', () => {
  before(() => initPython());
  it('a normalisation after the last Dense: no suggestion adds the sigmoid to that Dense (the output would still not be probabilities)', () => {
    const file = '/virtual/train.py';
    const text = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=(8,)), keras.layers.Dense(1), keras.layers.BatchNormalization()])', 'model.compile(optimizer="adam", loss="binary_crossentropy")'].join('\n');
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
    assert.ok(!(r.findings[0].suggestions ?? []).some((s) => /activation='sigmoid'/.test(s.title)), JSON.stringify(r.findings[0].suggestions));
  });
  it('a BatchNorm after a sigmoid leaves values that are no probabilities: nothing said', () => {
    assert.deepStrictEqual(rules(['import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid(), nn.BatchNorm1d(1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), []);
  });
  const gnn = (last, ret) => ['import torch', 'import torch.nn.functional as F', 'from torch_geometric.nn import GCNConv, GATConv', 'class Net(torch.nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.conv1 = GCNConv(1433, 16)', `        self.conv2 = ${last}`, '    def forward(self, x, edge_index):', '        x = F.relu(self.conv1(x, edge_index))', `        return ${ret}`, 'model = Net()', 'out = model(x, edge_index)'];
  it("PyTorch Geometric's last graph convolution outputs logits (GCNConv, GATConv with its heads)", () => {
    assert.deepStrictEqual(rules([...gnn('GCNConv(16, 7)', 'self.conv2(x, edge_index)'), 'loss = F.nll_loss(out[mask], y[mask])']), ['nll-loss-input']);
    assert.deepStrictEqual(rules([...gnn('GATConv(16, 1, heads=1)', 'self.conv2(x, edge_index)'), 'loss = F.binary_cross_entropy_with_logits(out, y)', 'pred = out.argmax(dim=1)']), ['argmax-single-unit']);
  });
  it('rows picked by a boolean mask (`out[data.train_mask]`) keep the class axis', () => {
    assert.deepStrictEqual(rules([...gnn('GCNConv(16, 1)', 'self.conv2(x, edge_index)'), 'loss = F.cross_entropy(out[data.train_mask], data.y[data.train_mask])', 'pred = out[data.test_mask].argmax(dim=1)']), ['categorical-loss-single-unit', 'argmax-single-unit']);
  });
  it("guard: the tutorial's log_softmax, and GATConv's concatenated heads, say nothing", () => {
    assert.deepStrictEqual(rules([...gnn('GCNConv(16, 7)', 'F.log_softmax(self.conv2(x, edge_index), dim=1)'), 'loss = F.nll_loss(out[mask], y[mask])', 'pred = out.argmax(dim=1)']), []);
    assert.deepStrictEqual(rules([...gnn('GATConv(16, 1, heads=8)', 'self.conv2(x, edge_index)'), 'loss = F.cross_entropy(out, y)', 'pred = out.argmax(dim=1)']), []);
  });
  it('`torchvision.models.get_model("resnet18", num_classes=1)` outputs one logit', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torchvision', 'model = torchvision.models.get_model("resnet18", num_classes=1)', 'loss = torch.nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model(x).argmax(dim=1)']), ['argmax-single-unit']);
  });
  it('guard: get_model of a name not known, or without num_classes, is unknown', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torchvision', 'model = torchvision.models.get_model(arch, num_classes=1)', 'loss = torch.nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model(x).argmax(dim=1)', 'm2 = torchvision.models.get_model("resnet18")', 'l2 = torch.nn.BCEWithLogitsLoss()(m2(x), y)', 'p2 = m2(x).argmax(dim=1)']), []);
  });
  it('timm: `create_model(..., num_classes=1)` is one logit; a head assigned by its architecture, or `reset_classifier(1)`, too', () => {
    const t = ['import timm', 'import torch', 'import torch.nn as nn'];
    assert.deepStrictEqual(rules([...t, 'model = timm.create_model("efficientnet_b0", pretrained=True, num_classes=1)', 'loss = nn.CrossEntropyLoss()(model(x), y)']), ['categorical-loss-single-unit']);
    assert.deepStrictEqual(rules([...t, 'model = timm.create_model("tf_efficientnet_b4_ns", pretrained=True)', 'model.classifier = nn.Sequential(nn.Linear(model.classifier.in_features, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(rules([...t, 'model = timm.create_model("resnet50", pretrained=True)', 'model.reset_classifier(1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model(x).argmax(dim=1)']), ['argmax-single-unit']);
  });
  it('guard: timm without num_classes (1,000 ImageNet classes), a name we do not know with a head assigned, a distilled DeiT: unknown', () => {
    const t = ['import timm', 'import torch', 'import torch.nn as nn'];
    assert.deepStrictEqual(rules([...t, 'model = timm.create_model("resnet50", pretrained=True)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model(x).argmax(dim=1)']), []);
    assert.deepStrictEqual(rules([...t, 'model = timm.create_model(cfg.arch, pretrained=True)', 'model.head = nn.Sequential(nn.Linear(768, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), []);
    assert.deepStrictEqual(rules([...t, 'model = timm.create_model("deit_base_distilled_patch16_224", num_classes=1)', 'pred = model(x).argmax(dim=1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), []);
  });
  it('smp `activation=nn.Sigmoid` (a class) is the sigmoid it constructs', () => {
    assert.deepStrictEqual(rules(['import torch.nn as nn', 'import segmentation_models_pytorch as smp', 'model = smp.Unet("resnet34", classes=1, activation=nn.Sigmoid)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), ['sigmoid-before-logits-loss']);
  });
  it('smp `activation=nn.Identity` is no activation; a class of its own is unknown', () => {
    assert.deepStrictEqual(rules(['import torch.nn as nn', 'import segmentation_models_pytorch as smp', 'model = smp.Unet("resnet34", classes=1, activation=nn.Identity)', 'loss = nn.BCELoss()(model(x), y)']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rules(['import torch.nn as nn', 'import segmentation_models_pytorch as smp', 'class Act(nn.Module):', '    pass', 'model = smp.Unet("resnet34", classes=1, activation=Act)', 'loss = nn.BCELoss()(model(x), y)']), []);
  });
});

describe("round 35: the numeric check trains PyTorch's cross-entropy with PyTorch's gradient", () => {
  const { makeLoss } = require('../out/server/check/losses');
  const { planReplica } = require('../out/server/check/replica');
  const tf = require('@tensorflow/tfjs');
  /** The gradient of the loss at `logits` for `labels` (both [batch, units]). */
  const grad = (spec, labels, logits) => tf.tidy(() => Array.from(tf.grad((p) => makeLoss(tf, spec)(tf.tensor2d(labels), p))(tf.tensor2d(logits)).dataSync()));
  it('over one unit its gradient is 0, as in PyTorch (the fused tfjs gradient is not)', () => {
    const labels = [[0], [1], [0]];
    const logits = [[0.3], [-1.2], [2.0]];
    assert.ok(grad({ id: 'softmaxCrossEntropy', swapped: false, torch: true }, labels, logits).every((g) => Math.abs(g) < 1e-7));
    assert.ok(grad({ id: 'softmaxCrossEntropy', swapped: false }, labels, logits).some((g) => Math.abs(g) > 0.1));
  });
  it('guard: over several units with one-hot labels both give the same gradient', () => {
    const labels = [[0, 1, 0], [1, 0, 0]];
    const logits = [[0.3, -0.2, 1.1], [2.0, 0.5, -1.0]];
    const a = grad({ id: 'softmaxCrossEntropy', swapped: false, torch: true }, labels, logits);
    const b = grad({ id: 'softmaxCrossEntropy', swapped: false }, labels, logits);
    a.forEach((g, i) => assert.ok(Math.abs(g - b[i]) < 1e-6, `${g} vs ${b[i]}`));
  });
  it('a one-unit softmax under a sparse categorical loss: the report says class 1 is out of range there, and that the activation fix alone falls short', () => {
    const facts = { framework: 'keras', inputWidth: 8, layers: [{ kind: 'dense', units: 16, activation: 'relu' }, { kind: 'dense', units: 1, activation: 'softmax' }], lossKind: { expects: 'probabilities', family: 'sparse', display: "'sparse_categorical_crossentropy'" } };
    const plan = planReplica({ ruleId: 'softmax-single-unit', facts });
    assert.ok(plan.notes.some((n) => /has no class 1: TensorFlow stops/.test(n) && /fix alone fall short/.test(n)), plan.notes.join('\n'));
    const binary = planReplica({ ruleId: 'softmax-single-unit', facts: { ...facts, lossKind: { expects: 'probabilities', family: 'binary', display: "'binary_crossentropy'" } } });
    assert.ok(!binary.notes.some((n) => /has no class 1/.test(n)), binary.notes.join('\n'));
  });
  it("a PyTorch finding's replica uses it and says why; a Keras one keeps the fused loss", () => {
    const facts = (framework) => ({ framework, inputWidth: 8, layers: [{ kind: 'dense', units: 16, activation: 'relu' }, { kind: 'dense', units: 1 }], lossKind: { expects: 'logits', family: 'categorical', display: framework === 'pytorch' ? 'nn.CrossEntropyLoss' : 'CategoricalCrossentropy(from_logits=True)' } });
    const torch = planReplica({ ruleId: 'categorical-loss-single-unit', facts: facts('pytorch') });
    assert.strictEqual(torch.written.loss.torch, true);
    assert.ok(torch.notes.some((n) => /Target 1 is out of bounds/.test(n)), torch.notes.join('\n'));
    const keras = planReplica({ ruleId: 'categorical-loss-single-unit', facts: facts('keras') });
    assert.strictEqual(keras.written.loss.id, 'softmaxCrossEntropy');
    assert.strictEqual(keras.written.loss.torch, undefined);
  });
});

describe('round 35: where a syntax error is', () => {
  before(() => initPython());
  it('a comment after a statement is not the error: the stray token further down is', () => {
    const file = '/virtual/train.py';
    const text = ['import torch.nn as nn', 'head = nn.Linear(8, 3)  # fixed', 'def train(model):', '    return model', 'plt.legend()l', 'plt.show()'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    const where = r.problems.filter((p) => p.fatal).map((p) => [p.line, p.message]);
    assert.strictEqual(where.length, 1, JSON.stringify(where));
    assert.strictEqual(where[0][0], 5, JSON.stringify(where));
  });
});

describe("round 35: IPython's %store", () => {
  before(() => initPython());
  const nbOf = (lines) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: 1, source: lines.map((l) => l + '\n') }] });
  const lintNb = (lines) => {
    const file = '/virtual/a.ipynb';
    const text = nbOf(lines);
    return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }).findings.map((f) => [f.ruleId, f.fix ? 'fix' : 'no fix']);
  };
  const base = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  it('`%store model` hands the model to other notebooks: removing its sigmoid is no safe fix', () => {
    assert.deepStrictEqual(lintNb([...base, '%store model']), [['sigmoid-before-logits-loss', 'no fix']]);
  });
  it('`%store -r model` rebinds the model to one we do not know (and without %store the fix is safe)', () => {
    assert.deepStrictEqual(lintNb(base), [['sigmoid-before-logits-loss', 'fix']]);
    const logits = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(lintNb([...logits, 'pred = (model(x) > 0.5).long()']).map(([r]) => r), ['threshold-logits']);
    assert.deepStrictEqual(lintNb([...logits, '%store -r model', 'pred = (model(x) > 0.5).long()']), []);
  });
});

describe("round 35: tfjs's inputLayer", () => {
  it('`tf.layers.inputLayer({inputShape: [10]})` first gives the model its input rank: argMax(1) on one unit is reported', () => {
    const file = '/virtual/app.js';
    const text = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', 'model.add(tf.layers.inputLayer({ inputShape: [10] }));', "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'export const classify = (v) => model.predict(tf.tensor2d([v])).argMax(1).dataSync()[0];'].join('\n');
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['argmax-single-unit']);
  });
});
