// Session 27 (red team round 39 and round 38's leftovers). Every case fails on the session's first
// build but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines, lintCells } = require('./lint-text');

const lint = lintLines;

/** A notebook of code cells, linted: its problems' messages, and each finding's rule and whether it
 *  carries a safe fix. */
function nb(cells) {
  const r = lintCells(cells);
  return { problems: r.problems.map((p) => p.message), findings: r.findings.map((f) => [f.ruleId, f.fix ? 'fix' : 'no fix']) };
}

/** Each finding's rule and line, or with `fixes`, whether it carries a safe fix. */
function found(text, fixes, name) {
  return lint(text, name).findings.map((f) => (fixes ? [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix'] : [f.ruleId, f.location.line]));
}

describe('round 39: a parse error at a token that fits nowhere', () => {
  before(() => initPython());
  const problems = (text) => lint(text).problems.map((p) => p.message);
  it('sound code and then a stray `?`: placed at the `?`, as Python places it', () => {
    assert.deepStrictEqual(problems(['import torch', 'y = model(x) ?', 'z = 1']), ["Parsing error: unexpected '?' at line 2, column 14"]);
  });
  it('a keyword argument left as `?` in an exercise: placed at the `?`', () => {
    assert.deepStrictEqual(problems(['import torch', 'ds = pack(', '    original_dataset = ?,', '    other = 1)']), ["Parsing error: unexpected '?' at line 3, column 24"]);
  });
  it('guard: a line that starts with a token that fits nowhere (`<Your code here!>`) is placed at its start', () => {
    assert.deepStrictEqual(problems(['import torch', 'model = f()', '', '<Your code here!>']), ["Parsing error: unexpected '<Your code here!>' at line 4, column 1"]);
  });
  it('guard: a stray backslash inside an expression stays at the backslash', () => {
    assert.deepStrictEqual(problems(['import torch', 'y = x + \\ 2', 'z = 1']), ["Parsing error: unexpected '\\' at line 2, column 9"]);
  });
});

describe("round 39: the replica knows a forward's layers through a squeeze or view at its end", () => {
  before(() => initPython());
  const net = (ending) => ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.fc1 = nn.Linear(20, 16)', '        self.fc2 = nn.Linear(16, 1)', '    def forward(self, x):', '        x = torch.relu(self.fc1(x))',
    `        return ${ending}`, 'net = Net()', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(net(xb), yb)'];
  const layers = (ending) => lint(net(ending)).findings.map((f) => f.facts.layers.map((l) => l.kind + (l.units ? `(${l.units})` : '') + (l.activation ? `:${l.activation}` : '')));
  for (const ending of ['torch.sigmoid(self.fc2(x)).squeeze(-1)', 'torch.sigmoid(self.fc2(x)).view(-1)', 'self.fc2(x).sigmoid().flatten()']) {
    it(`${ending}: the layers, the sigmoid, and the reshape as a passthrough`, () => {
      assert.deepStrictEqual(layers(ending), [['dense(16):linear', 'activation:relu', 'dense(1):linear', 'activation:sigmoid', 'passthrough']]);
    });
  }
  it('guard: a threshold on the squeezed logits is still judged (threshold-logits)', () => {
    const text = [...net('self.fc2(x).squeeze(-1)'), 'pred = (net(xv) > 0.5).float()', 'acc = (pred == yv).float().mean()'];
    assert.deepStrictEqual(found(text), [['threshold-logits', 14]]);
  });
});

describe('round 39: a Keras Sequential handed to code we do not follow before it is compiled', () => {
  before(() => initPython());
  const head = ['import tensorflow as tf', 'from tensorflow.keras import layers', 'from some_installed_pkg.heads import add_binary_head',
    'model = tf.keras.Sequential()', 'model.add(layers.Dense(16, input_shape=(8,)))'];
  const compile = "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])";
  it('called for its effects alone (its result unused): the head may be added there, so the output is unknown', () => {
    assert.deepStrictEqual(found([...head, 'add_binary_head(model)', compile]), []);
  });
  it('guard: handed over after compile (a trainer of its own), the layers are those compiled', () => {
    assert.deepStrictEqual(found([...head, 'model.add(layers.Dense(1))', compile, 'add_binary_head(model)']), [['logits-into-probability-loss', 7]]);
  });
  it('guard: a call whose result is kept (a picture of the model) changes nothing', () => {
    assert.deepStrictEqual(found([...head, 'model.add(layers.Dense(1))', 'img = add_binary_head(model)', compile]), [['logits-into-probability-loss', 8]]);
  });
});

describe('round 39: reads the analysis does not follow keep the output as it is (no safe edit)', () => {
  before(() => initPython());
  const sigmoidNet = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())',
    'crit = nn.BCEWithLogitsLoss()', 'loss = crit(model(xb), yb)'];
  const cases = {
    'a pooled probability map cut at 0.5 (F.max_pool2d)': ['p = F.max_pool2d(model(x), 2)', 'm = p > 0.5'],
    'F.relu of the output, cut at 0.5': ['p = F.relu(model(x))', 'm = p > 0.5'],
    'test-time passes summed with += into zeros, then averaged and cut': ['acc = torch.zeros(4, 1)', 'for _ in range(3):', '    acc += model(x)', 'm = acc / 3 > 0.5'],
    'summed with += into 0': ['acc = 0', 'for _ in range(3):', '    acc += model(x)', 'm = acc / 3 > 0.5'],
    'copied into a buffer (copy_)': ['store = torch.zeros(4, 1)', 'store.copy_(model(x))', 'm = store > 0.5'],
    'star-unpacked rows': ['first, *rest = model(x)', 'm = first > 0.5'],
    'kept in a dict comprehension': ['res = {i: model(b) for i, b in enumerate([x])}', 'm = res[0] > 0.5'],
    'mapped with a lambda over a known list': ['res = list(map(lambda b: model(b), [x]))', 'm = res[0] > 0.5'],
    'set on a holder module we do not model': ['holder = nn.Module()', 'holder.clf = model', 'm = holder.clf(x) > 0.5'],
  };
  for (const [name, tail] of Object.entries(cases)) {
    it(`${name}: the sigmoid's removal is a suggestion`, () => {
      assert.deepStrictEqual(found([...sigmoidNet, ...tail], true), [['sigmoid-before-logits-loss', 6, 'no fix']]);
    });
  }
  it('an instance followed by a layer in a Sequential (its sigmoid is a hidden nonlinearity there): a suggestion', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()',
      'loss = nn.BCEWithLogitsLoss()(model(xb), yb)', 'big = nn.Sequential(model, nn.Linear(1, 3))', 'loss2 = nn.CrossEntropyLoss()(big(xb), cb)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 10, 'no fix']]);
  });
  it('Keras: two logits heads trained with a probability loss, blended and cut at 0.5: each loss switch a suggestion', () => {
    const text = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'import numpy as np',
      'a = keras.Sequential([layers.Input((10,)), layers.Dense(1)])', 'b = keras.Sequential([layers.Input((10,)), layers.Dense(1)])',
      "a.compile(optimizer='adam', loss='binary_crossentropy')", "b.compile(optimizer='adam', loss='binary_crossentropy')",
      'p = (a.predict(x) + b.predict(x)) / 2', 'm = p > 0.5'];
    assert.deepStrictEqual(found(text, true), [['logits-into-probability-loss', 6, 'no fix'], ['logits-into-probability-loss', 7, 'no fix']]);
  });
  it('guard: with no reader, the removal stays safe', () => {
    assert.deepStrictEqual(found(sigmoidNet, true), [['sigmoid-before-logits-loss', 6, 'fix']]);
  });
  it('a comment among the arguments survives the removal (only the name goes)', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return torch.sigmoid(', '            self.fc(x)  # raw score', '        )',
      'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(xb), yb)'];
    const f = lint(text).findings.find((x) => x.ruleId === 'sigmoid-before-logits-loss');
    assert.ok(f && f.fix, 'a safe fix');
    assert.deepStrictEqual(f.fix.edits.map((e) => e.text), ['(\n            self.fc(x)  # raw score\n        )']);
  });
});

