// Red team 47a's harmful safe fixes left after the first mend of loop passes (session 35, mend47e): a
// setting rebound to a new container (`cfg = Cfg(sigmoid=True)`, `cfg = {"sigmoid": True}`), a
// global rebound by a function the pass calls and read by another it calls, a comprehension's
// element that is such a pass (`[train(f) for f in range(3)]`), a function calling itself with other
// arguments, and `nn.Sequential.append(model, layer)` with the method unbound. Every case fails on
// the frozen build (/work/s35c, cd2104d) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

const torch = ['import torch', 'import torch.nn as nn', 'x = torch.randn(8, 8)', 'y = torch.rand(8, 1).round()'];
// The cut on the first pass's logits, which a later pass's sigmoid model reaches too.
const cut = '    print(((model(x) > 0.5).float() == y).float().mean())';
const train = ['    nn.BCEWithLogitsLoss()(model(x), y).backward()', cut];

describe('round 47: a setting the next pass builds with, rebound to a container or by a called function', () => {
  before(() => initPython());
  const dataclass = ['from dataclasses import dataclass', '@dataclass', 'class Cfg:', '    sigmoid: bool = False'];
  const build = (test) => ['def build(c):', '    layers = [nn.Linear(8, 1)]', `    if ${test}:`, '        layers.append(nn.Sigmoid())', '    return nn.Sequential(*layers)'];
  const kfold = (setup, test, end) => [...torch, ...setup, ...build(test), 'for fold in range(2):', '    model = build(cfg)', ...train, `    ${end}`];

  it('a dataclass or dict rebuilt with other settings at the end of a pass: no rewrite to a cut at 0', () => {
    assert.deepStrictEqual(fixes(kfold([...dataclass, 'cfg = Cfg()'], 'c.sigmoid', 'cfg = Cfg(sigmoid=True)')), []);
    assert.deepStrictEqual(fixes(kfold(['cfg = {"sigmoid": False}'], 'c["sigmoid"]', 'cfg = {"sigmoid": True}')), []);
    // (The setting two levels down: `cfg = {"model": {"sigmoid": True}}`.)
    assert.deepStrictEqual(fixes(kfold(['cfg = {"model": {"sigmoid": False}}'], 'c["model"]["sigmoid"]', 'cfg = {"model": {"sigmoid": True}}')), []);
  });

  it('a global rebound by a function the pass calls and read by another it calls: no rewrite, at module level or in a function', () => {
    const flag = [...torch, 'USE_SIGMOID = False', 'def build():', '    layers = [nn.Linear(8, 1)]', '    if USE_SIGMOID:', '        layers.append(nn.Sigmoid())', '    return nn.Sequential(*layers)',
      'def enable():', '    global USE_SIGMOID', '    USE_SIGMOID = True'];
    const loop = ['for fold in range(2):', '    model = build()', ...train, '    enable()'];
    assert.deepStrictEqual(fixes([...flag, ...loop]), []);
    assert.deepStrictEqual(fixes([...flag, 'def main():', ...loop.map((l) => '    ' + l), 'main()']), []);
  });

  it('a comprehension whose element runs a pass that rebinds a global (`[train(f) for f in range(3)]`): no rewrite', () => {
    const lines = [...torch, 'post = nn.Identity()', 'def train(fold):', '    global post', '    model = nn.Sequential(nn.Linear(8, 1), post)', ...train,
      '    post = nn.Sigmoid()', 'accs = [train(f) for f in range(3)]'];
    assert.deepStrictEqual(fixes(lines), []);
    assert.deepStrictEqual(fixes([...lines.slice(0, -1), 'for f in range(3):', '    train(f)']), []);
  });

  it('guard: a config rebuilt the same each pass, a K-fold model made fresh, a best score kept by a global: the fix stays', () => {
    assert.deepStrictEqual(fixes(kfold([...dataclass, 'cfg = Cfg()'], 'c.sigmoid', 'cfg = Cfg()')), [['threshold-logits', 18]]);
    assert.deepStrictEqual(fixes(kfold(['cfg = {"sigmoid": False}'], 'c["sigmoid"]', 'cfg = {"sigmoid": False, "fold": None}')), [['threshold-logits', 14]]);
    const best = [...torch, 'best_acc = 0.0', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)',
      'def test(model):', '    global best_acc', '    acc = ((model(x) > 0.5).float() == y).float().mean().item()', '    if acc > best_acc:', '        best_acc = acc', '        torch.save(model.state_dict(), "best.pt")',
      'for fold in range(5):', '    model = Net()', '    nn.BCEWithLogitsLoss()(model(x), y).backward()', '    test(model)'];
    assert.deepStrictEqual(fixes(best), [['threshold-logits', 14]]);
    const scores = [...best.slice(0, 12), '    nn.BCEWithLogitsLoss()(model(x), y).backward()', '    return ((model(x) > 0.5).float() == y).float().mean()', 'scores = [test(Net()) for _ in range(5)]'];
    assert.deepStrictEqual(fixes(scores.filter((l) => !/global|best_acc|torch.save/.test(l) || l === 'best_acc = 0.0')), [['threshold-logits', 14]]);
  });
});

describe('round 47: calls not followed, or followed through an unbound method', () => {
  before(() => initPython());
  it('a function calling itself with another argument: its edits are offered, not applied, and say why', () => {
    const lines = [...torch, 'def fold_run(depth, post):', '    model = nn.Sequential(nn.Linear(8, 1), post)', cut, '    nn.BCEWithLogitsLoss()(model(x), y).backward()',
      '    if depth:', '        return fold_run(depth - 1, nn.Sigmoid())', 'fold_run(1, nn.Identity())'];
    const res = lintLines(lines).findings;
    assert.deepStrictEqual(res.map((f) => [f.ruleId, f.location.line, !!f.fix]), [['threshold-logits', 7, false]]);
    assert.match(res[0].suggestions[0].title, /calls itself/);
  });
  it('`nn.Sequential.append(model, nn.Sigmoid())`, `Sequential.insert(model, 1, ...)`: the method, unbound, changes the model', () => {
    const seq = [...torch, 'model = nn.Sequential(nn.Linear(8, 1))', 'nn.BCEWithLogitsLoss()(model(x), y).backward()', 'nn.Sequential.append(model, nn.Sigmoid())', 'pred = (model(x) > 0.5).float()'];
    assert.deepStrictEqual(fixes(seq), []);
    for (const change of ['torch.nn.Sequential.extend(model, [nn.Sigmoid()])', 'Sequential.insert(model, 1, nn.Sigmoid())']) {
      assert.deepStrictEqual(fixes([...torch, 'from torch.nn import Sequential', ...seq.slice(4, 6), change, seq[7]]), [], change);
    }
  });
  it('guard: a recursive helper elsewhere leaves the cut\'s fix', () => {
    const lines = [...torch, 'def flatten(xs):', '    return [a for x in xs for a in (flatten(x) if isinstance(x, list) else [x])]', 'print(flatten([1, [2, 3]]))',
      'model = nn.Sequential(nn.Linear(8, 1))', 'nn.BCEWithLogitsLoss()(model(x), y).backward()', 'pred = (model(x) > 0.5).float()'];
    assert.deepStrictEqual(fixes(lines), [['threshold-logits', 10]]);
  });
});
