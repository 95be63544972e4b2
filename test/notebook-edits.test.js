// notebook.ts / notebook-edits.ts alone: cell positions of raw offsets (escapes count as one
// character, markdown cells count in the numbering) and edits of the joined code turned into edits
// of the JSON that keep its formatting; edits across cells or on IPython lines give no fix.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { notebookCode, cellPositions } = require('../out/rules/engine/python/notebook');
const { notebookEdits } = require('../out/rules/engine/python/notebook-edits');
const { applyEdits } = require('../out/rules');
const { assertValidNotebooks } = require('./helpers/nbformat');
const { notebookJson } = require('./helpers/notebook');

const notebook = notebookJson;

/** Applies `edits` of the joined code (`at`: a snippet of it, `text`: its replacement). */
function fixed(raw, changes) {
  const code = notebookCode(raw);
  const edits = changes.map(({ at, len, text }) => {
    const start = code.text.indexOf(at);
    assert.ok(start >= 0, at);
    return { file: 'nb.ipynb', start, end: start + (len ?? at.length), text };
  });
  const out = notebookEdits(raw, code, edits);
  return out && applyEdits(raw, out);
}

describe('notebooks: cell positions and fix edits', () => {
  it('names a raw offset by its cell (markdown counted), line and column; escapes are one character', () => {
    const raw = notebook([['markdown', '# Title\n'], ['code', 'import torch\n'], ['code', 's = "a\\t\\"é"\nloss = crit(out, y)\n']]);
    const at = cellPositions(raw);
    assert.deepStrictEqual(at(raw.indexOf('loss')), { cell: 3, line: 2, column: 1 });
    assert.deepStrictEqual(at(raw.indexOf('crit')), { cell: 3, line: 2, column: 8 });
    assert.deepStrictEqual(at(raw.indexOf('import')), { cell: 2, line: 1, column: 1 });
    assert.strictEqual(at(raw.indexOf('# Title')), undefined, 'markdown is not code');
    assert.strictEqual(cellPositions('{"cells": ['), undefined);
  });

  it('a list `source` keeps one string per line, each ending in \\n, and the rest of the file byte for byte', () => {
    const raw = notebook([['code', 'import torch.nn as nn\n'], ['code', 'model = nn.Sequential(\n    nn.Linear(4, 1),\n    nn.Sigmoid(),\n)\nx = 1']]);
    const out = fixed(raw, [{ at: 'nn.Linear(4, 1),', text: 'nn.Linear(4, 8),\n    nn.ReLU(),\n    nn.Linear(8, 1),' }]);
    const cells = JSON.parse(out).cells;
    assert.deepStrictEqual(cells[1].source, ['model = nn.Sequential(\n', '    nn.Linear(4, 8),\n', '    nn.ReLU(),\n', '    nn.Linear(8, 1),\n', '    nn.Sigmoid(),\n', ')\n', 'x = 1']);
    assert.strictEqual(out, notebook([['code', 'import torch.nn as nn\n'], ['code', 'model = nn.Sequential(\n    nn.Linear(4, 8),\n    nn.ReLU(),\n    nn.Linear(8, 1),\n    nn.Sigmoid(),\n)\nx = 1']]));
  });

  it('a notebook saved with CRLF (Windows) keeps CRLF between the strings it adds', () => {
    const crlf = (t) => t.replace(/\n/g, '\r\n');
    const raw = crlf(notebook([['code', 'x = nn.Sequential(\n    nn.Linear(4, 1),\n)']]));
    const out = fixed(raw, [{ at: 'nn.Linear(4, 1),', text: 'nn.Linear(4, 1),\n    nn.Sigmoid(),' }]);
    assert.strictEqual(out, crlf(notebook([['code', 'x = nn.Sequential(\n    nn.Linear(4, 1),\n    nn.Sigmoid(),\n)']])));
  });

  it('removing a whole line, the last line of a cell, or two edits in one cell', () => {
    const raw = notebook([['code', 'a = 1\nb = 2\nc = 3'], ['code', 'd = 4\n']]);
    assert.deepStrictEqual(JSON.parse(fixed(raw, [{ at: 'b = 2\n', text: '' }])).cells[0].source, ['a = 1\n', 'c = 3']);
    // The vocabularies remove a last statement with the newline after it: the separator between cells.
    assert.deepStrictEqual(JSON.parse(fixed(raw, [{ at: 'c = 3\n', text: '' }])).cells[0].source, ['a = 1\n', 'b = 2\n']);
    assert.deepStrictEqual(JSON.parse(fixed(raw, [{ at: '1', text: '10' }, { at: '3', text: '30' }])).cells[0].source, ['a = 10\n', 'b = 2\n', 'c = 30']);
  });

  it('a string `source` stays a string; an ASCII-escaped notebook gets \\u escapes for new text', () => {
    const raw = notebook([['code', 'import torch\n'], ['code', 'loss = nn.BCEWithLogitsLoss()  # é\n']], { asString: true, ascii: true });
    const out = fixed(raw, [{ at: 'BCEWithLogitsLoss', text: 'BCELoss' }, { at: '# é', text: '# è' }]);
    assert.strictEqual(out, raw.replace('BCEWithLogitsLoss', 'BCELoss').replace('# \\u00e9', '# \\u00e8'));
    assert.strictEqual(JSON.parse(out).cells[1].source, 'loss = nn.BCELoss()  # è\n');
  });

  it('no fix across two cells or on a blanked IPython line', () => {
    const raw = notebook([['code', '%matplotlib inline\nx = 1\n'], ['code', 'y = 2\n']]);
    const code = notebookCode(raw);
    const x = code.text.indexOf('x = 1');
    const y = code.text.indexOf('y = 2');
    assert.strictEqual(notebookEdits(raw, code, [{ file: 'nb.ipynb', start: x, end: y + 1, text: '' }]), undefined, 'across cells');
    assert.strictEqual(notebookEdits(raw, code, [{ file: 'nb.ipynb', start: 0, end: 3, text: '' }]), undefined, 'on a magic');
    assert.ok(notebookEdits(raw, code, [{ file: 'nb.ipynb', start: x, end: x + 1, text: 'z' }]), 'beside it');
  });

  it('what the edits write loads with nbformat', () => {
    const raw = notebook([['markdown', 'Intro é'], ['code', 'model = nn.Sequential(\n    nn.Linear(4, 1),\n    nn.Sigmoid(),\n)']]);
    const out = fixed(raw, [{ at: ',\n    nn.Sigmoid()', text: '' }, { at: 'model', text: 'net "q"\t' }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-edits-'));
    try {
      fs.writeFileSync(path.join(dir, 'nb.ipynb'), out);
      assert.match(assertValidNotebooks([path.join(dir, 'nb.ipynb')]), /valid nbformat 4 2/);
      assert.deepStrictEqual(JSON.parse(out).cells[1].source, ['net "q"\t = nn.Sequential(\n', '    nn.Linear(4, 1),\n', ')']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('damaged notebooks (characters cut, inserted, values of the wrong type) give a message or code, never an exception', () => {
    const { createRandom } = require('../bench/random');
    const base = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'python', 'rules', 'sigmoid-before-logits-loss', 'bad_nb_torch_model_cell2_loss_cell5.ipynb'), 'utf8');
    const swaps = [['"source": [', '"source": 42, "x": ['], ['"cells": [', '"cells": [null, '], ['"metadata": {', '"metadata": "R", "m": {'], ['"nbformat": 4', '"nbformat": "4"'], ['"language": "python"', '"language": 7']];
    const rng = createRandom(7);
    const kinds = { message: 0, code: 0 };
    for (let i = 0; i < 300; i++) {
      let raw = base;
      const [from, to] = rng.pick(swaps);
      if (rng.chance(0.3)) raw = raw.replace(from, to);
      const at = rng.int(0, raw.length);
      raw = rng.chance(0.5) ? raw.slice(0, at) + raw.slice(at + rng.int(1, 3)) : raw.slice(0, at) + rng.pick(['"', '\\', ',', '[', '}', '\\u12']) + raw.slice(at);
      const code = notebookCode(raw);
      if (typeof code === 'string') {
        kinds.message++;
        assert.doesNotMatch(code, /\n/, 'one line');
        continue;
      }
      kinds.code++;
      const where = cellPositions(raw);
      for (let k = 0; k < 20; k++) where(rng.int(0, raw.length));
      const start = rng.int(0, code.text.length);
      notebookEdits(raw, code, [{ file: 'nb.ipynb', start, end: Math.min(code.text.length, start + rng.int(0, 9)), text: rng.pick(['', 'x', '\n', 'é"']) }]);
    }
    assert.ok(kinds.message > 50 && kinds.code > 50, JSON.stringify(kinds));
  });
});
