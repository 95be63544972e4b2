// runCheck: the check in a child process, with a time limit and cancellation. Every outcome is a
// report, never a rejection, and the caller's event loop keeps running meanwhile.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runCheck } = require('../out/server/check/run');
const { computeCheck } = require('../out/server/check/compute');
const { EXAMPLES } = require('../out/server/check/examples');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in worker written to a temp file (test code, not a fixture): it hangs, crashes or exits. */
function fakeWorker(name, body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-check-'));
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(file, body);
  return { file, dir };
}

async function gone(pid, withinMs) {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (error.code === 'ESRCH') return true;
    }
    await sleep(25);
  }
  return false;
}

describe('check: runCheck in a child process', function () {
  this.timeout(60000);

  it('returns the same numbers as the in-process check, from the pure-JS backend', async () => {
    const input = EXAMPLES['accuracy-metric-on-logits'];
    const [child, local] = await Promise.all([runCheck(input, { epochs: 4, seed: 3 }), computeCheck(input, { epochs: 4, seed: 3 })]);
    assert.strictEqual(child.status, 'ok', child.message);
    assert.strictEqual(child.backend, 'tfjs (cpu, pure JS)');
    assert.deepStrictEqual(child.series, local.series);
    assert.deepStrictEqual(child.summary, local.summary);
    assert.ok(child.workerCpuMs > 0);
  });

  it('reports "epoch n of N" of each training while it trains, then the report', async () => {
    const events = [];
    let settledAt;
    const run = runCheck(EXAMPLES['sigmoid-before-logits-loss'], {
      epochs: 30,
      onProgress: (p) => events.push({ ...p, at: Date.now() }),
    }).then((r) => {
      settledAt = Date.now();
      return r;
    });
    const r = await run;
    assert.strictEqual(r.status, 'ok', r.message);
    const steps = events.map((e) => `${e.model} ${e.epoch}/${e.epochs}`);
    const expected = ['written', 'fixed'].flatMap((m) => Array.from({ length: 30 }, (_, i) => `${m} ${i + 1}/30`));
    assert.deepStrictEqual(steps, expected, 'two trainings of 30 epochs, each epoch once (60 steps stay under the one-per-percent limit)');
    assert.ok(events.every((e, i) => i === 0 || e.fraction > events[i - 1].fraction), 'the share done only grows');
    assert.strictEqual(events.at(-1).fraction, 1);
    assert.ok(events.every((e) => e.at <= settledAt));
    // Sent as training goes, not all at the end: the first epoch arrives well before the report.
    assert.ok(settledAt - events[0].at > (settledAt - events.at(-1).at) + 50, `first at -${settledAt - events[0].at} ms, last at -${settledAt - events.at(-1).at} ms`);
  });

  it('one training read two ways reports as "both"; a throwing progress callback changes nothing', async () => {
    const models = new Set();
    const r = await runCheck(EXAMPLES['threshold-logits'], {
      epochs: 3,
      onProgress: (p) => {
        models.add(p.model);
        throw new Error('display broke');
      },
    });
    assert.strictEqual(r.status, 'ok', r.message);
    assert.deepStrictEqual([...models], ['both']);
  });

  it('at most one progress message per percent of a long check', async () => {
    const fractions = [];
    const r = await runCheck(EXAMPLES['threshold-logits'], { epochs: 150, onProgress: (p) => fractions.push(p.fraction) });
    assert.strictEqual(r.status, 'ok', r.message);
    const percents = fractions.map((f) => Math.floor(f * 100));
    assert.deepStrictEqual(percents, [...new Set(percents)], 'no percent twice');
    assert.ok(percents.length >= 99 && percents.at(-1) === 100, `${percents.length} messages`);
  });

  it('keeps NaN across the process boundary', async () => {
    const r = await runCheck({ ruleId: 'logits-into-probability-loss', facts: { ...EXAMPLES['logits-into-probability-loss'].facts, loss: 'tf.losses.logLoss' } }, { epochs: 2 });
    assert.strictEqual(r.status, 'ok', r.message);
    assert.ok(Number.isNaN(r.series.written[0].loss));
  });

  it('a check past its limit is killed and reported as a timeout', async () => {
    const started = Date.now();
    const r = await runCheck(EXAMPLES['softmax-before-logits-loss'], { epochs: 1000, timeoutMs: 1500 });
    assert.strictEqual(r.status, 'timeout');
    assert.match(r.message, /ran past its limit of 1500 ms and was stopped/);
    assert.ok(Date.now() - started < 1500 + 3000, `took ${Date.now() - started} ms`);
  });

  it('a stuck worker is killed: its process is gone after the timeout', async () => {
    const { file, dir } = fakeWorker('stuck', `require('fs').writeFileSync(${JSON.stringify('PID')}, String(process.pid)); process.on('message', () => {}); setInterval(() => {}, 1000);`.replace('"PID"', 'require("path").join(__dirname, "pid")'));
    const r = await runCheck(EXAMPLES['argmax-single-unit'], { workerPath: file, timeoutMs: 800 });
    assert.strictEqual(r.status, 'timeout');
    const pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
    assert.ok(await gone(pid, 3000), `worker ${pid} still runs`);
  });

  it('a crashing worker is reported with its exit code and error, not thrown', async () => {
    const { file } = fakeWorker('crash', "process.on('message', () => { throw new Error('boom in the worker'); });");
    const r = await runCheck(EXAMPLES['argmax-single-unit'], { workerPath: file });
    assert.strictEqual(r.status, 'failed');
    assert.match(r.message, /exited with code 1 before answering: .*boom in the worker/);
  });

  it('a worker that exits without answering is reported', async () => {
    const { file } = fakeWorker('exit', 'process.exit(3);');
    const r = await runCheck(EXAMPLES['argmax-single-unit'], { workerPath: file });
    assert.strictEqual(r.status, 'failed');
    assert.match(r.message, /exited with code 3 before answering/);
  });

  it('cancellation kills the check at once; an already aborted signal starts nothing', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = runCheck(EXAMPLES['softmax-before-logits-loss'], { epochs: 1000, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const r = await pending;
    assert.strictEqual(r.status, 'cancelled');
    assert.ok(Date.now() - started < 3000);

    const before = Date.now();
    const again = await runCheck(EXAMPLES['argmax-single-unit'], { signal: controller.signal });
    assert.strictEqual(again.status, 'cancelled');
    assert.ok(Date.now() - before < 100);
  });

  it('the caller keeps answering while a check runs', async () => {
    let ticks = 0;
    let maxGap = 0;
    let lastTick = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - lastTick);
      lastTick = now;
      ticks++;
    }, 20);
    try {
      const r = await runCheck(EXAMPLES['sigmoid-before-logits-loss'], { epochs: 10 });
      assert.strictEqual(r.status, 'ok', r.message);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 10, `${ticks} ticks`);
    assert.ok(maxGap < 1500, `the event loop stalled for ${maxGap} ms`);
  });

  it('bad input and a missing worker are reported without starting anything', async () => {
    const bad = await runCheck({ ruleId: 'no-such-rule' });
    assert.deepStrictEqual([bad.status, bad.message], ['failed', "unknown rule 'no-such-rule'"]);
    const epochs = await runCheck(EXAMPLES['argmax-single-unit'], { epochs: 2.5 });
    assert.match(epochs.message, /epochs must be an integer/);
    const missing = await runCheck(EXAMPLES['argmax-single-unit'], { workerPath: path.join(os.tmpdir(), 'no-such-worker.js') });
    assert.match(missing.message, /no-such-worker\.js is missing; build with npx tsc -p \./);
  });

  it('tfjs\u2019s "install tfjs-node" banner never reaches the output', () => {
    const script = `require(${JSON.stringify(path.join(__dirname, '..', 'out', 'server', 'check', 'backend.js'))}).loadBackend().then(({ tf }) => tf.tensor([1, 2]).add(1).dataSync())`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout + r.stderr, '');
  });
});
