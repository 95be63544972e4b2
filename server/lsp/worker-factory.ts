// The analysis worker runs the same script file as the server (out/server/lsp/main.js, or the single
// bundle dist/server.js), told apart by workerData, so the bundle needs no second entry point.
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import type { AnalysisWorker } from './analysis-scheduler';

const ROLE = 'logit-lint-analysis';

export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export function analysisWorkerFactory(entryFile: string): () => AnalysisWorker {
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
