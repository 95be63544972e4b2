// The Python frontend on PyTorch code: the events it records and the facts behind them (what the
// values are, the width, and the lines of the evidence), for each construct it follows, and no
// facts where the code does not say (branches on self.training, conditional definitions).
const assert = require('assert');
const { events } = require('./python-helpers');

const PRE = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

/** The events of one file `t.py` whose text is PRE + body (line numbers count PRE's 3 lines). */
const run = (body, more = {}) => events({ 't.py': PRE + body, ...more }, ['t.py']);
const only = (evs, type) => evs.filter((e) => e.type === type);

describe('python frontend: PyTorch', () => {
  it('nn.Module: layers from __init__, output from forward (the seed case)', async () => {
    const evs = await run(`
class Net(nn.Module):
    def __init__(self, n_in, n_out=1):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.fc2 = nn.Linear(32, n_out)
        self.sig = nn.Sigmoid()

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        return self.sig(self.fc2(x))

model = Net(10)
crit = nn.BCEWithLogitsLoss()
for x, y in loader:
    out = model(x)
    loss = crit(out, y)
    pred = out.argmax(dim=1)
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual(loss, {
      type: 'loss', line: 20, name: 'torch.BCEWithLogitsLoss', expects: 'logits', via: 'call',
      pred: { act: 'sigmoid', actLine: 14, width: 1, widthLine: 9, pred: true, modelOutput: true, model: 'module' },
      labels: { act: 'unknown' },
    });
    const [am] = only(evs, 'argmax');
    assert.deepStrictEqual([am.line, am.axis, am.form, am.noAxis, am.input.width], [21, 1, 'method', 'flatten', 1]);
  });

  it('the correct tutorial version: logits into BCEWithLogitsLoss, round(sigmoid(pred))', async () => {
    const evs = await run(`
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.BCEWithLogitsLoss()
pred = model(X)
loss = loss_fn(pred, y)
acc = (torch.round(torch.sigmoid(pred)) == y).float().mean()
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.pred.act, loss.pred.actLine, loss.pred.width, loss.pred.model], ['logits', 5, 1, 'sequential']);
    const [thr] = only(evs, 'threshold');
    assert.deepStrictEqual([thr.op, thr.input.act, thr.input.actLine], ['round', 'sigmoid', 9]);
  });

  it('nn.Sequential: OrderedDict, add_module, *list of appended layers', async () => {
    const evs = await run(`
from collections import OrderedDict
a = nn.Sequential(OrderedDict([('fc', nn.Linear(4, 3)), ('sm', nn.Softmax(dim=1))]))
b = nn.Sequential(nn.Linear(4, 1))
b.add_module('sig', nn.Sigmoid())
layers = []
layers.append(nn.Linear(3, 5))
layers.append(nn.Linear(5, 2))
c = nn.Sequential(*layers)
l1 = F.cross_entropy(a(x), y)
l2 = F.binary_cross_entropy_with_logits(b(x), y)
l3 = F.binary_cross_entropy(c(x), y)
`);
    const losses = only(evs, 'loss').map((e) => [e.line, e.name, e.pred.act, e.pred.actLine, e.pred.width]);
    assert.deepStrictEqual(losses, [
      [13, 'torch.cross_entropy', 'softmax', 6, 3],
      [14, 'torch.binary_cross_entropy_with_logits', 'sigmoid', 8, 1],
      [15, 'torch.binary_cross_entropy', 'logits', 11, 2],
    ]);
  });

  it('nn.ModuleList iterated in forward, log_softmax into NLLLoss, torch.max indices', async () => {
    const evs = await run(`
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 8), nn.Linear(8, 3)])
    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return F.log_softmax(x, dim=1)
m = M()
out = m(x)
l = nn.NLLLoss()(out, y)
_, p1 = torch.max(out, 1)
p2 = out.max(1)[1] + p1
p3 = out.argmax()
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.expects, loss.pred.act, loss.pred.actLine, loss.pred.width], ['log-probabilities', 'log-softmax', 12, 3]);
    const am = only(evs, 'argmax').map((e) => [e.line, e.axis, e.form]);
    assert.deepStrictEqual(am, [[16, 1, 'function'], [17, 1, 'method'], [18, undefined, 'method']]);
  });

  it('activations as functions and methods; thresholds: 0.5, any probability in (0, 1), 0 (the logits cut), not 2', async () => {
    const evs = await run(`
net = nn.Sequential(nn.Linear(4, 1))
o = net(x)
a = (torch.special.expit(o) > 0.5).float()
b = (o >= 0.5).float()
c = o.sigmoid().round()
d = torch.softmax(o, dim=-1)
e = o > 0.3
f = o > 0
g = 2 < o
`);
    const thr = only(evs, 'threshold').map((e) => [e.line, e.op, e.input.act, e.thr]);
    assert.deepStrictEqual(thr, [[7, 'compare', 'sigmoid', '0.5'], [8, 'compare', 'logits', '0.5'], [9, 'round', 'sigmoid', undefined], [11, 'compare', 'logits', '0.3'], [12, 'compare', 'logits', '0']]);
    const [sm] = only(evs, 'softmax');
    assert.deepStrictEqual([sm.line, sm.kind, sm.input.width], [10, 'op', 1]);
  });

  it('Lightning: self(x) in training_step is the model output', async () => {
    const evs = await run(`
import pytorch_lightning as pl
class Lit(pl.LightningModule):
    def __init__(self, hidden=32):
        super().__init__()
        self.l1 = nn.Linear(28 * 28, hidden)
        self.out = nn.Linear(hidden, 10)
    def forward(self, x):
        x = x.view(x.size(0), -1)
        return F.softmax(self.out(torch.relu(self.l1(x))), dim=1)
    def training_step(self, batch, batch_idx):
        x, y = batch
        logits = self(x)
        return F.cross_entropy(logits, y)
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.line, loss.pred.act, loss.pred.actLine, loss.pred.width, loss.pred.rank], [17, 'softmax', 13, 10, 2]);
  });

  it('cross-file: from package import Net (via __init__ re-export), import models.net as mn', async () => {
    const files = {
      'models/__init__.py': 'from .net import Net\n',
      'models/net.py': 'import torch\nimport torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super(Net, self).__init__()\n        self.head = nn.Linear(16, 1)\n    def forward(self, x):\n        return torch.sigmoid(self.head(x))\n',
    };
    const evs = await run(`
from models import Net
import models.net as mn
m = Net()
l = nn.BCEWithLogitsLoss()(m(x), y)
l2 = nn.BCELoss()(mn.Net()(x), y)
`, files);
    const losses = only(evs, 'loss').map((e) => [e.line, e.pred.act, e.pred.actLine, e.pred.width]);
    assert.deepStrictEqual(losses, [[8, 'sigmoid', 8, 1], [9, 'sigmoid', 8, 1]]);
  });

  it('a function called with a model output: call-site expansion', async () => {
    const evs = await run(`
net = nn.Sequential(nn.Linear(4, 1))
def decide(t):
    return (t > 0.5).long()
decide(net(x))
`);
    assert.deepStrictEqual(only(evs, 'threshold').map((e) => [e.line, e.input.act]), [[7, 'logits']]);
  });

  it('unknown stays unknown: self.training branches, conditional definitions, patched models', async () => {
    const evs = await run(`
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 1)
    def forward(self, x):
        x = self.fc(x)
        if not self.training:
            x = torch.sigmoid(x)
        return x
if args.logits:
    crit = nn.BCEWithLogitsLoss()
else:
    crit = nn.BCELoss()
model = Net()
a = crit(model(x), y)
b = nn.BCEWithLogitsLoss()(model(x), y)
if flag:
    def act(t):
        return torch.sigmoid(t)
c = nn.BCELoss()(act(model(x)), y)
m2 = Net()
m2.fc = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())
d = nn.BCEWithLogitsLoss()(m2(x), y)
`);
    const losses = only(evs, 'loss').map((e) => [e.line, e.pred.act]);
    assert.deepStrictEqual(losses, [[20, 'unknown'], [24, 'unknown'], [27, 'unknown']]);
  });

  it('a name bound on some branches only, with nothing before, has the value they bind (the other path raises NameError)', async () => {
    const evs = await run(`
class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 1)
    def forward(self, x):
        return self.fc(x)
if args.arch == 'a':
    model = A()
elif args.arch == 'b':
    model = A()
if flag:
    act = torch.sigmoid
a = nn.BCELoss()(model(x), y)
b = nn.BCELoss()(act(model(x)), y)
loss = nn.BCELoss()
if args.arch == 'c':
    loss = nn.BCEWithLogitsLoss()
c = loss(model(x), y)
def f(z):
    if flag:
        best = z
    return nn.BCELoss()(best, y)
f(model(x))
`);
    // c: \`loss\` was bound before (two candidate losses: unknown, no loss at all); f's \`best\` binds the argument.
    const losses = only(evs, 'loss').map((e) => [e.line, e.pred.act]);
    assert.deepStrictEqual(losses, [[17, 'logits'], [18, 'sigmoid'], [26, 'logits']]);
  });

  it('a name bound on one branch only stays unknown where it may come from elsewhere: a global, a star import not read', async () => {
    const evs = await run(`
from somewhere_installed import *
model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())
if flag:
    head = nn.Sequential(nn.Linear(10, 1))
a = nn.BCELoss()(head(x), y)
def g():
    if flag:
        model = nn.Sequential(nn.Linear(10, 1))
    return nn.BCELoss()(model(x), y)
g()
`);
    const losses = only(evs, 'loss').map((e) => [e.line, e.pred.act]);
    assert.deepStrictEqual(losses, [[9, 'unknown'], [13, 'unknown']]);
  });

  it('swapped arguments: the prediction in the target position; a custom loss parameter', async () => {
    const evs = await run(`
net = nn.Sequential(nn.Linear(4, 1))
bad = nn.BCEWithLogitsLoss()(y, net(x))
def my_loss(pred, target):
    return F.binary_cross_entropy_with_logits(pred, target)
`);
    const [swapped, inner] = only(evs, 'loss');
    assert.deepStrictEqual([swapped.labels.pred, swapped.pred.pred], [true, undefined]);
    assert.strictEqual(inner.line, 8);
  });

  it('regression losses mark a model as not a classifier', async () => {
    const { analyse } = require('./python-helpers');
    const r = await analyse({ 't.py': PRE + 'net = nn.Sequential(nn.Linear(4, 1))\nl = nn.MSELoss()(net(x), y)\n' });
    const m = r.models.find((x) => x.kind === 'sequential');
    assert.deepStrictEqual(m.losses.map((l) => [l.name, l.kind]), [['torch.MSELoss', undefined]]);
  });
});

