// Round 47's notebook leftovers: a jupytext script (py:percent, `# %%` cells) with IPython lines
// (`!pip install`, `%matplotlib inline`) was a Python syntax error; a module written by a cell's
// `%%writefile` and imported by a later cell was not read.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');
const { pythonFrontend } = require('../out/rules/engine/python/frontend');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const RULE = 'sigmoid-before-logits-loss';
const MODEL = ['model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))'];

describe('round 48: IPython lines in a jupytext (percent) script', () => {
  before(() => initPython());

  it('`# %%` cells with `!pip install` and `%matplotlib inline`: no syntax error, the finding with its fix', () => {
    const r = lintLines(['# %%', '!pip install torch', '%matplotlib inline', 'import torch', 'from torch import nn', '', '# %%', ...MODEL]);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(brief(r), [[RULE, 9, 'fix']]);
  });

  it('the jupytext header alone (no markers), an indented shell escape, `x = !cmd`, and `#%%` markers', () => {
    const header = ['# ---', '# jupyter:', '#   jupytext:', '#     text_representation:', '#       format_name: percent', '# ---', ''];
    for (const lines of [
      [...header, '%matplotlib inline', 'import torch', 'from torch import nn', ...MODEL],
      ['# %%', 'import torch', 'from torch import nn', 'if True:', '    !pip install torchvision', 'files = !ls data', '#%% [markdown]', '# Training', '#%%', ...MODEL],
    ]) {
      const r = lintLines(lines);
      assert.deepStrictEqual(r.problems, [], lines.join('\n'));
      assert.deepStrictEqual(brief(r).map((f) => f[0]), [RULE], lines.join('\n'));
    }
  });

  it('a one-line cell `pip install torch` (an automagic, as in a notebook cell of one line)', () => {
    const r = lintLines(['# %%', 'pip install torch', '', '# %%', 'import torch', 'from torch import nn', ...MODEL]);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(brief(r).map((f) => f[0]), [RULE]);
  });

  it('no edit lands on an IPython line of a jupytext script (what the analysis read there is not its text)', () => {
    const file = '/virtual/pct.py';
    const text = ['# %%', '%time x = 1', '!pip install torch', 'import torch', ''].join('\n');
    const s = pythonFrontend.session({ readFile: (f) => (f === file ? text : undefined) }, {});
    s.analyse(file);
    const at = text.indexOf('!pip');
    assert.strictEqual(s.fileEdits([{ file, start: at, end: at + 4, text: '' }]), undefined, 'on the shell escape');
    assert.strictEqual(s.fileEdits([{ file, start: text.indexOf('%time'), end: text.indexOf('%time') + 5, text: '' }]), undefined, 'on the magic');
    const ok = [{ file, start: text.indexOf('import'), end: text.indexOf('import') + 6, text: 'import' }];
    assert.deepStrictEqual(s.fileEdits(ok), ok, 'guard: elsewhere the edit stands');
  });

  it('guard: a plain .py (no markers, no header) with `!pip install` is still CPython\'s syntax error', () => {
    const r = lintLines(['!pip install torch', 'import torch', 'from torch import nn', ...MODEL]);
    assert.strictEqual(r.problems.length, 1);
    assert.match(r.problems[0].message, /Parsing error/);
  });

  it('guard: `% 3` inside brackets is Python, and `# %%writefile x` (a commented cell magic) is no cell marker', () => {
    const r = lintLines(['# %%', 'import torch', 'from torch import nn', 'print("%d"', '  % 3)', ...MODEL]);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(brief(r).map((f) => f[0]), [RULE]);
    // Were it a marker, `pip install torch` would be a cell of one line (an automagic).
    const two = lintLines(['# %%', 'pip install torch', '# %%writefile x.py', 'import torch']);
    assert.strictEqual(two.problems.length, 1);
  });
});
