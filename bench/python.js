#!/usr/bin/env node
// The Python rows of the benchmark (issue 10, "Speed"):
//  (a) lint ÷ parse-only on real PyTorch/Keras projects: the red team's repositories
//      (bench/python-corpus.js), copied from local mirrors into a temporary folder. On a machine
//      without the mirrors (CI) the rows say "not measured" and why, instead of failing;
//  (b) the language server's edit -> diagnostics latency on a generated 3,000-line Python file
//      (bench/python-large-file.js) against the time to parse that file, through the real protocol
//      (bench/lsp.js's editLatency);
//      and in one cell of a 200-cell notebook of the same code (bench/notebook-lsp.js);
//  (c) what the parser's WebAssembly adds to the .vsix.
// Timings are medians of several fresh-process runs (lint and parse-only interleaved, so that load
// from other work on the machine falls on both), with the CPU time of the same runs next to them.
// Usage: node bench/python.js [--runs 5] [--no-lsp] [--no-vsix] [--keep]   (build first: npx tsc -p .)
// bench/run.js prints the same rows in its table (pythonRows).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { copyCorpus, MIRRORS, REPOS } = require('./python-corpus');
const { largePythonFile } = require('./python-large-file');
const { editLatency, latencyRow, floorRow, percentile } = require('./lsp');
const { notebookLatency, notebookRow } = require('./notebook-lsp');
const { timed } = require('./timed');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'out', 'server', 'cli', 'cli.js');
const PARSE_ONLY = path.join(__dirname, 'python-parse-only.js');

const median = (values) => percentile(values, 50);
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const notMeasured = (what, target, why) => ({ what, measured: `not measured: ${why}`, target, ok: undefined });

/** (a) Lint time ÷ parse-only time on the real corpus. */
function realCorpusRows(work, { runs = 3 } = {}) {
  const what = 'Python, real projects: lint (1 thread) / parse-only';
  const dir = path.join(work, 'python-corpus');
  fs.mkdirSync(dir, { recursive: true });
  const { copied, missing } = copyCorpus(dir);
  if (copied.length === 0) {
    return [notMeasured(what, '≤ 1.3', `none of the ${REPOS.length} red-team repositories is mirrored under ${MIRRORS} (a machine without network or fetched mirrors; LOGIT_LINT_MIRRORS points elsewhere)`)];
  }
  const cpuFile = path.join(work, 'python-cpu.json');
  const lint = [];
  const parse = [];
  const floor = [];
  let lintOut = '';
  let parseOut = '';
  for (let i = 0; i < runs; i++) {
    const l = timed(CLI, ['--no-config', '--format', 'json', '--jobs', '1', dir], dir, cpuFile);
    const p = timed(PARSE_ONLY, [dir], dir, cpuFile);
    floor.push(timed(PARSE_ONLY, ['--trees', dir], dir, cpuFile));
    lint.push(l);
    parse.push(p);
    lintOut = l.stdout;
    parseOut = p.stdout.trim();
  }
  const m = (list, key) => median(list.map((r) => r[key]));
  const ratio = m(lint, 'wallMs') / m(parse, 'wallMs');
  const cpuRatio = m(lint, 'cpuMs') / m(parse, 'cpuMs');
  const findings = JSON.parse(lintOut).reduce((n, f) => n + f.messages.length, 0);
  const files = copied.reduce((n, c) => n + c.files, 0);
  const kb = copied.reduce((n, c) => n + c.bytes, 0) / 1024;
  return [
    {
      what: `Python corpus: ${copied.length} public PyTorch/Keras repositories (bench/PYTHON-REDTEAM.md)`,
      measured: `${files} .py files, ${(kb / 1024).toFixed(1)} MB; parse-only: ${parseOut}; ${findings} findings` +
        (missing.length ? `; not mirrored here: ${missing.join(', ')}` : ''),
      target: '',
      ok: undefined,
    },
    {
      what: `${what} (median of ${runs})`,
      measured: `${s(m(lint, 'wallMs'))} / ${s(m(parse, 'wallMs'))} = ${ratio.toFixed(2)} (CPU ${s(m(lint, 'cpuMs'))} / ${s(m(parse, 'cpuMs'))} = ${cpuRatio.toFixed(2)})`,
      target: '≤ 1.3',
      ok: ratio <= 1.3,
    },
    {
      // What no analysis of the trees can go under: parse-only plus building the syntax tree the
      // interpreter reads (bench/python-parse-only.js --trees), no interpretation, no rules.
      what: `Python, real projects: parse + syntax trees, no analysis / parse-only (median of ${runs})`,
      measured: `${s(m(floor, 'wallMs'))} / ${s(m(parse, 'wallMs'))} = ${(m(floor, 'wallMs') / m(parse, 'wallMs')).toFixed(2)} (CPU ${(m(floor, 'cpuMs') / m(parse, 'cpuMs')).toFixed(2)})`,
      target: '',
      ok: undefined,
    },
  ];
}

/** Where each edit rewrites a comment line: a blank line before a top-level statement, mid-file. */
function pythonEditableLine(text) {
  const lines = text.split('\n');
  let i = Math.floor(lines.length / 2);
  while (i < lines.length - 1 && !(lines[i] === '' && /^\S/.test(lines[i + 1]))) i++;
  lines.splice(i + 1, 0, '# bench edit 0');
  return { lines, line: i + 1, comment: (k) => `# bench edit ${k}` };
}

