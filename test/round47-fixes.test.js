// Red team round 46's leftover harmful safe fixes (mended in session 35): a loop pass that changes a
// setting the next pass builds with, kept elsewhere than in a plain name (a dict item, a class or
// instance attribute, a list item), a number, or changed before a `continue`; IPython line magics
// over a one-line compound statement (`%time for _ in range(1): p = torch.sigmoid(p)`); a ModuleList's
// items replaced through its `_modules` dict's methods. Every case fails on the frozen build
// (/work/s35a, 926dfc0) but the guards, named so.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { lintCells, lintLines, cellOf } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

describe('round 47: a setting the next pass builds with, kept in a container, a number, or before a continue', () => {
  before(() => initPython());
  const build = ['import numpy as np', 'import tensorflow as tf', 'def build(act=None):',
    '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation=act)])',
    '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=act is None), optimizer="adam")', '    return m'];
  // The cut on the first pass's logits, which a later pass's sigmoid model reaches too.
  const cut = '    print(((m.predict(X_test) > 0.5) == y_test).mean())';
  const pass = (before, make, end, indent = '') => [...build, ...before, ...['for fold in range(5):', `    m = build(${make})`, '    m.fit(X, y)', cut, ...end].map((l) => indent + l)];

  it('a dict item, a class attribute, a list item or a number changed at the end of a pass: no rewrite to a cut at 0', () => {
    const cases = [
      [['cfg = {"act": None}'], 'cfg["act"]', ['    cfg["act"] = "sigmoid"']],
      [['cfg = {"act": None}'], 'cfg["act"]', ['    cfg.update(act="sigmoid")']],
      [['class Cfg:', '    act = None'], 'Cfg.act', ['    Cfg.act = "sigmoid"']],
      [['acts = [None]'], 'acts[0]', ['    acts[0] = "sigmoid"']],
      [['stage = 0'], '"sigmoid" if stage == 1 else None', ['    stage = 1']],
      [['stage = 0'], '"sigmoid" if stage >= 2 else None', ['    stage += 1']],
    ];
    for (const [before, make, end] of cases) assert.deepStrictEqual(fixes(pass(before, make, end)), [], end.join(' / '));
  });
  it('an attribute of self changed by a method\'s loop (`self.act = "sigmoid"`, `self.cfg["act"] = ...`): no rewrite', () => {
    for (const [init, make, end] of [['self.act = None', 'self.act', 'self.act = "sigmoid"'], ['self.cfg = {"act": None}', 'self.cfg["act"]', 'self.cfg["act"] = "sigmoid"']]) {
      const lines = [...build, 'class Runner:', '    def __init__(self):', `        ${init}`, '    def run(self):',
        ...['for fold in range(5):', `    m = build(${make})`, '    m.fit(X, y)', cut, `    ${end}`].map((l) => '        ' + l), 'Runner().run()'];
      assert.deepStrictEqual(fixes(lines), [], end);
    }
  });
  it('a setting changed on a path that ends at `continue`: no rewrite', () => {
    assert.deepStrictEqual(fixes(pass(['act = None'], 'act', ['    if fold == 2:', '        act = "sigmoid"', '        continue', '    print(fold)'])), []);
    // (Rebound after the continue as well: the pass that continued still carries "sigmoid".)
    assert.deepStrictEqual(fixes(pass(['act = None'], 'act', ['    if fold == 2:', '        act = "sigmoid"', '        continue', '    act = None'])), []);
  });
  it('a setting of an enclosing scope (global, nonlocal, set by a function the body calls), three attributes down, or of an imported module: no rewrite', () => {
    const loop = (make, end, indent) => ['for fold in range(5):', `    m = build(${make})`, '    m.fit(X, y)', cut, `    ${end}`].map((l) => indent + l);
    const cases = [
      ['act = None', 'def switch():', '    global act', '    act = "sigmoid"', ...loop('act', 'switch()', '')],
      ['act = None', 'def run():', '    global act', ...loop('act', 'act = "sigmoid"', '    '), 'run()'],
      ['def outer():', '    act = None', '    def switch():', '        nonlocal act', '        act = "sigmoid"', ...loop('act', 'switch()', '    '), 'outer()'],
      ['class M:', '    act = None', 'class C:', '    def __init__(self):', '        self.model = M()', 'cfg = C()', ...loop('cfg.model.act', 'cfg.model.act = "sigmoid"', '')],
    ];
    for (const lines of cases) assert.deepStrictEqual(fixes([...build, ...lines]), [], lines.join(' / '));
    const files = { '/virtual/config.py': 'ACT = None\n', '/virtual/train.py': [...build, 'import config', ...loop('config.ACT', 'config.ACT = "sigmoid"', '')].join('\n') + '\n' };
    const res = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] });
    assert.deepStrictEqual(res.findings.filter((f) => f.fix).map((f) => f.ruleId), []);
    assert.deepStrictEqual(res.findings.map((f) => f.ruleId), ['threshold-logits']);
  });
  const torch = ['import torch', 'import torch.nn as nn', 'x = torch.randn(8, 32)', 'y = torch.rand(8, 1).round()'];
  it('PyTorch: a stage number, a dict flag (`cfg.update`) or a counter picking the model of the next pass: no rewrite', () => {
    const stage = [...torch, 'stage = 0', 'for epoch in range(5):', '    head = nn.Sigmoid() if stage == 1 else nn.Identity()', '    crit = nn.BCELoss() if stage == 1 else nn.BCEWithLogitsLoss()',
      '    model = nn.Sequential(nn.Linear(32, 1), head)', '    crit(model(x), y).backward()', '    print((model(x) > 0.5).float().mean())', '    stage = 1'];
    assert.deepStrictEqual(fixes(stage), []);
    const flag = [...torch, 'cfg = {"probs": False}', 'for epoch in range(5):', '    if cfg["probs"]:', '        model = nn.Sequential(nn.Linear(32, 1), nn.Sigmoid())', '        crit = nn.BCELoss()',
      '    else:', '        model = nn.Sequential(nn.Linear(32, 1))', '        crit = nn.BCEWithLogitsLoss()', '    crit(model(x), y).backward()', '    print((model(x) > 0.5).float().mean())', '    cfg.update(probs=True)'];
    assert.deepStrictEqual(fixes(flag), []);
    const picked = [...build.slice(0, 2), 'def build_logits():', '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])',
      '    m.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer="adam")', '    return m', 'def build_probs():',
      '    m = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])',
      '    m.compile(loss="binary_crossentropy", optimizer="adam")', '    return m', 'models = [build_logits(), build_probs()]', 'i = 0',
      'for fold in range(2):', '    m = models[i]', '    m.fit(X, y)', cut, '    i += 1'];
    assert.deepStrictEqual(fixes(picked), []);
  });
  it('guard: counters, a best score, a setting read and never changed, and a `continue` that carries nothing keep the fix', () => {
    assert.deepStrictEqual(fixes(pass(['act = None'], 'act', ['    fold_count = fold + 1'])), [['threshold-logits', 11]]);
    assert.deepStrictEqual(fixes(pass(['cfg = {"act": None}', 'n = 0'], 'cfg["act"]', ['    n += 1', '    print(n, cfg)'])), [['threshold-logits', 12]]);
    assert.deepStrictEqual(fixes(pass(['history = {"acc": []}'], 'None', ['    history["acc"].append(fold)'])), [['threshold-logits', 11]]);
    assert.deepStrictEqual(fixes(pass(['act = None'], 'act', ['    if fold == 2:', '        continue', '    print(fold)'])), [['threshold-logits', 11]]);
    const training = [...torch, 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))', 'criterion = nn.BCEWithLogitsLoss()', 'opt = torch.optim.Adam(model.parameters())',
      'step = 0', 'best_acc = 0.0', 'for epoch in range(10):', '    for xb, yb in loader:', '        if xb is None:', '            continue', '        loss = criterion(model(xb), yb)',
      '        opt.zero_grad()', '        loss.backward()', '        opt.step()', '        step += 1', '        if step % 100 == 0:', '            print(step, loss.item())',
      '    with torch.no_grad():', '        out = model(x_val)', '        acc = ((out > 0.5).float() == y_val).float().mean().item()', '    if acc > best_acc:',
      '        best_acc = acc', '        torch.save(model.state_dict(), "best.pt")'];
    assert.deepStrictEqual(fixes(training), [['threshold-logits', 23]]);
    const rows = [...torch, 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))', 'for xb, yb in loader:', '    nn.BCEWithLogitsLoss()(model(xb), yb).backward()',
      'i = 0', 'while i < len(X):', '    pred = (model(X[i:i + 1]) > 0.5).float()', '    print(i, pred)', '    i += 1'];
    assert.deepStrictEqual(fixes(rows), [['threshold-logits', 10]]);
  });
});

