// A fix inside an installable Python package (pyproject.toml [project] / [tool.poetry], setup.py,
// setup.cfg; flat or src/ layout) is a suggestion: the package's users call its helpers and read
// its models with code no run sees. Round 28 left this (a threshold rewritten inside a package's
// public `binary_accuracy`); the first case fails on that build, the guards keep --fix where the
// edited file is no package module of a distribution.
const assert = require('assert');
const { runCli, useProjects } = require('./cli-helpers');

const helper = 'import torch\n\n\ndef binary_accuracy(scores, labels):\n    preds = (scores > 0.5).float()\n    return (preds == labels).float().mean()\n';
const train = (from) => `import torch\nimport torch.nn as nn\nfrom ${from} import binary_accuracy\n\nmodel = nn.Sequential(nn.Linear(10, 1))\nloss_fn = nn.BCEWithLogitsLoss()\nfor x, y in loader:\n    out = model(x)\n    loss = loss_fn(out, y)\n    print(binary_accuracy(out, y))\n`;
const model = 'import torch.nn as nn\n\n\ndef build():\n    return nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n';
const fit = (from) => `import torch.nn as nn\nfrom ${from} import build\n\nnet = build()\nloss = nn.BCEWithLogitsLoss()(net(x), y)\n`;

describe('a fix inside an installable package', () => {
  const project = useProjects();
  const messages = (dir) => JSON.parse(runCli(['--no-config', '--format', 'json', '.'], { cwd: dir }).stdout).flatMap((f) => f.messages);
  const dryRun = (dir) => runCli(['--no-config', '--fix-dry-run', '.'], { cwd: dir }).stderr;

  it('a threshold in a helper of a [project] package, a sigmoid in a model of a setup.py / poetry / src-layout package: suggestions that say why', () => {
    const layouts = [
      { 'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "mypkg"\n', 'mypkg/__init__.py': 'from .metrics import binary_accuracy\n', 'mypkg/metrics.py': helper, 'train.py': train('mypkg') },
      { 'setup.py': 'from setuptools import setup\nsetup(name="lib")\n', 'lib/__init__.py': '', 'lib/nets/__init__.py': '', 'lib/nets/model.py': model, 'train.py': fit('lib.nets.model') },
      { 'pyproject.toml': '[tool.poetry]\nname = "lib"\n', 'src/lib/__init__.py': '', 'src/lib/model.py': model, 'scripts/train.py': `import sys\nsys.path.insert(0, "../src")\n${fit('lib.model')}` },
    ];
    for (const files of layouts) {
      const dir = project(files);
      const [m] = messages(dir);
      assert.ok(m, Object.keys(files).join(', '));
      assert.strictEqual(m.fix ?? m.crossFileFix, undefined, Object.keys(files).join(', '));
      assert.match([...(m.suggestions ?? []), ...(m.crossFileSuggestions ?? [])].map((x) => x.desc).join('\n'), /not applied by --fix: it edits \w+\.py, part of an installable package whose users' code this run cannot see/);
      assert.match(dryRun(dir), /0 fixes would change 0 files/);
    }
  });

  it('guards: a pyproject.toml of tool settings only, a script beside the setup.py, a folder without __init__.py: --fix applies', () => {
    const cases = [
      { 'pyproject.toml': '[tool.black]\nline-length = 100\n', 'mypkg/__init__.py': '', 'mypkg/metrics.py': helper, 'train.py': train('mypkg.metrics') },
      { 'setup.py': 'from setuptools import setup\nsetup(name="x")\n', 'model.py': model, 'train.py': fit('model') },
      { 'setup.py': 'from setuptools import setup\nsetup(name="x")\n', 'code/model.py': model, 'code/train.py': fit('model') },
    ];
    for (const files of cases) assert.match(dryRun(project(files)), /1 fix would change 1 file/, Object.keys(files).join(', '));
  });
});
