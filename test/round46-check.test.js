// Session 46 (red team round 46, the `check` command). Every case but the guards (named in their
// titles) fails on the frozen build of session 34 (/work/s34a): run with LOGIT_LINT_OUT=/work/s34a/out.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const OUT = process.env.LOGIT_LINT_OUT || path.join(__dirname, '..', 'out');
const { initPython, lintProject } = require(path.join(OUT, 'rules'));
const { checkCommand } = require(path.join(OUT, 'server/check/command'));
const { checkInputOf } = require(path.join(OUT, 'server/check/fix-kind'));
const { computeCheck, describeModel } = require(path.join(OUT, 'server/check/compute'));
const { planReplica } = require(path.join(OUT, 'server/check/replica'));
const { formatText } = require(path.join(OUT, 'server/check/report'));
const { cannedReport } = require('./check-helpers');

const ROOT = path.join(__dirname, '..');

/** The findings of one in-memory file. */
function lintText(name, text) {
  const file = `/virtual/${name}`;
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
}

function planOf(name, lines, ruleId) {
  const [finding] = lintText(name, `${lines.join('\n')}\n`).findings.filter((f) => f.ruleId === ruleId);
  assert.ok(finding, `a ${ruleId} finding`);
  return { input: checkInputOf(finding), plan: planReplica(checkInputOf(finding)) };
}

/** checkCommand with the real engine and a canned run (no training). */
async function command(argv, cwd) {
  const out = { stdout: '', stderr: '', runs: [] };
  const io = { stdout: { write: (s) => (out.stdout += s) }, stderr: { write: (s) => (out.stderr += s) }, cwd };
  const deps = { lint: (paths) => lintProject(paths, {}), run: async (input) => (out.runs.push(input), cannedReport({ ruleId: input.ruleId })) };
  out.code = await checkCommand(argv, io, deps);
  return out;
}

const CHURN = [
  'import argparse',
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'p = argparse.ArgumentParser()',
  'p.add_argument("--output-dim", type=int, default=2)',
  'args = p.parse_args()',
  'class Churn(nn.Module):',
  '    def __init__(self, d_in, d_out):',
  '        super().__init__()',
  '        self.h = nn.Linear(d_in, 24)',
  '        self.out = nn.Linear(24, d_out)',
  '    def forward(self, x):',
  '        return F.sigmoid(self.out(F.relu(self.h(x))))',
  'model = Churn(13, args.output_dim)',
  'crit = nn.CrossEntropyLoss()',
  'loss = crit(model(x), y)',
  'pred = model(x).argmax(dim=1)',
];

