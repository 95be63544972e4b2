// Session 24 (red team round 36 and the leftovers of round 35). Every case fails on the session's
// first build but the guards, named in their titles.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');

/** Each finding's rule and line, or with `fixes`, whether it carries a safe fix. */
function found(text, fixes) {
  const file = '/virtual/train.py';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
  return r.findings.map((f) => (fixes ? [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix'] : [f.ruleId, f.location.line]));
}
const rules = (text) => found(text).map(([rule]) => rule);

/** The text after the first finding's safe fix (one file). */
function fixed(text) {
  const file = '/virtual/train.py';
  const src = text.join('\n') + '\n';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? src : undefined) });
  return [...r.findings[0].fix.edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), src);
}

describe('round 36: partial loss classes', () => {
  before(() => initPython());
  const keras = ['import functools', 'from tensorflow import keras', 'sig = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])', 'Loss = functools.partial(keras.losses.BinaryCrossentropy, from_logits=True)'];
  it('`partial(keras.losses.BinaryCrossentropy, from_logits=True)()` is a loss on logits, and its fix edits the partial', () => {
    const text = [...keras, 'sig.compile(optimizer="adam", loss=Loss())'];
    assert.deepStrictEqual(found(text, true), [['sigmoid-before-logits-loss', 5, 'fix']]);
    assert.match(fixed(text), /partial\(keras\.losses\.BinaryCrossentropy, from_logits=False\)\nsig\.compile\(optimizer="adam", loss=Loss\(\)\)/);
  });
  it('guard: a call that gives from_logits again wins over the partial', () => {
    assert.deepStrictEqual(rules([...keras, 'sig.compile(optimizer="adam", loss=Loss(from_logits=False))']), []);
  });
  it('one partial for two models, one with logits: its from_logits is not switched', () => {
    const two = [...keras, 'raw = keras.Sequential([keras.layers.Dense(1)])', 'raw.compile(loss=Loss())', 'sig.compile(loss=Loss(label_smoothing=0.1))'];
    assert.deepStrictEqual(rules(two), ['sigmoid-before-logits-loss']);
  });
});

describe("round 36: Python's IndentationError and TabError, which tree-sitter lets through", () => {
  before(() => initPython());
  /** The file's problems (messages) and its findings' rules and lines. */
  function lint(lines) {
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? lines.join('\n') + '\n' : undefined) });
    return { problems: r.problems.map((p) => [p.message, p.line, p.column, !!p.fatal]), findings: r.findings.map((f) => [f.ruleId, f.location.line]) };
  }
  const head = ['import torch', 'import torch.nn as nn', 'm = nn.Linear(8, 1)'];
  it('a line indented deeper than its block, with no colon before it: "unexpected indent", and that statement is not analysed', () => {
    const r = lint([...head, 'for x in data:', '    o = m(x)', '      p = o.argmax(dim=1)', 'q = m(x).argmax(dim=1)']);
    assert.deepStrictEqual(r.problems, [['Parsing error: unexpected indent at line 6, column 7', 6, 7, true]]);
    assert.deepStrictEqual(r.findings, [['argmax-single-unit', 7]]);
  });
  it('a top-level statement indented, and a dedent to no outer level', () => {
    assert.deepStrictEqual(lint([...head, '  x = 1']).problems, [['Parsing error: unexpected indent at line 4, column 3', 4, 3, true]]);
    const r = lint([...head, 'if a:', '    if b:', '        x = 1', '      y = 2']);
    assert.deepStrictEqual(r.problems, [['Parsing error: unindent does not match any outer indentation level at line 7, column 7', 7, 7, true]]);
  });
  it('a tab where the block has eight spaces: "inconsistent use of tabs and spaces"', () => {
    assert.deepStrictEqual(lint([...head, 'if a:', '        x = 1', '\ty = 2']).problems, [['Parsing error: inconsistent use of tabs and spaces in indentation at line 6, column 2', 6, 2, true]]);
  });
  it('guard: what Python accepts is no error (brackets, strings, backslashes, comments, one-line blocks, semicolons, tabs as CPython counts them)', () => {
    const ok = [
      ...head,
      'x = f(1,',
      '        2)',
      'y = """',
      '      text',
      '"""',
      'z = 1 + \\',
      '      2',
      'if a: b = 1',
      'c = 1; d = 2',
      'class A:',
      '    def f(self):',
      '        return 1',
      '      # a comment anywhere',
      '    def g(self):',
      '    \tfor k in s:',
      '            for j in k:',
      '            \tyield j',
      'def h():',
      '\treturn m(x).argmax(dim=1)',
    ];
    assert.deepStrictEqual(lint(ok), { problems: [], findings: [['argmax-single-unit', 22]] });
  });
});

