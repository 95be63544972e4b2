// Jupyter notebooks: code cells analysed top to bottom as one program, IPython lines skipped,
// sites (and syntax errors) in the .ipynb file's own offsets.
const assert = require('assert');
const { analyse, lineOf, textOf } = require('./python-helpers');
const { notebookCode } = require('../out/rules/engine/python/notebook');
const { notebookJson } = require('./helpers/notebook');

// Code cells carry an output holding the text '"source": []', which the reader must not take for a cell's source.
const TRAP = { outputs: [{ output_type: 'stream', name: 'stdout', text: ['"source": []\n'] }], execution_count: 1 };
const notebook = (cells) => notebookJson(cells.map(([type, src]) => [type, src, type === 'code' ? TRAP : {}]));

describe('python frontend: notebooks', () => {
  it('code cells in order; IPython magics skipped; sites point into the .ipynb text', async () => {
    const nb = notebook([
      ['markdown', '# A "model"\n'],
      ['code', '%matplotlib inline\n!pip install torch\nimport torch\nimport torch.nn as nn\n'],
      ['code', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\ncrit = nn.BCEWithLogitsLoss()\n'],
      ['code', 'loss = crit(model(x), y)\nprint("done\\t\\u00e9")\n'],
    ]);
    const files = { 'nb.ipynb': nb };
    const r = await analyse(files);
    assert.deepStrictEqual(r.problems, []);
    const [loss] = r.events.filter((e) => e.type === 'loss');
    assert.strictEqual(textOf(loss.site, files), 'crit(model(x), y)');
    const f = loss.pred.get();
    assert.strictEqual(f.act, 'sigmoid');
    assert.strictEqual(textOf(f.actSite, files), 'nn.Sigmoid()');
    assert.strictEqual(lineOf(f.actSite, files), nb.split('\n').findIndex((l) => l.includes('nn.Sigmoid()')) + 1);
    // The vocabularies write their edits on the code analysed (the core maps them into the JSON).
    const fix = loss.vocab.switchLoss(loss, 'probabilities');
    assert.strictEqual(fix.edits[0].text, 'BCELoss');
  });

  it('cells that are not Python are skipped (%%bash, %%writefile, an automagic first line, another language in VS Code metadata); %%time cells are read', async () => {
    const nb = JSON.parse(notebook([
      ['code', 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n'],
      ['code', '%%bash\nfor f in *.csv; do\n  echo "$f"\ndone\n'],
      ['code', 'pip install torch==2.4 torchvision\n'],
      ['code', 'time = 3\n'],
      ['code', '%%writefile other.py\nbad = nn.BCEWithLogitsLoss()(model(x), y)\n'],
      ['code', 'SELECT * FROM runs WHERE loss > 0.5\n'],
      ['code', '%%time\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n'],
    ]));
    nb.cells[5].metadata = { vscode: { languageId: 'sql' } };
    const text = JSON.stringify(nb, null, 1);
    const r = await analyse({ 'nb.ipynb': text });
    assert.deepStrictEqual(r.problems, [], 'no parsing error from the shell, pip or SQL cell');
    assert.ok(r.events.length > 0 && /time = 3/.test(notebookCode(text).text), 'an assignment to `time` is Python');
    const losses = r.events.filter((e) => e.type === 'loss');
    assert.deepStrictEqual(losses.map((e) => lineOf(e.site, { 'nb.ipynb': text })), [text.split('\n').findIndex((l) => l.includes('loss = nn.BCE')) + 1]);
  });

  it('a syntax error is reported at its line in the notebook; a broken notebook is one message', async () => {
    const nb = notebook([['code', 'import torch\n'], ['code', 'def f(:\n    pass\n']]);
    const r = await analyse({ 'nb.ipynb': nb, 'bad.ipynb': '{"cells": [' });
    const byFile = Object.fromEntries(r.problems.map((p) => [p.file.split('/').pop(), p]));
    assert.strictEqual(byFile['nb.ipynb'].line, nb.split('\n').findIndex((l) => l.includes('def f(:')) + 1);
    assert.match(byFile['nb.ipynb'].message, /^Parsing error: .* at cell 2, line 1, column 7/);
    assert.match(byFile['bad.ipynb'].message, /not a valid notebook/);
  });
});

describe('notebooks against the same code as a .py file', () => {
  it("bench/notebook.js's 200-cell notebook: the .py file's findings, rules and fixes, at the same code offsets", async () => {
    const { initPython, lintProject } = require('../out/rules');
    const { generateNotebook, asPython } = require('../bench/notebook');
    await initPython();
    const nb = generateNotebook(200);
    const files = { '/nb/exp.ipynb': JSON.stringify(nb, null, 1) + '\n', '/py/exp.py': asPython(nb) };
    const host = { readFile: (f) => files[f] };
    const code = notebookCode(files['/nb/exp.ipynb']);
    // The analysis reads the .py text, but for the IPython lines (blanked there, comments here).
    assert.strictEqual(code.text, files['/py/exp.py'].replace(/^#.*$/gm, (l) => ' '.repeat(l.length)));
    // Raw offset -> offset in the code analysed.
    const inCode = (raw) => code.map.indexOf(raw);
    const view = (f, at) => `${f.ruleId}@${at(f.location.start)}${f.fix ? ' fix' : ''}${f.suggestions.length ? ` ${f.suggestions.length} suggestions` : ''}`;
    const nbFindings = lintProject(['/nb/exp.ipynb'], {}, host).findings.map((f) => view(f, inCode));
    const pyFindings = lintProject(['/py/exp.py'], {}, host).findings.map((f) => view(f, (x) => x));
    assert.ok(pyFindings.length >= 20, pyFindings.join('\n'));
    assert.deepStrictEqual(nbFindings, pyFindings);
  });
  it('a cell without source text (missing, null, not strings) is left out; the other cells are read', () => {
    const raw = JSON.stringify({ cells: [
      { cell_type: 'code', source: 'import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 1))\n' },
      { cell_type: 'code' },
      { cell_type: 'code', source: null },
      { cell_type: 'code', source: [1, 2] },
      { cell_type: 'code', source: ['l = nn.BCELoss()(m(x), y)\n'] },
    ], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    const code = notebookCode(raw);
    assert.strictEqual(typeof code, 'object', String(code));
    assert.deepStrictEqual(code.cells.map((c) => c.index), [1, 5]);
    assert.ok(code.text.includes('l = nn.BCELoss()(m(x), y)'));
  });
});
