// Pathological inputs, through the CLI and through lintProject: each gets a clear message or the
// right result, never a crash, a hang or a stack trace.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');
const { runCli, makeProject, removeProject, SIGMOID_MODEL } = require('./cli-helpers');

const out = path.join(__dirname, '..', 'out');
const { lintProject } = require(path.join(out, 'rules'));
const { FileHost, discoverFiles } = require(path.join(out, 'server', 'cli', 'files'));
const { ComponentLinter } = require(path.join(out, 'server', 'cli', 'lint-runner'));

const MAX = 2 * 1024 * 1024;
const LOSS_LINE = SIGMOID_MODEL.split('\n').findIndex((l) => l.includes('sigmoidCrossEntropy')) + 1;
const LOSS_COLUMN = SIGMOID_MODEL.split('\n')[LOSS_LINE - 1].indexOf('tf.losses') + 1;
const TF = "import * as tf from '@tensorflow/tfjs';\n";
const DEPTH = 5000;

/** SIGMOID_MODEL after `n` lines of ordinary statements (the finding moves down by n lines). */
function longFile(n) {
  const lines = [TF.trim()];
  for (let i = 0; i < n; i++) lines.push(`total += ${i % 10};`);
  return [...lines, ...SIGMOID_MODEL.split('\n').slice(1)].join('\n');
}

/** The sigmoid bug on one line (no newline at all), padded with minified-looking code. */
function minifiedModel(padding) {
  const filler = Array.from({ length: padding }, (_, i) => `function a${i}(b){return b*${i}+1}`).join(';');
  return `import*as tf from"@tensorflow/tfjs";${filler};export function m(){const s=tf.sequential();s.add(tf.layers.dense({inputShape:[4],units:1,activation:"sigmoid"}));s.compile({optimizer:"adam",loss:tf.losses.sigmoidCrossEntropy});return s}`;
}

const NESTED = {
  'deep-calls.js': `${TF}const y = ${'f('.repeat(DEPTH)}tf.zeros([1])${')'.repeat(DEPTH)};\n`,
  'deep-arrays.js': `${TF}const t = tf.tensor(${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)});\n`,
  'deep-parens.js': `${TF}const z = ${'('.repeat(DEPTH)}tf.zeros([1])${')'.repeat(DEPTH)};\n`,
};

// Linted on its own (its JSON report, with the source, is bigger than the test's pipe buffer).
const LONG = longFile(100_000);

const FILES = {
  'bom.js': `\ufeff${SIGMOID_MODEL}`,
  'crlf.js': SIGMOID_MODEL.replace(/\n/g, '\r\n'),
  'empty.js': '',
  'blank.ts': '\n\n   \n',
  'binary.js': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  'latin1.js': Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${SIGMOID_MODEL}`)]),
  'huge.js': `// ${'x'.repeat(3 * 1024 * 1024)}\n`,
  'one-line.js': minifiedModel(50),
  'bundle.js': minifiedModel(8000),
  ...NESTED,
};

