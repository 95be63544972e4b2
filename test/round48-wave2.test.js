// Red team round 48's second wave (mended in session 36). Every case fails on the build after the
// session's merges (/work/s36b) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');
const { runCli, useProjects } = require('./cli-helpers');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('fix48e: a Process target run in this process, and torch.multiprocessing.spawn', () => {
  before(() => initPython());
  /** A logits model; `worker` rebinds the module's `model` to a sigmoid one; lines 13-14: loss, cut. */
  const program = (...runs) => ['import torch', 'import torch.nn as nn', 'import multiprocessing as mp', 'import threading', 'model = nn.Linear(4, 1)', 'def worker(*a):', '    global model',
    '    model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', ...runs, 'x = torch.randn(8, 4); y = torch.rand(8, 1).round()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'pred = model(x) > 0.5'];
  it('`p.run()` calls the target here: the parent\'s model is the sigmoid one (no rewrite of the cut to 0)', () => {
    for (const made of ['mp.Process(target=worker)', 'mp.Process(target=worker, args=(1,))', 'mp.get_context("spawn").Process(target=worker)']) {
      const r = found(program(`p = ${made}`, 'p.run()'));
      assert.deepStrictEqual(r.filter((f) => f[2] === 'fix'), [], made);
      assert.deepStrictEqual(r.map((f) => f[0]), ['sigmoid-before-logits-loss'], made);
    }
  });
  it('torch.multiprocessing.spawn runs the function in child processes: the parent\'s model stays logits', () => {
    for (const spawn of ['import torch.multiprocessing as tmp\ntmp.spawn(worker, nprocs=2)', 'torch.multiprocessing.spawn(worker, args=(), nprocs=2)']) {
      const lines = program(...spawn.split('\n'));
      assert.deepStrictEqual(found(lines).map((f) => f.slice(0, 2)), [['threshold-logits', lines.length]], spawn);
    }
  });
  it('guard: a started Process is a child (the parent keeps its model); a Thread, run or started, shares it', () => {
    const started = program('p = mp.Process(target=worker)', 'p.start()', 'p.join()');
    assert.deepStrictEqual(found(started), [['threshold-logits', started.length, 'fix']]);
    for (const t of ['p.run()', 'p.start()']) assert.deepStrictEqual(found(program('p = threading.Thread(target=worker)', t)).map((f) => f[0]), ['sigmoid-before-logits-loss'], t);
  });
});

describe('fix48e: exec / eval elsewhere in the project, and the fixes of a module it may import', () => {
  const project = useProjects();
  const net = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 1)\n    def forward(self, x):\n        return self.fc(x)\n';
  const train = 'import torch\nimport torch.nn as nn\nfrom net import Net\nmodel = Net()\ncrit = nn.BCEWithLogitsLoss()\nx = torch.randn(8, 16); y = torch.randint(0, 2, (8, 1)).float()\nloss = crit(torch.sigmoid(model(x)), y)\n';
  /** The count of fixes --fix would apply to train.py, linted alone beside `other` (other.py) and `more`. */
  const fixes = (other, more = {}) => {
    const r = runCli(['--no-config', '--fix-dry-run', 'train.py'], { cwd: project({ 'net.py': net, 'train.py': train, 'other.py': other, ...more }) });
    const m = /(\d+) fix(?:es)? would change/.exec(r.stdout + r.stderr);
    return m ? Number(m[1]) : NaN;
  };
  const each = (others, want) => others.forEach((other) => assert.strictEqual(fixes(other), want, other));
  it('`eval(` in a comment, a docstring or a string; `eval(args.model)`; exec of an f-string or format() with no import: the fix stays', function () {
    this.timeout(180000);
    each([
      '# remember to call eval(model) before testing\nfrom net import Net\nm = Net()\n',
      '"""Run exec(code) on the server."""\nprint("then eval(expr)")\n',
      'import argparse\nfrom net import Net\np = argparse.ArgumentParser(); p.add_argument("--model", default="Net")\nargs = p.parse_args()\nm = eval(args.model)()\n',
      'import torch.nn as nn\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        for i in range(3):\n            exec(f"self.block{i} = nn.Linear(4, 4)")\n',
      'import torch.nn as nn\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        for i in range(3):\n            exec("self.block{} = nn.Linear(4, 4)".format(i))\n            exec("self.head%d = nn.Linear(4, 4)" % i)\n',
    ], 1);
  });
  it('guard: exec of a file\'s text, of text we cannot read, of a template that imports or starts with a field, eval beside __import__: suggestions', function () {
    this.timeout(180000);
    assert.strictEqual(fixes('exec(open("helpers.py").read())\n', { 'helpers.py': 'from train import model\nprint(model)\n' }), 0);
    each([
      'import sys\ncode = sys.argv[1]\nexec(code)\n',
      'arch = "net"\nexec(f"from {arch} import Net")\n',
      'import sys\nexec(f"{sys.argv[1]}")\n',
      'import sys\nm = eval("__import__(sys.argv[1])")\n',
      'import sys\nname = sys.argv[1]\nm = eval(name)\nimport_module = None\n',
    ], 0);
  });
  it('guard: exec of a literal import of the linted module still makes its fix a suggestion', function () {
    this.timeout(60000);
    assert.strictEqual(fixes('exec("from train import model")\nprint(model)\n'), 0);
  });
});
