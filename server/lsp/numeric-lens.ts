// Where the editor offers the numeric check: a code lens over each flagged loss or decision and a code
// action per diagnostic, both running SHOW_NUMERIC_DIFFERENCE_COMMAND. Only findings the check can
// replay get them: one of its rules, with the model facts the engine proved (the check rebuilds its
// replica from those alone, as `logit-lint check` does).
import { CodeActionKind, type CodeAction, type CodeLens, type Command, type Diagnostic, type Range } from 'vscode-languageserver';
import { isRuleId } from '../check/replica';
import type { RangedFinding } from './analysis-types';
import type { DocReport } from './diagnostics';
import { SHOW_NUMERIC_DIFFERENCE_COMMAND, SHOW_NUMERIC_DIFFERENCE_TITLE, type NumericCheckOptions } from './protocol';
import { sameRange } from './ranges';

export function isCheckable(finding: RangedFinding): boolean {
  return !!finding.facts && isRuleId(finding.ruleId);
}

export function numericCommand(uri: string, finding: RangedFinding): Command {
  return { title: SHOW_NUMERIC_DIFFERENCE_TITLE, command: SHOW_NUMERIC_DIFFERENCE_COMMAND, arguments: [uri, finding.location.range, finding.ruleId] };
}

/** One lens per checkable finding of the report (findings turned off in the settings are not in it). */
export function numericLenses(report: DocReport | undefined): CodeLens[] {
  if (!report) return [];
  const seen = new Set<string>();
  const lenses: CodeLens[] = [];
  for (const f of report.findings) {
    const key = `${f.ruleId}@${JSON.stringify(f.location.range)}`;
    if (!isCheckable(f) || seen.has(key)) continue;
    seen.add(key);
    lenses.push({ range: f.location.range, command: numericCommand(report.uri, f) });
  }
  return lenses;
}

/** What a report's lenses are (rule and range of each): two reports with the same key show the same lenses. */
export function lensKey(report: DocReport | undefined): string {
  return JSON.stringify(numericLenses(report).map((l) => [l.command?.arguments?.[2], l.range]));
}

export function numericAction(uri: string, finding: RangedFinding, diag: Diagnostic): CodeAction {
  return { title: SHOW_NUMERIC_DIFFERENCE_TITLE, kind: CodeActionKind.QuickFix, diagnostics: [diag], command: numericCommand(uri, finding) };
}

export interface NumericCheckRequest {
  uri: string;
  range: Range;
  ruleId: string;
  options: NumericCheckOptions;
}

/** The command's arguments [uri, range, ruleId, options?], checked; a string says what is wrong. */
export function parseNumericArgs(args: readonly unknown[] | undefined): NumericCheckRequest | string {
  const [uri, range, ruleId, options] = args ?? [];
  const usage = `${SHOW_NUMERIC_DIFFERENCE_COMMAND} expects [uri, range, ruleId, options?]`;
  if (typeof uri !== 'string' || !isRange(range) || typeof ruleId !== 'string') return usage;
  if (!isRuleId(ruleId)) return `${SHOW_NUMERIC_DIFFERENCE_COMMAND}: unknown rule '${ruleId}'`;
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) return `${usage}; options is an object`;
  const picked: NumericCheckOptions = {};
  for (const key of ['epochs', 'seed', 'timeoutMs'] as const) {
    const value = (options as Record<string, unknown> | undefined)?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `${SHOW_NUMERIC_DIFFERENCE_COMMAND}: options.${key} must be a non-negative integer`;
    picked[key] = value;
  }
  return { uri, range, ruleId, options: picked };
}

/**
 * The finding a lens or action was made for: the same rule at the same range, or else (the text moved
 * since) the same rule starting on the same line.
 */
export function findFinding(report: DocReport, range: Range, ruleId: string): RangedFinding | undefined {
  const sameRule = report.findings.filter((f) => f.ruleId === ruleId);
  return sameRule.find((f) => sameRange(f.location.range, range)) ?? sameRule.find((f) => f.location.range.start.line === range.start.line);
}

function isRange(value: unknown): value is Range {
  const isPos = (p: unknown) => !!p && typeof p === 'object' && Number.isInteger((p as { line: unknown }).line) && Number.isInteger((p as { character: unknown }).character);
  return !!value && typeof value === 'object' && isPos((value as Range).start) && isPos((value as Range).end);
}
