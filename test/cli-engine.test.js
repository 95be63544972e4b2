// End to end through the real engine: a sigmoid head compiled with sigmoidCrossEntropy (the most
// widely copied tfjs bug) must come out of every format, with the right exit codes, severities,
// configuration, suppressions, and files analysed together as one program.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runCli, makeProject, removeProject, sarifValidator, SIGMOID_MODEL } = require('./cli-helpers');

const LOSS_LINE = SIGMOID_MODEL.split('\n').findIndex((l) => l.includes('sigmoidCrossEntropy')) + 1;
const ACTIVATION_LINE = SIGMOID_MODEL.split('\n').findIndex((l) => l.includes("activation: 'sigmoid'")) + 1;

// A 1-unit logits head (trained with a logits loss) thresholded with round(): threshold-logits,
// a warning by default.
const THRESHOLD = [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  'model.add(tf.layers.dense({ inputShape: [3], units: 1 }));',
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  'const labels = model.predict(tf.zeros([2, 3])).round();',
  '',
].join('\n');

describe('cli + engine: a sigmoid head with sigmoidCrossEntropy', () => {
  let dir;
  before(() => {
    dir = makeProject({ 'model.js': SIGMOID_MODEL, 'clean.js': "import * as tf from '@tensorflow/tfjs';\nexport const x = tf.zeros([1]);\n" });
  });
  after(() => removeProject(dir));

  it('json: the ESLint shape, one entry per file, exit 1', () => {
    const r = runCli(['--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    const results = JSON.parse(r.stdout);
    assert.deepStrictEqual(results.map((x) => path.basename(x.filePath)), ['clean.js', 'model.js']);
    const model = results[1];
    assert.strictEqual(model.filePath, path.join(dir, 'model.js'));
    assert.strictEqual(model.errorCount, 1);
    assert.strictEqual(model.warningCount, 0);
    const [m] = model.messages;
    assert.strictEqual(m.ruleId, 'sigmoid-before-logits-loss');
    assert.strictEqual(m.severity, 2);
    assert.strictEqual(m.line, LOSS_LINE);
    for (const k of ['column', 'endLine', 'endColumn']) assert.strictEqual(typeof m[k], 'number', k);
    assert.match(m.message, /sigmoid/);
    assert.match(m.message, new RegExp(`line ${ACTIVATION_LINE}`), 'the message names the other site');
  });

  it('stylish: file header, line:col error message rule-id, summary; no colour when piped', () => {
    const r = runCli(['model.js'], { cwd: dir, env: { FORCE_COLOR: '' } });
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, new RegExp(`^model\\.js\\n {2}${LOSS_LINE}:\\d+ {2}error {2}.+ {2}sigmoid-before-logits-loss$`, 'm'));
    assert.match(r.stdout, /\u2716 1 problem \(1 error, 0 warnings\)/);
    assert.ok(!r.stdout.includes('\u001b['));
  });

  it('stylish: FORCE_COLOR turns colour on, NO_COLOR keeps it off', () => {
    assert.ok(runCli(['model.js'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout.includes('\u001b[31m'));
    assert.ok(!runCli(['model.js'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout.includes('\u001b['));
  });

  it('--rule id:warn downgrades (exit 0, severity 1); --rule id:off silences', () => {
    const warn = runCli(['--format', 'json', '--rule', 'sigmoid-before-logits-loss:warn', 'model.js'], { cwd: dir });
    assert.strictEqual(warn.code, 0, warn.stderr);
    assert.strictEqual(JSON.parse(warn.stdout)[0].messages[0].severity, 1);
    const off = runCli(['--format', 'json', '--rule', 'sigmoid-before-logits-loss:off', 'model.js'], { cwd: dir });
    assert.strictEqual(off.code, 0);
    assert.deepStrictEqual(JSON.parse(off.stdout)[0].messages, []);
  });

  it('--max-warnings: exit 1 only above the maximum', () => {
    const args = ['--rule', 'sigmoid-before-logits-loss:warn', 'model.js'];
    assert.strictEqual(runCli([...args, '--max-warnings', '1'], { cwd: dir }).code, 0);
    const over = runCli([...args, '--max-warnings', '0'], { cwd: dir });
    assert.strictEqual(over.code, 1);
    assert.match(over.stderr, /too many warnings \(1; maximum: 0\)/);
  });

  it('--quiet reports errors only', () => {
    const r = runCli(['--format', 'json', '--quiet', '--rule', 'sigmoid-before-logits-loss:warn', 'model.js'], { cwd: dir });
    assert.strictEqual(r.code, 0);
    assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages, []);
  });

  it('sarif: valid against the SARIF 2.1.0 schema, help from the rule docs page, related location', () => {
    const r = runCli(['--format', 'sarif'], { cwd: dir });
    assert.strictEqual(r.code, 1);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const run = log.runs[0];
    assert.strictEqual(run.tool.driver.rules.length, require('../out/rules').ruleMetas.length);
    const rule = run.tool.driver.rules.find((x) => x.id === 'sigmoid-before-logits-loss');
    const docs = path.join(__dirname, '..', 'rules', 'docs', 'sigmoid-before-logits-loss.md');
    if (fs.existsSync(docs)) assert.strictEqual(rule.help.markdown, fs.readFileSync(docs, 'utf8'));
    const [res] = run.results;
    assert.strictEqual(res.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.strictEqual(res.relatedLocations[0].physicalLocation.region.startLine, ACTIVATION_LINE);
  });

  it('github, rdjson and markdown name the rule and the line', () => {
    const gh = runCli(['--format', 'github', 'model.js'], { cwd: dir });
    assert.match(gh.stdout, new RegExp(`^::error file=model\\.js,line=${LOSS_LINE},endLine=${LOSS_LINE},col=\\d+,endColumn=\\d+,title=logit-lint\\(sigmoid-before-logits-loss\\)::`, 'm'));
    const rd = JSON.parse(runCli(['--format', 'rdjson', 'model.js'], { cwd: dir }).stdout);
    assert.strictEqual(rd.diagnostics[0].code.value, 'sigmoid-before-logits-loss');
    assert.strictEqual(rd.diagnostics[0].location.range.start.line, LOSS_LINE);
    const md = runCli(['--format', 'markdown', 'model.js'], { cwd: dir });
    assert.match(md.stdout, new RegExp(`\\| \`model\\.js\` \\| ${LOSS_LINE} \\| \\[sigmoid-before-logits-loss\\]`));
  });

  it('github: also writes the markdown summary to $GITHUB_STEP_SUMMARY', () => {
    const summary = path.join(dir, 'summary.md');
    runCli(['--format', 'github', 'model.js'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    assert.match(fs.readFileSync(summary, 'utf8'), /^### logit-lint: 1 error, 0 warnings/);
    fs.rmSync(summary);
  });
});

describe('cli + engine: one program, configuration, suppressions', () => {
  const dirs = [];
  const project = (files) => {
    const d = makeProject(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach(removeProject));

  it('files form one program: a model built in one file and compiled in another', () => {
    const dir = project({
      'model.js': "import * as tf from '@tensorflow/tfjs';\nexport function build() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'sigmoid' }));\n  return m;\n}\n",
      'train.js': "import * as tf from '@tensorflow/tfjs';\nimport { build } from './model';\nconst model = build();\nmodel.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });\n",
    });
    const r = runCli(['--format', 'json'], { cwd: dir });
    const train = JSON.parse(r.stdout).find((x) => x.filePath.endsWith('train.js'));
    assert.deepStrictEqual(train.messages.map((m) => [m.ruleId, m.line]), [['sigmoid-before-logits-loss', 4]]);
  });

  it('lints <script> blocks of .html with the real file\'s line numbers', () => {
    const html = `<!doctype html>\n<html>\n<body>\n<p>demo</p>\n<script>\n${SIGMOID_MODEL}</script>\n</body>\n</html>\n`;
    const dir = project({ 'index.html': html });
    const r = runCli(['--format', 'json'], { cwd: dir });
    const [m] = JSON.parse(r.stdout)[0].messages;
    assert.strictEqual(m.ruleId, 'sigmoid-before-logits-loss');
    assert.strictEqual(m.line, LOSS_LINE + 5);
  });

  it('logit-lint.config.json: rule severities and ignore globs; --no-config ignores it', () => {
    const dir = project({
      'logit-lint.config.json': JSON.stringify({ rules: { 'sigmoid-before-logits-loss': 'warn' }, ignore: ['generated/'] }),
      'src/model.js': SIGMOID_MODEL,
      'generated/model.js': SIGMOID_MODEL,
    });
    const r = runCli(['--format', 'json'], { cwd: path.join(dir, 'src') });
    assert.strictEqual(r.code, 0, r.stderr);
    const results = JSON.parse(r.stdout);
    assert.deepStrictEqual(results.map((x) => x.messages[0].severity), [1]);
    const fromRoot = JSON.parse(runCli(['--format', 'json'], { cwd: dir }).stdout);
    assert.deepStrictEqual(fromRoot.map((x) => path.relative(dir, x.filePath)), [path.join('src', 'model.js')], 'generated/ is ignored');
    const none = runCli(['--format', 'json', '--no-config'], { cwd: dir });
    assert.strictEqual(none.code, 1);
    assert.strictEqual(JSON.parse(none.stdout).length, 2);
  });

  it('an invalid configuration is exit 2 with the file, the key and what was expected', () => {
    const dir = project({ 'logit-lint.config.json': '{ "rules": { "sigmoid-before-logits-loss": "fatal" } }', 'm.js': SIGMOID_MODEL });
    const r = runCli([], { cwd: dir });
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stderr, `logit-lint: ${path.join(dir, 'logit-lint.config.json')}: "rules.sigmoid-before-logits-loss": expected "off", "warn" or "error", got string "fatal"\n`);
  });

  it('--config names a file; tfModules teaches a company wrapper package', () => {
    const wrapped = SIGMOID_MODEL.replace("'@tensorflow/tfjs'", "'@acme/ml'");
    const dir = project({ 'ci.json': JSON.stringify({ tfModules: ['@acme/ml'] }), 'm.js': wrapped });
    assert.strictEqual(runCli(['--format', 'json', 'm.js'], { cwd: dir }).code, 0, 'unknown module: nothing to say');
    const r = runCli(['--format', 'json', '--config', 'ci.json', 'm.js'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout)[0].messages[0].ruleId, 'sigmoid-before-logits-loss');
  });

  it('inline suppressions hide findings; --report-unused-disable-directives reports the idle ones', () => {
    const lines = SIGMOID_MODEL.split('\n');
    lines.splice(LOSS_LINE - 1, 0, '  // logit-lint-disable-next-line sigmoid-before-logits-loss -- legacy model');
    lines.splice(1, 0, '// logit-lint-disable-next-line argmax-single-unit');
    const dir = project({ 'm.js': lines.join('\n') });
    const quiet = runCli(['--format', 'json'], { cwd: dir });
    assert.strictEqual(quiet.code, 0, quiet.stderr);
    assert.deepStrictEqual(JSON.parse(quiet.stdout)[0].messages, []);
    const r = runCli(['--format', 'json', '--report-unused-disable-directives'], { cwd: dir });
    assert.strictEqual(r.code, 1);
    const [m] = JSON.parse(r.stdout)[0].messages;
    assert.strictEqual(m.ruleId, null);
    assert.strictEqual(m.line, 2);
    assert.match(m.message, /Unused logit-lint-disable directive .*argmax-single-unit/);
  });

  it('a warning-level rule: threshold-logits on round() of logits', () => {
    const dir = project({ 't.js': THRESHOLD });
    const r = runCli(['--format', 'json'], { cwd: dir });
    assert.strictEqual(r.code, 0, 'warnings alone exit 0');
    const [m] = JSON.parse(r.stdout)[0].messages;
    assert.deepStrictEqual([m.ruleId, m.severity, m.line], ['threshold-logits', 1, 5]);
  });
});
