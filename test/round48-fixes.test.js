// Red team round 47's leftovers (mended in session 36): threshold sweeps written with a step the
// analysis did not read (`t = t.__add__(0.05)`, a tuple assignment, a value of a counter stepped beside
// it), reported as cuts at 0; and harmful safe fixes: a loop setting changed four containers down, a
// shared wrapper whose other use sits under a decorator we cannot read, a child process's `global x;
// x = ...` taken for the parent's. Every case fails on the frozen build (/work/s36a, f19e1f1) but the
// guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const at = (lines) => found(lines).map((f) => f.slice(0, 2));
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

describe('round 48: a threshold that differs from pass to pass because what it is computed from is stepped', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))',
    'nn.BCEWithLogitsLoss()(model(xb), yb).backward()', 'p = torch.sigmoid(model(X_val)).detach().numpy().ravel()'];
  for (const [how, body] of [['stepped by `t.__add__(0.05)`', ['t = 0.0', 'while t < 1:', '    print(f1_score(y_val, p > t))', '    t = t.__add__(0.05)']],
    ['stepped by a tuple assignment', ['t, best = 0.0, 0.0', 'while t < 1.0:', '    f = f1_score(y_val, p > t)', '    t, best = t + 0.05, max(best, f)']],
    ['computed from a counter stepped after it', ['i = 0', 'while i <= 20:', '    t = i / 20', '    print(t, f1_score(y_val, p > t))', '    i += 1']],
    ['recomputed from a counter at the end of the pass', ['i = 0', 't = 0.0', 'while i <= 20:', '    print(t, f1_score(y_val, p > t))', '    i += 1', '    t = i * 0.05']],
    ['an item of a list at a counter', ['ts = [0.0, 0.25, 0.5, 0.75]', 'i = 0', 'while i < 4:', '    print(f1_score(y_val, p > ts[i]))', '    i = i + 1']],
    ['chosen by a condition on a counter', ['i = 0', 'while i <= 20:', '    t = 0.0 if i == 0 else i / 20', '    print(f1_score(y_val, p > t))', '    i += 1']],
    ['chosen by an if/else on a counter', ['i = 0', 'while i <= 20:', '    if i == 0:', '        t = 0.0', '    else:', '        t = i / 20', '    print(f1_score(y_val, p > t))', '    i += 1']],
    ['stepped by `operator.add(t, 0.05)`', ['import operator', 't = 0.0', 'while t < 1:', '    print(f1_score(y_val, p > t))', '    t = operator.add(t, 0.05)']],
    ['stepped with its counter in one tuple assignment', ['i, t = 0, 0.0', 'while i < 20:', '    print(f1_score(y_val, p > t))', '    i, t = i + 1, (i + 1) / 20']]]) {
    it(`${how}: a sweep, no cut at 0`, () => assert.deepStrictEqual(found([...head, ...body]), [], body.join('; ')));
  }
  it('guard: a counter stepped beside a threshold that is not computed from it, or a tuple assignment that rebinds it to 0: the cut at 0 is reported', () => {
    for (const body of [['i = 0', 't = 0.0', 'while i <= 20:', '    print(f1_score(y_val, p > t))', '    i += 1'],
      ['i = 0', 'while i <= 20:', '    t = 0.0', '    print(f1_score(y_val, p > t))', '    i += 1'],
      ['t, best = 0.0, 0.0', 'while best < 1.0:', '    f = f1_score(y_val, p > t)', '    best, t = max(best, f), 0.0']]) {
      const lines = [...head, ...body];
      const line = lines.findIndex((l) => l.includes('p > t')) + 1;
      assert.deepStrictEqual(at(lines), [['zero-threshold-on-probabilities', line]], body.join('; '));
    }
  });
  it('guard: a fixed cut at 0 in a training loop whose step counter is stepped beside it is reported with its fix', () => {
    const lines = [...head, 'step = 0', 'for xb2, yb2 in loader:', '    step += 1', '    pred = p > 0', '    print(step, f1_score(y_val, pred))'];
    assert.deepStrictEqual(found(lines), [['zero-threshold-on-probabilities', 10, 'fix']]);
  });
  it('guard: a real sweep stepped by `+=` stays silent', () => {
    assert.deepStrictEqual(found([...head, 't = 0.0', 'while t < 1:', '    print(f1_score(y_val, p > t))', '    t += 0.05']), []);
  });
});

