// The progress line of a long CLI run: "logit-lint: 4200/10000 files" on stderr, redrawn in place.
// Only on an interactive terminal (never in CI logs or when stderr is piped) and only once the run
// has taken a second, so quick runs print nothing extra.
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

export class Progress {
  private done = 0;
  private shown = false;
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly total: number,
    private readonly stream: ProgressStream | undefined,
    /** Time source, for tests. */
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** Whether a progress line may be drawn at all on this stream in this environment. */
  static wanted(stream: ProgressStream | undefined, env: NodeJS.ProcessEnv): boolean {
    return !!stream?.isTTY && !env.CI && env.TERM !== 'dumb';
  }

  /** `n` more files finished. */
  advance(n: number): void {
    this.done += n;
    this.draw(false);
  }

  /** Redraws if due (called from a timer while workers run). */
  draw(force: boolean): void {
    if (!this.stream) return;
    const t = this.now();
    if (t - this.started < SHOW_AFTER_MS) return;
    if (!force && this.shown && t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.shown = true;
    this.stream.write(`\rlogit-lint: ${Math.min(this.done, this.total)}/${this.total} files`);
  }

  /** Erases the line, so the report starts on a clean line. */
  finish(): void {
    if (this.shown) this.stream?.write('\r\x1b[K');
    this.shown = false;
  }
}
