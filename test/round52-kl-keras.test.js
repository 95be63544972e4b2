'use strict';
// Round 51's leftover (mend52a): a teacher's raw logits (or log-probabilities) as the target (y_true)
// of Keras' and tfjs' KL divergence. Keras clips y_true into [epsilon, 1] before
// y_true * log(y_true / y_pred); tfjs multiplies each term by yTrue as it is: with logits both are
// silently wrong. Reported as PyTorch's twin is (logits-into-probability-loss, no edit), in a call
// and where a compiled KL loss is given them by fit(). Every case fails on the frozen build
// (/work/s40a, ccc7283) but the guards, named so.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const TARGET = /reads its target as probabilities, but the target (?:fit\(\) is given )?is (?:raw logits|log-probabilities)/;

describe('round 52: a teacher\'s logits as y_true of Keras\' KL divergence, in a call', () => {
  before(() => initPython());
  // A teacher with a linear head, a softmax student trained on KL to it.
  const head = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers',
    'teacher = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(4)])', 'student = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4, activation="softmax")])',
    'opt = keras.optimizers.Adam()', 'kl = keras.losses.KLDivergence()', 'T = 4.0', 'for x, y in ds:', '    t = teacher(x, training=False)', '    with tf.GradientTape() as tape:', '        s = student(x, training=True)'];
  const tail = ['    grads = tape.gradient(loss, student.trainable_variables)', '    opt.apply_gradients(zip(grads, student.trainable_variables))'];
  const reported = (line) => found([...head, `        ${line}`, ...tail]);
  const cases = {
    'KLDivergence()(t, s)': 'loss = keras.losses.KLDivergence()(t, s)',
    'kl(t, s), the loss object made before': 'loss = kl(t, s)',
    'kl(y_true=t, y_pred=s)': 'loss = kl(y_true=t, y_pred=s)',
    'keras.losses.kl_divergence(t / T, s)': 'loss = keras.losses.kl_divergence(t / T, s)',
    'tf.keras.losses.KLD(t, s)': 'loss = tf.keras.losses.KLD(t, s)',
    'tf.keras.losses.kld(t, s)': 'loss = tf.keras.losses.kld(t, s)',
    'keras.metrics.kl_divergence(t, s)': 'loss = keras.metrics.kl_divergence(t, s)',
    'tf.keras.losses.kullback_leibler_divergence(t, s)': 'loss = tf.keras.losses.kullback_leibler_divergence(t, s)',
    'kl(tf.nn.log_softmax(t / T), s): log-probabilities': 'loss = kl(tf.nn.log_softmax(t / T), s)',
  };
  for (const [name, line] of Object.entries(cases)) {
    it(`${name}: reported on the loss, with no edit, in Keras' words`, () => {
      assert.deepStrictEqual(reported(line), [['logits-into-probability-loss', 13, 'none']]);
      const message = lintLines([...head, `        ${line}`, ...tail]).findings[0].message;
      assert.match(message, TARGET);
      assert.match(message, /clips every value into \[epsilon, 1\].*keras\.ops\.softmax\(t \/ T\)/);
      assert.doesNotMatch(message, /log_target|NaN/);
    });
  }
  it('guard: softmax targets (tf.nn.softmax, keras.activations.softmax, keras.ops.softmax, a teacher with a softmax output), data, a teacher we cannot see: silent', () => {
    for (const line of ['loss = kl(tf.nn.softmax(t / T), s) * T * T', 'loss = kl(keras.activations.softmax(t), s)', 'loss = keras.losses.kl_divergence(keras.ops.softmax(t / T), s)',
      'loss = tf.keras.losses.KLD(tf.nn.softmax(t / T, axis=-1), s)', 'loss = kl(soft_labels, s)']) {
      assert.deepStrictEqual(reported(line), [], line);
    }
    const soft = head.map((l) => l.replace('layers.Dense(4)])', 'layers.Dense(4, activation="softmax")])'));
    assert.deepStrictEqual(found([...soft, '        loss = kl(t, s)', ...tail]), []);
    const loaded = head.map((l) => (l.startsWith('teacher =') ? 'teacher = keras.models.load_model("teacher.keras")' : l));
    assert.deepStrictEqual(found([...loaded, '        loss = kl(t, s)', ...tail]), []);
  });
  it('keras.io\'s Distiller with the teacher\'s logits given unsoftened: reported in its train_step', () => {
    const distiller = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'class Distiller(keras.Model):',
      '    def __init__(self, student, teacher):', '        super().__init__()', '        self.teacher = teacher', '        self.student = student',
      '    def compile(self, optimizer, metrics, student_loss_fn, distillation_loss_fn, temperature=3):', '        super().compile(optimizer=optimizer, metrics=metrics)',
      '        self.student_loss_fn = student_loss_fn', '        self.distillation_loss_fn = distillation_loss_fn', '        self.temperature = temperature',
      '    def train_step(self, data):', '        x, y = data', '        teacher_predictions = self.teacher(x, training=False)', '        with tf.GradientTape() as tape:',
      '            student_predictions = self.student(x, training=True)', '            student_loss = self.student_loss_fn(y, student_predictions)',
      '            distillation_loss = self.distillation_loss_fn(teacher_predictions / self.temperature, tf.nn.softmax(student_predictions / self.temperature, axis=1))',
      '            loss = 0.1 * student_loss + 0.9 * distillation_loss', '        grads = tape.gradient(loss, self.student.trainable_variables)',
      '        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))', '        return {"loss": loss}',
      'teacher = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(64, 3, strides=2), layers.Flatten(), layers.Dense(10)])',
      'student = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(16, 3, strides=2), layers.Flatten(), layers.Dense(10)])',
      'teacher.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))', 'teacher.fit(x_train, y_train, epochs=5)',
      'distiller = Distiller(student=student, teacher=teacher)',
      'distiller.compile(optimizer="adam", metrics=["accuracy"], student_loss_fn=keras.losses.SparseCategoricalCrossentropy(from_logits=True), distillation_loss_fn=keras.losses.KLDivergence(), temperature=10)',
      'distiller.fit(x_train, y_train, epochs=3)'];
    assert.deepStrictEqual(found(distiller), [['logits-into-probability-loss', 20, 'none']]);
    // As keras.io writes it, both softened by a softmax: silent.
    const right = distiller.map((l) => l.replace('distillation_loss_fn(teacher_predictions / self.temperature,', 'distillation_loss_fn(tf.nn.softmax(teacher_predictions / self.temperature, axis=1),'));
    assert.deepStrictEqual(found(right), []);
  });
  it('guard: the student\'s logits as y_pred are reported as before (expects probabilities)', () => {
    const logits = head.map((l) => l.replace('layers.Dense(4, activation="softmax")])', 'layers.Dense(4)])'));
    const findings = lintLines([...logits, '        loss = kl(tf.nn.softmax(t / T), s)', ...tail]).findings;
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.location.line]), [['logits-into-probability-loss', 13]]);
    assert.match(findings[0].message, /^KLDivergence expects probabilities, but this model's output is raw logits/);
  });
});

