// zero-threshold-on-probabilities: the logits' cut (0) on probabilities, in every language; only a
// cut used as a prediction is reported, and its fix is withheld where 0 may be right after all.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

const RULE = 'zero-threshold-on-probabilities';
const SIGMOID_NET = ['net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'out = net(x)', 'loss = nn.BCELoss()(out, y)'];
const ours = (lines) => lint([...HEADER, ...lines]).filter((f) => f.rule === RULE);

function lintJs(text, file = '/virtual/app.js') {
  const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
  return r.findings.map((f) => ({ rule: f.ruleId, fix: f.fix?.edits.map((e) => e.text) }));
}

describe('zero-threshold-on-probabilities', () => {
  before(() => initPython());

  it('a cut at 0 on a sigmoid output compared with labels (any spelling) is reported, with 0 -> 0.5 as the safe fix', () => {
    for (const decide of ['acc = ((out > 0).float() == y).float().mean()', 'acc = (out.gt(0).view(-1) == y.view(-1)).sum()', 'acc = torch.ge(out, 0).eq(y.bool()).float().mean()', 'acc = ((0 < out) == y).float().mean()']) {
      const found = ours([...SIGMOID_NET, decide]);
      assert.strictEqual(found.length, 1, decide);
      assert.strictEqual(found[0].fix, 'Threshold the probabilities at 0.5', decide);
    }
    const [f] = lint([...HEADER, ...SIGMOID_NET, 'from sklearn.metrics import f1_score', 'print(f1_score(y.numpy(), (out > 0).int().numpy()))']);
    assert.strictEqual(f?.rule, RULE, 'given to a classification metric');
    // Labels picked by the cut are the cut; values picked by it are not labels.
    for (const pick of ['labels = np.where(out.numpy() > 0, 1, 0)', 'labels = torch.where(out > 0, 1.0, 0.0)']) {
      assert.strictEqual(ours([...SIGMOID_NET, 'import numpy as np', pick, 'acc = (labels == y.numpy()).mean()']).length, 1, pick);
    }
    assert.deepStrictEqual(ours([...SIGMOID_NET, 'kept = torch.where(out > 0, out, y)', 'acc = (kept == y).float().mean()']), []);
  });

  it('a cut at 0 that is no decision stays silent: masks, checks, counts, logits', () => {
    for (const use of ['nz = out[out > 0]', 'assert (out >= 0).all()', 'n = int((out > 0).sum())', 'mask = out > 0']) {
      assert.deepStrictEqual(ours([...SIGMOID_NET, use]), [], use);
    }
    const logits = ['net = nn.Sequential(nn.Linear(8, 1))', 'out = net(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'acc = ((out > 0).float() == y).float().mean()'];
    assert.deepStrictEqual(lint([...HEADER, ...logits]), []);
  });

  it('the sigmoid before a logits loss is the cause: the cut gets no fix, and the sigmoid removal stays safe (0 is then right)', () => {
    const lines = ['net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'out = net(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'acc = ((out > 0).float() == y).float().mean()'];
    const found = lint([...HEADER, ...lines]);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix !== undefined]), [['sigmoid-before-logits-loss', true], [RULE, false]]);
  });

  it('a helper reached by a logits model too, or by values we know nothing of: reported without a fix', () => {
    const helper = ['def accuracy(p, t):', '    return ((p > 0).float() == t).float().mean()'];
    const logitsNet = ['lnet = nn.Sequential(nn.Linear(8, 1))', 'lout = lnet(x)', 'l2 = nn.BCEWithLogitsLoss()(lout, y)'];
    const shared = ours([...helper, ...SIGMOID_NET, ...logitsNet, 'a = accuracy(out, y)', 'b = accuracy(lout, y)']);
    assert.deepStrictEqual(shared.map((f) => f.fix), [undefined]);
    const unknown = ours([...helper, ...SIGMOID_NET, 'a = accuracy(out, y)', 'b = accuracy(torch.load("p.pt"), y)']);
    assert.deepStrictEqual(unknown.map((f) => f.fix), [undefined]);
    const alone = ours([...helper, ...SIGMOID_NET, 'a = accuracy(out, y)']);
    assert.deepStrictEqual(alone.map((f) => f.fix), ['Threshold the probabilities at 0.5']);
  });

  it('Keras: BinaryAccuracy / Precision with threshold 0 on a sigmoid head; right on logits; a metric object shared by both gets no fix', () => {
    const head = ['from tensorflow import keras', 'sig = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])', 'lin = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])'];
    const one = lint([...head, 'sig.compile(loss="binary_crossentropy", metrics=[keras.metrics.Precision(thresholds=0.0)])']);
    assert.deepStrictEqual(one.map((f) => [f.rule, f.fix]), [[RULE, 'Threshold the probabilities at 0.5']]);
    assert.deepStrictEqual(lint([...head, 'lin.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])']), []);
    // A sigmoid head trained only with a regression loss: not judged (its 0 may be any cut).
    assert.deepStrictEqual(lint([...head, 'sig.compile(loss="mse", metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])']), []);
    const shared = lint([...head, 'acc = keras.metrics.BinaryAccuracy(threshold=0)', 'sig.compile(loss="binary_crossentropy", metrics=[acc])', 'lin.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[acc])']);
    assert.deepStrictEqual(shared.map((f) => [f.rule, f.fix]), [[RULE, undefined]]);
  });

  it('tfjs: greater(0) on a sigmoid model compared with labels, not as a mask', () => {
    const model = "const tf = require('@tensorflow/tfjs');\nconst m = tf.sequential();\nm.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'sigmoid' }));\nm.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });\n";
    assert.deepStrictEqual(lintJs(model + 'const acc = m.predict(xs).greater(0).equal(ys).mean();\n'), [{ rule: RULE, fix: ['0.5'] }]);
    assert.deepStrictEqual(lintJs(model + 'const p = m.predict(xs);\nconst safe = tf.where(p.greater(0), p, tf.onesLike(p));\n'), []);
  });
});
