#!/usr/bin/env node
// The baseline of the benchmark: the cost of only parsing the files the CLI would lint, with the
// same TypeScript and the same settings as the engine (ts.createSourceFile, parent pointers, the
// engine's script kinds; the <script> blocks of .html/.vue/.svelte), in a fresh process like the
// CLI's. Usage: node bench/parse-only.js <folder>   (build first: npx tsc -p .)
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const out = path.join(__dirname, '..', 'out');
const { discoverFiles } = require(path.join(out, 'server', 'cli', 'files'));
const { extractScripts, COMPONENT_EXTENSIONS } = require(path.join(out, 'rules', 'engine', 'js', 'sources'));

const KINDS = { '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX };

const dir = path.resolve(process.argv[2] || '.');
const files = discoverFiles([dir], dir).files;
let nodes = 0;
for (const file of files) {
  const ext = path.extname(file).toLowerCase();
  let text = fs.readFileSync(file, 'utf8');
  let kind = KINDS[ext] ?? ts.ScriptKind.JSX;
  if (COMPONENT_EXTENSIONS.includes(ext)) {
    const scripts = extractScripts(text);
    text = scripts.code;
    kind = scripts.ts ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  }
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  nodes += sf.statements.length;
}
console.log(`${files.length} files parsed (${nodes} top-level statements)`);
