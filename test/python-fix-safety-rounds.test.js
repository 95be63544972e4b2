// Fix safety, red team rounds 14–15: names a fix writes, softmax-trained columns, loss calls reached
// both ways round, soft targets cut from the gradient, exports, Keras suggestions. Each case pairs
// the shape that withholds the fix with one where it stays.
const assert = require('assert');
const { lintProject, initPython } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

describe('python fix safety: names a fix writes (red team round 14)', () => {
  before(() => initPython());
  // No metric: one the fix could not rewrite would make the switch a suggestion whatever the names.
  const model = ['model = models.Sequential([layers.Input((10,)), layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")'];
  const fixOf = (lines) => lint(lines).find((f) => f.rule === 'logits-into-probability-loss')?.fix;

  it('a loss class is written with the file\'s own import when nothing else binds that name', () => {
    assert.match(fixOf(['from tensorflow.keras import layers, losses, models', ...model]) ?? '', /BinaryCrossentropy\(from_logits=True\)/);
    assert.match(fixOf(['import tensorflow as tf', 'from tensorflow.keras import layers, models', ...model]) ?? '', /BinaryCrossentropy/);
    // Bound twice, by two imports of Keras: either means the module.
    assert.match(fixOf(['from tensorflow import keras', 'import keras', 'from keras import layers, models', ...model]) ?? '', /BinaryCrossentropy\(from_logits=True\)/);
  });
  it('no fix where that name is rebound (a loss history), imported inside another function, shadowed by a parameter, or imported after the place', () => {
    const cases = {
      'rebound': ['from tensorflow.keras import layers, losses, models', 'losses = []', ...model],
      'rebound in a function the compile is in': ['from tensorflow.keras import layers, losses, models', 'def train():', '    losses = []', ...model.map((l) => `    ${l}`)],
      'under if TYPE_CHECKING': ['from typing import TYPE_CHECKING', 'from tensorflow.keras import layers, models', 'if TYPE_CHECKING:', '    from tensorflow.keras import losses', ...model],
      'deleted': ['from tensorflow.keras import layers, losses, models', 'del losses', ...model],
      'a wildcard import of another module': ['from tensorflow.keras import layers, losses, models', 'from helpers import *', ...model],
      // A function may be called before a later import (round 16).
      'imported after the function': ['from tensorflow.keras import layers, models', 'def build():', ...model.map((l) => `    ${l}`), '    return model', 'build()', 'from tensorflow.keras import losses'],
      // A module-level loop runs the compile again after the rebinding below it (round 16).
      'rebound later in a loop': ['from tensorflow.keras import layers, losses, models', 'for run in range(3):', ...model.map((l) => `    ${l}`), '    losses = model.fit(x, y).history["loss"]'],
      'a walrus in a comprehension': ['from tensorflow.keras import layers, losses, models', 'def build():', ...model.map((l) => `    ${l}`), 'hist = [losses := 1 for _ in range(3)]', 'build()'],
      'another function': ['from tensorflow.keras import layers, models', 'def other():', '    from tensorflow.keras import losses', '    return losses', ...model],
      'parameter': ['import tensorflow as tf', 'from tensorflow.keras import layers, models', 'def train(x, y, tf=None):', ...model.map((l) => `    ${l}`)],
      'imported after': ['from tensorflow.keras import layers, models', ...model, 'import tensorflow as tf'],
      'imported from elsewhere too': ['from tensorflow.keras import layers, models, losses', 'from mylib import losses', ...model],
    };
    for (const [what, lines] of Object.entries(cases)) assert.strictEqual(fixOf(lines), undefined, what);
  });
  it('bindings the place cannot see leave the fix: another function\'s parameter, a class body, a comprehension, a lambda, a module-level rebinding after module-level code, an import after a function that uses it (round 15)', () => {
    const cases = {
      'another function': ['from tensorflow.keras import layers, losses, models', 'def plot(losses):', '    return losses', ...model],
      'class body': ['from tensorflow.keras import layers, losses, models', 'class Cfg:', '    losses = []', ...model],
      'comprehension': ['from tensorflow.keras import layers, losses, models', 'xs = [losses for losses in range(3)]', ...model],
      'lambda': ['from tensorflow.keras import layers, losses, models', 'make = lambda losses: losses', ...model],
      'rebound after': ['from tensorflow.keras import layers, losses, models', ...model, 'losses = model.history.history["loss"]'],
    };
    for (const [what, lines] of Object.entries(cases)) assert.match(fixOf(lines) ?? '', /BinaryCrossentropy\(from_logits=True\)/, what);
  });
});

