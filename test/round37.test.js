// Session 25 (red team round 37 and the leftovers of round 36). Every case fails on the session's
// first build but the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');

/** Each finding's rule and line, or with `fixes`, whether it carries a safe fix. */
function found(text, fixes) {
  const file = '/virtual/train.py';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => (fixes ? [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix'] : [f.ruleId, f.location.line]));
}
/** The problems (messages) of one file. */
function problems(text) {
  const file = '/virtual/train.py';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
  return r.problems.map((p) => p.message);
}

describe('round 37: the "nesting too deep" pre-check reads code only', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'm = nn.Linear(8, 1)'];
  it('brackets in strings and comments, and a docstring indented far, do not skip the file', () => {
    const text = [...head, `PATTERN = "${'['.repeat(120)}"`, `# ${'('.repeat(120)}`, 'DOC = """', `${' '.repeat(300)}art`, '"""', 'p = m(x).argmax(dim=1)'];
    assert.deepStrictEqual(found(text), [['argmax-single-unit', 9]]);
  });
  it('guard: brackets nested deeper than the bound in code still skip the file, with the message', () => {
    const text = [...head, `x = ${'('.repeat(120)}1${')'.repeat(120)}`, 'p = m(x).argmax(dim=1)'].join('\n') + '\n';
    assert.deepStrictEqual(problems(text), ['nesting too deep (120 levels of brackets), skipped']);
  });
});

describe('round 37: a Hugging Face output read by position', () => {
  before(() => initPython());
  const head = ['import torch', 'from transformers import AutoModelForSequenceClassification', 'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=1)'];
  it('`model(ids)[0]` is the logits without labels, `out[1]` with them', () => {
    const text = [...head, 'crit = torch.nn.BCELoss()', 'loss = crit(model(ids, attention_mask=mask)[0], y)', 'out = model(ids, labels=y)', 'pred = torch.argmax(out[1], dim=1)'];
    assert.deepStrictEqual(found(text), [['logits-into-probability-loss', 5], ['argmax-single-unit', 7]]);
  });
  it('guard: `[0]` with labels is the loss, and with `**batch` unknown', () => {
    const text = [...head, 'out = model(ids, labels=y)', 'a = out[0] > 0.5', 'b = model(**batch)[0] > 0.5', 'c = model(**batch)[1].argmax(dim=1)'];
    assert.deepStrictEqual(found(text), []);
  });
});

describe("round 37: a Hugging Face classifier's own loss (problem_type written)", () => {
  before(() => initPython());
  const hf = (extra) => ['import torch', 'from transformers import AutoModelForSequenceClassification', `model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=5${extra})`];
  const train = ['out = model(input_ids=ids, labels=y)', 'out.loss.backward()', 'preds = model(input_ids=ids).logits > 0.5'];
  it('multi-label: trained with BCEWithLogitsLoss on its logits, so `.logits > 0.5` thresholds logits', () => {
    assert.deepStrictEqual(found([...hf(', problem_type="multi_label_classification"'), ...train]), [['threshold-logits', 6]]);
  });
  it('single-label over one label: CrossEntropyLoss over one unit', () => {
    const text = ['import torch', 'from transformers import BertForSequenceClassification', 'model = BertForSequenceClassification.from_pretrained("b", num_labels=1, problem_type="single_label_classification")', 'out = model(input_ids=ids, labels=y)'];
    assert.deepStrictEqual(found(text), [['categorical-loss-single-unit', 4]]);
  });
  it('guard: no problem_type (the loss depends on the labels at run time), or **batch: nothing', () => {
    assert.deepStrictEqual(found([...hf(''), ...train]), []);
    assert.deepStrictEqual(found([...hf(', problem_type="multi_label_classification"'), 'out = model(**batch)', 'out.loss.backward()', 'preds = model(input_ids=ids).logits > 0.5']), []);
  });
});

