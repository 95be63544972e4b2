// The numeric check's public API, for the CLI, the language server and the editor's webview.
//   runCheck(input, options)   train the written and the fixed replica in a child process
//   formatText / formatJson    print a report
// `logit-lint check` (command.ts) is not re-exported: it loads the engine, which a language server's
// main thread may keep in a worker. Importing this module loads neither the engine nor tfjs.
export type { CheckFailure, CheckInput, CheckOptions, CheckProgressEvent, CheckReport, CheckSuccess, EpochStats, RunOptions } from './types';
export { runCheck, DEFAULT_TIMEOUT_MS } from './run';
export { computeCheck } from './compute';
export { DEFAULT_EPOCHS, DEFAULT_SEED } from './input';
export { formatJson, formatText } from './report';
export { EXAMPLES } from './examples';
