// Findings of one file -> LSP diagnostics, with the severities applied. The analysis runs without
// severity options so that one cached result serves files with different settings, and so that a
// setting can turn on a rule the configuration file turns off.
//
// Precedence, per rule: the editor's `logitLint.rules` setting, then the project's configuration file
// (logit-lint.config.json or package.json "logitLint", `rules`), then the rule's default. The editor
// setting is the user's own choice for their machine; the file is the project's shared baseline.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Severity } from '../../rules';
import type { RangedFinding } from './analysis-types';
import type { RuleDocs } from './rule-docs';
import type { Settings } from './settings';
import { pathToUri } from './uris';

export const SOURCE = 'logit-lint';

/** The diagnostics of one document and, index for index, the findings behind them. */
export interface DocReport {
  uri: string;
  path: string;
  /** Document version the findings were computed for. */
  version: number;
  /** Versions of the open documents the analysis saw (for version-guarded edits in other files). */
  analysedVersions: Record<string, number>;
  diagnostics: Diagnostic[];
  findings: RangedFinding[];
}

export function lspSeverity(severity: Exclude<Severity, 'off'>): DiagnosticSeverity {
  return severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
}

export function buildReport(
  uri: string,
  path: string,
  version: number,
  analysedVersions: Record<string, number>,
  findings: readonly RangedFinding[],
  settings: Settings,
  docs: RuleDocs,
  /** The project configuration's severities (below the settings, see above). */
  configured: Partial<Record<string, Severity>> = {},
): DocReport {
  const report: DocReport = { uri, path, version, analysedVersions, diagnostics: [], findings: [] };
  if (!settings.enable) return report;
  for (const f of findings) {
    if (f.location.file !== path) continue;
    const severity = settings.rules[f.ruleId] ?? configured[f.ruleId] ?? f.severity;
    if (severity === 'off') continue;
    const href = docs.url(f.ruleId);
    report.diagnostics.push({
      range: f.location.range,
      severity: lspSeverity(severity),
      source: SOURCE,
      code: f.ruleId,
      ...(href ? { codeDescription: { href } } : {}),
      message: f.message,
      relatedInformation: f.related.map((r) => ({
        location: { uri: pathToUri(r.file), range: r.range },
        message: r.message,
      })),
    });
    report.findings.push(f);
  }
  return report;
}