describe("round 37: a decision's numeric-check facts name the model's loss", () => {
  before(() => initPython());
  it('a threshold on a model trained with one loss carries that loss to the check', () => {
    const file = '/virtual/train.py';
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(4, 5)', 'crit = nn.BCEWithLogitsLoss()', 'loss = crit(model(x), y)', 'preds = model(x) > 0.5'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.facts && f.facts.loss, f.facts && f.facts.lossKind && f.facts.lossKind.family]), [['threshold-logits', 'torch.BCEWithLogitsLoss', 'binary']]);
  });
  it('guard: two losses on the model (BCEWithLogitsLoss and CrossEntropyLoss): none named', () => {
    const file = '/virtual/train.py';
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(4, 5)', 'loss = nn.BCEWithLogitsLoss()(model(x), y) + nn.CrossEntropyLoss()(model(x), z)', 'preds = model(x) > 0.5'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.facts.loss]), [['threshold-logits', undefined]]);
  });
});

/** Each finding's rule, line and whether it has a safe fix, over several files (`files`: name -> lines). */
function project(files) {
  const texts = new Map(Object.entries(files).map(([name, lines]) => [`/virtual/p/${name}`, lines.join('\n') + '\n']));
  const r = lintProject([...texts.keys()], {}, { readFile: (f) => texts.get(f) });
  return r.findings.map((f) => [f.location.file.replace('/virtual/p/', ''), f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix']);
}

describe('round 37: a Keras head read as a probability, beside another head trained on probabilities', () => {
  before(() => initPython());
  it("`b_p > 0.5` on a logits head gets its safe fix whatever loss another head (a softmax's) has, so --fix leaves no head half fixed", () => {
    const text = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input(shape=(8,))', 'x = layers.Dense(16, activation="relu")(inp)',
      'a = layers.Dense(1, name="a")(x)', 'b = layers.Dense(1, name="b")(x)', 'c = layers.Dense(5, activation="softmax", name="c")(x)', 'model = keras.Model(inp, [a, b, c])',
      'model.compile(optimizer="adam", loss={"a": "mse", "b": keras.losses.BinaryCrossentropy(from_logits=True), "c": "sparse_categorical_crossentropy"})',
      'a_p, b_p, c_p = model.predict(x_test)', 'b_hat = (b_p > 0.5).astype(int)'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 11, 'fix']]);
  });
});

describe('round 37: models reached where the analysis does not follow keep their activation', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))'];
  const train = ['crit = nn.BCEWithLogitsLoss()', 'model = Net()', 'loss = crit(model(x), y)'];
  it('guard: trained alone, the sigmoid goes by a safe fix', () => {
    assert.deepStrictEqual(found([...net, ...train], true), [['sigmoid-before-logits-loss', 11, 'fix']]);
  });
  it('an ensemble averaged by sum() over a generator or a list (`sum(m(x) for m in nets) / 3 > 0.5`)', () => {
    assert.deepStrictEqual(found([...net, ...train, 'nets = [Net() for _ in range(3)]', 'avg = sum(n(x) for n in nets) / 3', 'pred = avg > 0.5'], true), [['sigmoid-before-logits-loss', 11, 'no fix']]);
    assert.deepStrictEqual(found([...net, ...train, 'nets = [Net() for _ in range(3)]', 'avg = sum([n(x) for n in nets]) / 3', 'pred = avg > 0.5'], true), [['sigmoid-before-logits-loss', 11, 'no fix']]);
  });
  it('a model bound by functools.partial, yielded by a @contextmanager, entered by a class of its own, or kept by dict.update', () => {
    const tails = [
      ['import functools', 'f = functools.partial(Net())', 'pred = f(x) > 0.5'],
      ['import contextlib', '@contextlib.contextmanager', 'def loaded():', '    yield Net()', 'with loaded() as m:', '    pred = m(x) > 0.5'],
      ['class Loaded:', '    def __enter__(self):', '        self.m = Net()', '        return self.m', '    def __exit__(self, *a):', '        return False', 'with Loaded() as m:', '    pred = m(x) > 0.5'],
      ['d = {}', 'd.update(a=Net())', 'for m in d.values():', '    pred = m(x) > 0.5'],
    ];
    for (const tail of tails) assert.deepStrictEqual(found([...net, ...train, ...tail], true), [['sigmoid-before-logits-loss', 11, 'no fix']], tail.join('\n'));
  });
  it('a Keras builder kept by `REG.update(churn=build)` is called by whoever reads the registry: no safe loss switch', () => {
    const files = {
      'model.py': ['from tensorflow import keras', 'def build():', '    m = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', '    m.compile(optimizer="adam", loss="binary_crossentropy")', '    return m'],
      'serve.py': ['import numpy as np', 'from model import build', 'REG = {}', 'REG.update(churn=build)', 'm = REG["churn"]()', 'print(np.log(m.predict(x)))'],
      'train.py': ['from model import build', 'm = build()', 'm.fit(x, y, epochs=2)'],
    };
    assert.deepStrictEqual(project(files).filter(([, rule]) => rule === 'logits-into-probability-loss'), [['model.py', 'logits-into-probability-loss', 4, 'no fix']]);
  });
});

