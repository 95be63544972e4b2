// Red team round 41 (session 29): what it found wrong, each case next to the shape that stays as it was.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => ({ rule: f.ruleId, line: f.location.line, fix: f.fix ? f.fix.title : undefined, suggestions: f.suggestions.map((s) => s.title) }));

describe('round 41: a Keras loss switch that would leave a compiled metric cutting logits', () => {
  before(() => initPython());
  const logit = ['import tensorflow as tf', 'logit_model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)), tf.keras.layers.Dense(1)])'];
  const prob = 'prob_model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)), tf.keras.layers.Dense(1, activation="sigmoid")])';
  it('a metric list or object shared with a sigmoid model: the switch is only suggested, next to adding the activation', () => {
    const shared = {
      'a METRICS list': ['METRICS = ["accuracy"]', ...logit, 'logit_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=METRICS)', prob, 'prob_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=METRICS)'],
      'one BinaryAccuracy object': ['import tensorflow as tf', 'acc = tf.keras.metrics.BinaryAccuracy()', ...logit.slice(1), 'logit_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[acc])', prob, 'prob_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[acc])'],
    };
    for (const [what, lines] of Object.entries(shared)) {
      const [f, ...rest] = brief(lintLines(lines));
      assert.deepStrictEqual(rest, [], what);
      assert.strictEqual(f.rule, 'logits-into-probability-loss', what);
      assert.strictEqual(f.fix, undefined, what);
      assert.ok(f.suggestions.some((s) => /from_logits=True/.test(s)) && f.suggestions.some((s) => /sigmoid/.test(s)), `${what}: ${f.suggestions}`);
    }
  });
  it('guard: the metric written in the call is switched with the loss, one safe fix', () => {
    const [f] = brief(lintLines([...logit, 'logit_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[tf.keras.metrics.BinaryAccuracy()])']));
    assert.match(f.fix ?? '', /from_logits=True.*threshold=0\.0/);
  });
});

describe('round 41: a helper whose parameters reach a loss, called with its arguments swapped', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 1, 1))',
    'def bce_dice(pred, target):', '    bce = F.binary_cross_entropy_with_logits(pred, target)', '    p = torch.sigmoid(pred)', '    return bce + 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)'];
  it('is reported at the swapped call, and the fix swaps that call back (the helper is left as it is)', () => {
    for (const other of [[], ['good = bce_dice(model(images), masks)']]) {
      const lines = [...net, ...other, 'loss = bce_dice(masks, model(images))'];
      const r = lintLines(lines);
      assert.deepStrictEqual(brief(r).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', lines.length, 'Swap the arguments back to (input, target)']], String(other));
      assert.match(r.findings[0].message, /line 6\), given this call's arguments, takes \(input, target\)/);
      const edits = r.findings[0].fix.edits.map((e) => e.text).sort();
      assert.deepStrictEqual(edits, ['masks', 'model(images)']);
      const text = lines.join('\n') + '\n';
      assert.ok(r.findings[0].fix.edits.every((e) => e.start >= text.indexOf('loss = bce_dice(masks')), 'the edits are in the swapped call');
    }
  });
  it('through two helpers handing the arguments on, the outer call is the one fixed', () => {
    const lines = [...net, 'def step(a, b):', '    return bce_dice(a, b)', 'loss = step(masks, model(images))'];
    assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', lines.length, 'Swap the arguments back to (input, target)']]);
  });
  it('guard: a loss written with the swap in its own call is fixed there', () => {
    const lines = [...net.slice(0, 4), 'loss = F.binary_cross_entropy_with_logits(masks, model(images))'];
    assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', 5, 'Swap the arguments back to (input, target)']]);
  });
});

describe('round 41: a loss switch that would leave a decision on the logits cutting them as probabilities', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(X_train, y_train, epochs=5)'];
  it('a rounding, a cut other than 0.5, a named cut, a class column of a softmax-trained head: the switch is only suggested, and the message says why', () => {
    const cases = {
      'np.round': 'y_pred = np.round(model.predict(X_test))',
      'tf.round': 'y_pred = tf.round(model(X_test))',
      '.round()': 'y_pred = model.predict(X_test).round()',
      '> 0.3': 'y_pred = (model.predict(X_test) > 0.3).astype(int)',
      'a name': 'THRESH = 0.5\ny_pred = (model.predict(X_test) > THRESH).astype(int)',
    };
    for (const [what, line] of Object.entries(cases)) {
      const r = lintLines([...keras, line]);
      const loss = r.findings.find((f) => f.ruleId === 'logits-into-probability-loss');
      assert.ok(loss, what);
      assert.strictEqual(loss.fix, undefined, what);
      assert.ok(loss.suggestions.some((s) => /from_logits=True/.test(s.title)), what);
      assert.match(loss.message, /reads these logits as probabilities too, which is right only while this loss clips them/, what);
    }
    const cat = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(2)])', 'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")', 'probs = model.predict(X_test)', 'y_pred = (probs[:, 1] > 0.5).astype(int)'];
    assert.strictEqual(lintLines(cat).findings.find((f) => f.ruleId === 'logits-into-probability-loss').fix, undefined);
  });
  it('guard: a cut at 0.5 (rewritten to 0 once the loss takes logits) or at 0 keeps the safe switch', () => {
    for (const line of ['y_pred = (model.predict(X_test) > 0.5).astype(int)', 'y_pred = (model.predict(X_test) > 0).astype(int)', 'print(model.predict(X_test))']) {
      const loss = lintLines([...keras, line]).findings.find((f) => f.ruleId === 'logits-into-probability-loss');
      assert.match(loss.fix?.title ?? '', /from_logits=True/, line);
      assert.doesNotMatch(loss.message, /reads these logits as probabilities too/, line);
    }
  });
});
