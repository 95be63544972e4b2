// Preloaded into benchmarked processes (node -r bench/cpu-probe.js ...): at exit, writes the
// process's CPU time (all threads: main, workers, GC) to the file named by BENCH_CPU_FILE, so the
// benchmark can report CPU next to wall time on a machine that others are using too.
'use strict';
const fs = require('fs');

const target = process.env.BENCH_CPU_FILE;
if (target) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    fs.writeFileSync(target, JSON.stringify({ cpuMs: (user + system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
