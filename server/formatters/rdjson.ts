// reviewdog's rdjson (a DiagnosticResult). reviewdog counts columns in UTF-8 bytes with an exclusive
// end, so positions are recomputed from the UTF-16 offsets against the file's text.
import type { Fix, Location, TextEdit } from '../../rules';
import { HOMEPAGE, Report, bytePosition, messageCode, relativePath, ruleMeta } from './common';

export function formatRdjson(report: Report): string {
  const diagnostics = report.files.flatMap((f) =>
    f.messages.map((m) => {
      const meta = ruleMeta(report, m.ruleId);
      // Only the safe fix is offered as a suggestion when there is one: reviewdog applies all
      // suggestions of a diagnostic together, so alternatives cannot be listed side by side.
      const fix: Fix | undefined = m.fix ?? m.suggestions[0];
      const suggestions = (fix?.edits ?? [])
        .filter((e) => e.file === f.file && report.texts.has(f.file))
        .map((e) => ({ range: range(report, e), text: e.text }));
      return {
        message: m.message,
        location: { path: relativePath(report.cwd, f.file), range: range(report, m.location) },
        severity: m.severity === 'error' ? 'ERROR' : 'WARNING',
        code: { value: messageCode(m), ...(meta ? { url: meta.docsUrl } : {}) },
        ...(suggestions.length ? { suggestions } : {}),
        ...(m.related.length
          ? { related_locations: m.related.map((r) => ({ message: r.message, location: { path: relativePath(report.cwd, r.file), range: range(report, r) } })) }
          : {}),
      };
    }),
  );
  return JSON.stringify({ source: { name: 'logit-lint', url: HOMEPAGE }, diagnostics }) + '\n';
}

function range(report: Report, loc: Location | TextEdit) {
  const text = report.texts.get(loc.file);
  if (text !== undefined) return { start: bytePosition(text, loc.start), end: bytePosition(text, loc.end) };
  // Text unknown: UTF-16 columns, which equal byte columns on ASCII lines.
  if ('line' in loc) return { start: { line: loc.line, column: loc.column }, end: { line: loc.endLine, column: loc.endColumn } };
  return undefined;
}
