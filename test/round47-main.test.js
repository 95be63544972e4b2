// Session 35's own mends of round 46's leftovers: what a Trainer's text says is read without its
// comments, and a sigmoid over every class of a cross-entropy model is worded as such.
// Every case fails on the session's first build (926dfc0) but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 47: what the program says is its code, not its comments', () => {
  before(() => initPython());
  const hf = (between) => ['import numpy as np', 'from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments',
    'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=5, problem_type="multi_label_classification")', ...between,
    'trainer = Trainer(model=model, args=TrainingArguments("o"), train_dataset=train_ds)', 'trainer.train()',
    'preds = trainer.predict(test_ds).predictions', 'print((preds > 0.5).astype(int))'];
  const decision = (between) => 7 + between.length;

  it('a comment naming trainer.model =, ignore_keys or problem_type changes nothing: the cut at 0.5 on logits is reported', () => {
    for (const between of [['# trainer.model = best_model would swap it'], ['# evaluate(ignore_keys=["hidden_states"]) is not used'],
      ['# model.config.problem_type = "regression"  (tried, worse)'], ['x = 1  # keys_to_ignore_at_inference']]) {
      assert.deepStrictEqual(found(hf(between)), [['threshold-logits', decision(between), 'fix']], between.join('; '));
    }
  });
  it('guard: the same words as code still make the predictions unknown', () => {
    for (const between of [['trainer_model = None', 'class T: pass', 'other = T()', 'other.model = model'], ['model.config.problem_type = "regression"']]) {
      assert.deepStrictEqual(found(hf(between)), [], between.join('; '));
    }
  });
  it('a "#" inside a string is no comment (the text after it is still code)', () => {
    const { codeOf } = require('../out/rules/engine/python/parser');
    const { parsePython } = require('../out/rules/engine/python/parser');
    const text = 's = "a # b"\nx = 1  # trainer.model = m\ny.model = 2\n';
    const code = codeOf(parsePython('/virtual/c.py', text));
    assert.strictEqual(code.length, text.length);
    assert.ok(code.includes('"a # b"'));
    assert.ok(!code.includes('trainer.model'));
    assert.ok(code.includes('y.model = 2'));
  });
});

describe('round 47: a sigmoid over every class of a cross-entropy model', () => {
  before(() => initPython());
  const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 5))',
    'criterion = nn.CrossEntropyLoss()', 'for xb, yb in loader:', '    criterion(model(xb), yb).backward()',
    'out = model(xtest)', 'every = torch.sigmoid(out) > 0.5', 'one = torch.sigmoid(out)[:, 1] > 0.5'];
  it("is worded as each class's sigmoid read as its probability; one class picked out keeps its wording", () => {
    const fs = lintLines(lines).findings.filter((f) => f.ruleId === 'threshold-logits');
    assert.deepStrictEqual(fs.map((f) => f.location.line), [8, 9]);
    assert.match(fs[0].message, /the sigmoid of each class's logit \(line 8\) as each class's probability/);
    assert.match(fs[1].message, /a sigmoid of one class's logit \(line 9\) as that class's probability/);
  });
});

describe('round 47: tfjs promises', () => {
  const head = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', 'model.add(tf.layers.dense({units: 1, inputShape: [4]}));',
    "model.compile({optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy});"];
  const lint = (tail) => lintLines([...head, ...tail], 'app.js').findings.map((f) => [f.ruleId, f.location.line]);
  it('`await Promise.resolve(x)` is x: the cut at 0.5 on logits is reported', () => {
    assert.deepStrictEqual(lint(['async function f(xt) { const p = await Promise.resolve(model.predict(xt).data()); return p[0] > 0.5; }']), [['threshold-logits', 5]]);
  });
  it("a `.then` of a promise we know nothing of still hands on what its callback returns", () => {
    assert.deepStrictEqual(lint(['Promise.resolve().then(() => model.predict(xt).data()).then(p => { console.log(p[0] > 0.5); });']), [['threshold-logits', 5]]);
  });
  it('guard: `Promise.resolve()` of nothing and `Promise.all` stay unknown (silent)', () => {
    assert.deepStrictEqual(lint(['Promise.resolve().then(p => console.log(p > 0.5));', 'Promise.all([model.predict(xt).data()]).then(p => console.log(p > 0.5));']), []);
  });
});