describe('round 36: valid Python the grammar rejects', () => {
  before(() => initPython());
  it("Python 3.11's star in a subscript (`x[*idx]`) is no parsing error, and the file is analysed", () => {
    const file = '/virtual/train.py';
    const text = ['import torch', 'import torch.nn as nn', 'm = nn.Linear(8, 1)', 'idx = (0,)', 'y = x[*idx]', 'z = x[*(0,)]', 'p = m(x).argmax(dim=1)'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.location.line]), [['argmax-single-unit', 7]]);
  });
  it('guard: a star list in brackets that is no subscript keeps its star (`[*layers, nn.Sigmoid()]`)', () => {
    const file = '/virtual/train.py';
    const text = ['import torch', 'import torch.nn as nn', 'layers = [nn.Linear(8, 1)]', 'm = nn.Sequential(*[*layers, nn.Sigmoid()])', 'y = x[*idx]', 'loss = nn.BCEWithLogitsLoss()(m(x), t)'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.location.line]), [['sigmoid-before-logits-loss', 6]]);
  });
});

describe('round 36: tfjs', () => {
  /** Findings of one JS file: rule, line, and whether a safe fix comes with it. */
  function js(lines) {
    const file = '/virtual/app.js';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? lines.join('\n') + '\n' : undefined) });
    return r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : 'no fix']);
  }
  const disc = (act) => ["import * as tf from '@tensorflow/tfjs';", 'const disc = tf.sequential();', "disc.add(tf.layers.dense({ inputShape: [64], units: 32, activation: 'relu' }));", `disc.add(tf.layers.dense({ units: 1${act} }));`];
  it('a model added to another as a layer (`gan.add(discriminator)`) gives it its layers', () => {
    const gan = ['const gan = tf.sequential();', "gan.add(tf.layers.dense({ inputShape: [16], units: 64, activation: 'tanh' }));", 'gan.add(disc);'];
    assert.deepStrictEqual(js([...disc(", activation: 'sigmoid'"), ...gan, "gan.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"]), [['sigmoid-before-logits-loss', 8, 'fix']]);
    // Its last layer is the discriminator's, used on its own too: the fix is no activation added there.
    assert.deepStrictEqual(js([...disc(''), "disc.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", ...gan, "gan.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"]), [['logits-into-probability-loss', 9, 'no fix']]);
  });
  it('guard: a model of unknown layers added as a layer leaves the outer model unknown', () => {
    assert.deepStrictEqual(js(["import * as tf from '@tensorflow/tfjs';", 'const inner = await tf.loadLayersModel(url);', 'const gan = tf.sequential();', 'gan.add(inner);', "gan.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'const p = gan.predict(x).argMax(-1);']), []);
  });
});

describe('round 36: Hugging Face transformers classification models', () => {
  before(() => initPython());
  const hf = ['import torch', 'import torch.nn as nn', 'from transformers import AutoModelForSequenceClassification'];
  it("their `.logits` are raw scores of num_labels units: a probability loss on them, argmax over one label", () => {
    assert.deepStrictEqual(found([...hf, 'model = AutoModelForSequenceClassification.from_pretrained("roberta-base", num_labels=28)', 'out = model(input_ids=ids, attention_mask=mask)', 'loss = nn.BCELoss()(out.logits, y.float())'], true), [['logits-into-probability-loss', 6, 'fix']]);
    assert.deepStrictEqual(rules([...hf, 'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=1)', 'preds = model(**batch)["logits"].argmax(dim=-1)']), ['argmax-single-unit']);
  });
  it("TF: a model compiled with SparseCategoricalCrossentropy() and no from_logits (the bug HF's docs warn of)", () => {
    const text = ['import tensorflow as tf', 'from transformers import TFAutoModelForSequenceClassification', 'model = TFAutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=5)', 'model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())'];
    assert.deepStrictEqual(found(text, true), [['logits-into-probability-loss', 4, 'fix']]);
  });
  it('guard: a head replaced or reached (`model.classifier.out_proj = ...`, `head = model.score`) leaves the model unknown', () => {
    for (const change of ['model.classifier.out_proj = nn.Sequential(nn.Linear(768, 4), nn.Softmax(dim=-1))', 'head = model.score', 'model.classifier = nn.Sequential(nn.Linear(768, 1), nn.Sigmoid())']) {
      assert.deepStrictEqual(rules([...hf, 'model = AutoModelForSequenceClassification.from_pretrained("x", num_labels=1)', change, 'loss = nn.BCELoss()(model(**batch).logits, y)']), [], change);
    }
  });
  it('`outputs.get("logits")` is the record\'s logits; reading the head\'s parameters (an optimizer for it, weights set) changes no layer', () => {
    const m = [...hf, 'model = AutoModelForSequenceClassification.from_pretrained("x", num_labels=3)'];
    assert.deepStrictEqual(rules([...m, 'loss = nn.BCELoss()(model(**batch).get("logits"), y)']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rules([...m, 'opt = torch.optim.AdamW(model.classifier.parameters())', 'nn.init.xavier_uniform_(model.classifier.weight)', 'loss = nn.BCELoss()(model(**batch).logits, y)']), ['logits-into-probability-loss']);
  });
  it('guard: one label trained by the model itself (regression) or with MSE, then cut at 0.5; a width not written; its own loss', () => {
    assert.deepStrictEqual(rules([...hf, 'model = AutoModelForSequenceClassification.from_pretrained("x", num_labels=1)', 'out = model(input_ids=ids, labels=y)', 'out.loss.backward()', 'preds = (out.logits.squeeze(-1) > 0.5).long()', 'l2 = nn.MSELoss()(out.logits.squeeze(-1), y)']), []);
    assert.deepStrictEqual(rules([...hf, 'model = AutoModelForSequenceClassification.from_pretrained(path)', 'preds = model(**batch).logits.argmax(dim=-1)', 'loss = model(**batch).loss']), []);
  });
});

describe('round 36: Keras models with steps of their own', () => {
  before(() => initPython());
  const clf = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers', 'class Clf(keras.Model):', '    def __init__(self):', '        super().__init__()', '        self.out = layers.Dense(1)', '    def call(self, x, training=False):', '        return self.out(x)'];
  const use = ['model = Clf()', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])', 'model.fit(ds)', 'labels = (model.predict(x) > 0.5).astype("int32")'];
  it('guard: without steps of its own, the metric and the threshold read logits', () => {
    assert.deepStrictEqual(rules([...clf, ...use]), ['accuracy-metric-on-logits', 'threshold-logits']);
  });
  it("a predict_step of its own (`return tf.sigmoid(self(x))`): predict() returns what it does, not the output", () => {
    assert.deepStrictEqual(rules([...clf, '    def predict_step(self, data):', '        return tf.sigmoid(self(data, training=False))', ...use]), ['accuracy-metric-on-logits']);
  });
  const step = (name) => [`    def ${name}(self, data):`, '        x, y = data', '        logits = self(x, training=True)', '        self.compiled_metrics.update_state(y, tf.sigmoid(logits))', '        return {}'];
  it('a compute_metrics of its own, or both a train_step and a test_step, give the compiled metrics what they like: not judged', () => {
    assert.deepStrictEqual(rules([...clf, ...step('compute_metrics'), ...use.slice(0, 3)]), []);
    assert.deepStrictEqual(rules([...clf, ...step('train_step'), ...step('test_step'), ...use.slice(0, 3)]), []);
  });
  it("guard: a test_step alone: fit()'s own train_step still feeds the metrics the logits", () => {
    assert.deepStrictEqual(rules([...clf, ...step('test_step'), ...use.slice(0, 3)]), ['accuracy-metric-on-logits']);
  });
});

describe('round 36: fix safety', () => {
  before(() => initPython());
  const teacher = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'teacher = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'student = nn.Sequential(nn.Linear(8, 1))', 'loss = nn.BCEWithLogitsLoss()(teacher(x), y)'];
  it("a teacher's output as another loss's target (distillation) is read as the probabilities it is: removing its sigmoid is no safe fix", () => {
    assert.deepStrictEqual(found([...teacher, 'kd = F.binary_cross_entropy_with_logits(student(x), teacher(x).detach())'], true), [['sigmoid-before-logits-loss', 6, 'no fix']]);
    const kl = found([...teacher, 'kd = nn.KLDivLoss(reduction="batchmean")(F.log_softmax(student(x), dim=-1), teacher(x))'], true);
    assert.deepStrictEqual(kl.filter(([rule]) => rule === 'sigmoid-before-logits-loss'), [['sigmoid-before-logits-loss', 6, 'no fix']]);
  });
  it('guard: without the distillation, the fix is safe', () => {
    assert.deepStrictEqual(found(teacher, true), [['sigmoid-before-logits-loss', 6, 'fix']]);
  });
  it('a file with a syntax error gets no safe fix (Python would not run it)', () => {
    const raw = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))', 'loss = nn.BCELoss()(model(x), y)'];
    assert.deepStrictEqual(found(raw, true), [['logits-into-probability-loss', 4, 'fix']]);
    assert.deepStrictEqual(found([...raw, 'x = (1,'], true), [['logits-into-probability-loss', 4, 'no fix']]);
  });
});