describe('round 39: a bare layer whose call computes something else', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'm = nn.Linear(10, 1)'];
  it('a forward hook that applies a sigmoid: BCELoss is right, no finding', () => {
    assert.deepStrictEqual(found([...head, 'm.register_forward_hook(lambda mod, i, o: torch.sigmoid(o))', 'loss = nn.BCELoss()(m(x), y)']), []);
  });
  it('its forward replaced: no finding', () => {
    assert.deepStrictEqual(found([...head, 'orig = m.forward', 'm.forward = lambda t: torch.sigmoid(orig(t))', 'loss = nn.BCELoss()(m(x), y)']), []);
  });
  it('a layer hooked inside a module: its output there is unknown', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.fc = nn.Linear(10, 1)', '        self.fc.register_forward_hook(lambda mod, i, o: torch.sigmoid(o))', '    def forward(self, x):',
      '        return self.fc(x)', 'net = Net()', 'loss = nn.BCELoss()(net(x), y)'];
    assert.deepStrictEqual(found(text), []);
  });
  it('guard: the bare layer without a hook, trained with BCELoss, is reported', () => {
    assert.deepStrictEqual(found([...head, 'loss = nn.BCELoss()(m(x), y)']), [['logits-into-probability-loss', 4]]);
  });
});

describe('round 39: a branch on the class of a loss object built here is decided', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))',
    'crit = nn.BCEWithLogitsLoss()', 'out = model(x)', 'loss = crit(out, y)'];
  it('isinstance(crit, nn.BCELoss) is false: its branch is dead, the other one judged', () => {
    assert.deepStrictEqual(found([...head, 'if isinstance(crit, nn.BCELoss):', '    p = out > 0.5', 'else:', '    p = out > 0']), []);
  });
  it('isinstance in a helper given the loss (the dead branch argmaxes one unit)', () => {
    const text = [...head, 'def preds(o, c):', '    if isinstance(c, nn.BCEWithLogitsLoss):', '        return (torch.sigmoid(o) >= 0.5).long()', '    return o.argmax(dim=1)', 'p = preds(out, crit)'];
    assert.deepStrictEqual(found(text), []);
  });
  it('type(crit) is nn.CrossEntropyLoss is false', () => {
    assert.deepStrictEqual(found([...head, 'if type(crit) is nn.CrossEntropyLoss:', '    p = out.argmax(1)']), []);
  });
  it('not isinstance(crit, nn.BCEWithLogitsLoss) is false', () => {
    assert.deepStrictEqual(found([...head, 'if not isinstance(crit, nn.BCEWithLogitsLoss):', '    p = out.argmax(1)']), []);
  });
  it('a branch the test takes is judged (isinstance true; undecided, it was taken for a switch of the activation)', () => {
    assert.deepStrictEqual(found([...head, 'if isinstance(crit, nn.BCEWithLogitsLoss):', '    p = out > 0.5']), [['threshold-logits', 8]]);
  });
  it('guard: against nn.Module (every loss is one, so are other things): undecided, both branches judged', () => {
    assert.deepStrictEqual(found([...head, 'if isinstance(crit, nn.Module):', '    p = out > 0.5']), [['threshold-logits', 8]]);
  });
});

