// Red team round 49 (rt49b, session 37) on Keras and TensorFlow.js: an argmax over the batch whose
// entries only index something (the best sample of each class: `x_val[best[c]]`,
// `best.forEach((i, c) => samples[i])`) was reported; misses of `keras.ops.nn.softmax` (Keras 3
// exports each op under `keras.ops` and `keras.ops.nn`), of KL divergence on logits (Keras
// KLDivergence / 'kld', tfjs 'kullbackLeiblerDivergence': probabilities, no from_logits), and of a
// KerasHub classifier's head as its `activation=` says; and a `ModelCheckpoint(` in a comment made
// the file's fixes suggestions. Every case fails on the frozen build (/work/s37a, b9e799c) but the
// guards, named so.
const assert = require('assert');
const { initPython, applyEdits } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 49: an argmax over the batch whose entries only index something', () => {
  before(() => initPython());
  const py = (...tail) => ['import numpy as np', 'import tensorflow as tf', 'import keras', 'from keras import layers', 'CLASSES = ["cat", "dog", "bird"]',
    'model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
    'model.fit(x, y)', 'p = model.predict(x_val)', ...tail];
  it('Python: tf.argmax(p) read per class (`x_val[best[c]]`, c in range(3)), in turn, or at once as an index: silent', () => {
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'for c in range(3):', '    print("class", c, x_val[best[c]])')), []);
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'for c, i in enumerate(best):', '    print(c, x_val[i])')), []);
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'print(x_val[best])')), []);
    assert.deepStrictEqual(found(py('best = tf.argmax(p)', 'print([x_val[i] for i in best])')), []);
  });
  it('guard: read as classes (one name per class), past the classes, compared with labels, or by [0]: reported as before', () => {
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'for c in range(3):', '    print(CLASSES[best[c]])')), [['argmax-batch-axis', 10, 'suggestion']]);
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'for i in best:', '    print(CLASSES[i])')), [['argmax-batch-axis', 10, 'suggestion']]);
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'for c in range(5):', '    print(x_val[best[c]])')), [['argmax-batch-axis', 10, 'suggestion']]);
    assert.deepStrictEqual(found(py('best = tf.argmax(p)', 'for c in range(3):', '    print(x_val[best[c]])', 'print(best == y_val)')), [['argmax-batch-axis', 10, 'fix']]);
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'print(class_names[best[0]])')), [['argmax-batch-axis', 10, 'suggestion']]);
    // (Written through the index, `counts[i] += 1`: a tally of classes.)
    assert.deepStrictEqual(found(py('best = tf.argmax(p).numpy()', 'for i in best:', '    counts[i] += 1')), [['argmax-batch-axis', 10, 'suggestion']]);
  });
  it('guard: an argmax over axis 1 of the 3-class output is fine', () => {
    assert.deepStrictEqual(found(py('best = tf.argmax(p, axis=1).numpy()', 'for c in range(3):', '    print(x_val[best[c]])')), []);
  });
  const js = (...tail) => ["import * as tf from '@tensorflow/tfjs';", "const CLASSES = ['a', 'b', 'c'];", 'const model = tf.sequential();',
    "model.add(tf.layers.dense({units: 3, activation: 'softmax', inputShape: [4]}));", "model.compile({optimizer: 'adam', loss: 'categoricalCrossentropy'});",
    'const best = model.predict(xs).argMax().arraySync();', ...tail];
  it('tfjs: argMax() entries each used as an index (forEach, map, for-of): silent', () => {
    assert.deepStrictEqual(found(js("best.forEach((i, c) => console.log('class', c, 'best sample', samples[i]));"), 'app.js'), []);
    assert.deepStrictEqual(found(js('const picked = best.map((i) => samples[i]);'), 'app.js'), []);
    assert.deepStrictEqual(found(js('for (const i of best) console.log(samples[i]);'), 'app.js'), []);
  });
  it('guard: tfjs entries read as one name per class, printed, or compared with labels: reported as before', () => {
    assert.deepStrictEqual(found(js('best.forEach((i, c) => console.log(c, CLASSES[i]));'), 'app.js'), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(found(js('best.forEach((i, c) => console.log(c, i));'), 'app.js'), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(found(js('for (const i of best) counts[i]++;'), 'app.js'), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(found(js('best.forEach((i) => { counts[i] += 1; });'), 'app.js'), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(found(js('best.forEach((i, c) => console.log(samples[i], i === labels[c]));'), 'app.js').map((f) => f.slice(0, 2)), [['argmax-batch-axis', 6]]);
  });
});

describe('round 49: keras.ops.nn is keras.ops', () => {
  before(() => initPython());
  const model = (op, loss) => ['import keras', 'from keras import layers, ops', 'inp = keras.Input((4,))', 'z = layers.Dense(3)(layers.Dense(8, activation="relu")(inp))',
    `p = ${op}(z)`, 'model = keras.Model(inp, p)', `model.compile(optimizer="adam", loss=${loss})`, 'model.fit(x, Y)'];
  it('ops.nn.softmax / keras.ops.nn.sigmoid before a logits loss: reported as ops.softmax is', () => {
    assert.deepStrictEqual(found(model('ops.nn.softmax', 'keras.losses.CategoricalCrossentropy(from_logits=True)')), [['softmax-before-logits-loss', 7, 'fix']]);
    assert.deepStrictEqual(found(model('keras.ops.nn.sigmoid', 'keras.losses.BinaryCrossentropy(from_logits=True)')).map((f) => f[0]), ['sigmoid-before-logits-loss']);
  });
  it('guard: ops.nn.softmax before a probability loss is clean', () => {
    assert.deepStrictEqual(found(model('ops.nn.softmax', '"categorical_crossentropy"')), []);
  });
});

describe('round 49: KL divergence reads probabilities', () => {
  before(() => initPython());
  const keras = (head, loss) => ['import keras', 'from keras import layers', `model = keras.Sequential([layers.Dense(8, activation="relu"), ${head}])`,
    `model.compile(optimizer="adam", loss=${loss}, metrics=["accuracy"])`, 'model.fit(x, soft_targets)'];
  it('Keras KLDivergence(), "kld", "kl_divergence", keras.losses.kl_divergence on a head without activation: reported, softmax suggested, no from_logits', () => {
    for (const loss of ['keras.losses.KLDivergence()', '"kld"', '"kl_divergence"', 'keras.losses.kl_divergence']) {
      const lines = keras('layers.Dense(4)', loss);
      assert.deepStrictEqual(found(lines), [['logits-into-probability-loss', 4, 'suggestion']], loss);
      const [f] = lintLines(lines).findings;
      assert.deepStrictEqual(f.suggestions.map((s) => applyEdits(lines.join('\n') + '\n', s.edits).split('\n')[2]), ['model = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4, activation=\'softmax\')])'], loss);
    }
  });
  it('log_softmax into KL divergence: reported as clipped to one value (not divided by their sum), softmax advised, no edit', () => {
    const lines = keras('layers.Dense(4, activation="log_softmax")', '"kl_divergence"');
    const [f, ...rest] = lintLines(lines).findings;
    assert.deepStrictEqual([f.ruleId, f.location.line, rest.length, f.fix, f.suggestions.length], ['logits-into-probability-loss', 4, 0, undefined, 0]);
    assert.match(f.message, /clips every one of them to the same tiny value before its log/);
    assert.match(f.message, /Use softmax in place of log_softmax \(this loss has no form that takes logits\)/);
    assert.doesNotMatch(f.message, /divides them by their sum|use the loss that takes logits/);
  });
  it('guard: KLDivergence after softmax is clean', () => {
    assert.deepStrictEqual(found(keras('layers.Dense(4, activation="softmax")', 'keras.losses.KLDivergence()')), []);
  });
  it('over one unit KL normalises nothing: no single-unit or loss finding, only its accuracy cutting logits', () => {
    // (Its 'accuracy' is binary_accuracy over one unit, cutting logits at 0.5: that is reported.)
    assert.deepStrictEqual(found(keras('layers.Dense(1)', '"kld"')).map((f) => f[0]), ['accuracy-metric-on-logits']);
  });
  const tfjs = (head) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({units: 16, activation: 'relu', inputShape: [10]}));",
    `model.add(tf.layers.dense({${head}}));`, "model.compile({optimizer: 'adam', loss: 'kullbackLeiblerDivergence'});"];
  it("tfjs 'kullbackLeiblerDivergence' on a head without activation: reported, softmax suggested", () => {
    assert.deepStrictEqual(found(tfjs('units: 3'), 'app.js'), [['logits-into-probability-loss', 5, 'suggestion']]);
  });
  it("guard: tfjs 'kullbackLeiblerDivergence' after softmax is clean", () => {
    assert.deepStrictEqual(found(tfjs("units: 3, activation: 'softmax'"), 'app.js'), []);
  });
});

