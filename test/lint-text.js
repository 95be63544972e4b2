// Lints in-memory code with the whole engine, rules included: a file from its lines, or a notebook
// from its code cells.
const { lintProject } = require('../out/rules');

/** A file of `text` (its lines) named `name`, linted alone. */
function lintLines(text, name = 'train.py') {
  const file = `/virtual/${name}`;
  return lintProject([file], {}, { readFile: (f) => (f === file ? text.join('\n') + '\n' : undefined) });
}

/** The notebook's JSON text, of code cells (each a source string). */
function notebookText(cells) {
  return JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })),
    metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 });
}

/** A notebook of code cells (each a source string), linted. */
function lintCells(cells) {
  const file = '/virtual/nb.ipynb';
  const text = notebookText(cells);
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
}

/** The index of the cell (of those lintCells was given) that a finding starts in. */
function cellOf(cells, finding) {
  const text = notebookText(cells);
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    const source = JSON.stringify(cells[i]);
    at = text.indexOf(source, at) + source.length;
    if (finding.location.start < at) return i;
  }
  return undefined;
}

/** The text of a file of `lines` after --fix (safe fixes applied in passes until none is left). */
function fixedLines(lines) {
  const { applySafeFixes } = require('../out/server/cli/fix');
  const file = '/virtual/train.py';
  let text = lines.join('\n') + '\n';
  for (let pass = 0; pass < 6; pass++) {
    const { findings } = lintLines(text.replace(/\n$/, '').split('\n'));
    const { texts, applied } = applySafeFixes(findings, (f) => (f === file ? text : undefined));
    if (!applied) break;
    text = texts.get(file) ?? text;
  }
  return text;
}

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding of a file of `lines`. */
const foundIn = (lines, name) => lintLines(lines, name).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

module.exports = { lintLines, lintCells, cellOf, fixedLines, foundIn };
