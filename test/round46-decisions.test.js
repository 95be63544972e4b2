// Red team round 46's missed decisions (session 34): a cut at 0 of probabilities that picks a class
// through a list of class names, a named boolean or an if/else; tfjs cuts at tf.scalar(0) whose labels
// go to a metric; a sigmoid of one class's logit of a softmax-trained model cut at 0.5; torchmetrics'
// binary metrics given threshold 0. Every case but the guards (named in their titles or messages)
// fails on the session's frozen build (/work/s34a).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const found = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line, f.fix ? f.fix.edits.map((e) => e.text).join() : undefined]);

describe('round 46: a Python cut at 0 that indexes class names or picks a branch naming a class', () => {
  before(() => initPython());
  const keras = (dense, loss, use) => ['import numpy as np', 'from tensorflow import keras', 'CLASSES = ["cat", "dog"]',
    `model = keras.Sequential([keras.layers.Input((20,)), keras.layers.Dense(${dense})])`, `model.compile(optimizer="adam", loss=${loss})`,
    'model.fit(x_train, y_train, epochs=2)', 'score = model.predict(x_one)[0][0]', ...use];
  const sigmoid = (use) => keras('1, activation="sigmoid"', '"binary_crossentropy"', use);
  const zero = (line) => [['zero-threshold-on-probabilities', line, '0.5']];
  const ifElse = (a, b) => ['if score > 0:', `    ${a}`, 'else:', `    ${b}`];
  for (const use of ['print(CLASSES[int(score > 0)])', 'print(CLASSES[1 if score > 0 else 0])', 'print(CLASSES[score > 0])']) {
    it(`on a sigmoid output, the cut indexes class names: ${use}`, () => assert.deepStrictEqual(found(sigmoid([use])), zero(8)));
  }
  const branches = [ifElse('print("dog")', 'print("cat")'), ifElse('label = "dog"', 'label = "cat"'),
    ['is_dog = score > 0', ...ifElse('print(f"dog ({score:.2f})")', 'print(f"cat ({score:.2f})")').map((l) => l.replace('score > 0', 'is_dog'))]];
  for (const use of branches) {
    // (The edit offered, not applied: two words may be a guard's, `"ok"` / `"underflow"`.)
    it(`on a sigmoid output, an if/else whose branches each name a class the same way, the edit offered: ${use.join(' / ')}`, () => {
      assert.deepStrictEqual(found(sigmoid(use)), [['zero-threshold-on-probabilities', 8, undefined]]);
      assert.deepStrictEqual(lintLines(sigmoid(use)).findings[0].suggestions.map((x) => x.edits.map((e) => e.text).join()), ['0.5']);
    });
  }
  it('guard: a guard, branches that do not both name a class, numbers indexed: silent', () => {
    for (const use of [['if score > 0:', '    print(np.log(score))'], ['if score > 0:', '    print("dog")'], ifElse('print("positive")', 'print(score)'),
      ifElse('print("dog")', 'log("cat")'), ifElse('print("dog")', 'print("dog")'), ['VALUES = [0.0, 1.0]', 'print(VALUES[int(score > 0)])'], ['n = int(score > 0)', 'print(n)']]) {
      assert.deepStrictEqual(found(sigmoid(use)), [], use.join(' / '));
    }
  });
  it('guard: on logits (the right cut) or an activation not known: silent', () => {
    const uses = [['print(CLASSES[int(score > 0)])'], ['print(CLASSES[1 if score > 0 else 0])'], ifElse('print("dog")', 'print("cat")')];
    for (const use of uses) {
      assert.deepStrictEqual(found(keras('1', 'keras.losses.BinaryCrossentropy(from_logits=True)', use)), [], use.join(' / '));
      assert.deepStrictEqual(found(keras('1, activation=ACT', '"binary_crossentropy"', use)), [], use.join(' / '));
    }
  });
});

