// Converts every offset of the engine's findings into an LSP range, using the text the engine analysed.
import type { Finding, Fix, LintResult, Location, TextEdit } from '../../rules';
import type { Analysis, Ranged, RangedFinding, RangedFix } from './analysis-types';
import { LineMap, rangeFromLineColumn } from './ranges';

/** `textOf` gives the text each file had when it was analysed (undefined or a throw: not at hand). */
export function rangeFindings(findings: readonly Finding[], textOf: (file: string) => string | undefined): RangedFinding[] {
  const maps = new Map<string, LineMap | undefined>();
  const mapOf = (file: string): LineMap | undefined => {
    if (!maps.has(file)) {
      let text: string | undefined;
      try {
        text = textOf(file);
      } catch {
        text = undefined;
      }
      maps.set(file, text === undefined ? undefined : new LineMap(text));
    }
    return maps.get(file);
  };
  const located = <T extends Location>(loc: T): Ranged<T> => {
    const map = mapOf(loc.file);
    return { ...loc, range: map ? map.range(loc.start, loc.end) : rangeFromLineColumn(loc) };
  };
  // A fix whose file cannot be read has no trustworthy range: it is dropped rather than guessed.
  const rangedFix = (fix: Fix): RangedFix | undefined => {
    const edits: Ranged<TextEdit>[] = [];
    for (const e of fix.edits) {
      const map = mapOf(e.file);
      if (!map) return undefined;
      edits.push({ ...e, range: map.range(e.start, e.end) });
    }
    return { ...fix, edits };
  };
  return findings.map((f) => ({
    ...f,
    location: located(f.location),
    related: f.related.map(located),
    fix: f.fix && rangedFix(f.fix),
    suggestions: f.suggestions.map(rangedFix).filter((s): s is RangedFix => s !== undefined),
  }));
}

export function attachRanges(result: LintResult, textOf: (file: string) => string | undefined, durationMs: number): Analysis {
  return { findings: rangeFindings(result.findings, textOf), problems: result.problems, fileCount: result.files.length, durationMs };
}
