// Language-server measurements through the real protocol (the server's own stdio process, driven by
// test/lsp-test-client.js): edit-to-diagnostics latency, and the server's peak memory.
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { LspTestClient } = require('../test/lsp-test-client');
const { largeModelFile } = require('./corpus');
const { peakRssMb, startupRows } = require('./lsp-startup');

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

/** p50 and p95 (ms) of `runs` calls of `request`, after `warmup` unmeasured ones. */
async function roundTrips(request, runs, warmup = 3) {
  const times = [];
  for (let k = 0; k < warmup + runs; k++) {
    const t = process.hrtime.bigint();
    await request();
    if (k >= warmup) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/**
 * Opens `file` (relative to `root`) and edits it `edits` times; returns latency percentiles (ms)
 * from didChange to the pulled diagnostics of the new version, the first (cold) analysis time, the
 * number of diagnostics, and the server's peak RSS (Linux: VmHWM of its process). `floor` is the
 * protocol's own cost, the same request with nothing to analyse: a pull of the unchanged document
 * (the same report is built, hashed and sent; the analysis comes from the server's cache); `hover`
 * is the cheapest round trip (a hover on the edited comment line: no finding there). `server`: another
 * build's out/server/lsp/stdio.js, to compare two builds on the same machine at the same time.
 * Another language (bench/python.js) passes its own `language` id, `editable` (withEditableLine's
 * twin: where its comment line goes and how it is written) and `parse` (its parser's time, in ms).
 */
async function editLatency({ root, file, edits = 30, warmup = 3, server, language, editable, parse = parseMs, broken = false }) {
  const original = fs.readFileSync(path.join(root, file), 'utf8');
  const { lines, line, comment = (k) => `// bench edit ${k}` } = (editable ?? withEditableLine)(original);
  const client = new LspTestClient({ root, server });
  try {
    await client.initialize();
    let t = Date.now();
    await client.open(file, lines.join('\n'), language ?? languageOf(file));
    const first = await client.diagnostics(file);
    const firstMs = Date.now() - t;
    const times = [];
    for (let k = 1; k <= warmup + edits; k++) {
      // `broken`: the edit leaves the file unparsable (a string not closed yet), as typing does;
      // the findings elsewhere in the file must stay.
      lines[line] = broken ? `const benchEdit${k} = 'unfinished` : comment(k);
      t = process.hrtime.bigint();
      await client.change(file, lines.join('\n'));
      const diags = await client.diagnostics(file);
      if (k > warmup) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (diags.length !== first.length) throw new Error(`edit ${k}: ${diags.length} diagnostics, expected ${first.length}`);
    }
    const floor = await roundTrips(() => client.diagnostics(file), edits);
    const hover = await roundTrips(() => client.hover(file, { line, character: 0 }), edits);
    return {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      firstMs,
      diagnostics: first.length,
      parseMs: parse(file, lines.join('\n')),
      lines: lines.length,
      floor,
      hover,
      peakRssMb: peakRssMb(client.proc.pid),
    };
  } finally {
    await client.shutdown();
  }
}


/** A tfjs file of a multi-file project in a generated corpus (deterministic: the first by path). */
function pickModelFile(root) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(e.name) && !full.includes(`${path.sep}src${path.sep}`) && fs.readFileSync(full, 'utf8').includes('tf.sequential')) files.push(full);
    }
  };
  walk(path.join(root, 'packages'));
  files.sort();
  if (!files.length) throw new Error(`no model file in ${root}`);
  return path.relative(root, files[0]);
}

const ms = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

