// Session 21 (red team round 33). Every case fails on the session's first build but the guards,
// named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');

const rules = (lines) => lint(lines).map((f) => f.rule);

describe('round 33: comparisons written as calls', () => {
  before(() => initPython());
  const trained = ['import torch', 'import torch.nn as nn', 'import numpy as np', 'model = nn.Sequential(nn.Linear(8, 1))', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
  it('the cut written first (`torch.lt(0.5, out)`, `np.less(0.5, p)`) is a threshold on the value after it', () => {
    for (const cut of ['torch.lt(0.5, out)', 'torch.less_equal(0.5, out)', 'np.less(0.5, out.detach().numpy())']) {
      assert.deepStrictEqual(rules([...trained, `pred = ${cut}`]), ['threshold-logits'], cut);
    }
  });
  it('keyword arguments (`torch.gt(input=out, other=0.5)`) are the same call', () => {
    assert.deepStrictEqual(rules([...trained, 'pred = torch.gt(input=out, other=0.5)']), ['threshold-logits']);
  });
  it('guard: a cut at 0 written first, or two tensors compared, is silent', () => {
    for (const cut of ['torch.lt(0, out)', 'torch.gt(out, y)', 'torch.lt(y, out)', 'torch.lt(2, out)']) {
      assert.deepStrictEqual(rules([...trained, `pred = ${cut}`]), [], cut);
    }
  });
});

describe('round 33: a call that gives a None-default parameter runs forward as it is called', () => {
  before(() => initPython());
  const head = (ret) => ['import torch', 'import torch.nn as nn', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '        self.loss_fn = nn.BCEWithLogitsLoss()', '    def forward(self, x, labels=None):', '        logits = self.fc(x)', ...ret, 'model = Clf()'];
  const branch = ['        if labels is not None:', '            loss = self.loss_fn(logits, labels)', '            return loss, logits', '        return logits'];
  it('`loss, logits = model(x, y)` unpacks (loss, logits): a 0.5 cut on those logits is reported', () => {
    assert.deepStrictEqual(rules([...head(branch), 'for x, y in loader:', '    loss, logits = model(x, y)', '    loss.backward()', '    preds = (logits > 0.5).float()']), ['threshold-logits']);
    assert.deepStrictEqual(rules([...head(branch), 'out = model(x, labels=y)', 'acc = (out[1].round() == y).float().mean()']), ['threshold-logits']);
  });
  it('`return (loss, logits) if loss is not None else logits` after `loss = None`: decided both ways', () => {
    const cond = ['        loss = None', '        if labels is not None:', '            loss = self.loss_fn(logits, labels)', '        return (loss, logits) if loss is not None else logits'];
    assert.deepStrictEqual(rules([...head(cond), 'p = model(x)', 'pred = p > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rules([...head(cond), 'loss, logits = model(x, y)', 'pred = logits > 0.5']), ['threshold-logits']);
  });
  it('a flag that makes forward return probabilities: `model(x, return_probs=True) > 0.5` is clean, `return_probs=False` is reported', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x, return_probs=False):', '        z = self.fc(x)', '        if return_probs:', '            return torch.sigmoid(z)', '        return z', 'model = Clf()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(rules([...lines, 'pred = model(x, return_probs=True) > 0.5']), []);
    assert.deepStrictEqual(rules([...lines, 'pred = model(x, True) > 0.5']), []);
    assert.deepStrictEqual(rules([...lines, 'pred = model(x, return_probs=False) > 0.5']), ['threshold-logits']);
  });
  it('guard: a None local set in a loop, or a flag whose value is unknown, stays undecided: silent', () => {
    const loop = ['        best = None', '        for k in range(3):', '            if best is None:', '                best = logits', '            else:', '                best = torch.sigmoid(logits)', '        return best'];
    assert.deepStrictEqual(rules([...head(loop), 'loss = nn.BCELoss()(model(x), y)']), []);
    const lines = ['import torch', 'import torch.nn as nn', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x, return_probs=False):', '        z = self.fc(x)', '        if return_probs:', '            return torch.sigmoid(z)', '        return z', 'model = Clf()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    assert.deepStrictEqual(rules([...lines, 'pred = model(x, return_probs=args.probs) > 0.5']), []);
  });
});

describe('round 33: metrics of one output of several', () => {
  before(() => initPython());
  const model = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'inp = keras.Input(shape=(64,))', 'h = layers.Dense(128, activation="relu")(inp)', 'ctr = layers.Dense(1, activation="sigmoid", name="ctr")(h)', 'cvr = layers.Dense(1, name="cvr")(h)', 'model = keras.Model(inp, [ctr, cvr])'];
  const fixed = (lines) => {
    const { lintProject } = require('../out/rules');
    const text = lines.join('\n') + '\n';
    const r = lintProject(['/virtual/m.py'], {}, { readFile: (f) => (f === '/virtual/m.py' ? text : undefined) });
    return r.findings.map((f) => ({ rule: f.ruleId, message: f.message, edits: (f.fix?.edits ?? []).map((e) => e.text ?? e.newText).join(' | ') }));
  };
  it("the logits head's loss fix leaves the sigmoid head's AUC alone, and its message names only its own metrics", () => {
    for (const metrics of ['metrics={"ctr": ["AUC"]}', 'metrics=[["AUC"], ["accuracy"]]']) {
      const loss = metrics.startsWith('metrics={') ? 'loss={"ctr": "binary_crossentropy", "cvr": "binary_crossentropy"}' : 'loss=["binary_crossentropy", "binary_crossentropy"]';
      const [f, ...rest] = fixed([...model, `model.compile(optimizer="adam", ${loss}, ${metrics})`]);
      assert.strictEqual(rest.length, 0, metrics);
      assert.strictEqual(f.rule, 'logits-into-probability-loss', metrics);
      assert.ok(!/AUC/.test(f.message) && !/AUC/.test(f.edits), `${metrics}: ${f.message} / ${f.edits}`);
    }
  });
  it("guard: the logits head's own AUC is still switched with its loss", () => {
    const [f] = fixed([...model, 'model.compile(optimizer="adam", loss={"ctr": "binary_crossentropy", "cvr": "binary_crossentropy"}, metrics={"ctr": ["AUC"], "cvr": ["AUC"]})']);
    assert.ok(/AUC/.test(f.message) && /AUC\(from_logits=True\)/.test(f.edits), `${f.message} / ${f.edits}`);
  });
});

describe('round 33: tfjs argMax() over the batch', () => {
  const { lintJs } = require('./helpers/js-lint');
  const head = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [64] }));", "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });"];
  it('with no use per sample (the best image of each class) the axis is a suggestion, not a safe fix', () => {
    assert.deepStrictEqual(lintJs([...head, 'export function best(batch, images) {', '  const idx = model.predict(batch).argMax().arraySync();', '  return [0, 1, 2].map((c) => images[idx[c]]);', '}']), [{ rule: 'argmax-batch-axis', fix: false, suggestions: 1 }]);
  });
  it('guard: compared with the labels, the axis is still the safe fix (either side of `equal`, or `tf.equal`)', () => {
    for (const cmp of ['pred.equal(labels)', 'labels.equal(pred)', 'tf.equal(pred, labels)']) {
      assert.deepStrictEqual(lintJs([...head, 'export function acc(batch, labels) {', '  const pred = model.predict(batch).argMax();', `  return ${cmp}.mean();`, '}']), [{ rule: 'argmax-batch-axis', fix: true, suggestions: 0 }], cmp);
    }
  });
});

