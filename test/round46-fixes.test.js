// Red team round 46's harmful safe fixes (session 34): a collection of alike models changed after it
// was made, and a Hugging Face model trained by a loss other than the one its problem_type names.
// Every case fails on the session's first build (2df28d6) but the guards, named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 46: alike models changed after the collection was made', () => {
  before(() => initPython());
  const nets = ['import torch', 'import torch.nn as nn', 'h = torch.randn(8, 32)', 'y = torch.rand(8, 1).round()',
    'class LogitNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return self.fc(x)',
    'class ProbNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))'];
  const heads = (make, change) => [...nets, `heads = ${make}`, 'for i in range(len(heads)):', '    nn.BCEWithLogitsLoss()(heads[i](h), y).backward()', change,
    'for i in range(len(heads)):', '    print((heads[i](h) > 0.5).float().mean())'];
  const decision = 22; // the line of `heads[i](h) > 0.5`

  it('a ModuleList item replaced by a model of the other kind (`heads[0] = ProbNet()`, `__setitem__`): no rewrite to a cut at 0', () => {
    for (const change of ['heads[0] = ProbNet()', 'heads.__setitem__(0, ProbNet())']) {
      const fixes = found(heads('nn.ModuleList([LogitNet() for _ in range(3)])', change)).filter((f) => f[2] === 'fix');
      assert.deepStrictEqual(fixes, [], change);
    }
  });
  it('a list of alike models grown or replaced through its dunder methods: no rewrite either', () => {
    for (const change of ['heads.__setitem__(0, ProbNet())', 'heads.__iadd__([ProbNet()])']) {
      const fixes = found(heads('[LogitNet() for _ in range(3)]', change)).filter((f) => f[2] === 'fix');
      assert.deepStrictEqual(fixes, [], change);
    }
  });
  it('guard: an item replaced by one of the same kind leaves every item logits: the cut at 0.5 is reported', () => {
    assert.deepStrictEqual(found(heads('nn.ModuleList([LogitNet() for _ in range(3)])', 'heads[0] = LogitNet()')).map((f) => f.slice(0, 2)), [['threshold-logits', decision]]);
  });
});

describe('round 46: a Hugging Face model trained by another loss than its problem_type names', () => {
  before(() => initPython());
  const hf = (between, trainerArgs = '') => ['import numpy as np', 'import torch', 'from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments',
    'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=5, problem_type="multi_label_classification")', ...between,
    `trainer = Trainer(model=model, args=TrainingArguments("o"), train_dataset=train_ds${trainerArgs})`, 'trainer.train()',
    'preds = trainer.predict(test_ds).predictions', 'print((preds > 0.5).astype(int))'];

  it('problem_type set again after loading (attribute, a name for the config, setattr, update): the model may train as a regressor, so nothing is known', () => {
    for (const between of [['model.config.problem_type = "regression"'], ['cfg = model.config', 'cfg.problem_type = "regression"'],
      ['setattr(model.config, "problem_type", "regression")'], ['model.config.update({"problem_type": "regression"})'], ['model.config.update(problem_type="regression")']]) {
      assert.deepStrictEqual(found(hf(between)), [], between.join('; '));
    }
  });
  it('Trainer(compute_loss_func=...) trains the outputs with that function, not the model\'s own loss: nothing is known', () => {
    const mse = ['import torch.nn.functional as F', 'def mse(outputs, labels, num_items_in_batch=None):', '    return F.mse_loss(outputs.logits, labels.float())'];
    assert.deepStrictEqual(found(hf(mse, ', compute_loss_func=mse')), []);
  });
  it('guard: problem_type only as loaded, and compute_loss_func=None: the cut at 0.5 on logits is reported with its fix', () => {
    assert.deepStrictEqual(found(hf([])), [['threshold-logits', 8, 'fix']]);
    assert.deepStrictEqual(found(hf([], ', compute_loss_func=None')), [['threshold-logits', 8, 'fix']]);
    // `wandb.config.update(...)` names no problem_type: it changes nothing.
    assert.deepStrictEqual(found(hf(['import wandb', 'wandb.config.update({"lr": 1e-3})'])), [['threshold-logits', 10, 'fix']]);
  });
});

