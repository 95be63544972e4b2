// --shard k/n: the shards of a run partition its files along import-graph components, so together
// they report exactly what one unsharded run reports, each finding once (cross-file ones included).
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runCli, makeProject, removeProject } = require('./cli-helpers');
const { generateCorpus } = require('../bench/corpus');
const { assignShards, parseShard } = require('../out/server/cli/shard');

/** `--format json` output -> { files: [paths], findings: [keys] }. */
function lintJson(dir, extra = []) {
  const r = runCli([dir, '--format', 'json', ...extra], { cwd: dir });
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const files = JSON.parse(r.stdout);
  const findings = files.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)}:${m.line}:${m.column}:${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`));
  return { files: files.map((f) => f.filePath), findings };
}

describe('cli: --shard k/n', function () {
  this.timeout(180000);
  let dir;
  let whole;

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-shard-')));
    // About 300 files in ~35 packages, with tfjs single files and multi-file projects among them.
    generateCorpus({ count: 300, dir, seed: 3 });
    whole = lintJson(dir);
  });
  after(() => removeProject(dir));

  it('the corpus has findings, some of which involve two files', () => {
    assert.ok(whole.findings.length >= 5, `only ${whole.findings.length} findings`);
    const sarif = JSON.parse(runCli([dir, '--format', 'sarif'], { cwd: dir }).stdout);
    const cross = sarif.runs[0].results.filter((r) => (r.relatedLocations ?? []).some((rl) => rl.physicalLocation.artifactLocation.uri !== r.locations[0].physicalLocation.artifactLocation.uri));
    assert.ok(cross.length > 0, 'no cross-file finding: the test would not notice a split component');
  });

  for (let n = 1; n <= 5; n++) {
    it(`n = ${n}: the shards partition the files, and their findings are the unsharded run's, each once`, () => {
      const files = [];
      const findings = [];
      for (let k = 1; k <= n; k++) {
        const part = lintJson(dir, ['--shard', `${k}/${n}`]);
        if (n > 1) assert.ok(part.files.length < whole.files.length, `shard ${k}/${n} lints every file`);
        files.push(...part.files);
        findings.push(...part.findings);
      }
      assert.deepStrictEqual([...files].sort(), [...whole.files].sort());
      assert.strictEqual(new Set(findings).size, findings.length, 'a finding appears in two shards');
      assert.deepStrictEqual([...findings].sort(), [...whole.findings].sort());
    });
  }

  it('a shard with nothing in it reports nothing and exits 0', () => {
    const one = makeProject({ 'a.js': 'export const a = 1;\n' });
    try {
      const r = runCli(['.', '--shard', '2/2', '--format', 'json'], { cwd: one });
      assert.strictEqual(r.code, 0, r.stderr);
      assert.deepStrictEqual(JSON.parse(r.stdout), []);
    } finally {
      removeProject(one);
    }
  });

  for (const bad of ['0/3', '4/3', '1/0', '2', 'a/b', '-1/2', '1/2/3']) {
    it(`--shard ${bad} is a usage error (exit 2)`, () => {
      const r = runCli(['.', `--shard=${bad}`], { cwd: dir });
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /--shard/);
      assert.strictEqual(r.stdout, '');
    });
  }
});

describe('shard split (unit)', () => {
  const weigh = (c) => ({ size: c.size, name: c.name });

  it('parses k/n and rejects the rest', () => {
    assert.deepStrictEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.strictEqual(typeof parseShard('5/4'), 'string');
    assert.strictEqual(typeof parseShard('0/4'), 'string');
  });

  it('deals largest first into the lightest shard; ties by name, then by shard number', () => {
    const comps = [
      { name: 'f', size: 1 }, { name: 'e', size: 1 }, { name: 'd', size: 3 }, { name: 'c', size: 3 }, { name: 'a', size: 5 }, { name: 'b', size: 4 },
    ];
    const got = assignShards(comps, 2, weigh);
    const byName = Object.fromEntries([...got].map(([c, s]) => [c.name, s]));
    // a(5)->0; b(4)->1; c(3)->1 (4 < 5); d(3)->0 (5 < 7); e(1)->1 (7 < 8); f(1)->0 (8 = 8: lower number).
    assert.deepStrictEqual(byName, { a: 0, b: 1, c: 1, d: 0, e: 1, f: 0 });
  });

  it('the largest shard of a random split stays within one component of the mean', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const comps = Array.from({ length: 500 }, (_, i) => ({ name: String(i).padStart(4, '0'), size: 1 + Math.floor(rand() * 5000) }));
    for (const n of [2, 3, 4, 5]) {
      const load = new Array(n).fill(0);
      for (const [c, s] of assignShards(comps, n, weigh)) load[s] += c.size;
      const total = load.reduce((a, b) => a + b, 0);
      const biggest = Math.max(...comps.map((c) => c.size));
      assert.ok(Math.max(...load) <= total / n + biggest, `n=${n}: ${load.join(', ')}`);
    }
  });
});
