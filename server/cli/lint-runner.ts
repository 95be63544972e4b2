// How the CLI runs the engine over many files: read every file once, split the run into
// independent components (import-graph.ts), take what the cache already knows, lint the rest on
// this thread or on worker threads, and merge everything into the result a single run would give.
import type { LintOptions, LintResult, SourceHost } from '../../rules';
import { LintCache, componentKey } from './cache';
import { PinDigests } from './pin-digest';
import { lintPart, mergeParts, type PartResult } from './component-lint';
import { prepareLanguages } from './engine';
import { reuseSnapshot, takeSnapshot } from './graph-snapshot';
import { ContentStore, findComponents, type Component } from './import-graph';
import { WorkerPool, type Batch } from './parallel';
import { Progress, type ProgressStream } from './progress';
import { componentWeight, selectShard, type Shard } from './shard';

/** Below this much work to parse (characters of components that can bind tfjs) one thread is
 *  faster: starting a worker (loading TypeScript and the engine) costs about 0.3 s of CPU. */
export const PARALLEL_MIN_COST = 400_000;
/** With this many files, workers are started before reading, to load while the files are read. */
const EARLY_START_FILES = 2000;

export interface RunnerOptions {
  /** Worker threads; 1 lints on the calling thread. */
  jobs: number;
  /** Results by component (persistent for --cache, in memory between --fix passes). */
  cache?: LintCache;
  /** Where the progress line goes, when it should be drawn at all. */
  progress?: ProgressStream;
  /** The CLI's file size limit (workers read with it too). */
  maxReadBytes: number;
  /** Overrides PARALLEL_MIN_COST (tests force workers on small projects). */
  parallelMinCost?: number;
  /** Clock of the progress line (tests). */
  now?: () => number;
  /** --shard: lint only this part of the components (shard.ts). */
  shard?: Shard;
}

/** What the last run did, for LOGIT_LINT_DEBUG and the tests. */
export interface RunStats {
  files: number;
  components: number;
  /** Components taken from the cache. */
  cached: number;
  /** Components linted in this run. */
  linted: number;
  /** Threads that linted (1: this thread only). */
  threads: number;
  /** Files read from disk on this thread (with --cache, unchanged files are not). */
  read: number;
  /** Reading every file and finding the components (cache keys included). */
  prepareMs: number;
  /** Linting the components that were not cached. */
  lintMs: number;
}

interface Prepared {
  /** The linted files: all of them, or those of the shard. */
  files: string[];
  store: ContentStore;
  parts: Array<{ comp: Component; key?: string; result?: PartResult }>;
  progress: Progress;
  lintStarted: number;
}

export class ComponentLinter {
  stats: RunStats | undefined;

  constructor(
    private readonly files: string[],
    private readonly options: LintOptions,
    private readonly run: RunnerOptions,
  ) {}

  /** Lints on this thread (the --fix passes, which are synchronous). */
  lintSync(host: SourceHost): LintResult {
    const p = this.prepare(host);
    for (const part of p.parts) if (!part.result) this.complete(p, part, lintPart(part.comp.files, this.options, p.store));
    return this.finish(p, 1);
  }

  /** Lints on worker threads when there is enough work for them, else on this thread. */
  async lint(host: SourceHost): Promise<LintResult> {
    const early = this.run.jobs > 1 && this.files.length >= EARLY_START_FILES ? this.pool() : undefined;
    try {
      const p = this.prepare(host);
      const todo = p.parts.filter((x) => !x.result);
      await prepareLanguages(todo.flatMap((x) => x.comp.files));
      const cost = todo.reduce((s, x) => s + x.comp.cost, 0);
      if (this.run.jobs < 2 || todo.length < 2 || cost < (this.run.parallelMinCost ?? PARALLEL_MIN_COST)) {
        for (const part of todo) this.complete(p, part, lintPart(part.comp.files, this.options, p.store));
        return this.finish(p, 1);
      }
      const pool = early ?? this.pool();
      const timer = setInterval(() => p.progress.draw(false), 250);
      try {
        const batches = makeBatches(todo, p.store, this.run.jobs, cost, readsDisk(host));
        const membersOf = new Map(batches.map((b) => [b.batch, b.members]));
        await pool.run(
          batches.map((b) => b.batch),
          (batch) => batch.parts.map((files) => lintPart(files, this.options, p.store)),
          (batch, results) => membersOf.get(batch)!.forEach((part, i) => this.complete(p, part, results[i])),
        );
      } finally {
        clearInterval(timer);
        if (pool !== early) await pool.close();
      }
      return this.finish(p, this.run.jobs);
    } finally {
      await early?.close();
    }
  }

  /** jobs - 1 workers: this thread lints too. */
  private pool(): WorkerPool {
    return new WorkerPool(this.run.jobs - 1, this.options, this.run.maxReadBytes);
  }