describe('round 46: a file that imports only a library built on a framework', () => {
  before(() => initPython());
  it('a Hugging Face script importing transformers alone is read: its cut at 0.5 on logits is reported', () => {
    const lines = ['import numpy as np', 'from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments',
      'def compute_metrics(p):', '    preds = (p.predictions > 0.5).astype(int)', '    return {"acc": (preds == p.label_ids).mean()}',
      'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=5, problem_type="multi_label_classification")',
      'trainer = Trainer(model=model, args=TrainingArguments("o"), train_dataset=train_ds, eval_dataset=val_ds, compute_metrics=compute_metrics)', 'trainer.train()'];
    assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['threshold-logits', 4]]);
  });
  it("an import of the library at a line's start counts; the word in prose or a string does not", () => {
    const { mentionsPython } = require('../out/rules/engine/python/text-scan');
    assert.strictEqual(mentionsPython('# see the transformers docs\nx = "from transformers import X"\n'), false);
    assert.strictEqual(mentionsPython('import os\nfrom transformers import AutoModel\n'), true);
    assert.strictEqual(mentionsPython('    import pytorch_lightning as pl\n'), true);
  });
});

describe('round 46: a K-fold ensemble built by appending one trained model per fold', () => {
  before(() => initPython());
  const nets = ['import torch', 'import torch.nn as nn', 'h = torch.randn(8, 32)', 'y = torch.rand(8, 1).round()',
    'class LogitNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return self.fc(x)',
    'class ProbNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))'];
  const folds = (make, after = []) => [...nets, 'models = []', 'for fold in range(5):', ...make, '    nn.BCEWithLogitsLoss()(m(h), y).backward()', '    models.append(m)', ...after,
    'for fold in range(5):', '    print((models[fold](h) > 0.5).float().mean())'];
  it('every item made by the same statement and trained by the same loss: read by the fold counter, a cut at 0.5 on logits', () => {
    const lines = folds(['    m = LogitNet()']);
    assert.deepStrictEqual(found(lines), [['threshold-logits', lines.length, 'fix']]);
  });
  it('guard: items of two kinds, or the list changed after the loop (append, insert, an item replaced, extended by unknown models): no rewrite', () => {
    const mixed = ['    if fold % 2:', '        m = LogitNet()', '    else:', '        m = ProbNet()'];
    assert.deepStrictEqual(found(folds(mixed)), [], 'two kinds');
    for (const after of [['models.append(ProbNet())'], ['models.insert(0, ProbNet())'], ['models[2] = ProbNet()'], ['models.extend(extra_models)']]) {
      assert.deepStrictEqual(found(folds(['    m = LogitNet()'], after)).filter((f) => f[2] === 'fix'), [], after[0]);
    }
  });
});

describe('round 46: a Hugging Face model made from a configuration', () => {
  before(() => initPython());
  const made = (config, model = 'AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", config=cfg)', between = []) => ['import numpy as np', 'import torch',
    'from transformers import AutoConfig, BertConfig, BertForSequenceClassification, AutoModelForSequenceClassification, Trainer, TrainingArguments',
    `cfg = ${config}`, ...between, `model = ${model}`, 'trainer = Trainer(model=model, args=TrainingArguments("o"), train_dataset=train_ds)', 'trainer.train()',
    'preds = trainer.predict(test_ds).predictions', 'print((preds > 0.5).astype(int))'];
  it('num_labels and problem_type set in AutoConfig (or BertConfig given positionally) are the model\'s', () => {
    const lines = made('AutoConfig.from_pretrained("bert-base-uncased", num_labels=5, problem_type="multi_label_classification")');
    assert.deepStrictEqual(found(lines), [['threshold-logits', lines.length, 'fix']]);
    const bert = made('BertConfig(num_labels=5, problem_type="multi_label_classification")', 'BertForSequenceClassification(cfg)');
    assert.deepStrictEqual(found(bert), [['threshold-logits', bert.length, 'fix']]);
  });
  it('guard: a configuration updated after, made from **kwargs, or without a problem_type: nothing known of the loss', () => {
    assert.deepStrictEqual(found(made('AutoConfig.from_pretrained("bert-base-uncased", num_labels=5, problem_type="multi_label_classification")', undefined, ['cfg.update(extra)'])), []);
    assert.deepStrictEqual(found(made('AutoConfig.from_pretrained("bert-base-uncased", **kw)')), []);
    assert.deepStrictEqual(found(made('AutoConfig.from_pretrained("bert-base-uncased", num_labels=5)')), []);
  });
});

