#!/usr/bin/env node
// Wall time of the default numeric check per rule, the way the CLI and the editor run it: a fresh
// child process (tfjs load included), both replicas trained with the default epochs.
// Usage: node bench/check.js [--runs N]   (build first: npx tsc -p .)
// The child's own CPU time is printed too: on a shared or busy machine it says what the check costs
// when the wall time is inflated by other work.
const os = require('os');
const path = require('path');

const out = path.join(__dirname, '..', 'out', 'server', 'check');
const { runCheck } = require(path.join(out, 'run.js'));
const { EXAMPLES } = require(path.join(out, 'examples.js'));
const { DEFAULT_EPOCHS } = require(path.join(out, 'compute.js'));

async function main() {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 1) : 1;
  console.log(`numeric check, default settings (${DEFAULT_EPOCHS} epochs), ${runs} run(s) per rule`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}`);
  console.log('');
  console.log(`${'rule'.padEnd(30)} ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)}  backend / status`);
  const walls = [];
  for (const [rule, input] of Object.entries(EXAMPLES)) {
    for (let r = 0; r < runs; r++) {
      const started = Date.now();
      const report = await runCheck(input, {});
      const wall = Date.now() - started;
      walls.push(wall);
      const ok = report.status === 'ok';
      const cpu = ok && report.workerCpuMs !== undefined ? String(report.workerCpuMs) : '?';
      console.log(`${rule.padEnd(30)} ${String(wall).padStart(8)} ${cpu.padStart(8)}  ${ok ? report.backend : `${report.status}: ${report.message}`}`);
    }
  }
  walls.sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)];
  console.log('');
  console.log(`median ${median} ms, max ${walls[walls.length - 1]} ms over ${walls.length} checks`);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
