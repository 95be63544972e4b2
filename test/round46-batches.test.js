// Red team round 46's batches of one the engine did not recognise, the ellipsis read as a leading
// axis, and skorch's predict_nonlinearity=None (session 34). Every case but the guards (named so)
// fails on the session's frozen build (/work/s34a).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const rules = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line]);

const torchModel = ['import torch', 'import torch.nn as nn', 'from torch.utils.data import DataLoader, TensorDataset', 'x = torch.randn(100, 20)', 'y = torch.randint(0, 4, (100,))',
  'model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 4))', 'nn.CrossEntropyLoss()(model(x), y).backward()'];

describe('round 46: progress bars around a loader of batches of one', () => {
  before(() => initPython());
  const loop = (imp, wrap, bs = 1) => [...torchModel, imp, `test_loader = DataLoader(TensorDataset(x, y), batch_size=${bs}, shuffle=False)`,
    `for xb, yb in ${wrap('test_loader')}:`, '    correct = (model(xb).argmax() == yb).sum().item()'];
  const bars = [
    ['from tqdm import tqdm', (l) => `tqdm(${l}, desc="test")`],
    ['import tqdm', (l) => `tqdm.tqdm(${l}, leave=False)`],
    ['from tqdm.auto import tqdm', (l) => `tqdm(${l})`],
    ['import tqdm.notebook', (l) => `tqdm.notebook.tqdm(${l})`],
    ['from rich.progress import track', (l) => `track(${l}, description="test")`],
  ];
  it('tqdm (any front end) and rich.progress.track re-yield the batches of one: argmax without an axis is that sample\'s class', () => {
    for (const [imp, wrap] of bars) assert.deepStrictEqual(rules(loop(imp, wrap)), [], imp);
  });
  it('enumerate(tqdm(loader)) and tqdm(DataLoader(...)) written in place', () => {
    const lines = [...torchModel, 'from tqdm import tqdm', 'for i, (xb, yb) in enumerate(tqdm(DataLoader(TensorDataset(x, y), batch_size=1))):', '    correct = (model(xb).argmax() == yb).sum().item()'];
    assert.deepStrictEqual(rules(lines), []);
  });
  it('guard: a progress bar around a loader of 32 is still reported', () => {
    for (const [imp, wrap] of bars) assert.deepStrictEqual(rules(loop(imp, wrap, 32)), [['argmax-batch-axis', 11]], imp);
  });
});

describe('round 46: other spellings of one sample at a time', () => {
  before(() => initPython());
  const each = (expr) => rules([...torchModel, 'for i in range(len(x)):', `    c = model(${expr}).argmax()`, '    correct = int(c == y[i])']);
  it('narrow(0, i, 1), x[slice(i, i + 1)], x[i].expand(1, -1), index_select of one index: a batch of one', () => {
    for (const e of ['x.narrow(0, i, 1)', 'torch.narrow(x, 0, i, 1)', 'x[slice(i, i + 1)]', 'x[i].expand(1, -1)', 'torch.index_select(x, 0, torch.tensor([i]))', 'x.index_select(0, torch.LongTensor([i]))']) {
      assert.deepStrictEqual(each(e), [], e);
    }
  });
  it('guard: several rows (narrow(0, i, 8), slice(i, i + 8), expand(3, -1), index_select of an index tensor) are still reported', () => {
    for (const e of ['x.narrow(0, i, 8)', 'x[slice(i, i + 8)]', 'x[i].expand(3, -1)', 'torch.index_select(x, 0, idx)', 'torch.index_select(x, 0, torch.tensor([i, i + 1]))']) {
      assert.deepStrictEqual(each(e), [['argmax-batch-axis', 9]], e);
    }
  });
  it('DataLoader(ds, batch_size=None): automatic batching off, each item one sample of the dataset: no batch to mix up', () => {
    const lines = [...torchModel, 'for xb, yb in DataLoader(TensorDataset(x, y), batch_size=None):', '    correct = (model(xb).argmax() == yb).sum().item()'];
    assert.deepStrictEqual(rules(lines), []);
    // (A sampler may then give lists of indices, whole batches: as before.)
    assert.deepStrictEqual(rules(lines.map((l) => l.replace('batch_size=None', 'batch_size=None, sampler=batches'))), [['argmax-batch-axis', 9]], 'guard: with a sampler');
  });
  const keras = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Flatten(input_shape=(64, 64, 3)), keras.layers.Dense(5, activation="softmax")])',
    'model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])', 'model.fit(train_gen, epochs=2)',
    'test_gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255).flow_from_directory("test", target_size=(64, 64), batch_size=1, shuffle=False)'];
  it('Keras predict of one step of an iterator of batches of one: one image\'s output', () => {
    assert.deepStrictEqual(rules([...keras, 'preds = model.predict(test_gen, steps=1)', 'x, y = test_gen[0]', 'print(np.argmax(preds) == np.argmax(y))']), []);
  });
  it('guard: predict of every step (no steps, or steps=len(gen)) is a batch of all the images', () => {
    assert.deepStrictEqual(rules([...keras, 'preds = model.predict(test_gen)', 'print(np.argmax(preds) == test_gen.classes)']), [['argmax-batch-axis', 8]]);
    assert.deepStrictEqual(rules([...keras, 'preds = model.predict(test_gen, steps=len(test_gen))', 'print(np.argmax(preds) == test_gen.classes)']), [['argmax-batch-axis', 8]]);
  });
});

