#!/usr/bin/env node
// `npm run bench`: generates corpora (bench/corpus.js) under the OS temp folder and prints one table:
// CLI lint time against parse-only time, growth with corpus size, worker threads against one,
// --cache, the balance of --shard, and the language server's edit-to-diagnostics latency and peak memory. Each CLI figure
// is the best of a few runs in a fresh process (startup and loading TypeScript included, as a user
// sees it), with that run's CPU time (all threads) next to it. A full run writes the table into
// bench/RESULTS.md (between its markers; the notes around it stay).
// The Python rows (bench/python.js: real PyTorch/Keras projects, the server on a large .py file, the
// .vsix growth from the parser's wasm; bench/notebook.js: a 200-cell notebook against the same code
// as a .py file) come last, in their own section of the table.
// Usage: node bench/run.js [--sizes 100,1000,10000] [--runs 3] [--no-lsp] [--no-python] [--keep]   (build first)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generateCorpus } = require('./corpus');
const { serverRows } = require('./lsp');
const { describeBalance, shardBalance } = require('./shards');
const { pythonRows } = require('./python');
const { notebookRows } = require('./notebook');
const { timed: timedRun } = require('./timed');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'out', 'server', 'cli', 'cli.js');
const PARSE_ONLY = path.join(__dirname, 'parse-only.js');

const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const SIZES = option('--sizes', '100,1000,10000').split(',').map(Number);
const RUNS = Number(option('--runs', 3));
const WITH_LSP = !argv.includes('--no-lsp');
const KEEP = argv.includes('--keep');
const WITH_PYTHON = !argv.includes('--no-python');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bench-'));
const cpuFile = path.join(work, 'cpu.json');
const rows = [];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const row = (what, measured, target = '', ok = undefined) => {
  rows.push({ what, measured, target, verdict: ok === undefined ? '' : ok ? 'met' : 'MISSED' });
  console.log(`  ${what}: ${measured}${target ? `  (target ${target}: ${ok ? 'met' : 'MISSED'})` : ''}`);
};

/** One run of a node script in a fresh process (bench/timed.js): wall ms, CPU ms, stdout. */
const timed = (script, args, cwd) => timedRun(script, args, cwd, cpuFile);

/** The fastest of `runs` runs (the others are noise from the machine, not the program). */
function best(runs, fn) {
  let min;
  for (let i = 0; i < runs; i++) {
    const r = fn(i);
    if (!min || r.wallMs < min.wallMs) min = r;
  }
  return min;
}

