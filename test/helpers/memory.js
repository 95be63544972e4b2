// Lints in-memory sources as one program (no disk), for engine tests.
const path = require('path');
const { lintProject } = require('../../out/rules');

const ROOT = path.resolve('/virtual/project');

/** Lints `only` (default: every source) with all sources readable, as one program. */
function lintSources(sources, options = {}, only) {
  const files = Object.fromEntries(Object.entries(sources).map(([name, text]) => [path.join(ROOT, name), text]));
  const host = { readFile: (f) => files[f] };
  const paths = only ? only.map((n) => path.join(ROOT, n)) : Object.keys(files);
  return lintProject(paths, options, host);
}

/** "file:line rule" strings, sorted. */
function summary(result) {
  return result.findings.map((f) => `${path.relative(ROOT, f.location.file)}:${f.location.line} ${f.ruleId}`).sort();
}

module.exports = { ROOT, lintSources, summary };