describe('round 52: a compiled Keras KL loss given a teacher\'s logits by fit()', () => {
  before(() => initPython());
  const teacher = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers',
    'teacher = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(4)])',
    'teacher.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))', 'teacher.fit(x, y)',
    'student = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4, activation="softmax")])'];
  const cases = {
    "loss='kld', fit(x, teacher.predict(x))": ['student.compile(optimizer="adam", loss="kld")', 'student.fit(x, teacher.predict(x))'],
    "loss='kl_divergence', fit(x, t) with t = teacher.predict(x)": ['t = teacher.predict(x)', 'student.compile(optimizer="adam", loss="kl_divergence")', 'student.fit(x, t, epochs=3)'],
    'loss=keras.losses.KLDivergence(), fit(x=x, y=teacher(x, training=False))': ['student.compile(optimizer="adam", loss=keras.losses.KLDivergence())', 'student.fit(x=x, y=teacher(x, training=False))'],
    'loss=tf.keras.losses.kullback_leibler_divergence, fit twice with the same logits': ['t = teacher.predict(x)', 'student.compile("adam", tf.keras.losses.kullback_leibler_divergence)', 'student.fit(x, t)', 'student.fit(x, t, epochs=2)'],
    "loss='KLD', fit(x, tf.nn.log_softmax(teacher.predict(x)))": ['student.compile(optimizer="adam", loss="KLD")', 'student.fit(x, tf.nn.log_softmax(teacher.predict(x)))'],
  };
  for (const [name, lines] of Object.entries(cases)) {
    it(`${name}: reported on the compiled loss, with no edit`, () => {
      const at = teacher.length + lines.findIndex((l) => l.includes('compile')) + 1;
      assert.deepStrictEqual(found([...teacher, ...lines]), [['logits-into-probability-loss', at, 'none']]);
      assert.match(lintLines([...teacher, ...lines]).findings[0].message, TARGET);
    });
  }
  it('guard: softmax\'d predictions, data, fits that disagree, fit(dataset), a fit before the compile: silent', () => {
    for (const lines of [['student.compile(optimizer="adam", loss="kld")', 'student.fit(x, tf.nn.softmax(teacher.predict(x) / 4.0))'],
      ['student.compile(optimizer="adam", loss="kld")', 'student.fit(x, soft_labels)'],
      ['student.compile(optimizer="adam", loss="kld")', 'student.fit(x, teacher.predict(x))', 'student.fit(x, soft_labels)'],
      ['student.compile(optimizer="adam", loss="kld")', 'student.fit(train_ds, epochs=3)'],
      ['student.compile(optimizer="adam", loss="mse")', 'student.fit(x, teacher.predict(x))', 'student.compile(optimizer="adam", loss="kld")', 'student.fit(x, soft_labels)']]) {
      assert.deepStrictEqual(found([...teacher, ...lines]), [], lines.join('\n'));
    }
  });
  it('guard: a teacher given as labels is not trained by the student\'s loss (its own findings say what trains it)', () => {
    const lines = [...teacher, 'student.compile(optimizer="adam", loss="kld")', 'student.fit(x, teacher.predict(x))', 'p = teacher.predict(xv)', 'print(p > 0.5)'];
    const threshold = lintLines(lines).findings.find((f) => f.ruleId === 'threshold-logits');
    assert.match(threshold.message, /trained with a softmax over its classes/);
  });
});

