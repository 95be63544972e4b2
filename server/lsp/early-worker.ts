// Imported first by main.ts, so that it runs before the protocol's modules load: the analysis worker,
// whose engine bundle is the longest part of a first answer, starts loading now, on another core,
// while this thread loads the rest of the server and VS Code handshakes.
import { basename } from 'node:path';
import { StartupTiming } from './startup-timing';
import { analysisWorkerFactory, startedAhead } from './worker-factory';

export const timing = new StartupTiming();

// In the bundle this code runs as dist/server.js; from tsc as out/server/lsp/early-worker.js.
const bundled = basename(__filename) !== 'early-worker.js';
export const createWorker = startedAhead(analysisWorkerFactory(undefined, { compileCache: bundled, cacheDir: process.env.LOGIT_LINT_CACHE_DIR || undefined }));
timing.mark('worker started');