describe('round 47: thousands of fixes in one file (found quadratic by the red team)', () => {
  const { applySafeFixes } = require('../out/server/cli/fix');
  const { applyEdits } = require('../out/rules/text');
  // A seeded generator: the same cases on every run.
  let seed = 47;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const overlaps = (a, b) => (a.start === a.end && b.start === b.end ? a.start === b.start : a.start < b.end && b.start < a.end);

  it('guard: the fixes picked are those a scan of every fix picked before allows (inserts, replacements, shared starts)', () => {
    for (let t = 0; t < 2000; t++) {
      const text = 'abcdefghij'.repeat(6);
      const findings = Array.from({ length: 12 }, (_, i) => {
        const start = rand(58);
        const end = rand(10) < 3 ? start : Math.min(60, start + rand(6));
        return { fix: { safe: true, edits: [{ file: 'f', start, end, text: String(i % 10) }] } };
      });
      const fixes = findings.map((f) => f.fix).sort((a, b) => a.edits[0].start - b.edits[0].start);
      const picked = [];
      const seen = new Set();
      for (const f of fixes) {
        const key = JSON.stringify(f.edits);
        if (seen.has(key)) continue;
        seen.add(key);
        if (!picked.some((p) => overlaps(p, f.edits[0]))) picked.push(f.edits[0]);
      }
      const got = applySafeFixes(findings, () => text);
      assert.strictEqual(got.applied, picked.length, `case ${t}`);
      assert.strictEqual(got.texts.get('f') ?? text, applyEdits(text, picked), `case ${t}`);
    }
  });
  it('guard: applyEdits gives what applying the edits one by one from the end gives', () => {
    const oneByOne = (text, edits) => {
      let out = text;
      let last = Infinity;
      for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
        if (e.end > last) continue;
        out = out.slice(0, e.start) + e.text + out.slice(e.end);
        last = e.start;
      }
      return out;
    };
    for (let t = 0; t < 2000; t++) {
      const text = 'x = model(x)\n'.repeat(5);
      const edits = Array.from({ length: rand(8) }, () => {
        const start = rand(text.length + 3);
        return { file: 'f', start, end: start + rand(5), text: ['', 'y', '> 0', 'sigmoid('][rand(4)] };
      });
      assert.strictEqual(applyEdits(text, edits), oneByOne(text, edits), JSON.stringify(edits));
    }
  });
});

describe("round 47: SciPy's activations on arrays", () => {
  before(() => initPython());
  const torchModel = ['import torch', 'from torch import nn', 'from scipy.special import expit, softmax', 'model = nn.Linear(16, 1)',
    'x, y = torch.randn(8, 16), torch.rand(8, 1).round()', 'z = model(x)', 'nn.BCEWithLogitsLoss()(z, y).backward()'];
  it('scipy.special.expit is the sigmoid: a cut at 0 of its output is reported', () => {
    assert.deepStrictEqual(found([...torchModel, 'p = expit(z.detach().numpy())', 'pred = (p > 0).astype(int)', 'print((pred == y.numpy()).mean())']), [['zero-threshold-on-probabilities', 9, 'fix']]);
  });
  it('in a Hugging Face compute_metrics (import scipy.special as written)', () => {
    const lines = ['import numpy as np', 'import scipy.special', 'from transformers import AutoModelForSequenceClassification, Trainer',
      'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=6, problem_type="multi_label_classification")',
      'def compute_metrics(eval_pred):', '    logits, labels = eval_pred', '    probs = scipy.special.expit(logits)', '    preds = (probs > 0).astype(int)',
      '    return {"acc": (preds == labels).mean()}', 'trainer = Trainer(model=model, compute_metrics=compute_metrics)'];
    assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['zero-threshold-on-probabilities', 8]]);
  });
  it('guard: expit then 0.5 is right (silent); softmax without an axis stays unknown', () => {
    assert.deepStrictEqual(found([...torchModel, 'p = expit(z.detach().numpy())', 'pred = (p > 0.5).astype(int)']), []);
    assert.deepStrictEqual(found([...torchModel, 'p = softmax(z.detach().numpy())', 'pred = (p > 0).astype(int)', 'print((pred == y.numpy()).mean())']), []);
  });
  it("guard: SciPy's softmax stays unknown, with an axis or without (an edit written as torch's would name a scipy.special.sigmoid that does not exist)", () => {
    assert.deepStrictEqual(found([...torchModel, 'p = softmax(z.detach().numpy(), axis=1)']), []);
    assert.deepStrictEqual(found([...torchModel, 'p = softmax(z.detach().numpy(), axis=None)']), []);
  });
});

