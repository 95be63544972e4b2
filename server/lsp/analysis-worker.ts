// Entry of the analysis worker thread (out/server/lsp/analysis-worker.js, bundled as
// dist/analysis-worker.js). The engine is synchronous; running it here keeps the language server's
// connection responsive (hovers, code actions, cancellations) while a large project is analysed, and
// keeps the engine (and TypeScript, which it parses with) out of the main thread altogether.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { initPython, preloadJsFrontend, ruleMetas, setProgramCells, type LintOptions } from '../../rules';
import type { Analysis, AnalysisJob, AnalysisReply, WorkerReady } from './analysis-types';
import { saveCompileCacheWhenIdle } from './compile-cache';
import { DiskCache } from './disk-cache';
import { IncrementalProject, type ProjectResult } from './incremental-project';
import { applyProjectConfig } from './project-config';
import { isAnalysisWorker } from './worker-factory';

/** Projects whose analysis is kept between jobs (the least recently used goes first). */
const KEPT_PROJECTS = 4;

/** The worker's state between jobs: the disk cache and each project's incremental analysis. */
export class AnalysisSession {
  private readonly disk = new DiskCache();
  private readonly projects = new Map<string, { optionsKey: string; project: IncrementalProject }>();
  /** Each project's paths as last sent: a job whose paths did not change leaves them out. */
  private readonly pathsOf = new Map<string, string[]>();

  analyse(job: AnalysisJob): Analysis {
    const t0 = performance.now();
    const overlay = new Map(Object.entries(job.overlay));
    for (const [file, starts] of Object.entries(job.cells ?? {})) setProgramCells(file, starts);
    const key = job.configDir ?? '';
    const all = job.paths ?? this.pathsOf.get(key);
    if (!all) throw new Error(`internal error: no paths known for ${job.configDir ?? 'the job'}`);
    if (job.paths) this.pathsOf.set(key, job.paths);
    if (job.configDir === undefined) return this.lint(key, job, all, job.options, overlay, t0);
    const applied = applyProjectConfig(job.configDir, all, job.overlay);
    const extra = { config: applied.info, ignored: applied.ignored.filter((f) => overlay.has(f)) };
    // A broken configuration lints nothing: stale or wrongly configured diagnostics would mislead.
    if (applied.info.error) return { findings: [], problems: [], fileCount: 0, durationMs: performance.now() - t0, ...extra };
    return { ...this.lint(key, job, applied.paths, { ...job.options, ...applied.options }, overlay, t0), ...extra };
  }

  private lint(key: string, job: AnalysisJob, paths: string[], options: LintOptions, overlay: Map<string, string>, t0: number): Analysis {
    let r: ProjectResult;
    try {
      r = this.projectFor(key, options).run(paths, overlay, job.disk, job.openFirst ? new Set(overlay.keys()) : undefined);
    } catch (e) {
      this.projects.delete(key); // a run that failed half way leaves no state to trust
      throw e;
    }
    const findings = job.allFindings ? r.findings : r.findings.filter((f) => overlay.has(f.location.file));
    return { findings, problems: r.problems, fileCount: r.files.length, durationMs: performance.now() - t0, stats: r.stats, ...(r.partial ? { partial: true } : {}) };
  }

  /** The project's kept analysis; other engine options (tfModules, maxFileSize) start it afresh. */
  private projectFor(key: string, options: LintOptions): IncrementalProject {
    const optionsKey = JSON.stringify(options);
    let entry = this.projects.get(key);
    this.projects.delete(key);
    if (!entry || entry.optionsKey !== optionsKey) entry = { optionsKey, project: new IncrementalProject(options, this.disk) };
    this.projects.set(key, entry);
    while (this.projects.size > KEPT_PROJECTS) this.projects.delete(this.projects.keys().next().value as string);
    return entry.project;
  }
}

export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runAnalysisWorker must run inside a worker thread');
  // One session for the worker's life: its kept results are what make repeated analyses cheap.
  const session = new AnalysisSession();
  // Python's parser loads asynchronously (WebAssembly, tens of ms) while the server starts; jobs
  // wait for it in order. A load that fails leaves Python files with a problem, JS unaffected.
  let ready: Promise<unknown> = initPython().catch(() => undefined);
  const codeCache = !!(globalThis as { __logitLintCompileCache?: { used: boolean } }).__logitLintCompileCache?.used;
  port.postMessage({ kind: 'ready', ruleMetas, startup: { loadMs: performance.now(), codeCache } } satisfies WorkerReady);
  // TypeScript's own start-up (about 0.25 s) runs now, while the client is still handshaking, not
  // after the first request: the first file opened is as often JS as Python.
  preloadJsFrontend();
  const collect = youngCollection();
  let queued = 0;
  let idle: ReturnType<typeof setTimeout> | undefined;
  port.on('message', (job: AnalysisJob) => {
    queued++;
    clearTimeout(idle);
    ready = ready.then(() => {
      let reply: AnalysisReply;
      try {
        reply = { id: job.id, ok: true, analysis: session.analyse(job) };
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        reply = { id: job.id, ok: false, error: err.message, stack: err.stack };
      }
      port.postMessage(reply);
      // With no job waiting, the job's objects are garbage now: collected once the worker has been
      // idle a moment (the client reading the reply), instead of copied by a collection inside the
      // next job. Not at once: an edit typed right after the reply would wait for the collection.
      if (--queued === 0 && collect) idle = setTimeout(collect, IDLE_BEFORE_COLLECTION_MS);
      saveCompileCacheWhenIdle();
    });
  });
}

/** How long the worker waits with no job before it collects (ms): less than a pause in typing,
 *  more than the round trip from a reply to the next edit's job. */
const IDLE_BEFORE_COLLECTION_MS = 30;

/** Old-generation growth (bytes) after which the collection between jobs is a full one. */
const MAJOR_AFTER_GROWTH = 16 * 1024 * 1024;

/** A collection between jobs, where the worker was started with --expose-gc (worker-factory.ts's
 *  WORKER_V8_FLAGS); undefined elsewhere (a test running the session in-process). Usually of the
 *  young generation only; once what each job leaves behind has grown the heap by 16 MB, a full one:
 *  run here, with the last job's objects already dead, it marks less than one V8 starts in a job. */
function youngCollection(): (() => void) | undefined {
  const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;
  if (!gc) return undefined;
  let afterMajor = getHeapStatistics().used_heap_size;
  return () => {
    gc({ type: 'minor' });
    const used = getHeapStatistics().used_heap_size;
    if (used - afterMajor < MAJOR_AFTER_GROWTH) return;
    gc({ type: 'major' });
    afterMajor = getHeapStatistics().used_heap_size;
  };
}

if (isAnalysisWorker()) runAnalysisWorker();