/** Median time (ms) of a full parse of `text`, the parser warm (as in the server's worker). */
function pythonParseMs(parser) {
  return (file, text) => {
    const times = [];
    for (let i = 0; i < 12; i++) {
      parser.forgetPython(file); // no incremental re-use: a whole parse each time
      const t = process.hrtime.bigint();
      parser.parsePython(file, text);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    parser.forgetPython(file);
    return median(times.slice(2));
  };
}

/** (b) The language server on one large Python file. */
async function serverPythonRows(work, { edits = 30, server } = {}) {
  const parser = require(path.join(ROOT, 'out', 'rules', 'engine', 'python', 'parser'));
  await parser.initPython();
  const dir = path.join(work, 'python-single');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'train_all.py'), largePythonFile(3000));
  const r = await editLatency({ root: dir, file: 'train_all.py', edits, server, language: 'python', editable: pythonEditableLine, parse: pythonParseMs(parser) });
  const label = `Python, one ${r.lines}-line file`;
  return [latencyRow(`${label} (${r.diagnostics} diagnostics)`, r, 1), floorRow(label, r)];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

/** (c) The .vsix with and without the parser's two .wasm files (production bundles first). */
function vsixRows(work) {
  const what = '.vsix growth from the Python parser';
  const run = (cmd, args) => spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const bundle = run(process.execPath, ['esbuild.js', '--production']);
  if (bundle.status !== 0) return [notMeasured(what, 'the wasm only', `node esbuild.js --production failed: ${(bundle.stderr || '').split('\n')[0]}`)];
  const wasm = ['tree-sitter.wasm', 'tree-sitter-python.wasm'].map((n) => path.join(ROOT, 'dist', n));
  const sizes = wasm.map((f) => (fs.existsSync(f) ? fs.statSync(f).size : 0));
  const rows = [{ what: 'Python parser in dist/: tree-sitter.wasm + tree-sitter-python.wasm', measured: `${kb(sizes[0])} + ${kb(sizes[1])} = ${kb(sizes[0] + sizes[1])}`, target: '', ok: undefined }];
  const vsce = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
  const pack = (out) => run(vsce, ['package', '--no-dependencies', '--skip-license', '--out', out]);
  const withWasm = path.join(work, 'with-wasm.vsix');
  const without = path.join(work, 'without-wasm.vsix');
  const first = pack(withWasm);
  if (first.status !== 0) return [...rows, notMeasured(what, 'the wasm only', `vsce package failed: ${(first.stderr || first.stdout || '').trim().split('\n')[0]}`)];
  // The same package without the two files: moved aside for the second packaging, always put back.
  const aside = wasm.map((f) => path.join(work, path.basename(f)));
  wasm.forEach((f, i) => fs.renameSync(f, aside[i]));
  let second;
  try {
    second = pack(without);
  } finally {
    aside.forEach((f, i) => fs.copyFileSync(f, wasm[i]));
  }
  if (second.status !== 0) return [...rows, notMeasured(what, 'the wasm only', `vsce package without the wasm failed: ${(second.stderr || '').split('\n')[0]}`)];
  const a = fs.statSync(withWasm).size;
  const b = fs.statSync(without).size;
  rows.push({
    what: `${what} (vsce package, production bundles)`,
    measured: `${kb(a)} with, ${kb(b)} without: +${kb(a - b)} (+${((100 * (a - b)) / b).toFixed(0)}%), the two .wasm files zipped`,
    target: 'the wasm only',
    ok: undefined,
  });
  return rows;
}

/** Every Python row, in the order of the issue. */
async function pythonRows(work, { runs = 3, lsp = true, vsix = true, server } = {}) {
  const rows = [...realCorpusRows(work, { runs })];
  if (lsp) rows.push(...(await serverPythonRows(work, { server })), notebookRow(await notebookLatency({ server })));
  if (vsix) rows.push(...vsixRows(work));
  return rows;
}

module.exports = { pythonRows, realCorpusRows, serverPythonRows, vsixRows, pythonEditableLine };

/** Replaces the Python part of bench/RESULTS.md (between its own markers). */
function writeResults(rows, load) {
  const table = ['| measure | result | target | |', '| --- | --- | --- | --- |', ...rows.map((r) => `| ${r.what} | ${r.measured} | ${r.target} | ${r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED'} |`)].join('\n');
  console.log(`\n${table}\n`);
  const cpus = os.cpus();
  const block = `<!-- python-measured -->\nMeasured by \`node bench/python.js\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus[0]?.model ?? 'unknown cpu'}, ` +
    `${cpus.length} cores, node ${process.version}; load average ${load[0]} before, ${load[1]} after.\n\n${table}\n<!-- /python-measured -->`;
  const file = path.join(__dirname, 'RESULTS.md');
  const old = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, old.includes('<!-- python-measured -->') ? old.replace(/<!-- python-measured -->[\s\S]*<!-- \/python-measured -->/, () => block) : `${old.trimEnd()}\n\n## Python\n\n${block}\n`);
  console.log('written to bench/RESULTS.md');
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 5;
  (async () => {
    if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p .');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bench-py-'));
    const before = os.loadavg()[0].toFixed(1);
    console.log(`load average ${before}`);
    try {
      const rows = await pythonRows(work, { runs, lsp: !argv.includes('--no-lsp'), vsix: !argv.includes('--no-vsix') });
      for (const r of rows) console.log(`  ${r.what}: ${r.measured}${r.target ? `  (target ${r.target}${r.ok === undefined ? '' : `: ${r.ok ? 'met' : 'MISSED'}`})` : ''}`);
      const partial = argv.some((a) => ['--no-lsp', '--no-vsix'].includes(a));
      if (!partial) writeResults(rows, [before, os.loadavg()[0].toFixed(1)]);
    } finally {
      if (argv.includes('--keep')) console.log(`kept in ${work}`);
      else fs.rmSync(work, { recursive: true, force: true });
    }
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
