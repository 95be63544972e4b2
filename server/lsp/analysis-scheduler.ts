// Runs analyses on one worker thread, one at a time, newest state first:
// - a result is cached per project with the generation (document versions + disk epoch) it saw, so
//   pulls for the other open files of the same project cost nothing;
// - a queued run of a project is replaced by a newer one (typing faster than the analysis never
//   builds a backlog), and its waiters get the newer result;
// - a waiting request can be cancelled without disturbing the run that others may still need;
// - a run that hangs is stopped by terminating the worker, which is recreated for the next run;
// - a project's first run for an open document lints only the open documents' components (the first
//   squiggle waits for nothing else), and the whole project follows in the background.
import type { CancellationToken } from 'vscode-languageserver';
import type { RuleMeta } from '../../rules';
import type { Analysis, AnalysisJob, AnalysisReply, WorkerMessage, WorkerReady } from './analysis-types';
import type { DiskState } from './disk-changes';

/** The part of node:worker_threads' Worker used here (tests pass a fake). */
export interface AnalysisWorker {
  postMessage(job: AnalysisJob): void;
  on(event: 'message', listener: (message: WorkerMessage) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

export interface ProjectJob {
  paths: string[];
  overlay: Record<string, string>;
  /** AnalysisJob.cells. */
  cells?: Record<string, number[]>;
  /** Versions of the open documents whose text is in `overlay` (for version-guarded edits). */
  versions: Record<string, number>;
  /** The project folder whose configuration applies (AnalysisJob.configDir). */
  configDir?: string;
  /** AnalysisJob.disk. */
  disk?: DiskState;
  /** AnalysisJob.allFindings. */
  allFindings?: boolean;
}

export interface ProjectAnalysis {
  analysis: Analysis;
  versions: Record<string, number>;
  generation: string;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface SchedulerEvents {
  /** A worker has loaded the engine; these are its rules. */
  ready?(ruleMetas: RuleMeta[], startup?: WorkerReady['startup']): void;
  started(project: string, job: ProjectJob): void;
  /** `wallMs`: from posting the job to the reply, including loading a fresh worker. */
  finished(project: string, result: ProjectAnalysis, wallMs: number): void;
  failed(project: string, error: Error): void;
}

interface Entry {
  project: string;
  generation: string;
  job: ProjectJob;
  promise: Promise<ProjectAnalysis>;
  resolve(result: ProjectAnalysis): void;
  reject(error: Error): void;
  started: boolean;
  /** Workspace diagnostics: runs after every queued request for an open document. */
  background: boolean;
  /** Posted with openFirst: its result may be partial. */
  openFirst?: boolean;
}

const MAX_CACHED_PROJECTS = 8;

export class AnalysisScheduler {
  private readonly cache = new Map<string, ProjectAnalysis>();
  private readonly latest = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private running: { entry: Entry; id: number; timer: NodeJS.Timeout; postedAt: number } | undefined;
  private worker: AnalysisWorker | undefined;
  /** Paths last posted to the current worker, by project folder: the worker keeps them, so the same
   *  list (the same array: server.ts keeps one per listing) is not cloned across again. */
  private readonly postedPaths = new Map<string, readonly string[]>();
  private nextId = 1;

  constructor(
    private readonly createWorker: () => AnalysisWorker,
    private readonly events: SchedulerEvents,
    private readonly timeoutMs = 60_000,
  ) {}

  /** The last finished analysis of a project, whatever its generation. */
  last(project: string): ProjectAnalysis | undefined {
    return this.cache.get(project);
  }

  /** `background`: for workspace diagnostics; an open document's request is served first (the first squiggle must not wait for the rest of the workspace). */
  analyze(project: string, generation: string, makeJob: () => ProjectJob, token?: CancellationToken, background = false): Promise<ProjectAnalysis> {
    const hit = this.cache.get(project);
    // A partial result serves the open documents; workspace diagnostics wait for the whole project.
    if (hit && hit.generation === generation && !(background && hit.analysis.partial)) return Promise.resolve(hit);
    let entry = this.latest.get(project);
    if (!entry || entry.generation !== generation || (background && entry.openFirst)) entry = this.enqueue(project, generation, makeJob(), background);
    else if (!background && entry.background && !entry.started) {
      entry.background = false;
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.insert(entry);
    }
    return waitFor(entry.promise, token);
  }

  /** Queues `entry` at the end, or, for an open document's request, before the background ones. */
  private insert(entry: Entry): void {
    const firstBackground = entry.background ? -1 : this.queue.findIndex((e) => e.background);
    if (firstBackground < 0) this.queue.push(entry);
    else this.queue.splice(firstBackground, 0, entry);
  }

  /** Starts the worker ahead of the first request: loading the engine is the slow part of a first run. */
  warmUp(): void {
    try {
      this.ensureWorker();
    } catch {
      // the first analysis will report it
    }
  }

  /** Drops cached results (settings or disk changed); running work still finishes. */
  clear(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.queue.length = 0;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private enqueue(project: string, generation: string, job: ProjectJob, background: boolean): Entry {
    let resolve!: (r: ProjectAnalysis) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<ProjectAnalysis>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // waiters may all have been cancelled: never an unhandled rejection
    const previous = this.latest.get(project);
    const entry: Entry = { project, generation, job, promise, resolve, reject, started: false, background: background && (!previous || previous.background) };
    if (previous && !previous.started) {
      this.queue.splice(this.queue.indexOf(previous), 1);
      promise.then(previous.resolve, previous.reject);
    }
    this.latest.set(project, entry);
    this.insert(entry);
    this.pump();
    return entry;
  }

  private pump(): void {
    if (this.running) return;
    const entry = this.queue.shift();
    if (!entry) return;
    entry.started = true;
    const id = this.nextId++;
    const timer = setTimeout(() => this.abandon(new Error(`analysis took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped`)), this.timeoutMs);
    this.running = { entry, id, timer, postedAt: Date.now() };
    this.events.started(entry.project, entry.job);
    try {
      const { job } = entry;
      const worker = this.ensureWorker();
      const known = job.configDir !== undefined && this.postedPaths.get(job.configDir) === job.paths;
      entry.openFirst = !entry.background && !this.cache.has(entry.project);
      worker.postMessage({ openFirst: entry.openFirst, id, paths: known ? undefined : job.paths, overlay: job.overlay, cells: job.cells, options: {}, configDir: job.configDir, disk: job.disk, allFindings: job.allFindings });
      if (job.configDir !== undefined) this.postedPaths.set(job.configDir, job.paths);
    } catch (e) {
      this.abandon(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private ensureWorker(): AnalysisWorker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    this.postedPaths.clear();
    worker.on('message', (message) => {
      if (worker !== this.worker) return;
      if ('kind' in message) this.events.ready?.(message.ruleMetas, message.startup);
      else this.onReply(message);
    });
    worker.on('error', (err) => {
      if (worker === this.worker) this.abandon(new Error(`analysis worker crashed: ${err.message}`));
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.abandon(new Error(`analysis worker exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: AnalysisReply): void {
    const run = this.running;
    if (!run || run.id !== reply.id) return;
    this.finish();
    const { entry } = run;
    if (reply.ok) {
      const result: ProjectAnalysis = { analysis: reply.analysis, versions: entry.job.versions, generation: entry.generation };
      this.remember(entry.project, result);
      this.events.finished(entry.project, result, Date.now() - run.postedAt);
      entry.resolve(result);
      // The open documents have their answer: now the rest of the project (cross-file state, workspace diagnostics).
      if (reply.analysis.partial && !this.latest.has(entry.project)) this.enqueue(entry.project, entry.generation, entry.job, true);
    } else {
      const err = new Error(reply.error);
      if (reply.stack) err.stack = reply.stack;
      if (entry.job.configDir !== undefined) this.postedPaths.delete(entry.job.configDir); // whatever went wrong, send them next time
      this.events.failed(entry.project, err);
      entry.reject(err);
    }
    this.pump();
  }

  /** The current run cannot finish: stop the worker (a new one serves the next run). */
  private abandon(error: Error): void {
    const run = this.running;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void Promise.resolve(worker.terminate()).catch(() => undefined);
    if (!run) return;
    this.finish();
    this.events.failed(run.entry.project, error);
    run.entry.reject(error);
    this.pump();
  }

  private finish(): void {
    const run = this.running;
    if (!run) return;
    clearTimeout(run.timer);
    this.running = undefined;
    if (this.latest.get(run.entry.project) === run.entry) this.latest.delete(run.entry.project);
  }

  private remember(project: string, result: ProjectAnalysis): void {
    this.cache.delete(project);
    this.cache.set(project, result);
    while (this.cache.size > MAX_CACHED_PROJECTS) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function waitFor<T>(promise: Promise<T>, token?: CancellationToken): Promise<T> {
  if (!token) return promise;
  if (token.isCancellationRequested) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      reject(new CancelledError());
    });
    promise.then(
      (v) => {
        sub.dispose();
        resolve(v);
      },
      (e) => {
        sub.dispose();
        reject(e);
      },
    );
  });
}
