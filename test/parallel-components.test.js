// The parallel CLI: the import graph splits a run into independent components; linting them
// separately (on this thread or on worker threads) must give exactly what one run over all files
// gives, in the same order, every time.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runCli, makeProject, removeProject, SIGMOID_MODEL } = require('./cli-helpers');
const { generateCorpus } = require('../bench/corpus');

const out = path.join(__dirname, '..', 'out');
const { lintProject } = require(path.join(out, 'rules'));
const { FileHost, discoverFiles } = require(path.join(out, 'server', 'cli', 'files'));
const { ContentStore, findComponents, importSpecifiers } = require(path.join(out, 'server', 'cli', 'import-graph'));
const { mergeParts } = require(path.join(out, 'server', 'cli', 'component-lint'));
const { ComponentLinter } = require(path.join(out, 'server', 'cli', 'lint-runner'));
const { WorkerPool } = require(path.join(out, 'server', 'cli', 'parallel'));

const MAX = 2 * 1024 * 1024;

describe('import graph', () => {
  it('finds the specifiers the engine may resolve, and only those', () => {
    const text = [
      "import a from './a';",
      "import './side-effect.js';",
      "export * from '../lib';",
      "export { x } from './x.ts';",
      "const c = require( './c' );",
      "import d = require('./d');",
      "const up = require('..');",
      "import here from '.';",
      "import abs from '/opt/shared/abs.js';",
      "import React from 'react';",
      "import * as tf from '@tensorflow/tfjs';",
    ].join('\n');
    assert.deepStrictEqual(importSpecifiers(text), ['./a', './side-effect.js', '../lib', './x.ts', './c', './d', '..', '.', '/opt/shared/abs.js']);
  });

  it('groups files joined by imports, through files outside the linted set', () => {
    const dir = makeProject({
      'app/a.js': "import { b } from './b';\n",
      'app/b.js': "const c = require('../lib/c.js');\nexport const b = c;\n",
      'app/d.js': "import c from '../lib/c';\n",
      'app/e.js': 'export const alone = 1;\n',
      'app/f.ts': "import { g } from './g.js';\n",
      'app/g.ts': 'export const g = 1;\n',
      'lib/c.js': 'module.exports = 3;\n',
    });
    try {
      const files = ['a.js', 'b.js', 'd.js', 'e.js', 'f.ts', 'g.ts'].map((f) => path.join(dir, 'app', f));
      const comps = findComponents(files, new ContentStore(new FileHost(MAX)));
      const names = (list) => list.map((f) => path.relative(dir, f));
      assert.deepStrictEqual(comps.map((c) => names(c.files)), [['app/a.js', 'app/b.js', 'app/d.js'], ['app/e.js'], ['app/f.ts', 'app/g.ts']]);
      assert.deepStrictEqual(names(comps[0].members), ['app/a.js', 'app/b.js', 'app/d.js', 'lib/c.js']);
    } finally {
      removeProject(dir);
    }
  });

  it('merges parts in the order of one run: findings by position, problems and directives by path order', () => {
    const loc = (file, start) => ({ file, start, end: start + 1, line: 1, column: start + 1, endLine: 1, endColumn: start + 2 });
    const finding = (file, start, ruleId) => ({ ruleId, severity: 'warn', message: ruleId, location: loc(file, start), related: [], suggestions: [] });
    const merged = mergeParts(['/p/z.js', '/p/a.js', '/p/m.js'], [
      { findings: [finding('/p/z.js', 5, 'threshold-logits')], problems: [{ file: '/p/z.js', message: 'z' }], unusedDirectives: [{ file: '/p/z.js', line: 1, column: 1, rules: [] }] },
      { findings: [finding('/p/a.js', 9, 'argmax-batch-axis'), finding('/p/a.js', 2, 'threshold-logits'), finding('/p/a.js', 2, 'argmax-single-unit')], problems: [{ file: '/p/m.js', message: 'm' }, { file: '/p/a.js', message: 'a' }], unusedDirectives: [] },
    ]);
    assert.deepStrictEqual(merged.findings.map((f) => `${path.basename(f.location.file)}:${f.location.start}:${f.ruleId}`), ['a.js:2:argmax-single-unit', 'a.js:2:threshold-logits', 'a.js:9:argmax-batch-axis', 'z.js:5:threshold-logits']);
    assert.deepStrictEqual(merged.problems.map((p) => p.message), ['z', 'a', 'm']);
    assert.deepStrictEqual(merged.files, ['/p/z.js', '/p/a.js', '/p/m.js']);
  });
});

