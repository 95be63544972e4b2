// Red team round 49's harmful safe fixes and false positives on PyTorch (mended in session 37):
// ignite's trainer applies its loss to `model_transform(model_fn(model, x))`; output changes at
// submodule level (a hook or a patched forward on an item, setattr, in-place changes through
// children() / get_submodule()); reads of a model through a wrapper we cannot follow; skorch's
// re-set criteria written in comments or strings. Every case fails on the frozen build (/work/s37a,
// b9e799c) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const torch = ['import torch', 'import torch.nn as nn', 'x = torch.randn(4, 10)', 'y = torch.rand(4, 1)'];
const ignite = [...torch, 'from ignite.engine import create_supervised_trainer', 'opt = None'];
const logitsSeq = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))';
const sigmoidSeq = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())';

describe('round 49: ignite applies its loss to model_transform(model_fn(model, x))', () => {
  before(() => initPython());
  it('model_transform=torch.sigmoid (by keyword, by position, in a **dict) and model_fn applying the sigmoid: BCELoss left alone', () => {
    const calls = [
      'create_supervised_trainer(model, opt, nn.BCELoss(), model_transform=torch.sigmoid)',
      'create_supervised_trainer(model, opt, nn.BCELoss(), "cpu", False, None, torch.sigmoid)',
      'create_supervised_trainer(model, opt, nn.BCELoss(), model_transform=lambda o: o.sigmoid())',
      'create_supervised_trainer(model, opt, nn.BCELoss(), model_fn=lambda m, x: torch.sigmoid(m(x)))',
    ];
    for (const call of calls) assert.deepStrictEqual(found([...ignite, logitsSeq, `trainer = ${call}`]), [], call);
    assert.deepStrictEqual(found([...ignite, logitsSeq, 'extra = {"model_transform": torch.sigmoid}', 'trainer = create_supervised_trainer(model, opt, nn.BCELoss(), **extra)']), []);
  });
  it('a transform we cannot read, or keywords we cannot see (**kw): no finding', () => {
    assert.deepStrictEqual(found([...ignite, 'import mylib', logitsSeq, 'trainer = create_supervised_trainer(model, opt, nn.BCELoss(), model_transform=mylib.squash)']), []);
    assert.deepStrictEqual(found([...ignite, logitsSeq, 'def make(**kw):', '    return create_supervised_trainer(model, opt, nn.BCELoss(), **kw)']), []);
  });
  it('model_transform=torch.logit undoes a sigmoid model: no finding', () => {
    assert.deepStrictEqual(found([...ignite, sigmoidSeq, 'trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss(), model_transform=torch.logit)']), []);
  });
  it('guard: no transform, an identity or shape-only one, or an old-style 7th output_transform(x, y, y_pred, loss): still reported', () => {
    for (const rest of ['', ', model_transform=lambda o: o.view(-1, 1), model_fn=lambda m, x: m(x)', ', "cpu", False, None, lambda x, y, y_pred, loss: loss.item()']) {
      assert.deepStrictEqual(found([...ignite, sigmoidSeq, `trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss()${rest})`]).map((f) => f.slice(0, 2)), [['sigmoid-before-logits-loss', 8]], rest);
    }
    assert.deepStrictEqual(found([...ignite, logitsSeq, 'trainer = create_supervised_trainer(model, opt, nn.BCELoss())']).map((f) => f.slice(0, 2)), [['logits-into-probability-loss', 8]]);
  });
});
