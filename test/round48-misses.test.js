// Red team round 47's leftovers, mended in round 48: functools.partial of a framework function or
// class with its arguments bound; Lightning hooks under a decorator whose wrapper we follow; an
// attribute that is no module set on a ModuleList or Sequential; a Hugging Face classifier of two
// labels trained on integer labels (CrossEntropyLoss inside). Each case next to the shapes that stay
// as they were (the guards, named so).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const rules = (lines) => brief(lintLines(lines)).map((f) => f.slice(0, 2));
const silent = (lines, why) => assert.deepStrictEqual(brief(lintLines(lines)), [], why);

describe('round 48: functools.partial of a function or class we model is that call with its arguments bound', () => {
  before(() => initPython());
  const head = ['from functools import partial', 'import functools', 'import torch', 'import torch.nn.functional as F', 'from torch import nn', 'model = nn.Linear(16, 4)', 'x, y = torch.randn(8, 16), torch.randint(0, 4, (8,))'];
  it('partial(torch.softmax, dim=1) / partial(F.softmax, dim=-1) into cross_entropy: softmax before a logits loss', () => {
    assert.deepStrictEqual(rules([...head, 'act = partial(torch.softmax, dim=1)', 'loss = F.cross_entropy(act(model(x)), y)']), [['softmax-before-logits-loss', 9]]);
    assert.deepStrictEqual(rules([...head, 'act = functools.partial(F.softmax, dim=-1)', 'loss = nn.CrossEntropyLoss()(act(model(x)), y)']), [['softmax-before-logits-loss', 9]]);
    // The fix unwraps the partial's call where it is made, not the partial (which other calls share).
    const lines = [...head, 'act = partial(torch.softmax, dim=1)', 'loss = F.cross_entropy(act(model(x)), y)'];
    const edits = lintLines(lines).findings.flatMap((f) => (f.fix ? f.fix.edits : []));
    const text = lines.join('\n') + '\n';
    assert.deepStrictEqual(edits.map((e) => [text.slice(e.start, e.end), e.text]), [['act(model(x))', 'model(x)']]);
  });
  it('partial(nn.Linear, out_features=1) and partial(nn.Linear, 8) as a head: one unit, argmax over it', () => {
    assert.deepStrictEqual(rules([...head, 'Head = partial(nn.Linear, out_features=1)', 'net = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), Head(8))', 'pred = net(x).argmax(dim=-1)']), [['argmax-single-unit', 10]]);
    assert.deepStrictEqual(rules([...head, 'Head = partial(nn.Linear, 8)', 'net = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), Head(1))', 'pred = net(x).argmax(dim=-1)']), [['argmax-single-unit', 10]]);
  });
  it('a partial of a partial binds both', () => {
    assert.deepStrictEqual(rules([...head, 'act = partial(partial(torch.softmax, dim=0), dim=1)', 'loss = F.cross_entropy(act(model(x)), y)']), [['softmax-before-logits-loss', 9]]);
  });
  it('guard: partial(torch.sigmoid) as before; a partial of a function we do not know, or over another axis: silent', () => {
    const trained = [...head, 'crit = nn.CrossEntropyLoss()', 'crit(model(x), y).backward()'];
    assert.deepStrictEqual(rules([...trained, 'sig = partial(torch.sigmoid)', 'print(sig(model(x)) > 0.5)']), [['threshold-logits', 11]]);
    silent([...head, 'import mylib', 'act = partial(mylib.softmax, dim=1)', 'loss = F.cross_entropy(act(model(x)), y)'], 'unknown function');
    silent([...head, 'act = partial(torch.softmax, dim=0)', 'loss = F.cross_entropy(act(model(x)), y)'], 'over the batch axis');
    silent([...head, 'act = partial(torch.softmax, dim=1)', 'loss = F.cross_entropy(act(model(x), dim=0), y)'], 'the call gives dim again');
    silent([...head, 'act = partial(partial(torch.softmax, dim=1), dim=0)', 'loss = F.cross_entropy(act(model(x)), y)'], 'bound again over the batch axis');
    silent([...head, 'Head = partial(nn.Linear, out_features=1)', 'net = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), Head(8, out_features=4))', 'pred = net(x).argmax(dim=-1)'], 'out_features given again');
    silent([...head, 'Head = partial(nn.Linear, out_features=1)', 'net = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), Head(8, **kw))', 'pred = net(x).argmax(dim=-1)'], 'keywords we cannot read');
  });
  it('guard: an activation a partial binds to a Keras layer is no site to edit: the layer\'s call is never unwrapped', () => {
    const lines = ['from functools import partial', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'Out = partial(layers.Dense, activation="sigmoid")',
      'model = keras.Sequential([layers.Dense(16, activation="relu"), Out(1)])', 'model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")', 'model.fit(X, y)'];
    const text = lines.join('\n') + '\n';
    const edits = lintLines(lines).findings.flatMap((f) => [...(f.fix ? f.fix.edits : []), ...f.suggestions.flatMap((s) => s.edits ?? s.fix?.edits ?? [])]);
    assert.ok(edits.every((e) => !text.slice(e.start, e.end).includes('Out(')), JSON.stringify(edits));
  });
});

