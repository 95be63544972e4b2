// "Show numeric difference" in the page: the check runs in its own Web Worker (check-worker.js, loaded
// on first use: it carries tfjs), with progress, Cancel and a time limit; the report is drawn by the
// same renderer as the VS Code webview (server/check/render-html.ts).
import type { Finding } from '../../rules/index';
import { REPORT_STYLE, renderReportBody } from '../../server/check/render-html';
import { checkInputOf } from '../../server/check/fix-kind';
import type { CheckFailure, CheckReport } from '../../server/check/types';
import type { CheckReply, CheckRequest } from './protocol';

/** Longer than in the CLI (20 s): a browser on a slow machine, on the CPU backend, may need it. */
const TIME_LIMIT_MS = 120000;

export class CheckPanel {
  private worker: Worker | undefined;
  private stopRunning: ((report: CheckFailure) => void) | undefined;

  constructor(private readonly report: HTMLElement, private readonly progress: HTMLElement) {
    const style = document.createElement('style');
    style.textContent = REPORT_STYLE;
    document.head.append(style);
    progress.querySelector('button')?.addEventListener('click', () => this.stopRunning?.({ status: 'cancelled', ruleId: '', message: 'the check was cancelled', elapsedMs: 0 }));
  }

  /** Runs the check for `finding` (file = its tab's name), replacing a check under way. */
  async run(finding: Finding): Promise<CheckReport> {
    this.stop();
    const started = performance.now();
    const bar = this.progress.querySelector('progress')!;
    const label = this.progress.querySelector('.label')!;
    bar.value = 0;
    label.textContent = `Training the replica as written and with the fix (${finding.ruleId})\u2026`;
    this.progress.hidden = false;
    this.report.dataset.status = 'running';
    const worker = new Worker('check-worker.js');
    this.worker = worker;
    const report = await new Promise<CheckReport>((resolve) => {
      const failed = (status: CheckFailure['status'], message: string): CheckFailure => ({ status, ruleId: finding.ruleId, message, elapsedMs: Math.round(performance.now() - started) });
      const timer = setTimeout(() => finish(failed('timeout', `the check ran past its limit of ${TIME_LIMIT_MS} ms and was stopped`)), TIME_LIMIT_MS);
      const finish = (r: CheckReport) => {
        clearTimeout(timer);
        this.stopRunning = undefined;
        worker.terminate();
        resolve(r);
      };
      this.stopRunning = (r) => finish({ ...r, ruleId: finding.ruleId, elapsedMs: Math.round(performance.now() - started) });
      worker.onmessage = (event: MessageEvent<CheckReply>) => {
        const m = event.data;
        if (m.kind === 'progress') {
          bar.value = m.progress.fraction;
          label.textContent = `Training ${m.progress.model === 'both' ? 'the replica' : `the model ${m.progress.model === 'written' ? 'as written' : 'with the fix'}`}: epoch ${m.progress.epoch} of ${m.progress.epochs}`;
        } else if (m.kind === 'report') {
          finish({ ...m.report, source: { file: finding.location.file, line: finding.location.line } });
        } else {
          finish(failed('failed', `the check failed: ${m.message}`));
        }
      };
      worker.onerror = (event) => finish(failed('failed', `the check worker failed: ${event.message}`));
      const wanted = new URLSearchParams(location.search).get('backend');
      const backend = wanted === 'webgl' || wanted === 'cpu' ? wanted : 'auto';
      const request: CheckRequest = { input: checkInputOf(finding), options: {}, backend };
      worker.postMessage(request);
    });
    if (this.worker !== worker) return report; // a newer check has the panel now
    this.worker = undefined;
    this.progress.hidden = true;
    this.report.innerHTML = renderReportBody(report);
    this.report.dataset.status = report.status;
    this.report.hidden = false;
    this.report.scrollIntoView({ behavior: 'smooth', block: 'start' });
    return report;
  }

  /** Ends a check under way (its promise resolves as cancelled). */
  stop(): void {
    this.stopRunning?.({ status: 'cancelled', ruleId: '', message: 'the check was cancelled', elapsedMs: 0 });
  }
}
