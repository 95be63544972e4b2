// Red team wave 2's regressions in this session's own changes (session 34): zip() of a known loader
// beside an unknown collection, np.array_split pieces zipped, a tfjs per-class read used as a class;
// and its false positive: one-sample rows joined from a list that may hold one (made in the loop's
// body, a loop of one pass, cut back). Each case next to the shapes that stay as they are.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);

describe('round 46 regressions: zip() beside a loader of batches of several samples', () => {
  before(() => initPython());
  const torchHead = ['import sys', 'import numpy as np', 'import torch', 'import torch.nn as nn', 'from torch.utils.data import DataLoader',
    'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))', 'X = torch.randn(10, 32)', 'B = np.load(sys.argv[1])'];
  const zipped = (loader) => brief(lintLines([...torchHead, `dl = ${loader}`, 'for a, b in zip(dl, B):', '    print((model(a).argmax() == b).float().mean())']));
  it('zip(DataLoader(X, batch_size=8), np.load(...)): the argmax over a batch of 8 compared with its partner, reported', () => {
    assert.deepStrictEqual(zipped('DataLoader(X, batch_size=8)'), [['argmax-batch-axis', 11, 'suggestion']]);
    assert.deepStrictEqual(zipped('DataLoader(X, 16, shuffle=False)'), [['argmax-batch-axis', 11, 'suggestion']]);
  });
  it('guards: batches of one, or of a size we cannot tell, beside the unknown side: silent', () => {
    assert.deepStrictEqual(zipped('DataLoader(X, batch_size=1)'), [], 'batches of one');
    assert.deepStrictEqual(zipped('DataLoader(X, batch_size=bs)'), [], 'a batch size not written out');
    assert.deepStrictEqual(zipped('DataLoader(X, batch_size=8, collate_fn=collate)'), [], 'a collate function of its own');
    assert.deepStrictEqual(zipped('np.load(sys.argv[2])'), [], 'two collections we know nothing of');
  });
});

describe('round 46 regressions: np.array_split / np.split pieces zipped', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(4, activation="softmax")])',
    'model.compile(loss="categorical_crossentropy", optimizer="adam")', 'model.fit(X, Y, epochs=3)', 'X_test = np.random.rand(64, 8)', 'y_test = np.random.randint(0, 4, 64)'];
  const pieces = (x, y) => brief(lintLines([...keras, `for xb, yb in zip(${x}, ${y}):`, '    p = model.predict(xb)', '    print(np.argmax(p) == yb)']));
  it('pieces of a number of sections written out: runs of rows, batches as X_test[i:i+8] is; the flat argmax reported', () => {
    assert.deepStrictEqual(pieces('np.array_split(X_test, 8)', 'np.array_split(y_test, 8)'), [['argmax-batch-axis', 10, 'suggestion']]);
    assert.deepStrictEqual(pieces('np.split(X_test, 8)', 'np.split(y_test, 8, axis=0)'), [['argmax-batch-axis', 10, 'suggestion']]);
  });
  it('guards: as many sections as samples, or one section: silent', () => {
    assert.deepStrictEqual(pieces('np.array_split(X_test, len(X_test))', 'np.array_split(y_test, len(y_test))'), [], 'pieces of one row each');
    assert.deepStrictEqual(pieces('np.array_split(X_test, 1)', 'np.array_split(y_test, 1)'), [], 'one section');
  });
});