describe('round 37: star imports', () => {
  before(() => initPython());
  it('`from keras.layers import *` binds Dense, so its head is known', () => {
    const text = ['from keras.models import Sequential', 'from keras.layers import *', 'model = Sequential([Dense(16, activation="relu"), Dense(1)])', 'model.compile(loss="binary_crossentropy")'];
    assert.deepStrictEqual(found(text), [['logits-into-probability-loss', 4]]);
  });
  it('guard: a name a later star import of a module we cannot read may bind is unknown', () => {
    const text = ['from keras.models import Sequential', 'from keras.layers import *', 'from somewhere_else import *', 'model = Sequential([Dense(16, activation="relu"), Dense(1)])', 'model.compile(loss="binary_crossentropy")'];
    assert.deepStrictEqual(found(text), []);
  });
  it("a workspace module's `__all__` decides what its star import binds", () => {
    const files = {
      'models.py': ['import torch.nn as nn', '__all__ = ["build"]', 'model = nn.Linear(4, 1)', 'def build():', '    return nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())'],
      'train.py': ['import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'from models import *', 'loss = nn.BCELoss()(model(x), y)', 'pred = build()(x) > 0.5'],
    };
    assert.deepStrictEqual(project(files), []);
    files['models.py'][1] = '__all__ = ["build", "model"]';
    assert.deepStrictEqual(project(files).map(([f, r, l]) => [f, r, l]), [['train.py', 'logits-into-probability-loss', 4]]);
  });
});

describe('round 37: settings written where the analysis does not follow', () => {
  before(() => initPython());
  const head = ['import sys', 'import torch', 'import torch.nn as nn', 'class CFG:', '    num_classes = 1'];
  const use = ['model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, CFG.num_classes))', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
  it('guard: the class attribute as written is known', () => {
    assert.deepStrictEqual(found([...head, ...use]), [['categorical-loss-single-unit', 7]]);
  });
  it('setattr over the arguments, setattr of the name, __dict__.update, vars().update and parse_args(namespace=CFG) make it unknown', () => {
    for (const write of [
      ['for k, v in vars(args).items():', '    setattr(CFG, k, v)'],
      ['setattr(CFG, "num_classes", int(sys.argv[1]))'],
      ['CFG.__dict__.update(yaml.safe_load(open("c.yaml")))'],
      ['vars(CFG).update(json.load(f))'],
      ['args = parser.parse_args(namespace=CFG)'],
      ['def load(cfg, path):', '    for k, v in yaml.safe_load(open(path)).items():', '        cfg.__dict__[k] = v', 'load(CFG, sys.argv[1])'],
    ]) assert.deepStrictEqual(found([...head, ...write, ...use]), [], write.join('\n'));
  });
  it('`globals()["NUM_CLASSES"] = ...` rebinds the module-level name', () => {
    const text = ['import sys', 'import torch.nn as nn', 'NUM_CLASSES = 1', 'globals()["NUM_CLASSES"] = int(sys.argv[1])', 'model = nn.Linear(32, NUM_CLASSES)', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), []);
  });
  it('`model.add_module("fc", ...)` replaces the module of that name', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)', '    def forward(self, x):', '        return self.fc(x)',
      'model = Net()', 'model.add_module("fc", nn.Linear(16, 10))', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), []);
  });
});

