// Lints in-memory code with the whole engine, rules included: a file from its lines, or a notebook
// from its code cells.
const { lintProject } = require('../out/rules');

/** A file of `text` (its lines) named `name`, linted alone. */
function lintLines(text, name = 'train.py') {
  const file = `/virtual/${name}`;
  return lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
}

/** A notebook of code cells (each a source string), linted. */
function lintCells(cells) {
  const file = '/virtual/nb.ipynb';
  const text = JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })),
    metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 });
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
}

module.exports = { lintLines, lintCells };