describe('round 36: names bound where the interpreter did not follow', () => {
  before(() => initPython());
  const logits = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))', 'crit = nn.BCEWithLogitsLoss()', 'out = model(x)', 'l = crit(out, y)'];
  it("a match's capture patterns rebind their names (`case out:`, `case [out, _]:`, `case {\"p\": out}:`, `case ... as out:`)", () => {
    for (const pattern of ['out', '{"p": out}', 'Point(x=out)', 'Box() as out']) {
      assert.deepStrictEqual(rules([...logits, 'match torch.sigmoid(out):', `    case ${pattern}:`, '        pred = out > 0.5']), [], pattern);
    }
    // `match [a, b]:` is read by tree-sitter as an annotated assignment to `match[a, b]`: not followed.
    assert.deepStrictEqual(rules([...logits, 'match [torch.sigmoid(out), y]:', '    case [out, _]:', '        pred = out > 0.5']), []);
  });
  it('guard: a value pattern (`case Color.RED:`) binds nothing: the threshold on logits stays', () => {
    assert.deepStrictEqual(rules([...logits, 'match mode:', '    case Color.RED:', '        pred = out > 0.5']), ['threshold-logits']);
  });
  it('a walrus in a comprehension binds in the scope around it', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))', '_ = [model := nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()) for _ in range(1)]', 'loss = nn.BCELoss()(model(x), y)']), []);
  });
  it("a broken statement's method calls (`model.append(nn.Sigmoid()))`) and a broken def's `global` names make those names unknown", () => {
    const head = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))'];
    assert.deepStrictEqual(rules([...head, 'model.append(nn.Sigmoid()))', 'loss = nn.BCELoss()(model(x), y)']), []);
    assert.deepStrictEqual(rules([...head, 'def setup():', '    global model', '    model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()))', 'setup()', 'loss = nn.BCELoss()(model(x), y)']), []);
  });
  it('a def just before a line dedented out of it is broken (`      return torch.sigmoid(z)`): its output is unknown', () => {
    const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        z = self.fc(x)', '      return torch.sigmoid(z)', 'loss = nn.BCEWithLogitsLoss()(Net()(x), y)'];
    const file = '/virtual/train.py';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? net.join('\n') + '\n' : undefined) });
    assert.deepStrictEqual([r.problems.map((p) => p.message), r.findings], [['Parsing error: unindent does not match any outer indentation level at line 9, column 7'], []]);
  });
  it('a triple-quoted string left open takes the rest of the file: nothing after it is analysed', () => {
    const file = '/virtual/train.py';
    const text = [...logits, "'''", 'pred = model(x) > 0.5'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.problems.map((p) => p.message), ['Parsing error: unterminated triple-quoted string literal at line 7, column 1']);
    assert.deepStrictEqual(r.findings, []);
  });
  it('a notebook cell that fails alone: the names it binds are unknown after it (it may have run since)', () => {
    const cells = [['import torch, torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))'], ['model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid()'], ['crit = nn.BCELoss()', 'loss = crit(model(x), y)']];
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((lines) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: lines.map((l) => l + '\n') })) });
    const file = '/virtual/a.ipynb';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? nb : undefined) });
    assert.strictEqual(r.problems.length, 1);
    assert.deepStrictEqual(r.findings, []);
  });
  it('guard: the same notebook without the failing cell reports the loss', () => {
    const cells = [['import torch, torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))'], ['crit = nn.BCELoss()', 'loss = crit(model(x), y)']];
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((lines) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: lines.map((l) => l + '\n') })) });
    const file = '/virtual/a.ipynb';
    assert.deepStrictEqual(lintProject([file], {}, { readFile: (f) => (f === file ? nb : undefined) }).findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
  });
});

