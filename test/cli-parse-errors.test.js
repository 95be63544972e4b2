// A syntax error is reported as ESLint reports one: a message with ruleId null, fatal, severity 2,
// "Parsing error: ...", in every format, exit 1; the findings of the rest of that file come with it.
// A file that never mentions tfjs is never parsed, so its syntax error is not reported.
const assert = require('assert');
const path = require('path');
const { runCli, makeProject, removeProject, sarifValidator, SIGMOID_MODEL } = require('./cli-helpers');

const BROKEN = `${SIGMOID_MODEL}\nconst p = createModel().predict(\n`;

describe('cli: parsing errors', () => {
  let dir;
  before(() => {
    dir = makeProject({ 'model.js': BROKEN, 'notes.js': 'const x = {\n' });
  });
  after(() => removeProject(dir));
  const run = (format) => runCli(['--no-config', '--format', format, '.'], { cwd: dir });

  it('json: a fatal message beside the finding above the error; fatalErrorCount; exit 1', () => {
    const r = run('json');
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(r.stderr, '', 'no line on stderr: the error is in the report');
    const results = JSON.parse(r.stdout);
    const model = results.find((x) => x.filePath === path.join(dir, 'model.js'));
    assert.deepStrictEqual(model.messages.map((m) => [m.ruleId, m.fatal ?? false, m.severity, m.line]), [
      ['sigmoid-before-logits-loss', false, 2, 6],
      [null, true, 2, 11],
    ]);
    assert.match(model.messages[1].message, /^Parsing error: '\)' expected\.$/);
    assert.strictEqual(model.fatalErrorCount, 1);
    assert.strictEqual(model.errorCount, 2);
    const notes = results.find((x) => x.filePath === path.join(dir, 'notes.js'));
    assert.deepStrictEqual(notes.messages, [], 'never parsed: no tfjs in it');
  });

  it('stylish: the row has no rule id; the summary counts it', () => {
    const r = run('stylish');
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /^ {2}11:1 +error +Parsing error: '\)' expected\.$/m);
    assert.match(r.stdout, /2 problems \(2 errors, 0 warnings\)/);
    assert.doesNotMatch(r.stdout, /notes\.js/);
  });

  it('sarif: a tool execution notification of level error, not a result; the log stays valid', () => {
    const r = run('sarif');
    assert.strictEqual(r.code, 1);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.deepStrictEqual(notes.map((n) => [n.level, n.message.text, n.locations[0].physicalLocation.region.startLine]), [['error', "Parsing error: ')' expected.", 11]]);
    assert.deepStrictEqual(log.runs[0].results.map((x) => x.ruleId), ['sigmoid-before-logits-loss']);
  });

  it('github, rdjson, markdown: one error each for the parsing error', () => {
    const gh = run('github');
    assert.strictEqual(gh.code, 1);
    assert.match(gh.stdout, /^::error file=model\.js,line=11,.*title=logit-lint\(parsing-error\)::Parsing error: '\)' expected\.$/m);
    const rd = JSON.parse(run('rdjson').stdout);
    assert.deepStrictEqual(rd.diagnostics.map((d) => [d.code.value, d.severity]), [['sigmoid-before-logits-loss', 'ERROR'], ['parsing-error', 'ERROR']]);
    const md = run('markdown');
    assert.match(md.stdout, /\| :x: error \| `model\.js` \| 11 \| parsing error \| Parsing error: '\)' expected\. \|/);
    assert.match(md.stdout, /2 errors, 0 warnings/);
  });

  it('a file with only a parsing error still fails the run', () => {
    const only = makeProject({ 'a.js': "import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential(;\n" });
    try {
      const r = runCli(['--no-config', '--format', 'json', '.'], { cwd: only });
      assert.strictEqual(r.code, 1);
      assert.strictEqual(JSON.parse(r.stdout)[0].fatalErrorCount, 1);
    } finally {
      removeProject(only);
    }
  });
});
