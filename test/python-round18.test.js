// Red team round 18 (session 12): round 17's changes, broken again. Each case pairs the shape that
// was wrong with its counterpart that must stay as it was.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

const rulesOf = (lines, file) => lint(lines, file).map((f) => f.rule);
const KERAS_TAPE = ['import tensorflow as tf', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1, activation="sigmoid")])', 'with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=model(x)))'];

describe('round 18: what a fix may not assume', () => {
  before(() => initPython());

  it('Keras focal losses take something else first: BinaryFocalCrossentropy(True, ...) is no from_logits=True', () => {
    const head = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1, activation="sigmoid")])'];
    assert.deepStrictEqual(rulesOf([...head, 'model.compile(optimizer="adam", loss=keras.losses.BinaryFocalCrossentropy(True, gamma=2.0))']), []);
    assert.deepStrictEqual(rulesOf([...head, 'model.compile(optimizer="adam", loss=keras.losses.BinaryFocalCrossentropy(from_logits=True))']), ['sigmoid-before-logits-loss']);
  });

  it('accelerate: predictions gathered in a tuple, list or dict are still what the model output (a 0.5 threshold on them reads the sigmoid)', () => {
    const loop = [...HEADER, 'from accelerate import Accelerator', 'acc = Accelerator()', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'model, opt = acc.prepare(model, opt)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'p = model(x)'];
    for (const gather of ['p, yv = acc.gather_for_metrics((p, y))', 'p, yv = acc.gather_for_metrics([p, y])', 'd = acc.gather_for_metrics({"p": p, "y": y})\np = d["p"]']) {
      const [f, ...rest] = lint([...loop, gather, 'hits = ((p > 0.5) == yv).float().mean()']);
      assert.strictEqual(rest.length, 0, gather);
      assert.strictEqual(f.fix, undefined, gather);
    }
  });

  it('a named item whose name is written again as a string (get_submodule, return_nodes, a name compared) is removed only as a suggestion', () => {
    const od = ['from collections import OrderedDict', 'model = nn.Sequential(OrderedDict([("fc", nn.Linear(8, 1)), ("sigmoid", nn.Sigmoid())]))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.match(lint([...HEADER, ...od])[0].fix ?? '', /^Remove/);
    for (const read of ['model.get_submodule("sigmoid").register_forward_hook(hook)', 'feats = create_feature_extractor(model, return_nodes={"sigmoid": "p"})', 'for name, m in model.named_children():\n    if name == "sigmoid":\n        print(m)']) {
      assert.strictEqual(lint([...HEADER, ...od, read])[0]?.fix, undefined, read);
    }
  });

  it('a threshold helper handed to code we do not see (map, partial) decides on other values too: its 0 rewrite is a suggestion', () => {
    const base = [...HEADER, 'def binarize(t):', '    return (t > 0.5).float()', 'net = nn.Linear(8, 1)', 'out = net(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'acc = (binarize(out) == y).float().mean()'];
    assert.match(lint(base)[0].fix ?? '', /Threshold logits at 0/);
    for (const escape of ['hard = list(map(binarize, soft_targets))', 'import functools\nb = functools.partial(binarize)', 'v = np.vectorize(binarize)']) {
      const [f] = lint([...base, escape]);
      assert.strictEqual(f.rule, 'threshold-logits', escape);
      assert.strictEqual(f.fix, undefined, escape);
    }
  });

  it('values written in place by code we do not model (out=, np.copyto, a helper writing its argument) are unknown after', () => {
    const keras = ['import numpy as np', 'from scipy.special import expit', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'pred = model.predict(x_test)'];
    for (const write of ['expit(pred, out=pred)', 'np.copyto(pred, expit(pred))', 'def to_prob(a):\n    a[:] = expit(a)\nto_prob(pred)']) {
      assert.deepStrictEqual(rulesOf([...keras, write, 'pred[pred > 0.5] = 1']), [], write);
    }
    assert.deepStrictEqual(rulesOf([...keras, 'pred[pred > 0.5] = 1']), ['threshold-logits']);
  });

  it('a Keras application whose layers are read (its top cut or changed) is not judged on the top it was built with', () => {
    const app = ['from tensorflow import keras', 'base = keras.applications.EfficientNetB0(weights=None, classes=1)'];
    assert.deepStrictEqual(rulesOf([...app, 'base.compile(optimizer="adam", loss="binary_crossentropy")']), ['softmax-single-unit']);
    for (const change of ['base.layers[-1].activation = keras.activations.sigmoid', 'x = base.layers[-2].output', 'head = base.get_layer("predictions")']) {
      assert.deepStrictEqual(rulesOf([...app, change, 'base.compile(optimizer="adam", loss="binary_crossentropy")']), [], change);
    }
  });

  it('rounding to some decimals is no threshold (p.round(3), torch.round(p, decimals=2)); round() still is', () => {
    const torchOut = [...HEADER, 'net = nn.Linear(8, 1)', 'out = net(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
    for (const r of ['print(out[:5].round(3))', 'print(torch.round(out, decimals=2))']) assert.deepStrictEqual(rulesOf([...torchOut, r]), [], r);
    assert.deepStrictEqual(rulesOf([...torchOut, 'r = out.round()']), ['threshold-logits']);
  });

  it('TFLite through tf.function(model.call), tf.function(func=model) or a lambda: the removal is a suggestion', () => {
    for (const more of ['run = tf.function(model.call)\nc = run.get_concrete_function(spec)', 'run = tf.function(func=model)\nc = run.get_concrete_function(spec)', 'run = tf.function(lambda t: model(t))\nc = run.get_concrete_function(spec)']) {
      const [f] = lint([...KERAS_TAPE, more]);
      assert.strictEqual(f.rule, 'sigmoid-before-logits-loss', more);
      assert.strictEqual(f.fix, undefined, more);
    }
    assert.match(lint(KERAS_TAPE)[0].fix ?? '', /^Remove/);
  });
});

describe('round 18: batches, gradients, notebooks', () => {
  before(() => initPython());

  it('a batch of one squeezed is still one sample; batch_size=None is no batch of one', () => {
    const base = [...HEADER, 'from torch.utils.data import DataLoader', 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))', 'loss = nn.CrossEntropyLoss()(model(x), labels)'];
    assert.deepStrictEqual(rulesOf([...base, 'for xb, yb in DataLoader(ds):', '    xb = xb.squeeze(0)', '    hits = (model(xb).argmax() == yb).sum()']), []);
    assert.deepStrictEqual(rulesOf([...base, 'for xb, yb in DataLoader(ds, batch_size=None, sampler=batches):', '    hits = (model(xb).argmax() == yb).sum()']), ['argmax-batch-axis']);
  });

  it('with torch.enable_grad() / set_grad_enabled(True) inside gradients that are off: outputs there are not soft targets', () => {
    const swapped = (block) => lint([...HEADER, 'teacher = nn.Linear(8, 3)', 'crit = nn.BCELoss()', 'torch.set_grad_enabled(False)', `with ${block}:`, '    soft = torch.sigmoid(teacher(x))', '    loss = crit(scores_of(x), soft)']).map((f) => f.rule);
    assert.deepStrictEqual(swapped('torch.enable_grad()'), ['swapped-loss-arguments']);
    assert.deepStrictEqual(swapped('torch.set_grad_enabled(True)'), ['swapped-loss-arguments']);
    assert.deepStrictEqual(swapped('torch.no_grad()'), []);
  });

  it('a Databricks cell whose first line is %sql, %scala, %md ... is not Python', () => {
    const cell = (source) => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });
    const nb = (src) => JSON.stringify({ cells: [cell('import torch\n'), cell(src)], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 });
    const file = '/virtual/db.ipynb';
    for (const magic of ['%sql', '%scala', '%md']) {
      const r = lintProject([file], {}, { readFile: (p) => (p === file ? nb(`${magic}\nSELECT label, prob FROM predictions WHERE prob > 0.5\n`) : undefined) });
      assert.deepStrictEqual(r.problems, [], magic);
    }
  });
});

