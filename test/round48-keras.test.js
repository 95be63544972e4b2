// Red team round 48's harmful safe fixes in Keras (session 36): a `layers.Softmax()` layer removed by
// cutting `.Softmax()` off (leaving the module `layers` as an item of the model), and an Activation
// or Softmax layer removed although the code reads the model's layers by position or name
// (`model.layers[:-1]`, `len(model.layers)`, `get_layer("prob")`). Every case fails on the frozen
// build (/work/s36a, f19e1f1) but the guards, named so.
const assert = require('assert');
const { initPython, applyEdits } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
/** The file's text after the safe fixes of `rule`, or undefined when there is none. */
const fixedText = (lines, rule) => {
  const text = lines.join('\n') + '\n';
  const fs = lintLines(lines).findings.filter((f) => f.ruleId === rule && f.fix);
  return fs.length ? applyEdits(text, fs.flatMap((f) => f.fix.edits)) : undefined;
};
/** Every edit the finding offers (fix and suggestions), applied one at a time. */
const offered = (lines, rule) => {
  const text = lines.join('\n') + '\n';
  return lintLines(lines).findings.filter((f) => f.ruleId === rule).flatMap((f) => [f.fix, ...(f.suggestions ?? [])]).filter(Boolean).map((s) => applyEdits(text, s.edits));
};

const HEAD = ['import numpy as np', 'import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers',
  'x = np.random.rand(64, 8).astype("float32")', 'y = np.random.randint(0, 3, 64)'];
const SOFTMAX_LOSS = ['with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=model(x)))'];
const SIGMOID_LOSS = ['with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=model(x)))'];

describe('round 48: a Keras Softmax layer is removed whole, or not at all', () => {
  before(() => initPython());
  const cases = [
    // [model lines, what the fixed model lines must read (undefined: no safe fix)]
    [['model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3), layers.Softmax()])'], ['model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3)])']],
    [['model = keras.Sequential([keras.layers.Dense(3), keras.layers.Softmax(axis=-1)])'], ['model = keras.Sequential([keras.layers.Dense(3)])']],
    [['model = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Softmax()])'], ['model = tf.keras.Sequential([tf.keras.layers.Dense(3)])']],
    [['model = keras.Sequential(layers=[layers.Dense(3), tf.keras.layers.Softmax()])'], ['model = keras.Sequential(layers=[layers.Dense(3)])']],
    [['model = keras.Sequential([', '    keras.layers.Dense(16, activation="relu"),', '    keras.layers.Dense(3),', '    keras.layers.Softmax(),', '])'],
      ['model = keras.Sequential([', '    keras.layers.Dense(16, activation="relu"),', '    keras.layers.Dense(3),', '])']],
    [['model = keras.Sequential()', 'model.add(layers.Dense(3))', 'model.add(layers.Softmax())'], ['model = keras.Sequential()', 'model.add(layers.Dense(3))']],
    [['model = keras.Sequential()', 'model.add(layers.Dense(3))', 'model.add(keras.layers.Softmax(axis=-1))'], ['model = keras.Sequential()', 'model.add(layers.Dense(3))']],
  ];
  it('an item of a Sequential list or model.add\'s argument: the whole item / statement goes (never `layers` left behind)', () => {
    for (const [model, after] of cases) {
      const lines = [...HEAD, ...model, ...SOFTMAX_LOSS];
      assert.strictEqual(fixedText(lines, 'softmax-before-logits-loss'), [...HEAD, ...after, ...SOFTMAX_LOSS].join('\n') + '\n', model.join(' / '));
    }
  });
  it('a Softmax layer held in a name (`sm = layers.Softmax()`): no edit at all (neither fix nor suggestion cuts it to `layers`)', () => {
    for (const model of [['sm = layers.Softmax()', 'model = keras.Sequential([layers.Dense(3), sm])'], ['sm = keras.layers.Softmax(axis=-1)', 'model = keras.Sequential()', 'model.add(layers.Dense(3))', 'model.add(sm)']]) {
      const lines = [...HEAD, ...model, ...SOFTMAX_LOSS];
      assert.deepStrictEqual(found(lines), [['softmax-before-logits-loss', HEAD.length + model.length + 2, 'none']], model.join(' / '));
      for (const text of offered(lines, 'softmax-before-logits-loss')) assert.ok(!/=\s*(?:keras\.)?layers\s*$/m.test(text), text);
    }
  });
  it('a layer added on each pass of a loop (after every Dense, hidden ones too): only suggested', () => {
    const model = ['model = keras.Sequential()', 'for units in [8, 3]:', '    model.add(layers.Dense(units))', '    model.add(layers.Activation("softmax"))'];
    assert.deepStrictEqual(found([...HEAD, ...model, ...SOFTMAX_LOSS]), [['softmax-before-logits-loss', HEAD.length + model.length + 2, 'suggestion']]);
  });
  it('guard: the functional form (`layers.Softmax()(z)`) and an Activation("softmax") item are still removed safely', () => {
    const functional = ['inp = keras.Input(shape=(8,))', 'z = layers.Dense(3)(inp)', 'out = layers.Softmax()(z)', 'model = keras.Model(inp, out)'];
    assert.strictEqual(fixedText([...HEAD, ...functional, ...SOFTMAX_LOSS], 'softmax-before-logits-loss'), [...HEAD, ...functional.map((l) => l.replace('layers.Softmax()(z)', 'z')), ...SOFTMAX_LOSS].join('\n') + '\n');
    const item = ['model = keras.Sequential([layers.Dense(3), layers.Activation("softmax")])'];
    assert.strictEqual(fixedText([...HEAD, ...item, ...SOFTMAX_LOSS], 'softmax-before-logits-loss'), [...HEAD, 'model = keras.Sequential([layers.Dense(3)])', ...SOFTMAX_LOSS].join('\n') + '\n');
  });
});