describe('round 37: a try whose handler goes on', () => {
  before(() => initPython());
  it('a name rebound in the body may keep its old value (`except Exception: pass`); one bound anew is the body\'s', () => {
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'criterion = nn.BCELoss()', 'try:', '    criterion = nn.BCEWithLogitsLoss()', '    risky()', 'except Exception:', '    pass', 'loss = criterion(model(x), y)',
      'try:', '    net = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'except Exception as e:', '    print(e)', 'loss2 = nn.BCEWithLogitsLoss()(net(x), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 15]]);
  });
  it('guard: a handler that re-raises leaves the body as the only path', () => {
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'criterion = nn.BCELoss()', 'try:', '    criterion = nn.BCEWithLogitsLoss()', '    risky()', 'except Exception:', '    log()', '    raise', 'loss = criterion(model(x), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 11]]);
  });
});

describe('round 37: tfjs branches on the output width', () => {
  /** Rules found in one JS file. */
  function js(lines) {
    const file = '/virtual/app.js';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? lines.join('\n') + '\n' : undefined) });
    return r.findings.map((f) => [f.ruleId, f.location.line]);
  }
  const head = ["import * as tf from '@tensorflow/tfjs';", "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' })] });", "m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'const out = m.predict(tf.zeros([2, 4]));'];
  it('an argMax or softmax in a branch taken for more than one unit: a ternary, a switch, an early return or throw, a width bound from the shape', () => {
    for (const tail of [
      ['const pred = out.shape[1] === 1 ? out.greater(0.5) : out.argMax(-1);'],
      ['let pred;', 'switch (out.shape[1]) {', '  case 1: pred = out.greater(0.5); break;', '  default: pred = out.argMax(-1);', '}'],
      ['function multiclass(o) {', "  if (o.shape[1] < 2) throw new Error('binary');", '  return o.argMax(-1);', '}', 'multiclass(out);'],
      ['function decide(o) {', '  const [, width] = o.shape;', '  if (width === 1) return o.greater(0.5);', '  return o.argMax(-1);', '}', 'decide(out);'],
      ['const p = out.shape[1] === 1 ? out.sigmoid() : out.softmax();'],
    ]) assert.deepStrictEqual(js([...head, ...tail]), [], tail.join('\n'));
  });
  it('guard: the same argMax outside any branch is reported', () => {
    assert.deepStrictEqual(js([...head, 'const pred = out.argMax(-1);']), [['argmax-single-unit', 5]]);
  });
});

describe('round 37: a notebook cell that fails alone leaves the cells before and after it whole', () => {
  before(() => initPython());
  /** Findings (rule, cell-joined line) and problem count of a notebook of `cells`. */
  function notebook(cells) {
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((lines) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: lines.map((l) => l + '\n') })) });
    const file = '/virtual/a.ipynb';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? nb : undefined) });
    return { problems: r.problems.length, rules: r.findings.map((f) => f.ruleId) };
  }
  const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))'];
  it('a class in the cell before an exercise cell that binds nothing (`print(1, 2`, `@dec`, `s = """a`) is still read', () => {
    for (const broken of [['print(1, 2'], ['@dec'], ['s = """a'], ['x = 1 + \\']]) {
      assert.deepStrictEqual(notebook([net, broken, ['model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']]), { problems: 1, rules: ['sigmoid-before-logits-loss'] }, broken[0]);
    }
  });
  it('guard: in a .py file, a def just before an IndentationError is still not analysed', () => {
    const text = [...net, '      return torch.sigmoid(x)', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'].join('\n') + '\n';
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual([r.problems.length, r.findings.length], [1, 0]);
  });
});