describe('round 39: rows of data (a loop over a tensor) are one sample each', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'X_test = torch.randn(60, 4)', 'y_test = torch.randint(0, 3, (60,))',
    'model = nn.Sequential(nn.Linear(4, 3))', 'loss = nn.CrossEntropyLoss()(model(X_test), y_test)'];
  it('zip(X_test, y_test): argmax() of one sample is its class', () => {
    assert.deepStrictEqual(found([...head, 'for x, t in zip(X_test, y_test):', '    ok = model(x).argmax() == t']), []);
  });
  it('X_test[i] in a range loop', () => {
    assert.deepStrictEqual(found([...head, 'for i in range(60):', '    ok = model(X_test[i]).argmax() == y_test[i]']), []);
  });
  it('tensors made from data we know nothing of (`torch.FloatTensor(...)` returned by a reader), zipped', () => {
    const text = ['import torch', 'import torch.nn as nn', 'def reader(d):', '    return torch.FloatTensor(d.x), torch.LongTensor(d.y)', 'X, Y = reader(ds)',
      'model = nn.Sequential(nn.Linear(4, 3))', 'loss = nn.CrossEntropyLoss()(model(X), Y)', 'for x, t in zip(X, Y):', '    ok = model(x).argmax() == t'];
    assert.deepStrictEqual(found(text), []);
  });
  it('guard: a batch from a loader compared with its labels is still reported', () => {
    assert.deepStrictEqual(found([...head, 'for xb, yb in loader:', '    acc = (model(xb).argmax() == yb).float().mean()']), [['argmax-batch-axis', 8]]);
  });
});

