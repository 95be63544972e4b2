// Names shared by the language server and the VS Code client. Kept free of imports so the client
// bundle can include it without pulling in the server.

/** Server -> client notification: what the analysis is doing, for the LanguageStatusItem. */
export const STATUS_NOTIFICATION = 'logit-lint/status';

export interface StatusParams {
  state: 'running' | 'ok' | 'error';
  /** Short human text, e.g. "12 ms, 34 files" or the error message. */
  message: string;
  /** Wall time of the last finished analysis. */
  durationMs?: number;
  /** Files in the analysed project. */
  files?: number;
  /** Files the engine could not analyse (syntax errors, too large, unreadable). */
  problems?: string[];
  /** ISO time of the event. */
  time: string;
}

/** workspace/executeCommand: open a rule's documentation URL (argument: the URL). */
export const SHOW_DOCUMENTATION_COMMAND = 'logit-lint.showDocumentation';

/** Code action kind of "fix all safe problems in this file" (also usable in editor.codeActionsOnSave). */
export const FIX_ALL_KIND = 'source.fixAll.logit-lint';

/** Settings section, as in `logitLint.enable`. */
export const SETTINGS_SECTION = 'logitLint';