/** The language-server rows of the benchmark table (bench/run.js prints the same). */
async function serverRows(work, corpora, server) {
  const rows = [];
  const single = path.join(work, 'single');
  fs.mkdirSync(single, { recursive: true });
  fs.writeFileSync(path.join(single, 'package.json'), '{ "name": "single", "private": true }\n');
  fs.writeFileSync(path.join(single, 'model.js'), largeModelFile(5000));
  const a = await editLatency({ root: single, file: 'model.js', server });
  rows.push(latencyRow(`one ${a.lines}-line file (${a.diagnostics} diagnostics)`, a, 0));
  rows.push(floorRow(`one ${a.lines}-line file`, a));
  const broken = await editLatency({ root: single, file: 'model.js', server, broken: true });
  rows.push(latencyRow(`one ${broken.lines}-line file, each edit leaving it broken (${broken.diagnostics} diagnostics kept)`, broken, 0));
  const target = pickModelFile(corpora[1000]);
  const b = await editLatency({ root: corpora[1000], file: target, server });
  rows.push(latencyRow(`${path.basename(target)} (${b.lines} lines) in a 1000-file workspace`, b, 1));
  rows.push(floorRow(`${path.basename(target)} in a 1000-file workspace`, b));
  const c = await editLatency({ root: corpora[2000], file: pickModelFile(corpora[2000]), edits: 5, warmup: 0, server });
  rows.push({ what: 'server: peak RSS, 2000-file workspace', measured: c.peakRssMb === undefined ? 'n/a (no /proc)' : `${c.peakRssMb.toFixed(0)} MB`, target: '≤ 200 MB', ok: c.peakRssMb !== undefined && c.peakRssMb <= 200 });
  // Start-up and workspace diagnostics: the bundled server (what VS Code runs), unless another build is compared.
  if (!server) rows.push(...(await startupRows({ corpus2000: corpora[2000], file2000: pickModelFile(corpora[2000]) })));
  return rows;
}

function latencyRow(what, r, digits) {
  return {
    what: `server: edit -> diagnostics, ${what}`,
    measured: `p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms; parse ${r.parseMs.toFixed(digits)} ms, p95 = ${(r.p95 / r.parseMs).toFixed(1)} x parse; protocol floor p95 ${ms(r.floor.p95)} ms`,
    target: '≤ 3 x parse',
    ok: r.p95 <= 3 * r.parseMs,
  };
}

/** The same request without an analysis: what no analysis, however fast, can go below. */
function floorRow(what, r) {
  return {
    what: `server: protocol floor, ${what} (pull of the unchanged document / hover)`,
    measured: `p50 ${ms(r.floor.p50)} / ${ms(r.hover.p50)} ms, p95 ${ms(r.floor.p95)} / ${ms(r.hover.p95)} ms`,
    target: '',
    ok: undefined,
  };
}

module.exports = { editLatency, percentile, pickModelFile, serverRows, latencyRow, floorRow };

// `node bench/lsp.js [--server out/server/lsp/stdio.js of another build] [--keep] [--startup]` (build
// first): only the language-server rows, on fresh corpora; --startup: only server start -> first
// diagnostics and the workspace-diagnostics cost.
if (require.main === module) {
  const os = require('os');
  const { generateCorpus } = require('./corpus');
  (async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bench-lsp-'));
    try {
      const corpora = {};
      for (const n of [1000, 2000]) {
        corpora[n] = path.join(work, `corpus-${n}`);
        generateCorpus({ count: n, dir: corpora[n], seed: 1 });
      }
      if (process.argv.includes('--startup')) {
        for (const r of await startupRows({ corpus2000: corpora[2000], file2000: pickModelFile(corpora[2000]) })) console.log(`| ${r.what} | ${r.measured} | ${r.target} | ${r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED'} |`);
        return;
      }
      const server = process.argv.includes('--server') ? path.resolve(process.argv[process.argv.indexOf('--server') + 1]) : undefined;
      for (const r of await serverRows(work, corpora, server)) console.log(`| ${r.what} | ${r.measured} | ${r.target} | ${r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED'} |`);
    } finally {
      if (process.argv.includes('--keep')) console.log(`corpora kept in ${work}`);
      else fs.rmSync(work, { recursive: true, force: true });
    }
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