describe('round 33: fixes that would break other code', () => {
  before(() => initPython());
  it('softmax imported by name: `log_softmax` in its place only where the file imports it too', () => {
    const lines = (imp) => [imp, 'import torch.nn as nn', 'model = nn.Linear(8, 4)', 'loss = nll_loss(softmax(model(x), dim=1), y)'];
    const [bare] = lint(lines('from torch.nn.functional import nll_loss, softmax'));
    assert.strictEqual(bare.rule, 'nll-loss-input');
    assert.strictEqual(bare.fix, undefined);
    assert.ok(!bare.suggested.some((t) => /log_softmax/.test(t)), bare.suggested.join());
    const [imported] = lint(lines('from torch.nn.functional import nll_loss, softmax, log_softmax'));
    assert.ok(/log_softmax/.test(imported.fix ?? ''), JSON.stringify(imported));
  });
  const registry = (use) => ['import torch', 'import torch.nn as nn', 'LOSSES = {"bce": nn.BCELoss()}', 'logit_model = nn.Linear(8, 1)', 'prob_model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = LOSSES["bce"](logit_model(x), y)', ...use];
  it('a loss in a dict read by a key we cannot follow, a loop or `**`: switching it is a suggestion', () => {
    for (const use of [['other = LOSSES[name](prob_model(x), y)'], ['trainer = Trainer(**LOSSES)'], ['evaluate(LOSSES, prob_model)']]) {
      const [f, ...rest] = lint(registry(use));
      assert.strictEqual(rest.length, 0, use.join('\n'));
      assert.deepStrictEqual([f.rule, f.fix], ['logits-into-probability-loss', undefined], use.join('\n'));
      assert.ok(f.suggestions.length > 0, use.join('\n'));
    }
    // A loop over the registry applies each loss (session 22): the same object then trains the
    // sigmoid model too, so no switch is offered at all.
    const [f, ...rest] = lint(registry(['for k, fn in LOSSES.items():', '    fn(prob_model(x), y)']));
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([f.rule, f.fix, f.suggestions.length], ['logits-into-probability-loss', undefined, 0]);
  });
  it('guard: read only by written keys, or written straight into compile(), the switch stays the safe fix', () => {
    const [f] = lint(registry(['again = LOSSES["bce"](logit_model(x), y)']));
    assert.ok(/BCEWithLogitsLoss/.test(f.fix ?? ''), JSON.stringify(f));
    const keras = ['from tensorflow import keras', 'inp = keras.Input((8,))', 'out = keras.layers.Dense(1)(inp)', 'model = keras.Model(inp, out)', 'model.compile(optimizer="adam", loss=[keras.losses.BinaryCrossentropy()], metrics=["accuracy"])'];
    const [k] = lint(keras);
    assert.ok(k.fix && /from_logits/.test(k.fix), JSON.stringify(k));
  });
  it('a metric object in a dict compiled in a loop: its threshold edit is a suggestion', () => {
    const lines = ['from tensorflow import keras', 'METRICS = {"acc": keras.metrics.BinaryAccuracy(threshold=0.0)}', 'inp = keras.Input((8,))', 'model = keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(inp))', 'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[METRICS["acc"]])', 'for name, m in METRICS.items():', '    other = build(name)', '    other.compile(optimizer="adam", loss="binary_crossentropy", metrics=[m])'];
    const found = lint(lines);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix]), [['zero-threshold-on-probabilities', undefined]]);
  });
});

