// The `logitLint.*` settings as the server uses them, validated: a bad value is reported once and
// replaced by its default, never allowed to break the analysis.
import type { Severity } from '../../rules';

export interface Settings {
  enable: boolean;
  /** When diagnostics are pulled. The VS Code client applies it; the server applies it in push mode. */
  run: 'onType' | 'onSave';
  /** Severity per rule id; rules not listed keep their default. */
  rules: Record<string, Severity>;
  /** Which files' findings are shown: the open ones, or every file of the workspace (workspace diagnostics). */
  problems: 'openFiles' | 'workspace';
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, problems: 'workspace' };

const SEVERITIES: Record<string, Severity> = { off: 'off', warn: 'warn', warning: 'warn', error: 'error' };

export function normalizeSettings(raw: unknown, knownRules: readonly string[], warn: (message: string) => void): Settings {
  if (raw === undefined || raw === null) return { ...DEFAULT_SETTINGS, rules: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warn(`logitLint settings must be an object; using defaults`);
    return { ...DEFAULT_SETTINGS, rules: {} };
  }
  const r = raw as Record<string, unknown>;
  const out: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') out.enable = r.enable;
    else warn(`logitLint.enable must be true or false, not ${JSON.stringify(r.enable)}`);
  }
  if (r.run !== undefined) {
    if (r.run === 'onType' || r.run === 'onSave') out.run = r.run;
    else warn(`logitLint.run must be "onType" or "onSave", not ${JSON.stringify(r.run)}`);
  }
  if (r.problems !== undefined) {
    if (r.problems === 'openFiles' || r.problems === 'workspace') out.problems = r.problems;
    else warn(`logitLint.problems must be "openFiles" or "workspace", not ${JSON.stringify(r.problems)}`);
  }
  if (r.rules !== undefined) {
    if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
      for (const [id, value] of Object.entries(r.rules as Record<string, unknown>)) {
        const severity = typeof value === 'string' ? SEVERITIES[value] : undefined;
        if (knownRules.length > 0 && !knownRules.includes(id)) warn(`logitLint.rules: unknown rule "${id}"`);
        else if (!severity) warn(`logitLint.rules["${id}"] must be "off", "warn" or "error", not ${JSON.stringify(value)}`);
        else out.rules[id] = severity;
      }
    } else {
      warn(`logitLint.rules must be an object such as { "threshold-logits": "off" }`);
    }
  }
  return out;
}
