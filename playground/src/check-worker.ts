// The numeric check in a Web Worker: server/check/compute.ts as the CLI's child process runs it, with
// tfjs on WebGL when the browser has it (check-backend.ts, swapped in by build.js). One check per
// worker: the page terminates the worker to cancel or to stop a check that ran out of time.
import { computeCheck } from '../../server/check/compute';
import { chooseBackend } from './check-backend';
import type { CheckReply, CheckRequest } from './protocol';

const post = (message: CheckReply) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<CheckRequest>) => {
  try {
    chooseBackend(event.data.backend);
    // At most one progress message per percent, as the CLI's worker does.
    let sentPercent = -1;
    const report = await computeCheck(event.data.input, event.data.options, (progress) => {
      const percent = Math.floor(progress.fraction * 100);
      if (percent === sentPercent) return;
      sentPercent = percent;
      post({ kind: 'progress', progress });
    });
    post({ kind: 'report', report });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
