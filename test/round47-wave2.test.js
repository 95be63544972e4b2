// Red team 47d against the session's own mends (frozen build s35b): a child process's copies, sweeps
// that are none, rows of deeper random data, `del` of an item's item, tokenizers' overflow windows and
// an encoding's entries written under keys we do not know. Every case fails on s35b (110699d) but the
// guards, named in their titles. Wave 3 (red team 47f, on s35d = 776b1bd): the common K-fold and
// best-epoch loops that mend's second passes had silenced, numbers written under unknown keys, steps
// inside with/try; those cases fail on s35d (the K-fold ones pass on s35b: they guard the mend).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const at = (lines) => found(lines).map((f) => f.slice(0, 2));

describe('round 47, wave 2: a child process works on copies of what it is given', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import multiprocessing as mp', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))',
    'nn.BCEWithLogitsLoss()(model(xb), yb).backward()'];
  it('what the child appends to its list never reaches the parent\'s: the parent\'s cut at 0 on logits stays unreported', () => {
    const lines = [...head, 'results = []', 'def infer(x, out):', '    out.append(torch.sigmoid(model(x)))', 'p = mp.Process(target=infer, args=(X, results))',
      'p.start(); p.join()', 'results.append(model(X))', 'print(((results[0] > 0).float() == y).float().mean())'];
    assert.deepStrictEqual(found(lines), []);
  });
  it('a sigmoid the child adds to its copy of the model leaves the parent\'s logits: the parent\'s cut at 0.5 is reported with its fix', () => {
    const lines = [...head, 'def export(m):', '    m.append(nn.Sigmoid())', '    torch.onnx.export(m, torch.randn(1, 32), "m.onnx")', 'p = mp.Process(target=export, args=(model,))',
      'p.start(); p.join()', 'pred = (model(X_test) > 0.5).float()', 'print((pred == y_test).float().mean())'];
    assert.deepStrictEqual(found(lines), [['threshold-logits', 11, 'fix']]);
  });
  it('guard: a thread shares the parent\'s memory: what it appends is the parent\'s, so a cut at 0 of it is reported', () => {
    const lines = [...head, 'import threading', 'results = []', 'def infer(x, out):', '    out.append(torch.sigmoid(model(x)))', 't = threading.Thread(target=infer, args=(X, results))',
      't.start(); t.join()', 'print(((results[0] > 0).float() == y).float().mean())'];
    assert.deepStrictEqual(found(lines), [['zero-threshold-on-probabilities', 12, 'fix']]);
  });
});

describe('round 47, wave 2: a number the loop rebinds is a sweep only if it steps', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))',
    'nn.BCEWithLogitsLoss()(model(xb), yb).backward()', 'p = torch.sigmoid(model(X_val)).detach().numpy().ravel()'];
  it('rebound to the same 0 each pass, stepped under a condition, or in a loop that breaks after one pass: the cut at 0 is reported', () => {
    for (const body of [['thr = 0', 'for epoch in range(5):', '    print(f1_score(y_val, p > thr))', '    thr = 0'],
      ['t = 0.0', 'while True:', '    print(f1_score(y_val, p > t))', '    t += 0.1', '    break'],
      ['thr = 0', 'for epoch in range(200):', '    print(f1_score(y_val, p > thr))', '    if epoch > 100:', '        thr += 0.1'],
      ['thr = 0', 'for epoch in range(5):', '    print(f1_score(y_val, p > thr))', '    thr += 0']]) {
      assert.deepStrictEqual(at([...head, ...body]), [['zero-threshold-on-probabilities', 9]], body.join('; '));
    }
  });
  it('guard: stepped every pass (+=, t = t + step, round(t + 0.1, 2)): a sweep, no zero cut', () => {
    for (const step of ['t += 0.05', 't = t + 0.05', 't = round(t + 0.1, 2)']) assert.deepStrictEqual(found([...head, 't = 0.0', 'while t < 1:', '    print(f1_score(y_val, p > t))', `    ${step}`]), [], step);
  });
});

