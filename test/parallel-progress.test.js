// The progress line: files done / total on stderr, only on a terminal, never in CI or when piped,
// only after the first second; erased before the report. Clocks are fakes: nothing sleeps.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runCli, removeProject } = require('./cli-helpers');
const { generateCorpus } = require('../bench/corpus');

const out = path.join(__dirname, '..', 'out');
const { Progress } = require(path.join(out, 'server', 'cli', 'progress'));
const { ComponentLinter } = require(path.join(out, 'server', 'cli', 'lint-runner'));
const { FileHost, discoverFiles } = require(path.join(out, 'server', 'cli', 'files'));

const MAX = 2 * 1024 * 1024;
const tty = () => {
  const writes = [];
  return { isTTY: true, writes, write: (s) => writes.push(s) };
};

describe('progress line', () => {
  it('is wanted only on a terminal, outside CI, on a capable terminal', () => {
    assert.strictEqual(Progress.wanted({ isTTY: true, write() {} }, {}), true);
    assert.strictEqual(Progress.wanted({ isTTY: true, write() {} }, { CI: 'true' }), false);
    assert.strictEqual(Progress.wanted({ isTTY: true, write() {} }, { TERM: 'dumb' }), false);
    assert.strictEqual(Progress.wanted({ isTTY: false, write() {} }, {}), false);
    assert.strictEqual(Progress.wanted({ write() {} }, {}), false);
  });

  it('stays silent during the first second, then redraws at most every 100 ms, and is erased at the end', () => {
    let t = 0;
    const stream = tty();
    const p = new Progress(10, stream, () => t);
    p.advance(3);
    t = 999;
    p.advance(1);
    assert.deepStrictEqual(stream.writes, []);
    t = 1000;
    p.advance(1);
    t = 1050;
    p.advance(1); // too soon to redraw
    t = 1100;
    p.advance(4);
    p.finish();
    assert.deepStrictEqual(stream.writes, ['\rlogit-lint: 5/10 files', '\rlogit-lint: 10/10 files', '\r\u001b[K']);
  });

  it('a quick run never draws, so there is nothing to erase', () => {
    const stream = tty();
    const p = new Progress(2, stream, () => 0);
    p.advance(2);
    p.finish();
    assert.deepStrictEqual(stream.writes, []);
  });
});

describe('progress of a lint run', function () {
  this.timeout(60000);
  let dir;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-progress-')));
    generateCorpus({ count: 120, dir, seed: 3 });
  });
  after(() => removeProject(dir));

  for (const jobs of [1, 2]) {
    it(`counts up to the number of files and ends erased (${jobs} thread${jobs > 1 ? 's' : ''})`, async () => {
      const files = discoverFiles([dir], dir).files;
      const stream = tty();
      let t = 0;
      const now = () => (t += 300); // every look at the clock is 0.3 s later
      await new ComponentLinter(files, {}, { jobs, maxReadBytes: MAX, progress: stream, now, parallelMinCost: 0 }).lint(new FileHost(MAX));
      const counts = stream.writes.slice(0, -1).map((w) => {
        const m = /^\rlogit-lint: (\d+)\/(\d+) files$/.exec(w);
        assert.ok(m, JSON.stringify(w));
        assert.strictEqual(Number(m[2]), files.length);
        return Number(m[1]);
      });
      assert.ok(counts.length >= 2, `drawn ${counts.length} times`);
      assert.deepStrictEqual([...counts].sort((a, b) => a - b), counts, 'never goes back');
      assert.strictEqual(counts[counts.length - 1], files.length);
      assert.strictEqual(stream.writes[stream.writes.length - 1], '\r\u001b[K');
    });
  }

  it('the CLI draws nothing when stderr is piped', () => {
    const r = runCli(['--jobs', '1', '.'], { cwd: dir });
    assert.ok(!r.stderr.includes('\r'), JSON.stringify(r.stderr));
  });
});
