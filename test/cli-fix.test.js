// --fix applies only safe fixes, writes a file only if it is unchanged since it was read, re-lints
// and reports what remains; --fix-dry-run prints a unified diff and writes nothing.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { runCli, makeProject, removeProject, SIGMOID_MODEL } = require('./cli-helpers');
const { FileHost } = require('../out/server/cli/files');
const { applySafeFixes, writeFixes } = require('../out/server/cli/fix');

// A sigmoid head whose prediction goes through argMax(-1): argmax-single-unit has suggestions
// only, so --fix must leave it alone.
const ARGMAX = [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ inputShape: [3], units: 1, activation: 'sigmoid' }));",
  "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
  'export const cls = model.predict(tf.zeros([2, 3])).argMax(-1);',
  '',
].join('\n');

describe('cli: --fix and --fix-dry-run', () => {
  const dirs = [];
  const project = (files) => {
    const d = makeProject(files);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach(removeProject));
  const read = (dir, f) => fs.readFileSync(path.join(dir, f), 'utf8');

  it('--fix rewrites the safe fix, re-lints and exits 0 when nothing remains', () => {
    const dir = project({ 'model.js': SIGMOID_MODEL });
    const r = runCli(['--fix', '--format', 'json'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /--fix: applied 1 fix to 1 file/);
    assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages, [], 'the report is of the fixed file');
    const fixed = read(dir, 'model.js');
    assert.ok(!fixed.includes('sigmoidCrossEntropy'), fixed);
    // Only the loss line changed.
    const diff = SIGMOID_MODEL.split('\n').filter((l, i) => l !== fixed.split('\n')[i]);
    assert.strictEqual(diff.length, 1);
    assert.match(diff[0], /sigmoidCrossEntropy/);
    assert.strictEqual(runCli([], { cwd: dir }).code, 0, 'linting again finds nothing');
  });

  it('--fix-dry-run prints a diff that `git apply` turns into what --fix writes, and changes nothing', () => {
    const dry = project({ 'src/model.js': SIGMOID_MODEL });
    const wet = project({ 'src/model.js': SIGMOID_MODEL });
    const r = runCli(['--fix-dry-run'], { cwd: dry });
    assert.strictEqual(r.code, 0, 'nothing would remain');
    assert.ok(r.stdout.startsWith('--- a/src/model.js\n+++ b/src/model.js\n@@ '), r.stdout);
    assert.match(r.stderr, /--fix-dry-run: 1 fix would change 1 file; 0 problems would remain/);
    assert.strictEqual(read(dry, 'src/model.js'), SIGMOID_MODEL, 'dry run writes nothing');
    runCli(['--fix'], { cwd: wet });
    fs.writeFileSync(path.join(dry, 'fix.patch'), r.stdout);
    execFileSync('git', ['apply', 'fix.patch'], { cwd: dry });
    assert.strictEqual(read(dry, 'src/model.js'), read(wet, 'src/model.js'));
  });

  it('--fix-dry-run refuses --format: its output is a diff', () => {
    const r = runCli(['--fix-dry-run', '--format', 'json'], { cwd: project({}) });
    assert.strictEqual(r.code, 2);
  });

  it('suggestions are never applied: the file stays, the finding remains (exit 1)', () => {
    const dir = project({ 'argmax.js': ARGMAX });
    const r = runCli(['--fix', '--format', 'json'], { cwd: dir });
    assert.strictEqual(read(dir, 'argmax.js'), ARGMAX);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages.map((m) => m.ruleId), ['argmax-single-unit']);
  });

  it('keeps a BOM and CRLF line endings', () => {
    const crlf = '\uFEFF' + SIGMOID_MODEL.replace(/\n/g, '\r\n');
    const dir = project({ 'model.js': crlf });
    runCli(['--fix'], { cwd: dir });
    const fixed = read(dir, 'model.js');
    assert.notStrictEqual(fixed, crlf, 'fixed');
    assert.ok(fixed.startsWith('\uFEFF'));
    assert.ok(!/[^\r]\n/.test(fixed), 'every line break is still CRLF');
  });

  it('a file that is not valid UTF-8 is linted but never written (the bad bytes would be lost)', () => {
    const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${SIGMOID_MODEL}`)]);
    const dir = project({ 'model.js': bytes });
    const r = runCli(['--fix', '--format', 'json'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stderr, /model\.js: not valid UTF-8 .*not fixed/);
    assert.ok(fs.readFileSync(path.join(dir, 'model.js')).equals(bytes), 'the file is byte for byte as it was');
    assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages.map((m) => m.ruleId), ['sigmoid-before-logits-loss']);
  });
});

describe('fix: writing only what is unchanged, picking whole non-overlapping fixes', () => {
  it('a file changed on disk after it was read is not written', () => {
    const dir = makeProject({ 'a.js': 'const a = 1;\n', 'b.js': 'const b = 1;\n' });
    try {
      const host = new FileHost(1 << 20);
      const a = path.join(dir, 'a.js');
      const b = path.join(dir, 'b.js');
      host.readFile(a);
      host.readFile(b);
      host.overlay.set(a, 'const a = 2;\n');
      host.overlay.set(b, 'const b = 2;\n');
      fs.writeFileSync(b, 'const b = 1; // edited meanwhile\n');
      const out = writeFixes(host, [a, b]);
      assert.deepStrictEqual(out.written, [a]);
      assert.deepStrictEqual(out.skipped.map((s) => [s.file, s.reason]), [[b, 'changed on disk since it was linted; not fixed']]);
      assert.strictEqual(fs.readFileSync(a, 'utf8'), 'const a = 2;\n');
      assert.strictEqual(fs.readFileSync(b, 'utf8'), 'const b = 1; // edited meanwhile\n');
    } finally {
      removeProject(dir);
    }
  });

  const finding = (edits, safe = true) => ({ ruleId: 'x', severity: 'error', message: '', location: {}, related: [], suggestions: [], fix: { title: 't', safe, edits } });
  const E = (start, end, text, file = '/f.js') => ({ file, start, end, text });

  it('applies safe fixes whole, skipping overlaps, duplicates, unsafe ones and bad ranges', () => {
    const text = 'abcdefghij';
    const { texts, applied } = applySafeFixes(
      [
        finding([E(0, 2, 'AB'), E(8, 10, 'IJ')]),
        finding([E(1, 3, 'zz')]), // overlaps the first fix: skipped whole
        finding([E(4, 5, 'E')]),
        finding([E(4, 5, 'E')]), // the same fix reported twice
        finding([E(6, 7, 'G')], false), // not safe
        finding([E(5, 99, 'x')]), // out of range
        finding([E(5, 5, 'x', '/other.js')]), // unknown file
      ],
      (f) => (f === '/f.js' ? text : undefined),
    );
    assert.strictEqual(applied, 2);
    assert.deepStrictEqual([...texts], [['/f.js', 'ABcdEfghIJ']]);
  });
});
