// The numeric check as the language server runs it: in a child process (runCheck) with the 20 s limit,
// so a slow, stuck or crashing check never blocks or takes down the server; with work-done progress
// whose cancel button (or a $/cancelRequest) kills the child; one check at a time, the newest wins.
// Every outcome is a CheckReport, the failures included.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, type CancellationToken, type ProgressToken, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { checkInputOf } from '../check/fix-kind';
import { DEFAULT_TIMEOUT_MS, runCheck } from '../check/run';
import type { CheckFailure, CheckInput, CheckProgressEvent, CheckReport, RunOptions } from '../check/types';
import type { RangedFinding } from './analysis-types';
import type { NumericCheckRequest } from './numeric-lens';

/** The esbuild bundle of server/check/worker.ts, next to dist/server.js in the .vsix. */
export const CHECK_WORKER_BUNDLE = 'check-worker.js';

/** The check's worker in both layouts: dist/check-worker.js (bundle) or out/server/check/worker.js (tsc). */
export function checkWorkerPath(dir = __dirname): string {
  const candidates = [path.join(dir, CHECK_WORKER_BUNDLE), path.join(dir, '..', 'check', 'worker.js')];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

/** What the check reports its progress to (an LSP work-done progress; `token` is its cancel button). */
export interface CheckProgress {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(message: string, percentage?: number): void;
  done(): void;
  readonly token?: CancellationToken;
}

/** An LSP work-done progress reporter as a CheckProgress (its report takes the percentage first). */
export function lspProgress(reporter: WorkDoneProgressReporter & { readonly token?: CancellationToken }): CheckProgress {
  return {
    begin: (title, percentage, message, cancellable) => reporter.begin(title, percentage, message, cancellable),
    report: (message, percentage) => (percentage === undefined ? reporter.report(message) : reporter.report(percentage, message)),
    done: () => reporter.done(),
    token: reporter.token,
  };
}

const MODEL_TRAINING: Record<CheckProgressEvent['model'], string> = {
  both: 'training the replica',
  written: 'training the replica as written',
  fixed: 'training the replica with the fix',
};

/** "training the replica as written: epoch 12 of 40" */
export function progressText(p: CheckProgressEvent): string {
  return `${MODEL_TRAINING[p.model]}: epoch ${p.epoch} of ${p.epochs}`;
}

export interface NumericCheckDeps {
  /** The work-done progress of the request: the client's token if it sent one, else one the server creates. */
  createProgress(workDoneToken: ProgressToken | undefined): Promise<CheckProgress>;
  /** The finding the command names, and its file for the report; a string says why there is none. */
  locate(request: NumericCheckRequest, token: CancellationToken): Promise<{ finding: RangedFinding; file: string } | string>;
  run?: (input: CheckInput, options: RunOptions) => Promise<CheckReport>;
  workerPath?: string;
  /** How often the progress message is refreshed with the elapsed time. */
  tickMs?: number;
}

const TITLE = 'logit-lint: numeric check';

const STOPPED_BECAUSE = {
  user: 'the check was cancelled',
  superseded: 'the check was cancelled: another check started',
  shutdown: 'the check was cancelled: the language server is shutting down',
};

export class NumericChecks {
  /** Stops the running check, if any. */
  private stopCurrent: ((why: keyof typeof STOPPED_BECAUSE) => void) | undefined;

  constructor(private readonly deps: NumericCheckDeps) {}

  async execute(request: NumericCheckRequest, requestToken: CancellationToken, workDoneToken?: ProgressToken): Promise<CheckReport> {
    const started = Date.now();
    const { ruleId } = request;
    const fail = (status: CheckFailure['status'], message: string): CheckFailure => ({ status, ruleId, message, elapsedMs: Date.now() - started });

    // One child process at a time: a new check stops the one before (its caller gets 'cancelled').
    this.stopCurrent?.('superseded');
    let why: keyof typeof STOPPED_BECAUSE = 'user';
    const source = new CancellationTokenSource();
    const controller = new AbortController();
    const cancel = () => {
      source.cancel();
      controller.abort();
    };
    const stop = (reason: keyof typeof STOPPED_BECAUSE) => {
      why = reason;
      cancel();
    };
    this.stopCurrent = stop;
    const cancelled = () => fail('cancelled', STOPPED_BECAUSE[why]);

    const progress = await this.deps.createProgress(workDoneToken);
    const subscriptions = [requestToken, progress.token].flatMap((t) => (t ? [t.onCancellationRequested(cancel)] : []));
    if (requestToken.isCancellationRequested || progress.token?.isCancellationRequested) cancel();
    const timeoutMs = request.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let ticker: NodeJS.Timeout | undefined;
    try {
      // A percentage from the start: clients show a bar only if `begin` has one.
      progress.begin(TITLE, 0, `finding the model behind ${ruleId}`, true);
      const located = await this.deps.locate(request, source.token).catch((e: unknown) => (source.token.isCancellationRequested ? 'cancelled' : `the analysis failed: ${(e as Error)?.message ?? String(e)}`));
      if (controller.signal.aborted) return cancelled();
      if (typeof located === 'string') return fail('failed', located);
      if (!located.finding.facts) return fail('failed', 'the engine knows nothing about the model behind this finding, so there is no replica to train');

      const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
      // Until the worker's first epoch (tfjs loading), then "epoch n of N" with the share done; the
      // ticker adds the elapsed time between epochs.
      let step = 'training a replica as written and one with the fix';
      let percentage: number | undefined;
      progress.report(`${step} (at most ${limit})`);
      const elapsed = () => `${step} (${Math.round((Date.now() - started) / 1000)} s of at most ${limit})`;
      ticker = setInterval(() => progress.report(elapsed(), percentage), this.deps.tickMs ?? 1000);
      const onProgress = (p: CheckProgressEvent) => {
        if (controller.signal.aborted) return;
        step = progressText(p);
        percentage = Math.round(p.fraction * 100);
        progress.report(elapsed(), percentage);
      };
      const report = await (this.deps.run ?? runCheck)(
        checkInputOf(located.finding),
        { ...request.options, timeoutMs, signal: controller.signal, workerPath: this.deps.workerPath ?? checkWorkerPath(), onProgress },
      );
      if (report.status === 'cancelled') return cancelled();
      if (report.status === 'ok') report.source = { file: located.file, line: located.finding.location.line };
      return report;
    } finally {
      clearInterval(ticker);
      for (const s of subscriptions) s.dispose();
      source.dispose();
      progress.done();
      if (this.stopCurrent === stop) this.stopCurrent = undefined;
    }
  }

  /** Stops the running check's child process (server shutdown or exit). */
  dispose(): void {
    this.stopCurrent?.('shutdown');
  }
}

/** What the check gets from a finding: its rule, facts and preferred fix (the first quick fix offered). */

