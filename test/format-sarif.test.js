// SARIF: valid against the official SARIF 2.1.0 JSON schema (shipped in @microsoft/jest-sarif),
// with what GitHub code scanning needs: repo-relative URIs under %SRCROOT%, rules[] with help from
// the docs pages, related locations, and a fingerprint of our own that survives code moving.
const assert = require('assert');
const { formatSarif } = require('../out/server/formatters/sarif');
const { buildReport } = require('../out/server/formatters/common');
const sample = require('./golden/sample');
const { sarifValidator } = require('./cli-helpers');

function assertValid(log) {
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
}

describe('format: sarif', () => {
  const log = JSON.parse(formatSarif(sample.sampleReport()));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 schema (findings, clean run)', () => {
    assertValid(log);
    assertValid(JSON.parse(formatSarif(sample.cleanReport())));
  });

  it('the schema check is not vacuous: a result without a message fails', () => {
    const broken = JSON.parse(JSON.stringify(log));
    delete broken.runs[0].results[0].message;
    assert.strictEqual(sarifValidator()(broken), false);
  });

  it('describes the tool and every rule, with help from the docs page', () => {
    assert.strictEqual(log.version, '2.1.0');
    const driver = run.tool.driver;
    assert.strictEqual(driver.name, 'logit-lint');
    assert.strictEqual(driver.version, '9.9.9-test');
    assert.deepStrictEqual(driver.rules.map((r) => r.id), ['sigmoid-before-logits-loss', 'threshold-logits', 'unused-disable-directive']);
    const [withDoc, withoutDoc] = driver.rules;
    assert.strictEqual(withDoc.help.markdown, sample.DOC);
    assert.ok(!withDoc.help.text.includes('```'), 'help.text is plain text');
    assert.strictEqual(withDoc.fullDescription.text, 'Reports a sigmoid output fed to a loss that applies sigmoid itself.');
    assert.strictEqual(withDoc.shortDescription.text, sample.rules[0].description);
    assert.strictEqual(withDoc.helpUri, sample.rules[0].docsUrl);
    assert.strictEqual(withDoc.defaultConfiguration.level, 'error');
    // A missing docs page is tolerated: the description and the link stand in.
    assert.strictEqual(withoutDoc.fullDescription.text, sample.rules[1].description);
    assert.ok(withoutDoc.help.markdown.includes(sample.rules[1].docsUrl));
    assert.strictEqual(withoutDoc.defaultConfiguration.level, 'warning');
  });

  it('results carry rule, level, repo-relative location, full region and related locations', () => {
    const [loss, unused, round] = run.results;
    assert.strictEqual(loss.ruleId, 'sigmoid-before-logits-loss');
    assert.strictEqual(loss.ruleIndex, 0);
    assert.strictEqual(loss.level, 'error');
    const pl = loss.locations[0].physicalLocation;
    assert.deepStrictEqual(pl.artifactLocation, { uri: 'src/model.js', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(pl.region, { startLine: 5, startColumn: sample.lossLoc.column, endLine: 5, endColumn: sample.lossLoc.endColumn });
    assert.strictEqual(loss.relatedLocations[0].message.text, 'sigmoid applied here');
    assert.strictEqual(loss.relatedLocations[0].physicalLocation.region.startLine, 3);
    assert.strictEqual(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///project/');
    assert.strictEqual(unused.ruleId, 'unused-disable-directive');
    assert.strictEqual(unused.ruleIndex, 2, 'the unused-directive pseudo-rule is described too');
    assert.strictEqual(round.level, 'warning');
    // A space, a comma and a percent sign in the file name are percent-encoded in the URI.
    assert.strictEqual(round.locations[0].physicalLocation.artifactLocation.uri, 'src/my%20model%2Cv2%25.js');
  });

  it('reports files it could not analyse as tool notifications', () => {
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.strictEqual(notes.length, 1);
    assert.match(notes[0].message.text, /syntax error/);
    assert.strictEqual(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'src/broken.js');
  });

  it('fingerprints are ours, stable when the code moves, distinct per occurrence', () => {
    const fp = (report) => JSON.parse(formatSarif(report)).runs[0].results.map((r) => r.partialFingerprints);
    const before = fp(sample.sampleReport());
    for (const p of before) {
      assert.deepStrictEqual(Object.keys(p), ['logitLint/v1']);
      assert.match(p['logitLint/v1'], /^[0-9a-f]{32}:\d+$/);
    }
    assert.strictEqual(new Set(before.map((p) => p['logitLint/v1'])).size, before.length);
    // Two blank lines inserted above the finding: lines and offsets move, the fingerprint does not.
    const shifted = '\n\n' + sample.modelText;
    const moved = sample.findings[0];
    const movedLoc = { ...moved.location, start: moved.location.start + 2, end: moved.location.end + 2, line: moved.location.line + 2, endLine: moved.location.endLine + 2 };
    const report = buildReport({
      findings: [{ ...moved, location: movedLoc }],
      files: [sample.MODEL],
      texts: new Map([[sample.MODEL, shifted]]),
      cwd: sample.ROOT,
      rules: sample.rules,
      version: '0',
      docs: () => undefined,
    });
    assert.deepStrictEqual(fp(report)[0], before[0]);
  });

  it('a file outside the repository root gets an absolute file URI instead', () => {
    const report = buildReport({ findings: [{ ...sample.findings[0], related: [] }], files: [], cwd: '/elsewhere', root: '/elsewhere', rules: sample.rules, version: '0', docs: () => undefined });
    const loc = JSON.parse(formatSarif(report)).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepStrictEqual(loc, { uri: 'file:///project/src/model.js' });
  });
});