describe('round 47, wave 2: rows, items and entries', () => {
  before(() => initPython());
  const torchHead = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))'];
  it('a row of np.random data of three axes may be a batch: argmax without an axis over it is reported, as before', () => {
    const lines = [...torchHead, 'X = np.random.randn(5, 10, 32).astype(np.float32)', 'for i in range(5):', '    print(model(torch.from_numpy(X[i])).argmax() == labels[i])'];
    assert.deepStrictEqual(at(lines), [['argmax-batch-axis', 7]]);
  });
  it('`del results[0]["feat"]` deletes a key of the first item, not the item: two predictions stay a batch', () => {
    const lines = [...torchHead, 'xs = torch.randn(10, 32)', 'ys = torch.randint(0, 4, (10,))',
      'results = [{"logits": model(xs[0][None]).detach().numpy(), "feat": 1}, {"logits": model(xs[1][None]).detach().numpy(), "feat": 2}]',
      'del results[0]["feat"]', 'print(np.vstack([r["logits"] for r in results]).argmax() == ys.numpy()[:2])'];
    assert.deepStrictEqual(at(lines), [['argmax-batch-axis', 9]]);
  });
  const hf = ['import torch', 'from transformers import AutoTokenizer, AutoModelForSequenceClassification', 'tok = AutoTokenizer.from_pretrained("x")',
    'model = AutoModelForSequenceClassification.from_pretrained("x", num_labels=3)'];
  it('one text with return_overflowing_tokens gives one row per window: argmax without an axis is reported', () => {
    const lines = [...hf, 'enc = tok("long text", max_length=128, stride=32, return_overflowing_tokens=True, truncation=True, padding=True, return_tensors="pt")',
      'out = model(input_ids=enc.input_ids, attention_mask=enc.attention_mask)', 'print(out.logits.argmax() == labels)'];
    assert.deepStrictEqual(at(lines), [['argmax-batch-axis', 7]]);
  });
  it("an encoding's entries written under keys we do not know may be any rows: argmax without an axis is reported", () => {
    const lines = [...hf, 'enc = tok("one", return_tensors="pt")', 'for k, v in enc.items():', '    enc[k] = v.repeat(4, 1)', 'print(model(**enc).logits.argmax() == labels)'];
    assert.deepStrictEqual(at(lines), [['argmax-batch-axis', 8]]);
  });
  it('guard: one text, entries left alone: a batch of one, argmax without an axis is its class (silent)', () => {
    assert.deepStrictEqual(found([...hf, 'enc = tok("one", return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels)']), []);
  });
});

describe('round 47, wave 3: the common loops keep their findings', () => {
  before(() => initPython());
  it('a K-fold loop counting its folds, and the best epoch kept by deepcopy: the cut at 0.5 on logits after the loop keeps its fix', () => {
    const keras = ['import numpy as np', 'import tensorflow as tf', 'from sklearn.model_selection import KFold', 'fold_no = 1', 'for tr, va in KFold(5).split(X):',
      '    model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])',
      '    model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")', '    model.fit(X[tr], Y[tr])',
      '    model.save(f"model_{fold_no}.h5")', '    fold_no = fold_no + 1', 'pred = (model.predict(X_test) > 0.5).astype(int)'];
    assert.deepStrictEqual(found(keras), [['threshold-logits', 11, 'fix']]);
    const torch = ['import copy', 'import torch', 'from torch import nn', 'x, y = torch.randn(8, 16), torch.rand(8, 1).round()',
      'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))', 'best_model, best_loss = None, 1e9', 'for ep in range(5):',
      '    loss = nn.BCEWithLogitsLoss()(model(x), y)', '    loss.backward()', '    if loss.item() < best_loss:', '        best_loss = loss.item()',
      '        best_model = copy.deepcopy(model)', 'pred = (best_model(X_val) > 0.5).float()'];
    assert.deepStrictEqual(found(torch), [['threshold-logits', 13, 'fix']]);
  });
  it('a number written into a dict under a key we do not know leaves its tensors as they were', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'x, y = torch.randn(8, 16), torch.rand(8, 1).round()', 'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))',
      'nn.BCEWithLogitsLoss()(model(x), y).backward()', 'out = {"logits": model(x)}', 'for name in ["a", "b"]:', '    out[name + "_n"] = 3', 'print((out["logits"] > 0.5).float().mean())'];
    assert.deepStrictEqual(found(lines), [['threshold-logits', 9, 'fix']]);
  });
  it('guard: a Sequential built differently on the next pass (a setting changed) is still no single model: no safe fix', () => {
    const lines = ['import torch', 'from torch import nn', 'x, y = torch.randn(8, 16), torch.rand(8, 1).round()', 'act = nn.Identity()', 'for fold in range(3):',
      '    model = nn.Sequential(nn.Linear(16, 1), act)', '    nn.BCEWithLogitsLoss()(model(x), y).backward()', '    print((model(x) > 0.5).float().mean())', '    act = nn.Sigmoid()'];
    assert.deepStrictEqual(found(lines).filter((f) => f[2] === 'fix'), []);
  });
  it('a threshold stepped inside a with block or a try is a sweep (no zero cut)', () => {
    const head = ['import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))',
      'nn.BCEWithLogitsLoss()(model(xb), yb).backward()', 'p = torch.sigmoid(model(X_val)).detach().numpy().ravel()'];
    assert.deepStrictEqual(found([...head, 't = 0.0', 'while t < 1:', '    with open("log.txt", "a") as fh:', '        fh.write(str(f1_score(y_val, p > t)))', '        t += 0.05']), []);
    assert.deepStrictEqual(found([...head, 't = 0.0', 'while t < 1:', '    try:', '        print(f1_score(y_val, p > t))', '    finally:', '        t += 0.05']), []);
  });
});

