#!/usr/bin/env node
// One generated Python file with N safe fixes (`z = model(x); crit(z, y); (z > 0.5)` blocks, a
// threshold-logits finding each): the CLI's lint and --fix-dry-run times, to show they grow about
// linearly with N (red team round 47 found both quadratic: 20,000 fixes took 197 s to dry-run).
// Usage: node bench/many-fixes.js [N ...]   (build first: npx tsc -p .)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { timed } = require('./timed');

const CLI = path.join(__dirname, '..', 'out', 'server', 'cli', 'cli.js');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const n of sizes.length ? sizes : [1000, 5000, 20000]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-fixes-'));
  let text = 'import torch\nfrom torch import nn\nmodel = nn.Linear(16, 1)\nx, y = torch.randn(8, 16), torch.rand(8, 1)\ncrit = nn.BCEWithLogitsLoss()\n';
  for (let i = 0; i < n; i++) text += `z${i} = model(x)\nl${i} = crit(z${i}, y)\np${i} = (z${i} > 0.5).float()\n`;
  fs.writeFileSync(path.join(dir, 'many.py'), text);
  const cpu = path.join(dir, 'cpu.json');
  const lint = timed(CLI, ['--no-config', '--format', 'json', dir], dir, cpu);
  const fix = timed(CLI, ['--no-config', '--fix-dry-run', dir], dir, cpu);
  const found = JSON.parse(lint.stdout)[0]?.messages.length ?? 0;
  console.log(`${n} blocks (${(text.length / 1e6).toFixed(1)} MB, ${found} findings): lint ${(lint.wallMs / 1000).toFixed(1)} s (CPU ${(lint.cpuMs / 1000).toFixed(1)} s), --fix-dry-run ${(fix.wallMs / 1000).toFixed(1)} s (CPU ${(fix.cpuMs / 1000).toFixed(1)} s)`);
  fs.rmSync(dir, { recursive: true, force: true });
}