describe('round 49: a KerasHub classifier is the head its activation= says', () => {
  before(() => initPython());
  const hub = (make, loss) => ['import keras', 'import keras_hub', 'import keras_nlp', `clf = ${make}`, `clf.compile(optimizer="adam", loss=${loss})`, 'clf.fit(ds)'];
  it('activation="softmax" with from_logits=True, activation=None with a probability loss: reported', () => {
    assert.deepStrictEqual(found(hub('keras_hub.models.ImageClassifier.from_preset("resnet_50_imagenet", num_classes=3, activation="softmax")', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)')), [['softmax-before-logits-loss', 5, 'fix']]);
    assert.deepStrictEqual(found(hub('keras_hub.models.TextClassifier.from_preset("bert_base_en", num_classes=2, activation=None)', '"sparse_categorical_crossentropy"')), [['logits-into-probability-loss', 5, 'fix']]);
    assert.deepStrictEqual(found(hub('keras_hub.models.ImageClassifier(backbone=b, num_classes=2, activation="softmax")', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)')).map((f) => f[0]), ['softmax-before-logits-loss']);
  });
  it('guard: from_logits=True with a KerasHub classifier is clean; no activation= (the preset decides) says nothing', () => {
    assert.deepStrictEqual(found(hub('keras_hub.models.TextClassifier.from_preset("bert_base_en", num_classes=2, activation=None)', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)')), []);
    assert.deepStrictEqual(found(hub('keras_hub.models.TextClassifier.from_preset("bert_base_en", num_classes=2)', 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)')), []);
    assert.deepStrictEqual(found(hub('keras_hub.models.TextClassifier.from_preset("bert_base_en", num_classes=2)', '"sparse_categorical_crossentropy"')), []);
    assert.deepStrictEqual(found(hub('keras_nlp.models.BertClassifier(backbone, num_classes=4, activation="softmax")', '"sparse_categorical_crossentropy"')), []);
  });
});

describe('round 49: a checkpoint callback in a comment or a string saves nothing', () => {
  before(() => initPython());
  const lines = (extra, cb) => [...extra, 'import keras', 'from keras import layers', 'model = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])',
    'model.compile(optimizer="adam", loss="binary_crossentropy")', `cb = ${cb}`, 'model.fit(x, y, callbacks=[cb])'];
  it('`# ModelCheckpoint("a")` or a string naming one beside a callback that saves nothing: the fix stays safe', () => {
    // (A weights-only checkpoint in the code is a reader of its own since mend49c: escapes.ts.)
    const weights = 'keras.callbacks.EarlyStopping(patience=3)';
    assert.deepStrictEqual(found(lines(['# ModelCheckpoint("a")'], weights)), [['logits-into-probability-loss', 5, 'fix']]);
    assert.deepStrictEqual(found(lines(['NOTE = "ModelCheckpoint(\'a\') saves the model"'], weights)), [['logits-into-probability-loss', 5, 'fix']]);
  });
  it('guard: a checkpoint of the whole model in the code still makes it a suggestion', () => {
    assert.deepStrictEqual(found(lines(['# ModelCheckpoint("a", save_weights_only=True)'], 'keras.callbacks.ModelCheckpoint("best.keras")')), [['logits-into-probability-loss', 5, 'suggestion']]);
  });
});
