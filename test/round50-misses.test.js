// Misses left by red-team round 49 (mend50c, session 38): a KerasHub classifier constructed
// directly without `activation=` has its library's default head (keras_hub / keras_nlp: logits,
// keras_cv: softmax; through from_preset a saved config decides: unknown); selections and
// reductions of logits that keep what they are (`torch.where` of two, a stack of same-kind outputs
// reduced over the stack, NumPy's `take_along_axis` / `where`); `match` captures of a structure the
// code built. Every case fails on the frozen build (/work/s38a, 7356e02) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 50: a KerasHub classifier constructed without activation= has the default head', () => {
  before(() => initPython());
  const hub = (make, loss, ...tail) => ['import keras', 'import keras_hub', 'import keras_nlp', 'import keras_cv', `clf = ${make}`,
    `clf.compile(optimizer="adam", loss=${loss})`, 'clf.fit(ds)', ...tail];
  const SCCE = '"sparse_categorical_crossentropy"';
  const LOGITS = 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)';
  it('keras_hub / keras_nlp tasks give logits: a probability loss or a 0.5 cut is reported', () => {
    assert.deepStrictEqual(found(hub('keras_hub.models.BertTextClassifier(backbone=b, num_classes=2, preprocessor=p)', SCCE)), [['logits-into-probability-loss', 6, 'fix']]);
    assert.deepStrictEqual(found(hub('keras_hub.models.ImageClassifier(backbone, 4)', SCCE)), [['logits-into-probability-loss', 6, 'fix']]);
    assert.deepStrictEqual(found(hub('keras_nlp.models.BertClassifier(backbone, num_classes=4)', SCCE)), [['logits-into-probability-loss', 6, 'fix']]);
    assert.deepStrictEqual(found(hub('keras_hub.models.ImageClassifier(backbone=b, num_classes=1)', '"binary_crossentropy"', 'p = clf.predict(x)', 'print(p > 0.5)')),
      [['logits-into-probability-loss', 6, 'fix'], ['threshold-logits', 9, 'suggestion']]);
  });
  it("keras_cv's ImageClassifier gives probabilities (softmax): a from_logits=True loss is reported", () => {
    assert.deepStrictEqual(found(hub('keras_cv.models.ImageClassifier(backbone=b, num_classes=4)', LOGITS)), [['softmax-before-logits-loss', 6, 'fix']]);
  });
  it('guard: the tutorial usage (default compile, from_logits=True, argmax) is clean', () => {
    assert.deepStrictEqual(found(['import keras', 'import keras_hub', 'clf = keras_hub.models.ImageClassifier(backbone=backbone, num_classes=4)', 'clf.fit(ds)',
      'clf.compile(optimizer=keras.optimizers.Adam(5e-5))', 'clf.fit(ds)', `clf.compile(loss=${LOGITS}, optimizer="adam", metrics=["accuracy"])`,
      'clf.backbone.trainable = False', 'clf.fit(ds)', 'preds = clf.predict(x)', 'print(keras.ops.argmax(preds, axis=-1))', 'print(keras.ops.softmax(preds))']), []);
    assert.deepStrictEqual(found(hub('keras_hub.models.BertTextClassifier(backbone=b, num_classes=2)', LOGITS)), []);
    assert.deepStrictEqual(found(hub('keras_cv.models.ImageClassifier(backbone=b, num_classes=4)', SCCE)), []);
  });
  it('guard: from_preset (a saved config decides), positions past num_classes, a splat, a base class: silent', () => {
    assert.deepStrictEqual(found(hub('keras_hub.models.BertTextClassifier.from_preset("bert_base_en", num_classes=2)', SCCE)), []);
    assert.deepStrictEqual(found(hub('keras_cv.models.ImageClassifier.from_preset("efficientnetv2_b0_imagenet_classifier")', LOGITS)), []);
    assert.deepStrictEqual(found(hub('keras_hub.models.BertTextClassifier(backbone, 2, pre, "softmax")', SCCE)), []);
    assert.deepStrictEqual(found(hub('keras_hub.models.BertTextClassifier(**cfg)', SCCE)), []);
    assert.deepStrictEqual(found(hub('keras_hub.models.TextClassifier(backbone=b, num_classes=2)', SCCE)), []);
  });
});
