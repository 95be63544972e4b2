// The red team's reproductions (fixtures/python/redteam/, bench/PYTHON-REDTEAM.md): minimal files for
// each false positive and miss found on public PyTorch/Keras code, each linted alone like the rule
// fixtures. A reproduction the frontend does not pass yet is listed in KNOWN_GAPS and reported as
// pending; once it passes, this test fails until it is taken off the list, so a fix is not left
// untested and a regression of a fixed case is not hidden.
const assert = require('assert');
const path = require('path');
const { lintProject, initPython } = require('../out/rules');
const { ROOT, PY_EXTS, listFiles, expectedOf, actualOf } = require('./helpers/fixtures');

const DIR = path.join(ROOT, 'python', 'redteam');

/** Misses found by the red team of 2026-12-02, not fixed yet (file names in DIR). */
const KNOWN_GAPS = new Set([
  'bad_softmax_module_no_dim.py',
  'bad_functional_softmax_no_dim.py',
  'bad_ddp_wrapper.py',
  'bad_dataparallel_wrapper.py',
]);

describe('python red-team reproductions', () => {
  before(() => initPython());
  for (const file of listFiles(DIR, PY_EXTS)) {
    const name = path.basename(file);
    it(name, function () {
      const result = lintProject([file]);
      assert.deepStrictEqual(result.problems, [], 'reproductions must parse');
      const actual = actualOf(result.findings, file);
      const expected = expectedOf(file);
      const passes = JSON.stringify(actual) === JSON.stringify(expected);
      if (KNOWN_GAPS.has(name)) {
        assert.ok(!passes, `${name} passes now: take it off KNOWN_GAPS in test/python-redteam.test.js`);
        this.skip();
      }
      assert.deepStrictEqual(actual, expected, name);
    });
  }
});
