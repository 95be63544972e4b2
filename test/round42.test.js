// Red team round 42 (session 30): what it found wrong, each case next to the shape that stays as it was.
const assert = require('assert');
const { initPython, applyEdits } = require('../out/rules');
const { lintLines, lintCells } = require('./lint-text');

const brief = (r) => r.findings.map((f) => ({ rule: f.ruleId, line: f.location.line, fix: f.fix ? f.fix.title : undefined, suggestions: f.suggestions.map((s) => s.title) }));
const rules = (r) => r.findings.map((f) => `${f.ruleId}@${f.location.line}`);

const SIG_NET = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)',
  '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
const LOGIT_KERAS = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])',
  'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)'];

describe('round 42: fixes that would break code reading the output elsewhere', () => {
  before(() => initPython());
  it('the pieces of torch.split / torch.chunk (unpacked, listed, zipped) read as probabilities: the sigmoid stays', () => {
    for (const reads of [['a, b = torch.split(p, 4)', 'pred = b > 0.5'], ['a, b = torch.chunk(p, 2)', 'pred = b > 0.5'], ['pred = list(torch.split(p, 4))[0] > 0.5'],
      ['labels = torch.zeros(8, 1)', 'for part, lab in zip(torch.split(p, 4), torch.split(labels, 4)):', '    print((part > 0.5).eq(lab).sum())']]) {
      const [f, ...rest] = brief(lintLines([...SIG_NET, 'p = model(x).detach()', ...reads]));
      assert.deepStrictEqual(rest, [], String(reads));
      assert.strictEqual(f.rule, 'sigmoid-before-logits-loss');
      assert.strictEqual(f.fix, undefined, String(reads));
    }
  });
  it('guard: a piece of logits cut at 0.5 is reported, with the cut rewritten', () => {
    const lines = [...SIG_NET.slice(0, 8), '        return self.fc(x)', ...SIG_NET.slice(9), 'p = model(x).detach()', 'a, b = torch.split(p, 4)', 'pred = b > 0.5'];
    assert.deepStrictEqual(brief(lintLines(lines)).map((f) => [f.rule, f.line, !!f.fix]), [['threshold-logits', 14, true]]);
  });
  it('predictions rounded to decimals (np.around(p, 2), p.round(3)) are still the same values: their cut at 0.5 is reported, and rewritten with the loss', () => {
    for (const read of [['p = np.around(model.predict(x), 2)', 'labels = np.where(p > 0.5, 1, 0)'], ['p = model.predict(x).round(3)', 'labels = p > 0.5']]) {
      const lines = [...LOGIT_KERAS, ...read];
      const r = lintLines(lines);
      assert.deepStrictEqual(rules(r), ['logits-into-probability-loss@4', 'threshold-logits@7'], String(read));
      // As --fix does: the safe fixes, then those the fixed text has (the cut is rewritten once the loss takes logits).
      let text = lines.join('\n');
      for (let pass = 0; pass < 3; pass++) text = applyEdits(text, lintLines(text.split('\n')).findings.flatMap((f) => (f.fix?.safe ? f.fix.edits : [])));
      assert.match(text, /from_logits=True/);
      assert.match(text, /p > 0\b/);
    }
  });
  it('a model name rebound at the end of a loop body: the next pass uses the other model, so no rewrite is safe', () => {
    const torch = ['import torch', 'import torch.nn as nn', 'a = nn.Sequential(nn.Linear(4, 1))', 'b = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'la = nn.BCEWithLogitsLoss()(a(x), y)', 'lb = nn.BCELoss()(b(x), y)',
      'm = a', 'for stage in range(2):', '    pred = m(x) > 0.5', '    m = b'];
    const [t] = brief(lintLines(torch));
    assert.strictEqual(t.rule, 'threshold-logits');
    assert.strictEqual(t.fix, undefined);
    const keras = ['from tensorflow import keras', 'a = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', 'b = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])',
      'm = a', 'for stage in range(2):', '    m.compile(optimizer="adam", loss="binary_crossentropy")', '    m.fit(x, y)', '    m = b'];
    const [k] = brief(lintLines(keras));
    assert.strictEqual(k.rule, 'logits-into-probability-loss');
    assert.strictEqual(k.fix, undefined);
    // Guard: the same loop without the rebinding keeps its safe rewrites.
    assert.ok(brief(lintLines(torch.slice(0, -1)))[0].fix);
    assert.ok(brief(lintLines(keras.slice(0, -1)))[0].fix);
  });
  it('a notebook that displays every expression (ast_node_interactivity) shows a mid-cell read: the sigmoid stays', () => {
    const model = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'].join('\n');
    for (const [setting, cell] of [['%config InteractiveShell.ast_node_interactivity = "all"', 'probs = model(x).detach()\nprobs[:5]\nprint(1)'],
      ['from IPython.core.interactiveshell import InteractiveShell\nInteractiveShell.ast_node_interactivity = "all"', 'probs = model(x).detach()\nprobs[:5]\nprint(1)'],
      ["%config InteractiveShell.ast_node_interactivity = 'last_expr_or_assign'", 'probs = model(x).detach()']]) {
      const [f] = brief(lintCells([setting, model, cell]));
      assert.strictEqual(f.rule, 'sigmoid-before-logits-loss', setting);
      assert.strictEqual(f.fix, undefined, setting);
    }
    // Guard: by default a mid-cell expression, and a last assignment, display nothing.
    assert.ok(brief(lintCells([model, 'probs = model(x).detach()\nprobs[:5]\nprint(1)']))[0].fix);
    assert.ok(brief(lintCells([model, 'probs = model(x).detach()']))[0].fix);
  });
  it('a second Keras model over `model.layers[-1].output` (or get_layer(index=-1)) saved: the loss switch is only suggested', () => {
    for (const out of ['model.layers[-1].output', 'model.get_layer(index=-1).output']) {
      const [f] = brief(lintLines([...LOGIT_KERAS, `probe = keras.Model(model.inputs, ${out})`, 'probe.save("probe.keras")']));
      assert.strictEqual(f.fix, undefined, out);
    }
    assert.ok(brief(lintLines([...LOGIT_KERAS, 'probe = keras.Model(model.inputs, model.layers[-2].output)', 'probe.save("probe.keras")']))[0].fix, 'the layer before the output: a feature extractor');
  });
  it('an unwrapped sigmoid around a walrus keeps its parentheses (a bare `:=` is a syntax error there)', () => {
    const lines = [...SIG_NET.slice(0, 8), '        return torch.sigmoid(z := self.fc(x))', ...SIG_NET.slice(9)];
    const [f] = lintLines(lines).findings;
    assert.strictEqual(f.ruleId, 'sigmoid-before-logits-loss');
    assert.match(applyEdits(lines.join('\n'), f.fix.edits), /return \(z := self\.fc\(x\)\)/);
  });
});