describe('round 48: a setting changed deeper than three containers down', () => {
  before(() => initPython());
  const build = ['import numpy as np', 'import tensorflow as tf', 'def build(act=None):',
    '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation=act)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=act is None), optimizer="adam")', '    return m', 'class A: pass'];
  const loop = (make, change) => ['for fold in range(5):', `    m = build(${make})`, '    m.fit(X, y)', '    print(((m.predict(X_test) > 0.5) == y_test).mean())', `    ${change}`];
  it('four and six levels down (`a.b.c.d["act"] = "sigmoid"`): no rewrite to a cut at 0', () => {
    assert.deepStrictEqual(fixes([...build, 'a = A(); a.b = A(); a.b.c = A(); a.b.c.d = {"act": None}', ...loop('a.b.c.d["act"]', 'a.b.c.d["act"] = "sigmoid"')]), []);
    assert.deepStrictEqual(fixes([...build, 'cfg = {"a": {"b": {"c": {"d": {"e": {"act": None}}}}}}', ...loop('cfg["a"]["b"]["c"]["d"]["e"]["act"]', 'cfg["a"]["b"]["c"]["d"]["e"]["act"] = "sigmoid"')]), []);
  });
  it('a container rebound to one holding another setting four levels down: no rewrite', () => {
    assert.deepStrictEqual(fixes([...build, 'cfg = {"a": {"b": {"c": {"act": None}}}}', ...loop('cfg["a"]["b"]["c"]["act"]', 'cfg = {"a": {"b": {"c": {"act": "sigmoid"}}}}')]), []);
  });
  it('guard: nothing changed four levels down (a counter beside it): the cut at 0.5 on logits keeps its fix', () => {
    assert.deepStrictEqual(fixes([...build, 'a = A(); a.b = A(); a.b.c = A(); a.b.c.d = {"act": None}', ...loop('a.b.c.d["act"]', 'print(fold)')]), [['threshold-logits', 12]]);
  });
});

describe('round 48: a setting that functions the loop calls read and change', () => {
  before(() => initPython());
  const build = ['import numpy as np', 'import tensorflow as tf', 'def build(act=None):',
    '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation=act)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=act is None), optimizer="adam")', '    return m', 'class A: pass'];
  const cut = (m) => `print(((${m}.predict(X_test) > 0.5) == y_test).mean())`;
  const helpers = (init, read, change) => [...build, init, 'def get():', `    return ${read}`, 'def bump():', `    ${change}`];
  const loop = ['for fold in range(5):', '    m = build(get())', '    m.fit(X, y)', `    ${cut('m')}`, '    bump()'];
  for (const [init, read, change] of [['cfg = {"act": None}', 'cfg["act"]', 'cfg["act"] = "sigmoid"'], ['cfg = [[[[None]]]]', 'cfg[0][0][0][0]', 'cfg[0][0][0][0] = "sigmoid"'],
    ['a = A(); a.b = A(); a.b.c = A(); a.b.c.d = {"act": None}', 'a.b.c.d["act"]', 'a.b.c.d["act"] = "sigmoid"']]) {
    it(`the loop's body names neither (\`${change}\` in a function): no rewrite to a cut at 0`, () => assert.deepStrictEqual(fixes([...helpers(init, read, change), ...loop]), []));
  }
  it('called again after the change, outside any loop: the second call reads the new setting, no rewrite of its right cut', () => {
    const lines = [...helpers('cfg = {"act": None}', 'cfg["act"]', 'cfg["act"] = "sigmoid"'), 'm = build(get())', 'm.fit(X, y)', 'print(((m.predict(X_test) > 0) == y_test).mean())',
      'bump()', 'm2 = build(get())', 'm2.fit(X, y)', cut('m2')];
    assert.deepStrictEqual(found(lines), []);
  });
  it('guard: the functions change nothing: the cut at 0.5 on logits keeps its fix', () => {
    assert.deepStrictEqual(fixes([...helpers('cfg = {"act": None}', 'cfg["act"]', 'print(cfg)'), ...loop]), [['threshold-logits', 16]]);
  });
});

