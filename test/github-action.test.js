// The GitHub Action (action.yml), run step by step by test/helpers/action-runner.js from this
// checkout (already built: the install step reuses it) in a temporary repository with a buggy model.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { makeProject, removeProject, git, sarifValidator } = require('./cli-helpers');
const { runAction } = require('./helpers/action-runner');

const REPO = path.join(__dirname, '..');
const fixture = (rel) => fs.readFileSync(path.join(REPO, 'fixtures', rel), 'utf8');

describe('GitHub Action (action.yml)', function () {
  this.timeout(60000);
  let ws;

  before(() => {
    ws = makeProject({
      'src/model.js': fixture('demo/model.js'), // sigmoid head + sigmoidCrossEntropy: an error at 13:11
      'warn/serve.js': fixture('rules/threshold-logits/bad-datasync-map.js'), // one warning at 21:37
      'clean/util.js': 'export const add = (a, b) => a + b;\n',
    }, 'logit-lint-action-');
    git(ws, 'init', '-q');
    git(ws, 'add', '.');
    git(ws, 'commit', '-qm', 'fixtures');
  });
  after(() => removeProject(ws));

  it('defaults: annotations for each finding, the job summary, and a failed step on errors', () => {
    const r = runAction(REPO, { workspace: ws });
    assert.deepStrictEqual(r.steps.map((s) => s.skipped ? 'skipped' : s.code), ['skipped', 0, 1]);
    assert.match(r.stdout, /^::error file=src\/model\.js,line=13,endLine=13,col=11,endColumn=\d+,title=logit-lint\(sigmoid-before-logits-loss\)::sigmoidCrossEntropy expects logits/m);
    assert.match(r.stdout, /^::warning file=warn\/serve\.js,line=21,endLine=21,col=37,endColumn=\d+,title=logit-lint\(threshold-logits\)::Thresholding at 0\.5/m);
    assert.strictEqual((r.stdout.match(/^::(error|warning) /gm) ?? []).length, 2);
    assert.match(r.summary, /^### logit-lint: 1 error, 1 warning$/m);
    assert.match(r.summary, /\| `src\/model\.js` \| 13 \| \[sigmoid-before-logits-loss\]/);
    assert.match(r.summary, /\| `warn\/serve\.js` \| 21 \| \[threshold-logits\]/);
  });

  it('fail-on: error passes on warnings, warning fails on them, never passes on errors', () => {
    const onWarn = (failOn) => runAction(REPO, { workspace: ws, inputs: { paths: 'warn clean', 'fail-on': failOn } });
    assert.strictEqual(onWarn('error').code, 0);
    const strict = onWarn('warning');
    assert.strictEqual(strict.code, 1);
    assert.match(strict.stdout, /^::warning file=warn\/serve\.js,line=21/m);
    const never = runAction(REPO, { workspace: ws, inputs: { 'fail-on': 'never' } });
    assert.strictEqual(never.code, 0);
    assert.match(never.stdout, /^::error file=src\/model\.js,line=13/m);
  });

  it('paths: only the given folders and globs are linted', () => {
    const r = runAction(REPO, { workspace: ws, inputs: { paths: 'clean/*.js' } });
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.stdout.match(/^::/m), null);
    assert.match(r.summary, /^### logit-lint: no problems\n\n1 file checked\.$/m);
  });

  it('format: sarif writes logit-lint.sarif for code scanning, and the summary', () => {
    const r = runAction(REPO, { workspace: ws, inputs: { format: 'sarif' } });
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.outputs, { 'sarif-file': 'logit-lint.sarif' });
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'logit-lint.sarif'), 'utf8'));
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    const results = sarif.runs[0].results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine} ${x.ruleId}`);
    assert.deepStrictEqual(results.sort(), ['src/model.js:13 sigmoid-before-logits-loss', 'warn/serve.js:21 threshold-logits']);
    assert.match(r.summary, /^### logit-lint: 1 error, 1 warning$/m);
    fs.rmSync(path.join(ws, 'logit-lint.sarif'));
  });

  it('a bad input fails the step with an error annotation', () => {
    const r = runAction(REPO, { workspace: ws, inputs: { 'fail-on': 'sometimes' } });
    assert.strictEqual(r.code, 2);
    assert.match(r.stdout, /^::error title=logit-lint action::fail-on must be error, warning or never, not 'sometimes'$/m);
  });
});
