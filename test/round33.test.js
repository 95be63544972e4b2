// Session 21 (red team round 33). Every case fails on the session's first build but the guards,
// named in their titles.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lint } = require('./helpers/python-lint');

const rules = (lines) => lint(lines).map((f) => f.rule);

describe('round 33: comparisons written as calls', () => {
  before(() => initPython());
  const trained = ['import torch', 'import torch.nn as nn', 'import numpy as np', 'model = nn.Sequential(nn.Linear(8, 1))', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
  it('the cut written first (`torch.lt(0.5, out)`, `np.less(0.5, p)`) is a threshold on the value after it', () => {
    for (const cut of ['torch.lt(0.5, out)', 'torch.less_equal(0.5, out)', 'np.less(0.5, out.detach().numpy())']) {
      assert.deepStrictEqual(rules([...trained, `pred = ${cut}`]), ['threshold-logits'], cut);
    }
  });
  it('keyword arguments (`torch.gt(input=out, other=0.5)`) are the same call', () => {
    assert.deepStrictEqual(rules([...trained, 'pred = torch.gt(input=out, other=0.5)']), ['threshold-logits']);
  });
  it('guard: a cut at 0 written first, or two tensors compared, is silent', () => {
    for (const cut of ['torch.lt(0, out)', 'torch.gt(out, y)', 'torch.lt(y, out)', 'torch.lt(2, out)']) {
      assert.deepStrictEqual(rules([...trained, `pred = ${cut}`]), [], cut);
    }
  });
});
