// --cache: a second run on unchanged files reuses every result; a change to any file a component
// reads (linted or only imported), to its membership, or to the options re-lints what it must and
// nothing more. LOGIT_LINT_DEBUG=1 makes the CLI say how many parts came from the cache.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runCli, removeProject, SIGMOID_MODEL } = require('./cli-helpers');
const { TRAIN, cacheProject, runCached: run, cacheStats, findingRules: rules } = require('./cache-helpers');

const out = path.join(__dirname, '..', 'out');
const { runFingerprint, cacheFilePath, DEFAULT_CACHE_FILE } = require(path.join(out, 'server', 'cli', 'cache'));

const counts = (r) => {
  const { linted, cached } = cacheStats(r);
  return { linted, cached };
};

describe('cli --cache', function () {
  this.timeout(60000);
  let dir;
  beforeEach(() => {
    dir = cacheProject();
  });
  afterEach(() => removeProject(dir));

  it('a second run on unchanged files takes everything from the cache, with the same output', () => {
    const first = run(dir);
    assert.deepStrictEqual(counts(first), { linted: 3, cached: 0 });
    assert.ok(fs.existsSync(path.join(dir, DEFAULT_CACHE_FILE)));
    const second = run(dir);
    assert.deepStrictEqual(counts(second), { linted: 0, cached: 3 });
    assert.strictEqual(second.stdout, first.stdout);
    assert.strictEqual(second.code, first.code);
    assert.deepStrictEqual(rules(second), ['model-here.js:sigmoid-before-logits-loss']);
  });

  it('a change in a file that is only imported re-lints the component that imports it', () => {
    run(dir);
    // The imported model gets a sigmoid head used with binaryCrossentropy from train.js.
    fs.writeFileSync(path.join(dir, 'src/train.js'), TRAIN.replace('report(model);', "report(model);\nmodel.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });"));
    let r = run(dir);
    assert.deepStrictEqual(counts(r), { linted: 1, cached: 2 });
    fs.writeFileSync(path.join(dir, 'lib/model.js'), SIGMOID_MODEL.replace("activation: 'sigmoid'", "activation: 'linear'").replace("  model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });\n", ''));
    r = run(dir);
    assert.deepStrictEqual(counts(r), { linted: 1, cached: 2 });
    assert.deepStrictEqual(rules(r), ['model-here.js:sigmoid-before-logits-loss', 'train.js:logits-into-probability-loss']);
  });

  it('a file that appears and changes what an import resolves to re-lints its component', () => {
    run(dir);
    fs.writeFileSync(path.join(dir, 'lib/helpers.js'), 'export const unrelated = 1;\n'); // not what './helpers' in src/ means
    assert.deepStrictEqual(counts(run(dir)), { linted: 0, cached: 3 });
    fs.writeFileSync(path.join(dir, 'src/helpers.js'), 'export function report(m) { return m; }\n');
    // train.js and the new helpers.js are one component now; other.js and model-here.js are cached.
    assert.deepStrictEqual(counts(run(dir)), { linted: 1, cached: 2 });
    fs.rmSync(path.join(dir, 'src/other.js'));
    assert.deepStrictEqual(counts(run(dir)), { linted: 0, cached: 2 });
  });

  it('other options or severities do not reuse results', () => {
    run(dir);
    const off = run(dir, ['--rule', 'sigmoid-before-logits-loss:off']);
    assert.deepStrictEqual(counts(off), { linted: 3, cached: 0 });
    assert.deepStrictEqual(rules(off), []);
    assert.strictEqual(off.code, 0);
    assert.notStrictEqual(runFingerprint({}), runFingerprint({ maxFileBytes: 10 }));
    assert.notStrictEqual(runFingerprint({}), runFingerprint({ tfModules: ['@acme/ml'] }));
    assert.strictEqual(runFingerprint({ rules: { 'threshold-logits': 'off' } }), runFingerprint({ rules: { 'threshold-logits': 'off' } }));
  });

  it('results are reused as stored, and only while the content is unchanged', () => {
    run(dir);
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    const stored = fs.readFileSync(file, 'utf8');
    assert.ok(stored.includes('sigmoid-before-logits-loss'));
    fs.writeFileSync(file, stored.replace(/("message":")[^"]*/, '$1FROM THE CACHE'));
    assert.ok(run(dir).stdout.includes('FROM THE CACHE'));
    fs.appendFileSync(path.join(dir, 'src/model-here.js'), '// touched\n');
    const r = run(dir);
    assert.ok(!r.stdout.includes('FROM THE CACHE'));
    assert.deepStrictEqual(counts(r), { linted: 1, cached: 2 });
  });

  it('a corrupt or foreign cache file is ignored and replaced', () => {
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    for (const junk of ['{ not json', '{"format":1,"fingerprint":"someone else","entries":{}}', '\u0000\u0001binary']) {
      fs.writeFileSync(file, junk);
      const r = run(dir);
      assert.strictEqual(r.code, 1, r.stderr);
      assert.deepStrictEqual(counts(r), { linted: 3, cached: 0 });
      assert.deepStrictEqual(counts(run(dir)), { linted: 0, cached: 3 });
    }
  });

  it('--cache-location takes a file or a folder; a place that cannot be written is one line, not a failure', () => {
    fs.mkdirSync(path.join(dir, 'caches'));
    run(dir, ['--cache-location', 'caches']);
    assert.ok(fs.existsSync(path.join(dir, 'caches', DEFAULT_CACHE_FILE)));
    run(dir, ['--cache-location', 'new-folder/']);
    assert.ok(fs.existsSync(path.join(dir, 'new-folder', DEFAULT_CACHE_FILE)));
    run(dir, ['--cache-location', 'my.cache']);
    assert.deepStrictEqual(counts(run(dir, ['--cache-location', 'my.cache'])), { linted: 0, cached: 3 });
    assert.strictEqual(cacheFilePath(undefined, dir), path.join(dir, DEFAULT_CACHE_FILE));

    const r = run(dir, ['--cache-location', 'src/other.js/cache']);
    assert.strictEqual(r.code, 1, 'the findings decide the exit code');
    assert.match(r.stderr, /logit-lint: cannot write the cache .*other\.js[\\/]cache \(ENOTDIR\)/);
    assert.deepStrictEqual(rules(r), ['model-here.js:sigmoid-before-logits-loss']);
  });

  it('--fix with --cache: fixes are applied, and the cache then describes the fixed files', () => {
    const fixed = runCli(['--cache', '--fix', '--format', 'json', 'src'], { cwd: dir, env: { LOGIT_LINT_DEBUG: '1' } });
    assert.strictEqual(fixed.code, 0, fixed.stderr);
    assert.ok(!fs.readFileSync(path.join(dir, 'src/model-here.js'), 'utf8').includes('loss: tf.losses.sigmoidCrossEntropy'));
    const again = run(dir);
    assert.deepStrictEqual(counts(again), { linted: 0, cached: 3 });
    assert.deepStrictEqual(rules(again), []);
  });
});
