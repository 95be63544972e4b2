// The engine in a Web Worker: rules/index.ts bundled for the browser, the same code the CLI runs. The
// page sends the whole (small) project on every change; only the newest request waiting is linted, so
// fast typing never queues up stale work.
import { lintProject, ruleMetas, type SourceHost } from '../../rules/index';
import { ROOT, type LintReply, type LintRequest } from './protocol';

const post = (message: LintReply) => (self as unknown as Worker).postMessage(message);

let waiting: LintRequest | undefined;
let scheduled = false;

self.onmessage = (event: MessageEvent<LintRequest>) => {
  waiting = event.data;
  if (scheduled) return;
  scheduled = true;
  // A task of its own, so requests that arrived during a lint are all read before the next one starts.
  setTimeout(lintNewest, 0);
};

function lintNewest(): void {
  scheduled = false;
  const request = waiting;
  waiting = undefined;
  if (!request) return;
  const started = performance.now();
  try {
    const texts = new Map(request.files.map((f) => [ROOT + f.name, f.text]));
    const host: SourceHost = { readFile: (path) => texts.get(path) };
    const result = lintProject([...texts.keys()], {}, host);
    post({ kind: 'result', id: request.id, findings: result.findings, problems: result.problems, lintMs: performance.now() - started });
  } catch (error) {
    post({ kind: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
}

// Since the worker was created: fetching, compiling and starting the engine (TypeScript's start-up included).
post({ kind: 'ready', rules: ruleMetas, loadMs: performance.now() });
