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

describe('round 38: tfjs branches on a constant', () => {
  before(() => initPython());
  const head = ["import * as tf from '@tensorflow/tfjs';", 'const NUM = 1;',
    "const m = tf.sequential({ layers: [tf.layers.dense({ units: NUM, inputShape: [4], activation: NUM === 1 ? 'sigmoid' : 'softmax' })] });",
    'const out = m.predict(tf.zeros([2, 4]));'];
  it('the branch a constant condition never takes is not judged (?: and if)', () => {
    assert.deepStrictEqual(found([...head, 'const pred = NUM === 1 ? out.greater(0.5) : out.argMax(-1);'], false, 'app.js'), []);
    assert.deepStrictEqual(found([...head, 'let pred;', 'if (NUM > 1) { pred = out.argMax(-1); } else { pred = out.greater(0.5); }'], false, 'app.js'), []);
  });
  it('the branch it takes is: the value of the ?: is that branch', () => {
    assert.deepStrictEqual(found([...head, 'const pred = NUM !== 2 ? out.argMax(-1) : out.greater(0.5);'], false, 'app.js'), [['argmax-single-unit', 5]]);
  });
  it("a helper's parameter compared with 1 or 2 is the width its callers give: not judged as always 1", () => {
    const text = ["import * as tf from '@tensorflow/tfjs';",
      "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' })] });",
      'const out = m.predict(tf.zeros([2, 4]));', 'function labels(n) { return n === 1 ? out.greater(0.5) : out.argMax(-1); }', 'labels(1);',
      'function other(k) { if (k > 1) { return out.argMax(-1); } return out.greater(0.5); }', 'other(1);'];
    assert.deepStrictEqual(found(text, false, 'app.js'), []);
  });
  it('guard: a `let` in the condition keeps both branches', () => {
    const text = ["import * as tf from '@tensorflow/tfjs';", 'let NUM = 1;',
      "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' })] });",
      'const out = m.predict(tf.zeros([2, 4]));', 'NUM = 2;', 'const pred = NUM === 1 ? out.greater(0.5) : out.argMax(-1);'];
    assert.deepStrictEqual(found(text, false, 'app.js'), [['argmax-single-unit', 6]]);
  });
});

describe('round 38: a tfjs threshold in an exported function, on its parameter', () => {
  before(() => initPython());
  const head = ["import * as tf from '@tensorflow/tfjs';",
    "const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4] })] });",
    "m.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"];
  const use = 'const pred = toLabels(m.predict(tf.zeros([2, 4])));';
  it('export function, export const arrow, export { name }, module.exports: a suggestion', () => {
    for (const def of ['export function toLabels(out) { return out.greater(0.5); }',
      'export const toLabels = (out) => out.greater(0.5);',
      'function toLabels(out) { return out.greater(0.5); }\nexport { toLabels };',
      'function toLabels(out) { return out.greater(0.5); }\nmodule.exports = { toLabels };']) {
      assert.deepStrictEqual(found([...head, def, use], true, 'app.js'), [['threshold-logits', 4, 'no fix']], def);
    }
  });
  it('guard: a function of the file alone, or one reading no parameter, keeps the safe fix', () => {
    assert.deepStrictEqual(found([...head, 'function toLabels(out) { return out.greater(0.5); }', use], true, 'app.js'), [['threshold-logits', 4, 'fix']]);
    assert.deepStrictEqual(found([...head, 'export function labels(x) { return m.predict(x).greater(0.5); }'], true, 'app.js'), [['threshold-logits', 4, 'fix']]);
  });
});

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
