// Round 50 (mend50f, session 38): a function read from the module's namespace by a method
// (`globals().get("evaluate")`, `dict(globals())[...]`, `importlib.import_module(__name__)`) reads
// what it is given there; and logits given to what reads probabilities by nature: scikit-learn's
// Brier score and calibration curve, torch.bernoulli and torch.distributions.Bernoulli(probs=). Every case fails on the frozen build (/work/s38a, 7356e02) but the
// guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

describe('round 50: a function read from the module\'s namespace by a method reads what it is given', () => {
  before(() => initPython());
  // evaluate() cuts at 0.5 what a logits model gives it (line 8; its rewrite to 0 is the fix) and
  // what the sigmoid model gives it through the namespace.
  const head = ['import sys', 'import importlib', 'import keras', 'from keras import layers', 'from sklearn.metrics import accuracy_score', 'from importlib import import_module',
    'def evaluate(m):', '    return accuracy_score(y, m.predict(x) > 0.5)',
    'model = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)', 'print(evaluate(model))',
    'sig = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])', 'sig.compile(optimizer="adam", loss="binary_crossentropy")'];
  const cases = {
    'globals().get("evaluate")(sig)': ['print(globals().get("evaluate")(sig))'],
    'g = globals(); g.get("evaluate", None)(sig)': ['g = globals()', 'print(g.get("evaluate", None)(sig))'],
    'ns = dict(globals()); ns["evaluate"](sig)': ['ns = dict(globals())', 'print(ns["evaluate"](sig))'],
    'globals().copy()["evaluate"](sig)': ['print(globals().copy()["evaluate"](sig))'],
    'me = importlib.import_module(__name__); me.evaluate(sig)': ['me = importlib.import_module(__name__)', 'print(me.evaluate(sig))'],
    'import_module(__name__).evaluate(sig), imported by name': ['print(import_module(__name__).evaluate(sig))'],
    'getattr(importlib.import_module(__name__), "evaluate")(sig)': ['print(getattr(importlib.import_module(__name__), "evaluate")(sig))'],
    'globals().get(name)(sig), a name we cannot read': ['print(globals().get(name)(sig))'],
    '__import__(__name__).evaluate(sig)': ['print(__import__(__name__).evaluate(sig))'],
    'for f in globals().values(): f(sig)': ['for f in list(globals().values()):', '    if callable(f): f(sig)'],
  };
  for (const [name, extra] of Object.entries(cases)) {
    it(`${name}: the cut at 0.5 is not rewritten`, () => {
      assert.deepStrictEqual(fixes([...head, ...extra]), [], extra.join('\n'));
    });
  }
  it('guard: globals().update(...), .get of another name, a key loop and import_module of another module keep the rewrite to 0', () => {
    assert.deepStrictEqual(fixes(head), [['threshold-logits', 8]]);
    for (const extra of [['globals().update({"lr": 0.1, "epochs": 3})'], ['globals().update(cfg)'], ['print(globals().get("accuracy_score"))'],
      ['for k in list(globals().keys()):', '    print(k)'], ['ns = dict(globals())', 'print(ns["accuracy_score"])'], ['js = importlib.import_module("json")']]) {
      assert.deepStrictEqual(fixes([...head, ...extra]), [['threshold-logits', 8]], extra.join('\n'));
    }
  });
});

describe('round 50: logits given to scikit-learn\'s Brier score and calibration curve, and to torch\'s Bernoulli samplers', () => {
  before(() => initPython());
  // A linear head trained with BCEWithLogitsLoss: its output s is logits.
  const head = ['import torch', 'from torch import nn', 'from sklearn.metrics import brier_score_loss', 'from sklearn.calibration import calibration_curve', 'from torch.distributions import Bernoulli',
    'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))', 'crit = nn.BCEWithLogitsLoss()',
    'for x, y in loader:', '    crit(model(x), y).backward()', 'with torch.no_grad():', '    s = model(xv).squeeze(1)'];
  const reported = (extra) => found([...head, ...extra]).filter((f) => f[0] === 'logits-into-probability-loss');
  const cases = {
    'brier_score_loss(yv, s.numpy())': 'print(brier_score_loss(yv, s.numpy()))',
    'brier_score_loss(yv, y_prob=s.numpy())': 'print(brier_score_loss(yv, y_prob=s.numpy()))',
    'brier_score_loss(y_true=yv, y_proba=s.numpy())': 'print(brier_score_loss(y_true=yv, y_proba=s.numpy()))',
    'calibration_curve(yv, s.numpy(), n_bins=10)': 'frac, mean = calibration_curve(yv, s.numpy(), n_bins=10)',
    'calibration_curve(yv, y_prob=s.numpy())': 'frac, mean = calibration_curve(yv, y_prob=s.numpy())',
    'torch.distributions.Bernoulli(probs=s)': 'd = torch.distributions.Bernoulli(probs=s)',
    'Bernoulli(s), imported by name': 'd = Bernoulli(s)',
    'torch.bernoulli(s)': 'print(torch.bernoulli(s))',
  };
  for (const [name, line] of Object.entries(cases)) {
    it(`${name}: reported, with no edit`, () => {
      assert.deepStrictEqual(reported([line]), [['logits-into-probability-loss', 12, 'none']]);
      assert.match(lintLines([...head, line]).findings[0].message, /raises an? \w+Error for values outside \[0, 1\]/);
    });
  }
  it('guard: the probabilities (a sigmoid applied), a sigmoid model, and torch\'s readers given probs=sigmoid / logits= stay silent', () => {
    assert.deepStrictEqual(reported(['print(brier_score_loss(yv, torch.sigmoid(s).numpy()))', 'calibration_curve(yv, torch.sigmoid(s).numpy())']), []);
    assert.deepStrictEqual(reported(['d = torch.distributions.Bernoulli(probs=torch.sigmoid(s))', 'c = torch.distributions.Categorical(logits=s)', 'print(torch.bernoulli(torch.sigmoid(s)))']), []);
    const sig = ['import torch', 'from torch import nn', 'from sklearn.metrics import brier_score_loss',
      'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'crit = nn.BCELoss()', 'for x, y in loader:', '    crit(model(x), y).backward()',
      'print(brier_score_loss(yv, model(xv).detach().numpy()))'];
    assert.deepStrictEqual(found(sig), []);
    assert.deepStrictEqual(found([...sig, 'd = torch.distributions.Bernoulli(probs=model(xv))', 'print(torch.bernoulli(model(xv)))']), []);
    // A policy's linear head sampled with no loss that says it is logits: no finding.
    assert.deepStrictEqual(found(['import torch', 'from torch import nn', 'policy = nn.Linear(4, 1)', 'a = torch.distributions.Bernoulli(probs=policy(obs)).sample()', 'b = torch.bernoulli(policy(obs))']), []);
    // A linear output nothing says is logits (no loss trains it here): no finding.
    assert.deepStrictEqual(found(['import torch', 'from torch import nn', 'from sklearn.metrics import brier_score_loss', 'model = nn.Linear(10, 1)', 'print(brier_score_loss(yv, model(xv).detach().numpy()))']), []);
  });
});
