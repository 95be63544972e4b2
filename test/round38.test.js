// Session 26 (red team round 38 and the leftovers of round 37). Every case fails on the session's
// first build but the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');

/** Each finding's rule and line, or with `fixes`, whether it carries a safe fix. */
function found(text, fixes, name = 'train.py') {
  const file = `/virtual/${name}`;
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => (fixes ? [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix'] : [f.ruleId, f.location.line]));
}

describe('round 38: every broken notebook cell is reported', () => {
  before(() => initPython());
  const notebook = (cells) => JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })),
    metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 });
  const problems = (cells) => {
    const file = '/virtual/nb.ipynb';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? notebook(cells) : undefined) });
    return { problems: r.problems.map((p) => p.message), findings: r.findings.map((f) => f.ruleId) };
  };
  it('two cells that fail alone: two parsing errors, each naming its cell; the cells between are analysed', () => {
    const r = problems(['import torch\nimport torch.nn as nn', 'print(1, 2', 'model = nn.Linear(4, 1)\nx = torch.zeros(2, 4)', 'def f(:\n    pass', 'p = model(x).argmax(dim=1)']);
    assert.deepStrictEqual(r.problems, ["Parsing error: '(' was never closed at cell 2, line 1, column 6 (this cell is not analysed)",
      "Parsing error: missing ')' at cell 4, line 1, column 7 (this cell is not analysed)"]);
    assert.deepStrictEqual(r.findings, ['argmax-single-unit']);
  });
  it('guard: one broken cell, one error', () => {
    assert.strictEqual(problems(['import torch', 'print(1, 2', 'y = 1']).problems.length, 1);
  });
});


describe("round 38: each instance of a class has its own training", () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self, d_in, n_out=1):', '        super().__init__()',
    '        self.fc = nn.Linear(d_in, n_out)', '    def forward(self, x):', '        return self.fc(x)'];
  it('a sibling trained by a loss the analysis does not read (its parameters given to an optimiser) is not judged by the other\'s', () => {
    const text = [...net, 'clf = Net(8)', 'loss = nn.BCEWithLogitsLoss()(clf(xb), yb)', 'reg = Net(12)', 'opt = torch.optim.Adam(reg.parameters())',
      'loss2 = (reg(xb) - yb).abs().mean()', 'busy = reg(xo) > 0.5'];
    assert.deepStrictEqual(found(text), []);
  });
  it('two instances trained with different losses: each is judged by its own', () => {
    const text = [...net, 'species = Net(128, 10)', 'presence = Net(128)', 'loss = nn.CrossEntropyLoss()(species(x), ys) + nn.BCEWithLogitsLoss()(presence(x).squeeze(1), yp)',
      'q = presence(x) > 0.5', 'r = species(x)[:, 3] > 0.5'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 12, 'fix'], ['threshold-logits', 13, 'no fix']]);
  });
  it('guard: an instance made alike and never trained here (weights loaded) is trained as its twin', () => {
    const text = [...net, 'clf = Net(8)', 'loss = nn.BCEWithLogitsLoss()(clf(xb), yb)', 'best = Net(8)', 'best.load_state_dict(torch.load("clf.pt"))', 'p = best(x) > 0.5'];
    assert.deepStrictEqual(found(text), [['threshold-logits', 13]]);
  });
  it('guard: a loss in a method run on no instance (a training_step) trains every instance', () => {
    const text = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'import pytorch_lightning as pl', 'class Lit(pl.LightningModule):',
      '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)',
      '    def training_step(self, batch, i):', '        x, y = batch', '        return F.binary_cross_entropy_with_logits(self(x), y)',
      'model = Lit()', 'p = model(x) > 0.5'];
    assert.deepStrictEqual(found(text), [['threshold-logits', 15]]);
  });
});