describe('round 33: models the analysis did not recognise', () => {
  before(() => initPython());
  it("PyG's Linear and nn.Bilinear are linear layers: their outputs are logits", () => {
    const pyg = ['import torch', 'from torch_geometric.nn import Linear', 'class Edge(torch.nn.Module):', '    def __init__(self, hid):', '        super().__init__()', '        self.lin = Linear(hid, 1)', '    def forward(self, h):', '        return self.lin(h)', 'model = Edge(64)', 'out = model(h)', 'loss = torch.nn.functional.binary_cross_entropy_with_logits(out, y)', 'acc = ((out > 0.5).float() == y).float().mean()'];
    assert.deepStrictEqual(rules(pyg), ['threshold-logits']);
    const bil = ['import torch', 'import torch.nn as nn', 'class Dec(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.bil = nn.Bilinear(32, 32, 1)', '    def forward(self, a, b):', '        return self.bil(a, b)', 'model = Dec()', 'loss = nn.BCELoss()(model(a, b), y)'];
    assert.deepStrictEqual(rules(bil), ['logits-into-probability-loss']);
  });
  const net = ['import torch', 'import torch.nn as nn', 'import pytorch_lightning as pl', 'class Net(pl.LightningModule):', '    def __init__(self, n=1):', '        super().__init__()', '        self.fc = nn.Linear(64, n)', '    def forward(self, x):', '        return self.fc(x)', '    @classmethod', '    def from_config(cls, cfg):', '        return cls(cfg["n"])'];
  it('a class method building `cls(...)`, Lightning\'s load_from_checkpoint and from_pretrained give an instance of the class', () => {
    assert.deepStrictEqual(rules([...net, 'model = Net.from_config({"n": 1})', 'loss = nn.BCELoss()(model(x), y)']), ['logits-into-probability-loss']);
    // Restored: the saved arguments are unknown (the width too), what forward applies is not.
    assert.deepStrictEqual(rules([...net, 'model = Net.load_from_checkpoint("best.ckpt", map_location="cpu")', 'loss = nn.BCELoss()(model(x), y)']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rules([...net, 'model = Net.from_pretrained("dir")', 'loss = nn.BCELoss()(model(x), y)']), ['logits-into-probability-loss']);
  });
  it("restored with arguments we cannot see, the head's width is unknown (no one-unit finding); given as a keyword, it is known", () => {
    assert.deepStrictEqual(rules([...net, 'model = Net.load_from_checkpoint("best.ckpt")', 'pred = model(x).argmax(dim=1)']), []);
    assert.deepStrictEqual(rules([...net, 'model = Net.load_from_checkpoint("best.ckpt", n=1)', 'pred = model(x).argmax(dim=1)']), ['argmax-single-unit']);
  });
});

describe('round 33: a notebook saved with a byte-order mark', () => {
  before(() => initPython());
  it('is read as the same notebook, and its fix keeps the mark', () => {
    const { lintProject } = require('../out/rules');
    const nb = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: 1, source: ['import torch\n', 'import torch.nn as nn\n', 'model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())\n', 'loss = nn.BCEWithLogitsLoss()(model(x), y)\n'] }] });
    const text = '\uFEFF' + nb;
    const r = lintProject(['/virtual/a.ipynb'], {}, { readFile: (f) => (f === '/virtual/a.ipynb' ? text : undefined) });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['sigmoid-before-logits-loss']);
    const edits = r.findings[0].fix.edits;
    let out = text;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    assert.strictEqual(out[0], '\uFEFF');
    assert.ok(!/nn\.Sigmoid/.test(JSON.parse(out.slice(1)).cells[0].source.join('')));
  });
});

