'use strict';
// Session 40 (rt52a): a script named like the installed package it imports (`captum.py` saying
// `from captum.attr import IntegratedGradients`) is not a module some file imports by a name we cannot
// resolve: every model-changing fix of the run had become a suggestion ("files this run did not lint,
// or whose imports it could not follow, may use").
const assert = require('assert');
const { runCli, useProjects } = require('./cli-helpers');

const MODEL = ['import torch', 'import torch.nn as nn', 'class FM(nn.Module):', '    def __init__(self, n):', '        super().__init__()', '        self.lin = nn.Linear(n, 1)',
  '    def forward(self, x):', '        return torch.sigmoid(self.lin(x).squeeze(1))', 'model = FM(10)', 'crit = nn.BCEWithLogitsLoss()', 'for x, y in loader:', '    crit(model(x), y.float()).backward()', ''].join('\n');

describe('round 52: a script named like the package it imports', function () {
  this.timeout(60000);
  const project = useProjects();
  const fixes = (dir) => JSON.parse(runCli(['--no-config', '--format', 'json', '.'], { cwd: dir }).stdout).flatMap((f) => f.messages).map((m) => [m.ruleId, !!m.fix]);

  it('captum.py importing captum.attr leaves the sigmoid removal in a.py a safe fix', () => {
    const dir = project({ 'a.py': MODEL, 'captum.py': 'from captum.attr import IntegratedGradients\nx = 1\n' });
    assert.deepStrictEqual(fixes(dir), [['sigmoid-before-logits-loss', true]]);
  });
  it('guard: another file importing `captum` by that name (unresolved from where it is) still may reach captum.py, and so a.py through it', () => {
    const dir = project({ 'a.py': MODEL, 'captum.py': 'from a import model\n', 'tools/run.py': 'from captum import model\nprint(model)\n' });
    assert.deepStrictEqual(fixes(dir), [['sigmoid-before-logits-loss', false]]);
  });
});