describe('round 48: Lightning hooks under a decorator we follow still run as hooks', () => {
  before(() => initPython());
  const deco = ['import functools', 'import torch', 'import torch.nn as nn', 'import pytorch_lightning as pl', 'def logged(fn):', '    @functools.wraps(fn)', '    def wrapper(*args, **kwargs):', '        return fn(*args, **kwargs)', '    return wrapper'];
  const cls = (last, hook) => ['class M(pl.LightningModule):', '    def __init__(self):', '        super().__init__()', `        self.net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)${last})`,
    '        self.loss = nn.CrossEntropyLoss()', '    def forward(self, x):', '        return self.net(x)', ...hook];
  it('a functools.wraps decorator on training_step: softmax before CrossEntropyLoss is reported', () => {
    const hook = ['    @logged', '    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss(self(x), y)'];
    assert.deepStrictEqual(rules([...deco, ...cls(', nn.Softmax(dim=1)', hook)]), [['softmax-before-logits-loss', 20]]);
    const both = ['    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss(self(x), y)', '    @logged', '    def validation_step(self, batch, i):', '        x, y = batch', '        return (torch.sigmoid(self(x)) > 0.5).float().mean()'];
    assert.deepStrictEqual(rules([...deco, ...cls('', both)]), [['threshold-logits', 23]]);
  });
  it('guard: a wrapper taking self by name, on validation_step, as before', () => {
    const own = ['import torch', 'import torch.nn as nn', 'import pytorch_lightning as pl', 'def timed(fn):', '    def wrapper(self, *args, **kwargs):', '        return fn(self, *args, **kwargs)', '    return wrapper'];
    const hook = ['    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss(self(x), y)', '    @timed', '    def validation_step(self, batch, i):', '        x, y = batch', '        return (torch.sigmoid(self(x)) > 0.5).float().mean()'];
    assert.deepStrictEqual(rules([...own, ...cls('', hook)]), [['threshold-logits', 21]]);
  });
  it('guard: a decorator we cannot read leaves the hook unknown (silent)', () => {
    const hook = ['    @mystery', '    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss(self(x), y)'];
    silent(['from somewhere import mystery', ...deco.slice(1), ...cls(', nn.Softmax(dim=1)', hook)], 'unknown decorator');
  });
});

