// Linting one component (see import-graph.ts), and merging the components' results into the
// result one big run would give: findings sorted as the engine sorts them, problems and unused
// directives in the order of the run's paths. Shared by the CLI's own thread and the workers.
import type { LintOptions, LintResult, SourceHost } from '../../rules';
import { engine } from './engine';

/** What one component contributes to a run (its `files` are known to the caller). */
export type PartResult = Pick<LintResult, 'findings' | 'problems' | 'unusedDirectives'>;

/** Lints a component's files as one program; an engine crash becomes a problem per file. */
export function lintPart(files: string[], options: LintOptions, host: SourceHost): PartResult {
  try {
    const r = engine().lintProject(files, options, host);
    return { findings: r.findings, problems: r.problems, unusedDirectives: r.unusedDirectives };
  } catch (e) {
    return crashed(files, `internal error while analysing (${firstLine(e)}); file skipped`);
  }
}

/** The result of a component that could not be analysed at all. */
export function crashed(files: string[], message: string): PartResult {
  return { findings: [], problems: files.map((file) => ({ file, message, internal: true })), unusedDirectives: [] };
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** One LintResult from the parts, ordered exactly like a single run over `paths`. */
export function mergeParts(paths: string[], parts: PartResult[]): LintResult {
  const order = new Map(paths.map((p, i) => [p, i]));
  const rank = (file: string) => order.get(file) ?? paths.length;
  // Array.prototype.sort is stable: entries of one file keep the engine's order.
  const byPath = <T extends { file: string }>(items: T[]) => items.sort((a, b) => rank(a.file) - rank(b.file) || (rank(a.file) === paths.length ? a.file.localeCompare(b.file) : 0));
  const findings = parts.flatMap((p) => p.findings);
  findings.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.start - b.location.start || a.ruleId.localeCompare(b.ruleId));
  return {
    findings,
    problems: byPath(parts.flatMap((p) => p.problems)),
    files: paths,
    unusedDirectives: byPath(parts.flatMap((p) => p.unusedDirectives)),
  };
}
