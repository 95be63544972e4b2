// --cache's default strategy ("metadata"): a file whose stat is unchanged keeps its recorded
// content hash and is not read; folders keep their listings; an unchanged project keeps its split;
// and a run that finds everything cached does not load the engine (nor TypeScript). Every way a
// change can hide from that shortcut is tried here: a same-size edit with the mtime put back, a
// file that appears where an import now resolves, and an edit right after the save ("racy").
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { makeProject, removeProject, SIGMOID_MODEL, CLI } = require('./cli-helpers');
const { cacheProject, runCached: run, cacheStats: stats, findingRules: rules } = require('./cache-helpers');

const { racy } = require(path.join(__dirname, '..', 'out', 'server', 'cli', 'file-records'));
const { DEFAULT_CACHE_FILE } = require(path.join(__dirname, '..', 'out', 'server', 'cli', 'cache'));

const HOUR_AGO = new Date(Date.now() - 3600_000);

/** Every file and folder of the project an hour old: nothing is "racy", the stat shortcut applies. */
function age(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) age(full);
    fs.utimesSync(full, HOUR_AGO, HOUR_AGO);
  }
  fs.utimesSync(dir, HOUR_AGO, HOUR_AGO);
}

describe('cli --cache, metadata strategy', function () {
  this.timeout(60000);
  let dir;
  beforeEach(() => {
    dir = cacheProject({ 'src/README.md': 'not source\n' });
    age(dir);
  });
  afterEach(() => removeProject(dir));

  it('a second run reads no file, writes no cache, and prints the same', () => {
    const first = run(dir);
    assert.deepStrictEqual(stats(first), { linted: 3, cached: 0, read: 4 });
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    const before = fs.statSync(cacheFile);
    const second = run(dir);
    assert.deepStrictEqual(stats(second), { linted: 0, cached: 3, read: 0 });
    assert.strictEqual(second.stdout, first.stdout);
    assert.strictEqual(second.code, 1);
    const after = fs.statSync(cacheFile);
    assert.strictEqual(after.mtimeMs, before.mtimeMs, 'nothing new to save');
    assert.strictEqual(after.ino, before.ino);
  });

  it('a fully cached run does not load the engine or TypeScript; a run that parses JavaScript does', () => {
    const loaded = () => {
      const script = `const { runCli } = require(${JSON.stringify(CLI)});
        const sink = { write() { return true; } };
        runCli(['--cache', '--format', 'sarif', 'src'], { stdout: sink, stderr: sink, cwd: process.cwd(), env: {} }).then((code) => {
          const mods = Object.keys(require.cache);
          console.log(JSON.stringify({ code, ts: mods.some((m) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(m)), engine: mods.some((m) => /[\\\\/]rules[\\\\/]engine[\\\\/]js[\\\\/]evaluator\\.js$/.test(m)) }));
        });`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    assert.deepStrictEqual(loaded(), { code: 1, ts: true, engine: true });
    assert.deepStrictEqual(loaded(), { code: 1, ts: false, engine: false });
    // Work to do, but only on a file that names no framework: it is never parsed, so neither the
    // JS interpreter nor TypeScript is loaded (the JS frontend loads them for its first file).
    fs.appendFileSync(path.join(dir, 'src/other.js'), '// edited\n');
    assert.deepStrictEqual(loaded(), { code: 1, ts: false, engine: false });
    fs.appendFileSync(path.join(dir, 'src/model-here.js'), '// edited\n');
    assert.deepStrictEqual(loaded(), { code: 1, ts: true, engine: true });
  });

  it('a same-size edit with the mtime put back is still seen (the ctime changed)', () => {
    assert.deepStrictEqual(rules(run(dir)), ['model-here.js:sigmoid-before-logits-loss']);
    const file = path.join(dir, 'src/model-here.js');
    const edited = SIGMOID_MODEL.replace("activation: 'sigmoid'", "activation: 'softmax'");
    assert.strictEqual(edited.length, SIGMOID_MODEL.length);
    fs.writeFileSync(file, edited);
    fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
    const r = run(dir);
    assert.deepStrictEqual(stats(r).linted, 1);
    assert.ok(!rules(r).includes('model-here.js:sigmoid-before-logits-loss'), r.stdout);
  });

  it('a file that appears where an import now resolves re-splits the project', () => {
    run(dir);
    assert.deepStrictEqual(stats(run(dir)), { linted: 0, cached: 3, read: 0 });
    // './helpers' in src/train.js resolved to nothing; now it means this file, which trains the model.
    fs.writeFileSync(path.join(dir, 'src/helpers.js'), "export function report(m) { m.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' }); }\n");
    fs.writeFileSync(path.join(dir, 'lib/model.js'), SIGMOID_MODEL.replace("activation: 'sigmoid'", "activation: 'linear' ").replace('  model.compile', '  // model.compile'));
    age(dir);
    const r = run(dir);
    assert.deepStrictEqual(stats(r).linted, 1);
    assert.deepStrictEqual(rules(r), ['helpers.js:logits-into-probability-loss', 'model-here.js:sigmoid-before-logits-loss']);
  });

  it('--cache-strategy content reads and hashes every file again', () => {
    run(dir);
    const r = run(dir, ['--cache-strategy', 'content']);
    assert.deepStrictEqual(stats(r), { linted: 0, cached: 3, read: 4 });
    const bad = run(dir, ['--cache-strategy', 'mtime']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /--cache-strategy: expected metadata or content, got "mtime"/);
  });

  it('a file modified just before the save is not trusted on its stat ("racy")', () => {
    const now = 1_800_000_000_000.5;
    assert.strictEqual(racy(now - 50, now), true, 'fine timestamps: within 100 ms');
    assert.strictEqual(racy(now - 500, now), false);
    assert.strictEqual(racy(1_800_000_000_000 - 1000, 1_800_000_000_000), true, 'whole-second timestamps: within 2 s');
    assert.strictEqual(racy(1_800_000_000_000 - 3000, 1_800_000_000_000), false);
    // End to end: files written right before a run are read again on the next one.
    const fresh = makeProject({ 'src/a.js': SIGMOID_MODEL });
    try {
      const first = run(fresh);
      fs.utimesSync(path.join(fresh, 'src/a.js'), new Date(), new Date());
      assert.strictEqual(stats(run(fresh)).read, 1);
      assert.strictEqual(stats(first).read, 1);
    } finally {
      removeProject(fresh);
    }
  });
});