describe("round 48: a Keras activation layer's removal when the model's layers are read", () => {
  before(() => initPython());
  const seq = 'model = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)), layers.Dense(1), layers.Activation("sigmoid", name="prob")])';
  const reads = [
    'logits_model = keras.Sequential(model.layers[:-1])',
    'kernel, bias = model.layers[-2].get_weights()',
    'probe = keras.Model(model.inputs, model.get_layer("prob").output)',
    'assert len(model.layers) == 3',
    'for layer in model.layers:\n    print(layer.name)',
    'print(model.get_layer(index=2).name)',
  ];
  const line = HEAD.length + 3;
  it('a read of model.layers (index, slice, len, loop) or get_layer: the removal is only suggested', () => {
    for (const read of reads) {
      assert.deepStrictEqual(found([...HEAD, seq, ...SIGMOID_LOSS, ...read.split('\n')]), [['sigmoid-before-logits-loss', line, 'suggestion']], read);
    }
  });
  it('the same through model.add and a Softmax layer, and for the functional form', () => {
    const added = ['model = keras.Sequential()', 'model.add(layers.Dense(3, input_shape=(8,)))', 'model.add(layers.Activation("softmax"))'];
    const functional = ['inp = keras.Input(shape=(8,))', 'z = layers.Dense(3)(inp)', 'out = layers.Activation("softmax")(z)', 'model = keras.Model(inp, out)'];
    const softmax = ['model = keras.Sequential([layers.Dense(3, input_shape=(8,)), layers.Softmax()])'];
    for (const model of [added, functional, softmax]) {
      for (const read of ['head = keras.Model(model.input, model.layers[-2].output)', 'n = len(model.layers)']) {
        const got = found([...HEAD, ...model, ...SOFTMAX_LOSS, read]);
        assert.deepStrictEqual(got, [['softmax-before-logits-loss', HEAD.length + model.length + 2, 'suggestion']], `${model.join(' / ')} + ${read}`);
      }
    }
  });
  it('a layer named in the code elsewhere (get_layer("prob") on the functional model): only suggested', () => {
    const functional = ['inp = keras.Input(shape=(8,))', 'z = layers.Dense(1, name="logit")(inp)', 'out = layers.Activation("sigmoid", name="prob")(z)', 'model = keras.Model(inp, out)'];
    assert.deepStrictEqual(found([...HEAD, ...functional, ...SIGMOID_LOSS, 'feat = model.get_layer("prob").output']), [['sigmoid-before-logits-loss', HEAD.length + 6, 'suggestion']]);
  });
  it('a model handed to a helper that reads its layers (`def strip(m): return keras.Sequential(m.layers[:-1])`): only suggested', () => {
    const lines = [...HEAD, seq, ...SIGMOID_LOSS, 'def strip(m):', '    return keras.Sequential(m.layers[:-1])', 'logits_model = strip(model)'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', line, 'suggestion']]);
  });
  it("guard: an Activation item nobody reads the layers of, another model's layers read (a frozen base), summary(): still a safe fix", () => {
    for (const tail of [[], ['model.summary()'], ['base = keras.applications.MobileNetV2(include_top=False)', 'for layer in base.layers:', '    layer.trainable = False']]) {
      assert.deepStrictEqual(found([...HEAD, seq, ...SIGMOID_LOSS, ...tail]), [['sigmoid-before-logits-loss', line, 'fix']], tail.join(' / '));
    }
  });
  it('guard: a PyTorch nn.Softmax item of a Sequential nobody indexes is still removed safely', () => {
    const torch = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1))', 'crit = nn.CrossEntropyLoss()', 'loss = crit(model(x), y)'];
    assert.deepStrictEqual(fixedText(torch, 'softmax-before-logits-loss'), ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 3))', 'crit = nn.CrossEntropyLoss()', 'loss = crit(model(x), y)'].join('\n') + '\n');
  });
});

