'use strict';
// Round 51 (rt51a): Keras 3.0 to 3.4 reject BinaryAccuracy(threshold=0.0), the threshold that reads
// logits (keras-team/keras#18538 added the check, #20101 removed it in 3.5). The project's pins
// (pins.ts) tell whether the code runs there; the metric rewrites are then not offered.
const assert = require('assert');
const path = require('path');
const { upperBound, kerasRejectsZeroThreshold, readPinsWith } = require('../out/rules/engine/python/pins');

const rejects = (files, at = '/p/src/train.py') => {
  readPinsWith({ readFile: (f) => files[f] });
  return kerasRejectsZeroThreshold(at);
};

describe('round 51: the Keras version a project pins', () => {
  const table = [
    ['keras==3.3.3', true],
    ['keras>=3.0,<3.5', true],
    ['keras~=3.4.0', true],
    ['keras==3.4.*', true],
    ['keras<=3.4.1', true],
    ['tensorflow==2.16.1\nkeras==3.1.1 ; python_version >= "3.9"', true],
    ['keras==3.5.0', false],
    ['keras>=3.0', false],
    ['keras~=3.4', false], // ==3.*: 3.5 and later too
    ['keras==2.15.0', false],
    ['keras<3.0', false],
    ['tf-keras==2.15.0\nkeras-tuner==1.4.6\nkeras_hub==0.15.0', false],
    ['# keras is imported by the notebooks\nkeras', false],
  ];
  for (const [text, expected] of table) {
    it(`requirements.txt ${JSON.stringify(text)}: ${expected ? 'rejects' : 'accepts'} threshold=0.0`, () => {
      assert.strictEqual(rejects({ '/p/requirements.txt': text }), expected);
    });
  }
  it('pyproject (PEP 621 and Poetry), conda and Pipfile spellings', () => {
    assert.strictEqual(rejects({ '/p/pyproject.toml': '[project]\ndependencies = [\n  "numpy",\n  "keras>=3.0,<3.5",\n]' }), true);
    assert.strictEqual(rejects({ '/p/pyproject.toml': '[tool.poetry.dependencies]\nkeras = "~3.3"' }), true);
    assert.strictEqual(rejects({ '/p/pyproject.toml': '[tool.poetry.dependencies]\nkeras = "^3.3"' }), false);
    assert.strictEqual(rejects({ '/p/environment.yml': 'dependencies:\n  - python=3.10\n  - keras=3.3.3\n' }), true);
    assert.strictEqual(rejects({ '/p/Pipfile': '[packages]\nkeras = "==3.2.1"\n' }), true);
  });
  it('the nearest folder with dependency files decides; a file next to the code first', () => {
    assert.strictEqual(rejects({ '/p/src/requirements.txt': 'keras==3.6.0', '/p/requirements.txt': 'keras==3.3.3' }), false);
    assert.strictEqual(rejects({ '/p/src/requirements.txt': 'numpy', '/p/requirements.txt': 'keras==3.3.3' }), true);
    assert.strictEqual(rejects({ '/p/src/requirements.txt': 'keras\nnumpy', '/p/requirements.txt': 'keras==3.3.3' }), false);
    assert.strictEqual(rejects({}), false);
  });
  it('upperBound reads the tightest bound', () => {
    assert.deepStrictEqual(upperBound('keras<3.6\nkeras<=3.4.1'), { max: [3, 4, 1], inclusive: true });
    assert.strictEqual(upperBound('import keras'), undefined);
  });
});

describe('round 51: metric rewrites that the Keras version rejects', () => {
  const { lintProject, initPython } = require('../out/rules');
  before(() => initPython());
  const lint = (lines, requirements) => {
    const file = '/virtual/train.py';
    const files = { [file]: lines.join('\n') + '\n', ...(requirements ? { '/virtual/requirements.txt': requirements } : {}) };
    return lintProject([file], {}, { readFile: (f) => files[f] }).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
  };
  const model = ['from tensorflow import keras', "model = keras.Sequential([keras.layers.Dense(16, activation='relu'), keras.layers.Dense(1)])"];
  it("'accuracy' beside a loss switched to logits: rewritten only where Keras accepts BinaryAccuracy(threshold=0.0)", () => {
    const code = [...model, "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])", 'model.fit(X, y, epochs=5)'];
    assert.deepStrictEqual(lint(code, 'keras==3.3.3\n'), [['logits-into-probability-loss', 3, 'suggestion']]);
    assert.deepStrictEqual(lint(code, 'keras>=3.5\n'), [['logits-into-probability-loss', 3, 'fix']]);
  });
  it('F1Score and FBetaScore (thresholds in (0, 1] only) are never rewritten to 0: the switch is only offered', () => {
    const code = [...model, "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=[keras.metrics.F1Score(threshold=0.5), keras.metrics.FBetaScore(beta=2.0, threshold=0.5)])", 'model.fit(X, y, epochs=3)'];
    assert.deepStrictEqual(lint(code), [['logits-into-probability-loss', 3, 'suggestion']]);
  });
  it('guard: with no pin, or a Keras 2 pin, the accuracy rewrite stays part of the safe switch', () => {
    const code = [...model, "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])", 'model.fit(X, y, epochs=5)'];
    assert.deepStrictEqual(lint(code), [['logits-into-probability-loss', 3, 'fix']]);
    assert.deepStrictEqual(lint(code, 'tensorflow==2.15.0\nkeras==2.15.0\n'), [['logits-into-probability-loss', 3, 'fix']]);
  });
});
