// Language-server measurements through the real protocol (the server's own stdio process, driven by
// test/lsp-test-client.js): edit-to-diagnostics latency, and the server's peak memory.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { LspTestClient } = require('../test/lsp-test-client');

const LANGUAGES = { '.ts': 'typescript', '.tsx': 'typescriptreact', '.jsx': 'javascriptreact', '.vue': 'vue', '.html': 'html', '.svelte': 'svelte' };
const languageOf = (file) => LANGUAGES[path.extname(file)] ?? 'javascript';

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)];
}

/** Median time to parse `text` once with the engine's settings, the parser warm (as in the server). */
function parseMs(file, text) {
  const kind = path.extname(file) === '.ts' ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  const times = [];
  for (let i = 0; i < 12; i++) {
    const t = process.hrtime.bigint();
    ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return percentile(times.slice(2), 50);
}

/** The file with a comment line that each edit rewrites (in the middle: the whole file is re-read). */
function withEditableLine(text) {
  const lines = text.split('\n');
  const at = Math.floor(lines.length / 2);
  // Put the marker between two top-level statements: after a line that ends a block.
  let i = at;
  while (i < lines.length - 1 && !/^[}\]);]*;?\s*$/.test(lines[i])) i++;
  lines.splice(i + 1, 0, '// bench edit 0');
  return { lines, line: i + 1 };
}

/**
 * Opens `file` (relative to `root`) and edits it `edits` times; returns latency percentiles (ms)
 * from didChange to the pulled diagnostics of the new version, the first (cold) analysis time, the
 * number of diagnostics, and the server's peak RSS (Linux: VmHWM of its process).
 */
async function editLatency({ root, file, edits = 30, warmup = 3 }) {
  const original = fs.readFileSync(path.join(root, file), 'utf8');
  const { lines, line } = withEditableLine(original);
  const client = new LspTestClient({ root });
  try {
    await client.initialize();
    let t = Date.now();
    await client.open(file, lines.join('\n'), languageOf(file));
    const first = await client.diagnostics(file);
    const firstMs = Date.now() - t;
    const times = [];
    for (let k = 1; k <= warmup + edits; k++) {
      lines[line] = `// bench edit ${k}`;
      t = process.hrtime.bigint();
      await client.change(file, lines.join('\n'));
      const diags = await client.diagnostics(file);
      if (k > warmup) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (diags.length !== first.length) throw new Error(`edit ${k}: ${diags.length} diagnostics, expected ${first.length}`);
    }
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      firstMs,
      diagnostics: first.length,
      parseMs: parseMs(file, lines.join('\n')),
      lines: lines.length,
      peakRssMb: peakRssMb(client.proc.pid),
    };
  } finally {
    await client.shutdown();
  }
}

function peakRssMb(pid) {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { editLatency, percentile };
