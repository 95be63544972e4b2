// A notebook's cells as one program and back (server/lsp/notebook-program.ts), without a server.
const assert = require('node:assert/strict');
const { cellAtLine, cellMessage, notebookOfProgram, notebookProgram, programPath, toCell } = require('../out/server/lsp/notebook-program');

const pos = (line, character) => ({ line, character });
const CELLS = [
  { uri: 'c0', index: 0, version: 1, text: 'import torch\n%matplotlib inline\n!pip install x' },
  // index 1 is a markdown cell: not in the program, but counted in the names
  { uri: 'c2', index: 2, version: 4, text: 'model = f()\n' },
  { uri: 'c3', index: 3, version: 1, text: 'loss = g(model)' },
];

describe('notebook program (cells <-> one Python text)', () => {
  const program = notebookProgram(CELLS);

  it('joins the cells with one newline each, IPython lines blanked to the same length', () => {
    assert.equal(program.text, `import torch\n${' '.repeat('%matplotlib inline'.length)}\n${' '.repeat('!pip install x'.length)}\nmodel = f()\n\nloss = g(model)\n`);
    assert.deepEqual(program.cells.map((c) => [c.uri, c.startLine, c.lines]), [['c0', 0, 3], ['c2', 3, 2], ['c3', 5, 1]]);
    assert.equal(cellAtLine(program, 4).uri, 'c2');
    assert.equal(cellAtLine(program, 6), undefined);
  });

  it('blanks whole cells the way the command line does: an automagic cell of one line, a non-Python cell magic', () => {
    const p = notebookProgram([
      { uri: 'a', index: 0, version: 1, text: '\npip install torch' },
      { uri: 'b', index: 1, version: 1, text: '%%bash\nls (' },
      { uri: 'c', index: 2, version: 1, text: 'time = 3\nx = torch.ones(time)' },
    ]);
    assert.equal(p.text, `\n${' '.repeat(17)}\n${' '.repeat(6)}\n${' '.repeat(4)}\ntime = 3\nx = torch.ones(time)\n`);
  });

  it('maps a program range into its cell; a squiggle running into the next cell ends with its own', () => {
    assert.deepEqual(toCell(program, { start: pos(5, 7), end: pos(5, 15) }, true), { cell: program.cells[2], range: { start: pos(0, 7), end: pos(0, 15) } });
    const clamped = toCell(program, { start: pos(3, 0), end: pos(5, 0) }, true);
    assert.equal(clamped.cell.uri, 'c2');
    assert.deepEqual(clamped.range, { start: pos(0, 0), end: pos(1, 0) });
  });

  it('an edit across two cells has no place in either', () => {
    assert.equal(toCell(program, { start: pos(4, 0), end: pos(5, 4) }, false), undefined);
    // Up to the end of the cell's last line (before the joining newline) it is the cell's own.
    assert.deepEqual(toCell(program, { start: pos(0, 0), end: pos(2, 15) }, false).range, { start: pos(0, 0), end: pos(2, 15) });
  });

  it('names evidence lines by cell: its own line in the same cell, "cell N, line M" in another', () => {
    assert.equal(cellMessage(program, 'sigmoid (line 4); also (line 6)', program.cells[2]), 'sigmoid (cell 3, line 1); also (line 1)');
    assert.equal(cellMessage(program, 'in another file (model.py:4)', program.cells[2]), 'in another file (model.py:4)');
  });

  it('the program sits beside its notebook, and back', () => {
    assert.equal(programPath('/w/a.ipynb'), '/w/a.ipynb.py');
    assert.equal(notebookOfProgram('/w/a.ipynb.py'), '/w/a.ipynb');
    assert.equal(notebookOfProgram('/w/a.py'), undefined);
  });
});
