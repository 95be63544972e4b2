// A model's forward that shows the rank of its input (`B, K, D = cands.shape`, `h.size(2)`,
// `feats.transpose(1, 2)`) is not read at the [batch, features] presumed for data of unknown rank:
// a softmax or argmax over axis 1 of a one-unit output there is over the items (candidates, steps),
// not over one unit. Round 28 left this false positive; the first two cases fail on that build, the
// guards (evidence of rank 2, of the batch axis only, or about a rebound name) keep the findings.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');

const model = (forward, tail) => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F',
  'class Scorer(nn.Module):', '    def __init__(self, d):', '        super().__init__()', '        self.mlp = nn.Linear(d, 1)',
  ...forward.map((l) => `    ${l}`), 'model = Scorer(16)', ...tail];
const rules = (lines) => lint(lines).map((f) => f.rule);

describe('the rank a forward shows of its input', () => {
  before(() => initPython());

  it('unpacked from .shape / .size() into three names: a softmax over dim=1 of a one-unit score, and argmax(dim=1) of it, are over the items', () => {
    for (const unpack of ['b, k, d = cands.shape', 'B, K, _ = cands.size()', '(n, k, d) = cands.shape']) {
      const lines = model(['def forward(self, cands):', `    ${unpack}`, '    return F.softmax(self.mlp(cands), dim=1)'], ['p = model(batch)', 'best = p.argmax(dim=1)']);
      assert.deepStrictEqual(rules(lines), [], unpack);
    }
  });

  it('an axis read past 1 (`.size(2)`, `.shape[-3]`, `.transpose(1, 2)`, `torch.bmm`): at least three axes, the same silence', () => {
    for (const use of ['assert cands.size(2) == 16', 'd = cands.shape[2]', 'n = cands.size(-3)', 't = cands.transpose(1, 2)', 'a = torch.bmm(cands, cands.transpose(1, 2))', 'd = cands.size(dim=2)']) {
      const lines = model(['def forward(self, cands: torch.Tensor):', `    ${use}`, '    return torch.softmax(self.mlp(cands), dim=1)'], ['p = model(batch)']);
      assert.deepStrictEqual(rules(lines), [], use);
    }
  });

  it('guards: rank 2 shown, only the batch axis read, or the evidence about a rebound name: still one unit', () => {
    const two = model(['def forward(self, x):', '    batch, feats = x.shape', '    return F.softmax(self.mlp(x), dim=1)'], ['p = model(xb)']);
    assert.deepStrictEqual(rules(two), ['softmax-single-unit']);
    const batchOnly = model(['def forward(self, x):', '    b = x.size(0)', '    return self.mlp(x)'], ['out = model(xb)', 'acc = (out.argmax(dim=1) == yb).float().mean()']);
    assert.deepStrictEqual(rules(batchOnly), ['argmax-single-unit']);
    const rebound = model(['def forward(self, x):', '    x = x.view(x.size(0), -1)', '    b, c, h = x.shape', '    return F.softmax(self.mlp(x), dim=1)'], ['p = model(xb)']);
    assert.deepStrictEqual(rules(rebound), ['softmax-single-unit']);
    const none = model(['def forward(self, cands):', '    return F.softmax(self.mlp(cands), dim=1)'], ['p = model(batch)']);
    assert.deepStrictEqual(rules(none), ['softmax-single-unit']);
  });

  it('two unpackings that disagree say nothing of the rank: the presumption stands', () => {
    const lines = model(['def forward(self, x):', '    b, d = x.shape', '    if self.training:', '        b, t, d = x.shape', '    return F.softmax(self.mlp(x), dim=1)'], ['p = model(xb)']);
    assert.deepStrictEqual(rules(lines), ['softmax-single-unit']);
  });
});
