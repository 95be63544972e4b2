// Red team round 49's harmful safe fixes (mended in session 37): a fix that changes what a model's
// outputs mean (the loss switched to from_logits=True on a Keras head without activation, a sigmoid
// removed, a shared cut rewritten) while a reader the analysis did not follow keeps the old cut: a
// sub-model over the model's tensors, a layer of it called, its weights copied into a twin (set_weights,
// assign, save_weights/load_weights, a weights-only checkpoint, pickle), a twin built from its config,
// a wrapper delegating through `__getattr__`, a function called as `f.__call__` or `globals()["f"]`.
// Every case fails on the frozen build (/work/s37a, b9e799c) but the guards, named so.
const assert = require('assert');
const { initPython, applyEdits } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

// A logits head trained with a probability loss: the fix switches it to from_logits=True (line 9).
const LOGITS = ['import pickle', 'import copy', 'import tensorflow as tf', 'import keras', 'from keras import layers', 'from sklearn.metrics import accuracy_score',
  'model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(1)])',
  'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)'];
const LOSS = ['logits-into-probability-loss', 8];
const TWIN = 'twin = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(1)])';
const CUT = (m) => `print(accuracy_score(y, ${m}.predict(x) > 0.5))`;
// A sigmoid model sharing a from_logits loss object with a logits one: the fix removes the sigmoid
// (line 4; the finding is on the compile, line 6).
const SIGMOID = ['import keras', 'from sklearn.metrics import accuracy_score', 'bce = keras.losses.BinaryCrossentropy(from_logits=True)',
  'a = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])',
  'b = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])',
  'a.compile(optimizer="adam", loss=bce)', 'b.compile(optimizer="adam", loss=bce)', 'a.fit(x, y); b.fit(x, y)'];
const SIG = ['sigmoid-before-logits-loss', 6];

describe('round 49: a model read through its tensors, layers, weights or config: the loss switch is a suggestion', () => {
  before(() => initPython());
  const cases = {
    'keras.Model(model.inputs, model.outputs)': ['sub = keras.Model(model.inputs, model.outputs)', CUT('sub')],
    'keras.Model(model.inputs, model.layers[-1].output)': ['sub = keras.Model(model.inputs, model.layers[-1].output)', CUT('sub')],
    'tf.keras.Model(model.input, model.get_layer(index=-1).output)': ['sub = tf.keras.Model(model.input, model.get_layer(index=-1).output)', CUT('sub')],
    'keras.Model(i2, model(i2))': ['i2 = keras.Input((4,))', 'sub = keras.Model(i2, model(i2))', CUT('sub')],
    'an Average() of model(i2) calls': ['i2 = keras.Input((4,))', 'm2 = keras.Sequential([keras.Input((4,)), layers.Dense(1)])', 'ens = keras.Model(i2, layers.Average()([model(i2), m2(i2)]))', CUT('ens')],
    'a layer of it called': ['feats = model.layers[0](x)', 'print(accuracy_score(y, model.layers[-1](feats).numpy() > 0.5))'],
    'twin.set_weights(model.get_weights())': [TWIN, 'twin.set_weights(model.get_weights())', CUT('twin')],
    'per-layer set_weights': [TWIN, 'for i in range(2):', '    twin.layers[i].set_weights(model.layers[i].get_weights())', CUT('twin')],
    'weights[i].assign': [TWIN, 'for i in range(4):', '    twin.weights[i].assign(model.weights[i])', CUT('twin')],
    'an EMA copy': [TWIN, 'for ew, mw in zip(twin.weights, model.weights):', '    ew.assign(0.99 * ew + 0.01 * mw)', CUT('twin')],
    'save_weights, then load_weights into a twin': ['model.save_weights("w.weights.h5")', TWIN, 'twin.load_weights("w.weights.h5")', CUT('twin')],
    'ModelCheckpoint(save_weights_only=True)': ['cb = keras.callbacks.ModelCheckpoint("best.weights.h5", save_weights_only=True)', 'model.fit(x, y, callbacks=[cb])'],
    'pickled get_weights()': ['with open("w.pkl", "wb") as f:', '    pickle.dump(model.get_weights(), f)'],
    'a deep copy of get_weights() set into a twin': ['best = copy.deepcopy(model.get_weights())', TWIN, 'twin.set_weights(best)', CUT('twin')],
    'a list comprehension over model.weights set into a twin': [TWIN, 'twin.set_weights([w.numpy() for w in model.weights])', CUT('twin')],
  };
  for (const [name, extra] of Object.entries(cases)) {
    it(name, () => {
      assert.deepStrictEqual(fixes([...LOGITS, ...extra]), [], extra.join('\n'));
      assert.strictEqual(found([...LOGITS, ...extra])[0][0], LOSS[0]);
    });
  }
  it('guard: fit, evaluate, summary, predict with its cut, counting the weights, freezing layers, restoring its own best weights, a GradientTape loop keep the safe fix', () => {
    for (const extra of [
      ['model.summary()', 'model.evaluate(x, y)', CUT('model')],
      ['print(model.count_params(), len(model.weights))', CUT('model')],
      ['for layer in model.layers[:-1]:', '    layer.trainable = False', 'print(len(model.layers), model.layers[-1].name)', CUT('model')],
      ['best = model.get_weights()', 'model.fit(x, y)', 'model.set_weights(best)', CUT('model')],
      ['opt = keras.optimizers.Adam()', 'for xb, yb in ds:', '    with tf.GradientTape() as tape:', '        loss = model.compiled_loss(yb, model(xb, training=True))',
        '    grads = tape.gradient(loss, model.trainable_variables)', '    opt.apply_gradients(zip(grads, model.trainable_variables))', CUT('model')],
      ['probe = keras.Model(model.inputs, model.layers[-2].output)', 'probe.save("probe.keras")'],
    ]) assert.deepStrictEqual(fixes([...LOGITS, ...extra]), [LOSS], extra.join('\n'));
  });
});