describe('round 42: code that was read wrong', () => {
  before(() => initPython());
  it('a line continuation is no value: `return \\` + the sigmoid on the next line, and a layer size after `\\`', () => {
    const ret = [...SIG_NET.slice(0, 8), '        return \\', '            torch.sigmoid(self.fc(x))', ...SIG_NET.slice(9)];
    assert.deepStrictEqual(rules(lintLines(ret)), ['sigmoid-before-logits-loss@12']);
    const arg = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(16, \\', '    1))', 'pred = model(x).argmax(dim=1)'];
    assert.deepStrictEqual(rules(lintLines(arg)), ['argmax-single-unit@5']);
  });
  it('a class redefined by a function that declares it global: the module\'s name is the new class', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class CFG:', '    target_size = 1', 'def configure():', '    global CFG', '    class CFG:', '        target_size = 3', 'configure()',
      'model = nn.Linear(8, CFG.target_size)', 'loss = nn.CrossEntropyLoss()(model(x), y)', 'pred = model(x).argmax(1)'];
    assert.deepStrictEqual(rules(lintLines(lines)), []);
    // Guard: never rebound, the width is 1.
    assert.deepStrictEqual(rules(lintLines([...lines.slice(0, 4), ...lines.slice(9)])), ['categorical-loss-single-unit@6', 'argmax-single-unit@7']);
  });
  it('a cell pasted with prompts (`>>> `, `In [2]: `) is IPython, not a syntax error', () => {
    for (const cell of ['>>> import torch\n>>> x = torch.ones(2)\n>>> x.sum()', 'In [2]: import torch\n   ...: x = torch.ones(2)']) {
      const r = lintCells(['import numpy as np', cell]);
      assert.deepStrictEqual(r.problems ?? [], [], cell);
    }
  });
  it('a plain setting stored on a model from outside (`model.n_channels = 1`) does not hide what its forward computes', () => {
    for (const set of ['model.n_channels = 1', 'model.name = "unet"', 'setattr(model, "num_classes", 1)']) {
      assert.deepStrictEqual(rules(lintLines([...SIG_NET.slice(0, 10), set, SIG_NET[10]])), ['sigmoid-before-logits-loss@12'], set);
    }
    // Guard: a setting forward reads, or a module put in its place, may change the output.
    const reads = [...SIG_NET.slice(0, 8), '        return self.fc(x) if self.raw else torch.sigmoid(self.fc(x))', 'model = Net()', 'model.raw = True', SIG_NET[10]];
    assert.deepStrictEqual(rules(lintLines(reads)), []);
    const act = [...SIG_NET.slice(0, 6), '        self.fc = nn.Linear(4, 1)', '        self.act = nn.Sigmoid()', '    def forward(self, x):', '        return self.act(self.fc(x))', 'model = Net()'];
    assert.deepStrictEqual(rules(lintLines([...act, 'model.act = nn.Identity()', SIG_NET[10]])), []);
    assert.deepStrictEqual(rules(lintLines([...act, SIG_NET[10]])), ['sigmoid-before-logits-loss@12'], 'guard of the guard');
  });
  it("the 'BCE' loss alias, `len()` of a literal label list, `thresholds=[0.5]` and a loss list repeated", () => {
    assert.deepStrictEqual(rules(lintLines(['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="BCE")', 'model.fit(x, y)'])), ['logits-into-probability-loss@3']);
    assert.deepStrictEqual(rules(lintLines(['import torch.nn as nn', 'LABELS = ["toxic"]', 'model = nn.Linear(768, len(LABELS))', 'pred = model(x).argmax(dim=1)'])), ['argmax-single-unit@4']);
    assert.deepStrictEqual(rules(lintLines(['import torch.nn as nn', 'LABELS = ["toxic", "obscene"]', 'model = nn.Linear(768, len(LABELS))', 'pred = model(x).argmax(dim=1)'])), []);
    assert.deepStrictEqual(rules(lintLines(['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[keras.metrics.Precision(thresholds=[0.5])])', 'model.fit(x, y)'])),
      ['accuracy-metric-on-logits@3']);
    const two = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input(shape=(16,))', 'a = layers.Dense(1, name="a")(inp)', 'b = layers.Dense(1, name="b")(inp)', 'm = keras.Model(inp, [a, b])', 'm.compile("adam", loss=["binary_crossentropy"] * 2)', 'm.fit(x, [y1, y2])'];
    assert.ok(rules(lintLines(two)).includes('logits-into-probability-loss@7'));
  });
  it('metrics named in a message read "a, b and c"', () => {
    const r = lintLines(['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc", "AUC", keras.metrics.Precision()])', 'model.fit(x, y)']);
    assert.match(r.findings[0].message, /The 'acc', 'AUC' and 'Precision' metrics/);
  });
  it('a helper that reshapes the target it hands to the loss, called with its arguments swapped: reported and fixed at that call', () => {
    const lines = ['import torch.nn as nn', 'def loss_fn(outputs, targets):', '    return nn.BCEWithLogitsLoss()(outputs, targets.view(-1, 1))', 'model = nn.Linear(768, 1)',
      'good = loss_fn(model(x), targets)', 'bad = loss_fn(targets, model(x))'];
    const r = lintLines(lines);
    assert.deepStrictEqual(brief(r).map((f) => [f.rule, f.line, f.fix]), [['swapped-loss-arguments', 6, 'Swap the arguments back to (input, target)']]);
    assert.match(applyEdits(lines.join('\n'), r.findings[0].fix.edits), /bad = loss_fn\(model\(x\), targets\)/);
  });
});

