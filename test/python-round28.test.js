// Red team round 28 (session 16): harmful safe fixes. A model's output handed to a helper's `*args` /
// `**kwargs` and read there with a cut, a module loaded by importlib, a notebook whose cells last ran
// out of order. Every case fails on the session's first build but the guards, which keep what the
// change must not widen (named in each test's title).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');
const { runCli, useProjects } = require('./cli-helpers');

const HEAD = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
const fixes = (lines) => lint(lines).map((f) => [f.rule, f.fix !== undefined]);

describe('round 28: a sigmoid output handed to *args / **kwargs and cut at 0.5 there', () => {
  before(() => initPython());

  it('a loop over **kwargs.items() or *args, kw["p"], args[0], a dict comprehension in a class\'s __init__(**kw): removing the sigmoid is a suggestion', () => {
    const helpers = [
      ['def log_metrics(step, **tensors):', '    for name, t in tensors.items():', '        print(step, name, (t > 0.5).float().mean())', 'log_metrics(0, train_probs=out)'],
      ['def report(*vals):', '    for v in vals:', '        print((v > 0.5).float().mean())', 'report(out)'],
      ['def acc(**kw):', '    return ((kw["p"] > 0.5).float() == kw["t"]).float().mean()', 'print(acc(p=out, t=y))'],
      ['def acc(*a):', '    return ((a[0] > 0.5).float() == a[1]).float().mean()', 'print(acc(out, y))'],
      ['def acc(**kw):', '    return (kw.get("p") > 0.5).float().mean()', 'print(acc(p=out))'],
      ['class Report:', '    def __init__(self, **kw):', '        self.pos = {k: (v > 0.5).sum() for k, v in kw.items()}', 'print(Report(train=out).pos)'],
      ['def binarize(*xs):', '    return [x_ > 0.5 for x_ in xs]', 'print(binarize(out))'],
    ];
    for (const h of helpers) assert.deepStrictEqual(fixes([...HEAD, ...h]), [['sigmoid-before-logits-loss', false]], h.join('\n'));
  });

  it('softmax read by .max(dim=1).values through **kwargs: no safe removal either', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'def log_conf(**kw):', '    for k, v in kw.items():', '        print(k, v.max(dim=1).values.mean().item())',
      'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 3)', '    def forward(self, x):', '        return F.softmax(self.fc(x), dim=1)',
      'net = Net()', 'out = net(x)', 'loss = nn.CrossEntropyLoss()(out, y)', 'log_conf(train=out)'];
    assert.deepStrictEqual(fixes(lines), [['softmax-before-logits-loss', false]]);
  });

  it('logits handed to *args and cut at 0.5 there are reported where the cut is (a finding the helper hid before)', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1))', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'def report(*vals):', '    for v in vals:', '        print((v > 0.5).float().mean())', 'report(out)'];
    assert.deepStrictEqual(lint(lines).map((f) => [f.rule, f.fix]), [['threshold-logits', 'Threshold logits at 0 (the same decision as probability 0.5)']]);
  });

  it('guards: *args / **kwargs that only count the tensors, sort the keywords by name or print shapes keep the safe fix', () => {
    assert.deepStrictEqual(fixes([...HEAD, 'def show(*vals, **kw):', '    print(len(vals), sorted(kw))', 'show(out, p=out)']), [['sigmoid-before-logits-loss', true]]);
    assert.deepStrictEqual(fixes([...HEAD, 'def report(*vals):', '    for v in vals:', '        print(v.shape)', 'report(out)']), [['sigmoid-before-logits-loss', true]]);
  });
});

describe('round 28: a disable comment on the line a fix would edit', () => {
  before(() => initPython());
  const net = (comment) => ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):',
    `        return torch.sigmoid(self.fc(x))${comment}`, 'net = Net()', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
  const run = (lines) => {
    const { lintProject } = require('../out/rules');
    const text = lines.join('\n') + '\n';
    return lintProject(['/virtual/net.py'], {}, { readFile: (p) => (p === '/virtual/net.py' ? text : undefined) });
  };

  it('"keep this": the finding (at the loss) stays, its removal of the activation is a suggestion that says why, and the comment counts as used', () => {
    const r = run(net('  # logit-lint-disable-line sigmoid-before-logits-loss'));
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.fix]), [['sigmoid-before-logits-loss', undefined]]);
    assert.match(r.findings[0].suggestions[0].title, /^Remove torch\.sigmoid\(\.\.\.\).*\(not applied by --fix: a logit-lint-disable comment for sigmoid-before-logits-loss keeps line 8 of net\.py\)$/);
    assert.deepStrictEqual(r.unusedDirectives, []);
  });

  it('guards: a comment for another rule, or none, leaves the safe fix', () => {
    for (const c of ['  # logit-lint-disable-line threshold-logits', '']) assert.ok(run(net(c)).findings[0].fix, c);
  });
});

describe('round 28: an output shown by other code through an f-string', () => {
  before(() => initPython());
  const app = (show) => ['import torch', 'import torch.nn as nn', 'import streamlit as st', 'import logging', 'model = nn.Linear(4, 1)', 'loss = nn.BCELoss()(model(x), y)', 'p = model(x[:1]).item()', show];
  const fixOf = (lines) => lint(lines).map((f) => [f.rule, f.fix !== undefined]);

  it('st.write(f"{p:.1%}"), a label\'s text=, a file\'s write, an f-string kept in a name: the loss switch (the linear head then gives logits, not the values shown) is a suggestion', () => {
    for (const show of ['st.write(f"Probability of default: {p:.1%}")', 'label = tk.Label(root, text=f"Probability: {p:.2f}")', 'out.write(f"{p}\\n")', 'msg = f"{p:.0%}"']) {
      assert.deepStrictEqual(fixOf(app(show)), [['logits-into-probability-loss', false]], show);
    }
  });

  it('guards: printed or logged for the developer (print, logging, a progress bar), the switch stays the safe fix', () => {
    for (const show of ['print(f"p = {p:.3f}")', 'logging.info(f"p = {p:.3f}")', 'pbar.set_description(f"p {p:.2f}")']) {
      assert.deepStrictEqual(fixOf(app(show)), [['logits-into-probability-loss', true]], show);
    }
  });
});

