// The language server on a Jupyter notebook: a 200-cell notebook (bench/python-large-file.js' code cut
// into cells at top-level statements) opened with notebookDocument/didOpen; each edit rewrites a
// comment line in one cell mid-notebook, and the time runs from its notebookDocument/didChange to the
// diagnostics pushed for that cell's new version. Target: p95 ≤ 3 × the parse time of the whole
// notebook's code (a full parse of the program the server builds from the cells, timed after each
// edit so that it runs under the same load; the median).
//   node bench/notebook-lsp.js [--cells 200] [--lines 3000] [--edits 30] [--server out/server/lsp/stdio.js] [--compare-file]
// --compare-file also times the same code as one .py file: what the engine costs, apart from notebooks.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { LspTestClient } = require('../test/lsp-test-client');
const { NotebookClient } = require('../test/lsp-notebook-client');
const { largePythonFile } = require('./python-large-file');
const { editLatency, percentile } = require('./lsp');

const ROOT = path.join(__dirname, '..');

/** `text` cut into `count` cells at top-level statements (a blank line, then an unindented line). */
function cellsOf(text, count) {
  const lines = text.split('\n');
  const starts = [0];
  for (let i = 1; i < lines.length; i++) if (lines[i - 1] === '' && /^\S/.test(lines[i]) && !lines[i].startsWith('#')) starts.push(i);
  const step = starts.length / count;
  const cuts = Array.from({ length: count }, (_, k) => starts[Math.floor(k * step)]);
  return cuts.map((from, k) => lines.slice(from, cuts[k + 1] ?? lines.length).join('\n').replace(/\n+$/, ''));
}

function median(values) {
  return percentile(values, 50);
}

/** A full parse (no incremental re-use) of the program the server builds from the cells, in ms. */
async function parser() {
  const p = require(path.join(ROOT, 'out', 'rules', 'engine', 'python', 'parser'));
  await p.initPython();
  return (cells) => {
    const program = cells.map((c) => `${c.text}\n`).join('');
    p.forgetPython('/bench/notebook.ipynb.py');
    const t = process.hrtime.bigint();
    p.parsePython('/bench/notebook.ipynb.py', program);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    p.forgetPython('/bench/notebook.ipynb.py');
    return ms;
  };
}

async function notebookLatency({ cells = 200, lines = 3000, edits = 30, warmup = 3, server } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bench-nb-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"bench","private":true}\n');
  const texts = cellsOf(largePythonFile(lines), cells);
  const edited = Math.floor(texts.length / 2);
  texts[edited] += '\n# bench edit 0';
  const client = new LspTestClient({ root, server });
  const nb = new NotebookClient(client, 'bench.ipynb');
  const total = () => nb.cells.reduce((n, c) => n + (client.pushed.get(c.uri)?.diagnostics.length ?? 0), 0);
  const parse = await parser();
  for (let i = 0; i < 3; i++) parse(texts.map((text) => ({ text }))); // warm
  try {
    await client.initialize();
    let t = Date.now();
    await nb.open(texts.map((text) => ({ kind: 2, language: 'python', text })));
    // The first analysis: every cell pushed once.
    for (let i = texts.length - 1; i >= 0; i--) await nb.diagnosticsOf(i, () => true, 120_000);
    const firstMs = Date.now() - t;
    const diagnostics = total();
    const times = [];
    const parses = [];
    for (let k = 1; k <= warmup + edits; k++) {
      const cell = nb.cells[edited];
      const version = cell.version + 1;
      const pushed = new Promise((resolve) => {
        client.onPush = (p) => {
          if (p.uri === cell.uri && p.version === version) resolve();
        };
      });
      t = process.hrtime.bigint();
      await nb.changeCell(edited, cell.text.replace(/# bench edit \d+$/, `# bench edit ${k}`));
      await pushed;
      if (k > warmup) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      // The parse is timed between the edits, so that it sees the same load as they do.
      if (k > warmup) parses.push(parse(nb.cells));
    }
    client.onPush = undefined;
    // The whole round has been pushed by the next tick of pushes; the count must not have moved.
    await new Promise((r) => setTimeout(r, 200));
    if (total() !== diagnostics) throw new Error(`${total()} diagnostics after the edits, ${diagnostics} before`);
    const lineCount = nb.cells.reduce((n, c) => n + c.text.split('\n').length, 0);
    return { p50: median(times), p95: percentile(times, 95), firstMs, diagnostics, cells: texts.length, lines: lineCount, parseMs: median(parses) };
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The same code as one .py file, the same comment line edited (pull diagnostics): the engine's share. */
async function sameCodeAsFile({ cells = 200, lines = 3000, edits = 30, server } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bench-nbpy-'));
  const texts = cellsOf(largePythonFile(lines), cells);
  texts[Math.floor(texts.length / 2)] += '\n# bench edit 0';
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"bench","private":true}\n');
  fs.writeFileSync(path.join(root, 'bench.py'), texts.map((t) => `${t}\n`).join(''));
  const editable = (text) => {
    const all = text.split('\n');
    return { lines: all, line: all.indexOf('# bench edit 0'), comment: (k) => `# bench edit ${k}` };
  };
  try {
    return await editLatency({ root, file: 'bench.py', edits, server, language: 'python', editable, parse: () => 0 });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function notebookRow(r) {
  return {
    what: `server: edit -> diagnostics, one cell of a ${r.cells}-cell notebook (${r.lines} lines of code, ${r.diagnostics} diagnostics)`,
    measured: `p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms; parse of the whole notebook ${r.parseMs.toFixed(1)} ms, p95 = ${(r.p95 / r.parseMs).toFixed(1)} × parse; first analysis ${r.firstMs} ms`,
    target: '≤ 3 × parse',
    ok: r.p95 <= 3 * r.parseMs,
  };
}

module.exports = { notebookLatency, notebookRow, cellsOf, sameCodeAsFile };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
  (async () => {
    const load = [os.loadavg()[0].toFixed(1)];
    const r = await notebookLatency({ cells: Number(arg('--cells', 200)), lines: Number(arg('--lines', 3000)), edits: Number(arg('--edits', 30)), server: arg('--server') });
    load.push(os.loadavg()[0].toFixed(1));
    const row = notebookRow(r);
    console.log(`${row.what}: ${row.measured}  (target ${row.target}: ${row.ok ? 'met' : 'MISSED'}; load average ${load[0]} before, ${load[1]} after, ${os.cpus().length} cores)`);
    if (argv.includes('--compare-file')) {
      const f = await sameCodeAsFile({ cells: r.cells, lines: Number(arg('--lines', 3000)), edits: Number(arg('--edits', 30)), server: arg('--server') });
      console.log(`the same code as one .py file (pull): p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms, ${f.diagnostics} diagnostics (load average ${os.loadavg()[0].toFixed(1)})`);
    }
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