describe('component-wise and parallel linting', function () {
  this.timeout(60000);
  let dir;
  let files;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-parallel-')));
    generateCorpus({ count: 400, dir, seed: 7 });
    files = discoverFiles([dir], dir).files;
  });
  after(() => removeProject(dir));

  it('linting component by component gives what one run over all files gives', () => {
    const whole = lintProject(files, {}, new FileHost(MAX));
    const parts = new ComponentLinter(files, {}, { jobs: 1, maxReadBytes: MAX }).lintSync(new FileHost(MAX));
    assert.ok(whole.findings.length > 5, `the corpus has findings (${whole.findings.length})`);
    assert.deepStrictEqual(parts, whole);
  });

  it('worker threads give the same result, in the same order, run after run', async () => {
    const serial = new ComponentLinter(files, {}, { jobs: 1, maxReadBytes: MAX }).lintSync(new FileHost(MAX));
    for (let run = 0; run < 2; run++) {
      const linter = new ComponentLinter(files, {}, { jobs: 3, maxReadBytes: MAX, parallelMinCost: 0 });
      const parallel = await linter.lint(new FileHost(MAX));
      assert.strictEqual(linter.stats.threads, 3, 'the work really went to workers');
      assert.deepStrictEqual(parallel, serial);
    }
  });

  it('a worker that dies costs only its batches: a problem per file, and the run completes', async () => {
    const pool = new WorkerPool(1, {}, MAX);
    const dead = path.join(dir, 'nothing-here.js');
    const batches = Array.from({ length: 6 }, (_, i) => ({ parts: [[`${dead}.${i}`]], contents: [] }));
    const results = new Map();
    let killed = false;
    try {
      await pool.run(
        batches,
        (batch) => {
          // The first local batch kills the worker, which holds two batches at that moment.
          if (!killed) {
            killed = true;
            void pool.slots[0].worker.terminate();
          }
          return batch.parts.map(() => ({ findings: [], problems: [], unusedDirectives: [] }));
        },
        (batch, r) => results.set(batch, r),
      );
    } finally {
      await pool.close();
    }
    assert.strictEqual(results.size, batches.length);
    const messages = [...results.values()].flatMap((r) => r.flatMap((x) => x.problems.map((p) => p.message)));
    assert.ok(messages.some((m) => /analysis worker exited .*; file skipped/.test(m)), messages.join('\n'));
  });
});

describe('independence of unrelated files', () => {
  // A regression test: the evaluator's expansion budget was shared by the whole run, so a file that
  // calls one helper thousands of times used it up and files linted after it lost findings. Each
  // function now has its own budget (and the run's is much larger).
  it("a file's findings do not depend on an unrelated busy file linted before it", () => {
    const busy = ["import * as tf from '@tensorflow/tfjs';", 'function scale(x) { return tf.scalar(x).mul(2); }',
      ...Array.from({ length: 6000 }, (_, i) => `scale(${i});`), ''].join('\n');
    const model = ["import * as tf from '@tensorflow/tfjs';", 'function build(act) {', '  const m = tf.sequential();',
      '  m.add(tf.layers.dense({ units: 1, inputShape: [3], activation: act }));', '  return m;', '}',
      "const model = build('sigmoid');", "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", ''].join('\n');
    const texts = { '/p/a-busy.js': busy, '/p/b-model.js': model };
    const host = { readFile: (f) => texts[f] };
    const alone = lintProject(['/p/b-model.js'], {}, host).findings.map((f) => f.ruleId);
    const together = lintProject(['/p/a-busy.js', '/p/b-model.js'], {}, host).findings.filter((f) => f.location.file === '/p/b-model.js').map((f) => f.ruleId);
    assert.deepStrictEqual(alone, ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(together, alone);
  });
});

describe('cli --jobs', function () {
  this.timeout(60000);
  let dir;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-jobs-')));
    // Big enough for the CLI to choose workers on its own.
    generateCorpus({ count: 4000, dir, seed: 11 });
  });
  after(() => removeProject(dir));

  it('--jobs 2 prints exactly what --jobs 1 prints, and really uses two threads', () => {
    const one = runCli(['--format', 'json', '--jobs', '1', '.'], { cwd: dir, env: { LOGIT_LINT_DEBUG: '1' } });
    const two = runCli(['--format', 'json', '--jobs', '2', '.'], { cwd: dir, env: { LOGIT_LINT_DEBUG: '1' } });
    assert.match(one.stderr, /4000 files in \d+ independent parts: \d+ linted on 1 thread, 0 from the cache/);
    assert.match(two.stderr, /linted on 2 threads/);
    assert.strictEqual(one.code, 1);
    assert.strictEqual(two.code, one.code);
    assert.ok(one.stdout.length > 1000);
    assert.strictEqual(two.stdout, one.stdout);
  });

  it('rejects a bad --jobs value with a usage error', () => {
    const r = runCli(['--jobs', '0', '.'], { cwd: dir });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--jobs expects a whole number of at least 1, got "0"/);
  });

  it('a small project is linted on one thread even with --jobs 4', () => {
    const small = makeProject({ 'model.js': SIGMOID_MODEL });
    try {
      const r = runCli(['--jobs', '4', '.'], { cwd: small, env: { LOGIT_LINT_DEBUG: '1' } });
      assert.strictEqual(r.code, 1);
      assert.match(r.stderr, /1 file in 1 independent part: 1 linted on 1 thread/);
    } finally {
      removeProject(small);
    }
  });
});

describe('an engine failure on a component', () => {
  const { lintPart } = require(path.join(out, 'server', 'cli', 'component-lint'));

  it('is a problem per file marked internal (the command line then exits 2, not 0)', () => {
    // A host whose text object breaks the engine midway: the crash is caught and named per file.
    const broken = { length: 5, includes: () => true, slice: () => { throw new Error('boom'); } };
    const r = lintPart(['/v/a.py', '/v/b.py'], {}, { readFile: () => broken });
    assert.deepStrictEqual(r.findings, []);
    assert.deepStrictEqual(r.problems.map((p) => [p.file, p.internal, /^internal error while analysing \(boom\)/.test(p.message)]), [['/v/a.py', true, true], ['/v/b.py', true, true]]);
    // A file that is only broken for Python (a syntax error) is no internal error.
    const text = 'import torch\ndef f(:\n';
    const syntax = lintPart(['/v/c.py'], {}, { readFile: () => text });
    assert.ok(syntax.problems.every((p) => !p.internal), JSON.stringify(syntax.problems));
  });
});