describe('round 38: a max whose indices are named and never read', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(4, 1)', 'out = model(x)'];
  it('`score, idx = torch.max(out, 1)` with idx used nowhere: no argmax', () => {
    assert.deepStrictEqual(found([...head, 'score, idx = torch.max(out, 1)  # idx unused', 'print(score.mean())']), []);
  });
  it('guard: idx read after, or named in an f-string: the argmax is used', () => {
    assert.deepStrictEqual(found([...head, 'score, idx = torch.max(out, 1)', 'print(idx)']), [['argmax-single-unit', 5]]);
    assert.deepStrictEqual(found([...head, 'score, idx = torch.max(out, 1)', 'print(f"{idx}")']), [['argmax-single-unit', 5]]);
  });
});


describe("round 38: a base class's hooks run on the subclasses' instances", () => {
  before(() => initPython());
  const base = (fwd) => ['import torch', 'import torch.nn as nn', 'import pytorch_lightning as pl', 'class Base(pl.LightningModule):', '    def __init__(self):',
    '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.crit = nn.BCEWithLogitsLoss()', '    def forward(self, x):', `        return ${fwd}`,
    '    def training_step(self, batch, i):', '        x, y = batch', '        return self.crit(self(x), y)'];
  it("a subclass's forward is what the inherited training_step trains: returning logits, nothing to report", () => {
    const text = [...base('torch.sigmoid(self.fc(x))'), 'class Child(Base):', '    def forward(self, x):', '        return self.fc(x)', 'model = Child()', 'pl.Trainer().fit(model)'];
    assert.deepStrictEqual(found(text), []);
  });
  it('and ending in a sigmoid, the inherited loss is reported', () => {
    const text = [...base('self.fc(x)'), 'class Child(Base):', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Child()', 'pl.Trainer().fit(model)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 13]]);
  });
  it('guard: a subclass that overrides the hook does not run the base one', () => {
    const text = [...base('self.fc(x)'), 'class Child(Base):', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
      '    def training_step(self, batch, i):', '        x, y = batch', '        return nn.BCELoss()(self(x), y)', 'model = Child()', 'pl.Trainer().fit(model)'];
    assert.deepStrictEqual(found(text), []);
  });
});


describe("round 38: a Sequential's add handed to other code", () => {
  before(() => initPython());
  const head = ['import functools', 'import tensorflow as tf', 'from tensorflow.keras import layers', 'model = tf.keras.Sequential()', 'model.add(layers.Dense(16, input_shape=(8,)))'];
  const compile = "model.compile(optimizer='adam', loss='binary_crossentropy')";
  it('`map(model.add, ...)`, `reduce` with a function that adds, `Sequential.add(model, ...)`: the last layer is not the one seen', () => {
    assert.deepStrictEqual(found([...head, "list(map(model.add, [layers.Dense(1, activation='sigmoid')]))", compile]), []);
    assert.deepStrictEqual(found([...head, "functools.reduce(lambda m, l: (m.add(l), m)[1], [layers.Dense(1, activation='sigmoid')], model)", compile]), []);
    assert.deepStrictEqual(found([...head, "tf.keras.Sequential.add(model, layers.Dense(1, activation='sigmoid'))", compile]), []);
  });
  it('guard: a function that adds tensors (`tf.add`) handed over with the model changes no layer', () => {
    assert.deepStrictEqual(found([...head, 'model.add(layers.Dense(1))', compile, 'strategy.run(lambda a, b: tf.add(a, b), args=(model, 1))']), [['logits-into-probability-loss', 7]]);
  });
  it('guard: the unbound add of a linear layer is read as the add it is', () => {
    assert.deepStrictEqual(found([...head, 'tf.keras.Sequential.add(model, layers.Dense(1))', compile]), [['logits-into-probability-loss', 7]]);
  });
});


