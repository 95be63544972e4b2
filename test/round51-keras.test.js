// Round 50's Keras and message leftovers (mend51b, session 39): from_logits given by position is
// read, and rewritten, where each loss's signature puts it (keras-loss-args.ts: BinaryFocalCrossentropy
// takes it 2nd in tf.keras 2.8-2.9 and 4th since; where the versions disagree, unknown); KerasHub
// tasks built without activation= are reported with their library's default named; the numeric check
// says when its sigmoid stands for a hard sigmoid; the loss switch kept a suggestion by a metric it
// does not rewrite says why for that metric (a distance such as mse, or one we do not know).
// Every case fails on the frozen build (/work/s39a, afda34b) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { checkInputOf } = require('../out/server/check/fix-kind');
const { describeModel } = require('../out/server/check/compute');
const { planReplica } = require('../out/server/check/replica');
const { lintLines, fixedLines, foundIn } = require('./lint-text');

const fixed = fixedLines;
const found = foundIn;

const HEAD = ['import numpy as np', 'import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers'];
const model = (head) => [...HEAD, `model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), ${head}])`];
const compiled = (head, loss) => [...model(head), `model.compile(optimizer="adam", loss=${loss})`, 'model.fit(x, y)'];
const SIGMOID = 'layers.Dense(1, activation="sigmoid")';
const SOFTMAX = 'layers.Dense(4, activation="softmax")';
const LINEAR = 'layers.Dense(1)';

describe('round 51: from_logits given by position, read where each version puts it', () => {
  before(() => initPython());
  it('BinaryFocalCrossentropy(False, 0.25, 2.0, True) on a sigmoid: reported, the 4th argument rewritten in place', () => {
    const lines = compiled(SIGMOID, 'keras.losses.BinaryFocalCrossentropy(False, 0.25, 2.0, True)');
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 6, 'fix']]);
    assert.ok(fixed(lines).includes('loss=keras.losses.BinaryFocalCrossentropy(False, 0.25, 2.0, False))'), fixed(lines));
  });
  it('CategoricalFocalCrossentropy(0.25, 2.0, True) on a softmax: reported, the 3rd argument rewritten', () => {
    const lines = compiled(SOFTMAX, 'keras.losses.CategoricalFocalCrossentropy(0.25, 2.0, True)');
    assert.deepStrictEqual(found(lines), [['softmax-before-logits-loss', 6, 'fix']]);
    assert.ok(fixed(lines).includes('CategoricalFocalCrossentropy(0.25, 2.0, False)'), fixed(lines));
  });
  it('BinaryFocalCrossentropy(False, 0.25) on a linear head: from_logits is its default in every version that takes 0.25 there', () => {
    const lines = compiled(LINEAR, 'keras.losses.BinaryFocalCrossentropy(False, 0.25)');
    assert.deepStrictEqual(found(lines), [['logits-into-probability-loss', 6, 'fix']]);
    assert.ok(fixed(lines).includes('BinaryFocalCrossentropy(False, 0.25, from_logits=True)'), fixed(lines));
  });
  it('keras.losses.binary_crossentropy(yb, out, False) in a tape: the third argument rewritten, not a keyword added', () => {
    const lines = [...model(LINEAR), 'opt = keras.optimizers.Adam()', 'for xb, yb in ds:', '    with tf.GradientTape() as tape:', '        out = model(xb, training=True)',
      '        loss = tf.reduce_mean(keras.losses.binary_crossentropy(yb, out, False))', '    opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))'];
    assert.deepStrictEqual(found(lines), [['logits-into-probability-loss', 10, 'fix']]);
    assert.ok(fixed(lines).includes('keras.losses.binary_crossentropy(yb, out, True)'), fixed(lines));
  });
  it('guard: tf.keras 2.9\'s order (gamma, from_logits) against 2.10\'s (apply_class_balancing, alpha, ...): unknown, silent', () => {
    assert.deepStrictEqual(found(compiled(SIGMOID, 'keras.losses.BinaryFocalCrossentropy(2.0, True)')), []);
    assert.deepStrictEqual(found(compiled(LINEAR, 'keras.losses.BinaryFocalCrossentropy(2.0, False)')), []);
    assert.deepStrictEqual(found(compiled(SIGMOID, 'keras.losses.BinaryFocalCrossentropy(False, 0.25, 2.0, flag)')), []);
    assert.deepStrictEqual(found(compiled(SIGMOID, 'keras.losses.BinaryFocalCrossentropy(*args)')), []);
  });
  it('guard: the cross-entropies\' first argument and the keyword keep their reading and rewrite', () => {
    const lines = compiled(SIGMOID, 'keras.losses.BinaryCrossentropy(True, label_smoothing=0.1)');
    assert.ok(fixed(lines).includes('BinaryCrossentropy(False, label_smoothing=0.1)'), fixed(lines));
    const kw = compiled(SIGMOID, 'keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, from_logits=True)');
    assert.ok(fixed(kw).includes('BinaryFocalCrossentropy(apply_class_balancing=True, from_logits=False)'), fixed(kw));
  });
  it('guard: a loss built by keras.losses.get("binary_crossentropy") gets no from_logits of its own (get takes none)', () => {
    assert.deepStrictEqual(found(compiled(LINEAR, 'keras.losses.get("binary_crossentropy")')), [['logits-into-probability-loss', 6, 'suggestion']]);
  });
});

