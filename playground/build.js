#!/usr/bin/env node
// Builds the playground into playground/dist/: a static page (index.html, style.css, main.js), the
// engine's Web Worker (lint-worker.js: rules/index.ts bundled for the browser, the same sources the CLI
// runs) and the numeric check's Web Worker (check-worker.js: server/check/ with @tensorflow/tfjs, loaded
// only when a check is asked for). Every file also gets .gz and .br copies for servers that send them.
//   node playground/build.js               minified, compressed copies
//   node playground/build.js --dev         with source maps, not minified, no compressed copies
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { collectExamples } = require('./examples');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..');
const DIST = path.join(HERE, 'dist');
const dev = process.argv.includes('--dev');

// The engine and the check are Node code that reaches `fs` (rules/index.ts's diskHost, never called
// here) and `path`. In the browser: `fs` is an empty module, `path` is path-browserify.
const nodeShims = {
  name: 'node-shims',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(fs|fs\/promises|os|crypto|child_process|worker_threads|perf_hooks|inspector|module|url)$/ }, () => ({ path: 'empty', namespace: 'shim' }));
    build.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: require.resolve('path-browserify') }));
    build.onLoad({ filter: /.*/, namespace: 'shim' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// The check picks its tfjs in server/check/backend.ts (tfjs-node or pure-JS CPU in Node). The browser
// build swaps that one module for check-backend.ts (WebGL, else CPU); the training code is untouched.
const browserBackend = {
  name: 'browser-backend',
  setup(build) {
    build.onResolve({ filter: /^\.\/backend$/ }, (args) =>
      path.dirname(args.importer) === path.join(REPO, 'server', 'check') ? { path: path.join(HERE, 'src', 'check-backend.ts') } : undefined);
  },
};

// The examples, read from the fixtures now, become a module of the page.
const examplesModule = {
  name: 'examples',
  setup(build) {
    build.onResolve({ filter: /^virtual:examples$/ }, () => ({ path: 'examples', namespace: 'examples' }));
    build.onLoad({ filter: /.*/, namespace: 'examples' }, () => ({ contents: JSON.stringify(collectExamples()), loader: 'json' }));
  },
};

const common = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: !dev,
  sourcemap: dev,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: REPO,
  // TypeScript and tfjs test `process` to detect Node; in a browser there is none.
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
};

async function build() {
  const t0 = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.mkdirSync(DIST, { recursive: true });
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(HERE, 'src', 'main.ts')], outfile: path.join(DIST, 'main.js'), plugins: [examplesModule, nodeShims] }),
    esbuild.build({ ...common, entryPoints: [path.join(HERE, 'src', 'lint-worker.ts')], outfile: path.join(DIST, 'lint-worker.js'), plugins: [nodeShims] }),
    esbuild.build({ ...common, entryPoints: [path.join(HERE, 'src', 'check-worker.ts')], outfile: path.join(DIST, 'check-worker.js'), plugins: [nodeShims, browserBackend] }),
  ]);
  for (const file of ['index.html', 'style.css']) fs.copyFileSync(path.join(HERE, 'src', file), path.join(DIST, file));
  // The Python parser's WebAssembly, fetched by the engine's worker on the first Python file.
  for (const wasm of [require.resolve('web-tree-sitter/tree-sitter.wasm'), require.resolve('tree-sitter-python/tree-sitter-python.wasm')]) fs.copyFileSync(wasm, path.join(DIST, path.basename(wasm)));
  const sizes = [];
  for (const name of fs.readdirSync(DIST).filter((n) => !n.endsWith('.map'))) {
    const data = fs.readFileSync(path.join(DIST, name));
    if (dev) {
      sizes.push(`${name} ${kb(data.length)}`);
      continue;
    }
    const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    fs.writeFileSync(path.join(DIST, `${name}.br`), br);
    fs.writeFileSync(path.join(DIST, `${name}.gz`), zlib.gzipSync(data, { level: 9 }));
    sizes.push(`${name} ${kb(data.length)} (${kb(br.length)} br)`);
  }
  for (const r of results) for (const w of r.warnings) console.warn(w.text);
  console.log(`playground: ${path.relative(REPO, DIST)}/ in ${Date.now() - t0} ms: ${sizes.join(', ')}`);
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

build().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