describe('round 18: tfjs', () => {
  const lintJs = (lines) => {
    const file = '/virtual/decide.js';
    const code = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, inputShape: [8] }));", "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", ...lines].join('\n');
    return lintProject([file], {}, { readFile: (p) => (p === file ? code : undefined) }).findings;
  };
  it('a parameter the function writes (`if (isLogits) p = tf.sigmoid(p)`) is not only what the call gave it', () => {
    for (const helper of ['function toLabels(p, isLogits = false) {\n  if (isLogits) p = tf.sigmoid(p);\n  return p.greater(0.5);\n}', 'function toLabels(p, isLogits) {\n  if (isLogits) { p = tf.sigmoid(p); }\n  return p.greater(0.5);\n}']) {
      assert.deepStrictEqual(lintJs([helper, 'export const a = toLabels(model.predict(xTest), true);']), [], helper);
    }
    const plain = lintJs(['function toLabels(p) {\n  return p.greater(0.5);\n}', 'export const a = toLabels(model.predict(xTest));']);
    assert.deepStrictEqual(plain.map((f) => f.ruleId), ['threshold-logits']);
  });
  it("'crossentropy' / 'ce' metrics and per-output metrics resolve by the loss too: the switch on a multi-unit head is a suggestion", () => {
    const file = '/virtual/tags.js';
    const run = (metrics) => {
      const code = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 5, inputShape: [100] }));", `model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy'${metrics} });`].join('\n');
      return lintProject([file], {}, { readFile: (p) => (p === file ? code : undefined) }).findings[0];
    };
    for (const m of [", metrics: ['ce']", ", metrics: ['crossentropy']", ", metrics: { out: ['accuracy'] }"]) assert.strictEqual(run(m).fix, undefined, m);
    assert.match(run('').fix?.title ?? '', /sigmoidCrossEntropy/);
  });
});