describe('round 47: a line magic over a one-line compound statement binds what its body binds', () => {
  before(() => initPython());
  const setup = 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))\nloss_fn = nn.BCEWithLogitsLoss()\n' +
    'for xb, yb in loader:\n    loss_fn(model(xb), yb).backward()\np = model(x_test).detach()\nflag = True';
  const cells = (magic) => [setup, magic, 'print((p > 0.5).float().mean())'];
  const nbFound = (cs) => lintCells(cs).findings.map((f) => [f.ruleId, cellOf(cs, f), f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
  it('%time / %prun of `for ...: p = ...`, `if ...: p = ...`, `with ...: p = ...`, `while ...: ...`: p is not known to be logits', () => {
    for (const magic of ['%time for _ in range(1): p = torch.sigmoid(p)', '%time if flag: p = torch.sigmoid(p)', '%prun with torch.no_grad(): p = torch.sigmoid(model(x_test))',
      '%time while flag: p = torch.sigmoid(p); flag = False', '%prun -q for _ in range(1): p = torch.sigmoid(p)', '%time for i in range(1): p, q = torch.sigmoid(p), 1',
      '%time if (lambda: flag)(): p = torch.sigmoid(p)']) {
      assert.deepStrictEqual(nbFound(cells(magic)).filter((f) => f[2] === 'fix'), [], magic);
    }
  });
  it('an exported notebook: get_ipython().run_line_magic("time", "for ...: p = ...") binds p too', () => {
    const lines = [...setup.split('\n'), 'get_ipython().run_line_magic(\'time\', \'for _ in range(1): p = torch.sigmoid(p)\')', 'print((p > 0.5).float().mean())'];
    assert.deepStrictEqual(fixes(lines), []);
  });
  it('guard: %timeit keeps nothing its statement binds, and a body that binds another name leaves p logits: the fix stays', () => {
    for (const magic of ['%timeit for _ in range(1): p = torch.sigmoid(p)', '%time for _ in range(1): q = torch.sigmoid(p)', '%time if flag: print(p.shape)']) {
      assert.deepStrictEqual(nbFound(cells(magic)), [['threshold-logits', 2, 'fix']], magic);
    }
  });
});

