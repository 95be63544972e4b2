// Red team round 45's misses, mended in round 46: torch.multiprocessing.spawn followed as a call of
// its function; one-sample predictions concatenated into a batch, then argmax'ed without an axis;
// loops over thresholds written out, and over a logits array's columns (`z.T`); a logits module
// under skorch's NeuralNetClassifier with NLLLoss (which takes the log of the module's output);
// Hugging Face trainer.predict(ds) after a Trainer subclass's own compute_loss. Each case next to the shapes that stay silent (the guards, named in their titles or
// messages).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const silent = (lines, why) => assert.deepStrictEqual(brief(lintLines(lines)), [], why);

describe('round 46: torch.multiprocessing.spawn(fn, args=...) calls fn(rank, *args)', () => {
  before(() => initPython());
  // A logits model trained with the logits loss; `run` cuts at 0.5 unless told to apply the sigmoid
  // (line 16). Lines 18 on: how it is started.
  const run = ['import torch', 'import torch.nn as nn', 'import torch.multiprocessing as mp', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)', 'def run(rank, world, use_sigmoid):', '    model = Net()', '    z = model(torch.randn(4, 8))',
    '    loss = nn.BCEWithLogitsLoss()(z, y)', '    if use_sigmoid:', '        z = torch.sigmoid(z)', '    pred = (z > 0.5).float()', '    print(rank, pred, loss)'];
  const found = (start, detail = 'suggestion') => assert.deepStrictEqual(brief(lintLines([...run, ...start])), [['threshold-logits', 16, detail]], start.join('; '));

  it('spawned through torch.multiprocessing however imported, or by start_processes: the cut on logits reported', () => {
    found(['mp.spawn(run, args=(2, False), nprocs=2, join=True)']);
    found(['from torch.multiprocessing import spawn', 'spawn(run, (2, False), 2)']);
    found(['torch.multiprocessing.spawn(fn=run, args=[2, False])']);
    found(['from torch.multiprocessing.spawn import spawn as sp', 'sp(run, args=(2, False))']);
    found(['mp.start_processes(run, args=(2, False), nprocs=2, start_method="fork")']);
    // Spawned with both settings: the cut is wrong for one of them, so no edit is offered.
    found(['mp.spawn(run, args=(2, False), nprocs=2)', 'mp.spawn(run, args=(2, True), nprocs=2)'], 'none');
  });
  it('guards: another spawn, arguments we cannot list or that change: silent', () => {
    silent([...run, 'mp.spawn(run, args=(2, True), nprocs=2)'], 'spawned with the sigmoid applied');
    silent([...run, 'def spawn(f, args, nprocs):', '    pass', 'spawn(run, args=(2, False), nprocs=2)'], 'a spawn of our own, which does not call f');
    silent([...run, 'from mylib import spawn', 'spawn(run, args=(2, False), nprocs=2)'], 'a spawn of another library');
    silent([...run, 'mp.spawn(run, args=cli_args, nprocs=2)'], 'arguments we do not know');
    silent([...run, 'mp.spawn(run, *spawn_args)'], 'arguments unpacked');
    silent([...run, 'mp.spawn(run, args=(2, *rest), nprocs=2)'], 'some unpacked into the tuple');
    silent([...run, 'a = [2, False]', 'a[1] = flag', 'mp.spawn(run, args=a, nprocs=2)'], 'an item set afterwards');
    silent([...run, 'a = [2]', 'a.append(flag)', 'mp.spawn(run, args=a, nprocs=2)'], 'an item appended afterwards');
    silent([...run, 'a = (2, False)', 'if cond:', '    a = (2, True)', 'mp.spawn(run, args=a, nprocs=2)'], 'arguments of two branches');
  });
});