describe('python fix safety: a column of logits trained with a softmax (red team round 14)', () => {
  before(() => initPython());
  it('0.5 on one column is reported with no fix: 0 is no probability cut either; a one-unit sigmoid-trained head keeps its fix', () => {
    const keras = ['import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.Input((10,)), tf.keras.layers.Dense(3)])', 'model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))', 'z = model.predict(x_test)', 'pos = z[:, 1] > 0.5'];
    const r = lint(keras);
    assert.deepStrictEqual(r.map((f) => [f.rule, f.fix, f.suggestions.length]), [['threshold-logits', undefined, 0]]);
    const torch = [...HEADER, 'net = nn.Linear(8, 2)', 'out = net(x)', 'loss = nn.CrossEntropyLoss()(out, labels)', 'pos = out[:, 1] > 0.5'];
    assert.deepStrictEqual(lint(torch).map((f) => [f.rule, f.fix]), [['threshold-logits', undefined]]);
    const binary = [...HEADER, 'net = nn.Linear(8, 1)', 'out = net(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'pos = out > 0.5'];
    assert.match(lint(binary)[0].fix ?? '', /0/);
  });
});

describe('python fix safety: a loss call that callers reach both ways round (red team round 14)', () => {
  before(() => initPython());
  // Round 41: the layer's own parameters handed on, so the swap is made at the swapped call (the other
  // caller is left as it is); before, it was reported in the layer with no fix.
  it('is reported at the swapped caller, whose arguments the fix swaps back; one caller alone too', () => {
    const layer = ['import tensorflow as tf', 'from tensorflow import keras', 'class LogisticEndpoint(keras.layers.Layer):', '    def __init__(self, name=None):', '        super().__init__(name=name)', '        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)', '    def call(self, targets, logits):', '        self.add_loss(self.loss_fn(targets, logits))', '        return tf.nn.sigmoid(logits)', 'inputs = keras.Input(shape=(3,))', 'targets = keras.Input(shape=(1,))', 'logits = keras.layers.Dense(1)(inputs)'];
    const both = lint([...layer, 'good = LogisticEndpoint(name="good")(targets, logits)', 'bad = LogisticEndpoint(name="bad")(logits, targets)']);
    assert.deepStrictEqual(both.map((f) => [f.rule, f.fix]), [['swapped-loss-arguments', 'Swap the arguments back to (y_true, y_pred)']]);
    const one = lint([...layer, 'bad = LogisticEndpoint(name="bad")(logits, targets)']);
    assert.deepStrictEqual(one.map((f) => f.rule), ['swapped-loss-arguments']);
    assert.match(one[0].fix ?? '', /Swap/);
  });
});

describe('python: round 15 (the round-14 changes, broken again)', () => {
  before(() => initPython());
  const swapped = (lines) => lint([...HEADER, ...lines]).filter((f) => f.rule === 'swapped-loss-arguments');
  it('soft targets made by a @torch.no_grad() helper or unpacked from a tuple under no_grad are not swapped; logits in the target position are, even under no_grad', () => {
    const teacher = ['teacher = nn.Sequential(nn.Linear(8, 3))', 'student = load_student()'];
    assert.deepStrictEqual(swapped([...teacher, '@torch.no_grad()', 'def soft(x):', '    return teacher(x).softmax(-1)', 'loss = F.cross_entropy(student(x), soft(x))']), []);
    assert.deepStrictEqual(swapped(['class T(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 3)', '    def forward(self, x):', '        return self.fc(x), x', 'teacher = T()', 'student = load_student()', 'with torch.no_grad():', '    t, _ = teacher(x)', 'loss = F.cross_entropy(student(x), t.softmax(-1))']), []);
    // set_grad_enabled by keyword.
    assert.deepStrictEqual(swapped([...teacher, 'with torch.set_grad_enabled(mode=False):', '    t = teacher(x).softmax(-1)', 'loss = F.cross_entropy(student(x), t)']), []);
    // A teacher frozen with requires_grad_(False).
    const hf = ['from transformers import AutoModel', 'student = AutoModel.from_pretrained("x")', 'teacher = nn.Sequential(nn.Linear(8, 3))'];
    assert.deepStrictEqual(swapped([...hf, 'teacher.requires_grad_(False)', 'loss = F.cross_entropy(student(x).logits, teacher(x).softmax(-1))']), []);
    assert.strictEqual(swapped([...hf, 'teacher.requires_grad_(True)', 'loss = F.cross_entropy(student(x).logits, teacher(x).softmax(-1))']).length, 1);
    // Frozen by a loop over its parameters (the usual distillation idiom).
    assert.deepStrictEqual(swapped([...hf, 'for p in teacher.parameters():', '    p.requires_grad = False', 'loss = F.cross_entropy(student(x).logits, teacher(x).softmax(-1))']), []);
    assert.strictEqual(swapped([...hf, 'for p in teacher.parameters():', '    p.requires_grad = True', 'loss = F.cross_entropy(student(x).logits, teacher(x).softmax(-1))']).length, 1);
    const val = ['model = nn.Sequential(nn.Linear(8, 1))', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(model(x), y)', 'with torch.no_grad():', '    val_loss = crit(y, model(x))'];
    assert.strictEqual(swapped(val).length, 1);
  });
  it('a head trained with a sigmoid loss too keeps its 0 fix; a column of a softmax-only head has none', () => {
    const mixed = ['model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))', 'o = model(x)', 'loss = F.cross_entropy(o[:, :2], labels) + F.binary_cross_entropy_with_logits(o[:, 2], y)', 'flag = model(x)[:, 2] > 0.5'];
    assert.match(lint([...HEADER, ...mixed]).find((f) => f.rule === 'threshold-logits')?.fix ?? '', /0/);
    const ce = ['model = nn.Sequential(nn.Linear(8, 2))', 'loss = F.cross_entropy(model(x), labels)', 'pos = model(x)[:, 1] > 0.5'];
    assert.strictEqual(lint([...HEADER, ...ce]).find((f) => f.rule === 'threshold-logits')?.fix, undefined);
  });
  it('exports through .module (DataParallel, AveragedModel) and torch._dynamo.export keep the activation; torch.jit.script alone does not', () => {
    const m = ['model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    for (const line of ['dp = nn.DataParallel(model)\ntorch.save(dp.module, "m.pt")', 'from torch.optim.swa_utils import AveragedModel\nswa = AveragedModel(model)\nswa.update_parameters(model)\ntorch.save(swa.module, "swa.pt")', 'torch._dynamo.export(model)(x)']) {
      assert.strictEqual(lint([...HEADER, ...m, ...line.split('\n')])[0].fix, undefined, line);
    }
    assert.match(lint([...HEADER, ...m, 'fast = torch.jit.script(model)', 'out = fast(x)'])[0].fix ?? '', /Remove nn.Sigmoid/);
  });
});

describe('python: round 15 (Keras suggestions and exports)', () => {
  before(() => initPython());
  const lintEdits = (lines) => {
    const file = '/virtual/k.py';
    const text = lines.join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    return { text, findings: r.findings };
  };
  it('removing a Lambda sigmoid layer removes the item or the add() line, never leaves a bare lambda', () => {
    const { applyEdits } = require('../out/rules');
    const head = ['import tensorflow as tf', 'from tensorflow.keras import layers, losses'];
    for (const body of [
      ['model = tf.keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1), layers.Lambda(lambda t: tf.nn.sigmoid(t))])'],
      ['model = tf.keras.Sequential()', 'model.add(layers.Dense(1))', 'model.add(layers.Lambda(lambda t: tf.nn.sigmoid(t)))'],
    ]) {
      const { text, findings } = lintEdits([...head, ...body, 'model.compile(optimizer="adam", loss=losses.BinaryCrossentropy(from_logits=True))']);
      const removal = findings[0].suggestions.find((s) => /Remove layers\.Lambda/.test(s.title));
      assert.ok(removal, JSON.stringify(findings[0].suggestions.map((s) => s.title)));
      const after = applyEdits(text, removal.edits);
      assert.ok(!/lambda t/.test(after), after);
    }
  });
  it('a model cloned (clone_model, its architecture with the activation) keeps its activation: removal is a suggestion', () => {
    const lines = ['import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.Input((10,)), tf.keras.layers.Dense(1, activation="sigmoid")])', 'with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=model(x)))'];
    assert.match(lint(lines)[0].fix ?? '', /Remove/);
    assert.strictEqual(lint([...lines, 'm2 = tf.keras.models.clone_model(model)'])[0].fix, undefined);
  });
});

describe('python: round 16 (the round-15 changes, broken again)', () => {
  before(() => initPython());
  it('.module is not taken for the model: a child named module is a layer of its own (no finding)', () => {
    const child = [...HEADER, 'class Prob(nn.Module):', '    def __init__(self):', '        super().__init__()', "        self.add_module('module', nn.Linear(8, 1))", '    def forward(self, x):', '        return torch.sigmoid(self.module(x))', 'model = Prob()', 'loss = F.binary_cross_entropy_with_logits(model.module(x), y)'];
    assert.deepStrictEqual(lint(child), []);
    const seq = [...HEADER, 'from collections import OrderedDict', "model = nn.Sequential(OrderedDict([('module', nn.Linear(8, 3)), ('act', nn.Softmax(dim=1))]))", 'loss = F.cross_entropy(model.module(x), labels)'];
    assert.deepStrictEqual(lint(seq), []);
  });
  it('a model thawed again, frozen on a branch or in part, is trained: a swap is still reported', () => {
    const base = ['model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 1))'];
    const end = ['loss = F.binary_cross_entropy(y, torch.sigmoid(model(x)))', 'loss.backward()'];
    for (const mid of [
      ['model.requires_grad_(False)', 'model.requires_grad_(True)'],
      ['for p in model.parameters():', '    p.requires_grad = False', 'for p in model.parameters():', '    p.requires_grad = True'],
      ['for p in model.parameters():', '    if p.ndim == 1:', '        p.requires_grad = False'],
      ['if freeze:', '    model.requires_grad_(False)'],
    ]) {
      assert.deepStrictEqual(lint([...HEADER, ...base, ...mid, ...end]).map((f) => f.rule), ['swapped-loss-arguments'], mid.join(' / '));
    }
  });
  it('a softmax-trained head beside a sigmoid-trained auxiliary head: one column of it gets no 0 fix', () => {
    const net = [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.body = nn.Linear(8, 8)', '        self.cls = nn.Linear(8, 2)', '        self.aux = nn.Linear(8, 1)', '    def forward(self, x):', '        h = self.body(x)', '        return self.cls(h), self.aux(h)', 'model = Net()', 'cls, aux = model(x)', 'loss = F.cross_entropy(cls, labels)', 'pred = cls[:, 1] > 0.5', 'aux_loss = F.binary_cross_entropy_with_logits(aux.squeeze(1), y)'];
    const t = lint(net).find((f) => f.rule === 'threshold-logits');
    assert.ok(t, 'reported');
    assert.strictEqual(t.fix, undefined);
  });
});
