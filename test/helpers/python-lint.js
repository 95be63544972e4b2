// One Python file linted in memory, its findings reduced to what the fix-safety tests compare.
const { lintProject } = require('../../out/rules');

const HEADER = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'x = torch.randn(4, 8); y = torch.ones(4, 1)'];

function lint(lines, file = '/virtual/train.py') {
  const text = lines.join('\n') + '\n';
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
  return r.findings.map((f) => ({ rule: f.ruleId, fix: f.fix?.title, suggestions: f.suggestions.map((s) => s.title), suggested: f.suggestions.flatMap((s) => s.edits.map((e) => e.text)) }));
}

module.exports = { HEADER, lint };
