// A jupytext script (a notebook kept as .py: `# %%` cells, a YAML header) comments its IPython magics
// out: its `# %run train.py` runs train.py in its namespace as the notebook's `%run` does. The
// model it thresholds at 0.5 is train.py's, so removing train.py's sigmoid is no safe fix. Round 28
// left this; the first case fails on that build, the guard keeps a plain comment a comment.
const assert = require('assert');
const { runCli, useProjects } = require('./cli-helpers');

const train = 'import torch\nimport torch.nn as nn\n\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n';
const reader = (header) => `${header}import torch\npreds = (model(torch.randn(3, 4)) > 0.5).long()\n`;

describe('jupytext: `# %run train.py`', () => {
  const project = useProjects();
  const dryRun = (dir) => runCli(['--no-config', '--fix-dry-run', '.'], { cwd: dir }).stderr;

  it('in a percent-format script (YAML header or `# %%` cells only): train.py\'s sigmoid removal is left to the user', () => {
    const headers = [
      '# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       format_name: percent\n# ---\n\n# %%\n# %run train.py\n\n# %%\n',
      '# %%\n# %run -i train.py\n\n# %%\n',
      '# %%\n#%run train\n# %%\n',
    ];
    for (const h of headers) assert.match(dryRun(project({ 'train.py': train, 'analysis.py': reader(h) })), /0 fixes would change 0 files; 1 problem would remain/, h);
  });

  it('guard: the same comment in a plain script (no jupytext cells) is a comment: the fix applies', () => {
    assert.match(dryRun(project({ 'train.py': train, 'analysis.py': reader('# %run train.py (see the notebook)\n') })), /1 fix would change 1 file/);
  });
});
