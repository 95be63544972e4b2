// Every formatter's output for one hand-made report, compared byte for byte with a reviewed file
// under test/golden/. After an intended change: UPDATE_GOLDEN=1 npx mocha test/format-golden.test.js
// and review the diff.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { formatters } = require('../out/server/formatters');
const { sampleReport, cleanReport } = require('./golden/sample');

const EXT = { stylish: 'txt', json: 'json', sarif: 'sarif', github: 'txt', rdjson: 'json', markdown: 'md' };

function checkGolden(name, actual) {
  const file = path.join(__dirname, 'golden', name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `missing golden file ${name} (run with UPDATE_GOLDEN=1)`);
  assert.strictEqual(actual, fs.readFileSync(file, 'utf8'), `output differs from test/golden/${name}`);
}

describe('formatters: golden output', () => {
  for (const [name, format] of Object.entries(formatters)) {
    it(`${name} matches test/golden/sample.${name}.${EXT[name]}`, () => {
      checkGolden(`sample.${name}.${EXT[name]}`, format(sampleReport(), { color: false }));
    });
  }
  it('stylish in colour wraps severities in ANSI codes', () => {
    checkGolden('sample.stylish-color.txt', formatters.stylish(sampleReport(), { color: true }));
  });
  for (const name of ['stylish', 'markdown', 'github', 'json']) {
    it(`${name} of a clean run matches test/golden/clean.${name}.${EXT[name]}`, () => {
      checkGolden(`clean.${name}.${EXT[name]}`, formatters[name](cleanReport(), { color: false }));
    });
  }
});