describe('round 46: rows of one sample each, concatenated, are a batch of the model\'s output', () => {
  before(() => initPython());
  // A trained 3-class model (lines 1-9); from line 10 the predictions, one sample at a time.
  const head = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'from sklearn.metrics import accuracy_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))',
    'loss_fn = nn.CrossEntropyLoss()', 'for xb, yb in loader:', '    loss = loss_fn(model(xb), yb)', '    loss.backward()'];
  const loop = (item = 'model(X_test[i].unsqueeze(0)).detach().cpu().numpy()') => ['preds = []', 'for i in range(len(X_test)):', `    preds.append(${item})`];
  const judged = (lines) => brief(lintLines([...head, ...lines, 'print(accuracy_score(y_test, labels))']));
  const found = (lines, line) => assert.deepStrictEqual(judged(lines), [['argmax-batch-axis', line, 'suggestion']], lines.join('; '));

  it('np.vstack / np.concatenate / torch.cat of rows appended in a loop, or written out: the argmax without an axis reported', () => {
    found([...loop(), 'labels = np.argmax(np.vstack(preds))'], 13);
    found([...loop(), 'labels = np.argmax(np.concatenate(preds, axis=0))'], 13);
    found([...loop('model(X_test[i:i+1])'), 'labels = torch.cat(preds).argmax()'], 13);
    found(['preds = []', 'for x in X_test:', '    preds.append(model(x[None]))', 'labels = torch.argmax(torch.vstack(preds))'], 13);
    found(['labels = np.argmax(np.vstack([model(a[None]).detach().numpy(), model(b[None]).detach().numpy()]))'], 10);
  });
  it('Keras: model.predict of one expanded image, rows stacked by np.vstack', () => {
    const lines = ['import numpy as np', 'from tensorflow import keras', 'from sklearn.metrics import confusion_matrix',
      'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(4, activation="softmax")])', 'model.compile(loss="categorical_crossentropy", optimizer="adam")',
      'model.fit(X, Y, epochs=3)', 'preds = []', 'for img in images:', '    preds.append(model.predict(np.expand_dims(img, axis=0)))', 'preds = np.vstack(preds)', 'cm = confusion_matrix(y_true, np.argmax(preds))'];
    assert.deepStrictEqual(brief(lintLines(lines)), [['argmax-batch-axis', 11, 'suggestion']]);
  });
  it('guards: another shape, other items, or a list changed afterwards: silent', () => {
    const silent2 = (lines, why) => assert.deepStrictEqual(judged(lines), [], why);
    silent2([...loop(), 'labels = np.argmax(preds[0])'], 'one row read back');
    silent2([...loop('model(X_test[i:i+1])'), 'labels = torch.stack(preds).argmax()'], 'stacked: (N, 1, C), not modelled');
    silent2([...loop(), 'labels = np.argmax(np.concatenate(preds, axis=1))'], 'joined on another axis');
    silent2(['labels = np.argmax(np.vstack([model(a[None]).detach().numpy()]))'], 'one row written out: still one sample');
    silent2([...loop('model(X_test[i].unsqueeze(0))[0]'), 'labels = torch.argmax(torch.cat(preds))'], 'rows squeezed to (C,): concatenated flat');
    silent2([...loop('torch.softmax(model(X_test[i:i+1]), 1)'), 'labels = torch.cat(preds).argmax()'], 'an op after the model (not followed yet)');
    silent2([...loop(), 'preds.append(model(X_rest).detach().numpy())', 'labels = np.argmax(np.vstack(preds))'], 'a batch appended after the loop');
    silent2(['preds = [model(X0[None]).detach().numpy()]', ...loop().slice(1), 'labels = np.argmax(np.vstack(preds))'], 'a first item written out before the loop');
    silent2(['preds = []', 'for i in range(len(X_test)):', '    if i % 2:', '        preds.append(model(X_test[i].unsqueeze(0)).detach().numpy())', '    else:',
      '        preds.append(model(X_test[i:i+8]).detach().numpy())', 'labels = np.argmax(np.vstack(preds))'], 'rows on one branch, batches on the other');
    silent2([...loop(), 'preds = load_preds()', 'labels = np.argmax(np.vstack(preds))'], 'reassigned');
    silent2([...loop(), 'if cond:', '    preds = other', 'labels = np.argmax(np.vstack(preds))'], 'reassigned on a branch');
    silent2([...loop(), 'preds.extend(more)', 'labels = np.argmax(np.vstack(preds))'], 'extended');
    silent2([...loop(), 'preds.insert(0, other)', 'labels = np.argmax(np.vstack(preds))'], 'inserted into');
    silent2([...loop(), 'preds[0] = other', 'labels = np.argmax(np.vstack(preds))'], 'an item set');
    silent2([...loop(), 'preds += extra', 'labels = np.argmax(np.vstack(preds))'], 'grown by +=');
    assert.deepStrictEqual(brief(lintLines([...head, ...loop(), 'labels = np.argmax(np.vstack(preds))'])), [], 'no use per sample: a flattened argmax may be meant');
  });
});