const lintArgs = (dir, extra = []) => ['--no-config', '--format', 'json', ...extra, dir];

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown cpu'}, ${typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length} cores, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main() {
  if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p .');
  const loadBefore = os.loadavg()[0].toFixed(1);
  console.log(`machine: ${machine()}; load average ${loadBefore}`);
  const corpora = {};
  for (const n of [...new Set([...SIZES, ...(WITH_LSP ? [1000, 2000] : [])])]) {
    corpora[n] = path.join(work, `corpus-${n}`);
    generateCorpus({ count: n, dir: corpora[n], seed: 1 });
  }

  // 1. Lint against parse-only, per size.
  const lintTimes = {};
  for (const n of SIZES) {
    const dir = corpora[n];
    const runs = n >= 10000 ? Math.max(1, RUNS - 1) : RUNS;
    const lint = best(runs, () => timed(CLI, lintArgs(dir, ['--jobs', '1']), dir));
    const parse = best(runs, () => timed(PARSE_ONLY, [dir], dir));
    lintTimes[n] = lint;
    const ratio = lint.wallMs / parse.wallMs;
    row(`${n} files: lint (1 thread) / parse-only`, `${s(lint.wallMs)} / ${s(parse.wallMs)} = ${ratio.toFixed(2)} (CPU ${s(lint.cpuMs)} / ${s(parse.cpuMs)})`, '≤ 1.3', ratio <= 1.3);
  }

  // 2. Growth: each 10x step in files should cost at most 11x the time.
  for (let i = 1; i < SIZES.length; i++) {
    const [a, b] = [SIZES[i - 1], SIZES[i]];
    const growth = lintTimes[b].wallMs / lintTimes[a].wallMs;
    const limit = (11 * b) / a / 10;
    row(`lint time ${a} -> ${b} files`, `x${growth.toFixed(1)} (CPU x${(lintTimes[b].cpuMs / lintTimes[a].cpuMs).toFixed(1)})`, `≤ x${limit.toFixed(0)}`, growth <= limit);
  }

  // 3. Worker threads against one, on the largest corpus; the output must be identical.
  const big = Math.max(...SIZES);
  const dir = corpora[big];
  const one = lintTimes[big];
  const two = best(Math.max(1, RUNS - 1), () => timed(CLI, lintArgs(dir, ['--jobs', '2']), dir));
  const again = timed(CLI, lintArgs(dir, ['--jobs', '2']), dir);
  const identical = two.stdout === one.stdout && again.stdout === one.stdout;
  const speedup = one.wallMs / two.wallMs;
  row(`${big} files: --jobs 2 vs --jobs 1`, `${s(two.wallMs)} vs ${s(one.wallMs)} = speed-up x${speedup.toFixed(2)} (CPU ${s(two.cpuMs)} vs ${s(one.cpuMs)})`, '≥ x1.6', speedup >= 1.6);
  row(`${big} files: --jobs 2 output`, identical ? 'identical to --jobs 1, twice' : 'DIFFERENT from --jobs 1', 'identical', identical);

  // 4. --cache: a second run on the unchanged corpus.
  const cacheFile = path.join(work, 'lint-cache');
  const cold = timed(CLI, lintArgs(dir, ['--cache', '--cache-location', cacheFile]), dir);
  const warm = best(RUNS, () => timed(CLI, lintArgs(dir, ['--cache', '--cache-location', cacheFile]), dir));
  const share = warm.wallMs / cold.wallMs;
  row(`${big} files: --cache second run / first`, `${s(warm.wallMs)} / ${s(cold.wallMs)} = ${(share * 100).toFixed(0)}% (CPU ${s(warm.cpuMs)} / ${s(cold.cpuMs)})`, '< 10%', share < 0.1);
  const base = best(RUNS, () => timed(path.join(__dirname, 'startup.js'), [], dir));
  row('floor of a CLI run that lints: start node, load the engine and TypeScript', `${s(base.wallMs)} (CPU ${s(base.cpuMs)})`);
  const cliBase = best(RUNS, () => timed(path.join(__dirname, 'startup.js'), ['cli'], dir));
  row('floor of a fully cached run: start node, load the CLI without the engine', `${s(cliBase.wallMs)} (CPU ${s(cliBase.cpuMs)})`);
  // --shard 4: the split the CLI computes (bench/shards.js); 25% would be a perfect balance.
  row(`${big} files: --shard k/4, largest shard`, describeBalance(shardBalance(dir, 4)));

  // 5. The language server, through its protocol (bench/lsp.js), with the protocol's own floor.
  if (WITH_LSP) for (const r of await serverRows(work, corpora)) row(r.what, r.measured, r.target, r.ok);

  // 6. Python (PyTorch / Keras), in a section of its own; medians of runs (bench/python.js says why).
  if (WITH_PYTHON) {
    row('**Python (PyTorch / Keras): bench/python.js**', '');
    for (const r of await pythonRows(work, { runs: Math.max(3, RUNS), lsp: WITH_LSP })) row(r.what, r.measured, r.target, r.ok);
    // Notebooks (bench/notebook.js): a 200-cell notebook against the same code as one .py file.
    for (const r of notebookRows(work, { runs: Math.max(5, RUNS) }).rows) row(r.what, r.measured, r.target, r.ok);
  }

  const loadAfter = os.loadavg()[0].toFixed(1);
  writeResults(loadBefore, loadAfter);
  if (!KEEP) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`corpora kept in ${work}`);
}


/** Replaces the measured part of bench/RESULTS.md (between the markers), keeping the notes around it. */
function writeResults(loadBefore, loadAfter) {
  const table = [
    '| measure | result | target | |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.measured} | ${r.target} | ${r.verdict} |`),
  ].join('\n');
  console.log(`\n${table}\n`);
  if (argv.some((a) => ['--sizes', '--no-lsp', '--runs', '--no-python'].includes(a))) return; // a partial run: print only
  const measured = `<!-- measured -->\nMeasured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. ` +
    `Machine: ${machine()}; load average ${loadBefore} before, ${loadAfter} after.\n\n${table}\n<!-- /measured -->`;
  const file = path.join(__dirname, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n\n<!-- measured --><!-- /measured -->\n';
  fs.writeFileSync(file, old.replace(/<!-- measured -->[\s\S]*<!-- \/measured -->/, () => measured));
  console.log('written to bench/RESULTS.md');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
