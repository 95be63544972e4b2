// The Python frontend on PyTorch inference and evaluation code, through the rules: what a model's
// head is when the training code is elsewhere, decisions chained on model outputs, and the shapes
// that decide whether an axis is the class axis.
const assert = require('assert');
const { findings } = require('./python-helpers');

const PRE = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';
/** Findings in `t.py` (PRE + body; line numbers count PRE's 3 lines). */
const lint = async (body, more = {}) => (await findings({ 't.py': PRE + body, ...more })).filter((f) => f.startsWith('t.py:')).map((f) => f.slice(5));

describe('python frontend: PyTorch inference code', () => {
  it('a linear head with no loss in sight is logits (PyTorch binds no loss to a model); a regression loss still clears it', async () => {
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
    assert.deepStrictEqual(await lint(body('')), ['16:threshold-logits']);
    assert.deepStrictEqual(await lint(body('nn.MSELoss()(scorer(xs), ys)')), []);
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
});
