// Starting the analysis worker: analysis-worker.js, next to the server's own script in both layouts
// (out/server/lsp/ from tsc, dist/ from esbuild). The bundle is loaded with a V8 code cache
// (compile-cache.ts); the tsc layout is many small files, where a cache of the entry alone saves nothing.
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import type { AnalysisWorker } from './analysis-scheduler';
import { CACHED_LOADER, compileCachePath } from './compile-cache';

const ROLE = 'logit-lint-analysis';

export function isAnalysisWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

export const WORKER_SCRIPT = 'analysis-worker.js';

export interface WorkerFactoryOptions {
  /** Load the entry through the V8 code cache (for the single-file bundle). */
  compileCache?: boolean;
  /** The cache's folder (default: the system's temporary folder; the VS Code client passes its storage). */
  cacheDir?: string;
}

/**
 * V8 flags for the worker, set before it starts (an isolate reads them when it is made; set later,
 * they would also change the flags a code cache is checked against). `--expose-gc`: the worker
 * collects its young generation between jobs, when the last job's objects are garbage and the
 * collection copies almost nothing (analysis-worker.ts). A young generation of 16 MB from the start
 * (V8 starts at 1 MB and grows it only as objects survive) holds what an edit of a 3,000-line file
 * allocates (about 10 MB): the job then runs with no collection at all, where each one, falling in the
 * middle of an analysis, copied everything the analysis had built so far (10-20 ms each).
 */
export const WORKER_V8_FLAGS = ['--expose-gc', '--min-semi-space-size=16'];

export function analysisWorkerFactory(entryFile = path.join(__dirname, WORKER_SCRIPT), options: WorkerFactoryOptions = {}): () => AnalysisWorker {
  for (const flag of WORKER_V8_FLAGS) v8.setFlagsFromString(flag);
  const cacheFile = options.compileCache ? compileCachePath(entryFile, options.cacheDir) : undefined;
  return () => {
    // A worker that runs out of memory dies alone (the scheduler reports it); the server lives on.
    // Its stdout is captured: in --stdio mode the process's stdout carries the protocol, and anything
    // the engine prints must not land there.
    const common = { resourceLimits: { maxOldGenerationSizeMb: 2048 }, stdout: true };
    const worker = cacheFile
      ? new Worker(CACHED_LOADER, { ...common, eval: true, workerData: { role: ROLE, script: entryFile, compileCache: cacheFile } })
      : new Worker(entryFile, { ...common, workerData: { role: ROLE } });
    worker.stdout.pipe(process.stderr);
    return worker;
  };
}

/**
 * Starts one worker now and hands it out first (then new ones): the server's entry calls this before
 * it loads the protocol, and the scheduler takes the worker when it starts. Its messages wait for the
 * scheduler's listener: both happen in the entry's first synchronous run.
 */
export function startedAhead(factory: () => AnalysisWorker): () => AnalysisWorker {
  let ahead: AnalysisWorker | undefined = factory();
  return () => {
    const worker = ahead ?? factory();
    ahead = undefined;
    return worker;
  };
}
