// The PyTorch and Keras vocabularies: each fix builder on the events of a small program, applied
// to the text, gives the Python a person would write; shapes it cannot edit give no fix.
const assert = require('assert');
const path = require('path');
const { analyse, ROOT } = require('./python-helpers');
const { lint } = require('./helpers/python-lint');
const { applyEdits } = require(path.join(__dirname, '..', 'out', 'rules', 'text'));

/** The file's text after `build(events)`'s edits, and the fix's title and safety. */
async function fixed(text, build) {
  const r = await analyse({ 'f.py': text });
  const spec = build(r.events);
  if (!spec) return undefined;
  const file = path.join(ROOT, 'f.py');
  assert.ok(spec.edits.every((e) => e.file === file));
  return { text: applyEdits(text, spec.edits), safe: spec.safe, title: spec.title };
}
const first = (evs, type, n = 0) => evs.filter((e) => e.type === type)[n];
const T = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
const K = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n';

describe('python frontend: vocabularies', () => {
  it('PyTorch: switch BCEWithLogitsLoss <-> BCELoss and the F. functions; not with pos_weight', async () => {
    const a = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\ncrit = nn.BCEWithLogitsLoss()\nl = crit(net(x), y)\n', (evs) => { const e = first(evs, 'loss'); return e.vocab.switchLoss(e, 'probabilities'); });
    assert.match(a.text, /crit = nn\.BCELoss\(\)/);
    // Towards BCELoss only a suggestion (it fails under autocast); towards the logits loss the fix.
    assert.strictEqual(a.safe, false);
    const b = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1))\nl = F.binary_cross_entropy(net(x), y)\n', (evs) => { const e = first(evs, 'loss'); return e.vocab.switchLoss(e, 'logits'); });
    assert.match(b.text, /l = F\.binary_cross_entropy_with_logits\(net\(x\), y\)/);
    assert.strictEqual(b.safe, true);
    const c = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\nl = nn.BCEWithLogitsLoss(pos_weight=w)(net(x), y)\n', (evs) => { const e = first(evs, 'loss'); return e.vocab.switchLoss(e, 'probabilities'); });
    assert.strictEqual(c, undefined);
  });

  it('PyTorch: remove the sigmoid (Sequential item, forward wrapper, module call, add_module)', async () => {
    const rm = (evs) => { const e = first(evs, 'loss'); return e.vocab.removeActivation(e.pred.get()); };
    const a = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\nl = nn.BCEWithLogitsLoss()(net(x), y)\n', rm);
    assert.match(a.text, /net = nn\.Sequential\(nn\.Linear\(3, 1\)\)\n/);
    assert.strictEqual(a.safe, true);
    // The same output also compared with a threshold (a named one too) is read as a probability: the
    // removal is only a suggestion.
    for (const use of ['w = net(x) > THRESH\n', 'w = net(x) <= 0.3\n']) {
      const p = await fixed(T + 'THRESH = float(sys.argv[1])\nnet = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\nl = nn.BCEWithLogitsLoss()(net(x), y)\n' + use, rm);
      assert.strictEqual(p.safe, false, use);
    }
    const fwd = T + 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(3, 1)\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\nm = Net()\nl = nn.BCEWithLogitsLoss()(m(x), y)\n';
    const b = await fixed(fwd, rm);
    assert.match(b.text, /        return self\.fc\(x\)\n/);
    const c = await fixed(fwd.replace('return torch.sigmoid(self.fc(x))', 'return self.act(self.fc(x))').replace('self.fc = nn.Linear(3, 1)', 'self.fc = nn.Linear(3, 1)\n        self.act = nn.Sigmoid()'), rm);
    assert.match(c.text, /        return self\.fc\(x\)\n/);
    const d = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1))\nnet.add_module("s", nn.Sigmoid())\nl = nn.BCEWithLogitsLoss()(net(x), y)\n', rm);
    assert.ok(!d.text.includes('add_module'));
    // The same output is thresholded at 0.5 elsewhere: removing the sigmoid is only a suggestion.
    const e = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\nl = nn.BCEWithLogitsLoss()(net(x), y)\np = net(x) > 0.5\n', rm);
    assert.strictEqual(e.safe, false);
  });

  it('PyTorch: add an activation after the output layer of a Sequential (a suggestion)', async () => {
    const a = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1))\nl = nn.BCELoss()(net(x), y)\n', (evs) => { const e = first(evs, 'loss'); return e.vocab.addActivation(e.pred.get(), 'sigmoid'); });
    assert.match(a.text, /nn\.Sequential\(nn\.Linear\(3, 1\), nn\.Sigmoid\(\)\)/);
    assert.strictEqual(a.safe, false);
  });

  it('decisions: argmax axis, argmax on one unit -> threshold, 0.5 -> 0, round', async () => {
    const src = T + 'import numpy as np\nnet = nn.Sequential(nn.Linear(3, 1))\no = net(x)\na = o.argmax()\nb = np.argmax(p)\nc = o.argmax(dim=1)\nd = (o > 0.5)\ne = torch.round(o)\n';
    const last = await fixed(src, (evs) => first(evs, 'argmax').vocab.argmaxLastAxis(first(evs, 'argmax')));
    assert.match(last.text, /a = o\.argmax\(-1\)/);
    const np = await fixed(src, (evs) => first(evs, 'argmax', 1).vocab.argmaxLastAxis(first(evs, 'argmax', 1)));
    assert.match(np.text, /b = np\.argmax\(p, -1\)/);
    const thr = await fixed(src, (evs) => first(evs, 'argmax', 2).vocab.argmaxToThreshold(first(evs, 'argmax', 2), '0'));
    assert.match(thr.text, /c = \(o > 0\)\.long\(\)\.squeeze\(-1\)/);
    const half = await fixed(src, (evs) => first(evs, 'threshold').vocab.thresholdOnLogits(first(evs, 'threshold')).fix);
    assert.match(half.text, /d = \(o > 0\)/);
    const round = await fixed(src, (evs) => first(evs, 'threshold', 1).vocab.thresholdOnLogits(first(evs, 'threshold', 1)).suggestions[0]);
    assert.match(round.text, /e = torch\.round\(torch\.sigmoid\(o\)\)/);
  });

  it('swap the arguments back', async () => {
    const a = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1))\nl = nn.BCEWithLogitsLoss()(y, net(x))\n', (evs) => first(evs, 'loss').vocab.swapArguments(first(evs, 'loss')));
    assert.match(a.text, /l = nn\.BCEWithLogitsLoss\(\)\(net\(x\), y\)/);
    assert.match(a.title, /\(input, target\)/);
    const b = await fixed(K + 'm = keras.Sequential([layers.Dense(1)])\nf = keras.losses.BinaryCrossentropy(from_logits=True)\nl = f(y_pred=m(x), y_true=y)\nl2 = f(m(x), y)\n', (evs) => first(evs, 'loss', 1).vocab.swapArguments(first(evs, 'loss', 1)));
    assert.match(b.text, /l2 = f\(y, m\(x\)\)/);
  });

  it('Keras: from_logits switches, a loss string becomes the class with the file\'s keras spelling', async () => {
    const sw = (to) => (evs) => { const e = first(evs, 'loss'); return e.vocab.switchLoss(e, to); };
    const a = await fixed(K + "m = keras.Sequential([layers.Dense(1)])\nm.compile(loss='binary_crossentropy')\n", sw('logits'));
    assert.match(a.text, /m\.compile\(loss=keras\.losses\.BinaryCrossentropy\(from_logits=True\)\)/);
    const b = await fixed(K + "m = keras.Sequential([layers.Dense(1, activation='sigmoid')])\nm.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))\n", sw('probabilities'));
    assert.match(b.text, /BinaryCrossentropy\(from_logits=False\)/);
    const c = await fixed(K + "m = keras.Sequential([layers.Dense(1)])\nm.compile(loss=keras.losses.BinaryCrossentropy(label_smoothing=0.1))\n", sw('logits'));
    assert.match(c.text, /BinaryCrossentropy\(label_smoothing=0\.1, from_logits=True\)/);
    const d = await fixed('import tensorflow as tf\n' + "m = tf.keras.Sequential([tf.keras.layers.Dense(3)])\nm.compile(loss='categorical_crossentropy')\n", sw('logits'));
    assert.match(d.text, /loss=tf\.keras\.losses\.CategoricalCrossentropy\(from_logits=True\)/);
  });

  it('fixes that would change code elsewhere are only suggestions: a shared threshold, probabilities read by sklearn or sampling; torch.max gets no threshold edit', async () => {
    const loop = T + 'def run(model, crit):\n    out = model(x)\n    crit(out, y)\n    return (out > 0.5).float()\nrun(nn.Sequential(nn.Linear(3, 1), nn.Sigmoid()), nn.BCELoss())\nrun(nn.Sequential(nn.Linear(3, 1)), nn.BCEWithLogitsLoss())\n';
    // Reached by a sigmoid model too: 0 would be wrong for it, so nothing is offered (round 7);
    // reached by a model we know nothing of: a suggestion. The rule judges what else reaches the
    // comparison (core lint.ts), in every language: through the whole lint.
    const judged = (code) => {
      const f = lint(code.split('\n').filter(Boolean)).find((x) => x.rule === 'threshold-logits');
      return { fix: f.fix, suggestions: f.suggestions.length };
    };
    assert.deepStrictEqual(judged(loop), { fix: undefined, suggestions: 0 });
    assert.deepStrictEqual(judged(loop.replace('run(nn.Sequential(nn.Linear(3, 1), nn.Sigmoid()), nn.BCELoss())', "run(torch.load('m.pt'), nn.BCELoss())")), { fix: undefined, suggestions: 1 });
    assert.match(judged(loop.replace(/run\(nn\.Sequential\(nn\.Linear\(3, 1\), nn\.Sigmoid\(\)\), nn\.BCELoss\(\)\)\n/, '')).fix ?? '', /Threshold logits at 0/);
    const rm = (evs) => { const e = first(evs, 'loss'); return e.vocab.removeActivation(e.pred.get()); };
    const head = T + 'net = nn.Sequential(nn.Linear(3, 4), nn.Softmax(dim=1))\nl = nn.CrossEntropyLoss()(net(x), y)\n';
    assert.strictEqual((await fixed(head, rm)).safe, true);
    for (const use of ['from sklearn.metrics import roc_auc_score\nauc = roc_auc_score(y, net(x)[:, 1])\n', 'a = torch.distributions.Categorical(probs=net(x)).sample()\n', 'lp = torch.log(net(x))\n', 'w = net(x) * mask\n', 'import matplotlib.pyplot as plt\nplt.bar(range(4), net(x)[0].detach())\n', 'print(torch.sum(net(x), dim=1))\n']) {
      assert.strictEqual((await fixed(head + use, rm)).safe, false, use);
    }
    const am = (evs) => { const e = first(evs, 'argmax'); return e.vocab.argmaxToThreshold(e, '0.5'); };
    assert.strictEqual(await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\n_, pred = torch.max(net(x), 1)\nprint(pred)\n', am), undefined);
    assert.ok(await fixed(T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\npred = net(x).argmax(1)\n', am));
  });

  it('an activation written in two places (two model classes on two branches): no edit removes it', async () => {
    const rm = (evs) => { const e = first(evs, 'loss'); return e.vocab.removeActivation(e.pred.get()); };
    const two = T + 'class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(3, 4)\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\nclass B(A):\n    def forward(self, x):\n        return torch.sigmoid(2 * self.fc(x))\nm = A() if flag else B()\nl = nn.BCEWithLogitsLoss()(m(x), y)\n';
    const r = await analyse({ 'f.py': two });
    const f = first(r.events, 'loss').pred.get();
    assert.strictEqual(f.act, 'sigmoid');
    assert.strictEqual(f.actAlso.length, 1);
    assert.strictEqual(await fixed(two, rm), undefined);
  });

  it('one loss object compiled for two models: no fix switches it (it would flip between them)', async () => {
    const sw = (evs) => { const e = first(evs, 'loss'); return e.vocab.switchLoss(e, 'logits'); };
    const one = K + "bce = keras.losses.BinaryCrossentropy()\nlogit_net = keras.Sequential([layers.Dense(1)])\nlogit_net.compile(loss=bce)\n";
    assert.ok(await fixed(one, sw), 'one user: the switch is written');
    const two = one + "prob_net = keras.Sequential([layers.Dense(1, activation='sigmoid')])\nprob_net.compile(loss=bce)\n";
    assert.strictEqual(await fixed(two, sw), undefined);
    const torch = T + 'crit = nn.BCELoss()\na = nn.Sequential(nn.Linear(3, 1))\nb = nn.Sequential(nn.Linear(3, 1), nn.Sigmoid())\nl1 = crit(a(x), y)\nl2 = crit(b(x), y)\n';
    assert.strictEqual(await fixed(torch, sw), undefined);
    assert.ok(await fixed(T + 'crit = nn.BCELoss()\na = nn.Sequential(nn.Linear(3, 1))\nl1 = crit(a(x), y)\nl2 = crit(a(z), y)\n', sw));
  });

  it('Keras: remove / add activation, softmax over one unit -> sigmoid, accuracy on logits', async () => {
    const rm = (evs) => { const e = first(evs, 'loss'); return e.vocab.removeActivation(e.pred.get()); };
    const a = await fixed(K + "m = keras.Sequential([layers.Dense(1, activation='sigmoid')])\nm.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))\n", rm);
    assert.match(a.text, /layers\.Dense\(1\)\]/);
    const b = await fixed(K + "m = keras.Sequential([layers.Dense(3), layers.Activation('softmax')])\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n", rm);
    assert.match(b.text, /keras\.Sequential\(\[layers\.Dense\(3\)\]\)/);
    const c = await fixed(K + "m = keras.Sequential()\nm.add(layers.Dense(3))\nm.add(layers.Activation('softmax'))\nm.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n", rm);
    assert.ok(!c.text.includes('Activation'));
    const add = await fixed(K + "m = keras.Sequential([layers.Dense(1)])\nm.compile(loss='binary_crossentropy')\n", (evs) => { const e = first(evs, 'loss'); return e.vocab.addActivation(e.pred.get(), 'sigmoid'); });
    assert.match(add.text, /layers\.Dense\(1, activation='sigmoid'\)/);
    const sm = await fixed(K + "m = keras.Sequential([layers.Dense(1, activation='softmax')])\n", (evs) => first(evs, 'softmax').vocab.softmaxToSigmoid(first(evs, 'softmax')));
    assert.match(sm.text, /layers\.Dense\(1, activation='sigmoid'\)/);
    const acc = await fixed(K + "m = keras.Sequential([layers.Dense(1)])\nm.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=['accuracy'])\n", (evs) => first(evs, 'metric').vocab.accuracyOnLogits(first(evs, 'metric')));
    // The metric keeps the name the code logs and reads (history['val_accuracy'], EarlyStopping).
    assert.match(acc.text, /metrics=\[keras\.metrics\.BinaryAccuracy\(name='accuracy', threshold=0\.0\)\]/);
    const named = await fixed(K + "m = keras.Sequential([layers.Dense(1)])\nm.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[\"binary_accuracy\", \"acc\"])\n", (evs) => first(evs, 'metric').vocab.accuracyOnLogits(first(evs, 'metric')));
    assert.match(named.text, /metrics=\[keras\.metrics\.BinaryAccuracy\(threshold=0\.0\), "acc"\]/);
  });

  it('PyTorch softmax over one unit -> sigmoid (op, method, module)', async () => {
    const sm = (n) => (evs) => first(evs, 'softmax', n).vocab.softmaxToSigmoid(first(evs, 'softmax', n));
    const src = T + 'net = nn.Sequential(nn.Linear(3, 1), nn.Softmax(dim=-1))\no = net(x)\na = F.softmax(o, dim=-1)\nb = o.softmax(-1)\n';
    assert.match((await fixed(src, sm(0))).text, /a = F\.sigmoid\(o\)/);
    assert.match((await fixed(src, sm(1))).text, /b = o\.sigmoid\(\)/);
    assert.match((await fixed(src, sm(2))).text, /nn\.Sequential\(nn\.Linear\(3, 1\), nn\.Sigmoid\(\)\)/);
  });
  it('PyTorch: log_softmax in place of softmax for NLLLoss (module and function); a suggestion when something reads the probabilities', async () => {
    const nll = (evs) => { const e = first(evs, 'loss'); return e.vocab.logSoftmaxInstead(e.pred.get()); };
    const a = await fixed(T + 'net = nn.Sequential(nn.Linear(3, 4), nn.Softmax(dim=1))\nl = nn.NLLLoss()(net(x), y)\n', nll);
    assert.match(a.text, /nn\.Sequential\(nn\.Linear\(3, 4\), nn\.LogSoftmax\(dim=1\)\)/);
    assert.strictEqual(a.safe, true);
    const b = await fixed(T + 'h = nn.Linear(3, 4)\np = F.softmax(h(x), dim=1)\nl = F.nll_loss(p, y)\nconfident = p > 0.5\n', nll);
    assert.match(b.text, /p = F\.log_softmax\(h\(x\), dim=1\)/);
    assert.strictEqual(b.safe, false);
  });
});