describe('round 46: one image of a Keras dataset, reshaped with a leading -1; the ellipsis before a new axis', () => {
  before(() => initPython());
  const mnist = ['import numpy as np', 'from tensorflow import keras', '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
    'model = keras.Sequential([keras.layers.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])',
    'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])', 'model.fit(x_train.reshape(-1, 28, 28, 1) / 255.0, y_train, epochs=2)'];
  it('x_test[0].reshape(-1, 28, 28, 1) is one image (numpy infers -1 = 1): argmax without an axis is its class', () => {
    assert.deepStrictEqual(rules([...mnist, 'pred = model.predict(x_test[0].reshape(-1, 28, 28, 1) / 255.0)', 'print(np.argmax(pred) == y_test[0])']), []);
    assert.deepStrictEqual(rules([...mnist, 'for i in range(10):', '    print(np.argmax(model.predict(x_test[i].reshape(-1, 28, 28, 1))) == y_test[i])']), []);
    assert.deepStrictEqual(rules([...mnist, 'print(np.argmax(model.predict(x_test[3].reshape(-1, 784))) == y_test[3])']), []);
  });
  it('also once the set is scaled first (x_test / 255.0, astype): still an array of images', () => {
    assert.deepStrictEqual(rules([...mnist, 'x_test = x_test.astype("float32") / 255.0', 'print(np.argmax(model.predict(x_test[0].reshape(-1, 28, 28, 1))) == y_test[0])']), []);
  });
  it('guard: the whole test set (or a slice of 8) reshaped with a leading -1 is reported', () => {
    assert.deepStrictEqual(rules([...mnist, 'print(np.argmax(model.predict(x_test.reshape(-1, 28, 28, 1))) == y_test)']), [['argmax-batch-axis', 7]]);
    assert.deepStrictEqual(rules([...mnist, 'print(np.argmax(model.predict(x_test[:8].reshape(-1, 28, 28, 1))) == y_test[:8])']), [['argmax-batch-axis', 7]]);
  });
  it('x_test[..., np.newaxis] and x[..., None] of the whole set add a last axis: argmax without an axis reported, as for x[:, :, :, None]', () => {
    assert.deepStrictEqual(rules([...mnist, 'preds = model.predict(x_test[..., np.newaxis] / 255.0)', 'print((np.argmax(preds) == y_test).mean())']), [['argmax-batch-axis', 8]]);
    assert.deepStrictEqual(rules([...mnist, 'x_c = x_test[..., None]', 'print((np.argmax(model.predict(x_c)) == y_test).mean())']), [['argmax-batch-axis', 8]]);
    // Of a set we know nothing of, too (np.load).
    const loaded = mnist.map((l) => (l.includes('load_data') ? 'x_test = np.load("x.npy"); y_test = np.load("y.npy")' : l));
    assert.deepStrictEqual(rules([...loaded, 'print((np.argmax(model.predict(x_test[..., np.newaxis])) == y_test).mean())']), [['argmax-batch-axis', 7]]);
  });
  it('one row then a new axis (x_test[0:1, ..., None], x[0][None, ..., None]) stays one sample', () => {
    assert.deepStrictEqual(rules([...mnist, 'print(np.argmax(model.predict(x_test[0:1, ..., None])) == y_test[0])']), []);
    assert.deepStrictEqual(rules([...mnist, 'print(np.argmax(model.predict(x_test[0][None, ..., None])) == y_test[0])']), []);
  });
});

describe('round 46: skorch predict_nonlinearity=None, forward_iter and module_', () => {
  before(() => initPython());
  const net = (kind, module, settings, use) => ['import numpy as np', 'import torch', 'import torch.nn as nn', `from skorch import ${kind}`, 'X = np.random.rand(200, 20).astype(np.float32)',
    'class Logits(nn.Module):', '    def __init__(self):', '        super().__init__()', `        self.fc = nn.Linear(20, ${module})`, '    def forward(self, x):', '        return self.fc(x)',
    `net = ${kind}(Logits${settings}, max_epochs=3)`, 'net.fit(X, y)', ...use];
  it('predict_proba with predict_nonlinearity=None is the module\'s output (logits): a cut at 0.5 reported', () => {
    assert.deepStrictEqual(rules(net('NeuralNetClassifier', 2, ', criterion=nn.CrossEntropyLoss, predict_nonlinearity=None', ['print((net.predict_proba(X)[:, 1] > 0.5).mean())'])), [['threshold-logits', 14]]);
    assert.deepStrictEqual(rules(net('NeuralNetBinaryClassifier', 1, ', predict_nonlinearity=None', ['print((net.predict_proba(X) > 0.5).mean())'])), [['threshold-logits', 14]]);
  });
  it("guard: predict_proba under 'auto' (skorch's softmax / sigmoid), or the nonlinearity set again, stays silent", () => {
    assert.deepStrictEqual(rules(net('NeuralNetClassifier', 2, ', criterion=nn.CrossEntropyLoss', ['print((net.predict_proba(X)[:, 1] > 0.5).mean())'])), []);
    assert.deepStrictEqual(rules(net('NeuralNetClassifier', 2, ', criterion=nn.CrossEntropyLoss, predict_nonlinearity=None', ['net.set_params(predict_nonlinearity="auto")', 'print((net.predict_proba(X)[:, 1] > 0.5).mean())'])), []);
  });
  it('net.forward_iter(X) yields and net.module_(x) returns the module\'s output, as net.forward(X)', () => {
    assert.deepStrictEqual(rules(net('NeuralNetBinaryClassifier', 1, '', ['for yp in net.forward_iter(X):', '    print((yp > 0.5).float().mean())'])), [['threshold-logits', 15]]);
    assert.deepStrictEqual(rules(net('NeuralNetBinaryClassifier', 1, '', ['print((net.module_(torch.from_numpy(X)) > 0.5).float().mean())'])), [['threshold-logits', 14]]);
  });
});
