// The Python frontend on Keras / tf.keras code and NumPy decisions: compile losses and metrics,
// Sequential / functional / subclassed models, tape loops (labels first), tf.nn losses with
// keyword arguments, NumPy argmax and thresholds on predict().
const assert = require('assert');
const { events } = require('./python-helpers');

const run = (text) => events({ 'k.py': text });
const only = (evs, type) => evs.filter((e) => e.type === type);

describe('python frontend: Keras and NumPy', () => {
  it('tf.keras Sequential: compile string loss and accuracy; NumPy decisions on predict()', async () => {
    const evs = await run(`from tensorflow import keras
from tensorflow.keras import layers
import numpy as np
model = keras.Sequential([
    layers.Dense(64, activation='relu', input_shape=(20,)),
    layers.Dense(1),
])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
p = model.predict(X)
a = np.argmax(p, axis=1)
b = np.argmax(p)
c = (p > 0.5).astype(int)
d = np.round(p)
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.line, loss.name, loss.expects, loss.via], [8, 'keras.binary_crossentropy', 'probabilities', 'compile-string']);
    assert.deepStrictEqual(loss.pred, { act: 'logits', actLine: 6, width: 1, widthLine: 6, rank: 2, pred: true, modelOutput: true, model: 'sequential' });
    const [metric] = only(evs, 'metric');
    assert.deepStrictEqual([metric.name, metric.alias, metric.binary], ['accuracy', true, false]);
    assert.deepStrictEqual(only(evs, 'argmax').map((e) => [e.line, e.axis, e.noAxis]), [[10, 1, 'flatten'], [11, undefined, 'flatten']]);
    assert.deepStrictEqual(only(evs, 'threshold').map((e) => [e.line, e.op, e.thr]), [[12, 'compare', '0.5'], [13, 'round', undefined]]);
  });

  it('functional API; loss objects with from_logits; BinaryAccuracy; a tape loop is labels-first', async () => {
    const evs = await run(`import tensorflow as tf
inputs = tf.keras.Input(shape=(8,))
x = tf.keras.layers.Dense(16, activation="relu")(inputs)
outputs = tf.keras.layers.Dense(3, activation="softmax")(x)
model = tf.keras.Model(inputs=inputs, outputs=outputs)
model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True), metrics=[tf.keras.metrics.BinaryAccuracy(), tf.keras.metrics.BinaryAccuracy(threshold=0.0)])
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
with tf.GradientTape() as tape:
    logits = model(xb, training=True)
    loss = loss_fn(yb, logits)
    bad = loss_fn(logits, yb)
`);
    const [sm] = only(evs, 'softmax');
    assert.deepStrictEqual([sm.line, sm.kind, sm.input.width], [4, 'dense-activation', 3]);
    const losses = only(evs, 'loss').map((e) => [e.line, e.expects, e.via, e.pred.act, !!e.labels.pred]);
    assert.deepStrictEqual(losses, [[6, 'logits', 'compile-ref', 'softmax', false], [10, 'logits', 'call', 'softmax', false], [11, 'logits', 'call', 'unknown', true]]);
    // threshold=0.0: a metric that cuts at 0 (not binary at 0.5), with where the 0 is written.
    assert.deepStrictEqual(only(evs, 'metric').map((e) => [e.name, e.binary, e.zeroCut]), [['BinaryAccuracy', true, undefined], ['BinaryAccuracy', false, '0.0']]);
  });

  it('Keras 3 imports, a subclassed Model with call, .add, Activation layers, tf.nn losses by keyword', async () => {
    const evs = await run(`import keras
from keras.layers import Dense
from keras import layers
import tensorflow as tf
class Clf(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = Dense(32, activation='relu')
        self.out = layers.Dense(1, activation='sigmoid')
    def call(self, x):
        return self.out(self.d1(x))
model = Clf()
model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=['binary_accuracy'])
seq = keras.Sequential()
seq.add(layers.Dense(10, input_shape=(4,)))
seq.add(layers.Activation('softmax'))
seq.compile('adam', 'sparse_categorical_crossentropy', ['acc'])
l = tf.nn.sigmoid_cross_entropy_with_logits(labels=yb, logits=seq(xb))
`);
    const losses = only(evs, 'loss').map((e) => [e.line, e.expects, e.pred.act, e.pred.actLine, e.pred.width]);
    assert.deepStrictEqual(losses, [[13, 'logits', 'sigmoid', 9, 1], [17, 'probabilities', 'softmax', 16, 10], [18, 'logits', 'softmax', 16, 10]]);
    assert.deepStrictEqual(only(evs, 'metric').map((e) => [e.line, e.name, e.binary, e.alias]), [[13, 'binary_accuracy', true, false], [17, 'acc', false, true]]);
    assert.deepStrictEqual(only(evs, 'softmax').map((e) => [e.line, e.kind, e.input.width]), [[16, 'layer', 10]]);
  });

  it('tf.argmax without an axis reduces the batch; keras.ops.argmax flattens', async () => {
    const evs = await run(`import tensorflow as tf
import keras
m = keras.Sequential([keras.layers.Dense(3, input_shape=(4,))])
a = tf.argmax(m(x))
b = keras.ops.argmax(m(x))
c = tf.argmax(m(x), axis=-1)
`);
    assert.deepStrictEqual(only(evs, 'argmax').map((e) => [e.line, e.axis, e.noAxis]), [[4, undefined, 'batch'], [5, undefined, 'flatten'], [6, -1, 'batch']]);
  });

  it('a custom loss given to compile runs with (y_true, model output)', async () => {
    const evs = await run(`from tensorflow import keras
def my_loss(y_true, y_pred):
    return keras.losses.binary_crossentropy(y_true, y_pred, from_logits=True)
m = keras.Sequential([keras.layers.Dense(1, activation='sigmoid', input_dim=5)])
m.compile(loss=my_loss)
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.line, loss.expects, loss.pred.act, loss.pred.actLine], [3, 'logits', 'sigmoid', 4]);
  });

  it('regression compile strings and unknown activations say nothing', async () => {
    const { analyse } = require('./python-helpers');
    const r = await analyse({ 'k.py': `from tensorflow import keras
m = keras.Sequential([keras.layers.Dense(1, input_dim=5)])
m.compile(loss='mse', metrics=['mae'])
n = keras.Sequential([keras.layers.Dense(1, activation=pick(), input_dim=5)])
n.compile(loss='binary_crossentropy')
` });
    const m = r.models[0];
    // The regression loss trains that output (its head's layer, for a model with several outputs).
    assert.deepStrictEqual(m.losses.map((l) => [l.name, l.kind, l.act?.start]), [['mse', undefined, r.models[0].layers[0].site.start]]);
    const [loss] = r.events.filter((e) => e.type === 'loss');
    assert.strictEqual(loss.pred.get().act, 'unknown');
  });

  it('a lambda is a function: compile runs loss=lambda y, p: ... with the model output; a lambda criterion runs when called', async () => {
    const evs = await run(`import tensorflow as tf
m = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])
m.compile(loss=lambda y, z: tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z), metrics=['accuracy'])
never = lambda y, z: tf.keras.losses.binary_crossentropy(y, z)
crit = lambda y, z: tf.keras.losses.binary_crossentropy(y, z, from_logits=True)
crit(Y, m(X))
`);
    assert.deepStrictEqual(only(evs, 'loss').map((e) => [e.line, e.name, e.pred.act, e.pred.modelOutput]), [
      [3, 'tf.sigmoid_cross_entropy_with_logits', 'logits', true],
      [5, 'keras.binary_crossentropy', 'logits', true],
      // The lambda nobody calls runs once with arguments it knows nothing of (round 41).
      [4, 'keras.binary_crossentropy', 'unknown', undefined],
    ]);
  });

  it('Keras convolutions are linear; their filters are the last axis (channels_last), so a 1-filter softmax is over one unit', async () => {
    const evs = await run(`from tensorflow import keras
from tensorflow.keras import layers
seg = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.Conv2D(1, 1),
])
seg.compile(optimizer="adam", loss="binary_crossentropy")
one = layers.Conv2D(1, 1, activation="softmax")
cf = layers.Conv2D(1, 1, data_format="channels_first", activation="softmax")
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.pred.act, loss.pred.actLine, loss.pred.width, loss.pred.rank], ['logits', 6, 1, 4]);
    assert.deepStrictEqual(only(evs, 'softmax').map((e) => [e.line, e.input.width]), [[9, 1], [10, undefined]]);
  });
});

describe('python frontend: Keras metrics that read probabilities', () => {
  const { runCli } = require('./cli-helpers');
  const path = require('path');
  const DIR = path.join(__dirname, '..', 'fixtures', 'python', 'rules', 'accuracy-metric-on-logits');
  const lint = (name) => {
    const r = runCli(['--no-config', '-f', 'json', path.join(DIR, name)]);
    const [entry] = JSON.parse(r.stdout);
    const text = require('fs').readFileSync(path.join(DIR, name), 'utf8');
    return entry.messages.map((m) => ({ line: m.line, message: m.message, fixes: (m.suggestions ?? []).map((s) => [text.slice(s.fix.range[0] - 20, s.fix.range[1]), s.fix.text]) }));
  };

  it('Precision() and Recall() cut logits at 0.5: the fix sets thresholds=0.0 in the constructor', () => {
    const [p, r] = lint('bad_keras_precision_recall_objects.py');
    assert.match(p.message, /^Precision thresholds predictions at 0\.5, but the model outputs logits \(line 6\)/);
    assert.deepStrictEqual(p.fixes.map((f) => f[1]), [', thresholds=0.0']);
    assert.match(r.message, /^Recall thresholds/);
  });

  it('AUC() applied by hand with update_state: reported there, fixed where the metric is made', () => {
    const [m] = lint('bad_keras_auc_update_state_tape.py');
    assert.strictEqual(m.line, 27);
    assert.match(m.message, /^AUC reads predictions as probabilities/);
    // The edit goes into `keras.metrics.AUC()` (line 18), not into the update_state call.
    assert.deepStrictEqual(m.fixes, [['= keras.metrics.AUC(', 'from_logits=True']]);
  });
});
