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

describe('round 48: a module written by a `%%writefile` cell and imported by a later cell', () => {
  before(() => initPython());
  const { lintProject } = require('../out/rules');
  const notebook = (cells) => JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })),
    metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 });
  const NET = (head) => `import torch\nfrom torch import nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 1)\n    def forward(self, x):\n        return ${head}\n`;
  const SIGMOID = NET('torch.sigmoid(self.fc(x))');
  const LOGITS = NET('self.fc(x)');
  const TRAIN = (from) => `import torch\nfrom torch import nn\n${from}\nmodel = Net()\nx, y = torch.randn(8, 16), torch.rand(8, 1)\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n`;
  /** Lints /p/nb.ipynb of `cells`, with `disk` ({ relative path: text }) beside it. */
  const run = (cells, disk = {}) => {
    const files = new Map([['/p/nb.ipynb', notebook(cells)], ...Object.entries(disk).map(([k, v]) => [`/p/${k}`, v])]);
    return lintProject(['/p/nb.ipynb'], {}, { readFile: (f) => files.get(f) });
  };

  it('`%%writefile netmod.py` then `from netmod import Net`: the sigmoid in the written module is found', () => {
    const r = run([`%%writefile netmod.py\n${SIGMOID}`, TRAIN('from netmod import Net')]);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), [RULE]);
    // (Named in the cell that writes it: session 37 mended the CLI's `netmod.py:8`, a file no disk has.)
    assert.match(r.findings[0].message, /\(cell 1, line 9\)/);
    // No edit is offered in the written module (no such file exists to edit).
    for (const fix of [r.findings[0].fix, ...r.findings[0].suggestions].filter(Boolean)) {
      assert.ok(fix.edits.every((e) => e.file === '/p/nb.ipynb'), fix.title);
    }
    const rel = r.findings[0].related.find((x) => /sigmoid/.test(x.message));
    assert.ok(rel && rel.file === '/p/nb.ipynb', JSON.stringify(r.findings[0].related));
  });

  it('a written module in a folder (`%%writefile src/model.py`, `-a` appending, a quoted path), imported as a package module or after sys.path', () => {
    for (const [write, from] of [
      [`%%writefile src/model.py\n${SIGMOID}`, 'from src.model import Net'],
      [`%%writefile "src/model.py"\n${SIGMOID}`, 'import sys\nsys.path.append("src")\nfrom model import Net'],
    ]) {
      const r = run([write, TRAIN(from)]);
      assert.deepStrictEqual(r.findings.map((f) => f.ruleId), [RULE], write);
    }
    const head = SIGMOID.split('class')[0];
    const r = run([`%%writefile netmod.py\n${head}`, `%%writefile -a netmod.py\nclass${SIGMOID.split('class')[1]}`, TRAIN('from netmod import Net')]);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), [RULE], '-a');
  });

  it('guard: a netmod.py on disk wins over the cell (the disk\'s module has no sigmoid: nothing found)', () => {
    assert.deepStrictEqual(run([`%%writefile netmod.py\n${SIGMOID}`, TRAIN('from netmod import Net')], { 'netmod.py': LOGITS }).findings, []);
    // And the other way round: the disk's sigmoid is found, whatever the cell writes.
    assert.deepStrictEqual(run([`%%writefile netmod.py\n${LOGITS}`, TRAIN('from netmod import Net')], { 'netmod.py': SIGMOID }).findings.map((f) => f.ruleId), [RULE]);
  });

  it('guard: the cell\'s body is not the notebook\'s code (Net is not defined there without the import), and a module the notebook does not write stays unknown', () => {
    assert.deepStrictEqual(run([`%%writefile netmod.py\n${SIGMOID}`, TRAIN('')]).findings, []);
    assert.deepStrictEqual(run([`%%writefile netmod.py\n${SIGMOID}`, TRAIN('from othermod import Net')]).findings, []);
    assert.deepStrictEqual(run([`%%writefile $name\n${SIGMOID}`, TRAIN('from netmod import Net')]).findings, []);
  });

  it('guard: another file importing the module the notebook writes does not read the cell (it may run before the notebook did)', () => {
    const files = new Map([['/p/nb.ipynb', notebook([`%%writefile netmod.py\n${SIGMOID}`])], ['/p/train.py', TRAIN('from netmod import Net')]]);
    const r = lintProject(['/p/nb.ipynb', '/p/train.py'], {}, { readFile: (f) => files.get(f) });
    assert.deepStrictEqual(r.findings, []);
  });
});
