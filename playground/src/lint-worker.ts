// The engine in a Web Worker: rules/index.ts bundled for the browser, the same code the CLI runs. The
// page sends the whole (small) project on every change; only the newest request waiting is linted, so
// fast typing never queues up stale work.
import { initPython, lintProject, pythonReady, ruleMetas, type SourceHost } from '../../rules/index';
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

/** The Python parser (WebAssembly, fetched from beside this worker), loaded on the first Python file. */
let python: Promise<void> | undefined;
function loadPython(): Promise<void> {
  const bytes = (name: string) => fetch(new URL(name, self.location.href)).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b));
  python ??= Promise.all([bytes('tree-sitter.wasm'), bytes('tree-sitter-python.wasm')]).then(([runtime, grammar]) => initPython({ runtime, grammar }));
  return python;
}

function lintNewest(): void {
  scheduled = false;
  if (!pythonReady() && waiting?.files.some((f) => f.name.endsWith('.py'))) {
    // Linted once the parser is there (a failed load leaves the Python files with a problem).
    loadPython().catch(() => undefined).then(() => lintNewest());
    return;
  }
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