  private prepare(host: SourceHost): Prepared {
    const started = Date.now();
    // --cache's file records describe the disk: they stand in for reads only when the host reads
    // the disk as it is (not the --fix passes, whose texts are fixed in memory).
    const records = readsDisk(host) ? this.run.cache?.records : undefined;
    const store = new ContentStore(host, { tfModules: this.options.tfModules, hash: this.run.cache !== undefined, records });
    const cache = this.run.cache;
    // An unchanged project reuses the last split and its keys (graph-snapshot.ts).
    const listings = records && cache!.listings;
    const reused = listings ? reuseSnapshot(cache!.snapshot, this.files, store, listings) : undefined;
    const probedDirs = listings && !reused ? new Set<string>() : undefined;
    const comps: Array<Component & { key?: string }> = reused ?? findComponents(this.files, store, probedDirs);
    const keyed = comps.map((comp) => ({ comp, key: comp.key ?? (cache ? componentKey(comp, store) : undefined) }));
    // The snapshot keeps the whole split, whichever shard this run lints.
    if (reused) cache!.graph = { snapshot: cache!.snapshot!, fresh: false };
    else if (probedDirs) cache!.graph = { snapshot: takeSnapshot(this.files, keyed, probedDirs, listings!), fresh: true };
    // The Keras pins beside the files, read afresh at every run (the snapshot keeps the files' keys).
    const pins = cache && new PinDigests();
    if (pins) for (const k of keyed) k.key = k.key! + pins.of(k.comp.members);
    const shard = this.run.shard;
    const mine = shard ? selectShard(keyed, shard, ({ comp }) => componentWeight(comp, store)) : keyed;
    const files = shard ? inShard(this.files, mine.map((k) => k.comp)) : this.files;
    const progress = new Progress(files.length, this.run.progress, this.run.now);
    const parts = mine.map(({ comp, key }) => {
      const result = key !== undefined ? cache!.get(key) : undefined;
      if (result) progress.advance(comp.files.length);
      return { comp, key, result };
    });
    const cached = parts.filter((x) => x.result).length;
    this.stats = { files: files.length, components: parts.length, cached, linted: parts.length - cached, threads: 1, read: 0, prepareMs: Date.now() - started, lintMs: 0 };
    return { files, store, parts, progress, lintStarted: Date.now() };
  }

  private complete(p: Prepared, part: Prepared['parts'][number], result: PartResult): void {
    part.result = result;
    if (part.key !== undefined) this.run.cache!.set(part.key, result);
    p.progress.advance(part.comp.files.length);
  }

  private finish(p: Prepared, threads: number): LintResult {
    this.stats!.threads = threads;
    this.stats!.read = p.store.reads;
    this.stats!.lintMs = Date.now() - p.lintStarted;
    p.progress.finish();
    return mergeParts(p.files, p.parts.map((x) => x.result!));
  }
}

/**
 * Batches for the workers: the most expensive components first (each alone when large), the cheap
 * ones grouped, so the last batches are small and all threads finish at about the same time.
 */
function makeBatches(todo: Prepared['parts'], store: ContentStore, threads: number, totalCost: number, fromDisk: boolean): Array<{ batch: Batch; members: Prepared['parts'] }> {
  const target = Math.max(50_000, totalCost / (threads * 16));
  const sorted = [...todo].sort((a, b) => b.comp.cost - a.comp.cost);
  const out: Array<{ batch: Batch; members: Prepared['parts'] }> = [];
  let current: Prepared['parts'] = [];
  let cost = 0;
  const flush = () => {
    if (!current.length) return;
    // A worker reads the disk itself, in parallel with the others: copying every text into it
    // (a structured clone on both threads) cost more than reading. Texts that are not the disk's
    // (fixed in memory) travel with the batch.
    const contents: Batch['contents'] = [];
    if (!fromDisk) for (const part of current) for (const m of part.comp.members) contents.push([m, store.get(m)]);
    out.push({ batch: { parts: current.map((x) => x.comp.files), contents }, members: current });
    current = [];
    cost = 0;
  };
  for (const part of sorted) {
    current.push(part);
    cost += part.comp.cost;
    if (cost >= target || current.length >= 500) flush();
  }
  flush();
  return out;
}

/** Whether the host serves the disk as it is (FileHost without fixed texts waiting). */
function readsDisk(host: SourceHost): boolean {
  return (host as { readsDisk?: boolean }).readsDisk === true;
}

/** The run's files that belong to the components, in the run's order. */
function inShard(files: string[], comps: Component[]): string[] {
  const mine = new Set(comps.flatMap((c) => c.files));
  return files.filter((f) => mine.has(f));
}