describe('round 39: log_softmax over one unit', () => {
  before(() => initPython());
  it('PyTorch F.log_softmax(fc(x), dim=1) with one unit: always 0', () => {
    const text = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class C(nn.Module):', '    def __init__(self):',
      '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return F.log_softmax(self.fc(x), dim=1)',
      'model = C()', 'loss = nn.NLLLoss()(model(x), y)'];
    const r = lint(text).findings.filter((f) => f.ruleId === 'softmax-single-unit');
    assert.deepStrictEqual(r.map((f) => [f.location.line, /^log_softmax over a single unit \(line 7\) always outputs 0/.test(f.message)]), [[9, true]]);
  });
  it("Keras Dense(1, activation='log_softmax')", () => {
    const text = ['import tensorflow as tf', "model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation='relu'), tf.keras.layers.Dense(1, activation='log_softmax')])",
      "model.compile(optimizer='adam', loss='binary_crossentropy')"];
    assert.deepStrictEqual(found(text).filter((f) => f[0] === 'softmax-single-unit'), [['softmax-single-unit', 2]]);
  });
  it('guard: log_softmax over ten units is no finding of this rule', () => {
    const text = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'fc = nn.Linear(10, 10)', 'out = F.log_softmax(fc(x), dim=1)', 'loss = nn.NLLLoss()(out, y)'];
    assert.deepStrictEqual(found(text), []);
  });
});

