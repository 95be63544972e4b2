#!/usr/bin/env node
// A long fuzz campaign (the CI test runs a bounded one): seeded mutations of the fixtures through
// the engine, the formatters and the fixers, on a worker thread watched for hangs. Each new kind
// of failure is shrunk to a small input and saved under fixtures/regressions/, which the fuzz test
// replays on every run. Saved inputs carry no `expect:` comments: nobody verified what they should
// report, only that they must not break anything.
//
// Usage: node scripts/fuzz-campaign.js [--seconds 600] [--seed N] [--dry-run]   (build first)
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const HANG_MS = 10_000;
const SLOW_CPU_MS = 1000;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

if (!isMainThread) {
  // The worker: runs cases from (seed, index) on, reporting each before it starts (heartbeat) and
  // each failure with its input.
  const { loadSeeds, makeCase, checkCase } = require('../test/fuzz-cases');
  const seeds = loadSeeds();
  let { seed, index } = workerData;
  for (;;) {
    parentPort.postMessage({ kind: 'start', seed, index });
    const c = makeCase(seeds, seed, index);
    const r = checkCase(c.files, { thorough: true });
    const problems = [...r.failures];
    if (r.cpuMs > SLOW_CPU_MS && checkCase(c.files).cpuMs > SLOW_CPU_MS) problems.push(`slow: over ${SLOW_CPU_MS} ms of CPU`);
    if (problems.length) parentPort.postMessage({ kind: 'failure', label: c.label, problems, files: c.files });
    if (++index >= 1_000_000) {
      seed++;
      index = 0;
    }
  }
} else {
  main();
}

let seedsCache;
/** The input of case (seed, index), rebuilt on this thread. */
function caseAt({ seed, index }) {
  const { loadSeeds, makeCase } = require('../test/fuzz-cases');
  seedsCache ??= loadSeeds();
  return makeCase(seedsCache, seed, index);
}

/** What kind of failure this is, without the details that vary between inputs (numbers, names). */
function signature(problems) {
  return problems[0].replace(/\/logit-lint-fuzz\/\S*/g, 'FILE').replace(/^[a-z-]+ (finding|related site|fix)/, 'RULE $1').replace(/\d+/g, 'N').replace(/"[^"]*"/g, 'S').slice(0, 120);
}

/** Smaller inputs that fail the same way: drop lines, then characters, while it keeps failing. */
function shrink(files, target, fails, deadline) {
  const { checkCase } = require('../test/fuzz-cases');
  const stillFails = (text) => {
    const r = checkCase({ ...files, [target]: text }, { thorough: true });
    return fails(r);
  };
  let text = files[target];
  for (const unit of ['\n', '']) {
    let parts = text.split(unit);
    for (let chunk = Math.max(1, parts.length >> 1); chunk >= 1 && Date.now() < deadline; chunk >>= 1) {
      for (let i = 0; i < parts.length && Date.now() < deadline; ) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        if (candidate.length < parts.length && stillFails(candidate.join(unit))) parts = candidate;
        else i += chunk;
      }
    }
    text = parts.join(unit);
    if (unit === '' && text.length > 4000) break;
  }
  return text;
}

/** Writes the input as files when UTF-8 keeps it exactly, else as one JSON file. */
function save(dir, id, files, meta) {
  const root = '/logit-lint-fuzz/';
  const roundTrips = Object.values(files).every((t) => Buffer.from(t, 'utf8').toString('utf8') === t);
  if (!roundTrips) {
    const file = path.join(dir, `${id}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...meta, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k.slice(root.length), v])) }, null, 1) + '\n');
    return file;
  }
  const folder = path.join(dir, id);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(folder, name.slice(root.length));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  fs.writeFileSync(path.join(folder, 'FAILURE.txt'), `${meta.label}\n${meta.problems.join('\n')}\n`);
  return folder;
}

function main() {
  const { REGRESSIONS } = require('../test/fuzz-cases');
  const seconds = Number(arg('--seconds', 600));
  const firstSeed = Number(arg('--seed', Date.now() % 100_000));
  const dryRun = process.argv.includes('--dry-run');
  const deadline = Date.now() + seconds * 1000;
  const seen = new Map(); // signature -> count
  // Kinds already saved by earlier campaigns are not saved again.
  for (const e of fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS, { withFileTypes: true }) : []) {
    const at = path.join(REGRESSIONS, e.name);
    const problems = e.isDirectory() && fs.existsSync(path.join(at, 'FAILURE.txt')) ? fs.readFileSync(path.join(at, 'FAILURE.txt'), 'utf8').split('\n').slice(1).filter(Boolean)
      : e.name.endsWith('.json') ? JSON.parse(fs.readFileSync(at, 'utf8')).problems : [];
    if (problems?.length) seen.set(signature(problems), 0);
  }
  const known = seen.size;
  let cases = 0;
  let worker;
  let current = { seed: firstSeed, index: 0 };
  let lastBeat = Date.now();

  const record = (label, problems, files) => {
    const sig = signature(problems);
    const before = seen.get(sig);
    seen.set(sig, (before ?? 0) + 1);
    if (before !== undefined) return;
    console.log(`FAIL ${label}: ${problems.slice(0, 2).join('; ')}`);
    if (dryRun) return;
    const target = Object.keys(files).find((f) => problems.some((p) => p.includes(f))) ?? Object.keys(files)[0];
    // Hangs are kept whole (each try could hang again); slow cases shrink while they stay slow.
    const slow = problems.length === 1 && problems[0].startsWith('slow');
    const fails = slow ? (r) => r.cpuMs > SLOW_CPU_MS : (r) => r.failures.length > 0 && signature(r.failures) === sig;
    const small = problems[0].startsWith('hang') ? files[target] : shrink(files, target, fails, Date.now() + 60_000);
    const id = `${sig.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 40).toLowerCase()}-${crypto.createHash('sha1').update(small).digest('hex').slice(0, 8)}`;
    fs.mkdirSync(REGRESSIONS, { recursive: true });
    console.log(`  saved ${save(REGRESSIONS, id, { ...files, [target]: small }, { label, problems })}`);
    lastBeat = Date.now(); // shrinking held this thread; the worker was not hanging
  };

  const start = () => {
    worker = new Worker(__filename, { workerData: current });
    worker.on('message', (m) => {
      if (m.kind === 'start') {
        current = { seed: m.seed, index: m.index };
        lastBeat = Date.now();
        cases++;
      } else record(m.label, m.problems, m.files);
    });
    worker.on('error', (e) => {
      const c = caseAt(current);
      record(c.label, [`worker crashed: ${e.message}`], c.files);
      current = { seed: current.seed, index: current.index + 1 };
      start();
    });
  };
  start();

  const timer = setInterval(() => {
    if (Date.now() - lastBeat > HANG_MS) {
      // The case never finished: stop the worker, keep the input, carry on after it.
      const hung = { ...current };
      void worker.removeAllListeners().terminate();
      const c = caseAt(hung);
      record(c.label, [`hang: no result after ${HANG_MS} ms`], c.files);
      current = { seed: hung.seed, index: hung.index + 1 };
      lastBeat = Date.now();
      start();
    }
    if (Date.now() > deadline) {
      clearInterval(timer);
      void worker.removeAllListeners().terminate();
      const found = [...seen].filter(([, n]) => n > 0).map(([sig]) => sig);
      console.log(`${cases} cases from seed ${firstSeed}; ${found.length} kind(s) of failure${found.length ? `: ${found.join(' | ')}` : ''} (${known} known before)`);
      process.exitCode = found.length ? 1 : 0;
    }
  }, 500);
}