describe('round 46: a tfjs cut at 0 that picks a class through an array of names, a named boolean or an if/else', () => {
  const app = (act, loss, body) => ["import * as tf from '@tensorflow/tfjs';", "const CLASSES = ['cat', 'dog'];", 'const NUMS = [0, 1];', 'const model = tf.sequential();',
    "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));", `model.add(tf.layers.dense({ units: 1${act} }));`, `model.compile({ optimizer: 'sgd', loss: ${loss} });`,
    'export async function run(xs, ys, x, el) {', '  await model.fit(xs, ys, { epochs: 3 });', '  const score = model.predict(x).dataSync()[0];', ...body.map((l) => `  ${l}`), '}'];
  const sigmoid = (body) => app(", activation: 'sigmoid'", "'binaryCrossentropy'", body);
  const zero = (line) => [['zero-threshold-on-probabilities', line, '0.5']];
  const forms = ['return score > 0 ? CLASSES[1] : CLASSES[0];', 'return CLASSES[score > 0 ? 1 : 0];', 'return CLASSES[Number(score > 0)];', 'return CLASSES[+(score > 0)];'];
  const named = ['const isDog = score > 0;', "return isDog ? 'dog' : 'cat';"];
  const ifElse = ['if (score > 0) {', "  el.textContent = 'dog';", '} else {', "  el.textContent = 'cat';", '}'];
  for (const body of forms.map((f) => [f])) {
    it(`on a sigmoid output, every sample gets one class: ${body.join(' ')}`, () => assert.deepStrictEqual(found(sigmoid(body), 'app.js'), zero(11)));
  }
  // Only two words said by the branches (or a boolean kept first): they may be a guard's
  // ('valid' / 'invalid', red team wave 3), so the edit is offered, not applied.
  for (const body of [named, ifElse]) {
    it(`on a sigmoid output, every sample gets one class, the edit offered: ${body.join(' ')}`, () => {
      assert.deepStrictEqual(found(sigmoid(body), 'app.js'), [['zero-threshold-on-probabilities', 11, undefined]]);
      assert.deepStrictEqual(lintLines(sigmoid(body), 'app.js').findings[0].suggestions.map((x) => x.edits.map((e) => e.text).join()), ['0.5']);
    });
  }
  it('guard: guards, numbers, branches naming no class the same way: silent', () => {
    for (const body of [['return score > 0 ? Math.log(score) : -Infinity;'], ['const ok = score > 0;', 'return ok ? score : 0;'], ['if (score > 0) {', '  console.log(score);', '}'],
      ['if (score > 0) {', "  el.textContent = 'dog';", '} else {', "  console.log('cat');", '}'], ['return NUMS[Number(score > 0)];'], ['let isDog = score > 0;', 'isDog = false;', "return isDog ? 'dog' : 'cat';"]]) {
      assert.deepStrictEqual(found(sigmoid(body), 'app.js'), [], body.join(' / '));
    }
  });
  it('guard: on logits (the right cut) or an activation not known: silent', () => {
    for (const body of [...forms.map((f) => [f]), named, ifElse]) {
      assert.deepStrictEqual(found(app('', 'tf.losses.sigmoidCrossEntropy', body), 'app.js'), [], body.join(' / '));
      assert.deepStrictEqual(found(app(', activation: act', "'binaryCrossentropy'", body), 'app.js'), [], body.join(' / '));
    }
  });
});

describe('round 46: a tfjs cut at tf.scalar(0) whose labels are compared or given to a metric', () => {
  const app = (act, loss, use) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }));",
    `model.add(tf.layers.dense({ units: 1${act} }));`, `model.compile({ optimizer: 'sgd', loss: ${loss} });`, 'export async function run(xs, ys, x, yTrue) {',
    '  await model.fit(xs, ys, { epochs: 3 });', '  const out = model.predict(x);', `  return ${use};`, '}'];
  const sigmoid = (use) => app(", activation: 'sigmoid'", "'binaryCrossentropy'", use);
  const uses = ["out.greater(tf.scalar(0)).cast('float32').equal(yTrue).mean()", "tf.greater(out, tf.scalar(0)).cast('float32').equal(yTrue).mean()",
    "out.greaterEqual(tf.scalar(0)).cast('float32').equal(yTrue).mean()", 'tf.metrics.binaryAccuracy(yTrue, tf.where(out.greater(tf.scalar(0)), tf.onesLike(out), tf.zerosLike(out)))',
    'tf.metrics.binaryAccuracy(yTrue, tf.where(out.greater(0), tf.onesLike(out), tf.zerosLike(out)))'];
  for (const use of uses) {
    it(`on a sigmoid output, reported; a fix writes 0.5 (in the scalar): ${use}`, () => assert.deepStrictEqual(found(sigmoid(use), 'app.js'), [['zero-threshold-on-probabilities', 9, '0.5']]));
  }
  it('guard: on logits, or a mask kept (tf.where(cut, out, zeros)): silent', () => {
    for (const use of uses) assert.deepStrictEqual(found(app('', 'tf.losses.sigmoidCrossEntropy', use), 'app.js'), [], use);
    assert.deepStrictEqual(found(sigmoid('tf.where(out.greater(tf.scalar(0)), out, tf.zerosLike(out))'), 'app.js'), []);
    assert.deepStrictEqual(found(sigmoid('tf.metrics.binaryAccuracy(yTrue, tf.where(out.greater(tf.scalar(0)), out, tf.zerosLike(out)))'), 'app.js'), []);
  });
});