describe('round 46: a sweep of thresholds that starts at 0', () => {
  before(() => initPython());
  const sweep = (loop) => ['import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())',
    'x = torch.randn(32, 16)', 'y = torch.rand(32, 1).round()', 'nn.BCELoss()(model(x), y).backward()', 'p = model(x).detach().numpy()', 'scores = []', loop, '    scores.append(f1_score(y, p > t))'];
  it('on probabilities, 0 as one end of a sweep is chosen, not a cut for logits: no zero-threshold error', () => {
    assert.deepStrictEqual(found(sweep('for t in [0.0, 0.25, 0.5, 0.75]:')), []);
  });
  it('guard: the same comparison run with 0 alone is a cut for logits on probabilities (no edit: the threshold is a name)', () => {
    assert.deepStrictEqual(found(sweep('for t in [0.0]:')), [['zero-threshold-on-probabilities', 11, 'none']]);
    assert.deepStrictEqual(found(sweep('for t in [0, 0]:')), [['zero-threshold-on-probabilities', 11, 'none']]);
  });
});

describe('round 46 (review): an if/else on a whole tensor reduced to one number', () => {
  before(() => initPython());
  it('`if p.max() > 0:` / `if torch.sum(p) > 0:` with branches naming outcomes checks all the values: no class decision, silent', () => {
    const lines = (cond) => ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())', 'x = torch.randn(32, 16)', 'y = torch.rand(32, 1).round()',
      'nn.BCELoss()(model(x), y).backward()', 'p = model(x)', `if ${cond}:`, '    print("some positive")', 'else:', '    print("none")'];
    for (const cond of ['p.max() > 0', 'torch.sum(p) > 0', 'p.mean() > 0']) assert.deepStrictEqual(found(lines(cond)), [], cond);
    // guard: one sample's score, with the same branches, is the decision round 46 reports
    assert.deepStrictEqual(found(lines('p[0, 0] > 0').map((l) => l.replace('"some positive"', '"dog"').replace('"none"', '"cat"'))), [['zero-threshold-on-probabilities', 8, 'suggestion']]);
  });
});

describe('round 46 (second wave): lists of models changed where we do not look, and what a loop carries', () => {
  before(() => initPython());
  const keras = ['import numpy as np', 'import operator', 'import tensorflow as tf', 'from ensemble_utils import add_pretrained',
    'def build_logits():', '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")', '    return m',
    'def build_probs():', '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])',
    '    m.compile(loss="binary_crossentropy", optimizer="adam")', '    return m'];
  const folds = (after) => [...keras, 'models = []', 'for fold in range(5):', '    m = build_logits()', '    m.fit(X, y, epochs=3)', '    models.append(m)', ...after,
    'for m in models:', '    print(((m.predict(X_test) > 0.5) == y_test).mean())'];
  const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix');
  it('a list of models handed to a function we do not read, or changed through list.append / map / operator.setitem: no rewrite', () => {
    for (const after of [['add_pretrained(models)'], ['list.append(models, build_probs())'], ['list.insert(models, 0, build_probs())'],
      ['list(map(models.append, [build_probs()]))'], ['operator.setitem(models, 0, build_probs())']]) {
      assert.deepStrictEqual(fixes(folds(after)), [], after[0]);
    }
  });
  it('guard: the same list read as it was made keeps its fix', () => {
    assert.deepStrictEqual(fixes(folds([])).map((f) => f.slice(0, 2)), [['threshold-logits', 19]]);
  });
  const torchHeads = ['import torch', 'import torch.nn as nn', 'h = torch.randn(8, 32)', 'y = torch.rand(8, 1).round()',
    'class LogitNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return self.fc(x)',
    'class ProbNet(LogitNet):', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
    'heads = nn.ModuleList([LogitNet() for _ in range(3)])', 'for i in range(3):', '    nn.BCEWithLogitsLoss()(heads[i](h), y).backward()'];
  it('a ModuleList item replaced by setattr(heads, "0", m) or heads._modules["0"] = m (what heads[0] = m is): no rewrite', () => {
    for (const change of ['setattr(heads, "0", ProbNet())', 'heads._modules["0"] = ProbNet()']) {
      assert.deepStrictEqual(found([...torchHeads, change, 'for i in range(3):', '    print((heads[i](h) > 0.5).float().mean())']).filter((f) => f[2] === 'fix'), [], change);
    }
  });
  const carried = (end, make = 'build(act)') => [...keras, 'def build(act=None):', '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation=act)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=act is None), optimizer="adam")', '    return m',
    'act = None', 'builder = build_logits', 'for fold in range(5):', `    m = ${make}`, '    m.fit(X, y)',
    '    print(((m.predict(X_test) > 0.5) == y_test).mean())', ...end];
  it('a setting the next pass builds with, changed at the end of a pass (act = "sigmoid", on a branch too; builder = build_probs): no rewrite', () => {
    for (const end of [['    act = "sigmoid"'], ['    if fold == 2:', '        act = "sigmoid"']]) {
      assert.deepStrictEqual(fixes(carried(end)), [], end.join(' / '));
    }
    assert.deepStrictEqual(fixes(carried(['    builder = build_probs'], 'builder()')), [], 'builder = build_probs');
  });
  it('guard: a counter changed every pass is no setting: the cut on logits keeps its fix', () => {
    assert.deepStrictEqual(fixes(carried(['    fold_count = fold + 1'])).map((f) => f.slice(0, 2)), [['threshold-logits', 22]]);
    assert.deepStrictEqual(fixes(carried(['    fold_count = fold + 1'], 'builder()')).map((f) => f.slice(0, 2)), [['threshold-logits', 22]]);
  });
  it("a for loop's own name rebound in its body holds the next item on the next pass: one sigmoid, no second-sigmoid error", () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 5))', 'loss_fn = nn.BCEWithLogitsLoss()',
      'for xb, yb in loader:', '    loss_fn(model(xb), yb).backward()', 'all_logits = [model(xb).detach() for xb, _ in test_loader]', 'for logits in all_logits:',
      '    logits = torch.sigmoid(logits)', '    print((logits > 0.5).float().mean())', 'z = model(X_test).detach()', 'for col in z.T:', '    col = torch.sigmoid(col)', '    print((col > 0.5).float().mean())'];
    assert.deepStrictEqual(found(lines), []);
  });
});