describe('round 37: SyncBatchNorm conversion keeps the model', () => {
  before(() => initPython());
  it('`nn.SyncBatchNorm.convert_sync_batchnorm(model)` then DDP: the sigmoid model is still known', () => {
    const text = ['import torch', 'import torch.nn as nn', 'from torch.nn.parallel import DistributedDataParallel as DDP', 'model = nn.Sequential(nn.Linear(10, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())',
      'model = nn.SyncBatchNorm.convert_sync_batchnorm(model)', 'model = DDP(model, device_ids=[0])', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 7]]);
  });
});

describe('round 37: categorical-loss-single-unit offers the binary loss its page promises', () => {
  before(() => initPython());
  /** Each finding's rule and its suggestions' titles. */
  function suggested(lines) {
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? lines.join('\n') + '\n' : undefined) });
    return r.findings.map((f) => [f.ruleId, f.fix ? 'fix' : 'no fix', (f.suggestions || []).map((s) => s.title)]);
  }
  const keras = (head, loss) => ['from tensorflow import keras', `model = keras.Sequential([keras.layers.Dense(8, activation="relu"), ${head}])`, `model.compile(optimizer="adam", loss=${loss})`];
  it('Keras: the binary string on a sigmoid head, BinaryCrossentropy(from_logits=True) on a linear one', () => {
    assert.deepStrictEqual(suggested(keras('keras.layers.Dense(1, activation="sigmoid")', '"categorical_crossentropy"')), [['categorical-loss-single-unit', 'no fix', ["Use 'binary_crossentropy' for one unit"]]]);
    assert.deepStrictEqual(suggested(keras('keras.layers.Dense(1)', 'keras.losses.SparseCategoricalCrossentropy()')), [['categorical-loss-single-unit', 'no fix', ['Use BinaryCrossentropy(from_logits=True) for one unit']]]);
  });
  it('PyTorch: nn.CrossEntropyLoss() over one logit becomes nn.BCEWithLogitsLoss(); with arguments of its own, no edit', () => {
    const torch = (loss) => ['import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))', `loss = ${loss}(model(x), y)`];
    assert.deepStrictEqual(suggested(torch('nn.CrossEntropyLoss()')), [['categorical-loss-single-unit', 'no fix', ['Use nn.BCEWithLogitsLoss for one unit (float targets of shape (N, 1))']]]);
    assert.deepStrictEqual(suggested(torch('nn.CrossEntropyLoss(ignore_index=-1)')), [['categorical-loss-single-unit', 'no fix', []]]);
  });
});

describe('round 37: suggestions and messages', () => {
  before(() => initPython());
  function findings(lines) {
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? lines.join('\n') + '\n' : undefined) });
    return r.findings;
  }
  it('argmax over one unit with tf.argmax / keras.ops.argmax: the cut squeezed to (N,) and cast to integers, like the argmax it replaces', () => {
    const head = ['import tensorflow as tf', 'from keras import ops', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))'];
    const texts = (line) => findings([...head, line]).map((f) => (f.suggestions || []).map((s) => s.edits[0].text));
    assert.deepStrictEqual(texts('pred = tf.argmax(model(x), axis=1)'), [['tf.cast(tf.squeeze(model(x) > 0, -1), tf.int64)']]);
    assert.deepStrictEqual(texts('pred = ops.argmax(model(x), axis=-1)'), [['ops.cast(ops.squeeze(model(x) > 0, -1), "int64")']]);
  });
  it('a threshold on a linear head trained with a loss on probabilities says to fix the loss first (its cut is about right until then)', () => {
    const text = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'pred = model.predict(x) > 0.5'];
    const t = findings(text).find((f) => f.ruleId === 'threshold-logits');
    assert.match(t.message, /the loss it is trained with expects probabilities \(logits-into-probability-loss\)\. Once that loss takes logits, 0\.5 means probability 0\.62 here/);
    assert.strictEqual(t.fix, undefined);
  });
});