describe('round 47: bytes joined to text', () => {
  before(() => initPython());
  it('is a syntax error where CPython 3.11 puts it (the joined literal\'s end)', () => {
    const { parsePython } = require('../out/rules/engine/python/parser');
    for (const [text, line, column] of [['x = "a" b"bb" "c"\n', 1, 18], ['x = b"a" "bb"\n', 1, 14], ['x = f"a" b"bb"\n', 1, 15], ['x = ("a"\n  "b"\n  b"c")\n', 3, 7]]) {
      const e = parsePython('/virtual/b.py', text).error;
      assert.deepStrictEqual(e && [e.message, e.line, e.column], ['syntax error: cannot mix bytes and nonbytes literals', line, column], text);
    }
  });
  it('guard: text joined to text, bytes to bytes (any prefix case) are sound', () => {
    const { parsePython } = require('../out/rules/engine/python/parser');
    for (const text of ['x = "a" "b"\n', 'y = b"a" rb"b" Br"c"\n', 'z = (f"{1}" r"b" u"c")\n', 'w = "b" "a"  # b"x"\n']) assert.strictEqual(parsePython('/virtual/b.py', text).error, undefined, text);
  });
});

describe("round 47: a decorator's wrapper", () => {
  before(() => initPython());
  const deco = ['import functools', 'import torch', 'from torch import nn', 'def logged(fn):', '    @functools.wraps(fn)', '    def inner(*args, **kwargs):',
    '        out = fn(*args, **kwargs)', '        print(out.shape)', '        return out', '    return inner'];
  const net = (forward) => ['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)', '    @logged', '    def forward(self, x):', `        return ${forward}`];
  it('a passthrough wrapper (functools.wraps, *args, **kwargs) on forward is followed: sigmoid into BCEWithLogitsLoss is reported', () => {
    const lines = [...deco, ...net('torch.sigmoid(self.fc(x))'), 'model = Net()', 'x, y = torch.randn(8, 16), torch.rand(8, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['sigmoid-before-logits-loss', 20]]);
  });
  it('stacked decorators, one with arguments, on a training function: its argmax over one unit is reported', () => {
    const lines = [...deco, 'def retry(n):', '    def wrap(fn):', '        def again(*a, **k):', '            return fn(*a, **k)', '        return again', '    return wrap',
      '@logged', '@retry(3)', 'def evaluate(model, xb):', '    return model(xb).argmax(dim=1)', 'print(evaluate(nn.Linear(16, 1), torch.randn(8, 16)))'];
    assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['argmax-single-unit', 20]]);
  });
  it('a wrapper shared by two models of different losses: reported for the wrong one, with no edit to the shared wrapper', () => {
    const squash = ['import torch', 'from torch import nn', 'def squash(fn):', '    def wrapper(self, x):', '        return torch.sigmoid(fn(self, x))', '    return wrapper'];
    const cls = (n) => [`class ${n}(nn.Module):`, '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)', '    @squash', '    def forward(self, x):', '        return self.fc(x)'];
    const lines = [...squash, ...cls('A'), ...cls('B'), 'x, y = torch.randn(8, 16), torch.rand(8, 1)', 'l1 = nn.BCEWithLogitsLoss()(A()(x), y)', 'l2 = nn.BCELoss()(B()(x), y)'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 22, 'suggestion']]);
  });
  it('`from functools import wraps` is the same; a workspace function named wraps is not trusted by its name', () => {
    const lines = (wraps) => [...wraps, 'import torch', 'from torch import nn', 'def logged(fn):', '    @wraps(fn)', '    def inner(*args, **kwargs):', '        return fn(*args, **kwargs)', '    return inner',
      '@logged', 'def evaluate(model, xb):', '    return model(xb).argmax(dim=1)', 'print(evaluate(nn.Linear(16, 1), torch.randn(8, 16)))'];
    assert.deepStrictEqual(found(lines(['from functools import wraps'])).map((f) => f.slice(0, 2)), [['argmax-single-unit', 11]]);
    const own = ['def wraps(fn):', '    def deco(w):', '        def sig(*a, **k):', '            return torch.sigmoid(w(*a, **k))', '        return sig', '    return deco'];
    assert.deepStrictEqual(found(lines(own)).filter((f) => f[2] === 'fix'), []);
  });
  it('guard: a decorator made by a class, or returning something we cannot read, still leaves the function unknown (silent)', () => {
    const lines = ['import torch', 'from torch import nn', 'class Logged:', '    def __init__(self, fn):', '        self.fn = fn', '    def __call__(self, *a):', '        return self.fn(*a)',
      '@Logged', 'def evaluate(model, xb):', '    return model(xb).argmax(dim=1)', 'print(evaluate(nn.Linear(16, 1), torch.randn(8, 16)))'];
    assert.deepStrictEqual(found(lines), []);
  });
});
