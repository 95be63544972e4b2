// Red team round 48's harmful safe fixes (mended in session 36): a `> 0.5` cut shared by a logits
// classifier and a model not trained as one (a regression head, an untrained one) rewritten to `> 0`;
// nn.Sigmoid removed from a Sequential that is indexed, sliced, counted, iterated or unpacked under
// another name; importers written after a `;`, in a one-line compound statement or in a string run by
// `exec`, missed by the scan that finds readers outside the run. Every case fails on the frozen build
// (/work/s36a, f19e1f1) but the guards, named so.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { initPython, lintProject } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));
const torch = ['import torch', 'import torch.nn as nn', 'x = torch.randn(32, 16)', 'y = torch.randint(0, 2, (32, 1)).float()'];

describe('round 48: a cut shared by a logits classifier and values of another kind', () => {
  before(() => initPython());
  it('a loop over a BCE-with-logits and an MSE loss, one cut for both: reported, no rewrite to 0', () => {
    const lines = [...torch, 'results = {}', 'for name, crit in {"bce": nn.BCEWithLogitsLoss(), "mse": nn.MSELoss()}.items():', '    model = nn.Linear(16, 1)',
      '    crit(model(x), y).backward()', '    results[name] = ((model(x) > 0.5).float() == y).float().mean().item()'];
    assert.deepStrictEqual(found(lines), [['threshold-logits', 9, 'suggestion']]);
  });
  it('a helper run for a logits classifier and for a regression head (MSE, L1, Huber, a manual loss) or an untrained one: no rewrite', () => {
    const others = ['run(nn.Linear(16, 1), nn.MSELoss())', 'run(nn.Linear(16, 1), nn.L1Loss())', 'run(nn.Linear(16, 1), nn.SmoothL1Loss())', 'run(nn.Linear(16, 1), nn.HuberLoss())',
      'run(nn.Linear(16, 1), lambda p, t: ((p - t) ** 2).mean())', 'acc(nn.Linear(16, 1))'];
    for (const other of others) {
      const lines = [...torch, 'def acc(model):', '    return ((model(x) > 0.5).float() == y).float().mean()', 'def run(model, criterion):', '    criterion(model(x), y).backward()', '    return acc(model)',
        'run(nn.Linear(16, 1), nn.BCEWithLogitsLoss())', other];
      assert.deepStrictEqual(fixes(lines), [], other);
      assert.deepStrictEqual(found(lines).map((f) => f[0]), ['threshold-logits'], other);
    }
  });
  it('a shared evaluate() in utils.py, called by a classifier script and by a regression script: no rewrite', () => {
    const files = {
      '/virtual/model.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 1)\n    def forward(self, x):\n        return self.fc(x)\n',
      '/virtual/utils.py': 'import torch\ndef evaluate(model, x, y):\n    with torch.no_grad():\n        pred = (model(x) > 0.5).float()\n    return (pred == y).float().mean()\n',
    };
    const script = (loss) => [...torch, 'from model import Net', 'from utils import evaluate', 'model = Net()', `loss = nn.${loss}()(model(x), y)`, 'print(evaluate(model, x, y))'].join('\n') + '\n';
    files['/virtual/train_clf.py'] = script('BCEWithLogitsLoss');
    files['/virtual/train_reg.py'] = script('MSELoss');
    const res = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] });
    assert.deepStrictEqual(res.findings.map((f) => [f.ruleId, path.basename(f.location.file), !!f.fix]), [['threshold-logits', 'utils.py', false]]);
  });
  it('guard: one logits classifier, or two of them sharing a helper, keep the rewrite to 0', () => {
    assert.deepStrictEqual(fixes([...torch, 'model = nn.Linear(16, 1)', 'nn.BCEWithLogitsLoss()(model(x), y).backward()', 'pred = (model(x) > 0.5).float()']), [['threshold-logits', 7]]);
    const two = [...torch, 'def run(model, criterion):', '    criterion(model(x), y).backward()', '    return ((model(x) > 0.5).float() == y).float().mean()',
      'run(nn.Linear(16, 1), nn.BCEWithLogitsLoss())', 'run(nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1)), nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.0)))'];
    assert.deepStrictEqual(fixes(two), [['threshold-logits', 7]]);
  });
});