describe('round 52: tfjs\' compiled kullbackLeiblerDivergence given a teacher\'s logits by fit()', () => {
  const lint = (lines) => {
    const file = '/virtual/distil.js';
    const text = lines.join('\n') + '\n';
    return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }).findings;
  };
  const head = ["const tf = require('@tensorflow/tfjs');", 'const teacher = tf.sequential();', "teacher.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [10] }));",
    'teacher.add(tf.layers.dense({ units: 4 }));', "teacher.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });", 'const student = tf.sequential();',
    "student.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [10] }));", "student.add(tf.layers.dense({ units: 4, activation: 'softmax' }));",
    "student.compile({ optimizer: 'adam', loss: 'kullbackLeiblerDivergence' });", 'async function distil(xs) {'];
  it('fit(xs, teacher.predict(xs)): reported on the compiled loss, with no edit, in tfjs\' words', () => {
    const findings = lint([...head, '  await student.fit(xs, teacher.predict(xs), { epochs: 5 });', '}']);
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.location.line, !!f.fix]), [['logits-into-probability-loss', 9, false]]);
    assert.match(findings[0].message, TARGET);
    assert.match(findings[0].message, /multiplies each term by the target as it is.*tf\.softmax\(t\.div\(T\)\)/);
  });
  it('guard: softmax\'d predictions, fitDataset: silent', () => {
    assert.deepStrictEqual(lint([...head, '  await student.fit(xs, tf.softmax(teacher.predict(xs).div(2)));', '}']).map((f) => f.ruleId), []);
    assert.deepStrictEqual(lint([...head, '  await student.fitDataset(ds, { epochs: 5 });', '}']).map((f) => f.ruleId), []);
  });
});