describe("round 36: Python's method order (C3)", () => {
  before(() => initPython());
  const base = ['import torch', 'import torch.nn as nn', 'class Base(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def head(self, z):', '        return z', '    def forward(self, x):', '        return self.head(self.fc(x))', 'class SigHead(Base):', '    def head(self, z):', '        return torch.sigmoid(z)', 'class Other(Base):', '    pass'];
  it('a diamond looks in both branches before their common base: `class Final(Other, SigHead)` takes SigHead.head', () => {
    assert.deepStrictEqual(rules([...base, 'class Final(Other, SigHead):', '    pass', 'loss = nn.BCELoss()(Final()(x), y)']), []);
    assert.deepStrictEqual(rules([...base, 'class Final(Other, SigHead):', '    pass', 'loss = nn.BCEWithLogitsLoss()(Final()(x), y)']), ['sigmoid-before-logits-loss']);
  });
  it("`super()` goes on in the instance's order: a left branch's super().forward reaches its sibling", () => {
    const sib = ['import torch', 'import torch.nn as nn', 'class Base(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return self.fc(x)', 'class Right(Base):', '    def forward(self, x):', '        return torch.sigmoid(super().forward(x))', 'class Left(Base):', '    def forward(self, x):', '        return super().forward(x)', 'class Final(Left, Right):', '    pass'];
    assert.deepStrictEqual(rules([...sib, 'loss = nn.BCELoss()(Final()(x), y)']), []);
    assert.deepStrictEqual(rules([...sib, 'loss = nn.BCELoss()(Left()(x), y)']), ['logits-into-probability-loss']);
  });
});