describe('round 49: a sigmoid model rebuilt from its config, or read through a delegating wrapper: the removal is a suggestion', () => {
  before(() => initPython());
  it('Sequential.from_config(a.get_config()) given its weights', () => {
    const lines = [...SIGMOID, 'a2 = keras.Sequential.from_config(a.get_config())', 'a2.set_weights(a.get_weights())', 'print(accuracy_score(y, a2.predict(x) > 0.5))'];
    assert.deepStrictEqual(fixes(lines), []);
    assert.deepStrictEqual(found(lines)[0].slice(0, 2), SIG);
  });
  it('a wrapper whose __getattr__ returns the model\'s attributes', () => {
    const lines = [...SIGMOID, 'class W:', '    def __init__(self, m):', '        self.m = m', '    def __getattr__(self, n):', '        return getattr(self.m, n)', 'print(accuracy_score(y, W(a).predict(x) > 0.5))'];
    assert.deepStrictEqual(fixes(lines), []);
  });
  it('guard: its weights alone saved or set into a twin keep the removal safe (the loader builds the architecture from the fixed code; as with a state_dict)', () => {
    for (const extra of [['a.save_weights("a.weights.h5")'], ['cb = keras.callbacks.ModelCheckpoint("a.weights.h5", save_weights_only=True)', 'a.fit(x, y, callbacks=[cb])']]) {
      assert.deepStrictEqual(fixes([...SIGMOID, ...extra]), [SIG], extra.join('\n'));
    }
  });
});

