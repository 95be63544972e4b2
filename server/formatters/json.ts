// The shape of ESLint's JSON formatter, so tools that read ESLint results read ours: one entry per
// linted file with absolute `filePath`, `messages[]` (severity 1 = warning, 2 = error) and counts.
import { Report, mergedEdit } from './common';

export function formatJson(report: Report): string {
  const results = report.files.map((f) => {
    const text = report.texts.get(f.file);
    const messages = f.messages.map((m) => {
      const fix = m.fix && mergedEdit(m.fix, f.file, text);
      const suggestions = m.suggestions
        .map((s) => ({ desc: s.title, fix: mergedEdit(s, f.file, text) }))
        .filter((s) => s.fix !== undefined);
      return {
        ruleId: m.ruleId,
        severity: m.severity === 'error' ? 2 : 1,
        message: m.message,
        line: m.location.line,
        column: m.location.column,
        endLine: m.location.endLine,
        endColumn: m.location.endColumn,
        ...(fix ? { fix } : {}),
        ...(suggestions.length ? { suggestions } : {}),
      };
    });
    return {
      filePath: f.file,
      messages,
      suppressedMessages: [],
      errorCount: f.errorCount,
      fatalErrorCount: 0,
      warningCount: f.warningCount,
      fixableErrorCount: f.fixableErrorCount,
      fixableWarningCount: f.fixableWarningCount,
      // ESLint includes the source only for files with messages; so do we.
      ...(messages.length && text !== undefined ? { source: text } : {}),
      usedDeprecatedRules: [],
    };
  });
  return JSON.stringify(results) + '\n';
}
