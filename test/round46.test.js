// Red team round 45's false positives, messages and parse errors left for this session (session 34).
// Every case fails on the session's frozen build (/work/s34a) but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { checkInputOf } = require('../out/server/check/fix-kind');
const { describeDecision, parseDecision } = require('../out/server/check/decisions');
const { lintLines } = require('./lint-text');

const rules = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line]);

describe('round 46: argmax without an axis on one sample at a time', () => {
  before(() => initPython());
  const torchModel = ['import numpy as np', 'import torch', 'import torch.nn as nn',
    'model = nn.Sequential(nn.Linear(100, 32), nn.ReLU(), nn.Linear(32, 3))', 'criterion = nn.CrossEntropyLoss()', 'opt = torch.optim.Adam(model.parameters())',
    'for X, y in loader:', '    opt.zero_grad(); loss = criterion(model(X), y); loss.backward(); opt.step()'];
  const run = (...lines) => rules([...torchModel, ...lines]);
  it('zip of two arrays we know nothing of: each item one sample or a batch, so pred == y proves no batch', () => {
    for (const load of ['X_test, y_test = np.load("x.npy"), np.load("y.npy")', 'X_test, y_test = get_data()']) {
      for (const x of ['x', 'torch.from_numpy(x).float()']) assert.deepStrictEqual(run(load, 'for x, y in zip(X_test, y_test):', `    p = model(${x})`, '    print(p.argmax() == y)'), [], `${load} / ${x}`);
    }
  });
  it('a batch of one made before torch.tensor / torch.from_numpy stays one', () => {
    for (const x of ['torch.from_numpy(x[None]).float()', 'torch.tensor(x[None])', 'torch.tensor(np.expand_dims(x, 0))', 'torch.as_tensor(np.expand_dims(x, axis=0))']) {
      assert.deepStrictEqual(run('X_test, y_test = get_data()', 'for x, y in zip(X_test, y_test):', `    p = model(${x})`, '    print(p.argmax() == y)'), [], x);
    }
  });
  it('guard: batches zipped (a list of batches, pieces of split(4)) are reported as before', () => {
    assert.deepStrictEqual(run('batches = [torch.randn(16, 100) for _ in range(20)]', 'targets = [torch.randint(0, 3, (16,)) for _ in range(20)]',
      'for xb, yb in zip(batches, targets):', '    print((model(xb).argmax() == yb).float().mean())'), [['argmax-batch-axis', 12]]);
    assert.deepStrictEqual(run('xs, ys = torch.randn(16, 100), torch.randint(0, 3, (16,))', 'for xb, yb in zip(xs.split(4), torch.split(ys, 4)):', '    print(model(xb).argmax() == yb)'), [['argmax-batch-axis', 11]]);
  });
  it('pieces of x.split(1) and torch.split(x, 1) are batches of one', () => {
    assert.deepStrictEqual(run('xs, ys = torch.randn(16, 100), torch.randint(0, 3, (16,))', 'for xb, yb in zip(xs.split(1), ys.split(1)):', '    print(model(xb).argmax() == yb)'), []);
    assert.deepStrictEqual(run('xs, ys = torch.randn(16, 100), torch.randint(0, 3, (16,))', 'for xb, yb in zip(torch.split(xs, 1), torch.split(ys, 1)):', '    print(model(xb).argmax() == yb)'), []);
  });
  const rows = (x) => ['X = torch.randn(16, 100).numpy()', 'y = np.random.randint(0, 3, 16)', 'for i in range(16):', `    p = model(torch.tensor(${x})).detach().numpy()`, '    print(np.argmax(p) == y[i])'];
  it('np.atleast_2d(x[i]), np.vstack([x[i]]), np.expand_dims(x[i], 0) of one row: a batch of one', () => {
    for (const x of ['np.atleast_2d(X[i])', 'np.vstack([X[i]])', 'np.expand_dims(X[i], 0)']) assert.deepStrictEqual(run(...rows(x)), [], x);
  });
  it('guard: np.vstack of several rows, np.atleast_2d of the whole array: reported as before', () => {
    assert.deepStrictEqual(run(...rows('np.vstack([X[i], X[i + 1], X[i + 2]])')), [['argmax-batch-axis', 13]]);
    assert.deepStrictEqual(run('X = np.random.randn(16, 100)', 'y = np.random.randint(0, 3, 16)', 'p = model(torch.tensor(np.atleast_2d(X))).detach().numpy()', 'print(np.argmax(p) == y)'), [['argmax-batch-axis', 12]]);
  });
  it('x.unsqueeze_(0) in place: a batch of one', () => {
    assert.deepStrictEqual(run('X, Y = torch.randn(16, 100), torch.randint(0, 3, (16,))', 'for i in range(16):', '    x = X[i]', '    x.unsqueeze_(0)', '    print(model(x).argmax() == Y[i])'), []);
  });
  it('itertools.islice of a loader of one: batches of one (a loader of 8, guard: reported as before)', () => {
    for (const imp of [['import itertools', 'itertools.islice'], ['from itertools import islice', 'islice']]) {
      const sliced = (bs) => run(imp[0], 'from torch.utils.data import DataLoader, TensorDataset', 'ds = TensorDataset(torch.randn(16, 100), torch.randint(0, 3, (16,)))',
        `loader = DataLoader(ds, batch_size=${bs})`, `for x, y in ${imp[1]}(loader, 5):`, '    print(model(x).argmax() == y)');
      assert.deepStrictEqual(sliced(1), [], imp[0]);
      assert.deepStrictEqual(sliced(8), [['argmax-batch-axis', 14]], `guard: ${imp[0]}`);
    }
  });
  it('guard: x.unsqueeze_(1) of a batch is no batch of one: reported as before', () => {
    assert.deepStrictEqual(run('X, Y = torch.randn(16, 100), torch.randint(0, 3, (16,))', 'for xb, yb in zip(X.split(4), Y.split(4)):', '    xb.unsqueeze_(1)', '    print(model(xb).argmax() == yb)'), [['argmax-batch-axis', 12]]);
  });
});