describe("round 38: a notebook finding's end in the JSON", () => {
  before(() => initPython());
  it('a double-quoted string (`\\"` in the JSON) ends after its closing quote', () => {
    const src = ['import tensorflow as tf\n', 'm = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(4,))])\n', 'm.compile(optimizer="adam", loss="binary_crossentropy")\n'];
    const raw = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: src, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const file = '/virtual/nb.ipynb';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? raw : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, raw.slice(f.location.start, f.location.end)]), [['logits-into-probability-loss', '\\"binary_crossentropy\\"']]);
  });
});


describe('round 38: fixes where the analysis did not see every run', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'x = torch.randn(4, 10)', 'y = torch.rand(4, 1)', 'class Net(nn.Module):', '    def __init__(self):',
    '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))'];
  it('a helper called past the budget: the models and losses of the calls not run count as used there', () => {
    const text = [...net, 'def run(m, crit):', '    return crit(m(x), y)', 'run(Net(), nn.BCEWithLogitsLoss())',
      ...Array.from({ length: 20 }, () => 'run(nn.Linear(10, 1), nn.BCEWithLogitsLoss())'), 'run(Net(), nn.BCELoss())'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 12, 'no fix']]);
  });
  it('a class instantiated past the budget: no edit inside its methods is safe', () => {
    const text = [...net, 'm0 = Net()', 'loss = nn.BCEWithLogitsLoss()(m0(x), y)', ...Array.from({ length: 20 }, (_, i) => `m${i + 1} = Net()`), 'p = nn.BCELoss()(m20(x), y)'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 12, 'no fix']]);
  });
  it('guard: a few calls, all seen: the fix stays safe', () => {
    const text = [...net, 'def run(m, crit):', '    return crit(m(x), y)', 'run(Net(), nn.BCEWithLogitsLoss())', 'run(nn.Linear(10, 1), nn.BCEWithLogitsLoss())'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 12, 'fix']]);
  });
});


describe('round 38: fixes after a branch that chooses the activation', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'm = nn.Linear(10, 1)', 'loss = nn.BCEWithLogitsLoss()(m(x), y)'];
  it('`if from_logits: o = torch.sigmoid(o)` before the cut: a suggestion (a caller may pass True)', () => {
    const text = [...head, 'def decide(o, from_logits=False):', '    if from_logits:', '        o = torch.sigmoid(o)', '    return (o > 0.5).long()', 'pred = decide(m(x))'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 8, 'no fix']]);
  });
  it('a module-level flag (a Colab form field) choosing the head: a suggestion', () => {
    const text = ['import torch', 'import torch.nn as nn', 'USE_LOGITS = True  #@param {type:"boolean"}', 'if USE_LOGITS:', '    head = nn.Linear(10, 1)',
      'else:', '    head = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(head(x), y) if USE_LOGITS else nn.BCELoss()(head(x), y)', 'pred = head(x) > 0.5'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 9, 'no fix']]);
  });
  it('guard: a branch on something else (the device) keeps the fix', () => {
    const text = [...head, 'def decide(o, cuda=False):', '    if cuda:', '        o = o.cuda()', '    return (o > 0.5).long()', 'pred = decide(m(x))'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 8, 'fix']]);
  });
});


describe('round 38: Keras 1 spellings', () => {
  before(() => initPython());
  it('`Model(input=, output=)` and `Dense(output_dim=1)`', () => {
    const text = ['from keras.models import Model', 'from keras.layers import Input, Dense', 'inp = Input(shape=(8,))', 'out = Dense(output_dim=1)(inp)',
      'model = Model(input=inp, output=out)', "model.compile(optimizer='adam', loss='binary_crossentropy')"];
    assert.deepStrictEqual(found(text), [['logits-into-probability-loss', 6]]);
  });
});


