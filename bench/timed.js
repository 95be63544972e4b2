// One benchmarked run of a node script in a fresh process, shared by bench/run.js and bench/python.js:
// wall time, CPU time of all its threads (main, workers, GC; written at exit by bench/cpu-probe.js),
// and its output. A run that exits with 0 or 1 (findings) counts; anything else is an error.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const PROBE = path.join(__dirname, 'cpu-probe.js');

function timed(script, args, cwd, cpuFile) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PROBE, script, ...args], {
    cwd,
    env: { ...process.env, BENCH_CPU_FILE: cpuFile, CI: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(script)} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const { cpuMs } = JSON.parse(fs.readFileSync(cpuFile, 'utf8'));
  return { wallMs, cpuMs, stdout: r.stdout, stderr: r.stderr };
}

module.exports = { timed };