describe('round 46: per-class and per-threshold loops over logits', () => {
  before(() => initPython());
  // A trained 5-label model with no final activation (lines 1-9); z its logits (line 10).
  const head = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 5))',
    'loss_fn = nn.BCEWithLogitsLoss()', 'for xb, yb in loader:', '    loss = loss_fn(model(xb), yb)', '    loss.backward()', 'z = model(X_test).detach().numpy()'];
  const judged = (lines) => brief(lintLines([...head, ...lines]));

  it('a loop over probability thresholds written out: each cut of the logits reported, with no edit of the name', () => {
    assert.deepStrictEqual(judged(['for t in [0.3, 0.5, 0.7]:', '    pred = (z > t).astype(int)', '    print(t, f1_score(y_test, pred, average="macro"))']), [['threshold-logits', 12, 'none']]);
    assert.deepStrictEqual(judged(['thresholds = (0.3, 0.5, 0.7)', 'for thr in thresholds:', '    print(f1_score(y_test, np.greater(z, thr), average="macro"))']), [['threshold-logits', 13, 'none']]);
    assert.deepStrictEqual(judged(['for t in [0.4, 0.6]:', '    print(f1_score(y_test, np.where(z >= t, 1, 0), average="macro"))']), [['threshold-logits', 12, 'none']]);
    const [f] = lintLines([...head, 'for t in [0.3, 0.5, 0.7]:', '    print(f1_score(y_test, z > t, average="macro"))']).findings;
    assert.match(f.message, /Thresholding at 0\.3/);
  });
  it('a loop over the columns of z.T (one class\'s logits each): the cut at 0.5 reported, with the fix to 0', () => {
    assert.deepStrictEqual(judged(['for col in z.T:', '    print((col > 0.5).mean())']), [['threshold-logits', 12, 'fix']]);
    assert.deepStrictEqual(judged(['for c, col in enumerate(z.T):', '    print(c, f1_score(y_test[:, c], col > 0.5))']), [['threshold-logits', 12, 'fix']]);
  });
  it('guards: thresholds we do not know, that change, a sweep from 0, or probabilities: silent', () => {
    const silent2 = (lines, why) => assert.deepStrictEqual(judged(lines), [], why);
    const use = '    print(f1_score(y_test, z > t, average="macro"))';
    silent2(['for t in np.arange(0.1, 0.9, 0.1):', use], 'a range we do not compute');
    silent2(['for t in thresholds_from_cli:', use], 'thresholds we do not know');
    silent2(['thr = [0.3, 0.5]', 'thr.append(x)', 'for t in thr:', use], 'one appended afterwards');
    silent2(['thr = [0.3, 0.5]', 'thr[0] = x', 'for t in thr:', use], 'one set afterwards');
    silent2(['thr = [0.3, 0.5]', 'if cond:', '    thr = load()', 'for t in thr:', use], 'replaced on a branch');
    silent2(['for t in [0.0, 0.3, 0.5]:', use], 'a sweep from 0 (its ends taken on purpose)');
    silent2(['for t in [0.3, 0.5]:', '    t = t * 10', use], 'the name rebound in the body');
    silent2(['for t in [0.3, 0.5]:', '    if (z > t).mean() > 0.9:', '        break'], 'a loop that may stop early');
    silent2(['p = torch.sigmoid(torch.as_tensor(z)).numpy()', 'for t in [0.3, 0.5, 0.7]:', '    print(f1_score(y_test, p > t, average="macro"))'], 'probabilities');
    silent2(['def sweep(s, ts=(0.3, 0.5)):', '    for t in ts:', '        print(f1_score(y_test, s > t, average="macro"))', 'sweep(z, ts=user_ts)'], 'thresholds given by the caller');
    silent2(['p = torch.sigmoid(torch.as_tensor(z)).numpy()', 'for col in p.T:', '    print((col > 0.5).mean())'], 'columns of probabilities');
  });
});