describe('round 48: a tfjs model written as a subclass of Sequential', () => {
  const lint = (lines, name = 'model.ts') => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line]);
  const TS_HEAD = ['import { layers, losses, Sequential, train } from "@tensorflow/tfjs-node";'];
  it('`this.add(...)` and `this.compile(...)` in its constructor are the model\'s: a sigmoid head with sigmoidCrossEntropy is reported', () => {
    const lines = [...TS_HEAD, 'export class DenseModel extends Sequential {', '  constructor() {', '    super();',
      '    this.add(layers.dense({ units: 6, activation: "relu", inputShape: [20] }));', '    this.add(layers.dense({ units: 1, activation: "sigmoid" }));',
      '    this.compile({ optimizer: train.adam(), loss: losses.sigmoidCrossEntropy, metrics: ["accuracy"] });', '  }', '}'];
    assert.deepStrictEqual(lint(lines), [['sigmoid-before-logits-loss', 7]]);
  });
  it('layers given to `super({layers})` of `extends tf.Sequential`, compiled on an instance: a softmax head with softmaxCrossEntropy is reported', () => {
    const lines = ["const tf = require('@tensorflow/tfjs');", 'class Net extends tf.Sequential {', '  constructor() {',
      "    super({ layers: [tf.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] });", '  }', '}',
      'const net = new Net();', "net.compile({ optimizer: 'adam', loss: tf.losses.softmaxCrossEntropy });"];
    assert.deepStrictEqual(lint(lines, 'net.js'), [['softmax-before-logits-loss', 8]]);
  });
  it('guard: an abstract base, a class another class extends, a class with a call() of its own, a sigmoid with binaryCrossentropy: silent', () => {
    const body = ['    this.add(layers.dense({ units: 1, activation: "sigmoid", inputShape: [20] }));', '    this.compile({ optimizer: "adam", loss: losses.sigmoidCrossEntropy });'];
    const cases = [
      [...TS_HEAD, 'export abstract class Model extends Sequential {', '  constructor() {', '    super();', ...body, '  }', '}'],
      [...TS_HEAD, 'export class Model extends Sequential {', '  constructor() {', '    super();', ...body, '  }', '}', 'export class Deeper extends Model {}'],
      [...TS_HEAD, 'export class Model extends Sequential {', '  constructor() {', '    super();', ...body, '  }', '  call(inputs: any, kwargs: any) { return inputs; }', '}'],
      [...TS_HEAD, 'export class Model extends Sequential {', '  constructor() {', '    super();', body[0], '    this.compile({ optimizer: "adam", loss: "binaryCrossentropy" });', '  }', '}'],
    ];
    for (const lines of cases) assert.deepStrictEqual(lint(lines), [], lines.join('\n'));
  });
});