describe('round 48: a wrapper shared with a use under a decorator we cannot read', () => {
  before(() => initPython());
  const head = ['import functools', 'import torch', 'from torch import nn', 'import wandb', 'x, y = torch.randn(8, 16), torch.rand(8, 1).round()',
    'def binarize(fn):', '    @functools.wraps(fn)', '    def inner(*a, **k):', '        return (fn(*a, **k) > 0.5).float()', '    return inner',
    'model = nn.Linear(16, 1)', 'nn.BCEWithLogitsLoss()(model(x), y).backward()', '@binarize', 'def logits(xb):', '    return model(xb)'];
  const probs = (decos) => [...head, ...decos, 'def probs(xb):', '    return torch.sigmoid(model(xb))', 'print(logits(x).mean(), probs(x).mean())'];
  it('the unknown decorator under ours: our wrapper still wraps what it makes, the cut at 0.5 is not rewritten', () => {
    assert.deepStrictEqual(fixes(probs(['@binarize', '@wandb.unknown_thing'])), []);
  });
  it('guard: the unknown decorator over ours (it may call the wrapper, which runs on the sigmoid model): no rewrite', () => {
    assert.deepStrictEqual(fixes(probs(['@wandb.unknown_thing', '@binarize'])), []);
  });
  it('guard: the wrapper used for logits only (the other function not decorated by it): the cut keeps its fix', () => {
    assert.deepStrictEqual(fixes([...head, '@wandb.unknown_thing', 'def probs(xb):', '    return torch.sigmoid(model(xb))', 'print(logits(x).mean(), probs(x).mean())']), [['threshold-logits', 9]]);
  });
});

describe('round 48: a child process\'s `global x; x = ...` is its own', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import multiprocessing as mp', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))',
    'nn.BCEWithLogitsLoss()(model(xb), yb).backward()'];
  for (const start of [['p = mp.Process(target=infer, args=(X,))', 'p.start(); p.join()'], ['with mp.Pool(2) as pool:', '    pool.apply(infer, (X,))'],
    ['from concurrent.futures import ProcessPoolExecutor', 'with ProcessPoolExecutor() as ex:', '    ex.submit(infer, X).result()']]) {
    it(`the child (${start.at(-1).trim()}) rebinds the module's name to probabilities: the parent's cut at 0 of its logits is not rewritten to 0.5`, () => {
      const lines = [...head, 'probs = model(X)', 'def infer(x):', '    global probs', '    probs = torch.sigmoid(model(x))', ...start, 'print(((probs > 0).float() == y).float().mean())'];
      assert.deepStrictEqual(fixes(lines), []);
    });
  }
  it('the child sets the module\'s head to a sigmoid: the parent\'s head is still none, its cut at 0.5 of logits is reported with its fix', () => {
    const lines = [...head, 'head = nn.Identity()', 'def export():', '    global head', '    head = nn.Sigmoid()', '    torch.onnx.export(nn.Sequential(model, head), torch.randn(1, 32), "m.onnx")',
      'p = mp.Process(target=export)', 'p.start(); p.join()', 'print(((head(model(X)) > 0.5).float() == y).float().mean())'];
    assert.deepStrictEqual(found(lines), [['threshold-logits', 13, 'fix']]);
  });
  it('the child calls a function of the module that rebinds the name (`def store(v): global probs; probs = v`): the parent\'s cut at 0 of its logits is not rewritten', () => {
    const lines = [...head, 'probs = model(X)', 'def store(v):', '    global probs', '    probs = v', 'def infer(x):', '    store(torch.sigmoid(model(x)))',
      'p = mp.Process(target=infer, args=(X,))', 'p.start(); p.join()', 'print(((probs > 0).float() == y).float().mean())'];
    assert.deepStrictEqual(fixes(lines), []);
  });
  it('guard: a thread calling that function rebinds the parent\'s name: the cut at 0 of the sigmoid output is reported', () => {
    const lines = [...head, 'import threading', 'probs = model(X)', 'def store(v):', '    global probs', '    probs = v', 'def infer(x):', '    store(torch.sigmoid(model(x)))',
      't = threading.Thread(target=infer, args=(X,))', 't.start(); t.join()', 'print(((probs > 0).float() == y).float().mean())'];
    assert.deepStrictEqual(at(lines), [['zero-threshold-on-probabilities', 15]]);
  });
  it('guard: a thread\'s `global probs` is the parent\'s: its cut at 0 of the sigmoid output is reported', () => {
    const lines = [...head, 'import threading', 'probs = model(X)', 'def infer(x):', '    global probs', '    probs = torch.sigmoid(model(x))', 't = threading.Thread(target=infer, args=(X,))',
      't.start(); t.join()', 'print(((probs > 0).float() == y).float().mean())'];
    assert.deepStrictEqual(at(lines), [['zero-threshold-on-probabilities', 13]]);
  });
});
