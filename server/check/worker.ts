// Entry point of the child process that runs one check (forked by run.ts). It receives one request
// over IPC, answers with one message and exits. A crash here ends only this process.
import { computeCheck } from './compute';
import { CheckInputError } from './input';
import type { CheckInput, CheckOptions, CheckProgressEvent, CheckSuccess } from './types';

export interface WorkerRequest {
  input: CheckInput;
  options: CheckOptions;
}

/** The one answer, after any number of progress messages. */
export type WorkerResponse = { ok: true; report: CheckSuccess } | { ok: false; message: string; invalidInput: boolean };
export type WorkerMessage = WorkerResponse | { progress: CheckProgressEvent };

if (require.main === module && process.send) {
  process.once('message', (request: WorkerRequest) => {
    void handle(request);
  });
}

async function handle(request: WorkerRequest): Promise<void> {
  let response: WorkerResponse;
  try {
    // At most one progress message per percent: a 1000-epoch check must not flood the channel.
    let sentPercent = -1;
    const report = await computeCheck(request.input, request.options, (progress) => {
      const percent = Math.floor(progress.fraction * 100);
      if (percent === sentPercent) return;
      sentPercent = percent;
      process.send?.({ progress } satisfies WorkerMessage);
    });
    const cpu = process.cpuUsage();
    report.workerCpuMs = Math.round((cpu.user + cpu.system) / 1000);
    response = { ok: true, report };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    response = { ok: false, message, invalidInput: error instanceof CheckInputError };
  }
  process.send?.(response, () => process.disconnect());
}
