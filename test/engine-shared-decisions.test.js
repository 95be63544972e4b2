// A decision place reached by values of different kinds (a helper called with a logits model's
// output and with a sigmoid model's) gets no rewrite: one written for the logits would break the
// other callers (red team round 9, tfjs). The engine's core decides it for both languages.
const assert = require('assert');
const { lintProject, initPython } = require('../out/rules');

function lint(file, lines) {
  const text = lines.join('\n') + '\n';
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }).findings.map((f) => ({ rule: f.ruleId, line: f.location.line, fix: f.fix?.title, suggestions: f.suggestions.length }));
}

const JS_MODELS = [
  "const tf = require('@tensorflow/tfjs');",
  'const logitModel = tf.sequential();',
  'logitModel.add(tf.layers.dense({ units: 1, inputShape: [4] }));',
  "logitModel.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  'const probModel = tf.sequential();',
  "probModel.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));",
  "probModel.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
  'const toLabels = (p) => p.greater(0.5);',
];

describe('decisions shared by values of different kinds', () => {
  before(() => initPython());

  it('tfjs: a threshold helper called for a logits model and a sigmoid model is reported, not rewritten', () => {
    const both = lint('/virtual/shared.js', [...JS_MODELS, 'const a = toLabels(logitModel.predict(xs));', 'const b = toLabels(probModel.predict(xs));']);
    assert.deepStrictEqual(both, [{ rule: 'threshold-logits', line: 8, fix: undefined, suggestions: 0 }]);
    const one = lint('/virtual/alone.js', [...JS_MODELS, 'const a = toLabels(logitModel.predict(xs));']);
    assert.match(one[0].fix ?? '', /Threshold logits at 0/);
  });

  it('Python: the same helper shape gets no rewrite either', () => {
    const py = ['import torch', 'import torch.nn as nn', 'x = torch.randn(4, 8); y = torch.ones(4, 1)',
      'logit = nn.Sequential(nn.Linear(8, 1))', 'prob = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())',
      'l1 = nn.BCEWithLogitsLoss()(logit(x), y)', 'l2 = nn.BCELoss()(prob(x), y)',
      'def to_labels(p):', '    return (p > 0.5).float()'];
    const both = lint('/virtual/shared.py', [...py, 'a = to_labels(logit(x))', 'b = to_labels(prob(x))']);
    assert.deepStrictEqual(both, [{ rule: 'threshold-logits', line: 9, fix: undefined, suggestions: 0 }]);
  });
});