describe('round 46: tfjs argMax over the batch read per class', () => {
  const app = (loop, read) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));",
    "model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));", "model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });",
    'async function run(xs, ys, images, names, labels) {', '  await model.fit(xs, ys, { epochs: 3 });', '  const best = model.predict(xs).argMax().arraySync();', `  ${loop} {`, `    ${read};`, '  }', '}', 'run();'];
  it('best[c] for each class c: the most confident sample of each class, as meant', () => {
    assert.deepStrictEqual(rules(app('for (let c = 0; c < 3; c++)', 'console.log(names[c], images[best[c]])'), 'app.js'), []);
    assert.deepStrictEqual(rules(['const NUM_CLASSES = 3;', ...app('for (let c = 0; c < NUM_CLASSES; c++)', 'console.log(names[c], images[best[c]])')], 'app.js'), []);
  });
  it('guard: a counter over more than the classes, or a comparison per sample: reported as before', () => {
    assert.deepStrictEqual(rules(app('for (let c = 0; c < 5; c++)', 'console.log(images[best[c]])'), 'app.js'), [['argmax-batch-axis', 8]]);
    assert.deepStrictEqual(rules(app('for (let i = 0; i < 3; i++)', 'console.log(best[i] === labels[i])'), 'app.js'), [['argmax-batch-axis', 8]]);
  });
});

describe('round 46: messages', () => {
  before(() => initPython());
  it('a threshold seen by a sigmoid head and a logits head says it sees both', () => {
    const heads = (second) => lintLines(['import torch', 'import torch.nn as nn', 'head_a = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())', 'head_b = nn.Sequential(nn.Linear(16, 1))',
      `heads = [${second}]`, 'opt = torch.optim.Adam([p for h in heads for p in h.parameters()])', 'for x, y in loader:',
      '    loss = nn.BCELoss()(head_a(x).squeeze(1), y) + nn.BCEWithLogitsLoss()(head_b(x).squeeze(1), y)', '    opt.zero_grad(); loss.backward(); opt.step()',
      'for head in heads:', '    pred = (head(x_test) > 0.5).float()', '    print((pred.squeeze(1) == y_test).float().mean())']).findings;
    const [both] = heads('head_a, head_b');
    assert.deepStrictEqual([both.ruleId, both.location.line], ['threshold-logits', 11]);
    assert.match(both.message, /^This comparison sees probabilities \(another output, with an activation\) and logits; thresholding at 0\.5 is right for the probabilities, not for the logits: the output layer has no activation \(line 4\)\./);
    assert.match(both.message, /No one cut fits both/);
    const [alone] = heads('head_b');
    assert.match(alone.message, /^Thresholding at 0\.5 treats these values as probabilities, but they are logits: /, 'guard: logits alone, worded as before');
  });
  it('tfjs check words `score >= 0 ? ...` as written: greaterEqual(0)', () => {
    const decision = (cut) => {
      const [f] = lintLines(["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));",
        "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));", "model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });", 'async function run(xs, ys, x) {',
        '  await model.fit(xs, ys, { epochs: 3 });', '  const score = model.predict(x).dataSync()[0];', `  return ${cut} ? 'spam' : 'ham';`, '}', 'run();'], 'app.js').findings;
      assert.strictEqual(f.ruleId, 'zero-threshold-on-probabilities');
      return describeDecision(parseDecision(checkInputOf(f).facts.decision));
    };
    assert.strictEqual(decision('score >= 0'), 'greaterEqual(0)');
    assert.strictEqual(decision('0 <= score'), 'greaterEqual(0)');
    assert.strictEqual(decision('score > 0'), 'greater(0)', 'guard: > stays greater');
  });
});

describe('round 46: a form feed before an indent, as CPython reads it', () => {
  before(() => initPython());
  const problems = (lines) => lintLines(lines).problems.map((p) => p.message);
  it('\\f then spaces at the top level: unexpected indent, at its line (python3 says so)', () => {
    assert.deepStrictEqual(problems(['import torch', 'x = 1', '\f    y = 2']), ['Parsing error: unexpected indent at line 3, column 6']);
    assert.deepStrictEqual(problems(['import torch', '\f    x = 1']), ['Parsing error: unexpected indent at line 2, column 6']);
    assert.deepStrictEqual(problems(['import torch', 'x = 1', '  \f  y = 2']), ['Parsing error: unexpected indent at line 3, column 6']);
  });
  it('guard: form feeds CPython compiles (a block line after \\f, \\f before a top-level line, a \\f line)', () => {
    assert.deepStrictEqual(problems(['import torch', 'x = 1', '    \fy = 2', 'if x:', '    a = 1', '\f    b = 2', '\fc = 3', '\f', 'def f():', '    return 1']), []);
  });
});