describe('round 49: readers reached through a wrapper\'s __getattr__, f.__call__ or globals()', () => {
  before(() => initPython());
  const wrapper = ['class Wrapper:', '    def __init__(self, m):', '        self.m = m', '    def __getattr__(self, name):', '        return getattr(self.m, name)'];
  it('w.predict(x) > 0.5 through a delegating wrapper: the cut is followed (reported; after the loss switch, its rewrite to 0 is a fix)', () => {
    const lines = [...LOGITS, ...wrapper, 'w = Wrapper(model)', CUT('w')];
    assert.deepStrictEqual(found(lines), [[...LOSS, 'fix'], ['threshold-logits', 16, 'suggestion']]);
    const f = lintLines(lines).findings.find((x) => x.ruleId === LOSS[0]);
    const after = applyEdits(lines.join('\n'), f.fix.edits).split('\n');
    assert.deepStrictEqual(fixes(after), [['threshold-logits', 16]]);
  });
  it('a `> 0` cut reached by a sigmoid model and by a logits one in a delegating wrapper: not rewritten', () => {
    const lines = ['import keras', 'from sklearn.metrics import accuracy_score', 'class W:', '    def __init__(self, m):', '        self.m = m', '    def __getattr__(self, n):', '        return getattr(self.m, n)',
      'def acc(m):', '    return accuracy_score(y, m.predict(x) > 0)',
      'sig = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])', 'sig.compile(optimizer="adam", loss="binary_crossentropy")',
      'lg = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', 'lg.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))',
      'sig.fit(x, y); lg.fit(x, y)', 'print(acc(sig))', 'print(acc(W(lg)))'];
    assert.deepStrictEqual(fixes(lines), []);
  });
  for (const call of ['evaluate.__call__(sig)', 'globals()["evaluate"](sig)', 'locals()["evaluate"](sig)', 'vars()["evaluate"](sig)']) {
    it(`a cut in evaluate() reached by a sigmoid model through ${call}: no rewrite to 0`, () => {
      const lines = ['import keras', 'from keras import layers', 'from sklearn.metrics import accuracy_score', 'def evaluate(m):', '    return accuracy_score(y, m.predict(x) > 0.5)',
        'model = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)', 'print(evaluate(model))',
        'sig = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])', 'sig.compile(optimizer="adam", loss="binary_crossentropy")', `print(${call})`];
      assert.deepStrictEqual(fixes(lines), []);
    });
  }
  it('guard: a wrapper without __getattr__, or one whose own method predicts, keeps the safe fix', () => {
    const own = ['class Wrapper:', '    def __init__(self, m):', '        self.m = m', '    def predict(self, x):', '        return self.m.predict(x)'];
    const lines = [...LOGITS, ...own, 'w = Wrapper(model)', CUT('w')];
    assert.deepStrictEqual(fixes(lines).map((f) => f[0]), [LOSS[0]]);
  });
});

describe('round 49: PyTorch weights read elsewhere, as Keras ones', () => {
  before(() => initPython());
  const torch = ['import copy', 'import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))', 'crit = nn.BCELoss()',
    'opt = torch.optim.Adam(model.parameters())', 'for xb, yb in loader:', '    opt.zero_grad()', '    loss = crit(model(xb), yb)', '    loss.backward()', '    opt.step()'];
  it('a state_dict saved (alone or in a checkpoint dict) or loaded into a twin: the switch to BCEWithLogitsLoss is a suggestion', () => {
    for (const extra of [['torch.save(model.state_dict(), "m.pt")'], ['torch.save({"model": model.state_dict(), "opt": opt.state_dict()}, "m.pt")'],
      ['twin = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))', 'twin.load_state_dict(model.state_dict())', 'print((twin(xt) > 0.5).float().mean())'],
      ['sd = {k: v.clone() for k, v in model.state_dict().items()}', 'twin = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))', 'twin.load_state_dict(sd)', 'print((twin(xt) > 0.5).float().mean())']]) {
      assert.deepStrictEqual(fixes([...torch, ...extra]), [], extra.join('\n'));
    }
  });
  it('guard: no state_dict, or its best state loaded back into the same model, keeps the safe fix', () => {
    for (const extra of [['print((model(xt) > 0.5).float().mean())'], ['best = copy.deepcopy(model.state_dict())', 'model.load_state_dict(best)', 'print((model(xt) > 0.5).float().mean())'],
      ['best = {k: v.detach().clone() for k, v in model.state_dict().items()}', 'model.load_state_dict(best)', 'print((model(xt) > 0.5).float().mean())']]) {
      assert.deepStrictEqual(fixes([...torch, ...extra]).map((f) => f[0]), ['logits-into-probability-loss'], extra.join('\n'));
    }
  });
  it('guard: a sigmoid removal stays safe with the state_dict saved (the loader builds the fixed architecture)', () => {
    const lines = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())', 'crit = nn.BCEWithLogitsLoss()',
      'loss = crit(model(x), y)', 'torch.save(model.state_dict(), "m.pt")'];
    assert.deepStrictEqual(fixes(lines).map((f) => f[0]), ['sigmoid-before-logits-loss']);
  });
});
