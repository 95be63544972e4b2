'use strict';
// Round 51's leftover (mend52a): the Keras version a project pins is read from its lock files too
// (poetry.lock, uv.lock, pdm.lock: TOML `[[package]]` tables; Pipfile.lock: JSON). A lock names the
// version installed, so beside a looser requirement in its folder it decides. A lock we cannot parse,
// or one over the size limit, is ignored. Every case fails on the frozen build (/work/s40a, ccc7283)
// but the guards, named so.
const assert = require('assert');
const { kerasRejectsZeroThreshold, readPinsWith } = require('../out/rules/engine/python/pins');

const rejects = (files, at = '/p/src/train.py', limit) => {
  readPinsWith({ readFile: (f) => files[f] }, limit);
  return kerasRejectsZeroThreshold(at);
};

/** A TOML lock file of [[package]] tables, as Poetry, uv and PDM write them. */
const tomlLock = (pkgs, head = '') => head + pkgs.map(([name, version]) => `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = ""\n`).join('\n');
const pipfileLock = (sections) => JSON.stringify({ _meta: { hash: { sha256: 'x' }, 'pipfile-spec': 6 }, default: {}, develop: {}, ...sections }, null, 4);

describe('round 52: the Keras version a lock file installs', () => {
  for (const name of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
    it(`${name} of keras 3.3.3: threshold=0.0 rejected`, () => {
      assert.strictEqual(rejects({ [`/p/${name}`]: tomlLock([['absl-py', '2.1.0'], ['keras', '3.3.3'], ['tensorflow', '2.16.1']]) }), true);
    });
  }
  it('Pipfile.lock of keras ==3.4.1 (in default or develop, any spelling of the name)', () => {
    assert.strictEqual(rejects({ '/p/Pipfile.lock': pipfileLock({ default: { keras: { hashes: ['sha256:x'], index: 'pypi', version: '==3.4.1' } } }) }), true);
    assert.strictEqual(rejects({ '/p/Pipfile.lock': pipfileLock({ develop: { Keras: { version: '==3.2.0' } } }) }), true);
  });
  it('a lock beside a looser requirement in its folder decides (pyproject keras>=3.0, Pipfile keras = "*")', () => {
    assert.strictEqual(rejects({ '/p/pyproject.toml': '[tool.poetry.dependencies]\nkeras = ">=3.0"\n', '/p/poetry.lock': tomlLock([['keras', '3.3.3']]) }), true);
    assert.strictEqual(rejects({ '/p/Pipfile': '[packages]\nkeras = "*"\n', '/p/Pipfile.lock': pipfileLock({ default: { keras: { version: '==3.1.0' } } }) }), true);
    assert.strictEqual(rejects({ '/p/requirements.txt': 'keras>=3\n', '/p/uv.lock': tomlLock([['keras', '3.0.5']], 'version = 1\nrequires-python = ">=3.10"\n\n') }), true);
  });
  it('a lock in the folder above, when the code\'s folder has no dependency file naming keras', () => {
    assert.strictEqual(rejects({ '/p/src/requirements.txt': 'numpy\n', '/p/pdm.lock': tomlLock([['keras', '3.4.0']], '[metadata]\ngroups = ["default"]\n\n') }), true);
  });
  it('guard: a lock of Keras 3.5 or 2.15, or with several versions of which one is 3.5 or later (uv\'s forks): accepted', () => {
    assert.strictEqual(rejects({ '/p/poetry.lock': tomlLock([['keras', '3.5.0']]) }), false);
    assert.strictEqual(rejects({ '/p/poetry.lock': tomlLock([['keras', '2.15.0'], ['tensorflow', '2.15.0']]) }), false);
    assert.strictEqual(rejects({ '/p/uv.lock': tomlLock([['keras', '3.3.3'], ['keras', '3.6.0']]) }), false);
    assert.strictEqual(rejects({ '/p/Pipfile.lock': pipfileLock({ default: { keras: { version: '==3.6.0' } } }) }), false);
    // tf-keras and keras-tuner are other packages.
    assert.strictEqual(rejects({ '/p/poetry.lock': tomlLock([['tf-keras', '2.15.0'], ['keras-tuner', '1.4.6']]) }), false);
  });
  it('guard: a lock that does not name keras leaves the requirement beside it to decide', () => {
    assert.strictEqual(rejects({ '/p/requirements.txt': 'keras==3.3.3\n', '/p/poetry.lock': tomlLock([['numpy', '1.26.4']]) }), true);
    assert.strictEqual(rejects({ '/p/requirements.txt': 'keras==3.6.0\n', '/p/poetry.lock': tomlLock([['numpy', '1.26.4']]) }), false);
  });
  it('guard: a malformed lock is ignored, never an error (the requirement beside it decides)', () => {
    for (const [name, text] of [['poetry.lock', '[[package]]\nname = "keras"\nversion = "3.3.3\n'], ['uv.lock', '[[package]\nname = "keras"'], ['pdm.lock', 'package = 3'],
      ['Pipfile.lock', '{"default": {"keras": {"version": "==3.3.3"'], ['Pipfile.lock', '[1, 2]'], ['Pipfile.lock', '{"default": {"keras": {"version": 3}}}'], ['Pipfile.lock', 'null'],
      ['poetry.lock', tomlLock([['keras', '']])], ['poetry.lock', '[[package]]\nname = "keras"\nversion = 3.3\n'], ['poetry.lock', '[[package]]\nname = 7\n']]) {
      assert.doesNotThrow(() => rejects({ [`/p/${name}`]: text }), `${name}: ${text}`);
      assert.strictEqual(rejects({ [`/p/${name}`]: text }), false, `${name}: ${text}`);
      assert.strictEqual(rejects({ [`/p/${name}`]: text, '/p/requirements.txt': 'keras==3.3.3\n' }), true, `${name}: ${text}`);
    }
  });
  const big = tomlLock([['keras', '3.3.3'], ...Array.from({ length: 2000 }, (_, i) => [`pkg-${i}`, '1.0.0'])]);
  it('a long lock within the size limit is read', () => {
    assert.strictEqual(rejects({ '/p/poetry.lock': big }, '/p/src/train.py', 10_000_000), true);
  });
  it('guard: a lock over the size limit is not read (the requirement beside it decides)', () => {
    assert.ok(big.length > 10_000);
    assert.strictEqual(rejects({ '/p/poetry.lock': big }, '/p/src/train.py', 10_000), false);
    assert.strictEqual(rejects({ '/p/poetry.lock': big, '/p/requirements.txt': 'keras>=3.5\n' }, '/p/src/train.py', 10_000), false);
  });
});

