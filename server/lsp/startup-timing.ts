// Where a server start's time to its first diagnostics goes, as one log line per start: milliseconds
// since the process started (performance.timeOrigin, an absolute time the end-to-end test lines up with
// VS Code's logs and the double-click) at each step, and the process's CPU time, which on a loaded
// machine says whether a slow start was work of ours or waiting for a core.
import { performance } from 'node:perf_hooks';

export type StartupStep = 'worker started' | 'loaded' | 'initialize' | 'initialized' | 'worker ready' | 'first request' | 'analysed' | 'answered';

export class StartupTiming {
  private readonly steps = new Map<StartupStep, number>();
  private reported = false;
  /** The worker's own figures (WorkerReady.startup). */
  worker: { loadMs: number; codeCache: boolean } | undefined;

  constructor(private readonly now = () => performance.now()) {}

  /** The first time `step` happened (later ones are not the start-up's). */
  mark(step: StartupStep): void {
    if (!this.reported && !this.steps.has(step)) this.steps.set(step, this.now());
  }

  /** Marks the first answer and logs the summary, once. */
  answered(log: (line: string) => void): void {
    this.mark('answered');
    const line = this.summary();
    if (line) log(line);
  }

  /** The line to log once the first diagnostics are answered; undefined after the first time. */
  summary(origin = performance.timeOrigin, cpu = process.cpuUsage()): string | undefined {
    if (this.reported || !this.steps.has('answered')) return undefined;
    this.reported = true;
    const at = [...this.steps].sort((a, b) => a[1] - b[1]).map(([step, ms]) => `${step} +${Math.round(ms)}`).join(', ');
    const w = this.worker ? `; the worker loaded its bundle in ${Math.round(this.worker.loadMs)} ms (${this.worker.codeCache ? 'with' : 'without'} the code cache)` : '';
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    return `start-up: first diagnostics ${Math.round(this.steps.get('answered') as number)} ms after the process started at ${new Date(origin).toISOString()} (${at} ms; CPU ${cpuMs} ms, both threads)${w}`;
  }
}
