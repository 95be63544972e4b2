// The red team's reproductions (fixtures/python/redteam/, bench/PYTHON-REDTEAM.md): minimal files for
// each false positive and miss found on public PyTorch/Keras code, each linted alone like the rule
// fixtures. A reproduction the frontend does not pass yet is listed in KNOWN_GAPS, and its test
// asserts that it still misses (named "known gap" in the output); once it passes, that test fails
// until it is taken off the list, so a fix is not left untested and a regression is not hidden.
const assert = require('assert');
const path = require('path');
const { lintProject, initPython } = require('../out/rules');
const { ROOT, PY_EXTS, listFiles, expectedOf, actualOf } = require('./helpers/fixtures');

const DIR = path.join(ROOT, 'python', 'redteam');

/** Misses found by the red team of 2026-12-02, not fixed yet (file names in DIR). */
const KNOWN_GAPS = new Set([]);

describe('python red-team reproductions', () => {
  before(() => initPython());
  for (const file of listFiles(DIR, PY_EXTS)) {
    const name = path.basename(file);
    const gap = KNOWN_GAPS.has(name);
    it(gap ? `known gap, still missed: ${name}` : name, () => {
      const result = lintProject([file]);
      assert.deepStrictEqual(result.problems, [], 'reproductions must parse');
      const actual = actualOf(result.findings, file);
      const expected = expectedOf(file);
      if (gap) {
        assert.notDeepStrictEqual(actual, expected, `${name} passes now: take it off KNOWN_GAPS in test/python-redteam.test.js`);
        // A known miss must not turn into a false alarm either: nothing beyond what is expected.
        assert.ok(actual.every((f) => expected.includes(f)), `${name}: unexpected ${actual.filter((f) => !expected.includes(f)).join(', ')}`);
        return;
      }
      assert.deepStrictEqual(actual, expected, name);
    });
  }
});
