// Red team 48c (session 36): nn.Sigmoid removed from a Sequential whose items are read by their
// registered names (`get_submodule("3")`, `getattr(model, "3")`, `model._modules["3"]`, named_children),
// which the removal breaks; argmax-single-unit silenced for indices that pick back the row's
// confidence but are also kept as the predictions; `print(len(model))` taken for a read that
// decides something. Every case fails on /work/s36b but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);

describe('round 48: a Sequential read by its items\' names', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())', 'criterion = nn.BCEWithLogitsLoss()'];
  const train = ['x = torch.randn(32, 16); y = torch.randint(0, 2, (32, 1)).float()', 'loss = criterion(model(x), y)'];
  /** The removal's finding, reported at the loss (the last line). */
  const removal = (lines, how) => assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', lines.length, how]], lines.join(' / '));
  it('get_submodule("3"), getattr(model, "3"), model._modules["3"], dict(named_children())["3"]: the removal is a suggestion', () => {
    for (const read of ['head = model.get_submodule("3")', 'head = getattr(model, "3")', 'head = model._modules["3"]', 'head = dict(model.named_children())["3"]', 'net = model; head = net.get_submodule("3")']) {
      removal([...net, read, ...train], 'suggestion');
    }
  });
  it('print(len(model)), logger.info(len(model)): only shown, the removal stays a safe fix', () => {
    for (const show of ['print(len(model))', 'import logging; logging.info(len(model))']) {
      removal([...net, show, ...train], 'fix');
    }
  });
  it('guard: a plain Sequential nobody reads keeps its safe removal; a len() that decides keeps it a suggestion', () => {
    removal([...net, ...train], 'fix');
    removal([...net, 'n = len(model)', ...train], 'suggestion');
    removal([...net, 'for name, m in model.named_modules(): print(name)', ...train], 'suggestion');
  });
});

describe('round 48: argmax over one unit picking back its confidence and kept as predictions', () => {
  before(() => initPython());
  const net = ['import torch', 'import torch.nn as nn', 'model = nn.Linear(16, 1)', 'x = torch.randn(8, 16); y = torch.randint(0, 2, (8, 1)).float()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x)', 'pred = out.argmax(1)'];
  it('the indices also collected and scored, saved, returned, appended or printed: still reported', () => {
    const uses = [
      ['confs = out[torch.arange(len(out)), pred].tolist()', 'all_preds = []', 'all_preds.extend(pred.tolist())', 'from sklearn.metrics import accuracy_score', 'print(accuracy_score(y.squeeze(1).tolist(), all_preds))'],
      ['conf = out.gather(1, pred.unsqueeze(1))', 'torch.save({"pred": pred, "conf": conf}, "preds.pt")'],
      ['def predict():', '    conf = out.gather(1, pred.unsqueeze(1))', '    return pred, conf'],
      ['conf = out[torch.arange(8), pred]', 'preds = []', 'preds.append(pred)'],
      ['conf = out[torch.arange(8), pred]', 'print("predictions", pred, conf)'],
    ];
    for (const u of uses) assert.deepStrictEqual(found([...net, ...u]).map((f) => f.slice(0, 2)), [['argmax-single-unit', 7]], u.join(' / '));
  });
  it('review: the index also read into another list (`CLASSES[target]`) is a class decision, not a pick back: reported', () => {
    const base = net.slice(0, 6);
    const grad = ['CLASSES = ["cat", "dog"]', 'target = out.argmax(1).item()', 'print("predicted", CLASSES[target])', 'out[:, target].sum().backward()'];
    assert.deepStrictEqual(found([...base, ...grad]).map((f) => f[0]), ['argmax-single-unit']);
  });
  it('guard: Grad-CAM `out[:, out.argmax(1).item()].backward()` and a named index only picked back stay silent', () => {
    const base = net.slice(0, 6);
    assert.deepStrictEqual(found([...base, 'out[:, out.argmax(1).item()].sum().backward()']), []);
    assert.deepStrictEqual(found([...base, 'target = out.argmax(1).item()', 'out[:, target].sum().backward()']), []);
    assert.deepStrictEqual(found([...base, 'idx = out.argmax(1)', 'conf = out.gather(1, idx.unsqueeze(1))', 'conf.sum().backward()']), []);
  });
});