describe('round 36: syntax errors', () => {
  before(() => initPython());
  it("forty placeholders left open (`print(# TODO)` line after line) give the first one's error (each open bracket doubled the work)", () => {
    const file = '/virtual/ex.py';
    const text = ['import tensorflow as tf', ...Array.from({ length: 40 }, () => 'print(# TODO)')].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.problems.map((p) => p.message), ["Parsing error: '(' was never closed at line 2, column 6"]);
  });
  it('a comment indented less than the code around it, between a decorator and its def, is no error', () => {
    const file = '/virtual/m.py';
    const text = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    @torch.jit.ignore', '  # odd', '    def forward(self, x):', '        return x', 'p = nn.Linear(8, 1)(x).argmax(dim=1)'].join('\n') + '\n';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual(r.problems, []);
  });
  it('a file with old Mac line ends (a lone CR) parses, and its lines count as Python counts them', () => {
    const file = '/virtual/cr.py';
    const text = ['import torch', 'import torch.nn as nn', 'm = nn.Sequential(nn.Linear(8, 1))', 'p = m(x).argmax(dim=1)'].join('\r') + '\r';
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual([r.problems, r.findings.map((f) => [f.ruleId, f.location.line])], [[], [['argmax-single-unit', 4]]]);
  });
});

