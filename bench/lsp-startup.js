// The language server's first minute, through its protocol over stdio: server start -> the first
// diagnostics of the demo's model.js, idle and with both cores busy; and what workspace diagnostics
// (logitLint.problems: "workspace") cost on a large workspace against open files only.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { LspTestClient } = require('../test/lsp-test-client');

const REPO = path.join(__dirname, '..');
const DEMO = path.join(REPO, 'fixtures', 'demo');
/** What VS Code runs: the bundled server, whose analysis worker loads with a V8 code cache. */
const BUNDLED_SERVER = path.join(REPO, 'dist', 'server.js');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function ensureBundle() {
  const r = spawnSync(process.execPath, [path.join(REPO, 'esbuild.js'), '--production'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`esbuild failed: ${r.stderr}`);
}

/**
 * Starts `count` processes that keep a core busy each (the neighbour of a loaded CI runner or a
 * laptop in the middle of a build); the returned function stops them.
 */
function cpuBurners(count) {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return () => {
    for (const c of children) c.kill('SIGKILL');
  };
}

/** Milliseconds from spawning the server to the first pulled diagnostics of `file`. */
async function oneStart({ server, root, file, waitForCache }) {
  const t0 = process.hrtime.bigint();
  const client = new LspTestClient({ root, server });
  try {
    await client.initialize();
    await client.open(file, fs.readFileSync(path.join(root, file), 'utf8'));
    const diagnostics = await client.diagnostics(file);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // The server's start-up line (startup-timing.ts): its CPU time (both threads) to the first answer,
    // which says whether a slow start was work or waiting for a core.
    const line = client.infoLogs.map((m) => m.message).find((m) => m.startsWith('start-up: ')) ?? '';
    const cpuMs = Number(/CPU (\d+) ms/.exec(line)?.[1]);
    // The worker writes its code cache once it is idle after the first analysis; a priming run
    // waits for the file instead of shutting the worker down first.
    if (waitForCache) for (let i = 0; i < 200 && !waitForCache(); i++) await new Promise((r) => setTimeout(r, 25));
    return { ms, cpuMs, diagnostics: diagnostics.length };
  } finally {
    await client.shutdown();
  }
}

/** Server start -> first diagnostics: the cold first start (no code cache), then `runs` starts idle and `runs` with every core busy. */
async function firstDiagnostics({ runs = 5, server = BUNDLED_SERVER } = {}) {
  if (server === BUNDLED_SERVER) ensureBundle();
  const cacheDir = path.join(os.tmpdir(), 'logit-lint-compile-cache');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const cached = () => fs.existsSync(cacheDir) && fs.readdirSync(cacheDir).some((f) => f.endsWith('.bin'));
  const job = { server, root: DEMO, file: 'model.js' };
  const cold = await oneStart({ ...job, waitForCache: cached });
  const idle = [];
  const cpu = [];
  for (let k = 0; k < runs; k++) {
    const r = await oneStart(job);
    idle.push(r.ms);
    cpu.push(r.cpuMs);
  }
  const loadAverage = os.loadavg()[0]; // before our own burners
  const stop = cpuBurners(os.cpus().length);
  const loaded = [];
  try {
    for (let k = 0; k < runs; k++) loaded.push((await oneStart(job)).ms);
  } finally {
    stop();
  }
  return { coldMs: cold.ms, cacheWritten: cached(), idle, cpu, loaded, cores: os.cpus().length, loadAverage };
}

/** workspace/diagnostic on a large workspace with one file open: its time, what it reports, the server's peak RSS. */
async function workspaceCost({ root, file, problems }) {
  const client = new LspTestClient({ root, settings: { problems } });
  try {
    await client.initialize();
    await client.open(file, fs.readFileSync(path.join(root, file), 'utf8'));
    let t = process.hrtime.bigint();
    await client.diagnostics(file);
    const firstMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const items = await client.workspaceDiagnostics();
    const workspaceMs = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    await client.workspaceDiagnostics(items.map((i) => ({ uri: i.uri, value: i.resultId })));
    const againMs = Number(process.hrtime.bigint() - t) / 1e6;
    const reported = items.filter((i) => i.kind === 'full' && i.items.length);
    return {
      firstMs,
      workspaceMs,
      againMs,
      files: reported.length,
      problems: reported.reduce((n, i) => n + i.items.length, 0),
      peakRssMb: peakRssMb(client.proc.pid),
    };
  } finally {
    await client.shutdown();
  }
}

/** Peak resident memory of a process (Linux: VmHWM), in MB. */
function peakRssMb(pid) {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The table rows (bench/lsp.js serverRows prints them with the others). */
async function startupRows({ corpus2000, file2000 }) {
  const rows = [];
  const f = await firstDiagnostics();
  const ms = (x) => `${Math.round(x)} ms`;
  rows.push({ what: 'server: start -> first diagnostics, demo model.js, first start (no code cache yet)', measured: ms(f.coldMs) + (f.cacheWritten ? '' : ' (code cache NOT written)'), target: '', ok: undefined });
  const idle = median(f.idle);
  rows.push({ what: 'server: start -> first diagnostics, demo model.js, idle', measured: `median ${ms(idle)} (${f.idle.map(Math.round).join(', ')}); server CPU median ${ms(median(f.cpu))}; load average ${f.loadAverage.toFixed(1)}`, target: '≤ 1 s', ok: idle <= 1000 });
  const loaded = median(f.loaded);
  rows.push({ what: `server: start -> first diagnostics, demo model.js, all ${f.cores} cores busy`, measured: `median ${ms(loaded)} (${f.loaded.map(Math.round).join(', ')})`, target: '≤ 3 s', ok: loaded <= 3000 });
  if (corpus2000) {
    const open = await workspaceCost({ root: corpus2000, file: file2000, problems: 'openFiles' });
    const all = await workspaceCost({ root: corpus2000, file: file2000, problems: 'workspace' });
    const mb = (x) => (x === undefined ? 'n/a' : `${x.toFixed(0)} MB`);
    rows.push({
      what: 'server: workspace diagnostics, 2000-file workspace (problems: workspace vs openFiles)',
      measured: `${all.problems} problems in ${all.files} files in ${ms(all.workspaceMs)} (asked again unchanged: ${ms(all.againMs)}); first document ${ms(all.firstMs)} vs ${ms(open.firstMs)}; peak RSS ${mb(all.peakRssMb)} vs ${mb(open.peakRssMb)}`,
      target: '≤ 200 MB',
      ok: all.peakRssMb !== undefined && all.peakRssMb <= 200,
    });
  }
  return rows;
}

module.exports = { firstDiagnostics, workspaceCost, startupRows, cpuBurners, peakRssMb };
