// Round 50's harmful safe fixes mended in session 38 (mend50d): forward hooks that change the output
// in place, a global forward hook, `__class__` swapped, data_parallel's positional module_kwargs, an
// unknown library's fit/validate/test given the model, `_call_impl`, a forward handing its output to
// an unknown function, a cut with another bound, positional pos_weight. Every case fails on the
// frozen build (/work/s38a, 7356e02) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

const logitsModel = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))'];
const bceTrain = ['criterion = nn.BCELoss()', 'for x, y in loader:', '    criterion(model(x), y).backward()', 'pred = model(xv) > 0.5'];

describe('round 50: forward hooks that change the output in place', () => {
  before(() => initPython());
  it('o.sigmoid_(), o.copy_(...), o.mul_(), a view written, o[...] =, o.data =, o *= , out=, a helper we do not know: no finding', () => {
    const hooks = [
      ['def hook(m, i, o):', '    o.sigmoid_()'],
      ['def hook(m, i, o):', '    o.copy_(torch.sigmoid(o))'],
      ['def hook(m, i, o):', '    o[:, 0].mul_(2.0)'],
      ['def hook(m, i, o):', '    o[:] = torch.sigmoid(o)'],
      ['def hook(m, i, o):', '    o.data = torch.sigmoid(o.data)'],
      ['def hook(m, i, o):', '    o *= 0.5'],
      ['def hook(m, i, o):', '    torch.sigmoid(o, out=o)'],
      ['def hook(m, i, o):', '    torch.sigmoid_(o)'],
      ['def hook(m, i, o):', '    y = o.view(-1)', '    y.sigmoid_()'],
      ['from mylib import squash', 'def hook(m, i, o):', '    squash(o)'],
      ['hook = lambda m, i, o: print(o.sigmoid_())'],
    ];
    for (const h of hooks) assert.deepStrictEqual(found([...logitsModel, ...h, 'model[-1].register_forward_hook(hook)', ...bceTrain]), [], h.join(' / '));
  });
  it('guard: a hook that only reads the output (a copy kept, printed, appended) keeps the finding and its fix', () => {
    const hooks = [
      ['feats = {}', 'def hook(m, i, o):', '    feats["last"] = o.detach().clone()'],
      ['outs = []', 'def hook(m, i, o):', '    outs.append(o.detach())', '    print(o.shape, torch.sigmoid(o).mean())'],
    ];
    for (const h of hooks) {
      const lines = [...logitsModel, ...h, 'model[-1].register_forward_hook(hook)', ...bceTrain];
      assert.deepStrictEqual(fixes(lines).map((f) => f[0]), ['logits-into-probability-loss'], h.join(' / '));
    }
  });
});

describe('round 50: a global forward hook', () => {
  before(() => initPython());
  it('register_module_forward_hook by any path, a hook that returns or writes: no finding', () => {
    const regs = [
      ['from torch.nn.modules.module import register_module_forward_hook', 'register_module_forward_hook(lambda m, i, o: torch.sigmoid(o) if m is model else None)'],
      ['import torch.nn.modules.module as mm', 'def hook(m, i, o):', '    o.sigmoid_()', 'mm.register_module_forward_hook(hook)'],
      ['torch.nn.modules.module.register_module_forward_hook(lambda m, i, o: torch.sigmoid(o))'],
    ];
    for (const r of regs) assert.deepStrictEqual(found([...logitsModel, ...r, ...bceTrain]), [], r.join(' / '));
  });
  it('guard: a global hook that returns nothing and writes nothing keeps the fix', () => {
    const lines = [...logitsModel, 'torch.nn.modules.module.register_module_forward_hook(lambda m, i, o: print(m))', ...bceTrain];
    assert.deepStrictEqual(fixes(lines).map((f) => f[0]), ['logits-into-probability-loss']);
  });
});

