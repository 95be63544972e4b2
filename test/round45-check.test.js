// Session 45 (red team round 44, the `check` command and parse errors). Every case fails on 5b92fbe
// but the guards, named in their titles.
const assert = require('assert');
const path = require('path');
const { initPython, lintProject } = require('../out/rules');
const { checkCommand } = require('../out/server/check/command');
const { checkInputOf } = require('../out/server/check/fix-kind');
const { computeCheck } = require('../out/server/check/compute');
const { planReplica } = require('../out/server/check/replica');
const { formatText } = require('../out/server/check/report');
const { cannedReport } = require('./check-helpers');

const ROOT = path.join(__dirname, '..');

/** The findings of one in-memory file. */
function lintText(name, text) {
  const file = `/virtual/${name}`;
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
}

describe('round 45: check names a notebook finding by its cell', function () {
  this.timeout(30000);
  before(() => initPython());
  it('the header says nb.ipynb:cell 3:3, as the linter does, not the JSON line', async () => {
    const out = { stdout: '', stderr: '' };
    const io = { stdout: { write: (s) => (out.stdout += s) }, stderr: { write: (s) => (out.stderr += s) }, cwd: ROOT };
    const deps = { lint: (paths) => lintProject(paths, {}), run: async (input) => cannedReport({ ruleId: input.ruleId }) };
    const nb = 'fixtures/python/rules/nll-loss-input/bad_nb_torch_nll_on_logits.ipynb';
    assert.strictEqual(await checkCommand([nb], io, deps), 0, out.stderr);
    assert.strictEqual(out.stdout.split('\n')[0], `logit-lint check: nll-loss-input \u2014 ${nb}:cell 3:3`);
  });
});

describe('round 45: check names the metric as the code writes it', function () {
  this.timeout(60000);
  before(() => initPython());
  const checked = async (name, text) => {
    const [finding] = lintText(name, text).findings.filter((f) => f.ruleId === 'accuracy-metric-on-logits');
    assert.ok(finding, 'the finding');
    return formatText(await computeCheck(checkInputOf(finding), { epochs: 2 }));
  };
  it('tfjs: metrics: [tf.metrics.binaryAccuracy] is named so, not as metrics: [\'accuracy\']', async () => {
    const text = await checked('app.js', [
      "import * as tf from '@tensorflow/tfjs';",
      'const model = tf.sequential();',
      "model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [6] }));",
      'model.add(tf.layers.dense({ units: 1 }));',
      "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy, metrics: [tf.metrics.binaryAccuracy] });",
    ].join('\n'));
    assert.doesNotMatch(text, /\['accuracy'\]/);
    assert.match(text, /^Verdict: tf\.metrics\.binaryAccuracy thresholds the logits at 0\.5,/m);
    assert.match(text, /as written: .*decision tf\.metrics\.binaryAccuracy \(threshold 0\.5\)/);
  });
  it('Keras metrics=["accuracy"] is named as written, "accuracy", resolved to binaryAccuracy', async () => {
    const text = await checked('train.py', [
      'from tensorflow import keras',
      'model = keras.Sequential([keras.layers.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])',
      'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])',
    ].join('\n'));
    assert.match(text, /^Verdict: "accuracy" is binaryAccuracy: it thresholds the logits at 0\.5,/m);
  });
});

describe('round 45: check states that argmax over axis 1 takes the output as (batch, 1)', () => {
  const plan = (decision) => planReplica({ ruleId: 'argmax-single-unit', facts: { framework: 'pytorch', layers: [{ kind: 'dense', units: 1 }], loss: 'torch.BCEWithLogitsLoss', decision } });
  it("PyTorch's argmax(1): the replica's decision is argMax(1), with the shape assumption noted", () => {
    const p = plan('argmax(1)');
    assert.deepStrictEqual(p.written.decision, { kind: 'argMax', axis: 1 });
    assert.ok(p.notes.some((n) => /shape \(batch, 1\)/.test(n)), p.notes.join('\n'));
    assert.ok(!p.notes.some((n) => /is not the one this rule is about/.test(n)), p.notes.join('\n'));
  });
  it('guard: argMax(-1) needs no shape assumption', () => {
    assert.ok(!plan('argMax(-1)').notes.some((n) => /shape \(batch, 1\)/.test(n)));
  });
});

describe('round 45: parse errors CPython reports that tree-sitter lets through', () => {
  before(() => initPython());
  const problems = (lines) => lintText('f.py', `${lines.join('\n')}\n`).problems.map((p) => p.message);
  it('pasted console output `Accuracy: 86.67%`: invalid syntax at the end of its line', () => {
    assert.deepStrictEqual(problems(['import torch', 'x = 1', 'Accuracy: 86.67%', 'y = 2']), ['Parsing error: invalid syntax at line 3, column 17']);
    // (A comment after it: CPython points at the comment.)
    assert.deepStrictEqual(problems(['import torch', 'Loss: 0.5 -  # note', 'print(x)']), ['Parsing error: invalid syntax at line 2, column 14']);
  });
  it('`Epoch [50/50], Loss: 0.31`, `[a]: int`: only single target can be annotated', () => {
    assert.deepStrictEqual(problems(['import torch', 'x = 1', 'Epoch [50/50], Loss: 0.31', 'y = 2']), ['Parsing error: only single target (not tuple) can be annotated at line 3, column 1']);
    assert.deepStrictEqual(problems(['import torch', '[a]: int']), ['Parsing error: only single target (not list) can be annotated at line 2, column 1']);
    assert.deepStrictEqual(problems(['import torch', '(a, b): int = 1, 2']), ['Parsing error: only single target (not tuple) can be annotated at line 2, column 1']);
  });
  it('guard: annotations CPython compiles', () => {
    assert.deepStrictEqual(problems(['import torch', '(a): int = 1', 'b: Dict[', '    str, int] = {}', 'c: "x" \\', '    "y" = 1', 'd: int = (', '    1)', 'e.f: int', 'g[0]: int = 2']), []);
  });
  it('a form feed inside an indent starts the count again: `    \\f  b` dedents to no level', () => {
    assert.deepStrictEqual(problems(['import torch', 'if x:', '    a = 1', '    \f  b = 2']), ['Parsing error: unindent does not match any outer indentation level at line 4, column 8']);
  });
  it('guard: form feeds that CPython accepts', () => {
    assert.deepStrictEqual(problems(['import torch', 'if x:', '    a = 1', '  \f    b = 2', '\f    c = 3', '    \fd = 4', '\f', 'e = 5']), []);
  });
});
