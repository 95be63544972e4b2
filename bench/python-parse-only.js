#!/usr/bin/env node
// The baseline of the Python benchmark: only parsing the Python files the CLI would analyse, with the
// same parser in the same way (web-tree-sitter + tree-sitter-python, loaded once by initPython, each
// file parsed by parsePython), in a fresh process like the CLI's. The files are chosen by the engine's
// own pre-filter: found by the CLI's discovery, within the size limit, not binary or generated, and
// naming torch/keras/tensorflow or importing (transitively) a workspace file that does.
// With --trees, each file's syntax tree (the interpreter's view, syntax-tree.ts) is built too: the
// floor of any lint that reads the code at all (bench/python.js prints it as a third row).
// Usage: node bench/python-parse-only.js [--trees] <folder>   (build first: npx tsc -p .)
'use strict';
const fs = require('fs');
const path = require('path');

const out = path.join(__dirname, '..', 'out');
const { discoverFiles } = require(path.join(out, 'server', 'cli', 'files'));
const { initPython, parsePython, forgetPython, syntaxOf, setKeepTrees, releaseRunNodes } = require(path.join(out, 'rules', 'engine', 'python', 'parser'));
const { pythonFrontend } = require(path.join(out, 'rules', 'engine', 'python', 'frontend'));
const { looksBinary, looksGenerated } = require(path.join(out, 'rules', 'engine', 'core', 'text-checks'));

const MAX_BYTES = 2 * 1024 * 1024; // the CLI's default --max-file-size

/** The Python files of `dir` the engine would parse (lint.ts's pre-filter, read the same way). */
function filesToParse(dir) {
  const files = discoverFiles([dir], dir).files.filter((f) => pythonFrontend.handles(f));
  const texts = new Map();
  const read = (file) => {
    if (!texts.has(file)) {
      let t;
      try {
        t = fs.readFileSync(file, 'utf8');
      } catch {
        t = undefined;
      }
      texts.set(file, t);
    }
    return texts.get(file);
  };
  const exists = (file) => read(file) !== undefined;
  const relevance = new Map();
  const relevant = (file) => {
    if (relevance.has(file)) return relevance.get(file);
    relevance.set(file, false); // import cycles
    const text = read(file) ?? '';
    const yes = pythonFrontend.mentions(text, {}) || pythonFrontend.imports(file, text, exists).some(relevant);
    relevance.set(file, yes);
    return yes;
  };
  return files
    .filter((f) => {
      const t = read(f);
      return t !== undefined && t.length <= MAX_BYTES && !looksBinary(t) && relevant(f) && !looksGenerated(t);
    })
    .map((file) => ({ file, text: texts.get(file) }));
}

async function main() {
  const args = process.argv.slice(2);
  const trees = args.includes('--trees');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) || '.');
  const files = filesToParse(dir);
  await initPython();
  setKeepTrees(!trees); // as the CLI: a wasm tree is freed once its syntax tree is built
  let nodes = 0;
  let bytes = 0;
  for (const { file, text } of files) {
    const parsed = parsePython(file, text);
    nodes += trees ? syntaxOf(parsed).namedChildCount : parsed.tree.rootNode.namedChildCount;
    bytes += text.length;
    forgetPython(file); // the engine keeps one tree per file too; freeing it here keeps memory flat
  }
  if (trees) releaseRunNodes();
  console.log(`${files.length} Python files parsed (${(bytes / 1024).toFixed(0)} K characters, ${nodes} top-level statements)`);
}

module.exports = { filesToParse };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
