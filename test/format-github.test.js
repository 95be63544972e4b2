// GitHub workflow commands: the escaping the runner expects, one command per message, and the
// markdown step summary written when GITHUB_STEP_SUMMARY is set.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { formatGithub, escapeData, escapeProperty, writeStepSummary } = require('../out/server/formatters/github');
const { formatMarkdown } = require('../out/server/formatters/markdown');
const sample = require('./golden/sample');

describe('format: github', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    assert.strictEqual(escapeData('100%\r\nnext: a,b'), '100%25%0D%0Anext: a,b');
    assert.strictEqual(escapeProperty('C:\\dir,x%\n'), 'C%3A\\dir%2Cx%25%0A');
  });

  it('writes one ::error / ::warning command per message with position and title', () => {
    const lines = formatGithub(sample.sampleReport()).trimEnd().split('\n');
    assert.strictEqual(lines.length, 3);
    const [loss, unused, round] = lines;
    assert.ok(loss.startsWith('::error file=src/model.js,line=5,endLine=5,col=33,endColumn=62,title=logit-lint(sigmoid-before-logits-loss)::'), loss);
    assert.ok(unused.startsWith('::error file=src/model.js,line=6,'), unused);
    // Path relative to the repository root, with its comma and percent sign escaped.
    assert.ok(round.startsWith('::warning file=src/my model%2Cv2%25.js,line=2,'), round);
    // The message's own line break and percent sign are escaped; the docs link follows on a new line.
    assert.ok(round.endsWith('::round() thresholds these logits at 0.5: 100%25 of a probability%0Ais not what it means here: use greater(0)%0Ahttps://example.test/docs/threshold-logits.md'), round);
    for (const l of lines) assert.ok(!/[\r]/.test(l));
  });

  it('prints nothing for a clean run', () => {
    assert.strictEqual(formatGithub(sample.cleanReport()), '');
  });

  it('appends the markdown summary to $GITHUB_STEP_SUMMARY (annotations are capped, the summary is not)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-summary-')), 'summary.md');
    fs.writeFileSync(file, '# earlier step\n');
    assert.strictEqual(writeStepSummary(sample.sampleReport(), { GITHUB_STEP_SUMMARY: file }), undefined);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('# earlier step\n'), 'appends, never truncates');
    assert.ok(text.includes(formatMarkdown(sample.sampleReport())));
    assert.strictEqual(writeStepSummary(sample.sampleReport(), {}), undefined, 'no variable: nothing to do');
    assert.match(writeStepSummary(sample.sampleReport(), { GITHUB_STEP_SUMMARY: path.join(file, 'not-a-dir', 'x.md') }), /cannot write the step summary/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
