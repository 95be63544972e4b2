// Red team round 17 (session 12): training loops run by accelerate and Fabric, and what they write
// out. Each case pairs the shape that keeps or withholds a fix with its counterpart.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

describe('python: accelerate and Lightning Fabric loops (red team round 17)', () => {
  before(() => initPython());
  const model = ['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))'];
  const loop = (prep, after = []) => [...HEADER, 'from accelerate import Accelerator', 'import lightning as L', ...model, 'net = Net()', 'opt = torch.optim.Adam(net.parameters())', ...prep, 'loss = nn.BCEWithLogitsLoss()(net(x), y)', ...after];
  const sig = (lines) => lint(lines).filter((f) => f.rule === 'sigmoid-before-logits-loss');

  it('prepare / setup / setup_module hand back the model they were given: the finding and its safe fix stay', () => {
    for (const prep of [
      ['acc = Accelerator()', 'net, opt = acc.prepare(net, opt)'],
      ['acc = Accelerator()', 'net = acc.prepare(net)'],
      ['fabric = L.Fabric()', 'net, opt = fabric.setup(net, opt)'],
      ['fabric = L.Fabric()', 'net = fabric.setup_module(net)'],
    ]) {
      const found = sig(loop(prep));
      assert.strictEqual(found.length, 1, prep.join('; '));
      assert.ok(found[0].fix, prep.join('; '));
    }
  });
  it('a model written out through the library (save_model, save, unwrap_model(...).save_pretrained) keeps its sigmoid: suggestion only', () => {
    for (const after of [['acc.save_model(net, "out")'], ['acc.save({"model": net}, "ckpt.pt")'], ['acc.unwrap_model(net).save_pretrained("out")']]) {
      const found = sig(loop(['acc = Accelerator()', 'net, opt = acc.prepare(net, opt)'], after));
      assert.strictEqual(found.length, 1, after[0]);
      assert.strictEqual(found[0].fix, undefined, after[0]);
      assert.ok(found[0].suggestions.length > 0, after[0]);
    }
  });
  it('gathered predictions are what the model output: a 0.5 threshold on them is a probability read (no safe removal)', () => {
    const found = sig(loop(['acc = Accelerator()', 'net, opt = acc.prepare(net, opt)'], ['p = acc.gather_for_metrics(net(x))', 'acc.print((p > 0.5).float().mean())']));
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].fix, undefined);
  });
  it('prepare with keywords, or a splat, is not modelled: silence', () => {
    assert.deepStrictEqual(sig(loop(['acc = Accelerator()', 'net, opt = acc.prepare(*objects_to_prepare())'])), []);
    assert.deepStrictEqual(sig(loop(['acc = Accelerator()', 'net = acc.prepare(net, device_placement=[True])'])), []);
  });
});

describe('python: torch.set_grad_enabled(False) as a statement (left from round 16)', () => {
  before(() => initPython());
  const head = [...HEADER, 'teacher = nn.Linear(8, 3)', 'crit = nn.BCELoss()'];
  const swapped = (body) => lint([...head, 'def step(x):', ...body.map((l) => `    ${l}`)]).filter((f) => f.rule === 'swapped-loss-arguments').length;

  it('probabilities made while gradients are off are soft targets: no swapped-arguments finding', () => {
    assert.strictEqual(swapped(['torch.set_grad_enabled(False)', 'soft = torch.sigmoid(teacher(x))', 'torch.set_grad_enabled(True)', 'return crit(scores_of(x), soft)']), 0);
    assert.strictEqual(swapped(['torch.set_grad_enabled(mode=False)', 'soft = torch.sigmoid(teacher(x))', 'return crit(scores_of(x), soft)']), 0);
  });
  it('made after gradients are back on, or before they went off: still reported', () => {
    assert.strictEqual(swapped(['torch.set_grad_enabled(False)', 'torch.set_grad_enabled(True)', 'soft = torch.sigmoid(teacher(x))', 'return crit(scores_of(x), soft)']), 1);
    assert.strictEqual(swapped(['soft = torch.sigmoid(teacher(x))', 'torch.set_grad_enabled(False)', 'return crit(scores_of(x), soft)']), 1);
  });
  it('gradients turned off in a helper stay off after it returns, as in Python', () => {
    const lines = [...head, 'def off():', '    torch.set_grad_enabled(False)', 'def step(x):', '    off()', '    soft = torch.sigmoid(teacher(x))', '    return crit(scores_of(x), soft)', 'step(x)'];
    assert.strictEqual(lint(lines).filter((f) => f.rule === 'swapped-loss-arguments').length, 0);
  });
  it('turned back on only on a branch: gradients may still be off, no finding', () => {
    assert.strictEqual(swapped(['torch.set_grad_enabled(False)', 'if cfg.train:', '    torch.set_grad_enabled(True)', 'soft = torch.sigmoid(teacher(x))', 'return crit(scores_of(x), soft)']), 0);
  });
});