describe('round 48: an attribute that is no module set on a ModuleList or Sequential keeps its items', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'x, y = torch.randn(8, 16), torch.rand(8, 1).round()', 'heads = nn.ModuleList([nn.Linear(16, 1) for _ in range(3)])'];
  const rest = ['for h in heads:', '    nn.BCEWithLogitsLoss()(h(x), y).backward()', 'print((heads[0](x) > 0.5).float().mean())'];
  it('heads.device = torch.device(...), a tensor, a list of numbers, x.device: the items stay', () => {
    assert.deepStrictEqual(rules([...head, 'heads.device = torch.device("cpu")', ...rest]), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules([...head, 'heads.scale = torch.ones(1)', ...rest]), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules([...head, 'heads.sizes = [1, 1, 1]', ...rest]), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules([...head, 'heads.device = x.device', ...rest]), [['threshold-logits', 8]]);
  });
  it('a Sequential keeps its layers under such an attribute', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))', 'model.device = torch.device("cuda")', 'pred = model(torch.randn(4, 16)).argmax(dim=1)'];
    assert.deepStrictEqual(rules(lines), [['argmax-single-unit', 5]]);
  });
  it('guard: a module, or a value we cannot read, set so: the items are unknown (silent)', () => {
    silent([...head, 'heads.extra = nn.Sigmoid()', ...rest], 'a module');
    silent([...head, 'heads.extra = build()', ...rest], 'unknown');
    silent(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))', 'model.extra = make_head()', 'pred = model(torch.randn(4, 16)).argmax(dim=1)'], 'Sequential, unknown');
  });
});

describe('round 48: a Hugging Face classifier of two labels trained on integer labels uses CrossEntropyLoss', () => {
  before(() => initPython());
  const head = ['import torch', 'from transformers import AutoModelForSequenceClassification'];
  const use = (labels, ctor = 'num_labels=2') => [...head, `model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased", ${ctor})`, 'enc = {"input_ids": torch.zeros(4, 8, dtype=torch.long)}',
    `out = model(**enc, labels=${labels})`, 'out.loss.backward()', 'p = torch.sigmoid(out.logits)[:, 1]', 'pred = (p > 0.5).long()'];
  it('integer labels (a literal, randint, .long(), dtype=torch.long): sigmoid of one class\'s logit cut at 0.5 is reported', () => {
    assert.deepStrictEqual(rules(use('torch.tensor([0, 1, 0, 1])')), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules(use('torch.randint(0, 2, (4,))')), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules(use('torch.tensor(y).long()')), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules(use('torch.tensor(y, dtype=torch.long)')), [['threshold-logits', 8]]);
    assert.deepStrictEqual(rules(use('torch.randint(0, 2, (4,)).to("cpu")')), [['threshold-logits', 8]]);
  });
  it('guard: float or multi-hot labels, a multi-label problem type, labels we cannot read: silent; single_label written: as before', () => {
    assert.deepStrictEqual(rules(use('torch.tensor([0, 1, 0, 1])', 'num_labels=2, problem_type="single_label_classification"')), [['threshold-logits', 8]]);
    silent(use('torch.randint(0, 2, (4,)).to(torch.float32)'), 'cast to float32');
    silent(use('torch.randint(0, 2, (4,)).float()'), 'cast to float');
    silent(use('torch.tensor([0, 1, 0, 1])', 'num_labels=1'), 'one label: regression');
    silent(use('torch.tensor([0, 1, 0, 1])', 'config=cfg'), 'a config we cannot read');
    silent([...use('torch.tensor([0, 1, 0, 1])'), 'model.config.problem_type = "multi_label_classification"'], 'problem_type set elsewhere');
    silent(use('torch.tensor([[0., 1.], [1., 0.], [0., 1.], [1., 0.]])'), 'float multi-hot');
    silent(use('torch.tensor(y).float()'), 'float');
    silent(use('torch.tensor([0, 1, 0, 1])', 'num_labels=2, problem_type="multi_label_classification"'), 'multi-label');
    silent(use('batch["labels"]'), 'unknown labels');
    silent(use('torch.tensor(y)'), 'unknown dtype');
  });
});