describe('round 38: a fix in a notebook and unseen importers', () => {
  const { withinLinted } = require('../out/server/cli/fix-scope');
  const finding = (file) => ({ ruleId: 'softmax-before-logits-loss', severity: 'error', message: 'm', location: { file }, related: [], suggestions: [],
    fix: { title: 'Remove nn.Softmax', safe: true, edits: [{ file, start: 1, end: 2, text: '' }] } });
  it('nothing imports a notebook: its fix stays a fix when files the run did not lint may import anything', () => {
    assert.ok(withinLinted(finding('/p/sub/nb.ipynb'), new Set(['/p/sub/nb.ipynb']), () => 'all').fix);
  });
  it('guard: a .py file in the same case is held back', () => {
    assert.strictEqual(withinLinted(finding('/p/sub/m.py'), new Set(['/p/sub/m.py']), () => 'all').fix, undefined);
  });
});


describe('round 38: softmax over one unit of probabilities', () => {
  before(() => initPython());
  it('no "use sigmoid" suggestion on values a sigmoid made: they are already probabilities', () => {
    const text = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'm = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', 'out = m(x)', 'pred = F.softmax(out, dim=-1)'];
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.suggestions.length, /already probabilities/.test(f.message)]), [['softmax-single-unit', 0, true]]);
  });
});


describe('round 38: a comparison continued with a backslash', () => {
  before(() => initPython());
  it('`m(x) \\` then `> 0.5` on the next line is the same comparison', () => {
    const text = ['import torch', 'import torch.nn as nn', 'm = nn.Linear(4, 1)', 'loss = nn.BCEWithLogitsLoss()(m(x), y)', 'pred = m(x) \\', '    > 0.5', 'q = m(x) > \\', '    0.5'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 5, 'fix'], ['threshold-logits', 7, 'fix']]);
  });
});


describe('round 38: more ways to the same outputs', () => {
  before(() => initPython());
  const seg = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 1, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  it('test-time augmentation flipped back (`.flip(-1)`, `torch.flip`): the same logits', () => {
    const text = [...seg, 'a = (model(x) + model(x.flip(-1)).flip(-1)) / 2 > 0.5', 'b = torch.flip(model(x), dims=[-1]) > 0.5'];
    assert.deepStrictEqual(found(text), [['threshold-logits', 5], ['threshold-logits', 6]]);
  });
  it("an SWA model (`AveragedModel(model)`) runs the model's forward", () => {
    const text = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'swa = torch.optim.swa_utils.AveragedModel(model)',
      'loss = nn.BCEWithLogitsLoss()(swa(x), y)'];
    assert.deepStrictEqual(found(text), [['sigmoid-before-logits-loss', 5]]);
  });
});


describe('round 38: a cross-entropy metric on logits', () => {
  before(() => initPython());
  it("`BinaryCrossentropy()` and 'binary_crossentropy' as metrics of a model trained on logits read them as probabilities", () => {
    const text = ['import tensorflow as tf', 'm = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(8,))])',
      "m.compile(optimizer='adam', loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), metrics=[tf.keras.metrics.BinaryCrossentropy(), 'binary_crossentropy'])"];
    assert.deepStrictEqual(found(text), [['accuracy-metric-on-logits', 3], ['accuracy-metric-on-logits', 3]]);
  });
  it('guard: the metric told they are logits is right', () => {
    const text = ['import tensorflow as tf', 'm = tf.keras.Sequential([tf.keras.layers.Dense(1, input_shape=(8,))])',
      "m.compile(optimizer='adam', loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), metrics=[tf.keras.metrics.BinaryCrossentropy(from_logits=True)])"];
    assert.deepStrictEqual(found(text), []);
  });
});


describe('round 38: a distillation KL with its arguments swapped', () => {
  before(() => initPython());
  it('`kl_div(softmax(teacher), log_softmax(student))`: said swapped, and the suggestion swaps them back', () => {
    const text = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'student = nn.Linear(10, 3)', 'teacher = nn.Linear(10, 3)',
      'lt = F.cross_entropy(teacher(x), t)', "kd = F.kl_div(F.softmax(teacher(x) / 4, dim=1), F.log_softmax(student(x) / 4, dim=1), reduction='batchmean')"];
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, /look swapped/.test(f.message), f.suggestions.map((s) => s.edits.map((e) => e.text).join(' | '))]),
      [['nll-loss-input', true, ['F.log_softmax(student(x) / 4, dim=1) | F.softmax(teacher(x) / 4, dim=1)']]]);
  });
});