describe('round 36: classes built where the analysis does not follow', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  it('guard: a class built only by calls we follow: removing its sigmoid is a safe fix', () => {
    assert.deepStrictEqual(found(net, true), [['sigmoid-before-logits-loss', 10, 'fix']]);
  });
  it('a class named elsewhere (a dict of classes, a list, an alias, partial, a string naming it, a registry decorator, a hooked instance): no safe fix', () => {
    for (const use of ['MODELS = {"net": Net}', 'for cls in [Net]:\n    pass', 'Alias = Net', 'import functools\nmk = functools.partial(Net)', 'cfg = {"_target_": "model.Net"}', 'm2 = Net()\nm2.register_forward_hook(lambda mod, i, o: print((o > 0.5).sum()))', 'n = Net.load_from_checkpoint("x.ckpt")']) {
      assert.deepStrictEqual(found([...net, ...use.split('\n')], true), [['sigmoid-before-logits-loss', 10, 'no fix']], use);
    }
    const decorated = [...net.slice(0, 2), 'REG = {}', 'def register(c):', '    REG[c.__name__] = c', '    return c', '@register', ...net.slice(2)];
    assert.deepStrictEqual(found(decorated, true), [['sigmoid-before-logits-loss', 15, 'no fix']]);
  });
  it('guard: isinstance, a subclass, an annotation and `Net.__name__` build nothing we do not see', () => {
    const uses = ['ok = isinstance(model, Net)', 'class Big(Net):\n    pass', 'def f(m: Net) -> Net:\n    return m', 'print(Net.__name__)'];
    for (const use of uses) assert.deepStrictEqual(found([...net, ...use.split('\n')], true), [['sigmoid-before-logits-loss', 10, 'fix']], use);
  });
  it('a module whose classes are picked by a name we do not know (`getattr(models, name)()`): no safe fix', () => {
    const files = { '/virtual/models.py': net.slice(0, 8).join('\n') + '\n', '/virtual/train.py': ['import sys', 'import torch.nn as nn', 'import models', 'model = models.Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'other = getattr(models, sys.argv[1])()'].join('\n') + '\n' };
    const r = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] });
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.fix ? 'fix' : 'no fix']), [['sigmoid-before-logits-loss', 'no fix']]);
  });
  it('a helper reading a global model, called again after the global is rebound to a sigmoid model: its threshold gets no safe rewrite', () => {
    const text = ['import torch', 'import torch.nn as nn', 'def evaluate():', '    return (model(x) > 0.5).float()', 'model = nn.Sequential(nn.Linear(4, 1))', 'l2 = nn.BCEWithLogitsLoss()(model(x), y)', 'acc = evaluate()', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'l = nn.BCELoss()(model(x), y)', 'acc2 = evaluate()'];
    assert.deepStrictEqual(found(text, true), [['threshold-logits', 4, 'no fix']]);
    assert.deepStrictEqual(found(text.slice(0, 7), true), [['threshold-logits', 4, 'fix']]);
  });
});

describe("round 36: a Keras builder's twins", () => {
  before(() => initPython());
  const build = ['import numpy as np', 'from tensorflow import keras', 'def build_model():', '    return keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', 'model = build_model()', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)', 'model.save_weights("w.weights.h5")'];
  it("a second model from the same builder call (given the trained weights) shares the first one's training: its `> 0.5` on logits is reported", () => {
    assert.deepStrictEqual(rules([...build, 'm2 = build_model()', 'm2.load_weights("w.weights.h5")', 'labels = (m2.predict(x) > 0.5).astype(int)']), ['logits-into-probability-loss', 'threshold-logits']);
  });
  it("a builder's local of the same name as the global it is assigned to (`m = ...; return m`, then `m = build_model()`) is its own: the twins are still twins", () => {
    const local = ['from tensorflow import keras', 'def build_model():', '    m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])', '    return m', 'm = build_model()', 'm.compile(optimizer="adam", loss="binary_crossentropy")', 'm.fit(x, y)', 'm2 = build_model()', 'm2.set_weights(m.get_weights())', 'labels = (m2.predict(x) > 0.5).astype(int)'];
    assert.deepStrictEqual(rules(local), ['logits-into-probability-loss', 'threshold-logits']);
  });
  it('guard: a builder called with other arguments makes a model of its own', () => {
    const param = ['import numpy as np', 'from tensorflow import keras', 'def build_model(units):', '    return keras.Sequential([keras.Input((10,)), keras.layers.Dense(units)])', 'model = build_model(1)', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'm2 = build_model(3)', 'labels = (m2.predict(x) > 0.5).astype(int)'];
    assert.deepStrictEqual(rules(param), ['logits-into-probability-loss']);
  });
});