describe('pathological inputs', function () {
  this.timeout(60000);
  let dir;
  let cli;
  let engine;
  const file = (name) => path.join(dir, name);
  before(() => {
    dir = makeProject(FILES, 'logit-lint-robust-');
    fs.symlinkSync('loop-b.js', file('loop-a.js'));
    fs.symlinkSync('loop-a.js', file('loop-b.js'));
    fs.symlinkSync('.', file('folder-loop'));
    cli = runCli(['--format', 'json', '.'], { cwd: dir });
    engine = lintProject(Object.keys(FILES).map(file).concat([file('loop-a.js'), file('gone.js')]), {});
    fs.mkdirSync(file('long'));
    fs.writeFileSync(file('long/long.js'), LONG);
  });
  after(() => removeProject(dir));

  const cliFindings = (name) => JSON.parse(cli.stdout).find((r) => r.filePath === file(name))?.messages ?? [];
  const cliMessage = (name) => cli.stderr.split('\n').find((l) => l.startsWith(`logit-lint: ${name}:`) || l.startsWith(`logit-lint: ${file(name)}:`));
  const engineFindings = (name) => engine.findings.filter((f) => f.location.file === file(name));
  const engineProblem = (name) => engine.problems.find((p) => p.file === file(name))?.message;

  it('the CLI survives the whole folder: findings on stdout, one line per skipped file on stderr, no stack trace', () => {
    assert.strictEqual(cli.code, 1, cli.stderr);
    assert.ok(!/\bat .*\.js:\d+/.test(cli.stderr), cli.stderr);
    assert.ok(!cli.stderr.includes('internal error'), cli.stderr);
  });

  it('a byte order mark: found at the same line and column as without it', () => {
    for (const found of [cliFindings('bom.js'), engineFindings('bom.js').map((f) => f.location)]) {
      assert.strictEqual(found.length, 1);
      assert.strictEqual(found[0].line, LOSS_LINE);
      assert.strictEqual(found[0].column, LOSS_COLUMN);
    }
  });

  it('CRLF line endings: same line and column as LF', () => {
    assert.deepStrictEqual(cliFindings('crlf.js').map((m) => [m.line, m.column]), [[LOSS_LINE, LOSS_COLUMN]]);
    assert.deepStrictEqual(engineFindings('crlf.js').map((f) => [f.location.line, f.location.column]), [[LOSS_LINE, LOSS_COLUMN]]);
  });

  it('a broken TypeScript signature naming a parameter as its own type (`f(batch: batch: Batch)`): a parsing error, no internal error', () => {
    const file = '/virtual/broken-signature.ts';
    const fixture = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rules', 'sigmoid-before-logits-loss', 'bad-class-minimize-loop.ts'), 'utf8');
    const text = fixture.replace('trainStep(batch: Batch)', 'trainStep(batch:batch: Batch)');
    assert.notStrictEqual(text, fixture);
    const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
    assert.ok(!r.problems.some((p) => p.internal), JSON.stringify(r.problems));
  });

  it('empty and blank files: linted, nothing to report', () => {
    for (const name of ['empty.js', 'blank.ts']) {
      assert.deepStrictEqual(cliFindings(name), []);
      assert.ok(JSON.parse(cli.stdout).some((r) => r.filePath === file(name)), `${name} is listed as linted`);
      assert.strictEqual(cliMessage(name), undefined);
      assert.strictEqual(engineProblem(name), undefined);
    }
  });

  it('a binary file: skipped with a message', () => {
    assert.strictEqual(cliMessage('binary.js'), 'logit-lint: binary.js: binary file (contains NUL bytes); skipped');
    assert.strictEqual(engineProblem('binary.js'), 'binary file (not UTF-8 text), skipped');
  });

  it('invalid UTF-8 (a legacy encoding): the CLI lints it as decoded, says so, and the engine agrees', () => {
    assert.strictEqual(cliMessage('latin1.js'), 'logit-lint: latin1.js: not valid UTF-8 (a legacy encoding?): linted with U+FFFD for the bad bytes; --fix leaves it alone');
    assert.deepStrictEqual(cliFindings('latin1.js').map((m) => m.line), [LOSS_LINE + 1]);
    assert.deepStrictEqual(engineFindings('latin1.js').map((f) => f.location.line), [LOSS_LINE + 1]);
  });

  it('a Python file that declares a legacy encoding (PEP 263) is read in it: no U+FFFD, no parse error', () => {
    const d = makeProject({ 'legacy.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nimport torch.nn as nn\n# caf'), Buffer.from([0xe9]), Buffer.from('\nm'), Buffer.from([0xe9]), Buffer.from(' = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))\nl = nn.CrossEntropyLoss()(m'), Buffer.from([0xe9]), Buffer.from('(x), y)\n')]) }, 'logit-lint-pep263-');
    try {
      const r = runCli(['--format', 'json', 'legacy.py'], { cwd: d });
      assert.strictEqual(r.stderr, '');
      assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages.map((m) => [m.line, m.ruleId]), [[5, 'softmax-before-logits-loss']]);
    } finally {
      removeProject(d);
    }
  });

  it('--fix writes a PEP 263 file back in its declared encoding (single-byte); a multi-byte one is left with the reason', () => {
    const e9 = Buffer.from([0xe9]);
    const body = (coding, accent) => Buffer.concat([Buffer.from(`# -*- coding: ${coding} -*-\n# caf`), accent, Buffer.from('\nimport torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nl = nn.BCEWithLogitsLoss()(m(x), y)\n')]);
    const d = makeProject({ 'legacy.py': body('latin-1', e9), 'cp.py': body('cp1252', Buffer.from([0x80])), 'sjis.py': body('shift_jis', Buffer.from([0x83, 0x41])) }, 'logit-lint-pep263-fix-');
    try {
      const r = runCli(['--fix', 'legacy.py', 'cp.py', 'sjis.py'], { cwd: d });
      // The Sigmoid is dropped and every other byte is as it was (é stays one byte 0xE9, € one 0x80).
      assert.deepStrictEqual(fs.readFileSync(path.join(d, 'legacy.py')), Buffer.from(body('latin-1', e9).toString('latin1').replace(', nn.Sigmoid()', ''), 'latin1'));
      assert.deepStrictEqual(fs.readFileSync(path.join(d, 'cp.py')), Buffer.from(body('cp1252', Buffer.from([0x80])).toString('latin1').replace(', nn.Sigmoid()', ''), 'latin1'));
      assert.deepStrictEqual(fs.readFileSync(path.join(d, 'sjis.py')), body('shift_jis', Buffer.from([0x83, 0x41])));
      assert.match(r.stderr, /sjis\.py: declared encoding shift-jis: linted, not fixed \(--fix writes UTF-8 and single-byte encodings\)/);
      assert.doesNotMatch(r.stderr, /legacy\.py|cp\.py/);
    } finally {
      removeProject(d);
    }
  });

  it('a file over the size limit: skipped with one line saying so; the limit is configurable', () => {
    assert.strictEqual(cliMessage('huge.js'), 'logit-lint: huge.js: file is 3 MB, over the 2 MB limit (--max-file-size); skipped');
    assert.match(engineProblem('huge.js'), /^file too large \(\d+ bytes, limit 2097152\), skipped$/);
    const raised = runCli(['--max-file-size', String(4 * 1024 * 1024), 'huge.js'], { cwd: dir });
    assert.strictEqual(raised.code, 0);
    assert.strictEqual(raised.stderr, '');
    const lowered = runCli(['--max-file-size', '100', 'bom.js'], { cwd: dir });
    assert.match(lowered.stderr, /^logit-lint: bom\.js: file is \d+ bytes, over the 100 bytes limit \(--max-file-size\); skipped$/m);
    assert.match(lintProject([file('bom.js')], { maxFileBytes: 100 }).problems[0].message, /^file too large \(\d+ bytes, limit 100\), skipped$/);
  });

  it('a 100,000-line file: analysed whole, the finding at its real line', () => {
    const r = runCli(['long/long.js'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, new RegExp(`^ +${100_000 + LOSS_LINE}:${LOSS_COLUMN} +error .*sigmoid-before-logits-loss$`, 'm'));
    const found = lintProject([file('long/long.js')], {}).findings;
    assert.deepStrictEqual(found.map((f) => f.location.line), [100_000 + LOSS_LINE]);
  });

  it('minified code: a small one-line file is analysed (line 1, real column); a big bundle is skipped with a message', () => {
    const text = FILES['one-line.js'];
    const column = text.indexOf('tf.losses.sigmoidCrossEntropy') + 1;
    assert.deepStrictEqual(cliFindings('one-line.js').map((m) => [m.line, m.column]), [[1, column]]);
    assert.deepStrictEqual(engineFindings('one-line.js').map((f) => [f.location.line, f.location.column]), [[1, column]]);
    assert.match(cliMessage('bundle.js'), /^logit-lint: bundle\.js: .*minified.*skipped/);
    assert.match(engineProblem('bundle.js'), /minified.*skipped/);
  });

  it(`${DEPTH}-deep calls, arrays and parentheses: "nesting too deep", never a crash`, () => {
    for (const name of Object.keys(NESTED)) {
      assert.strictEqual(cliMessage(name), `logit-lint: ${name}: nesting too deep to analyse, skipped`);
      assert.strictEqual(engineProblem(name), 'nesting too deep to analyse, skipped');
    }
  });

  it('a symbolic link loop: one line in a folder walk, a usage error when named, a message from the engine', () => {
    assert.strictEqual(cliMessage('loop-a.js'), `logit-lint: ${file('loop-a.js')}: symbolic link loop; skipped`);
    const named = runCli(['loop-a.js'], { cwd: dir });
    assert.strictEqual(named.code, 2);
    assert.strictEqual(named.stderr, 'logit-lint: loop-a.js: symbolic link loop; skipped\n');
    assert.match(engineProblem('loop-a.js'), /^cannot read: ELOOP/);
    // The folder link to itself is not followed: every file was linted once.
    assert.ok(!JSON.parse(cli.stdout).some((r) => r.filePath.includes('folder-loop')));
  });

  it('a file deleted between listing and reading: one problem for it, the rest is linted', async () => {
    const files = discoverFiles(['bom.js', 'crlf.js'], dir).files;
    const copy = file('soon-gone.js');
    fs.writeFileSync(copy, SIGMOID_MODEL);
    const listed = [...files, copy];
    fs.rmSync(copy);
    const result = await new ComponentLinter(listed, {}, { jobs: 1, maxReadBytes: MAX }).lint(new FileHost(MAX));
    assert.deepStrictEqual(result.problems, [{ file: copy, message: 'cannot read: no such file' }]);
    assert.strictEqual(result.findings.length, 2);
    assert.strictEqual(engineProblem('gone.js'), 'cannot read: no such file');
  });
});