describe('round 39: helpers under decorators that keep them', () => {
  before(() => initPython());
  const head = ['import functools', 'import torch', 'import torch.nn as nn', 'model = nn.Linear(10, 1)'];
  it('@torch.jit.script on a helper that applies a sigmoid before BCEWithLogitsLoss', () => {
    const text = [...head, '@torch.jit.script', 'def post(z: torch.Tensor) -> torch.Tensor:', '    return torch.sigmoid(z)', 'loss = nn.BCEWithLogitsLoss()(post(model(x)), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 8]]);
  });
  it('@functools.cache on a loss factory', () => {
    const text = [...head, '@functools.cache', 'def make_loss():', '    return nn.BCEWithLogitsLoss()', 'loss = make_loss()(torch.sigmoid(model(x)), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 8]]);
  });
});

describe('round 39: a threshold on logits whose loss gets a sigmoid of its own', () => {
  before(() => initPython());
  it('BCELoss()(torch.sigmoid(logits), y) is right: the threshold is a plain threshold-logits, its fix safe', () => {
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(32, 1)', 'logits = model(x)', 'loss = nn.BCELoss()(torch.sigmoid(logits), y)', 'pred = logits > 0.5'];
    const r = lint(text).findings;
    assert.deepStrictEqual(r.map((f) => [f.ruleId, f.location.line, !!f.fix, /logits-into-probability-loss/.test(f.message)]), [['threshold-logits', 6, true, false]]);
  });
});

describe("round 39: Python 3.14's `except A, B:` is no Python 2", () => {
  before(() => initPython());
  it('a file with a parse error elsewhere does not blame Python 2 for it', () => {
    const msgs = lint(['import torch', 'try:', '    x = 1', 'except ValueError, TypeError:', '    pass', 'y = (']).problems.map((p) => p.message);
    assert.strictEqual(msgs.length, 1);
    assert.ok(!/Python 2/.test(msgs[0]), msgs[0]);
  });
  it('guard: `except Exception, e:` still says Python 2', () => {
    const msgs = lint(['import torch', 'try:', '    x = 1', 'except Exception, e:', '    pass', 'y = (']).problems.map((p) => p.message);
    assert.ok(/Python 2 code is not supported/.test(msgs[0]), msgs[0]);
  });
});

describe('round 39: notebook cells joined the way Jupyter never runs them', () => {
  before(() => initPython());
  it('an indented cell after a cell ending in a def runs at the top level (IPython dedents it): not judged as the body', () => {
    const r = nb(['import torch, torch.nn as nn\nmodel = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())\nloss = nn.BCELoss()(model(x), y)\ndef evaluate(model):\n    model.eval()',
      '    pred = model(x) > 0.5', 'logit_model = nn.Linear(10, 1)\nloss2 = nn.BCEWithLogitsLoss()(logit_model(x), y)\nevaluate(logit_model)']);
    assert.deepStrictEqual(r, { problems: [], findings: [] });
  });
  it('a bracket opened in one cell and closed in the next: both cells fail in Jupyter, both reported, no finding', () => {
    const r = nb(['import torch, torch.nn as nn\nmodel = nn.Sequential(nn.Linear(10, 1),', 'nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']);
    assert.strictEqual(r.problems.length, 2);
    assert.ok(r.problems.every((p) => /this cell is not analysed/.test(p)), r.problems.join('\n'));
    assert.deepStrictEqual(r.findings, []);
  });
  it('guard: cells that are whole statements each are analysed joined', () => {
    const r = nb(['import torch, torch.nn as nn\nmodel = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']);
    assert.deepStrictEqual(r, { problems: [], findings: [['sigmoid-before-logits-loss', 'fix']] });
  });
});

describe('round 39: values the analysis now follows', () => {
  before(() => initPython());
  it("an activation factory that lowercases its name (`name = name.lower()`)", () => {
    const text = ['import torch', 'import torch.nn as nn', 'def act(name):', '    name = name.lower()', '    if name == "softmax":', '        return nn.Softmax(dim=1)',
      '    return nn.Identity()', 'model = nn.Sequential(nn.Linear(32, 5), act("Softmax"))', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), [['softmax-before-logits-loss', 9]]);
  });
  it("Keras: the function `activations.get('sigmoid')` returns, called on the logits", () => {
    const text = ['from tensorflow import keras', "act = keras.activations.get('sigmoid')", 'inp = keras.Input((4,))', 'out = act(keras.layers.Dense(1)(inp))',
      'model = keras.Model(inp, out)', "model.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy(from_logits=True))"];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 6]]);
  });
  it('a forward that returns a list comprehension of sigmoid heads', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self, d):', '        super().__init__()',
      '        self.heads = nn.ModuleList([nn.Linear(d, 1) for _ in range(3)])', '    def forward(self, x):', '        return [torch.sigmoid(h(x)) for h in self.heads]',
      'model = M(16)', 'outs = model(x)', 'loss = nn.BCEWithLogitsLoss()(outs[0], y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 11]]);
  });
  it('guard: a factory given a name it has no branch for stays unknown', () => {
    const text = ['import torch', 'import torch.nn as nn', 'def act(name):', '    name = name.lower()', '    if name == "softmax":', '        return nn.Softmax(dim=1)',
      '    return nn.Identity()', 'model = nn.Sequential(nn.Linear(32, 5), act("relu"))', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), []);
  });
});

describe("round 39: a notebook's last cell ending in an empty block", () => {
  before(() => initPython());
  it('is placed in that cell, at the header', () => {
    const r = nb(['import torch', 'for i in range(3):\n    # step 1']);
    assert.deepStrictEqual(r.problems, ['Parsing error: expected an indented block at cell 2, line 1, column 18']);
  });
});

describe('round 39: a branch on how a PyTorch loss built here prints', () => {
  before(() => initPython());
  it('str(loss_function) == "CrossEntropyLoss()" beside a BCELoss: the branch is dead (softmax and argmax of one unit not judged)', () => {
    const text = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())',
      'loss_function = nn.BCELoss()', 'def evaluate(y_pred):', '    if str(loss_function) == "CrossEntropyLoss()":', '        y_pred = F.softmax(y_pred, dim=1)',
      '        return y_pred.argmax(1)', '    return y_pred > 0.5', 'loss = loss_function(model(x), y)', 'evaluate(model(x))'];
    assert.deepStrictEqual(found(text), []);
  });
  it('the branch it takes is judged (undecided, it was taken for a switch of the activation)', () => {
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 1))', 'crit = nn.BCEWithLogitsLoss()',
      'if str(crit) == "BCEWithLogitsLoss()":', '    p = model(x) > 0.5', 'loss = crit(model(x), y)'];
    assert.deepStrictEqual(found(text), [['threshold-logits', 6]]);
  });
});