describe("round 38: a notebook whose plots make it big", () => {
  it('36 MB of outputs around a few lines of code is read (its code is held to the limit)', () => {
    const fs = require('fs');
    const os = require('os');
    const path = require('path');
    const { readSourceText, DEFAULT_MAX_FILE_BYTES } = require('../out/server/cli/files');
    const png = 'A'.repeat(36 * 1024 * 1024);
    const nb = { cells: [{ cell_type: 'code', metadata: {}, source: ['import torch\n'], execution_count: 1, outputs: [{ output_type: 'display_data', data: { 'image/png': png }, metadata: {} }] }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'll-big-')), 'plots.ipynb');
    fs.writeFileSync(file, JSON.stringify(nb));
    try {
      assert.ok(readSourceText(file, DEFAULT_MAX_FILE_BYTES).includes('import torch'));
      // Under a smaller --max-file-size (256 kB, so 16 MB for the notebook) it is still skipped, saying why.
      assert.throws(() => readSourceText(file, 256 * 1024), /over the .* limit \(--max-file-size, ×64 for a notebook's outputs\)/);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});


describe('round 38: returns of tuples or dicts on two paths', () => {
  before(() => initPython());
  const cls = (ret1, ret2) => ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.classifier = nn.Linear(768, 1)', '    def forward(self, h, labels=None):', '        logits = self.classifier(h)', '        if labels is not None:',
    '            loss = nn.functional.binary_cross_entropy_with_logits(logits.squeeze(-1), labels.float())', `            return ${ret1}`, `        return ${ret2}`, 'model = Net()'];
  it('`model(**batch)` with `return loss, logits` / `return None, logits`: the logits are known either way', () => {
    assert.deepStrictEqual(found([...cls('loss, logits', 'None, logits'), 'for batch in loader:', '    _, logits = model(**batch)', '    preds = (logits > 0.5).int()']), [['threshold-logits', 16]]);
  });
  it('and with dicts, one path lacking the loss', () => {
    assert.deepStrictEqual(found([...cls('{"loss": loss, "logits": logits}', '{"logits": logits}'), 'for batch in loader:', '    out = model(**batch)', '    preds = (out["logits"] > 0.5).int()']), [['threshold-logits', 16]]);
  });
  it('guard: a path returning something else at that position stays unknown', () => {
    assert.deepStrictEqual(found([...cls('loss, logits', 'None, torch.sigmoid(logits)'), 'for batch in loader:', '    _, p = model(**batch)', '    preds = (p > 0.5).int()']), []);
  });
});


describe('round 38: an exercise blank followed by a comment', () => {
  before(() => initPython());
  it('`W = ### YOUR CODE HERE ### tf.get_variable(...) with shape[0] = 784`: nothing follows the first "="', () => {
    const file = '/virtual/train.py';
    const text = 'import torch\nW = ### YOUR CODE HERE ### tf.get_variable(...) with shape[0] = 784\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.problems.map((p) => p.message), ["Parsing error: nothing follows '=' on its line at line 2, column 3"]);
  });
});


describe('round 38: argmax over one unit of a regression head', () => {
  before(() => initPython());
  it('trained with MSE only: reported, with no threshold offered (no class to cut for)', () => {
    const text = ['import torch', 'import torch.nn as nn', 'energy = nn.Linear(8, 1)', 'loss = nn.MSELoss()(energy(x), t)', 'best = energy(x).argmax(dim=1)'];
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.suggestions.length]), [['argmax-single-unit', 0]]);
  });
  it('guard: a classifier head keeps the threshold suggestion', () => {
    const text = ['import torch', 'import torch.nn as nn', 'clf = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(clf(x), t)', 'best = clf(x).argmax(dim=1)'];
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.suggestions.length]), [['argmax-single-unit', 1]]);
  });
});


