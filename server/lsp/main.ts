// Entry of the language server as VS Code starts it (node IPC; or any transport flag that
// vscode-languageserver understands: --node-ipc, --stdio, --socket=N). The esbuild bundle
// dist/server.js is built from this file; the engine runs in analysis-worker.js beside it.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { analysisWorkerFactory } from './worker-factory';

startServer(createConnection(ProposedFeatures.all), analysisWorkerFactory());