describe('fixes keep the file as it was: BOM and CRLF', function () {
  this.timeout(60000);
  it('--fix writes the BOM back and keeps CRLF line endings', () => {
    const dir = makeProject({ 'bom.js': `\ufeff${SIGMOID_MODEL}`, 'crlf.js': SIGMOID_MODEL.replace(/\n/g, '\r\n') });
    try {
      const r = runCli(['--fix', '.'], { cwd: dir });
      assert.strictEqual(r.code, 0, r.stdout + r.stderr);
      const bom = fs.readFileSync(path.join(dir, 'bom.js'), 'utf8');
      assert.ok(bom.startsWith('\ufeff'));
      assert.notStrictEqual(bom, `\ufeff${SIGMOID_MODEL}`);
      const crlf = fs.readFileSync(path.join(dir, 'crlf.js'), 'utf8');
      assert.notStrictEqual(crlf, SIGMOID_MODEL.replace(/\n/g, '\r\n'));
      assert.ok(!/[^\r]\n/.test(crlf), 'no bare LF was introduced');
    } finally {
      removeProject(dir);
    }
  });
});

describe('nesting depth and threads', function () {
  this.timeout(60000);
  // Whether a file is "nesting too deep" must be a property of the file, not of the stack left on
  // the thread that parses it (the main thread has ~1 MB, a worker 4 MB by default) or of how warm
  // the JIT is. The engine refuses deep nesting before parsing: brackets, and chains of `=>`, `?`
  // and `=` that nest without brackets (a 2,500-deep arrow chain used to overflow on the main
  // thread only: ~1,100 deep there, ~4,300 in a default worker).
  const cases = {
    'calls.js': `${TF}const y = ${'f('.repeat(1500)}tf.zeros([1])${')'.repeat(1500)};\n`,
    'arrows.js': `${TF}const y = ${'() => '.repeat(2500)}tf.zeros([1]);\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: the same result on the main thread and in a worker with a bigger stack`, async () => {
      const dir = makeProject({ [name]: text });
      try {
        const target = path.join(dir, name);
        const here = lintProject([target], {}).problems.map((p) => p.message);
        const script = `const { parentPort, workerData } = require('worker_threads');
          const { lintProject } = require(${JSON.stringify(path.join(out, 'rules'))});
          parentPort.postMessage(lintProject([workerData], {}).problems.map((p) => p.message));`;
        const there = await new Promise((resolve, reject) => {
          const w = new Worker(script, { eval: true, workerData: target, resourceLimits: { stackSizeMb: 4 } });
          w.once('message', resolve);
          w.once('error', reject);
        });
        assert.deepStrictEqual(there, here);
      } finally {
        removeProject(dir);
      }
    });
  }
});
