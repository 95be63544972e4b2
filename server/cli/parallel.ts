// Worker threads for the CLI (--jobs N): N-1 workers plus the CLI's own thread, which has the
// engine loaded already and would otherwise sit idle. Each worker loads the engine once and lints
// the batches of components it is handed (lint-worker.ts). A worker always has a second batch
// queued, so it never waits while the main thread is busy with a batch of its own. A worker that
// dies (out of memory, a crash in native code) costs only its batches: those files get a problem
// each, and a fresh worker carries on.
import * as path from 'path';
import type { Worker } from 'worker_threads';
import type { LintOptions } from '../../rules';
import { crashed, firstLine, type PartResult } from './component-lint';
import type { Content } from './import-graph';

export interface WorkerTask {
  id: number;
  options: LintOptions;
  /** The CLI's read limit, for files the worker has to read itself. */
  maxReadBytes: number;
  contents: Array<[string, Content]>;
  /** Linted files of each component in the batch. */
  parts: string[][];
}

export interface WorkerReply {
  id: number;
  results: PartResult[];
}

export interface Batch {
  parts: string[][];
  contents: Array<[string, Content]>;
}

const WORKER_SCRIPT = path.join(__dirname, 'lint-worker.js');
const IN_FLIGHT = 2;
/** Measured: with this size a worker's parser overflows at the nesting depth the main thread's does. */
const WORKER_STACK_MB = 1.17;

interface Slot {
  worker: Worker;
  inFlight: Map<number, Batch>;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private queue: Batch[] = [];
  private finished: (batch: Batch, results: PartResult[]) => void = () => undefined;

  /** Starts `workers` threads right away: loading the engine overlaps with the caller's reading. */
  constructor(workers: number, private readonly options: LintOptions, private readonly maxReadBytes: number) {
    for (let i = 0; i < workers; i++) this.slots.push({ worker: this.spawn(), inFlight: new Map() });
  }

  /**
   * Runs every batch, on the workers and through `local` on this thread; `onDone` gets each
   * batch's results in completion order.
   */
  run(batches: Batch[], local: (batch: Batch) => PartResult[], onDone: (batch: Batch, results: PartResult[]) => void): Promise<void> {
    if (batches.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let remaining = batches.length;
      this.queue = [...batches];
      this.finished = (batch, results) => {
        onDone(batch, results);
        if (--remaining === 0) resolve();
        else this.pump();
      };
      this.pump();
      const localLoop = () => {
        const batch = this.queue.shift();
        if (!batch) return;
        this.finished(batch, local(batch));
        // Let worker replies in (and hand out their next batches) between local batches.
        setImmediate(localLoop);
      };
      setImmediate(localLoop);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (slot.inFlight.size < IN_FLIGHT && this.queue.length) {
        const batch = this.queue.shift()!;
        const id = this.nextId++;
        slot.inFlight.set(id, batch);
        const task: WorkerTask = { id, options: this.options, maxReadBytes: this.maxReadBytes, contents: batch.contents, parts: batch.parts };
        slot.worker.postMessage(task);
      }
    }
  }

  private spawn(): Worker {
    // Workers inherit stdout/stderr; the engine never writes to them. The stack is sized like the
    // main thread's (V8's default ~1 MB; a worker's default is 4 MB), because how deep a file may
    // nest before the parser gives up depends on it, and --jobs must not change the findings.
    // Loaded on first use: most runs start no worker (one thread on small projects or two cores).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('worker_threads') as typeof import('worker_threads');
    const worker = new Worker(WORKER_SCRIPT, { resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
    worker.on('message', (reply: WorkerReply) => {
      const slot = this.slots.find((s) => s.worker === worker);
      const batch = slot?.inFlight.get(reply.id);
      if (!slot || !batch) return;
      slot.inFlight.delete(reply.id);
      this.finished(batch, reply.results);
    });
    worker.on('error', (err) => this.lost(worker, `analysis worker crashed: ${firstLine(err)}`));
    worker.on('exit', (code) => this.lost(worker, `analysis worker exited (code ${code})`));
    return worker;
  }

  /** A worker is gone: its batches fail with a message per file, and a new worker takes its place. */
  private lost(worker: Worker, message: string): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot || this.closed) return;
    const lostBatches = [...slot.inFlight.values()];
    slot.inFlight.clear();
    slot.worker = this.spawn();
    void worker.terminate();
    for (const batch of lostBatches) this.finished(batch, batch.parts.map((files) => crashed(files, `${message}; file skipped`)));
  }
}
