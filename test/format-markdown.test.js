// markdown: a pull-request comment. Table cells must survive pipes and line breaks, and a huge
// run must stay under GitHub's comment size limit.
const assert = require('assert');
const { formatMarkdown } = require('../out/server/formatters/markdown');
const { buildReport } = require('../out/server/formatters/common');
const sample = require('./golden/sample');

describe('format: markdown', () => {
  it('headlines the counts and lists each message with a linked rule id', () => {
    const out = formatMarkdown(sample.sampleReport());
    assert.ok(out.startsWith('### logit-lint: 2 errors, 1 warning\n'));
    assert.ok(out.includes('| :x: error | `src/model.js` | 5 | [sigmoid-before-logits-loss](https://example.test/docs/sigmoid-before-logits-loss.md) |'));
    assert.ok(out.includes('1 can be fixed with `logit-lint --fix`.'));
  });

  it('keeps every row one table row: pipes escaped, line breaks flattened, HTML neutralised', () => {
    const f = { ...sample.findings[0], message: 'a | b\nc <script>' };
    const out = formatMarkdown(buildReport({ findings: [f], files: [], cwd: sample.ROOT, rules: sample.rules, version: '0', docs: () => undefined }));
    const row = out.split('\n').find((l) => l.includes('a \\| b'));
    assert.ok(row, out);
    assert.ok(row.endsWith('| a \\| b c &lt;script&gt; |'), row);
  });

  it('caps the table at 200 rows and says how many more there are', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ ...sample.findings[0], location: { ...sample.lossLoc, line: i + 1, endLine: i + 1 } }));
    const out = formatMarkdown(buildReport({ findings: many, files: [], cwd: sample.ROOT, rules: sample.rules, version: '0', docs: () => undefined }));
    assert.strictEqual(out.split('\n').filter((l) => l.startsWith('| :x: error')).length, 200);
    assert.ok(out.includes('… and 50 more'));
    assert.ok(out.length < 65536);
  });

  it('says so when there is nothing to report', () => {
    assert.strictEqual(formatMarkdown(sample.cleanReport()), '### logit-lint: no problems\n\n1 file checked.\n');
  });
});
