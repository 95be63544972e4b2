#!/usr/bin/env node
// Edit-to-diagnostics latency of the language server on one large file (not part of `npm test`:
// timings depend on the machine). Usage: node test/lsp-bench.js [lines=3000] [edits=20]
// Each edit changes one line in the middle of the file; the time is from sending didChange to
// receiving the pulled diagnostics of the new version.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LspTestClient, bigFile } = require('./lsp-test-client');

const LINES = Number(process.argv[2] || 3000);
const EDITS = Number(process.argv[3] || 20);

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bench-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"bench","private":true}\n');
  const text = bigFile(LINES);
  const client = new LspTestClient({ root });
  try {
    await client.initialize();
    let t = Date.now();
    await client.open('big.js', text);
    const first = await client.diagnostics('big.js');
    console.log(`${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KB: ${first.length} diagnostics; first analysis (cold worker) ${Date.now() - t} ms`);
    const lines = text.split('\n');
    const mid = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('// filler'));
    const times = [];
    for (let k = 0; k < EDITS; k++) {
      lines[mid] = `  // filler edit ${k}`;
      t = Date.now();
      await client.change('big.js', lines.join('\n'));
      const diags = await client.diagnostics('big.js');
      times.push(Date.now() - t);
      if (diags.length !== first.length) throw new Error(`edit ${k}: ${diags.length} diagnostics, expected ${first.length}`);
    }
    const engine = client.logs.filter((l) => l.startsWith('analysed')).slice(-EDITS).map((l) => Number(/in (\d+) ms/.exec(l)[1]));
    console.log(`edit -> diagnostics over ${EDITS} edits: median ${pct(times, 50)} ms, p90 ${pct(times, 90)} ms, max ${Math.max(...times)} ms`);
    console.log(`engine time per analysis: median ${pct(engine, 50)} ms, p90 ${pct(engine, 90)} ms`);
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