describe('python: TFLite from concrete functions (left from round 14)', () => {
  before(() => initPython());
  const loop = ['import tensorflow as tf', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1, activation="sigmoid")])', 'opt = keras.optimizers.Adam()', 'with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=model(x)))'];
  const fixOf = (more) => {
    const found = lint([...loop, ...more]).filter((f) => f.rule === 'sigmoid-before-logits-loss');
    assert.strictEqual(found.length, 1, more.join('; '));
    return found[0].fix;
  };
  it('a model traced for TFLite keeps its sigmoid: suggestion only', () => {
    for (const more of [
      ['c = model.__call__.get_concrete_function(tf.TensorSpec([1, 20]))', 'conv = tf.lite.TFLiteConverter.from_concrete_functions([c])'],
      ['run = tf.function(model)', 'conv = tf.lite.TFLiteConverter.from_concrete_functions([run.get_concrete_function(spec)])'],
      ['run = tf.function(lambda t: model(t))', 'conv = tf.lite.TFLiteConverter.from_concrete_functions([run.get_concrete_function(spec)], model)'],
    ]) assert.strictEqual(fixOf(more), undefined, more.join('; '));
  });
  it('tf.function(model) alone only speeds it up: the safe removal stays', () => {
    assert.ok(fixOf(['fast = tf.function(model)', 'fast(x)']));
    assert.ok(fixOf([]));
  });
});