describe('round 47: a ModuleList\'s items replaced through its _modules dict', () => {
  before(() => initPython());
  const nets = ['import torch', 'import torch.nn as nn', 'from collections import OrderedDict', 'h = torch.randn(8, 32)', 'y = torch.rand(8, 1).round()',
    'class LogitNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return self.fc(x)',
    'class ProbNet(LogitNet):', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
    'heads = nn.ModuleList([LogitNet() for _ in range(3)])', 'for i in range(3):', '    nn.BCEWithLogitsLoss()(heads[i](h), y).backward()'];
  const after = (...change) => [...nets, ...change, 'for i in range(3):', '    print((heads[i](h) > 0.5).float().mean())'];
  it('update, pop + setdefault, __setitem__, through a name, dict.update, getattr, |=, rebound: no rewrite', () => {
    for (const change of [['heads._modules.update({"0": ProbNet()})'], ['heads._modules.update(other)'], ['heads._modules.update(**{"0": ProbNet()})'],
      ['heads._modules.pop("0")', 'heads._modules.setdefault("0", ProbNet())'], ['heads._modules.__setitem__("0", ProbNet())'],
      ['mods = heads._modules', 'mods.update({"0": ProbNet()})'], ['dict.update(heads._modules, {"0": ProbNet()})'], ['getattr(heads, "_modules").update({"0": ProbNet()})'],
      ['heads._modules |= {"0": ProbNet()}'], ['heads._modules = OrderedDict([("0", ProbNet()), ("1", LogitNet()), ("2", LogitNet())])']]) {
      assert.deepStrictEqual(fixes(after(...change)), [], change.join('; '));
    }
  });
  it('guard: the registry only read (keys, len, a key tested) leaves the items alike: the fix stays', () => {
    assert.deepStrictEqual(fixes(after('print(list(heads._modules.keys()), len(heads._modules), "0" in heads._modules)')), [['threshold-logits', 20]]);
  });
});
