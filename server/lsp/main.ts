// Entry of the language server as VS Code starts it (node IPC; any transport flag that
// vscode-languageserver understands: --node-ipc, --stdio, --socket=N) and of its analysis worker.
// The esbuild bundle dist/server.js is built from this file.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runAnalysisWorker } from './analysis-worker';
import { startServer } from './server';
import { analysisWorkerFactory, isAnalysisWorker } from './worker-factory';

if (isAnalysisWorker()) {
  runAnalysisWorker();
} else {
  startServer(createConnection(ProposedFeatures.all), analysisWorkerFactory(__filename));
}
