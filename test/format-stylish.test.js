// stylish: ESLint-like human output; colour only when asked (the CLI asks on a TTY without NO_COLOR).
const assert = require('assert');
const { formatStylish } = require('../out/server/formatters/stylish');
const sample = require('./golden/sample');

describe('format: stylish', () => {
  it('groups by file (relative to the working directory) with aligned line:col severity message rule rows', () => {
    const out = formatStylish(sample.sampleReport(), { color: false });
    assert.match(out, /^\nmodel\.js\n {2}5:33 {2}error {2}sigmoidCrossEntropy expects logits.* {2}sigmoid-before-logits-loss\n {2}6:1 {3}error {2}Unused/m);
    assert.match(out, /\nmy model,v2%\.js\n {2}2:15 {2}warning {2}round\(\) thresholds .* use greater\(0\) {2}threshold-logits\n/);
    assert.ok(out.includes('\u2716 3 problems (2 errors, 1 warning)\n'));
    assert.ok(out.includes('  1 error and 0 warnings potentially fixable with the `--fix` option.\n'));
    assert.ok(!out.includes('\u001b['), 'no ANSI codes without colour');
    assert.ok(!out.includes('clean.js'), 'clean files are not listed');
  });

  it('colours severities only when asked', () => {
    const out = formatStylish(sample.sampleReport(), { color: true });
    assert.ok(out.includes('\u001b[31merror'), 'errors in red');
    assert.ok(out.includes('\u001b[33mwarning'), 'warnings in yellow');
  });

  it('prints nothing when there is nothing to report', () => {
    assert.strictEqual(formatStylish(sample.cleanReport(), { color: true }), '');
  });
});
