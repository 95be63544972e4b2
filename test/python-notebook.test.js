// Jupyter notebooks: code cells analysed top to bottom as one program, IPython lines skipped,
// sites (and syntax errors) in the .ipynb file's own offsets.
const assert = require('assert');
const { analyse, lineOf, textOf } = require('./python-helpers');

function notebook(cells) {
  return JSON.stringify({
    cells: cells.map(([type, src]) => ({ cell_type: type, metadata: {}, source: src.split(/(?<=\n)/), ...(type === 'code' ? { outputs: [{ output_type: 'stream', text: ['"source": []\n'] }], execution_count: 1 } : {}) })),
    metadata: { kernelspec: { name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1);
}

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

  it('a syntax error is reported at its line in the notebook; a broken notebook is one message', async () => {
    const nb = notebook([['code', 'import torch\n'], ['code', 'def f(:\n    pass\n']]);
    const r = await analyse({ 'nb.ipynb': nb, 'bad.ipynb': '{"cells": [' });
    const byFile = Object.fromEntries(r.problems.map((p) => [p.file.split('/').pop(), p]));
    assert.strictEqual(byFile['nb.ipynb'].line, nb.split('\n').findIndex((l) => l.includes('def f(:')) + 1);
    assert.match(byFile['bad.ipynb'].message, /not a valid notebook/);
  });
});
