'use strict';
// Round 51, wave 2 (rt51b, against 3f8cf43): the session's Keras pins read wherever a project writes
// them, and once per folder and depth (a file deeper than the walk's reach cached its folders as
// unpinned for the files above: a crashing rewrite applied on a whole-folder run); a layer's attributes
// written through `__dict__` / `vars()`; a package before a module of the same name (Python's order);
// KerasHub's sigmoid advice.
const assert = require('assert');
const { lintProject, initPython } = require('../out/rules');
const { kerasRejectsZeroThreshold, readPinsWith } = require('../out/rules/engine/python/pins');
const { foundIn } = require('./lint-text');

const rejects = (files, at) => {
  readPinsWith({ readFile: (f) => files[f] });
  return kerasRejectsZeroThreshold(at);
};

describe('round 51 wave 2: Keras pins', () => {
  it('a file below the walk\'s reach, read first, does not hide the pin from a file above', () => {
    const files = { '/p/requirements.txt': 'keras==3.3.3\n' };
    readPinsWith({ readFile: (f) => files[f] });
    assert.strictEqual(kerasRejectsZeroThreshold('/p/pkg/a/b/c/d/e/f/g/h/deep.py'), false);
    assert.strictEqual(kerasRejectsZeroThreshold('/p/pkg/t.py'), true);
    assert.strictEqual(kerasRejectsZeroThreshold('/p/pkg/a/b/c/d/deep.py'), true);
  });
  const pinned = {
    'a name in capitals': { '/p/requirements.txt': 'Keras==3.3.3\n' },
    'a Pipfile inline table': { '/p/Pipfile': '[packages]\nkeras = {version = "==3.3.3", index = "pypi"}\n' },
    'a Poetry inline table': { '/p/pyproject.toml': '[tool.poetry.dependencies]\nkeras = { version = "~3.3" }\n' },
    'an included requirements file': { '/p/requirements.txt': '-r requirements/base.txt\n', '/p/requirements/base.txt': 'numpy\nkeras>=3.0,<3.5\n' },
    'requirements-gpu.txt': { '/p/requirements-gpu.txt': 'tensorflow[and-cuda]==2.16.1\nkeras==3.1.1\n' },
    'the notebook\'s own pip line': { '/p/train.ipynb': '{"cells": [{"cell_type": "code", "source": ["!pip install -q keras==3.4.1\\n"]}]}' },
  };
  for (const [name, files] of Object.entries(pinned)) {
    it(`${name}: read`, () => assert.strictEqual(rejects(files, '/p/train.ipynb'), true));
  }
  it('a notebook installing the latest Keras (no version) is not pinned by an older file above', () => {
    assert.strictEqual(rejects({ '/p/requirements.txt': 'keras==3.3.3\n', '/p/train.ipynb': '{"cells": [{"source": ["!pip install -U keras\\n"]}]}' }, '/p/train.ipynb'), false);
  });
});

describe('round 51 wave 2: attributes written through __dict__ and vars()', () => {
  before(() => initPython());
  const model = ['from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])', 'head = model.layers[-1]'];
  for (const store of ['head.__dict__["activation"] = keras.activations.linear', 'vars(head)["activation"] = keras.activations.linear']) {
    it(`${store}: the head's sigmoid replaced, no finding`, () => {
      assert.deepStrictEqual(foundIn([...model, store, 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(X, y)']), []);
    });
  }
  it('guard: another attribute written so keeps the finding', () => {
    assert.deepStrictEqual(foundIn([...model, 'head.__dict__["name"] = "out"', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(X, y)']).map((f) => f[0]), ['sigmoid-before-logits-loss']);
  });
});

describe('round 51 wave 2: a package and a module of the same name', () => {
  before(() => initPython());
  it('from pkg import build reads pkg/__init__.py, not pkg.py beside it', () => {
    const files = {
      '/w/train.py': 'import torch.nn as nn\nfrom pkg import build\nmodel = build()\ncrit = nn.BCEWithLogitsLoss()\nfor x, y in loader:\n    out = model(x)\n    loss = crit(out, y)\n    pred = out > 0.5\n',
      '/w/pkg.py': 'import torch.nn as nn\ndef build():\n    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())\n',
      '/w/pkg/__init__.py': 'from .net import build\n',
      '/w/pkg/net.py': 'import torch.nn as nn\ndef build():\n    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))\n',
    };
    const found = lintProject(['/w/train.py'], {}, { readFile: (f) => files[f] }).findings.map((f) => [f.ruleId, f.location.line]);
    assert.deepStrictEqual(found, [['threshold-logits', 8]]);
  });
});

describe('round 51 wave 2: KerasHub advice', () => {
  before(() => initPython());
  it('a cut at 0.5 on a task built without activation= advises activation="sigmoid" on the task', () => {
    const r = lintProject(['/v/t.py'], {}, { readFile: (f) => (f === '/v/t.py' ? ['import keras', 'import keras_hub', 'classifier = keras_hub.models.BertTextClassifier(backbone, 1)', 'classifier.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])', 'classifier.fit(train_ds, epochs=2)', 'preds = classifier.predict(test_ds)', 'labels = (preds > 0.5).astype(int)'].join('\n') + '\n' : undefined) });
    const t = r.findings.find((f) => f.ruleId === 'threshold-logits');
    assert.ok(t && /build BertTextClassifier with activation="sigmoid"/.test(t.message), t?.message);
  });
});