describe('round 46: check on a loss over classes of unknown width', function () {
  this.timeout(60000);
  before(() => initPython());
  it('CrossEntropyLoss, width from argparse: 2 units, said so; the decision marked as the replica\'s, never greater(0.5)', () => {
    const { plan } = planOf('churn.py', CHURN, 'sigmoid-before-logits-loss');
    assert.strictEqual(plan.written.outputUnits, 2);
    assert.ok(plan.notes.includes('Output width unknown in your code: the replica uses 2 units, the fewest nn.CrossEntropyLoss takes (it is a loss over classes).'), plan.notes.join('\n'));
    assert.ok(plan.notes.includes("Your code's decision is not part of this finding: the replica reads the output with argMax(-1) (the class of the highest output)."), plan.notes.join('\n'));
    assert.ok(!plan.notes.some((n) => /Target 1 is out of bounds/.test(n)), plan.notes.join('\n'));
    assert.strictEqual(describeModel(plan.written), "input 13 \u2192 dense(24, relu) \u2192 dense(2) (the replica's) \u2192 sigmoid; loss tf.losses.softmaxCrossEntropy; decision argMax(-1) (the replica's)");
    assert.strictEqual(describeModel(plan.fixed), "input 13 \u2192 dense(24, relu) \u2192 dense(2) (the replica's); loss tf.losses.softmaxCrossEntropy; decision argMax(-1) (the replica's)");
  });
  it('trained, the loss is not 0.00 in both columns and the probabilities the loss sees are not stuck at 1.00', async () => {
    const { input } = planOf('churn.py', CHURN, 'sigmoid-before-logits-loss');
    const r = await computeCheck(input, { epochs: 3 });
    assert.ok(r.series.written[0].loss > 0.1 && r.series.fixed[0].loss > 0.1, JSON.stringify(r.summary));
    assert.ok(r.summary.lossProbRange[1] < 0.9, JSON.stringify(r.summary.lossProbRange));
    const text = formatText(r);
    assert.match(text, /^ {2}\(the replica below is tfjs: the same head; parts marked \(the replica's\) are not in your code; a PyTorch or Keras loss is trained as the tfjs loss that computes it\)$/m);
    assert.doesNotMatch(text, /greater\(0\.5\)|1\.00\u20131\.00/);
  });
  it("the code's decision, when the finding gives it (argmax(1)), is the replica's decision, unmarked", () => {
    const plan = planReplica({ ruleId: 'sigmoid-before-logits-loss', facts: { framework: 'pytorch', layers: [{ kind: 'dense', activation: 'sigmoid' }], loss: 'torch.CrossEntropyLoss', lossKind: { expects: 'logits', family: 'categorical', display: 'nn.CrossEntropyLoss' }, decision: 'argmax(1)', inputWidth: 4 } });
    assert.deepStrictEqual([plan.written.outputUnits, plan.written.decision], [2, { kind: 'argMax', axis: 1 }]);
    assert.strictEqual(describeModel(plan.written), "input 4 \u2192 dense(2) (the replica's) \u2192 sigmoid; loss tf.losses.softmaxCrossEntropy; decision argMax(1)");
  });
  it('guard: a binary loss of unknown width keeps 1 unit, and says the width is unknown in the code', () => {
    const plan = planReplica({ ruleId: 'sigmoid-before-logits-loss', facts: { framework: 'pytorch', layers: [{ kind: 'dense', activation: 'sigmoid' }], loss: 'torch.BCEWithLogitsLoss', lossKind: { expects: 'logits', family: 'binary', display: 'nn.BCEWithLogitsLoss' }, decision: '> 0.5', inputWidth: 4 } });
    assert.strictEqual(plan.written.outputUnits, 1);
    assert.ok(plan.notes.some((n) => /^Output width unknown.*: the replica uses 1 unit\.$/.test(n)), plan.notes.join('\n'));
  });
});

describe('round 46: check finds a finding that rests on a file importing this one', function () {
  this.timeout(60000);
  let dir;
  before(async () => {
    await initPython();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-r46-'));
    fs.writeFileSync(path.join(dir, 'metrics.py'), ['import numpy as np', '', 'def compute_metrics(p):', '    preds = (p.predictions > 0.5).astype(int)', '    return {"acc": (preds == p.label_ids).mean()}', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'train.py'), [
      'import torch',
      'from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments',
      'from metrics import compute_metrics',
      'model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=5, problem_type="multi_label_classification")',
      'trainer = Trainer(model=model, args=TrainingArguments("o"), train_dataset=train_ds, eval_dataset=val_ds, compute_metrics=compute_metrics)',
      'trainer.train()',
      '',
    ].join('\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check metrics.py:4 lints the file with its folder and checks the threshold-logits finding, saying why', async () => {
    const r = await command(['metrics.py:4'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(r.runs.map((i) => i.ruleId), ['threshold-logits']);
    assert.strictEqual(r.stderr, `logit-lint check: this finding shows only when metrics.py is linted with the other files of .${path.sep} (it rests on files that import it); checked as logit-lint .${path.sep} reports it.\n`);
  });
  it('check metrics.py:4 . lints it with the folder given', async () => {
    const r = await command(['metrics.py:4', '.'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual([r.runs.map((i) => i.ruleId), r.stderr], [['threshold-logits'], '']);
  });
  it('no finding on the line: the message says what was linted and how to give the project', async () => {
    const r = await command(['metrics.py:2'], dir);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.stderr, `logit-lint check: no finding at metrics.py:2.\nFindings in this file:\n  metrics.py:4  threshold-logits\n(Linted with the files of .${path.sep}. A finding may rest on files elsewhere that import this one: give their project's folder, logit-lint check metrics.py:2 <folder>.)\n`);
  });
  it('an importer outside the file\'s folder: linted with the folder the command runs in, as logit-lint . would', async () => {
    const pkg = path.join(dir, 'pkg');
    fs.mkdirSync(pkg, { recursive: true });
    fs.copyFileSync(path.join(dir, 'metrics.py'), path.join(pkg, 'metrics.py'));
    fs.writeFileSync(path.join(dir, 'train2.py'), fs.readFileSync(path.join(dir, 'train.py'), 'utf8').replace('from metrics import', 'from pkg.metrics import'));
    const r = await command([path.join('pkg', 'metrics.py:4')], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(r.runs.map((i) => i.ruleId), ['threshold-logits']);
    assert.strictEqual(r.stderr, `logit-lint check: this finding shows only when metrics.py is linted with the other files of .${path.sep} (it rests on files that import it); checked as logit-lint .${path.sep} reports it.\n`);
    const alone = await command(['metrics.py:4'], pkg);
    assert.strictEqual(alone.code, 1);
    assert.strictEqual(alone.stderr, "logit-lint check: no finding at metrics.py:4.\nThe file has no findings.\n(Linted alone. A finding may rest on files that import this one: give their project's folder, logit-lint check metrics.py:4 <folder>.)\n");
  });
  it('a second argument that is not a folder is a usage error', async () => {
    const r = await command(['metrics.py:4', 'train.py'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /^logit-lint check: give one file, and at most one folder to lint it with\n/);
  });
});

describe('round 46: check behind Flatten() says what the code has and what the replica adds', function () {
  before(() => initPython());
  it('Keras Input((28, 28, 1)) -> Flatten -> Dense(10): no made-up hidden layer, the input width marked as the replica\'s', () => {
    const { plan } = planOf('mnist.py', [
      'import numpy as np',
      'from tensorflow import keras',
      'model = keras.Sequential([keras.layers.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])',
      'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
      'preds = model.predict(x_test)',
      'print((np.argmax(preds) == y_test).mean())',
    ], 'argmax-batch-axis');
    assert.strictEqual(describeModel(plan.written), "input 8 (the replica's) \u2192 dense(10) \u2192 softmax; loss 'sparseCategoricalCrossentropy'; decision argMax()");
    assert.ok(plan.notes.includes('Your code flattens its input (keras.layers.Flatten()) before the first dense layer, and the facts give only its last axis (1), not how many features that layer gets: the replica takes 8 flat features.'), plan.notes.join('\n'));
    assert.ok(!plan.notes.some((n) => /Default trunk|Input in the trunk/.test(n)), plan.notes.join('\n'));
  });
  it('PyTorch nn.Flatten() -> nn.Linear(784, 10): the same', () => {
    const { plan } = planOf('m.py', ['import torch.nn as nn', 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))', 'out = model(x)', 'pred = out.argmax()', 'print((pred == y).float().mean())'], 'argmax-batch-axis');
    assert.deepStrictEqual([plan.written.inputWidth, plan.written.hidden], [8, []]);
    assert.ok(plan.notes.includes('Your code flattens its input (nn.Flatten()) before the first dense layer, and the facts give none of its axes, not how many features that layer gets: the replica takes 8 flat features.'), plan.notes.join('\n'));
  });
  it('a default trunk is marked as the replica\'s in the model line and the report says what the marks mean', () => {
    const plan = planReplica({ ruleId: 'sigmoid-before-logits-loss', facts: { framework: 'keras', layers: [{ kind: 'unknown', name: 'functional trunk' }, { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'keras.binary_crossentropy', lossKind: { expects: 'logits', family: 'binary', display: 'BinaryCrossentropy(from_logits=True)' }, decision: '> 0.5', inputWidth: 6 } });
    const written = describeModel(plan.written);
    assert.strictEqual(written, "input 6 \u2192 dense(16, relu) (the replica's) \u2192 dense(1) \u2192 sigmoid; loss tf.losses.sigmoidCrossEntropy; decision greater(0.5)");
    const text = formatText(cannedReport({ models: { code: 'Keras: x', written, fixed: written } }));
    assert.match(text, /^ {2}\(the replica below is tfjs: the same head and decision; parts marked \(the replica's\) are not in your code; a PyTorch or Keras loss is trained as the tfjs loss that computes it\)$/m);
    // (tfjs code has no line of its own: the marks are explained above the replica.)
    const tfjs = formatText(cannedReport({ models: { written, fixed: written } })).split('\n');
    assert.deepStrictEqual(tfjs.slice(2, 4), ["  (parts marked (the replica's) are not in your code)", `  as written:   ${written}`]);
  });
  it('a Flatten after the first dense layer is left out (no default trunk), the input width as written', () => {
    const plan = planReplica({ ruleId: 'argmax-batch-axis', facts: { framework: 'keras', layers: [{ kind: 'dense', units: 8, activation: 'relu' }, { kind: 'unknown', name: 'Flatten' }, { kind: 'dense', units: 3, activation: 'softmax' }], decision: 'argmax()', inputWidth: 5 } });
    assert.strictEqual(describeModel(plan.written).split(';')[0], 'input 5 \u2192 dense(8, relu) \u2192 dense(3) \u2192 softmax');
  });
});

describe('round 46: check reads a notebook position as cell N and cell N:LINE, any case', function () {
  this.timeout(60000);
  before(() => initPython());
  const nb = 'fixtures/python/rules/nll-loss-input/bad_nb_torch_nll_on_logits.ipynb';
  for (const pos of ['cell 3', 'Cell 3', 'Cell 3:3', 'CELL3:3:1']) {
    it(`${nb}:${pos} checks the finding at cell 3:3`, async () => {
      const r = await command([`${nb}:${pos}`], ROOT);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(r.stdout.split('\n')[0], `logit-lint check: nll-loss-input \u2014 ${nb}:cell 3:3`);
    });
  }
  it('a position that is not one says which formats are read, not that the file cannot be read', async () => {
    const r = await command([`${nb}:cell three`], ROOT);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stderr, `logit-lint check: 'cell three' is not a position in ${nb}; give <file>:<line>, or in a notebook <file>:cell N or <file>:cell N:<line>\n`);
  });
  it('a cell in a file that is no notebook is said so', async () => {
    const r = await command(['fixtures/check/side-effects.js:cell 2'], ROOT);
    assert.deepStrictEqual([r.code, r.stderr], [2, 'logit-lint check: fixtures/check/side-effects.js is not a notebook, which has no cells; give <file>:<line>\n']);
  });
  it('guard: a file that is not there still cannot be read', async () => {
    const r = await command(['no/such/nb.ipynb:cell 3:3'], ROOT);
    assert.strictEqual(r.stderr, 'logit-lint check: cannot read no/such/nb.ipynb\n');
  });
});

describe('round 46: check of an extra sigmoid before a loss over classes on one unit', function () {
  this.timeout(60000);
  it('the verdict says the softmax over one unit is 1 with or without the sigmoid, not that the sigmoid keeps it at 1.00', async () => {
    const r = await computeCheck({ ruleId: 'sigmoid-before-logits-loss', facts: { framework: 'pytorch', layers: [{ kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'torch.CrossEntropyLoss', lossKind: { expects: 'logits', family: 'categorical', display: 'nn.CrossEntropyLoss' }, inputWidth: 4 } }, { epochs: 2 });
    assert.strictEqual(r.verdict, 'Over one unit tf.losses.softmaxCrossEntropy sees a softmax of 1.00 for every sample, with the sigmoid or without it: the loss is 0.00 as written and 0.00 with the fix, and removing the sigmoid alone cannot make this model train (a loss over classes needs two units at least).');
  });
});