describe('python frontend: PyTorch, one-sample batches', () => {
  it('argmax without dim on the output for x.unsqueeze(0) / x[None] is no batch output', async () => {
    const evs = await run(`
net = nn.Sequential(nn.Linear(4, 3))
a = net(img.unsqueeze(0)).argmax()
b = net(img[None]).argmax()
c = net(torch.randn(1, 4)).argmax()
d = net(batch).argmax()
`);
    assert.deepStrictEqual(only(evs, 'argmax').map((e) => [e.line, !!e.input.modelOutput]), [[6, false], [7, false], [8, false], [9, true]]);
  });
});

describe('python frontend: PyTorch, wrappers and explicit forward', () => {
  it('DataParallel(model) and torch.compile(model) are the model; self.forward(x) is its output', async () => {
    const evs = await run(`
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 1)
    def forward(self, x):
        return self.fc(x)
    def predict(self, x):
        return torch.sigmoid(self.forward(x)) > 0.5
model = nn.DataParallel(Net())
fast = torch.compile(model)
l = nn.BCELoss()(fast(x), y)
p = model.predict(x)
`);
    const [loss] = only(evs, 'loss');
    assert.deepStrictEqual([loss.pred.act, loss.pred.actLine, loss.pred.model], ['logits', 8, 'module']);
    const thr = only(evs, 'threshold');
    assert.ok(thr.length >= 1 && thr.every((e) => e.input.act === 'sigmoid' && e.line === 12));
  });
});

describe('python frontend: PyTorch, opaque models', () => {
  it('a call of a model we cannot see is a prediction, not data (no swapped arguments)', async () => {
    const evs = await run(`
import torchvision
teacher = nn.Sequential(nn.Linear(4, 3))
student = torchvision.models.resnet18(num_classes=3)
l = F.cross_entropy(student(x), teacher(x).softmax(dim=1))
l2 = F.cross_entropy(labels, teacher(x))
`);
    const [a, b] = only(evs, 'loss');
    assert.deepStrictEqual([a.pred.pred, a.labels.pred], [true, true]);
    assert.deepStrictEqual([b.pred.pred, b.labels.pred], [undefined, true]);
  });
});