describe('round 48: nn.Sigmoid removed from a Sequential read by position under another name', () => {
  before(() => initPython());
  const model = [...torch, 'seq = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(seq(x), y)'];
  it('an alias, a parameter, an attribute set from one, `[*seq]`, unpacking, len(), iteration, children(): a suggestion', () => {
    const reads = [
      ['m = seq', 'feats = m[:-1](x)'],
      ['def logits_of(net, inp):', '    return net[:-1](inp)', 'z = logits_of(seq, x)'],
      ['class TemperatureScaler(nn.Module):', '    def __init__(self, net):', '        super().__init__()', '        self.net = net', '        self.T = nn.Parameter(torch.ones(1))',
        '    def forward(self, inp):', '        return self.net[:-1](inp) / self.T', 'ts = TemperatureScaler(seq)', 'calibrated = torch.sigmoid(ts(x))'],
      ['head = nn.Sequential(*[*seq][:3])'],
      ['first, *rest = seq'],
      ['def check(net):', '    assert len(net) == 4', 'check(seq)'],
      ['assert len(seq) == 4'],
      ['def features(net, h):', '    for layer in net:', '        h = layer(h)', '    return h', 'f = features(seq, x)'],
      ['def last(net):', '    return list(net.children())[-1]', 'print(last(seq))'],
    ];
    for (const r of reads) {
      const lines = [...model, ...r];
      assert.deepStrictEqual(found(lines).filter((f) => f[0] === 'sigmoid-before-logits-loss'), [['sigmoid-before-logits-loss', 6, 'suggestion']], r.join(' / '));
    }
  });
  it('guard: a Sequential only called, trained and saved, under any name, keeps the safe removal', () => {
    const uses = [[], ['m = seq', 'out = m(x)'], ['def run(net, inp):', '    return net(inp)', 'z = run(seq, x)'], ['opt = torch.optim.SGD(seq.parameters(), lr=0.1)', 'seq.train()', 'torch.save(seq.state_dict(), "m.pt")']];
    for (const u of uses) assert.deepStrictEqual(fixes([...model, ...u]), [['sigmoid-before-logits-loss', 6]], u.join(' / '));
  });
});

describe('round 48: importers in every statement form, and `exec` of an import', () => {
  const { scanImports } = require('../out/rules/engine/python/text-scan');
  const cli = path.join(__dirname, '..', 'out', 'server', 'cli', 'cli.js');
  /** Lints a folder of `files` from inside it (--fix-dry-run): the count of fixes --fix would apply. */
  const dryRun = (files) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'r48-'));
    try {
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      const r = spawnSync(process.execPath, [cli, '--no-config', '--fix-dry-run', '.'], { cwd: dir, encoding: 'utf8' });
      const m = /(\d+) fix(?:es)? would change/.exec(r.stdout + r.stderr);
      return m ? Number(m[1]) : (r.stdout + r.stderr).includes('left as a suggestion') ? 0 : NaN;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const detector = 'import torch\nimport torch.nn as nn\nclass Detector(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 1)\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\n';
  const train = 'import torch\nimport torch.nn as nn\nfrom model import Detector\nmodel = Detector()\nloss = nn.BCEWithLogitsLoss()(model(torch.randn(8, 16)), torch.ones(8, 1))\n';
  const reader = (importLine) => `${importLine}\nnet = Detector()\ndef score(x):\n    prob = net(x).item()\n    return {"label": "FAKE" if prob > 0.5 else "REAL", "prob": prob}\n`;
  it('scanImports sees imports after `;` and after a one-line compound statement\'s colon', () => {
    const mods = (t) => scanImports(t).map((s) => [s.module, s.names]);
    assert.deepStrictEqual(mods('import torch;from model import Detector'), [['model', ['Detector']]]);
    assert.deepStrictEqual(mods('from model import Detector; net = Detector()'), [['model', ['Detector']]]);
    assert.deepStrictEqual(mods('if USE: from model import Detector'), [['model', ['Detector']]]);
    assert.deepStrictEqual(mods('try: import model\nexcept ImportError: pass'), [['model', []]]);
  });
  it('a reader of the model importing it after a `;` or in a one-line `if`: the sigmoid removal is a suggestion', function () {
    this.timeout(120000);
    for (const line of ['import torch;from model import Detector', 'import torch\nif True: from model import Detector']) {
      assert.strictEqual(dryRun({ 'model.py': detector, 'train.py': train, 'serve.py': reader(line) }), 0, line);
    }
  });
  it('a file with no framework calling a shared helper, imported after a `;`: the helper\'s cut is not rewritten', function () {
    this.timeout(120000);
    const files = {
      'utils.py': 'def binarize(p):\n    return (p > 0.5).astype(int)\n',
      'train.py': 'import torch\nimport torch.nn as nn\nfrom utils import binarize\nm = nn.Linear(16, 1)\nx = torch.randn(8, 16)\ny = torch.ones(8, 1)\nloss = nn.BCEWithLogitsLoss()(m(x), y)\nprint(binarize(m(x).detach().numpy()))\n',
      'other.py': 'import json;from utils import binarize\nprint(binarize(json.load(open("probs.json"))))\n',
    };
    assert.strictEqual(dryRun(files), 0);
  });
  it('`exec` of a literal import of the model, or of text we cannot read: the removal is a suggestion', function () {
    this.timeout(120000);
    const viaExec = 'import torch\nexec("from model import Detector")\nnet = Detector()\nprint(net(torch.randn(1, 16)).item() > 0.5)\n';
    assert.strictEqual(dryRun({ 'model.py': detector, 'train.py': train, 'serve_exec.py': viaExec }), 0);
    const unread = 'import sys\ncode = sys.argv[1]\nexec(code)\n';
    assert.strictEqual(dryRun({ 'model.py': detector, 'train.py': train, 'plugin.py': unread }), 0);
  });
  it('guard: other files that import nothing of the model, or call an evaluation function of their own named eval, keep the fix', function () {
    this.timeout(120000);
    const own = 'import json\ndef eval(net, loader):\n    return net\nprint(eval(1, 2), json.dumps({}))\n';
    assert.strictEqual(dryRun({ 'model.py': detector, 'train.py': train, 'report.py': own }), 1);
    assert.strictEqual(dryRun({ 'model.py': detector, 'train.py': train, 'notes.py': 'import json;import os\nprint(os.getcwd())\n' }), 1);
    const cell = (src) => ({ cell_type: 'code', metadata: {}, source: src, outputs: [], execution_count: null });
    const nb = JSON.stringify({ cells: [cell('import json\ndef eval(net, loader):\n    return net\n'), cell('print(eval(1, 2))')], metadata: {}, nbformat: 4, nbformat_minor: 5 });
    assert.strictEqual(dryRun({ 'model.py': detector, 'train.py': train, 'report.ipynb': nb }), 1);
  });
});

