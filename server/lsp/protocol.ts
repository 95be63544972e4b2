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

/**
 * Files the project configuration is read from: server/config.ts's CONFIG_FILE, and package.json with
 * a "logitLint" key. Repeated here because config.ts loads the engine (it validates rule ids).
 */
export const CONFIG_FILE_NAMES = ['logit-lint.config.json', 'package.json'];

/** Settings section, as in `logitLint.enable`. */
export const SETTINGS_SECTION = 'logitLint';

/**
 * workspace/executeCommand: run the numeric check of one finding and return its CheckReport.
 * Arguments: [uri, range, ruleId, options?] (range: the finding's LSP range, as in the code lens;
 * options: { epochs?, seed?, timeoutMs? }). Offered as a code lens and a code action on each finding
 * the check supports. Non-finite numbers in the result are the strings "NaN", "Infinity" and
 * "-Infinity" (JSON has no NaN); decodeNonFinite turns them back.
 */
export const SHOW_NUMERIC_DIFFERENCE_COMMAND = 'logitLint.showNumericDifference';
export const SHOW_NUMERIC_DIFFERENCE_TITLE = 'Show numeric difference';

export interface NumericCheckOptions {
  epochs?: number;
  seed?: number;
  timeoutMs?: number;
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Deep copy with NaN and the infinities spelled as strings, so they survive JSON (as formatJson does). */
export function encodeNonFinite<T>(value: T): T {
  return mapNumbers(value, (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) as T;
}

/** The inverse of encodeNonFinite: the strings "NaN", "Infinity", "-Infinity" become numbers again. */
export function decodeNonFinite<T>(value: T): T {
  return mapNumbers(value, (v) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v)) as T;
}

function mapNumbers(value: unknown, leaf: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapNumbers(v, leaf));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapNumbers(v, leaf)]));
  return leaf(value);
}
