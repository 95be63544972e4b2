// The Python frontend on PyTorch inference and evaluation code, through the rules: what a model's
// head is when the training code is elsewhere, decisions chained on model outputs, and the shapes
// that decide whether an axis is the class axis.
const assert = require('assert');
const { findings } = require('./python-helpers');

const PRE = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
/** Findings in `t.py` (PRE + body; line numbers count PRE's 3 lines). */
const lint = async (body, more = {}) => (await findings({ 't.py': PRE + body, ...more })).filter((f) => f.startsWith('t.py:')).map((f) => f.slice(5));

describe('python frontend: PyTorch inference code', () => {
  it('a linear head is logits only with a classification loss in sight: none or a regression loss is no finding', async () => {
    const body = (train) => `
class Scorer(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 1)

    def forward(self, x):
        return self.fc(x)

scorer = Scorer()
${train}
def decide(x):
    return scorer(x) > 0.5
`;
    assert.deepStrictEqual(await lint(body('')), []);
    assert.deepStrictEqual(await lint(body('nn.MSELoss()(scorer(xs), ys)')), []);
    assert.deepStrictEqual(await lint(body('nn.BCEWithLogitsLoss()(scorer(xs), ys)')), ['16:threshold-logits']);
  });

  it('a loss applied to one instance of a class is the training of every instance (a served copy included)', async () => {
    const files = {
      'net.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)\n    def forward(self, x):\n        return self.fc(x)\n',
      'train.py': 'import torch.nn as nn\nfrom net import Net\ndef fit(x, y):\n    net = Net()\n    nn.MSELoss()(net(x), y)\n',
      'serve.py': 'import torch\nfrom net import Net\nmodel = Net()\nmodel.load_state_dict(torch.load("w.pt"))\nflag = model(torch.randn(1, 4)) > 0.5\n',
    };
    assert.deepStrictEqual(await findings(files), []);
    files['train.py'] = files['train.py'].replace('MSELoss', 'BCEWithLogitsLoss');
    assert.deepStrictEqual(await findings(files), ['serve.py:5:threshold-logits']);
  });

  it('an activation on a model output keeps its shape: argmax() after softmax(dim=1) still flattens [batch, classes]', async () => {
    assert.deepStrictEqual(await lint(`
model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))
a = model(x_batch).softmax(dim=1).argmax()
b = torch.sigmoid(model(x_batch)).argmax()
c = model(x_batch).softmax(dim=1).flatten().argmax()
`), ['6:argmax-batch-axis', '7:argmax-batch-axis']);
  });

  it('a flattened argmax needs evidence of several samples: a comparison with labels, a metric, a named batch', async () => {
    const head = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))\n';
    // One image, however it was made into a batch of one: the flattened index is its class.
    assert.deepStrictEqual(await lint(`${head}k = model(img.reshape(-1, 10)).argmax()\nprint(CLASSES[k])\n`), []);
    assert.deepStrictEqual(await lint(`${head}p = model(x).argmax()\nok = (p == y).float().mean()\n`), ['5:argmax-batch-axis']);
    // Compared with a constant class index: a question about one prediction, not per sample.
    assert.deepStrictEqual(await lint(`${head}p = model(x).argmax()\nif p == 0:\n    print("cat")\nq = model(x).argmax()\nok = q.eq(1)\n`), []);
    assert.deepStrictEqual(await lint(`${head}p = model(x).argmax()\nok = p.eq(y).sum()\n`), ['5:argmax-batch-axis']);
    assert.deepStrictEqual(await lint(`${head}from sklearn.metrics import accuracy_score\np = model(x).argmax()\nprint(accuracy_score(y, p))\n`), ['6:argmax-batch-axis']);
    assert.deepStrictEqual(await lint(`${head}def classify(x_batch):\n    return model(x_batch).argmax()\n`), ['6:argmax-batch-axis']);
  });

  it('x.flatten(1) is [batch, features]: argmax over dim 1 of the 1-unit head after it', async () => {
    assert.deepStrictEqual(await lint(`
class Det(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.fc = nn.Linear(8 * 26 * 26, 1)

    def forward(self, x):
        return self.fc(F.relu(self.conv(x)).flatten(1))

det = Det()
pred = det(images).max(1)[1]
`), ['15:argmax-single-unit']);
  });

  it('softmax over dim 1 at the end of a model of per-sample layers is over its units; not in a part of another model', async () => {
    assert.deepStrictEqual(await lint(`
seq = nn.Sequential(nn.Linear(20, 8), nn.ReLU(), nn.Linear(8, 1), nn.Softmax(dim=1))

class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 1)
        self.sm = nn.Softmax(dim=1)

    def forward(self, x):
        return self.sm(self.fc(x))

class Fn(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(20, 1)

    def forward(self, x):
        return F.softmax(self.fc(x), dim=1)
`), ['5:softmax-single-unit', '14:softmax-single-unit', '22:softmax-single-unit']);
    // The same modules as attention scorers over [batch, time, 1]: unknown.
    assert.deepStrictEqual(await lint(`
class Scorer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = nn.Linear(d, 1)

    def forward(self, h):
        return F.softmax(self.fc(h), dim=1)

class Pool(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.score = Scorer(d)
        self.att = nn.Sequential(nn.Linear(d, 16), nn.Tanh(), nn.Linear(16, 1), nn.Softmax(dim=1))

    def forward(self, h):
        return (self.score(h) * self.att(h) * h).sum(dim=1)
`), []);
  });

  it('a convolution is linear: a conv head gives logits (BCELoss on self(x) in a Lightning step, > 0.5 in torch.where); its channels are dim 1, so argmax(dim=1) over one channel is always 0', async () => {
    assert.deepStrictEqual(await lint(`
import pytorch_lightning as pl

class Seg(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 1, 1))

    def forward(self, img):
        return self.net(img)

    def training_step(self, batch, batch_idx):
        img, mask = batch
        return F.binary_cross_entropy(self(img), mask)

head = nn.Sequential(nn.Conv2d(8, 1, 1))
nn.BCEWithLogitsLoss()(head(fmap), target)
m = torch.where(head(fmap) > 0.5, 1, 0)
i = head(fmap).argmax(dim=1)
`), ['17:logits-into-probability-loss', '21:threshold-logits', '22:argmax-single-unit']);
  });

  it('a comprehension is a collection whose every item is its element: ModuleList(nn.Linear(a, b) for ...)[-1] is a Linear', async () => {
    assert.deepStrictEqual(await lint(`
class MLP(nn.Module):
    def __init__(self, sizes=(784, 128, 10)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.heads = nn.ModuleList([nn.Linear(128, 10) for _ in range(3)])

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = F.relu(layer(x))
        return self.layers[-1](x), self.heads[0](x)

net = MLP()
out, aux = net(data)
a = F.nll_loss(out, target)
b = F.nll_loss(aux, target)
x = 1
c = [x for x in range(3)]
d = F.nll_loss(F.log_softmax(out, dim=1), target) if x == 1 else None
`), ['18:nll-loss-input', '19:nll-loss-input']);
  });
  it('softmax without dim: PyTorch\'s implicit dim (1 on a 2-D input, 0 on a 3-D one) decides whether it is over the classes', async () => {
    const net = (ret) => `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.fc2 = nn.Linear(32, 4)

    def forward(self, x):
        h = self.fc2(F.relu(self.fc1(x)))
        return ${ret}

model = Net()
criterion = nn.CrossEntropyLoss()
def step(x, y):
    return criterion(model(x), y)
`;
    assert.deepStrictEqual(await lint(net('F.softmax(h)')), ['18:softmax-before-logits-loss']);
    assert.deepStrictEqual(await lint(net('F.softmax(h, dim=1)')), ['18:softmax-before-logits-loss']);
    // [batch, time, units]: the implicit dim is 0, the batch: no class probabilities, no finding.
    assert.deepStrictEqual(await lint(net('F.softmax(h.view(8, 5, 4))')), []);
  });
  it('another file\'s module-level Sequential grown from an export script: whether the training script sees the layer is not known (round 13); grown in its own file it is', async () => {
    const model = 'import torch.nn as nn\nnet = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))\n';
    const train = 'import torch.nn as nn\nfrom model import net\ndef main():\n    for x, y in loader:\n        loss = nn.BCEWithLogitsLoss()(net(x), y)\n';
    const exporter = 'import torch, torch.nn as nn\nfrom model import net\ndef main():\n    net.add_module("sig", nn.Sigmoid())\n    torch.onnx.export(net, torch.zeros(1, 10), "model.onnx")\n';
    assert.deepStrictEqual(await findings({ 'model.py': model, 'export.py': exporter, 'train.py': train }), []);
    const own = model + 'net.add_module("sig", nn.Sigmoid())\n';
    assert.deepStrictEqual(await findings({ 'model.py': own, 'train.py': train }), ['train.py:5:sigmoid-before-logits-loss']);
  });
});
