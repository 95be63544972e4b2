// One JavaScript file linted in memory, each finding reduced to its rule, whether it has a safe fix,
// and how many suggestions it offers (what the fix-safety tests compare).
const { lintProject } = require('../../out/rules');

function lintJs(lines, file = '/virtual/app.js') {
  const text = lines.join('\n') + '\n';
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }).findings.map((f) => ({ rule: f.ruleId, fix: !!f.fix, suggestions: f.suggestions.length }));
}

module.exports = { lintJs };