describe('round 46: a logits module under skorch NeuralNetClassifier with NLLLoss (the log of raw logits)', () => {
  before(() => initPython());
  const net = (ctor, last = 'self.fc(x)', extra = []) => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'from skorch import NeuralNet, NeuralNetClassifier, NeuralNetBinaryClassifier',
    'class Net(nn.Module):', '    def __init__(self, n_out=3):', '        super().__init__()', '        self.fc = nn.Linear(20, n_out)', '    def forward(self, x):', `        return ${last}`,
    ...extra, `net = ${ctor}`, 'net.fit(X, y)'];
  it('the default criterion, or NLLLoss given: reported on the net, no edit offered', () => {
    const r = lintLines(net('NeuralNetClassifier(Net, max_epochs=5)'));
    assert.deepStrictEqual(brief(r), [['nll-loss-input', 11, 'none']]);
    assert.match(r.findings[0].message, /default criterion of NeuralNetClassifier/);
    assert.match(r.findings[0].message, /is raw logits: the output layer has no activation/);
    assert.match(r.findings[0].message, /keep the logits and pass criterion=nn\.CrossEntropyLoss/);
    assert.deepStrictEqual(brief(lintLines(net('NeuralNetClassifier(Net, criterion=torch.nn.NLLLoss, lr=0.1)'))), [['nll-loss-input', 11, 'none']]);
    assert.deepStrictEqual(brief(lintLines(net('NeuralNetClassifier(nn.Sequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 3)))'))), [['nll-loss-input', 11, 'none']]);
  });
  it('guards: another criterion, another net, or an output we cannot tell: silent', () => {
    silent(net('NeuralNetClassifier(Net, criterion=nn.CrossEntropyLoss)'), 'CrossEntropyLoss takes logits');
    silent(net('NeuralNetBinaryClassifier(Net, module__n_out=1)'), 'the binary net: BCEWithLogitsLoss by default');
    // (NeuralNet applies NLLLoss to the output as it is: log-probabilities are right; round 47.)
    silent(net('NeuralNet(Net, criterion=nn.NLLLoss)', 'F.log_softmax(self.fc(x), dim=-1)'), 'NeuralNet applies NLLLoss as it is');
    silent([...net('NeuralNetClassifier(Net)'), 'net.set_params(criterion=nn.CrossEntropyLoss)'], 'a criterion set afterwards');
    silent([...net('NeuralNetClassifier(Net)'), 'net.criterion = nn.CrossEntropyLoss'], 'a criterion set as an attribute');
    silent(net('MyNet(Net)', 'self.fc(x)', ['class MyNet(NeuralNetClassifier):', '    def get_loss(self, y_pred, y_true, *a, **kw):', '        return F.cross_entropy(y_pred, y_true)']), 'a subclass with its own get_loss');
    silent(net('NeuralNetClassifier(Net, criterion=my_criterion)'), 'a criterion we do not know');
    silent(net('NeuralNetClassifier(Net, **cfg)'), 'settings we cannot see');
    silent(net('NeuralNetClassifier(Net)', 'F.softmax(self.fc(x), dim=-1)'), 'probabilities: right');
    silent(net('NeuralNetClassifier(Net)', 'F.relu(self.fc(x))'), 'no logits');
    silent(net('NeuralNetClassifier(Net)', 'self.fc(x) if self.training else F.softmax(self.fc(x), -1)'), 'one activation or another');
  });
});