describe("round 38: `check` takes a notebook position as the CLI prints it", () => {
  const fs = require('fs');
  const os = require('os');
  const path = require('path');
  const { checkCommand } = require('../out/server/check/command');
  it('`nb.ipynb:cell 3:2` picks the finding on line 2 of cell 3 (the markdown cell counted, as the CLI prints)', async () => {
    await initPython();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'll-check-cell-'));
    const nb = { cells: [{ cell_type: 'markdown', metadata: {}, source: ['# Title\n'] },
      { cell_type: 'code', metadata: {}, source: ['import torch\n', 'import torch.nn as nn\n', 'm = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())'], outputs: [], execution_count: null },
      { cell_type: 'code', metadata: {}, source: ['x = torch.zeros(2, 4)\n', 'loss = nn.BCEWithLogitsLoss()(m(x), torch.ones(2, 1))'], outputs: [], execution_count: null }],
    metadata: {}, nbformat: 4, nbformat_minor: 5 };
    fs.writeFileSync(path.join(dir, 'nb.ipynb'), JSON.stringify(nb, null, 1));
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s) => (out.stdout += s) }, stderr: { write: (s) => (out.stderr += s) }, cwd: dir };
    const runs = [];
    const deps = { lint: (paths) => lintProject(paths, {}), run: async (input) => { runs.push(input.ruleId); return { status: 'error', message: 'stopped by the test' }; } };
    try {
      assert.strictEqual(await checkCommand(['nb.ipynb:cell 3:2'], io, deps), 2);
      assert.deepStrictEqual(runs, ['sigmoid-before-logits-loss']);
      assert.strictEqual(await checkCommand(['nb.ipynb:cell 3:1'], io, deps), 1);
      assert.match(out.stderr, /no finding at nb\.ipynb:cell 3:1/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('round 38: a fix that rests on a Colab form field', () => {
  before(() => initPython());
  const notebook = (cells) => JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const judged = (cells) => {
    const file = '/virtual/nb.ipynb';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? notebook(cells) : undefined) });
    return r.findings.map((f) => [f.ruleId, f.fix ? 'fix' : 'no fix']);
  };
  const model = "model = keras.Sequential([layers.Dense(8, activation='relu'), layers.Dense(1, activation=ACT)])";
  const compile = "model.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy(from_logits=True))";
  it('`ACT = "sigmoid"  #@param [...]` as the activation: the loss switch is right for the saved value only, a suggestion', () => {
    assert.deepStrictEqual(judged(['from tensorflow import keras\nfrom tensorflow.keras import layers', 'ACT = "sigmoid" #@param ["sigmoid", "linear"]', model, compile]), [['sigmoid-before-logits-loss', 'no fix']]);
  });
  it('guard: a numeric field (epochs) chooses nothing of the output; a plain constant is no form field', () => {
    assert.deepStrictEqual(judged(['from tensorflow import keras\nfrom tensorflow.keras import layers', 'EPOCHS = 10 #@param {type:"integer"}\nACT = "sigmoid"', model, compile]), [['sigmoid-before-logits-loss', 'fix']]);
  });
});

describe('round 38: a list grown with += in a loop', () => {
  before(() => initPython());
  const head = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'model = nn.Linear(8, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'preds = []'];
  it('`preds += model(xb).tolist()` holds the logits, as extend() does', () => {
    assert.deepStrictEqual(found([...head, 'for xb, yb in loader:', '    preds += model(xb).tolist()', 'acc = (np.array(preds) > 0.5).mean()']), [['threshold-logits', 9]]);
  });
  it('guard: grown with two kinds of values, it is unknown', () => {
    assert.deepStrictEqual(found([...head, 'for xb, yb in loader:', '    preds += model(xb).tolist()', '    preds += torch.sigmoid(model(xb)).tolist()', 'acc = (np.array(preds) > 0.5).mean()']), []);
  });
});