describe('round 50: a model whose __class__ is swapped', () => {
  before(() => initPython());
  const classes = ['import torch', 'from torch import nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        return self.fc(x)',
    'class ProbNet(Net):', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()'];
  const train = ['crit = nn.BCELoss()', 'for x, y in loader:', '    crit(model(x), y).backward()'];
  it('model.__class__ = P, object.__setattr__(model, "__class__", P), on a Sequential or a layer: no finding', () => {
    for (const swap of ['model.__class__ = ProbNet', 'object.__setattr__(model, "__class__", ProbNet)', 'nn.Module.__setattr__(model, "__class__", ProbNet)']) {
      assert.deepStrictEqual(found([...classes, swap, ...train]), [], swap);
    }
    for (const swap of ['model.__class__ = MySeq', 'model[-1].__class__ = MyLinear', 'setattr(model[-1], "__class__", MyLinear)']) assert.deepStrictEqual(found([...logitsModel, swap, ...bceTrain]), [], swap);
  });
  it('guard: another attribute set keeps the fix', () => {
    assert.deepStrictEqual(fixes([...classes, 'model.name = "net"', ...train]).map((f) => f[0]), ['logits-into-probability-loss']);
  });
});

describe('round 50: data_parallel with module_kwargs by position', () => {
  before(() => initPython());
  const net = ['import torch', 'from torch import nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x, probs=False):', '        o = self.fc(x)', '        return torch.sigmoid(o) if probs else o', 'net = Net()', 'crit = nn.BCELoss()'];
  it('the 6th argument is module_kwargs: no finding', () => {
    assert.deepStrictEqual(found([...net, 'for x, y in loader:', '    crit(nn.parallel.data_parallel(net, (x,), None, None, 0, {"probs": True}), y).backward()']), []);
  });
  it('guard: five arguments keep the fix', () => {
    assert.deepStrictEqual(fixes([...net, 'for x, y in loader:', '    crit(nn.parallel.data_parallel(net, (x,), None, None, 0), y).backward()']).map((f) => f[0]), ['logits-into-probability-loss']);
  });
});

describe('round 50: fit / validate / test of an object we do not know', () => {
  before(() => initPython());
  const sig = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())', 'criterion = nn.BCEWithLogitsLoss()', 'for x, y in loader:', '    criterion(model(x), y).backward()'];
  it('Evaluator().validate(model, dl), tester.test(model), Runner().fit(model): a suggestion', () => {
    for (const call of [['from mylib import Evaluator', 'Evaluator(threshold=0.5).validate(model, val_loader)'], ['from mylib import tester', 'tester.test(model, val_loader)'], ['from mylib import Runner', 'Runner().fit(model)']]) {
      assert.deepStrictEqual(found([...sig, ...call]), [['sigmoid-before-logits-loss', 6, 'suggestion']], call.join(' / '));
    }
  });
  it('guard: a Lightning Trainer given a LightningModule keeps the removal', () => {
    const lit = ['import torch', 'from torch import nn', 'import pytorch_lightning as pl', 'class Lit(pl.LightningModule):', '    def __init__(self):', '        super().__init__()',
      '        self.net = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())', '        self.loss = nn.BCEWithLogitsLoss()', '    def forward(self, x):', '        return self.net(x)',
      '    def training_step(self, batch, i):', '        x, y = batch', '        return self.loss(self(x), y)', 'lit = Lit()', 'trainer = pl.Trainer(max_epochs=1)', 'trainer.fit(lit, dl)', 'trainer.validate(lit, dl)', 'trainer.test(lit, dl)'];
    assert.deepStrictEqual(fixes(lit).map((f) => f[0]), ['sigmoid-before-logits-loss']);
  });
});

describe('round 50: _call_impl and _wrapped_call_impl are calls of the model', () => {
  before(() => initPython());
  const sig = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())', 'criterion = nn.BCEWithLogitsLoss()', 'for x, y in loader:', '    criterion(model(x), y).backward()'];
  it('model._call_impl(x) > 0.5 reads the probabilities: a suggestion', () => {
    for (const read of ['print(model._call_impl(xv) > 0.5)', 'print(model._wrapped_call_impl(xv) > 0.5)']) assert.deepStrictEqual(fixes([...sig, read]), [], read);
  });
  it('guard: model.train() beside it keeps the removal', () => {
    assert.deepStrictEqual(fixes([...sig, 'model.train()']).map((f) => f[0]), ['sigmoid-before-logits-loss']);
  });
});