describe('round 33: axes written another way', () => {
  before(() => initPython());
  it('tfjs `argMax([-1])` and `tf.argMax(x, [1])`: the axis given as a list of one', () => {
    const { lintJs } = require('./helpers/js-lint');
    const head = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] }));", "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"];
    for (const pick of ['model.predict(x).argMax([-1])', 'tf.argMax(model.predict(x), [1])']) {
      assert.deepStrictEqual(lintJs([...head, `export const f = (x) => ${pick}.dataSync();`]).map((f) => f.rule), ['argmax-single-unit'], pick);
    }
  });
});

describe('round 33: logits the analysis lost on the way', () => {
  before(() => initPython());
  it('logits plus a learned bias (`self.lin(x) + self.bias`, nn.Parameter) are logits', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class LR(nn.Module):', '    def __init__(self, d):', '        super().__init__()', '        self.lin = nn.Linear(d, 1)', '        self.bias = nn.Parameter(torch.zeros(1))', '    def forward(self, x):', '        return self.lin(x) + self.bias', 'model = LR(8)', 'loss = nn.BCELoss()(model(x), y)'];
    assert.deepStrictEqual(rules(lines), ['logits-into-probability-loss']);
    // guard: plus a term we know nothing of (an FM interaction of embeddings), nothing is known.
    assert.deepStrictEqual(rules(lines.map((l) => l.replace('self.lin(x) + self.bias', 'self.lin(x) + fm_term(x)'))), []);
  });
  it('trained through a sigmoid written after the model (`BCELoss()(torch.sigmoid(model(x)), y)`): a 0.5 cut on the raw output is on logits', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class FM(nn.Module):', '    def __init__(self, d):', '        super().__init__()', '        self.lin = nn.Linear(d, 1)', '    def forward(self, x):', '        return self.lin(x).squeeze(1)', 'model = FM(24)', 'for x, y in loader:', '    loss = nn.BCELoss()(torch.sigmoid(model(x)), y)', 'raw = model(x_test)', 'labels = (raw > 0.5).long()'];
    assert.deepStrictEqual(rules(lines), ['threshold-logits']);
    // guard: the sigmoid applied before the cut too is clean.
    assert.deepStrictEqual(rules(lines.map((l) => l.replace('(raw > 0.5)', '(torch.sigmoid(raw) > 0.5)'))), []);
  });
  it("a torchvision head replaced at `classifier[-1]` is that model's head", () => {
    const lines = ['import torch.nn as nn', 'from torchvision import models', 'model = models.mobilenet_v2(weights="DEFAULT")', 'model.classifier[-1] = nn.Linear(model.last_channel, 1)', 'loss = nn.CrossEntropyLoss()(model(x), y)'];
    assert.deepStrictEqual(rules(lines), ['categorical-loss-single-unit']);
    // guard: squeezenet's head is no last item: unknown.
    assert.deepStrictEqual(rules(lines.map((l) => l.replace('mobilenet_v2', 'squeezenet1_0'))), []);
  });
});

