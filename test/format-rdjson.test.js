// rdjson for reviewdog: code { value, url }, related locations, suggestions from fixes, and
// columns in UTF-8 bytes with an exclusive end, checked on lines with non-ASCII text.
const assert = require('assert');
const { formatRdjson } = require('../out/server/formatters/rdjson');
const { buildReport } = require('../out/server/formatters/common');
const sample = require('./golden/sample');

const utf8Column = (text, line, utf16Column) => Buffer.byteLength(text.split('\n')[line - 1].slice(0, utf16Column - 1), 'utf8') + 1;

describe('format: rdjson', () => {
  const result = JSON.parse(formatRdjson(sample.sampleReport()));
  const [loss, unused, round] = result.diagnostics;

  it('is a DiagnosticResult with source and one diagnostic per message', () => {
    assert.strictEqual(result.source.name, 'logit-lint');
    assert.strictEqual(result.diagnostics.length, 3);
    assert.deepStrictEqual(loss.code, { value: 'sigmoid-before-logits-loss', url: sample.rules[0].docsUrl });
    assert.strictEqual(loss.severity, 'ERROR');
    assert.strictEqual(round.severity, 'WARNING');
    assert.strictEqual(unused.code.value, 'unused-disable-directive');
    assert.strictEqual(loss.location.path, 'model.js', 'relative to the working directory');
  });

  it('counts columns in UTF-8 bytes: "/* é𐐀 */" before the loss adds 3 bytes', () => {
    const line5 = sample.modelText.split('\n')[4];
    assert.ok(/[^\x00-\x7f]/.test(line5.slice(0, sample.lossLoc.column - 1)), 'the fixture has non-ASCII text before the finding');
    assert.deepStrictEqual(loss.location.range, {
      start: { line: 5, column: sample.lossLoc.column + 3 },
      end: { line: 5, column: sample.lossLoc.endColumn + 3 },
    });
    assert.strictEqual(loss.location.range.start.column, utf8Column(sample.modelText, 5, sample.lossLoc.column));
    // The byte range cuts exactly the loss expression out of the UTF-8 encoded line.
    const bytes = Buffer.from(line5, 'utf8');
    assert.strictEqual(bytes.slice(loss.location.range.start.column - 1, loss.location.range.end.column - 1).toString('utf8'), 'tf.losses.sigmoidCrossEntropy');
  });

  it('turns the safe fix into suggestions, and related sites into related_locations', () => {
    assert.deepStrictEqual(loss.suggestions, [{ range: loss.location.range, text: "'binaryCrossentropy'" }]);
    assert.strictEqual(loss.related_locations[0].message, 'sigmoid applied here');
    assert.deepStrictEqual(loss.related_locations[0].location.range.start, { line: 3, column: sample.modelText.split('\n')[2].indexOf('activation') + 1 });
  });

  it('without a safe fix, offers the first suggestion (reviewdog applies all suggestions together)', () => {
    assert.strictEqual(round.suggestions.length, 1);
    assert.strictEqual(round.suggestions[0].text, 'p.greater(0)');
  });

  it('falls back to the UTF-16 columns when the text is unknown', () => {
    const report = buildReport({ findings: [sample.findings[0]], files: [], cwd: sample.ROOT, rules: sample.rules, version: '0', docs: () => undefined });
    const d = JSON.parse(formatRdjson(report)).diagnostics[0];
    assert.strictEqual(d.location.range.start.column, sample.lossLoc.column);
    assert.strictEqual(d.suggestions, undefined, 'no text, no suggestion positions');
  });
});