describe('round 36, second wave', () => {
  before(() => initPython());
  const nb = (cells) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((lines) => ({ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: lines.map((l) => l + '\n') })) });
  it("guard: a notebook cell whose first line is indented is no IndentationError (IPython strips that indent from the cell's lines)", () => {
    const file = '/virtual/a.ipynb';
    const text = nb([['import torch', 'import torch.nn as nn'], ['    model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', '    for x, y in data:', '        loss = nn.BCEWithLogitsLoss()(model(x), y)']]);
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.deepStrictEqual([r.problems, r.findings.map((f) => f.ruleId)], [[], ['sigmoid-before-logits-loss']]);
  });
  it('guard: a walrus in a lambda in a comprehension binds in the lambda', () => {
    assert.deepStrictEqual(rules(['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'fs = [lambda: (model := 1) for _ in range(2)]', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), ['sigmoid-before-logits-loss']);
  });
  it('a model added to itself, or nested in doublings, is unknown (it ran out of memory or time)', () => {
    assert.deepStrictEqual(rules(['import torch.nn as nn', 'm = nn.Sequential(nn.Linear(4, 1))', 'm.append(m)', 'l = nn.BCELoss()(m(x), y)']), []);
    const doubling = ['from tensorflow import keras', 'm0 = keras.Sequential([keras.layers.Dense(1)])', ...Array.from({ length: 30 }, (_, i) => `m${i + 1} = keras.Sequential([m${i}, m${i}])`), 'm30.compile(loss="binary_crossentropy")'];
    assert.deepStrictEqual(rules(doubling), []);
    const file = '/virtual/app.js';
    const js = ["import * as tf from '@tensorflow/tfjs';", 'const m = tf.sequential();', 'm.add(tf.layers.dense({ inputShape: [4], units: 1 }));', 'm.add(m);', "m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"].join('\n');
    assert.deepStrictEqual(lintProject([file], {}, { readFile: (f) => (f === file ? js : undefined) }).findings, []);
  });
});

describe('round 36, second wave: super with arguments', () => {
  before(() => initPython());
  it('`super(B, self).forward` goes on after B: a sigmoid in B.forward is skipped', () => {
    const text = ['import torch', 'import torch.nn as nn', 'class A(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return self.fc(x)', 'class B(A):', '    def forward(self, x):', '        return torch.sigmoid(super().forward(x))', 'class Net(B):', '    def forward(self, x):', '        return super(B, self).forward(x)'];
    assert.deepStrictEqual(rules([...text, 'loss = nn.BCEWithLogitsLoss()(Net()(x), y)']), []);
    assert.deepStrictEqual(rules([...text, 'loss = nn.BCELoss()(Net()(x), y)']), ['logits-into-probability-loss']);
  });
});

describe('round 36: helpers imported by files the analysis does not read', () => {
  before(() => initPython());
  const files = {
    '/virtual/utils.py': ['def binarize(p):', '    return (p > 0.5).astype(int)'].join('\n') + '\n',
    '/virtual/train.py': ['import torch', 'import torch.nn as nn', 'from utils import binarize', 'a = nn.Linear(10, 1)', 'l = nn.BCEWithLogitsLoss()(a(x), y)', 'print(binarize(a(x).detach().numpy()))'].join('\n') + '\n',
    '/virtual/other.py': ['import json', 'import numpy as np', 'from utils import binarize', 'print(binarize(np.array(json.load(open("p.json")))))'].join('\n') + '\n',
  };
  const lint = (names) => lintProject(names, {}, { readFile: (f) => (names.includes(f) ? files[f] : undefined) }).findings.map((f) => [f.ruleId, f.fix ? 'fix' : 'no fix']);
  it("a helper that a file naming no framework imports too (it may pass probabilities from a JSON): its threshold's rewrite is a suggestion", () => {
    assert.deepStrictEqual(lint(['/virtual/utils.py', '/virtual/train.py', '/virtual/other.py']), [['threshold-logits', 'no fix']]);
  });
  it('guard: imported by the training script alone, the rewrite is safe', () => {
    assert.deepStrictEqual(lint(['/virtual/utils.py', '/virtual/train.py']), [['threshold-logits', 'fix']]);
  });
});