describe('round 33 wave 2: what the per-call run and the None locals must not assume', () => {
  before(() => initPython());
  it('guard: a local set in a try whose except passes (or under suppress) may still be None: undecided', () => {
    const lines = (wrap) => ['import torch', 'import torch.nn as nn', 'import contextlib', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.fc2 = nn.Linear(8, 2)', '        self.crit = nn.BCEWithLogitsLoss()', '    def forward(self, x, labels=None):', '        logits = self.fc(x)', '        loss = None', ...wrap, '        if loss is None:', '            return self.fc2(x)', '        return logits', 'model = Net()', 'pred = model(x).argmax(dim=1)'];
    assert.deepStrictEqual(rules(lines(['        try:', '            loss = self.crit(logits, labels)', '        except TypeError:', '            pass'])), []);
    assert.deepStrictEqual(rules(lines(['        with contextlib.suppress(TypeError):', '            loss = self.crit(logits, labels)'])), []);
  });
  it('a forward returning probabilities without labels and (loss, logits) with them: the labelled call\'s logits are judged', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.crit = nn.BCEWithLogitsLoss()', '    def forward(self, x, y=None):', '        out = self.fc(x)', '        if y is None:', '            return torch.sigmoid(out)', '        loss = self.crit(out, y)', '        return loss, out', 'model = Net()', 'loss, logits = model(x, y)', 'pred = logits > 0.5', 'ok = model(x) > 0.5'];
    assert.deepStrictEqual(lint(lines).map((f) => [f.rule, !!f.fix]), [['threshold-logits', true]]);
  });
  it("a Hugging Face head's `return_dict if return_dict is not None else self.config.use_return_dict` returns the record by default", () => {
    const lines = ['import torch', 'from torch import nn', 'from transformers import PreTrainedModel', 'from transformers.modeling_outputs import SequenceClassifierOutput', 'class Multi(PreTrainedModel):', '    def __init__(self, config):', '        super().__init__(config)', '        self.classifier = nn.Linear(32, 6)', '    def forward(self, input_ids=None, labels=None, return_dict=None):', '        return_dict = return_dict if return_dict is not None else self.config.use_return_dict', '        logits = self.classifier(input_ids)', '        loss = None', '        if labels is not None:', '            loss = nn.BCEWithLogitsLoss()(logits, labels.float())', '        if not return_dict:', '            output = (logits,)', '            return ((loss,) + output) if loss is not None else output', '        return SequenceClassifierOutput(loss=loss, logits=logits)', 'model = Multi(config)'];
    assert.deepStrictEqual(rules([...lines, 'c = model(ids, labels=y).logits > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rules([...lines, 'out = model(ids, labels=y, return_dict=False)', 'a = out[1] > 0.5']), ['threshold-logits']);
    assert.deepStrictEqual(rules([...lines, 'out = model(ids, labels=y, return_dict=False)', 'e = out[0] > 0.5', 'd = torch.sigmoid(model(ids).logits) > 0.5']), []);
  });
  it('tfjs: argMax() over the batch compared with the labels\' argMax() held in another name: a suggestion (both need the axis)', () => {
    const { lintJs } = require('./helpers/js-lint');
    const head = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', "model.add(tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [4] }));", "model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });"];
    assert.deepStrictEqual(lintJs([...head, 'export function acc(xs, ys) {', '  const predClass = tf.argMax(model.predict(xs));', '  const labelClass = tf.argMax(ys);', '  return predClass.equal(labelClass).mean();', '}']), [{ rule: 'argmax-batch-axis', fix: false, suggestions: 1 }]);
  });
});

describe('round 33 wave 2: calls whose arguments say less than they seem', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, h, return_probs=False):', '        logits = self.fc(h)', '        if return_probs:', '            return torch.sigmoid(logits)', '        return logits'];
  it('guard: a flag handed on to a module of its own (`self.head(x, return_probs=return_probs)`) decides the outer call too', () => {
    const outer = ['class Outer(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.head = Head()', '    def forward(self, x, return_probs=False):', '        return self.head(x, return_probs=return_probs)', 'm = Outer()', 'loss = F.binary_cross_entropy_with_logits(m(x), y)'];
    assert.deepStrictEqual(rules([...head, ...outer, 'pred = m(x, return_probs=True) > 0.5']), []);
    assert.deepStrictEqual(rules([...head, ...outer, 'pred = m(x) > 0.5']), ['threshold-logits']);
  });
  const labelled = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.crit = nn.BCEWithLogitsLoss()', '    def forward(self, x, labels=None):', '        out = self.fc(x)', '        if labels is None:', '            return torch.sigmoid(out)', '        return self.crit(out, labels), out', 'model = Net()'];
  it('guard: labels that may be None (`batch.get("labels")`, `y if train else None`, set in a branch) do not decide `labels is None`', () => {
    for (const call of [['out = model(x, batch.get("labels"))'], ['out = model(x, labels=y if train else None)'], ['lab = None', 'if train:', '    lab = y', 'out = model(x, lab)'], ['out = model(x, getattr(b, "y", None))']]) {
      const found = lint([...labelled, 'for b in loader:', ...call.map((l) => `    ${l}`), '    pred = out[1] > 0.5']);
      assert.ok(!found.some((f) => f.fix), `${call.join('; ')}: ${JSON.stringify(found)}`);
    }
  });
  it('guard: the sigmoid of the prediction path into the labelled path\'s logits loss: its removal stays a suggestion (the prediction output is the model\'s)', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class M(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '        self.act = nn.Sigmoid()', '    def forward(self, x, labels=None):', '        probs = self.act(self.fc(x))', '        if labels is not None:', '            return nn.BCEWithLogitsLoss()(probs, labels)', '        return probs', 'm = M()', 'loss = m(x, y)', 'loss.backward()'];
    const [f, ...rest] = lint(lines);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([f.rule, f.fix], ['sigmoid-before-logits-loss', undefined]);
    assert.ok(f.suggestions.some((s) => /Remove self\.act/.test(s)), JSON.stringify(f));
  });
  it('many labelled calls of one model run its forward once per way of calling: the findings are those of one call', () => {
    const calls = Array.from({ length: 40 }, (_, i) => `loss${i}, logits${i} = model(x${i}, y${i})`);
    const found = rules([...labelled, ...calls, 'pred = logits39 > 0.5', 'pred2 = model(x, y, )[1] > 0.5']);
    assert.deepStrictEqual(found, ['threshold-logits', 'threshold-logits']);
  });
});