describe('round 46 regressions: tfjs argMax over the batch, its per-class read used as a class', () => {
  // argMax() defaults to axis 0: best[c] is the sample most confident for class c.
  const app = (decl, read) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));",
    "model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));", "model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });", decl,
    'async function run(xs, ys, testLabels) {', '  await model.fit(xs, ys, { epochs: 3 });', '  const pred = model.predict(xs).argMax().dataSync();', '  for (let i = 0; i < 3; i++) {', `    console.log(${read});`, '  }', '}', 'run();'];
  const rules = (lines) => lintLines(lines, 'app.js').findings.map((f) => [f.ruleId, f.location.line]);
  it('CLASSES[pred[i]] beside CLASSES[testLabels[i]], one name per class: read as a sample\'s class, reported', () => {
    assert.deepStrictEqual(rules(app("const CLASSES = ['a', 'b', 'c'];", '`predicted ${CLASSES[pred[i]]}, true ${CLASSES[testLabels[i]]}`')), [['argmax-batch-axis', 9]]);
    assert.deepStrictEqual(rules(app('const N = 3;', "['cat', 'dog', 'bird'][pred[i]]")), [['argmax-batch-axis', 9]]);
  });
  it('guards: a sample index used as one (images[pred[i]], names of more items than classes): silent', () => {
    assert.deepStrictEqual(rules(app('const images = loadImages();', 'images[pred[i]]')), [], 'an array of samples');
    assert.deepStrictEqual(rules(app("const FILES = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'];", 'FILES[pred[i]]')), [], 'five file names, not one per class');
    assert.deepStrictEqual(rules(app("let CLASSES = ['a', 'b', 'c'];", 'CLASSES[pred[i]]')), [], 'a list of names that may change');
  });
});

describe('round 46 regressions: one-sample rows joined from a list that may hold one', () => {
  before(() => initPython());
  const torchHead = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))',
    'xs = torch.randn(10, 32)', 'ys = torch.randint(0, 4, (10,))'];
  const row = 'model(x[None]).detach().numpy()';
  const judged = (lines) => brief(lintLines([...torchHead, ...lines]));
  it('a list made in the loop\'s body, a loop of one pass, or a list cut back to one: silent', () => {
    const silent = (lines, why) => assert.deepStrictEqual(judged(lines), [], why);
    silent(['for x in xs:', '    preds = []', `    preds.append(${row})`, '    P = np.vstack(preds)', '    print(P.argmax() == ys[0].item())'], 'made anew each pass');
    silent(['preds = []', 'for k in range(1):', `    preds.append(model(xs[k][None]).detach().numpy())`, 'P = np.vstack(preds)', 'print(P.argmax() == ys[0].item())'], 'range(1)');
    silent(['preds = []', 'for x in xs:', `    preds.append(${row})`, '    break', 'P = np.vstack(preds)', 'print(P.argmax() == ys[0].item())'], 'a break after the first');
    silent(['preds = []', 'for x in xs:', `    preds.append(${row})`, 'del preds[1:]', 'P = np.vstack(preds)', 'print(P.argmax() == ys[0].item())'], 'del preds[1:]');
    silent(['preds = []', 'for x in xs:', `    preds.append(${row})`, 'while len(preds) > 1:', '    preds.pop()', 'P = np.vstack(preds)', 'print(P.argmax() == ys[0].item())'], 'popped to one');
    silent(['preds = []', 'if ys[0] > 0:', `    preds.append(model(xs[0][None]).detach().numpy())`, 'P = np.vstack(preds)', 'print((P.argmax() == ys.numpy()).mean())'], 'one append on a branch');
    silent(['P = np.vstack([model(xs[k][None]).detach().numpy() for k in range(1)])', 'print(P.argmax() == ys[0].item())'], 'a comprehension of one pass');
  });
  it('guards: rows grown over the passes of a loop the list was made outside of: reported', () => {
    const found = (lines, line) => assert.deepStrictEqual(judged(lines), [['argmax-batch-axis', line, 'suggestion']], lines.join('; '));
    found(['preds = []', 'for x in xs:', `    preds.append(${row})`, 'P = np.vstack(preds)', 'print((P.argmax() == ys.numpy()).mean())'], 11);
    found(['for epoch in range(3):', '    preds = []', '    for x in xs:', `        preds.append(${row})`, '    P = np.concatenate(preds)', '    print((P.argmax() == ys.numpy()).mean())'], 12);
    found(['def collect(m, data):', '    out = []', '    for x in data:', '        out.append(m(x[None]).detach().numpy())', '    return np.vstack(out)', 'P = collect(model, xs)', 'print((P.argmax() == ys.numpy()).mean())'], 13);
    found([`P = np.vstack([${row} for x in xs])`, 'print((P.argmax() == ys.numpy()).mean())'], 8);
  });
});