describe('round 47, wave 3: settings the next pass builds with, read in ways the mends missed', () => {
  before(() => initPython());
  const build = ['import numpy as np', 'import tensorflow as tf', 'def build(act=None):',
    '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation=act)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=act is None), optimizer="adam")', '    return m'];
  const loop = (before, pick, change) => [...build, before, 'for fold in range(5):', `    m = build(${pick})`, '    m.fit(X, y)', '    print(((m.predict(X_test) > 0.5) == y_test).mean())', `    ${change}`];
  it('a container of settings rebound to one we cannot read, or a list grown and read from its end: no rewrite to 0', () => {
    for (const [before, pick, change] of [['state = {"act": None}', 'state["act"]', 'state = {**state, "act": "sigmoid"}'], ['acts = [None]', 'acts[-1]', 'acts.append("sigmoid")'],
      ['acts = [None]', 'acts[-1]', 'acts += ["sigmoid"]']]) {
      assert.deepStrictEqual(found(loop(before, pick, change)), [['threshold-logits', 11, 'suggestion']], change);
    }
  });
  it('guard: a list grown but read from its start, or a container never rebound, keeps the fix', () => {
    assert.deepStrictEqual(found(loop('acts = [None]', 'acts[0]', 'acts.append("sigmoid")')), [['threshold-logits', 11, 'fix']]);
    assert.deepStrictEqual(found(loop('state = {"act": None}', 'state["act"]', 'print(state)')), [['threshold-logits', 11, 'fix']]);
  });
});

describe("round 47, wave 3: a child process's globals are its own", () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import multiprocessing as mp', 'from concurrent.futures import ProcessPoolExecutor',
    'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))', 'nn.BCEWithLogitsLoss()(model(xb), yb).backward()', 'results = []',
    'def infer(x):', '    results.append(torch.sigmoid(model(x)))', '    return 0'];
  const tail = ['results.append(model(X))', 'print(((results[0] > 0).float() == y).float().mean())'];
  it('what a Process, a process pool or a ProcessPoolExecutor appends to a module list stays in the child: no rewrite of the parent\'s cut at 0', () => {
    for (const start of [['p = mp.Process(target=infer, args=(X,))', 'p.start(); p.join()'], ['with mp.Pool(2) as pool:', '    pool.map(infer, [X, X])'],
      ['with ProcessPoolExecutor() as ex:', '    list(ex.map(infer, [X, X]))'], ['pool = mp.Pool(2)', 'pool.apply_async(infer, (X,)).get()']]) {
      assert.deepStrictEqual(found([...head, ...start, ...tail]), [], start.join('; '));
    }
  });
  it("guard: a thread's append is the parent's: the cut at 0 on its sigmoid output is reported", () => {
    assert.deepStrictEqual(found([...head, 'import threading', 't = threading.Thread(target=infer, args=(X,))', 't.start(); t.join()', 'print(((results[0] > 0).float() == y).float().mean())']).map((f) => f.slice(0, 2)), [['zero-threshold-on-probabilities', 14]]);
  });
});

describe('round 47, wave 3: more ways to step a threshold every pass', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))',
    'nn.BCEWithLogitsLoss()(model(xb), yb).backward()', 'p = torch.sigmoid(model(X_val)).detach().numpy().ravel()', 't = 0.0'];
  it('a conditional expression stepping it, a step on every branch of an if/else, or a value of the loop\'s item: a sweep, no zero cut', () => {
    for (const body of [['for k in range(40):', '    print(f1_score(y_val, p > t))', '    t = t + 0.05 if t < 0.95 else 0.0'],
      ['while t < 1.0:', '    f = f1_score(y_val, p > t)', '    if f > 0.5:', '        t += 0.05', '    else:', '        t += 0.05'],
      ['for k in range(10):', '    print(f1_score(y_val, p > t))', '    t = 0.1 * (k + 1)']]) {
      assert.deepStrictEqual(found([...head, ...body]), [], body.join('; '));
    }
  });
  it('guard: a step on one branch only (no else), or a value that does not depend on the loop, is no sweep: the cut at 0 is reported', () => {
    for (const body of [['for k in range(40):', '    print(f1_score(y_val, p > t))', '    if k > 100:', '        t += 0.05'],
      ['for k in range(10):', '    print(f1_score(y_val, p > t))', '    t = 0.0 * 2']]) {
      assert.deepStrictEqual(found([...head, ...body]).map((f) => f.slice(0, 2)), [['zero-threshold-on-probabilities', 9]], body.join('; '));
    }
  });
});