describe('round 51: a KerasHub task built without activation= is reported with its default named', () => {
  before(() => initPython());
  const hub = (make, loss, ...tail) => ['import keras', 'import keras_hub', 'import keras_cv', `clf = ${make}`, `clf.compile(optimizer="adam", loss=${loss})`, 'clf.fit(ds)', ...tail];
  const messages = (lines) => lintLines(lines).findings.map((f) => [f.message, f.related.map((r) => r.message)]);
  it("keras_hub's BertTextClassifier: 'outputs logits by default (activation=None)', in the message and its related note", () => {
    const [[message, related]] = messages(hub('keras_hub.models.BertTextClassifier(backbone=b, num_classes=2)', '"sparse_categorical_crossentropy"'));
    assert.match(message, /raw logits: keras_hub's BertTextClassifier outputs logits by default \(activation=None\) \(line 4\)\./);
    assert.deepStrictEqual(related, ["keras_hub's BertTextClassifier: logits by default (activation=None)"]);
  });
  it('a 0.5 cut of its predictions names the default too', () => {
    const all = messages(hub('keras_hub.models.ImageClassifier(backbone=b, num_classes=1)', '"binary_crossentropy"', 'p = clf.predict(x)', 'print(p > 0.5)'));
    assert.match(all[1][0], /they are logits: keras_hub's ImageClassifier outputs logits by default \(activation=None\) \(line 4\)/);
  });
  it("keras_cv's ImageClassifier before from_logits=True: 'softmax, which keras_cv's ImageClassifier applies by default'", () => {
    const [[message]] = messages(hub('keras_cv.models.ImageClassifier(backbone=b, num_classes=4)', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)'));
    assert.match(message, /already went through softmax, which keras_cv's ImageClassifier applies by default \(activation="softmax"\) \(line 4\)/);
  });
  it('guard: an output layer of the code\'s own keeps "the output layer has no activation"', () => {
    const [[message, related]] = messages(compiled(LINEAR, '"binary_crossentropy"'));
    assert.match(message, /raw logits: the output layer has no activation \(line 5\)/);
    assert.deepStrictEqual(related, ['output layer without activation (logits)']);
  });
});

describe('round 51: the numeric check names the hard sigmoid its replica trains as a plain sigmoid', () => {
  before(() => initPython());
  const plan = (lines) => {
    const finding = lintLines(lines).findings.find((f) => f.ruleId === 'sigmoid-before-logits-loss');
    return planReplica(checkInputOf(finding));
  };
  it("Dense(1, activation='hard_sigmoid') before from_logits=True: the model, the fix and the notes say what the sigmoid stands for", () => {
    const p = plan(compiled('layers.Dense(1, activation="hard_sigmoid")', 'keras.losses.BinaryCrossentropy(from_logits=True)'));
    assert.match(describeModel(p.written), /dense\(1\) → sigmoid \(a plain one, standing for your hard sigmoid\);/);
    assert.match(p.fix, /^the sigmoid \(a plain one, standing for your hard sigmoid\) removed/);
    assert.ok(p.notes.some((n) => /^Your code's hard sigmoid \('hard_sigmoid'\) is trained here as a plain sigmoid/.test(n)), p.notes.join('\n'));
    assert.ok(!p.notes.some((n) => /not a tfjs activation|do not show the sigmoid/.test(n)), p.notes.join('\n'));
  });
  it('PyTorch nn.Hardsigmoid() before BCEWithLogitsLoss: the same', () => {
    const p = plan(['import torch, torch.nn as nn', 'net = nn.Sequential(nn.Linear(10, 1), nn.Hardsigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)']);
    assert.match(describeModel(p.written), /sigmoid \(a plain one, standing for your hard sigmoid\)/);
  });
  it('guard: a plain sigmoid is named as before', () => {
    const p = plan(compiled(SIGMOID, 'keras.losses.BinaryCrossentropy(from_logits=True)'));
    assert.match(describeModel(p.written), /dense\(1\) → sigmoid;/);
    assert.doesNotMatch(p.fix + p.notes.join(' '), /hard sigmoid/);
  });
});

describe('round 51: a compile metric the loss switch leaves: the message says why, for that metric', () => {
  before(() => initPython());
  const message = (metrics) => lintLines([...model(LINEAR), `model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[${metrics}])`, 'model.fit(x, y)'])
    .findings.find((f) => f.ruleId === 'logits-into-probability-loss').message;
  it('"mse": a distance of the outputs from the labels, which becomes one of logits; not "reads as probabilities"', () => {
    const m = message('"mse"');
    assert.match(m, /The 'mse' metric at line 6 measures how far these outputs are from the labels: now the distance of values this loss trains as probabilities in \[0, 1\], once the loss takes logits the distance of logits/);
    assert.doesNotMatch(m, /reads these logits as probabilities/);
  });
  it('keras.metrics.Hinge(): one we do not know, whose value would change, without saying it reads probabilities', () => {
    const m = message('keras.metrics.Hinge()');
    assert.match(m, /The 'Hinge' metric at line 6 is computed from these outputs too and the switch does not rewrite it: .*its value would change \(whether it expects logits or probabilities is that metric's own/);
    assert.doesNotMatch(m, /reads these logits as probabilities/);
  });
  it('guard: KLDivergence and "TruePositives" read probabilities: said so, as before', () => {
    assert.match(message('keras.metrics.KLDivergence()'), /The 'KLDivergence' metric at line 6 reads these logits as probabilities too/);
    assert.match(message('"TruePositives"'), /The 'TruePositives' metric at line 6 reads these logits as probabilities too/);
  });
});
