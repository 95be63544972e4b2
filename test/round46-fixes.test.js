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
    assert.deepStrictEqual(found(lines('p[0, 0] > 0').map((l) => l.replace('"some positive"', '"dog"').replace('"none"', '"cat"'))), [['zero-threshold-on-probabilities', 8, 'fix']]);
  });
});
