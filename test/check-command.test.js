// `logit-lint check <file>[:line]`: picking the finding, usage errors and exit codes with hand-made
// findings; then end to end on a fixture that would write a file and exit if it were ever executed.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { checkCommand } = require('../out/server/check/command');
const { cannedReport, finding } = require('./check-helpers');

const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(ROOT, 'fixtures', 'check', 'side-effects.js');
const MARKER = path.join(os.tmpdir(), 'logit-lint-check-fixture-was-executed');

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s) => (out.stdout += s) }, stderr: { write: (s) => (out.stderr += s) }, cwd: ROOT } };
}

/** Injected engine and runner: `findings` for the fixture file, a canned report from the runner. */
function deps(findings, report = cannedReport()) {
  const calls = [];
  return {
    calls,
    lint: (paths) => ({ findings, problems: [], files: paths, unusedDirectives: [] }),
    run: async (input, options) => {
      calls.push({ input, options });
      return typeof report === 'function' ? report(input) : { ...report, ruleId: input.ruleId };
    },
  };
}

describe('check: the CLI command', function () {
  this.timeout(60000);
  const f1 = finding(FIXTURE, 'logits-into-probability-loss', 10, { layers: [{ kind: 'dense', units: 1 }], loss: 'tf.losses.logLoss' }, 11);
  const f2 = finding(FIXTURE, 'accuracy-metric-on-logits', 11, { layers: [{ kind: 'dense', units: 1 }], decision: 'binaryAccuracy (threshold 0.5)' });
  const elsewhere = finding(path.join(ROOT, 'other.js'), 'threshold-logits', 10);

  it('picks the finding on the line and passes only its rule and facts to the check', async () => {
    const d = deps([f2, f1, elsewhere]);
    const { out, io: sink } = io();
    const code = await checkCommand(['fixtures/check/side-effects.js:10', '--epochs', '7', '--seed', '9', '--timeout', '5000'], sink, d);
    assert.strictEqual(code, 0, out.stderr);
    assert.deepStrictEqual(d.calls, [{ input: { ruleId: 'logits-into-probability-loss', facts: f1.facts }, options: { epochs: 7, seed: 9, timeoutMs: 5000 } }]);
    assert.match(out.stdout, /^logit-lint check: logits-into-probability-loss \u2014 fixtures\/check\/side-effects\.js:10\n/);
    assert.match(out.stdout, /Verdict: /);
    assert.strictEqual(out.stderr, '');
  });

  it('a line inside a multi-line finding selects it; --rule chooses among several', async () => {
    const d = deps([f1, f2]);
    const { out, io: sink } = io();
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js:11', '--rule', 'accuracy-metric-on-logits'], sink, d), 0, out.stderr);
    assert.strictEqual(d.calls[0].input.ruleId, 'accuracy-metric-on-logits');

    const many = deps([f1, f2]);
    const second = io();
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js:11'], second.io, many), 0);
    assert.strictEqual(many.calls[0].input.ruleId, 'logits-into-probability-loss');
    assert.match(second.out.stderr, /2 findings match; checking logits-into-probability-loss at line 10 \(use :line or --rule to pick another\)/);
  });

  it('--json prints every number, NaN as a string', async () => {
    const { out, io: sink } = io();
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js', '--json'], sink, deps([f1])), 0);
    const report = JSON.parse(out.stdout);
    assert.strictEqual(report.series.written[0].loss, 'NaN');
    assert.deepStrictEqual(report.source, { file: 'fixtures/check/side-effects.js', line: 10 });
  });

  it('exit 1 when there is no such finding, listing the ones there are', async () => {
    const { out, io: sink } = io();
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js:3'], sink, deps([f1, f2])), 1);
    assert.match(out.stderr, /no finding at fixtures\/check\/side-effects\.js:3\.\nFindings in this file:\n {2}fixtures\/check\/side-effects\.js:10 {2}logits-into-probability-loss\n/);
    const none = io();
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js', '--rule', 'threshold-logits'], none.io, deps([elsewhere])), 1);
    assert.match(none.out.stderr, /no threshold-logits finding in fixtures\/check\/side-effects\.js\.\nThe file has no findings\./);
  });

  it('exit 2 for usage errors, with a clear message', async () => {
    const cases = [
      [[], /which file\? give <file>\[:line\]/],
      [['a.js', 'b.js'], /give one file/],
      [['a.js', '--epochs', 'many'], /--epochs must be an integer from 1 to 1000/],
      [['a.js', '--epochs'], /--epochs needs a value/],
      [['a.js', '--rule', 'no-such-rule'], /unknown rule 'no-such-rule'; rules: sigmoid-before-logits-loss, /],
      [['a.js', '--fast'], /unknown option --fast/],
      [['a.js:0'], /line numbers start at 1/],
    ];
    for (const [argv, message] of cases) {
      const d = deps([f1]);
      const { out, io: sink } = io();
      assert.strictEqual(await checkCommand(argv, sink, d), 2, argv.join(' '));
      assert.match(out.stderr, message);
      assert.match(out.stderr, /Usage: logit-lint check <file>\[:line\]/);
      assert.strictEqual(d.calls.length, 0);
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const { out, io: sink } = io();
    assert.strictEqual(await checkCommand(['--help'], sink, deps([])), 0);
    assert.match(out.stdout, /Your code is not executed\./);
  });

  it('exit 2 when the file cannot be read, the analysis throws, or the check fails', async () => {
    const missing = io();
    assert.strictEqual(await checkCommand(['no/such/file.js:3'], missing.io, deps([f1])), 2);
    assert.match(missing.out.stderr, /cannot read no\/such\/file\.js/);

    const broken = io();
    const throwing = { ...deps([]), lint: () => { throw new Error('not implemented yet'); } };
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js'], broken.io, throwing), 2);
    assert.match(broken.out.stderr, /the analysis failed: not implemented yet/);

    const slow = io();
    const timeout = deps([f1], (input) => ({ status: 'timeout', ruleId: input.ruleId, message: 'the check ran past its limit of 5 ms and was stopped', elapsedMs: 5 }));
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js'], slow.io, timeout), 2);
    assert.match(slow.out.stderr, /the check ran past its limit of 5 ms/);
    assert.strictEqual(slow.out.stdout, '');
  });

  it('reads file:line:column as the line', async () => {
    const d = deps([f1]);
    const { io: sink } = io();
    assert.strictEqual(await checkCommand(['fixtures/check/side-effects.js:10:5'], sink, d), 0);
  });

  describe('on a fixture that would write a file and exit if it were executed', () => {
    beforeEach(() => fs.rmSync(MARKER, { force: true }));
    afterEach(() => fs.rmSync(MARKER, { force: true }));

    it('the engine and the check read it; nothing is written and nobody exits', async () => {
      const { out, io: sink } = io();
      const code = await checkCommand([`${FIXTURE}:14`, '--epochs', '3'], sink);
      assert.strictEqual(code, 0, out.stderr);
      assert.match(out.stdout, /logit-lint check: sigmoid-before-logits-loss/);
      assert.match(out.stdout, /Backend: tfjs \(cpu, pure JS\)/);
      assert.strictEqual(fs.existsSync(MARKER), false, 'the fixture was executed');
    });

    it('through the built CLI too, with no tfjs banner in the output', () => {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'out', 'server', 'cli', 'cli.js'), 'check', 'fixtures/check/side-effects.js:14', '--epochs', '3'], { cwd: ROOT, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      assert.match(r.stdout, /Verdict: /);
      assert.doesNotMatch(r.stdout + r.stderr, /looks like you are running TensorFlow\.js/);
      assert.strictEqual(fs.existsSync(MARKER), false, 'the fixture was executed');
    });
  });

  it('a PyTorch NLLLoss finding: the report speaks PyTorch, says how NLLLoss is trained, and runs the quick fix', () => {
    const file = 'fixtures/python/rules/nll-loss-input/bad_nllloss_on_raw_logits.py';
    const line = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').findIndex((l) => l.includes('expect: nll-loss-input')) + 1;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'out', 'server', 'cli', 'cli.js'), 'check', `${file}:${line}`, '--epochs', '10', '--json'], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.strictEqual(report.ruleId, 'nll-loss-input');
    assert.match(report.models.code, /^PyTorch: .*loss nn\.NLLLoss/);
    assert.match(report.models.fixed, /softmaxCrossEntropy/, 'the quick fix switches to CrossEntropyLoss');
    assert.ok(report.notes.some((n) => /-mean\(input\[target\]\) written with tfjs operations/.test(n)), report.notes.join('\n'));
    assert.ok(report.summary.writtenMinLoss < 0, `NLLLoss on logits goes below 0: ${report.summary.writtenMinLoss}`);
  });
});