describe('round 50: a forward handing its output to a function we do not know', () => {
  before(() => initPython());
  const net = (body) => ['import torch', 'from mylib import squash', 'from torch import nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)', '    def forward(self, x):', '        o = self.fc(x)', ...body, '        return o',
    'model = Net()', 'criterion = nn.BCELoss()', 'for x, y in loader:', '    criterion(model(x), y).backward()'];
  it('squash(o) with its result dropped: a suggestion, as at the top level', () => {
    assert.deepStrictEqual(found(net(['        squash(o)'])), [['logits-into-probability-loss', 15, 'suggestion']]);
  });
  it('guard: a known function\'s result dropped, or none, keeps the fix', () => {
    for (const body of [[], ['        torch.sigmoid(o)'], ['        print(o.shape)']]) assert.deepStrictEqual(fixes(net(body)), [['logits-into-probability-loss', 14 + body.length]], body.join(' / '));
  });
});

describe('round 50: a cut with another bound on the same values', () => {
  before(() => initPython());
  const logits = ['import numpy as np', 'import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))', 'crit = nn.BCEWithLogitsLoss()', 'for x, y in loader:', '    crit(model(x), y).backward()', 'p = model(xv)'];
  it('0.5 < p <= 1.0, logical_and, &, and, p.gt(0.5) & p.le(1.0), np.logical_and, a named bound: a suggestion', () => {
    for (const cut of ['pred = 0.5 < p <= 1.0', 'pred = torch.logical_and(p > 0.5, p <= 1.0)', 'pred = (p > 0.5) & (p <= 1.0)', 'pred = (p > 0.5) and (p < 1)', 'pred = p.gt(0.5) & p.le(1.0)',
      'pred = np.logical_and(p.numpy() > 0.5, p.numpy() <= 1.0)', 'pred = (p > 0.5) & (p < hi)']) {
      assert.deepStrictEqual(found([...logits, cut]), [['threshold-logits', 9, 'suggestion']], cut);
    }
  });
  it('guard: a cut alone, or with a bound on other values, keeps the fix to 0', () => {
    for (const cut of ['pred = p > 0.5', 'pred = (p > 0.5) & (yv <= 1.0)']) assert.deepStrictEqual(fixes([...logits, cut]), [['threshold-logits', 9]], cut);
  });
});

describe('round 50: pos_weight given by position', () => {
  before(() => initPython());
  const sig = ['import torch', 'from torch import nn', 'import torch.nn.functional as F', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())'];
  const titles = (lines) => lintLines(lines).findings.flatMap((f) => f.suggestions?.map((s) => s.title ?? s.desc) ?? []);
  it('F.binary_cross_entropy_with_logits(..., pw) 7th, nn.BCEWithLogitsLoss(None, None, None, "mean", pw) 5th: no rename to the loss without it', () => {
    const calls = [['for x, y in loader:', '    F.binary_cross_entropy_with_logits(model(x), y, None, None, None, "mean", torch.tensor([5.0])).backward()'],
      ['crit = nn.BCEWithLogitsLoss(None, None, None, "mean", torch.tensor([5.0]))', 'for x, y in loader:', '    crit(model(x), y).backward()']];
    for (const c of calls) assert.deepStrictEqual(titles([...sig, ...c]).filter((t) => /binary_cross_entropy|BCELoss/.test(t)), [], c.join(' / '));
  });
  it('guard: without pos_weight the rename is still suggested', () => {
    const c = ['for x, y in loader:', '    F.binary_cross_entropy_with_logits(model(x), y, None, None, None, "mean").backward()'];
    assert.deepStrictEqual(titles([...sig, ...c]).filter((t) => /binary_cross_entropy/.test(t)).length, 1);
  });
});