describe('round 48: argmax over one unit whose indices pick back from the same output', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 1))', 'inp = torch.randn(4, 3, 32, 32)', 'output = model(inp)'];
  it('Grad-CAM `output[:, output.argmax(1).item()]`, `gather`, `take_along_dim`, `output[arange, argmax]`: silent', () => {
    const uses = [
      ['target_class = output.argmax(dim=1).item()', 'output[:, target_class].sum().backward()'],
      ['def cam(out, target_class=None):', '    if target_class is None:', '        target_class = out.argmax(dim=1).item()', '    out[:, target_class].sum().backward()', 'cam(output)'],
      // (A method no call reaches: run with a caller's unknown target_class, or the argmax's.)
      ['class GradCAM:', '    def __init__(self, m):', '        self.m = m', '    def heatmap(self, inp, target_class=None):', '        out = self.m(inp)', '        if target_class is None:',
        '            target_class = out.argmax(dim=1).item()', '        out[:, target_class].sum().backward()', 'cam = GradCAM(model)'],
      ['score = output.gather(1, output.argmax(1)[:, None])', 'score.sum().backward()'],
      ['score = output.gather(1, output.argmax(dim=1, keepdim=True))', 'score.sum().backward()'],
      ['score = torch.take_along_dim(output, output.argmax(1, keepdim=True), dim=1)', 'score.sum().backward()'],
      ['score = output[torch.arange(output.shape[0]), output.argmax(1)]', 'score.sum().backward()'],
    ];
    for (const u of uses) assert.deepStrictEqual(found([...net, ...u]), [], u.join(' / '));
  });
  it('guard: the argmax compared with labels, or indexing another tensor, is still reported', () => {
    const y = 'y = torch.randint(0, 2, (4,))';
    assert.deepStrictEqual(found([...net, y, 'pred = output.argmax(1)', 'acc = (pred == y).float().mean()']).map((f) => f.slice(0, 2)), [['argmax-single-unit', 7]]);
    assert.deepStrictEqual(found([...net, y, 'pred = output.argmax(1)', 'score = output[torch.arange(4), pred]', 'acc = (pred == y).float().mean()']).map((f) => f.slice(0, 2)), [['argmax-single-unit', 7]]);
    assert.deepStrictEqual(found([...net, 'probs = torch.randn(4, 3)', 'picked = probs[torch.arange(4), output.argmax(1)]']).map((f) => f.slice(0, 2)), [['argmax-single-unit', 7]]);
  });
});