describe('round 52: metric rewrites on a project whose lock file installs Keras 3.0–3.4', () => {
  const { lintProject, initPython } = require('../out/rules');
  before(() => initPython());
  const lint = (lines, deps) => {
    const file = '/virtual/train.py';
    const files = { [file]: lines.join('\n') + '\n', ...deps };
    return lintProject([file], {}, { readFile: (f) => files[f] }).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
  };
  const code = ['from tensorflow import keras', "model = keras.Sequential([keras.layers.Dense(16, activation='relu'), keras.layers.Dense(1)])",
    "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])", 'model.fit(X, y, epochs=5)'];
  it("'accuracy' beside a loss switched to logits: only offered where poetry.lock / Pipfile.lock install Keras 3.3", () => {
    assert.deepStrictEqual(lint(code, { '/virtual/pyproject.toml': '[tool.poetry.dependencies]\nkeras = ">=3"\n', '/virtual/poetry.lock': tomlLock([['keras', '3.3.3']]) }), [['logits-into-probability-loss', 3, 'suggestion']]);
    assert.deepStrictEqual(lint(code, { '/virtual/Pipfile.lock': pipfileLock({ default: { keras: { version: '==3.3.3' } } }) }), [['logits-into-probability-loss', 3, 'suggestion']]);
  });
  it('guard: a lock of Keras 3.6, or a malformed one, keeps the rewrite in the safe switch', () => {
    assert.deepStrictEqual(lint(code, { '/virtual/uv.lock': tomlLock([['keras', '3.6.0']]) }), [['logits-into-probability-loss', 3, 'fix']]);
    assert.deepStrictEqual(lint(code, { '/virtual/uv.lock': '[[package]\nname = "keras"\nversion = "3.3.3"' }), [['logits-into-probability-loss', 3, 'fix']]);
  });
});