describe('round 42: mistakes that were missed', () => {
  before(() => initPython());
  const cb = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'class F1Callback(keras.callbacks.Callback):', '    def __init__(self, x_val):', '        super().__init__()', '        self.x_val = x_val',
    '    def on_epoch_end(self, epoch, logs=None):', '        p = self.model.predict(self.x_val)', '        print((p > 0.5).astype(int))'];
  const logits = ['a = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1)])', 'a.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))'];
  const probs = ['b = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1, activation="sigmoid")])', 'b.compile(optimizer="adam", loss="binary_crossentropy")'];
  it("a Keras callback's `self.model` is the model fit() trains: its hooks' cuts are judged on that model", () => {
    assert.deepStrictEqual(brief(lintLines([...cb, ...logits, 'a.fit(x, y, callbacks=[F1Callback(xv)])'])).map((f) => [f.rule, f.line, !!f.fix]), [['threshold-logits', 10, true]]);
    // Guard: given to a sigmoid model's fit, or to both models', nothing is said of the cut.
    assert.deepStrictEqual(rules(lintLines([...cb, ...probs, 'b.fit(x, y, callbacks=[F1Callback(xv)])'])), []);
    assert.deepStrictEqual(rules(lintLines([...cb, ...logits, ...probs, 'cb = F1Callback(xv)', 'a.fit(x, y, callbacks=[cb])', 'b.fit(x, y, callbacks=[cb])'])), []);
  });
  it('a subclass of a Hugging Face PyTorch task model whose forward ends in a sigmoid, trained with a logits loss', () => {
    for (const body of ['        return torch.sigmoid(self.classifier(self.bert(input_ids)[1]))', '        return torch.sigmoid(super().forward(input_ids=input_ids).logits)']) {
      const lines = ['import torch', 'import torch.nn as nn', 'from transformers import BertForSequenceClassification', 'class SigBert(BertForSequenceClassification):', '    def forward(self, input_ids=None):', body,
        'model = SigBert.from_pretrained("bert-base-uncased", num_labels=6)', 'loss = nn.BCEWithLogitsLoss()(model(ids), labels)'];
      assert.deepStrictEqual(rules(lintLines(lines)), ['sigmoid-before-logits-loss@8'], body);
    }
  });
  it('an MLP builder that looks a string activation up (`if isinstance(act, str)`, `if not callable(act)`) keeps the output activation', () => {
    for (const guard of ['    if isinstance(out_act, str):', '    if not callable(out_act):']) {
      const lines = ['import torch.nn as nn', 'import torch.nn.functional as F', 'ACTS = {"sigmoid": nn.Sigmoid(), "identity": nn.Identity()}', 'def build_mlp(n_in, n_out, out_act="identity"):', guard, '        out_act = ACTS[out_act]',
        '    return nn.Sequential(nn.Linear(n_in, 64), nn.ReLU(), nn.Linear(64, n_out), out_act)', 'disc = build_mlp(10, 1, out_act="sigmoid")', 'logit = build_mlp(10, 1)',
        'l1 = F.binary_cross_entropy_with_logits(disc(sa), label)', 'l2 = F.binary_cross_entropy_with_logits(logit(sa), label)', 'acc = (logit(sa) > 0.5).float().mean()'];
      assert.deepStrictEqual(rules(lintLines(lines)), ['sigmoid-before-logits-loss@10', 'threshold-logits@12'], guard);
    }
  });
  it('sigmoid heads concatenated by a Keras Concatenate, trained with a logits loss: the loss switch is the fix', () => {
    const lines = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input(shape=(8,))', 'a = layers.Dense(1, activation="sigmoid")(inp)', 'b = layers.Dense(1, activation="sigmoid")(inp)',
      'm = keras.Model(inp, layers.Concatenate()([a, b]))', 'm.compile("adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'm.fit(x, y)'];
    const r = lintLines(lines);
    assert.deepStrictEqual(rules(r), ['sigmoid-before-logits-loss@7']);
    assert.match(applyEdits(lines.join('\n'), r.findings[0].fix.edits), /from_logits=False/);
    // Guard: a sigmoid head beside a linear one is neither.
    assert.deepStrictEqual(rules(lintLines([...lines.slice(0, 4), 'b = layers.Dense(1)(inp)', ...lines.slice(5)])), []);
  });
  it('np.clip then np.round of logits, and a K-fold sum weighted by `[1 / FOLDS] * FOLDS`, cut as probabilities', () => {
    const keras = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)'];
    assert.deepStrictEqual(rules(lintLines([...keras, 'pred = np.round(np.clip(model.predict(x), 0, 1))'])), ['threshold-logits@6']);
    assert.deepStrictEqual(rules(lintLines([...keras, 'FOLDS = 5', 'WGTS = [1 / FOLDS] * FOLDS', 'preds = np.zeros(len(x))', 'for fold in range(FOLDS):', '    preds += model.predict(x)[:, 0] * WGTS[fold]', 'labels = preds > 0.5'])), ['threshold-logits@11']);
  });
});