describe('round 37: Python semantics the first build read wrongly', () => {
  before(() => initPython());
  const logitsNet = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return self.fc(x)'];
  it('a class made by hooks its body does not show (a metaclass of its own, __new__, a base\'s __init_subclass__): what it computes is unknown', () => {
    const variants = [
      ['class Meta(type):', '    def __call__(cls, *a, **k):', '        return nn.Sequential(super().__call__(*a, **k), nn.Sigmoid())', ...logitsNet.slice(2).map((l, i) => (i === 0 ? 'class Net(nn.Module, metaclass=Meta):' : l))],
      ['class Base(nn.Module):', '    def __init_subclass__(cls, **kw):', '        super().__init_subclass__(**kw)', '        f = cls.forward', '        cls.forward = lambda self, x: torch.sigmoid(f(self, x))', ...logitsNet.slice(2).map((l, i) => (i === 0 ? 'class Net(Base):' : l))],
      [...logitsNet.slice(2), '    def __new__(cls, *a, **k):', '        return nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())'],
    ];
    for (const v of variants) assert.deepStrictEqual(found(['import torch', 'import torch.nn as nn', ...v, 'model = Net()', 'loss = nn.BCELoss()(model(x), y)']), [], v.join('\n'));
  });
  it('guard: abc.ABCMeta as the metaclass changes nothing', () => {
    const text = ['import abc', ...logitsNet.map((l, i) => (i === 2 ? 'class Net(nn.Module, metaclass=abc.ABCMeta):' : l)), 'model = Net()', 'loss = nn.BCELoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), [['logits-into-probability-loss', 11]]);
  });
  it('defaults are evaluated where the def or lambda is: `def build(act=ACT)` keeps the ACT of that moment', () => {
    const text = ['import torch', 'import torch.nn as nn', 'ACT = nn.Identity()', 'def build(act=ACT):', '    return nn.Sequential(nn.Linear(10, 1), act)', 'ACT = nn.Sigmoid()', 'model = build()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(text), []);
    const reverse = ['import torch', 'import torch.nn as nn', 'ACT = nn.Sigmoid()', 'def build(act=ACT):', '    return nn.Sequential(nn.Linear(10, 1), act)', 'ACT = nn.Identity()', 'model = build()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(reverse), [['sigmoid-before-logits-loss', 8]]);
  });
  it('a loss object handed away (partial(CRIT), **dict(criterion=CRIT)) is not switched for its other user', () => {
    const head = ['import functools', 'import torch', 'import torch.nn as nn', 'CRIT = nn.BCELoss()', 'net = nn.Linear(4, 1)', 'loss = CRIT(net(x), y)'];
    assert.deepStrictEqual(found(head, true), [['logits-into-probability-loss', 6, 'fix']]);
    assert.deepStrictEqual(found([...head, 'sig = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'crit = functools.partial(CRIT)', 'l2 = crit(sig(x), y)'], true), [['logits-into-probability-loss', 6, 'no fix']]);
    assert.deepStrictEqual(found([...head, 'def step(model, criterion, x, y):', '    return criterion(model(x), y)', 'l2 = step(**dict(model=net, criterion=CRIT, x=x, y=y))'], true), [['logits-into-probability-loss', 6, 'no fix']]);
  });
});

describe('round 37: lists sliced with written bounds', () => {
  before(() => initPython());
  it('a layer list built in a loop, trimmed by `layers = layers[:-1]` and ended by a sigmoid, is known', () => {
    const text = ['import torch', 'import torch.nn as nn', 'dims = [20, 64, 32, 1]', 'layers = []', 'for i, o in zip(dims[:-1], dims[1:]):', '    layers.append(nn.Linear(i, o))', '    layers.append(nn.ReLU())', 'layers = layers[:-1]', 'layers.append(nn.Sigmoid())', 'mlp = nn.Sequential(*layers)', 'loss = nn.BCEWithLogitsLoss()(mlp(x), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 11]]);
  });
  it('guard: `layers[:2]` of a list built in a loop keeps no known end', () => {
    const text = ['import torch', 'import torch.nn as nn', 'layers = []', 'for o in sizes:', '    layers.append(nn.Linear(8, o))', '    layers.append(nn.Sigmoid())', 'mlp = nn.Sequential(*layers[:2])', 'loss = nn.BCEWithLogitsLoss()(mlp(x), y)'];
    assert.deepStrictEqual(found(text), []);
  });
});

describe('round 37: a block with nothing under it', () => {
  before(() => initPython());
  it('"expected an indented block", as CPython says, at the line after the header; a comment is no body', () => {
    assert.deepStrictEqual(problems('import torch\nfor i in range(3):\nmodel = 1\n'), ['Parsing error: expected an indented block at line 3, column 1']);
    assert.deepStrictEqual(problems('import torch\nif x:\n    # todo\ny = 1\n'), ['Parsing error: expected an indented block at line 4, column 1']);
  });
  it('guard: one-line bodies and `pass` are bodies', () => {
    assert.deepStrictEqual(problems('import torch\nclass A: pass\ndef f(): ...\nfor i in x:\n    pass\n'), []);
  });
});

describe('round 37: another file named in a message', () => {
  before(() => initPython());
  it('by its path from the reporting file\'s folder (several folders may each have a models.py), by its base name beside it', () => {
    const files = {
      'gan_c/models.py': ['import torch.nn as nn', 'net = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())'],
      'train/run.py': ['import sys', 'sys.path.insert(0, "../gan_c")', 'import torch.nn as nn', 'from models import net', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'],
    };
    const texts = new Map(Object.entries(files).map(([name, lines]) => [`/virtual/p/${name}`, lines.join('\n') + '\n']));
    const r = lintProject([...texts.keys()], {}, { readFile: (f) => texts.get(f) });
    assert.deepStrictEqual(r.findings.map((f) => f.message.match(/\(([^)]*)\)\.$/)[1]), ['../gan_c/models.py:2']);
  });
});

describe('round 37: IPython lines inside a block', () => {
  before(() => initPython());
  it('guard: a block of magics and shell lines only (`if not exists: !pip install ...`) is no empty block', () => {
    const cells = [['import os', 'import torch', "if not os.path.exists('data'):", '    !pip install -q torch_snippets', '    !wget -qq https://example.com/d.zip', 'elif mode == "tb":', '    %load_ext tensorboard']];
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((lines) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: lines.map((l) => l + '\n') })) });
    const file = '/virtual/a.ipynb';
    assert.deepStrictEqual(lintProject([file], {}, { readFile: (f) => (f === file ? nb : undefined) }).problems, []);
  });
});

describe('round 37: class hooks that only register the class', () => {
  before(() => initPython());
  it('guard: a metaclass or __init_subclass__ that only keeps the class in a registry changes nothing', () => {
    const net = ['    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return self.fc(x)'];
    const meta = ['import torch', 'import torch.nn as nn', 'REG = {}', 'class Reg(type(nn.Module)):', '    def __new__(mcls, name, bases, ns):', '        cls = super().__new__(mcls, name, bases, ns)', '        REG[name] = cls', '        return cls', 'class Net(nn.Module, metaclass=Reg):', ...net, 'loss = nn.BCELoss()(Net()(x), y)'];
    assert.deepStrictEqual(found(meta).map(([r]) => r), ['logits-into-probability-loss']);
    const sub = ['import torch', 'import torch.nn as nn', 'REG = {}', 'class Base(nn.Module):', '    def __init_subclass__(cls, **kw):', '        super().__init_subclass__(**kw)', '        REG[cls.__name__] = cls', 'class Net(Base):', ...net, 'loss = nn.BCELoss()(Net()(x), y)'];
    assert.deepStrictEqual(found(sub).map(([r]) => r), ['logits-into-probability-loss']);
  });
});