describe('round 46: a sigmoid of one class logit of a softmax-trained model, cut at 0.5', () => {
  before(() => initPython());
  const torch = (units, loss, use) => ['import torch', 'import torch.nn as nn', 'x = torch.randn(64, 32)', 'y = torch.randint(0, 2, (64,))', `model = nn.Linear(32, ${units})`,
    `${loss}(model(x), y).backward()`, use];
  for (const use of ['preds = (torch.sigmoid(model(x))[:, 1] > 0.5).long()', 'preds = torch.round(torch.sigmoid(model(x))[:, 1])']) {
    it(`CrossEntropyLoss on two logits: sigmoid(z1) cut at 0.5 is z1 > 0, whatever z0 says (no fix): ${use}`, () => {
      assert.deepStrictEqual(found(torch(2, 'nn.CrossEntropyLoss()', use)), [['threshold-logits', 7, undefined]]);
    });
  }
  it('guard: a softmax over the classes, a sigmoid trained by BCEWithLogitsLoss, one logit, a width not known: silent', () => {
    assert.deepStrictEqual(found(torch(2, 'nn.CrossEntropyLoss()', 'preds = (torch.softmax(model(x), 1)[:, 1] > 0.5).long()')), []);
    assert.deepStrictEqual(found(torch(2, 'nn.BCEWithLogitsLoss()', 'preds = (torch.sigmoid(model(x))[:, 1] > 0.5).long()').map((l) => l.replace('model(x), y)', 'model(x), y.float())'))), []);
    assert.deepStrictEqual(found(torch(1, 'nn.BCEWithLogitsLoss()', 'preds = (torch.sigmoid(model(x)) > 0.5).long()')), []);
    assert.deepStrictEqual(found(torch('n_out', 'nn.CrossEntropyLoss()', 'preds = (torch.sigmoid(model(x))[:, 1] > 0.5).long()')), [], 'a width not known');
  });
});

describe('round 46: torchmetrics binary metrics given threshold 0', () => {
  before(() => initPython());
  // torchmetrics applies a sigmoid to float predictions outside [0, 1] before `preds > threshold`
  // (functional/classification/stat_scores.py _binary_stat_scores_format): 0 counts every one positive.
  const torch = (head, use) => ['import torch', 'import torch.nn as nn', 'import torchmetrics', 'from torchmetrics.classification import BinaryAccuracy, BinaryF1Score',
    'from torchmetrics.functional.classification import binary_accuracy', 'x = torch.randn(64, 32)', 'y = torch.rand(64).round().long()', 'model = nn.Linear(32, 1)',
    'nn.BCEWithLogitsLoss()(model(x).squeeze(1), y.float()).backward()', `out = ${head}`, ...use];
  const logits = (use) => torch('model(x).squeeze(1)', use);
  const probs = (use) => torch('torch.sigmoid(model(x).squeeze(1))', use);
  const uses = [['acc = BinaryAccuracy(threshold=0.0)(out, y)'], ['f1 = BinaryF1Score(threshold=0.0)', 'f1.update(out, y)'], ['acc = torchmetrics.Accuracy(task="binary", threshold=0.0)(out, y)'],
    ['acc = binary_accuracy(out, y, threshold=0.0)']];
  for (const use of uses) {
    it(`on logits (it applies the sigmoid itself) and on probabilities: reported, the fix writes 0.5: ${use.join(' / ')}`, () => {
      // (Session 40: at the line that makes the metric with threshold 0, where the fix writes 0.5.)
      assert.deepStrictEqual(found(logits(use)), [['zero-threshold-on-probabilities', 11, '0.5']]);
      assert.deepStrictEqual(found(probs(use)), [['zero-threshold-on-probabilities', 11, '0.5']]);
    });
  }
  it('guard: the default threshold on logits, another task, predictions not known: silent', () => {
    assert.deepStrictEqual(found(logits(['acc = BinaryAccuracy()(out, y)'])), []);
    assert.deepStrictEqual(found(logits(['acc = BinaryAccuracy(threshold=0.5)(out, y)'])), []);
    assert.deepStrictEqual(found(logits(['acc = torchmetrics.Accuracy(task="multiclass", num_classes=2, threshold=0.0)(out, y)'])), []);
    assert.deepStrictEqual(found(logits(['acc = BinaryAccuracy(threshold=0.0)(torch.load("p.pt"), y)'])), []);
  });
});
