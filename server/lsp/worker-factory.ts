// Starting the analysis worker: analysis-worker.js, next to the server's own script in both layouts
// (out/server/lsp/ from tsc, dist/ from esbuild).
import * as path from 'node:path';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import type { AnalysisWorker } from './analysis-scheduler';

const ROLE = 'logit-lint-analysis';

export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export const WORKER_SCRIPT = 'analysis-worker.js';

export function analysisWorkerFactory(entryFile = path.join(__dirname, WORKER_SCRIPT)): () => AnalysisWorker {
  return () => {
    // A worker that runs out of memory dies alone (the scheduler reports it); the server lives on.
    // Its stdout is captured: in --stdio mode the process's stdout carries the protocol, and anything
    // the engine prints must not land there.
    const worker = new Worker(entryFile, {
      workerData: { role: ROLE },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
      stdout: true,
    });
    worker.stdout.pipe(process.stderr);
    return worker;
  };
}
