// Bundles the extension for the .vsix: dist/extension.js (the VS Code client), dist/server.js (the
// language server's main thread: protocol, no engine) and dist/analysis-worker.js (its worker thread:
// the engine with TypeScript).
//   node esbuild.js               development bundles with source maps
//   node esbuild.js --production  minified, no source maps (what `npm run package` ships)
//   node esbuild.js --watch       rebuild on change
const esbuild = require('esbuild');
const path = require('node:path');

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

const builds = [
  { ...common, entryPoints: [path.join('client', 'extension.ts')], outfile: path.join('dist', 'extension.js'), external: ['vscode'] },
  { ...common, entryPoints: [path.join('server', 'lsp', 'main.ts')], outfile: path.join('dist', 'server.js') },
  { ...common, entryPoints: [path.join('server', 'lsp', 'analysis-worker.ts')], outfile: path.join('dist', 'analysis-worker.js') },
];

async function main() {
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('esbuild: watching client/, server/ and rules/');
    return;
  }
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: dist/extension.js, server.js, analysis-worker.js (${production ? 'production' : 'development'}) in ${Date.now() - t0} ms`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
