// Entry of the analysis worker thread (out/server/lsp/analysis-worker.js, bundled as
// dist/analysis-worker.js). The engine is synchronous; running it here keeps the language server's
// connection responsive (hovers, code actions, cancellations) while a large project is analysed, and
// keeps the engine (and TypeScript, which it parses with) out of the main thread altogether.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { lintProject, ruleMetas, type LintResult } from '../../rules';
import type { Analysis, AnalysisJob, AnalysisReply, WorkerReady } from './analysis-types';
import { attachRanges } from './attach-ranges';
import { applyProjectConfig } from './project-config';
import { CachedSourceHost } from './source-host';
import { isAnalysisWorker } from './worker-factory';

export function analyse(job: AnalysisJob, host: CachedSourceHost): Analysis {
  const t0 = performance.now();
  host.beginRun(job.overlay);
  if (job.configDir === undefined) {
    const result = lintProject(job.paths, job.options, host);
    return attachRanges(result, (file) => host.readFile(file), performance.now() - t0);
  }
  const applied = applyProjectConfig(job.configDir, job.paths, job.overlay);
  // A broken configuration lints nothing: stale or wrongly configured diagnostics would mislead.
  const result: LintResult = applied.info.error
    ? { findings: [], problems: [], files: [], unusedDirectives: [] }
    : lintProject(applied.paths, { ...job.options, ...applied.options }, host);
  return { ...attachRanges(result, (file) => host.readFile(file), performance.now() - t0), config: applied.info, ignored: applied.ignored };
}

export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runAnalysisWorker must run inside a worker thread');
  // One host for the worker's life: its disk cache is what makes repeated analyses cheap.
  const host = new CachedSourceHost();
  port.postMessage({ kind: 'ready', ruleMetas } satisfies WorkerReady);
  port.on('message', (job: AnalysisJob) => {
    let reply: AnalysisReply;
    try {
      reply = { id: job.id, ok: true, analysis: analyse(job, host) };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply = { id: job.id, ok: false, error: err.message, stack: err.stack };
    }
    port.postMessage(reply);
  });
}

if (isAnalysisWorker()) runAnalysisWorker();
