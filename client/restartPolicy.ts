// What the client does when the language server's connection closes unexpectedly (a crash, an out
// of memory kill): restart it, but at most MAX_RESTARTS times in WINDOW_MS. A server that keeps
// dying would otherwise flash errors forever; past the limit it stays stopped, the status item and
// a message say so, and the "logit-lint: Restart Server" command starts it again. No vscode import
// here, so the policy is tested on its own.

export const MAX_RESTARTS = 4;
export const WINDOW_MS = 3 * 60_000;

export interface CloseDecision {
  restart: boolean;
  /** For the user: what happened, when the server is left stopped. */
  message?: string;
}

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** The connection closed without a stop from us. */
  closed(): CloseDecision {
    const t = this.now();
    this.crashes = [...this.crashes.filter((c) => t - c < WINDOW_MS), t];
    if (this.crashes.length <= MAX_RESTARTS) return { restart: true };
    return {
      restart: false,
      message: `The logit-lint server stopped ${this.crashes.length} times in the last ${WINDOW_MS / 60_000} minutes and will not be restarted. ` +
        'See the logit-lint output for the cause; run "logit-lint: Restart Server" to try again.',
    };
  }

  /** A restart by the user starts counting afresh. */
  reset(): void {
    this.crashes = [];
  }
}
