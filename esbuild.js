// Bundles the extension for the .vsix: dist/extension.js (the VS Code client), dist/server.js (the
// language server's main thread: protocol, no engine), dist/analysis-worker.js (its worker thread:
// the engine with TypeScript) and dist/check-worker.js (the numeric check's child process, with
// @tensorflow/tfjs bundled; the optional native @tensorflow/tfjs-node is used when it can be loaded).
//   node esbuild.js               development bundles with source maps
//   node esbuild.js --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.js --watch       rebuild on change
const esbuild = require('esbuild');
const path = require('node:path');
const fs = require('node:fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // VS Code 1.82 runs extensions (and, through ELECTRON_RUN_AS_NODE, their servers) on Node 18.
  target: 'node18',
  minify: production,
  keepNames: true,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  absWorkingDir: __dirname,
};

// Never bundled: tfjs-node is native (and optional); node-fetch is only required by tfjs's http model
// loading, which the check never uses.
const TFJS_NODE = ['@tensorflow/tfjs-node'];

// The server's main thread only forks the check worker (run.ts validates a request with input.ts, which
// has no tfjs import). An import that reaches tfjs again would add megabytes and seconds of start-up,
// so it fails the build instead of being bundled or hidden behind `external`.
const noTfjs = {
  name: 'no-tfjs',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\// }, (args) => ({
      errors: [{ text: `${args.path} imported from ${path.relative(__dirname, args.importer)}: dist/server.js must not load tfjs (the numeric check runs in dist/check-worker.js)` }],
    }));
  },
};
// The Python parser's WebAssembly (web-tree-sitter's runtime and tree-sitter-python's grammar) ships
// next to the bundles; the analysis worker finds it through its own folder.
const WASM = [require.resolve('web-tree-sitter/tree-sitter.wasm'), require.resolve('tree-sitter-python/tree-sitter-python.wasm')];
const wasmBesideBundle = { 'process.env.LOGIT_LINT_WASM_DIR': '__dirname' };

const builds = [
  { ...common, entryPoints: [path.join('client', 'extension.ts')], outfile: path.join('dist', 'extension.js'), external: ['vscode'] },
  { ...common, entryPoints: [path.join('server', 'lsp', 'main.ts')], outfile: path.join('dist', 'server.js'), plugins: [noTfjs] },
  { ...common, entryPoints: [path.join('server', 'lsp', 'analysis-worker.ts')], outfile: path.join('dist', 'analysis-worker.js'), define: wasmBesideBundle, logOverride: { 'require-resolve-not-external': 'silent' } },
  { ...common, entryPoints: [path.join('server', 'check', 'worker.ts')], outfile: path.join('dist', 'check-worker.js'), external: [...TFJS_NODE, 'node-fetch'] },
];

async function main() {
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('esbuild: watching client/, server/ and rules/');
    return;
  }
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const w of WASM) fs.copyFileSync(w, path.join('dist', path.basename(w)));
  console.log(`esbuild: dist/extension.js, server.js, analysis-worker.js, check-worker.js, the Python parser's .wasm (${production ? 'production' : 'development'}) in ${Date.now() - t0} ms`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
