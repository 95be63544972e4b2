#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof) the way the benchmark notes report them: self time by
// area (the file a function lives in, folded into a few named areas: the Python frontend, the parser's
// WebAssembly, TypeScript, the CLI, GC...) and the functions with the most self time and total time.
// Usage: node bench/profile-summary.js <file.cpuprofile> [--top 25]
'use strict';
const fs = require('fs');
const path = require('path');

/** The area a call frame's self time is charged to. */
function areaOf(frame) {
  const url = frame.url || '';
  const name = frame.functionName || '';
  if (!url) {
    if (name === '(garbage collector)') return 'GC';
    if (name === '(program)' || name === '(idle)') return `V8 ${name}`;
    if (/^wasm-function|^\$/.test(name) || frame.codeType === 'wasm') return 'parser (WebAssembly)';
    return `native ${name || '(anonymous)'}`;
  }
  if (/\.wasm/.test(url) || url.startsWith('wasm://')) return 'parser (WebAssembly)';
  if (url.includes('web-tree-sitter')) return 'web-tree-sitter JS (tree/node API)';
  if (url.includes('node_modules/typescript')) return 'TypeScript (loading/JS frontend)';
  const m = /out\/(rules\/engine\/[a-z]+|rules|server\/[a-z]+)\//.exec(url);
  if (m) return `logit-lint ${m[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return path.basename(url);
}

function summarise(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  // Sample i took timeDeltas[i + 1]; the usual convention, close enough over thousands of samples.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const total = [...dt.values()].reduce((a, b) => a + b, 0);
  const areas = new Map();
  const selfByFn = new Map();
  for (const [id, ms] of dt) {
    const f = byId.get(id).callFrame;
    const area = areaOf(f);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url || '')}:${f.lineNumber + 1}`;
    selfByFn.set(key, (selfByFn.get(key) ?? 0) + ms);
  }
  // Total (inclusive) time per function: each sample charged once to every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, ms] of dt) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url || '')}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, areas: sorted(areas), self: sorted(selfByFn).slice(0, top), inclusive: sorted(inclusive).slice(0, top) };
}

module.exports = { summarise, areaOf };

if (require.main === module) {
  const file = process.argv[2];
  const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 25;
  const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')), top);
  const pct = (ms) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / s.total).toFixed(1).padStart(5)}%`;
  console.log(`${s.total.toFixed(0)} ms of samples\n\nself time by area:`);
  for (const [k, v] of s.areas) if (v / s.total >= 0.002) console.log(`${pct(v)}  ${k}`);
  console.log('\nself time by function:');
  for (const [k, v] of s.self) console.log(`${pct(v)}  ${k}`);
  console.log('\ntotal time by function:');
  for (const [k, v] of s.inclusive) console.log(`${pct(v)}  ${k}`);
}