describe('python fix safety: red team round 17', () => {
  before(() => initPython());
  const removal = (found) => [...(found.fix ? [found.fix] : []), ...found.suggestions].filter((t) => /^Remove/.test(t));

  it('a sigmoid applied by a loop over the layers (or picked by a variable index) gets no removal: unwrapping the call drops every layer', () => {
    const loops = {
      'for over a ModuleList': ['        self.layers = nn.ModuleList([nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid()])', '    def forward(self, x):', '        for layer in self.layers:', '            x = layer(x)', '        return x'],
      'an index': ['        self.hidden = nn.ModuleList([nn.Linear(8, 16), nn.Linear(16, 16)])', '        self.out = nn.Linear(16, 1)', '        self.acts = nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Sigmoid()])', '    def forward(self, x):', '        for i, layer in enumerate(list(self.hidden) + [self.out]):', '            x = self.acts[i](layer(x))', '        return x'],
    };
    for (const [what, body] of Object.entries(loops)) {
      const lines = [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', ...body, 'loss = nn.BCEWithLogitsLoss()(Net()(x), y)'];
      const found = lint(lines).filter((f) => f.rule === 'sigmoid-before-logits-loss');
      assert.strictEqual(found.length, 1, what);
      assert.deepStrictEqual(removal(found[0]), [], what);
    }
    // A fixed attribute applied once keeps its safe removal.
    const fixed = [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.act = nn.Sigmoid()', '    def forward(self, x):', '        return self.act(self.fc(x))', 'loss = nn.BCEWithLogitsLoss()(Net()(x), y)'];
    assert.match(lint(fixed)[0].fix ?? '', /^Remove self\.act/);
  });

  it('a named item read by its name elsewhere (m.act, getattr) is removed only as a suggestion', () => {
    const build = ['model = nn.Sequential()', 'model.add_module("fc", nn.Linear(8, 1))', 'model.add_module("act", nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.match(lint([...HEADER, ...build])[0].fix ?? '', /^Remove/);
    for (const read of ['print(model.act)', 'hook = getattr(model, "act")']) {
      const found = lint([...HEADER, ...build, read])[0];
      assert.strictEqual(found.fix, undefined, read);
      assert.strictEqual(removal(found).length, 1, read);
    }
    const od = ['from collections import OrderedDict', 'model = nn.Sequential(OrderedDict([("fc", nn.Linear(8, 1)), ("out_act", nn.Sigmoid())]))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.match(lint([...HEADER, ...od])[0].fix ?? '', /^Remove/);
    assert.strictEqual(lint([...HEADER, ...od, 'print(model.out_act)'])[0].fix, undefined);
  });

  it('a loss switched to take logits is no safe fix where other code reads those logits as probabilities', () => {
    const keras = ['from tensorflow import keras', 'import numpy as np', 'model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(5)])', 'model.compile(optimizer="adam", loss="categorical_crossentropy")', 'preds = model.predict(x)[0]'];
    const at = (lines) => lint(lines).find((f) => f.rule === 'logits-into-probability-loss');
    assert.match(at(keras).fix ?? '', /from_logits=True/);
    for (const read of ['i = np.random.choice(5, p=preds)', 'lp = np.log(preds)', 'from sklearn.metrics import log_loss\nll = log_loss(y, preds)']) {
      const found = at([...keras, read]);
      assert.strictEqual(found.fix, undefined, read);
      assert.ok(found.suggestions.some((t) => /from_logits=True/.test(t)) && found.suggestions.some((t) => /activation='softmax'/.test(t)), read);
    }
    const torch = [...HEADER, 'net = nn.Linear(8, 1)', 'out = net(x)', 'loss = nn.BCELoss()(out, y)'];
    assert.match(lint(torch)[0].fix ?? '', /BCEWithLogitsLoss/);
    assert.strictEqual(lint([...torch, 'll = np.log(out.detach().numpy())'])[0].fix, undefined);
    // Nor are decisions the rules model (a threshold at 0), a print, or a sampler given logits as such.
    assert.match(at([...keras, 'print(preds)']).fix ?? '', /from_logits=True/);
    assert.match(lint([...torch, 'd = torch.distributions.Categorical(logits=out)'])[0].fix ?? '', /BCEWithLogitsLoss/);
    assert.match(lint([...torch, 'hits = (out > 0).float().mean()'])[0].fix ?? '', /BCEWithLogitsLoss/);
  });
});

describe('python: guards on the width or the activation, as an early return or a ternary (red team round 17)', () => {
  before(() => initPython());
  const rules = (lines) => lint([...HEADER, ...lines]).map((f) => f.rule);
  const call = ['model = nn.Linear(20, 1)', 'loss = compute_loss(model(x), labels)'];

  it('a categorical loss after `if <width> == 1: return <binary loss>`, or in a ternary on the width, is for the other widths', () => {
    for (const guard of ['logits.shape[1] == 1', 'logits.size(-1) == 1', 'logits.shape[-1] < 2']) {
      assert.deepStrictEqual(rules(['def compute_loss(logits, y):', `    if ${guard}:`, '        return F.binary_cross_entropy_with_logits(logits.squeeze(1), y.float())', '    return F.cross_entropy(logits, y)', ...call]), [], guard);
    }
    assert.deepStrictEqual(rules(['def compute_loss(logits, y):', '    return F.cross_entropy(logits, y) if logits.shape[1] > 1 else F.binary_cross_entropy_with_logits(logits, y)', ...call]), []);
    // Unguarded: still reported.
    assert.deepStrictEqual(rules(['def compute_loss(logits, y):', '    return F.cross_entropy(logits, y)', ...call]), ['categorical-loss-single-unit']);
  });
  it('a loss after `if <activation test>: return ...`, or in a ternary on it, is for the other activation', () => {
    const sig = ['model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'loss = pick(model(x), y)'];
    for (const guard of ['isinstance(model[-1], nn.Sigmoid)', 'out.min() >= 0 and out.max() <= 1']) {
      assert.deepStrictEqual(rules(['def pick(out, y):', `    if ${guard}:`, '        return F.binary_cross_entropy(out, y)', '    return F.binary_cross_entropy_with_logits(out, y)', ...sig]), [], guard);
    }
    assert.deepStrictEqual(rules(['def pick(out, y):', '    return F.binary_cross_entropy(out, y) if isinstance(model[-1], nn.Sigmoid) else F.binary_cross_entropy_with_logits(out, y)', ...sig]), []);
    assert.deepStrictEqual(rules(['def pick(out, y):', '    return F.binary_cross_entropy_with_logits(out, y)', ...sig]), ['sigmoid-before-logits-loss']);
  });
});

describe('python: code run in the module\'s namespace that we do not see (red team round 17)', () => {
  before(() => initPython());
  const logitsModel = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))'];
  const after = ['model.compile(optimizer="adam", loss="binary_crossentropy")', 'p = model.predict(x_test)', 'acc = ((p > 0.5) == y_test).mean()'];

  it('exec(...), IPython\'s run_line_magic("run", ...) / run_cell, and a Databricks %run may rebind the model: nothing after them is judged on the old one', () => {
    for (const run of ['exec(open("prob_model.py").read())', 'get_ipython().run_line_magic("run", "prob_model.py")', 'get_ipython().run_cell(open("prob_model.py").read())', '# MAGIC %run ./prob_model']) {
      assert.deepStrictEqual(lint([...logitsModel, run, ...after]).map((f) => f.rule), [], run);
    }
  });
  it('without them the same code is reported, and other magics run through get_ipython() rebind nothing', () => {
    const rules = (lines) => lint(lines).map((f) => f.rule).sort();
    assert.deepStrictEqual(rules([...logitsModel, ...after]), ['logits-into-probability-loss', 'threshold-logits']);
    assert.deepStrictEqual(rules([...logitsModel, 'get_ipython().run_line_magic("matplotlib", "inline")', ...after]), ['logits-into-probability-loss', 'threshold-logits']);
  });
});

describe('python notebooks: what a cell displays is read (red team round 17)', () => {
  before(() => initPython());
  const nb = (...cells) => JSON.stringify({ cells: cells.map((src) => ({ cell_type: 'code', metadata: {}, source: src, execution_count: null, outputs: [] })), metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4, nbformat_minor: 5 });
  const build = ['import torch\nimport torch.nn as nn\nx = torch.randn(16, 2); y = torch.ones(16, 1)', 'model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(x), y)'];
  const fixOf = (...more) => {
    const found = lint([nb(...build, ...more)], '/virtual/show.ipynb');
    assert.strictEqual(found.length, 1, more.join(' | '));
    return found[0].fix;
  };
  it('a cell ending in an expression shows its value: removing the sigmoid is a suggestion', () => {
    for (const last of ['model(x[:5]).detach()', 'probs = model(x)\nprobs', '# the first rows\nmodel(x)[:5], y[:5]']) assert.strictEqual(fixOf(last), undefined, last);
  });
  it('an expression that is not the cell\'s last, or ends in `;`, shows nothing: the safe removal stays', () => {
    for (const last of ['model(x).detach();', 'model(x).detach()\nz = 1', 'z = model(x)']) assert.ok(fixOf(last), last);
  });
});

describe('python: a DataLoader of batches of one (red team round 17)', () => {
  before(() => initPython());
  const rules = (loader, use = ['    pred = model(x).argmax()', '    hits = (pred == y).sum()']) => lint([...HEADER, 'from torch.utils.data import DataLoader', 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))', 'loss = nn.CrossEntropyLoss()(model(x), labels)', `for x, y in ${loader}:`, ...use]).map((f) => f.rule);
  it('argmax() without an axis over one sample is that sample\'s class: not reported (batch_size=1, the default)', () => {
    for (const loader of ['DataLoader(ds, batch_size=1)', 'DataLoader(ds)', 'DataLoader(ds, 1, shuffle=False)']) assert.deepStrictEqual(rules(loader), [], loader);
    assert.deepStrictEqual(rules('DataLoader(ds, batch_size=1)', ['    x = x.unsqueeze(0) if x.dim() == 3 else x', '    pred = model(x).argmax()', '    hits = (pred == y).sum()']), []);
  });
  it('larger batches, a batch sampler or a collate function of one\'s own: still reported', () => {
    for (const loader of ['DataLoader(ds, batch_size=64)', 'DataLoader(ds, 64)', 'DataLoader(ds, batch_size=None, sampler=batches)', 'DataLoader(ds, batch_sampler=sampler)', 'DataLoader(ds, collate_fn=pad)']) assert.deepStrictEqual(rules(loader), ['argmax-batch-axis'], loader);
  });
});

describe('keras: from_logits written positionally (red team round 17)', () => {
  before(() => initPython());
  it('BinaryCrossentropy(True, label_smoothing=0.1) on a sigmoid head: the positional True becomes False', () => {
    const found = lint(['from tensorflow import keras', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(True, label_smoothing=0.1))']);
    assert.strictEqual(found.length, 1);
    assert.match(found[0].fix ?? '', /from_logits=False/);
  });
  it('on a linear head the positional False becomes True', () => {
    const found = lint(['from tensorflow import keras', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])', 'model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(False, 0.1))']);
    assert.ok(found.some((f) => /from_logits=True/.test(f.fix ?? '')));
  });
});

describe('python: a threshold in the key of a subscript store (red team round 17)', () => {
  before(() => initPython());
  it('pred[pred > 0.5] = 1 compares the logits as they were before the store', () => {
    const lines = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'pred = model.predict(X_test)', 'pred[pred > 0.5] = 1', 'pred[pred <= 0.5] = 0'];
    assert.deepStrictEqual(lint(lines).map((f) => f.rule), ['threshold-logits']);
    const sig = lines.map((l) => l.replace('keras.layers.Dense(1)', 'keras.layers.Dense(1, activation="sigmoid")').replace('from_logits=True', 'from_logits=False'));
    assert.deepStrictEqual(lint(sig).map((f) => f.rule), []);
  });
});

describe('python notebooks: a PySpark kernel is Python (red team round 17)', () => {
  before(() => initPython());
  it('language pyspark is read; another language is still skipped', () => {
    const nb = (language) => JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n', execution_count: null, outputs: [] }], metadata: { kernelspec: { name: 'pysparkkernel', language }, language_info: { name: language } }, nbformat: 4, nbformat_minor: 5 });
    assert.deepStrictEqual(lint([nb('pyspark')], '/virtual/spark.ipynb').map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(lint([nb('scala')], '/virtual/spark.ipynb'), []);
  });
});

describe('python fix text: an item on a line of its own (red team round 17)', () => {
  before(() => initPython());
  const { lintProject, applyEdits } = require('../out/rules');
  it('removing it takes the whole line and its comment; on a shared line, the item alone', () => {
    const file = '/virtual/seq.py';
    const code = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(', '    nn.Linear(2, 1),', '    nn.Sigmoid(),  # probabilities', ')', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', ''].join('\n');
    const [f] = lintProject([file], {}, { readFile: (p) => (p === file ? code : undefined) }).findings;
    assert.strictEqual(applyEdits(code, f.fix.edits), code.replace('    nn.Sigmoid(),  # probabilities\n', ''));
    const one = code.replace('model = nn.Sequential(\n    nn.Linear(2, 1),\n    nn.Sigmoid(),  # probabilities\n)', 'model = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())  # probabilities');
    const [g] = lintProject([file], {}, { readFile: (p) => (p === file ? one : undefined) }).findings;
    assert.strictEqual(applyEdits(one, g.fix.edits), one.replace(', nn.Sigmoid()', ''));
  });
});

describe('python: Hugging Face output records and PreTrainedModel heads (red team round 17)', () => {
  before(() => initPython());
  const hf = ['import torch', 'import torch.nn as nn', 'from transformers import BertPreTrainedModel, BertModel', 'from transformers.modeling_outputs import SequenceClassifierOutput', 'class BertBin(BertPreTrainedModel):', '    def __init__(self, config):', '        super().__init__(config)', '        self.bert = BertModel(config)', '        self.out = nn.Linear(config.hidden_size, 1)', '    def forward(self, input_ids):', '        return SequenceClassifierOutput(logits=self.out(self.bert(input_ids).pooler_output))', 'o = BertBin(cfg)(ids)', 'loss = nn.BCEWithLogitsLoss()(o["logits"], y)'];
  it('out.logits / out["logits"] of a SequenceClassifierOutput are what forward put there', () => {
    assert.deepStrictEqual(lint([...hf, 'acc = ((o.logits > 0.5) == y).float().mean()']).map((f) => f.rule), ['threshold-logits']);
    assert.deepStrictEqual(lint([...hf, 'acc = ((torch.sigmoid(o.logits) > 0.5) == y).float().mean()']).map((f) => f.rule), []);
  });
  it('an output record built with positional arguments or a splat is unknown', () => {
    const pos = hf.map((l) => l.replace('SequenceClassifierOutput(logits=', 'SequenceClassifierOutput(None, '));
    assert.deepStrictEqual(lint([...pos, 'acc = ((o.logits > 0.5) == y).float().mean()']).map((f) => f.rule), []);
  });
});

describe('python: a module of one\'s own as an item of a Sequential (red team round 17)', () => {
  before(() => initPython());
  it('PyTorch: nn.Sequential(..., Head()) whose forward ends in a sigmoid is a sigmoid model', () => {
    const lines = [...HEADER, 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), Head())'];
    assert.deepStrictEqual(lint([...lines, 'loss = nn.BCEWithLogitsLoss()(model(x), y)']).map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(lint([...lines, 'loss = nn.BCELoss()(model(x), y)']).map((f) => f.rule), []);
  });
  it('Keras: a custom layer whose call returns a sigmoid, last in a Sequential or added', () => {
    const layer = ['import tensorflow as tf', 'from tensorflow import keras', 'class ProbHead(keras.layers.Layer):', '    def __init__(self, **kwargs):', '        super().__init__(**kwargs)', '        self.dense = keras.layers.Dense(1)', '    def call(self, x):', '        return tf.sigmoid(self.dense(x))'];
    const compile = 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))';
    assert.deepStrictEqual(lint([...layer, 'model = keras.Sequential([keras.layers.Dense(32, activation="relu"), ProbHead()])', compile]).map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(lint([...layer, 'model = keras.Sequential()', 'model.add(keras.layers.Dense(32, activation="relu"))', 'model.add(ProbHead())', compile]).map((f) => f.rule), ['sigmoid-before-logits-loss']);
  });
  it('a module whose output we cannot tell (a tuple, a flag, a model from a checkpoint) stays unknown', () => {
    const lines = [...HEADER, 'class Two(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(16, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x)), x', 'model = nn.Sequential(nn.Linear(8, 16), Two())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(lint(lines), []);
  });
});

describe('python: **cfg of a known dict (red team round 17)', () => {
  before(() => initPython());
  it('compile(**cfg) reads the loss from cfg, reports at the **cfg, and edits nothing there', () => {
    const lines = ['from tensorflow import keras', 'cfg = {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]}', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])', 'model.compile(**cfg)'];
    const found = lint(lines);
    assert.deepStrictEqual(found.map((f) => f.rule), ['logits-into-probability-loss']);
    assert.strictEqual(found[0].fix, undefined);
    assert.ok(found[0].suggested.every((t) => !/from_logits/.test(t)), found[0].suggested.join('; '));
    assert.deepStrictEqual(lint([...lines.slice(0, 2), 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])', 'model.compile(**cfg)']), []);
    assert.deepStrictEqual(lint([...lines.slice(0, 3), 'model.compile(**load_cfg())']), []);
  });
});
