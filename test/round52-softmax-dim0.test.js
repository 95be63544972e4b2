'use strict';
// Session 40 (rt52a): `nn.Softmax(dim=0)` at a model's end is a softmax over the batch of (N, C), or
// over the classes of one sample (C,): either way its values went through a softmax, which
// CrossEntropyLoss (logits) and NLLLoss (log-probabilities) must not get. Removing it is right in both
// cases; renaming it LogSoftmax(dim=0) would keep the batch's axis, as wrong and no longer reported.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { foundIn, fixedLines } = require('./lint-text');

const program = (head, loss) => ['import torch.nn as nn', `model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 6), ${head})`, `crit = nn.${loss}()`,
  'for x, y in loader:', '    loss = crit(model(x), y)', '    loss.backward()'];

describe('round 52: nn.Softmax(dim=0) before a loss', () => {
  before(() => initPython());
  it('CrossEntropyLoss after Softmax(dim=0): softmax-before-logits-loss, the softmax removed', () => {
    const lines = program('nn.Softmax(dim=0)', 'CrossEntropyLoss');
    assert.deepStrictEqual(foundIn(lines), [['softmax-before-logits-loss', 5, 'fix']]);
    assert.match(fixedLines(lines), /nn\.Linear\(64, 6\)\)\n/);
  });
  it('NLLLoss after Softmax(0): nll-loss-input, and no rename to LogSoftmax(0)', () => {
    assert.deepStrictEqual(foundIn(program('nn.Softmax(0)', 'NLLLoss')), [['nll-loss-input', 5, 'none']]);
  });
  it('guard: NLLLoss after Softmax(dim=1) keeps its rename; LogSoftmax(dim=0) with NLLLoss stays silent', () => {
    assert.deepStrictEqual(foundIn(program('nn.Softmax(dim=1)', 'NLLLoss')), [['nll-loss-input', 5, 'fix']]);
    assert.deepStrictEqual(foundIn(program('nn.LogSoftmax(dim=0)', 'NLLLoss')), []);
  });
});
