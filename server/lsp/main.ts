// Entry of the language server as VS Code starts it (node IPC; or any transport flag that
// vscode-languageserver understands: --node-ipc, --stdio, --socket=N). The esbuild bundle
// dist/server.js is built from this file; the engine runs in analysis-worker.js beside it, loaded
// with a V8 code cache (in LOGIT_LINT_CACHE_DIR, which the VS Code client points at its storage).
import { basename } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { StartupTiming } from './startup-timing';
import { analysisWorkerFactory } from './worker-factory';

// In the bundle this code runs as dist/server.js; from tsc as out/server/lsp/main.js.
const timing = new StartupTiming();
timing.mark('loaded');
const bundled = basename(__filename) !== 'main.js';
startServer(createConnection(ProposedFeatures.all), analysisWorkerFactory(undefined, { compileCache: bundled, cacheDir: process.env.LOGIT_LINT_CACHE_DIR || undefined }), timing);
