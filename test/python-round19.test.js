// Red team round 19 (session 12): round 18's changes, and the shapes next to them.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);

describe('round 19: what a call or a write changes', () => {
  before(() => initPython());

  it('a flag given to the model (`return_probs=True`) that forward applies inside a tuple or a record makes that call\'s output unknown', () => {
    const net = (ret) => [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.head = nn.Linear(8, 1)', '    def forward(self, x, return_probs=False):', '        z = self.head(x)', '        if return_probs:', '            z = torch.sigmoid(z)', `        return ${ret}`, 'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x)[0], y)'];
    assert.deepStrictEqual(rulesOf([...net('z, x'), 'a = model(x, return_probs=True)[0] > 0.5']), []);
    assert.deepStrictEqual(rulesOf([...net('{"logits": z}'), 'a = model(x, return_probs=True)["logits"] > 0.5']), []);
    // Without the flag, the logits are thresholded: reported.
    assert.deepStrictEqual(rulesOf([...net('z, x'), 'a = model(x)[0] > 0.5']), ['threshold-logits']);
  });

  it('a field of a Hugging Face record written after the call (attribute, setattr, update) is not what forward put there', () => {
    const hf = ['import torch', 'import torch.nn as nn', 'from transformers import BertPreTrainedModel, BertModel', 'from transformers.modeling_outputs import SequenceClassifierOutput', 'class Clf(BertPreTrainedModel):', '    def __init__(self, config):', '        super().__init__(config)', '        self.bert = BertModel(config)', '        self.out = nn.Linear(config.hidden_size, 1)', '    def forward(self, ids):', '        return SequenceClassifierOutput(logits=self.out(self.bert(ids)[1]))', 'model = Clf(cfg)', 'loss = nn.BCEWithLogitsLoss()(model(ids).logits, y)', 'o = model(ids)'];
    for (const write of ['o.logits = torch.sigmoid(o.logits)', 'setattr(o, "logits", torch.sigmoid(o.logits))', 'o.update({"logits": torch.sigmoid(o.logits)})']) {
      assert.deepStrictEqual(rulesOf([...hf, write, 'pred = o.logits > 0.5']), [], write);
    }
    assert.deepStrictEqual(rulesOf([...hf, 'pred = o.logits > 0.5']), ['threshold-logits']);
  });

  it('an activation written in place through a view, an alias or a helper given a view leaves every tensor there unknown', () => {
    const base = [...HEADER, 'model = nn.Sequential(nn.Linear(8, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x)'];
    for (const write of ['out[:, 0].sigmoid_()', 'flat = out.squeeze(1)\nflat.sigmoid_()', 'torch.sigmoid(out, out=out.view(-1))', 'def calibrate_(a):\n    a.sigmoid_()\ncalibrate_(out.view(-1))']) {
      assert.deepStrictEqual(rulesOf([...base, write, 'pred = out > 0.5']), [], write);
    }
    assert.deepStrictEqual(rulesOf([...base, 'pred = out > 0.5']), ['threshold-logits']);
  });

  it('a function kept in a list, called from it, decides on what the list\'s caller gives: no safe 0 rewrite', () => {
    const lines = [...HEADER, 'def binarize(s):', '    return (s > 0.5).long()', 'net = nn.Linear(8, 1)', 'logits = net(x)', 'loss = nn.BCEWithLogitsLoss()(logits, y)', 'a = binarize(logits)', 'for step in [binarize]:', '    b = step(torch.sigmoid(logits))'];
    const [f] = lint(lines);
    assert.strictEqual(f.rule, 'threshold-logits');
    assert.strictEqual(f.fix, undefined);
  });

  it('a dict changed before **cfg (update, an item set, handed to a function) is not read', () => {
    const head = ['from tensorflow import keras', 'cfg = {"optimizer": "adam", "loss": keras.losses.BinaryCrossentropy(from_logits=True)}', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])'];
    for (const change of ['cfg.update(loss="binary_crossentropy")', 'cfg["loss"] = "binary_crossentropy"', 'load_overrides(cfg)']) {
      assert.deepStrictEqual(rulesOf([...head, change, 'model.compile(**cfg)']), [], change);
    }
    assert.deepStrictEqual(rulesOf([...head, 'model.compile(**cfg)']), ['sigmoid-before-logits-loss']);
  });
});

describe('round 19: positions, guards, applications', () => {
  before(() => initPython());

  it('a focal loss given two or more positional arguments may be given from_logits: unknown', () => {
    const head = ['from tensorflow import keras', 'model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])'];
    assert.deepStrictEqual(rulesOf([...head, 'model.compile(optimizer="adam", loss=keras.losses.BinaryFocalCrossentropy(False, 0.25, 2.0, True))']), []);
    assert.deepStrictEqual(rulesOf([...head, 'model.compile(optimizer="adam", loss=keras.losses.BinaryFocalCrossentropy())']), ['logits-into-probability-loss']);
  });

  it('a Keras application written with positional arguments beyond include_top is unknown; a loop freezing its layers changes nothing', () => {
    const k = ['from tensorflow import keras'];
    assert.deepStrictEqual(rulesOf([...k, 'm = keras.applications.ResNet50(True, None, None, None, None, 10, None)', 'm.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))']), []);
    const app = [...k, 'm = keras.applications.ResNet50(weights=None, classes=10)', 'for layer in m.layers:', '    layer.trainable = False', 'm.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(from_logits=True))'];
    assert.deepStrictEqual(rulesOf(app), ['softmax-before-logits-loss']);
  });

  it('`match p.shape:` with a case per width is a width branch', () => {
    const lines = ['import numpy as np', 'from tensorflow import keras', 'm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])', 'm.compile(optimizer="adam", loss="binary_crossentropy")', 'p = m.predict(x)', 'match p.shape:', '    case (_, 1):', '        labels = (p > 0.5).astype(int)', '    case _:', '        labels = p.argmax(-1)'];
    assert.deepStrictEqual(rulesOf(lines), []);
  });
});
