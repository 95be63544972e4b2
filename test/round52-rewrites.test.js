'use strict';
// Round 52 (rt52a): argmax-single-unit's threshold is written for the value the argmax reads, not
// for how the argmax is spelled: a NumPy array (`.numpy()`, np.concatenate, what a Trainer hands
// compute_metrics) gets `.astype(int)`, a PyTorch tensor `.long()`, a TF tensor under np.argmax
// np.asarray first; a value of a kind not known in a PyTorch file `* 1`, which both take
// (array-kind.ts). tf.round of TF logits gets the sigmoid inside, which keeps the float dtype.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const texts = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, (f.suggestions ?? []).flatMap((s) => s.edits.map((e) => e.text))]);
const torchHead = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(8, 1))', 'crit = nn.BCEWithLogitsLoss()',
  'for x, y in loader:', '    loss = crit(model(x), y)', '    loss.backward()'];
const kerasHead = ['import numpy as np', 'import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])',
  'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(x, y)'];
const hf = (body) => ['from transformers import AutoModelForSequenceClassification, Trainer', 'model = AutoModelForSequenceClassification.from_pretrained("roberta-base", num_labels=1)',
  ...body, 'trainer = Trainer(model=model, train_dataset=tr, eval_dataset=ev, compute_metrics=compute_metrics)', 'trainer.train()'];

describe('round 52: the argmax rewrite follows the value it reads', () => {
  before(() => initPython());
  it("a Trainer's compute_metrics gets NumPy arrays: logits.argmax(axis=-1)", () => {
    const lines = hf(['def compute_metrics(eval_pred):', '    logits, labels = eval_pred', '    preds = logits.argmax(axis=-1)', '    return {"acc": (preds == labels).mean()}']);
    assert.deepStrictEqual(texts(lines), [['argmax-single-unit', ['(logits > 0).astype(int).squeeze(-1)']]]);
  });
  it('p.predictions.argmax(-1)', () => {
    const lines = hf(['def compute_metrics(p):', '    preds = p.predictions.argmax(-1)', '    return {"acc": (preds == p.label_ids).mean()}']);
    assert.deepStrictEqual(texts(lines), [['argmax-single-unit', ['(p.predictions > 0).astype(int).squeeze(-1)']]]);
  });
  it('after .detach().cpu().numpy(), the method form', () => {
    assert.deepStrictEqual(texts([...torchHead, 'out = model(xv).detach().cpu().numpy()', 'pred = out.argmax(axis=1)']), [['argmax-single-unit', ['(out > 0).astype(int).squeeze(-1)']]]);
  });
  it('after np.concatenate of the batches', () => {
    const lines = [...torchHead, 'outs = []', 'for xb in test_loader:', '    outs.append(model(xb).detach().cpu().numpy())', 'allp = np.concatenate(outs)', 'pred = allp.argmax(1)'];
    assert.deepStrictEqual(texts(lines), [['argmax-single-unit', ['(allp > 0).astype(int).squeeze(-1)']]]);
  });
  it('np.argmax of a PyTorch tensor: the tensor\'s text', () => {
    assert.deepStrictEqual(texts([...torchHead, 'out = model(xv).detach()', 'pred = np.argmax(out, axis=1)']), [['argmax-single-unit', ['(out > 0).long().squeeze(-1)']]]);
  });
  it('np.argmax of a TF tensor (an eager call): made an array first', () => {
    assert.deepStrictEqual(texts([...kerasHead, 'pred = np.argmax(model(xt), axis=1)']), [['argmax-single-unit', ['(np.asarray(model(xt)) > 0.5).astype(int).squeeze(-1)']]]);
  });
  it('a value of a kind not known in a PyTorch file: a form arrays and tensors both take', () => {
    assert.deepStrictEqual(texts([...torchHead, 'p = torch.sigmoid(model(xv))', 'pred = p.argmax(1)']), [['argmax-single-unit', ['((p > 0.5) * 1).squeeze(-1)']]]);
  });
  it('tf.round of TF logits: the sigmoid inside keeps the float dtype', () => {
    const lines = ['import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])',
      'model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)', 'pred = tf.round(model(xt))', 'acc = tf.reduce_mean(tf.cast(tf.equal(pred, yt), tf.float32))'];
    assert.deepStrictEqual(texts(lines), [['threshold-logits', ['tf.sigmoid(model(xt))']]]);
  });
  it('guard: model(x).argmax(dim=1) of a PyTorch model keeps .long()', () => {
    assert.deepStrictEqual(texts([...torchHead, 'pred = model(xv).argmax(dim=1)']), [['argmax-single-unit', ['(model(xv) > 0).long().squeeze(-1)']]]);
  });
  it("guard: Keras' predict gives an array: .astype(int)", () => {
    assert.deepStrictEqual(texts([...kerasHead, 'pred = model.predict(xt).argmax(axis=1)']), [['argmax-single-unit', ['(model.predict(xt) > 0.5).astype(int).squeeze(-1)']]]);
  });
  it('guard: torch.round of PyTorch logits: the sigmoid inside', () => {
    assert.deepStrictEqual(texts([...torchHead, 'pred = torch.round(model(xv))']), [['threshold-logits', ['torch.sigmoid(model(xv))']]]);
  });
});