describe('round 46 (third wave): guards that say two words, lists inside what is handed on, a layer as a setting', () => {
  before(() => initPython());
  it('an if/else on a cut at 0 whose branches only say two words may be a guard ("ok" / "underflow"): the edit is offered, not applied', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', 'loss_fn = nn.BCEWithLogitsLoss()',
      'for xb, yb in loader:', '    loss_fn(model(xb), yb).backward()', 'ps = torch.sigmoid(model(x_one))[0, 0].item()', 'if ps > 0:', '    status = "ok"', 'else:', '    status = "underflow"'];
    assert.deepStrictEqual(found(lines), [['zero-threshold-on-probabilities', 8, 'suggestion']]);
  });
  const keras = ['import tensorflow as tf', 'import threading', 'from ensemble_utils import add_pretrained', 'def build_logits():',
    '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")', '    return m',
    'models = []', 'for fold in range(5):', '    m = build_logits()', '    m.fit(X, y, epochs=3)', '    models.append(m)'];
  it('a list of models handed on inside a dict, a list or a thread\'s arguments: no rewrite', () => {
    for (const hand of ['add_pretrained({"models": models})', 'add_pretrained([models])', 'threading.Thread(target=add_pretrained, args=(models,)).start()']) {
      const lines = [...keras, hand, 'for m in models:', '    print(((m.predict(X_test) > 0.5) == y_test).mean())'];
      assert.deepStrictEqual(found(lines).filter((f) => f[2] === 'fix'), [], hand);
    }
  });
  it('a layer the next pass builds with, changed at the end of a pass (post = nn.Sigmoid()): no rewrite', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'post = nn.Identity()', 'for fold in range(3):', '    model = nn.Sequential(nn.Linear(8, 1), post)',
      '    nn.BCEWithLogitsLoss()(model(x), y).backward()', '    print(((model(x) > 0.5).float() == y).float().mean())', '    post = nn.Sigmoid()'];
    assert.deepStrictEqual(found(lines).filter((f) => f[2] === 'fix'), []);
  });
});

describe("round 46 (third wave): older exports' get_ipython().magic(...)", () => {
  before(() => initPython());
  const lines = (call) => ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', 'loss_fn = nn.BCEWithLogitsLoss()',
    'for xb, yb in loader:', '    loss_fn(model(xb), yb).backward()', 'p = model(X_val)', call, 'print((p > 0.5).float().mean())'];
  it('get_ipython().magic("time p = ...") and get_ipython().ex("p = ...") may rebind p: nothing known of it, no rewrite', () => {
    for (const call of ['get_ipython().magic("time p = torch.sigmoid(p)")', 'get_ipython().magic("%prun -q p = torch.sigmoid(p)")', 'get_ipython().ex("p = torch.sigmoid(p)")']) {
      assert.deepStrictEqual(found(lines(call)).filter((f) => f[2] === 'fix'), [], call);
    }
  });
  it('guard: a magic that binds nothing (`magic("time print(p.shape)")`) leaves the cut on logits reported with its fix', () => {
    assert.deepStrictEqual(found(lines('get_ipython().magic("time print(p.shape)")')), [['threshold-logits', 9, 'fix']]);
  });
});