describe('round 46: trainer.predict(ds) after a Trainer subclass\'s own compute_loss', () => {
  before(() => initPython());
  // A workspace model trained with the logits loss (lines 1-11), whatever `ret` returns.
  const model = (ret = '{"loss": nn.functional.binary_cross_entropy_with_logits(z, labels.float()), "logits": z}') => ['import numpy as np', 'import torch', 'import torch.nn as nn',
    'from transformers import Trainer, TrainingArguments', 'class Clf(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(30, 1)',
    '    def forward(self, features, labels=None):', '        z = self.fc(features)', `        return ${ret}`];
  // Lines 12-15: the subclass (its compute_loss returns `outs` with the loss); 16: the trainer.
  const sub = (outs = 'out', params = 'model, inputs, return_outputs=False, **kw') => ['class LossTrainer(Trainer):', `    def compute_loss(self, ${params}):`, '        out = model(**inputs)',
    `        return (out["loss"], ${outs}) if return_outputs else out["loss"]`];
  const trainer = (extra = '') => `trainer = LossTrainer(model=Clf(), args=TrainingArguments("o")${extra})`;
  // Lines 17-20: the decisions on the predictions.
  const uses = ['out = trainer.predict(test_ds)', 'labels_hat = (out.predictions > 0.5).astype(int)', 'preds, label_ids, metrics = trainer.predict(test_ds)', 'lh2 = (preds >= 0.5).astype(int)'];

  it('compute_loss returning the model\'s outputs, which the model gives without labels too: both cuts on logits reported', () => {
    assert.deepStrictEqual(brief(lintLines([...model(), ...sub(), trainer(), ...uses])), [['threshold-logits', 18, 'fix'], ['threshold-logits', 20, 'fix']]);
    assert.deepStrictEqual(brief(lintLines([...model(), ...sub('{"logits": out["logits"]}'), trainer(), ...uses])).map((f) => f.slice(0, 2)), [['threshold-logits', 18], ['threshold-logits', 20]], 'a dict of its own, of the same logits');
  });
  it('guards: outputs that differ from the model\'s, or predictions changed or not asked for: silent', () => {
    silent([...model(), ...sub('{"probs": torch.sigmoid(out["logits"])}'), trainer(), ...uses], 'probabilities with labels, logits without');
    silent([...model('{"loss": nn.functional.binary_cross_entropy_with_logits(z, labels.float()), "logits": z} if labels is not None else {"probs": torch.sigmoid(z)}'), ...sub(), trainer(), ...uses], 'the model\'s own outputs differ without labels');
    silent([...model(), ...sub('out', 'model, inputs'), trainer(), ...uses], 'a compute_loss that cannot return outputs');
    silent([...model(), ...sub(), trainer(', preprocess_logits_for_metrics=lambda z, y: torch.sigmoid(z)'), ...uses], 'preprocess_logits_for_metrics applies the sigmoid');
    silent([...model(), ...sub(), '    def prediction_step(self, model, inputs, prediction_loss_only, ignore_keys=None):', '        return (None, torch.sigmoid(model(**inputs)["logits"]), None)', trainer(), ...uses], 'a prediction_step of its own');
    silent([...model(), ...sub(), trainer(), 'trainer.model = torch.load("best.pt")', ...uses], 'another model put in the trainer');
    silent([...model(), ...sub(), trainer(), 'out = trainer.predict(test_ds, ignore_keys=["logits"])', 'labels_hat = (out.predictions > 0.5).astype(int)'], 'ignore_keys');
  });
});