describe('round 42b: what the second wave found in this round\'s changes and around them', () => {
  before(() => initPython());
  const cb = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'class F1Callback(keras.callbacks.Callback):', '    def __init__(self, x_val):', '        super().__init__()', '        self.x_val = x_val',
    '    def on_epoch_end(self, epoch, logs=None):', '        p = self.model.predict(self.x_val)', '        print((p > 0.5).astype(int))',
    'a = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1)])', 'a.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))',
    'b = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1, activation="sigmoid")])', 'b.compile(optimizer="adam", loss="binary_crossentropy")', 'cb = F1Callback(xv)', 'a.fit(x, y, callbacks=[cb])'];
  it('a callback also run with another model (evaluate, predict, set_model, CallbackList) gets no rewrite', () => {
    for (const other of ['b.evaluate(x, y, callbacks=[cb])', 'b.predict(x, callbacks=[cb])', 'cb.set_model(b)', 'cbl = keras.callbacks.CallbackList([cb], model=b)']) {
      assert.ok(brief(lintLines([...cb, other])).every((f) => !f.fix), other);
    }
    assert.ok(brief(lintLines(cb))[0].fix, 'guard: with one model, the cut is rewritten');
  });
  it('a cut of values clipped above 0 (`np.clip(z, 0.025, 0.975) > 0.5`) is not rewritten to 0, which every value passes', () => {
    const keras = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)'];
    const [f] = lintLines([...keras, 'p = np.clip(model.predict(x), 0.025, 0.975)', 'labels = p > 0.5']).findings;
    assert.strictEqual(f.ruleId, 'threshold-logits');
    assert.strictEqual(f.fix, undefined);
    assert.deepStrictEqual(f.suggestions, []);
    assert.match(f.message, /apply sigmoid before the clip/);
    assert.ok(lintLines([...keras, 'p = np.clip(model.predict(x), -5, 5)', 'labels = p > 0.5']).findings[0].fix, 'guard: a clip that keeps 0 keeps the rewrite');
  });
  it('a model rebound in a branch, a try or by an index at the end of a loop body: the next pass may use another model', () => {
    const head = ['import torch', 'import torch.nn as nn', 'a = nn.Sequential(nn.Linear(4, 1))', 'b = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'la = nn.BCEWithLogitsLoss()(a(x), y)', 'lb = nn.BCELoss()(b(x), y)', 'models = [a, b]', 'm = a'];
    for (const end of [['    if stage == 0:', '        m = b'], ['    try:', '        m = b', '    except Exception:', '        pass'], ['    m = models[(stage + 1) % 2]']]) {
      const r = brief(lintLines([...head, 'for stage in range(2):', '    pred = m(x) > 0.5', ...end]));
      assert.ok(r.every((f) => !f.fix), String(end));
    }
  });
  it('flags set through model.apply(fn), modules() or named_modules() may change what forward returns', () => {
    const cls = ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '        self.raw = False',
      '    def forward(self, x):', '        z = self.fc(x)', '        return z if self.raw else torch.sigmoid(z)', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.head = Head()',
      '    def forward(self, x):', '        return self.head(x)', 'model = Net()'];
    for (const set of [['def set_raw(m):', '    if hasattr(m, "raw"):', '        m.raw = True', 'model.apply(set_raw)'], ['model.apply(lambda m: setattr(m, "raw", True))'], ['for m in model.modules():', '    m.raw = True'],
      ['for name, m in model.named_modules():', '    if isinstance(m, Head):', '        m.raw = True']]) {
      assert.deepStrictEqual(rules(lintLines([...cls, ...set, 'loss = nn.BCEWithLogitsLoss()(model(x), y)'])), [], String(set));
    }
    // Guard: initialising weights through apply() or a loop changes nothing the analysis follows.
    const init = ['def init(m):', '    if isinstance(m, nn.Linear):', '        nn.init.xavier_uniform_(m.weight)', 'model.apply(init)', 'for m in model.modules():', '    m.requires_grad_(True)'];
    assert.deepStrictEqual(rules(lintLines([...cls, ...init, 'loss = nn.BCEWithLogitsLoss()(model(x), y)'])).map((r) => r.split('@')[0]), ['sigmoid-before-logits-loss']);
  });
  it("`len()` and indexing of a list that code we do not see may change, or another file's list, are not known; nor is `round(z, ndigits=3)` a cut", () => {
    const lin = ['import torch.nn as nn', 'from db import add_labels_from_db', 'LABELS = ["O"]', 'add_labels_from_db(LABELS)', 'model = nn.Linear(768, len(LABELS))', 'pred = model(x).argmax(dim=1)'];
    assert.deepStrictEqual(rules(lintLines(lin)), []);
    assert.deepStrictEqual(rules(lintLines(['import torch', 'import torch.nn as nn', 'from tuning import load_thresholds', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'THR = [0.5] * 6', 'load_thresholds(THR)', 'pred = model(x) > THR[0]'])), []);
    assert.deepStrictEqual(rules(lintLines(['import torch.nn as nn', 'model = nn.Linear(4, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'score = model(x)[0, 0]', 'print("logit:", round(score, ndigits=3))'])), []);
    assert.deepStrictEqual(rules(lintLines(['import torch.nn as nn', 'model = nn.Linear(4, 1)', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'score = model(x)[0, 0]', 'print(round(score))'])).length, 1, 'guard: round() alone still cuts');
  });
  it('with ast_node_interactivity "all", an expression in a top-level loop is displayed too', () => {
    const model = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'].join('\n');
    const [f] = brief(lintCells(['%config InteractiveShell.ast_node_interactivity = "all"', model, 'for xb in [x]:\n    model(xb).detach()[:3]\nprint(1)']));
    assert.strictEqual(f.fix, undefined);
    assert.ok(brief(lintCells([model, 'for xb in [x]:\n    model(xb).detach()[:3]\nprint(1)']))[0].fix, 'guard: by default a loop displays nothing');
  });
});

describe('round 42b: a notebook loaded as a module', () => {
  before(() => initPython());
  const { lintProject } = require('../out/rules');
  const nb = (cells) => JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const files = {
    '/virtual/nbimp/train.ipynb': nb(['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile(optimizer="adam", loss="binary_crossentropy")\nmodel.fit(X, y)']),
    '/virtual/nbimp/evaluate.py': 'import import_ipynb\nfrom train import model, X\nlabels = (model.predict(X) > 0.5).astype(int)\n',
  };
  const lint = (names) => lintProject(names.map((n) => `/virtual/nbimp/${n}`), {}, { readFile: (f) => files[f] });
  it('through import_ipynb, the reader of the notebook\'s model is followed: its cut is reported, and rewritten only once the loss takes logits', () => {
    const r = lint(['train.ipynb', 'evaluate.py']);
    assert.deepStrictEqual(r.findings.map((f) => `${f.ruleId}@${f.location.file.split('/').pop()}`).sort(), ['logits-into-probability-loss@train.ipynb', 'threshold-logits@evaluate.py']);
    const cut = r.findings.find((f) => f.ruleId === 'threshold-logits');
    assert.strictEqual(cut.fix, undefined);
    assert.match(cut.message, /Once that loss takes logits/);
  });
  it('with the importer installed by another file (main.py), `from train import model` still names the notebook: no module has that name', () => {
    files['/virtual/nbimp/evaluate.py'] = files['/virtual/nbimp/evaluate.py'].replace('import import_ipynb\n', '');
    const r = lint(['train.ipynb', 'evaluate.py']);
    // (Its reader seen, the loss switch and the cut's rewrite go together, as in one file.)
    assert.deepStrictEqual(r.findings.map((f) => `${f.ruleId}@${f.location.file.split('/').pop()}`).sort(), ['logits-into-probability-loss@train.ipynb', 'threshold-logits@evaluate.py']);
  });
  it('guard: a module of that name wins over the notebook (train.py beside train.ipynb)', () => {
    files['/virtual/nbimp/train.py'] = 'import torch.nn as nn\nmodel = nn.Linear(4, 3)\nX = None\n';
    const r = lint(['train.ipynb', 'evaluate.py', 'train.py']);
    assert.deepStrictEqual(r.findings.map((f) => `${f.ruleId}@${f.location.file.split('/').pop()}`), ['logits-into-probability-loss@train.ipynb']);
    assert.ok(r.findings[0].fix);
    delete files['/virtual/nbimp/train.py'];
  });
});

describe('round 42b: Concatenate of softmax heads', () => {
  before(() => initPython());
  it('is no softmax over the whole (each head sums to 1): nothing is said of a logits loss over it', () => {
    const lines = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input(shape=(8,))', 'a = layers.Dense(3, activation="softmax")(inp)', 'b = layers.Dense(3, activation="softmax")(inp)',
      'm = keras.Model(inp, layers.Concatenate()([a, b]))', 'm.compile("adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))', 'm.fit(x, y)'];
    assert.deepStrictEqual(rules(lintLines(lines)), []);
  });
});

describe('round 42b: model.modules() as the analysis lists it', () => {
  before(() => initPython());
  it('is looped over but never indexed (it leaves the layers out): `list(model.modules())[-1]` is not the last module', () => {
    // The last of model.modules() is Head's Linear (logits), not Head (a sigmoid).
    const lines = ['import torch', 'import torch.nn as nn', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
      'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.head = Head()', '    def forward(self, x):', '        return self.head(x)', 'model = Net()', 'last = list(model.modules())[-1]', 'loss = nn.BCEWithLogitsLoss()(last(x), y)'];
    assert.deepStrictEqual(rules(lintLines(lines)), []);
  });
});

describe('round 42c: what the third wave found', () => {
  before(() => initPython());
  const { lintProject } = require('../out/rules');
  it('a cut at 0.5 of logits clipped at 0 is not rewritten to `>= 0` or `< 0` (constant there)', () => {
    const keras = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)'];
    for (const cut of ['labels = np.clip(model.predict(x), 0, 1) >= 0.5', 'labels = np.clip(model.predict(x), 0, 1) < 0.5']) {
      const [f] = lintLines([...keras, cut]).findings;
      assert.strictEqual(f.ruleId, 'threshold-logits', cut);
      assert.strictEqual(f.fix, undefined, cut);
    }
  });
  it("a notebook in a folder the importing file puts on sys.path is resolved too", () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: 'import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(x), y)', outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const files = { '/virtual/sp/notebooks/helpers.ipynb': nb, '/virtual/sp/scripts/serve.py': 'import sys\nsys.path.insert(0, "../notebooks")\nimport import_ipynb\nfrom helpers import net\nprint((net(x) > 0.5).float().mean())\n' };
    const r = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['sigmoid-before-logits-loss']);
    assert.strictEqual(r.findings[0].fix, undefined, 'serve.py reads the sigmoid: no removal');
  });
  it('a Keras model chosen between two builders (`build_prob() if flag else build_logit()`) then cut at 0.5: the loss switch is no safe fix', () => {
    const lines = ['import sys', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'def build_logit():', '    m = keras.Sequential([layers.Input((10,)), layers.Dense(1)])', '    m.compile(optimizer="adam", loss="binary_crossentropy")', '    return m',
      'def build_prob():', '    m = keras.Sequential([layers.Input((10,)), layers.Dense(1, activation="sigmoid")])', '    m.compile(optimizer="adam", loss="binary_crossentropy")', '    return m',
      'model = build_prob() if sys.argv[1] == "prob" else build_logit()', 'model.fit(x, y)', 'p = model.predict(x)', 'labels = p > 0.5'];
    const r = brief(lintLines(lines));
    assert.deepStrictEqual(r.map((f) => f.rule), ['logits-into-probability-loss']);
    assert.strictEqual(r[0].fix, undefined);
    assert.ok(brief(lintLines(lines.slice(0, -1)))[0].fix, 'guard: with no decision on it, the switch is safe');
  });
  it('a target made by a module with no layer (a target assigner, a label smoother) is no prediction: no swap', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Smoother(nn.Module):', '    def forward(self, y):', '        return y * 0.9 + 0.05', 'smooth = Smoother()', 'crit = nn.BCEWithLogitsLoss()', 'def compute_loss(logits, labels):', '    return crit(logits, smooth(labels))'];
    assert.deepStrictEqual(rules(lintLines(lines)), []);
  });
  it("soft targets beside a value named as the prediction (`ce(student_logits, softmax(teacher(x)))`) are distillation, not a swap", () => {
    const net = ['import torch', 'import torch.nn as nn', 'teacher = nn.Sequential(nn.Linear(8, 3))'];
    assert.deepStrictEqual(rules(lintLines([...net, 'def kd_loss(student_logits, x):', '    return nn.CrossEntropyLoss()(student_logits, torch.softmax(teacher(x), 1))'])), []);
    // Guard: labels in the prediction's place and the model's probabilities as the target are swapped.
    const swapped = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCELoss()(labels, model(x))'];
    assert.deepStrictEqual(rules(lintLines(swapped)), ['swapped-loss-arguments@4']);
  });
  it("with ast_node_interactivity 'last', the values an expression in the cell's last loop shows are read", () => {
    const model = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'].join('\n');
    const [f] = brief(lintCells(['%config InteractiveShell.ast_node_interactivity = "last"', model, 'print(1)\nfor i in range(2):\n    model(x[i:i+1])']));
    assert.strictEqual(f.fix, undefined);
  });
});
