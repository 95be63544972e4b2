// Entry of the language server as VS Code starts it (node IPC; or any transport flag that
// vscode-languageserver understands: --node-ipc, --stdio, --socket=N). The esbuild bundle
// dist/server.js is built from this file; the engine runs in analysis-worker.js beside it, loaded
// with a V8 code cache (in LOGIT_LINT_CACHE_DIR, which the VS Code client points next to the bundle).
// early-worker comes first: its worker starts before the modules below are even loaded.
import { createWorker, timing } from './early-worker';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

timing.mark('loaded');
startServer(createConnection(ProposedFeatures.all), createWorker, timing);