describe('round 28: a module loaded by importlib, and a notebook whose cells ran out of order', () => {
  const project = useProjects();
  const model = 'import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\n';
  const train = 'import torch\nimport torch.nn as nn\nfrom model import Net\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(x), y)\n';
  const dryRun = (dir) => runCli(['--no-config', '--fix-dry-run', '.'], { cwd: dir }).stderr;

  it('importlib.import_module("model"), __import__("model"), import_module(f"models.{arch}"): the model change is a suggestion', () => {
    for (const load of ['M = importlib.import_module("model")', 'M = __import__("model")', 'M = importlib.import_module(f"{args.arch}")']) {
      const dir = project({ 'model.py': model, 'train.py': train, 'predict.py': `import importlib\nimport torch\n${load}\nnet = M.Net()\nprint((net(torch.randn(2, 4)) > 0.5).long())\n` });
      assert.match(dryRun(dir), /0 fixes would change 0 files/, load);
    }
  });

  it('guard: importlib of an installed package (no file of the project has that name) leaves the fix safe', () => {
    const dir = project({ 'model.py': model, 'train.py': train, 'plots.py': 'import importlib\nplt = importlib.import_module("matplotlib.pyplot")\n' });
    assert.match(dryRun(dir), /1 fix would change 1 file/);
  });

  it('import_module(f"models.{arch}") reaches the modules of that package only: the model there gets a suggestion; guard: a threshold fix in a script it does not reach is applied', () => {
    const loader = 'import importlib\nimport torch\ndef load(arch):\n    return importlib.import_module(f"models.{arch}").Net()\nprint((load(args.arch)(torch.randn(2, 4)) > 0.5).long())\n';
    const inPkg = project({ 'models/__init__.py': '', 'models/net.py': model, 'train.py': train.replace('from model import', 'from models.net import'), 'predict.py': loader });
    assert.match(dryRun(inPkg), /0 fixes would change 0 files/);
    const logits = 'import torch\nimport torch.nn as nn\nmodel = nn.Linear(4, 1)\nloss = nn.BCEWithLogitsLoss()(model(x), y)\npred = (model(x) > 0.5).float()\n';
    const outside = project({ 'models/__init__.py': '', 'models/net.py': model, 'train.py': logits, 'predict.py': loader });
    assert.match(dryRun(outside), /1 fix would change 1 file/);
  });

  const cell = (count, lines) => ({ cell_type: 'code', metadata: {}, execution_count: count, outputs: [], source: lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)) });
  const notebook = (counts) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
    cell(counts[0], ['import torch', 'import torch.nn as nn']),
    cell(counts[1], ['p = model(x)', 'print((p > 0.5).sum())']),
    cell(counts[2], ['model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())']),
    cell(counts[3], ['loss = nn.BCEWithLogitsLoss()(model(x), y)']),
  ] });

  it('a cell that reads the model above the cell that builds it, run after it (execution counts 1, 5, 2, 3): the fix is a suggestion that says why', () => {
    const dir = project({ 'explore.ipynb': notebook([1, 5, 2, 3]) });
    assert.match(dryRun(dir), /0 fixes would change 0 files/);
    const out = JSON.parse(runCli(['--no-config', '--format', 'json', '.'], { cwd: dir }).stdout);
    const titles = out.flatMap((f) => f.messages.flatMap((m) => (m.suggestions ?? []).map((s) => s.desc)));
    assert.ok(titles.some((t) => /not applied by --fix: the notebook's cells last ran out of order/.test(t)), JSON.stringify(titles));
  });

  it('guards: counts rising top to bottom, never run (null), or out of order where no cell ran after one below it that binds a name it reads: the fix is applied', () => {
    for (const counts of [[1, 2, 3, 4], [null, null, null, null], [1, null, 2, 7], [3, 1, 2, 4]]) {
      const dir = project({ 'explore.ipynb': notebook(counts) });
      assert.match(dryRun(dir), /1 fix would change 1 file/, JSON.stringify(counts));
    }
  });
});

describe('round 28: a configuration in a subfolder', () => {
  const project = useProjects();
  it('is not applied when the parent is linted, and the CLI says so; linted on its own, it is applied and nothing is said', () => {
    const bad = 'import torch\nimport torch.nn as nn\nmodel = nn.Linear(4, 1)\nloss = nn.BCEWithLogitsLoss()(model(x), y)\npred = (model(x) > 0.5).float()\n';
    const dir = project({ 'pkg_a/pyproject.toml': '[tool.logit-lint]\nrules = { threshold-logits = "off" }\n', 'pkg_a/train.py': bad, 'pkg_b/train.py': bad });
    const top = runCli(['--format', 'json', '.'], { cwd: dir });
    assert.match(top.stderr, /pkg_a\/pyproject\.toml: not used: one configuration serves a run, the nearest to the paths linted \(here: none, the defaults\); lint pkg_a on its own to use it/);
    assert.strictEqual(JSON.parse(top.stdout).flatMap((f) => f.messages).length, 2);
    const own = runCli(['--format', 'json', '.'], { cwd: require('path').join(dir, 'pkg_a') });
    assert.strictEqual(own.stderr, '');
    assert.strictEqual(JSON.parse(own.stdout).flatMap((f) => f.messages).length, 0);
  });
});
