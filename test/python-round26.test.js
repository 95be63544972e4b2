// Red team round 26 (session 15) and the leftovers of session 14's rounds.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);

describe('round 26: a linear output clipped into [0, 1] and trained with a loss that takes probabilities', () => {
  before(() => initPython());

  const clampNet = (clip) => [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', `        return ${clip}`,
    'model = Net()', 'out = model(x)', 'loss = nn.BCELoss()(out, y)', 'pred = (out > 0.5).float()'];
  const messagesOf = (lines) => { const { lintProject } = require('../out/rules'); const text = lines.join('\n') + '\n'; return lintProject(['/virtual/train.py'], {}, { readFile: (f) => (f === '/virtual/train.py' ? text : undefined) }).findings.map((f) => [f.ruleId, f.message]); };

  it('torch.clamp(z, 0, 1), z.clamp(min=1e-7, max=1 - 1e-7), torch.clip(z, 0., 1.): the clip is the finding (its dead gradients), and 0.5 is the model\'s cut, no threshold-logits', () => {
    for (const clip of ['torch.clamp(self.fc(x), 0, 1)', 'self.fc(x).clamp(min=1e-7, max=1 - 1e-7)', 'torch.clip(self.fc(x), 0.0, 1.0)']) {
      const found = lint(clampNet(clip));
      assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions.length]), [['logits-into-probability-loss', undefined, 0]], clip);
      assert.match(messagesOf(clampNet(clip))[0][1], /clipped into \[0, 1\].*gradient of zero.*sigmoid instead of the clip/, clip);
    }
  });

  it('a clip to another range, or with a bound we cannot read, is still raw logits to BCELoss, and 0.5 still cuts them at the wrong point', () => {
    for (const clip of ['torch.clamp(self.fc(x), -1, 1)', 'torch.clamp(self.fc(x), lo, hi)', 'self.fc(x).clamp(min=0)']) {
      assert.deepStrictEqual(rulesOf(clampNet(clip)), ['logits-into-probability-loss', 'threshold-logits'], clip);
      assert.doesNotMatch(messagesOf(clampNet(clip))[0][1], /clipped into/, clip);
    }
  });

  it('Keras: tf.clip_by_value(model(x), 0., 1.) into BinaryCrossentropy() leaves predict() > 0.5 alone; K.round(K.clip(logits, 0, 1)) on a logits-trained model still cuts the logits at 0.5', () => {
    const keras = ['import tensorflow as tf', 'from tensorflow import keras', 'from keras import backend as K', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])'];
    assert.deepStrictEqual(rulesOf([...keras, 'bce = keras.losses.BinaryCrossentropy()', 'with tf.GradientTape() as tape:', '    p = tf.clip_by_value(model(x, training=True), 0.0, 1.0)', '    loss = bce(y, p)', 'preds = model.predict(xt) > 0.5']), ['logits-into-probability-loss']);
    assert.deepStrictEqual(rulesOf([...keras, 'def acc(y_true, y_pred):', '    return K.mean(K.equal(y_true, K.round(K.clip(y_pred, 0, 1))))',
      'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[acc])', 'model.fit(x, y)']), ['threshold-logits']);
  });
});