describe('round 33 wave 2: containers built by a call', () => {
  before(() => initPython());
  it('a loss in `dict(bce=nn.BCELoss())` or `nn.ModuleDict({...})` read in a loop: switching it is a suggestion', () => {
    for (const made of ['LOSSES = dict(bce=nn.BCELoss())', 'LOSSES = nn.ModuleDict({"bce": nn.BCELoss()})']) {
      const lines = ['import torch', 'import torch.nn as nn', made, 'logit_model = nn.Linear(8, 1)', 'prob_model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = LOSSES["bce"](logit_model(x), y)', 'for k, fn in LOSSES.items():', '    fn(prob_model(x), y)'];
      const [f, ...rest] = lint(lines);
      assert.strictEqual(rest.length, 0, made);
      assert.deepStrictEqual([f.rule, f.fix], ['logits-into-probability-loss', undefined], made);
    }
  });
});

describe('round 33 wave 3: what the third wave found', () => {
  before(() => initPython());
  it('a forward that sets its None-default parameter back to None and tests it: no endless rerun (the file was skipped as an internal error)', () => {
    const { lintProject } = require('../out/rules');
    const text = ['import torch.nn as nn', 'class Net(nn.Module):', '    def forward(self, x, t=None):', '        t = None', '        if t is not None:', '            return x / t', '        return x', 'model = Net()', 'out = model(x, t=2.0)'].join('\n') + '\n';
    const r = lintProject(['/virtual/m.py'], {}, { readFile: (f) => (f === '/virtual/m.py' ? text : undefined) });
    assert.deepStrictEqual([r.findings, r.problems], [[], []]);
  });
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'class Head(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, h, logits=True):', '        z = self.fc(h)', '        return z if logits else torch.sigmoid(z)'];
  it('guard: a flag handed on changed (`logits=not return_probs`, through another name) still decides the call', () => {
    for (const pass of [['        return self.head(x, logits=not return_probs)'], ['        want = not return_probs', '        return self.head(x, logits=want)']]) {
      const lines = [...head, 'class Outer(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.head = Head()', '    def forward(self, x, return_probs=False):', ...pass, 'm = Outer()', 'loss = F.binary_cross_entropy_with_logits(m(x), y)', 'pred = m(x, return_probs=True) > 0.5'];
      assert.deepStrictEqual(rules(lines), [], pass.join('; '));
    }
  });
  it('guard: a local a `match` capture or a walrus may set is not decided None', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self, cfg):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '        self.cfg = cfg', '    def forward(self, x):', '        out = self.fc(x)', '        act = None', '        match self.cfg:', '            case {"act": act}:', '                pass', '        if act is not None:', '            out = torch.sigmoid(out)', '        return out', 'model = Net(cfg)', 'loss = nn.BCELoss()(model(x), y)'];
    assert.deepStrictEqual(rules(lines), []);
  });
  it('guard: a call with a flag we cannot read reads both branches as they are: removing either sigmoid is no safe fix', () => {
    const lines = ['import sys', 'import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(12, 1)', '    def forward(self, x, return_probs=True):', '        z = self.fc(x)', '        if return_probs:', '            return torch.sigmoid(z)', '        return torch.sigmoid(z)', 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x, return_probs=False), y)', 'flag = len(sys.argv) > 1', 'pred = model(x, return_probs=flag) > 0.5'];
    const [f, ...rest] = lint(lines);
    assert.strictEqual(rest.length, 0);
    assert.deepStrictEqual([f.rule, f.fix], ['sigmoid-before-logits-loss', undefined]);
  });
  it('guard: a loss put in a registry item by item (`LOSSES["bce"] = ...`, `.append`) or as a lambda in a dict, read dynamically: its switch is a suggestion', () => {
    const models = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'logit_model = nn.Linear(10, 1)', 'prob_model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())'];
    for (const reg of [['LOSSES = {}', 'LOSSES["bce"] = nn.BCELoss()', 'loss = LOSSES["bce"](logit_model(x), y)', 'other = LOSSES[name](prob_model(x), y)'], ['CRITS = []', 'CRITS.append(nn.BCELoss())', 'loss = CRITS[0](logit_model(x), y)', 'others = [c(prob_model(x), y) for c in CRITS]'], ['LOSSES = {"bce": lambda p, t: F.binary_cross_entropy(p, t)}', 'loss = LOSSES["bce"](logit_model(x), y)', 'other = LOSSES[n](prob_model(x), y)']]) {
      const found = lint([...models, ...reg]);
      assert.ok(found.length >= 1 && found.every((f) => !f.fix), `${reg.join('; ')}: ${JSON.stringify(found)}`);
    }
  });
});

describe('round 33: a model kept as a copy', () => {
  before(() => initPython());
  const net = ['import copy', 'import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return self.fc(x)', 'model = Net()', 'best = None', 'for xb, yb in loader:', '    loss = nn.BCEWithLogitsLoss()(model(xb), yb)', '    best = copy.deepcopy(model)'];
  it('`best = copy.deepcopy(model)` outputs what the model outputs: a 0.5 cut on the copy is on logits', () => {
    assert.deepStrictEqual(rules([...net, 'preds = best(x_test) > 0.5']), ['threshold-logits']);
  });
  it('guard: a copy whose head is replaced outputs something else: its width is unknown', () => {
    assert.deepStrictEqual(rules([...net, 'student = copy.deepcopy(model)', 'student.fc = nn.Linear(10, 5)', 'preds = student(x_test).argmax(dim=1)']), []);
  });
});
