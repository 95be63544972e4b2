// The shape of ESLint's JSON formatter, so tools that read ESLint results read ours: one entry per
// linted file with absolute `filePath`, `messages[]` (severity 1 = warning, 2 = error) and counts.
// In notebooks, messages also carry `cell`, `cellLine`, `cellColumn` (and the end's).
import { Report, mergedEdit } from './common';
import type { Fix } from '../../rules';
import { cellFields } from './notebook-cells';

/** The entry of a file with nothing to report, but for its path: most entries of a big run. */
const CLEAN_TAIL = ',"messages":[],"suppressedMessages":[],"errorCount":0,"fatalErrorCount":0,"warningCount":0,"fixableErrorCount":0,"fixableWarningCount":0,"usedDeprecatedRules":[]}';

export function formatJson(report: Report): string {
  const results = report.files.map((f) => {
    // Written out directly (the same text JSON.stringify would give): 10,000 clean files cost
    // 30 ms as objects, a few as strings.
    if (f.messages.length === 0 && f.errorCount === 0 && f.warningCount === 0) return `{"filePath":${JSON.stringify(f.file)}${CLEAN_TAIL}`;
    const text = report.texts.get(f.file);
    const messages = f.messages.map((m) => {
      const fix = m.fix && mergedEdit(m.fix, f.file, text);
      const merged = m.suggestions.map((s) => ({ desc: s.title, fix: mergedEdit(s, f.file, text) }));
      const suggestions = merged.filter((s) => s.fix !== undefined);
      // ESLint's `fix` is one range of this file. A fix with edits in other files (the model's file,
      // when the loss is here) is still applied by --fix and counted fixable: it is carried whole,
      // in fields of our own, so that counts and fixes agree.
      const crossFileFix = m.fix && !fix ? editsOf(m.fix) : undefined;
      const crossFileSuggestions = m.suggestions.filter((_, i) => !merged[i].fix).map(editsOf);
      return {
        ruleId: m.ruleId,
        ...(m.fatal ? { fatal: true } : {}),
        severity: m.severity === 'error' ? 2 : 1,
        message: m.message,
        line: m.location.line,
        column: m.location.column,
        endLine: m.location.endLine,
        endColumn: m.location.endColumn,
        // Notebooks: line/column stay the .ipynb file's (as fix ranges and `source`); the cell's own.
        ...cellFields(report, m.location),
        ...(fix ? { fix } : {}),
        ...(suggestions.length ? { suggestions } : {}),
        ...(crossFileFix ? { crossFileFix } : {}),
        ...(crossFileSuggestions.length ? { crossFileSuggestions } : {}),
      };
    });
    return JSON.stringify({
      filePath: f.file,
      messages,
      suppressedMessages: [],
      errorCount: f.errorCount,
      fatalErrorCount: f.fatalErrorCount,
      warningCount: f.warningCount,
      fixableErrorCount: f.fixableErrorCount,
      fixableWarningCount: f.fixableWarningCount,
      // ESLint includes the source only for files with messages; so do we.
      ...(messages.length && text !== undefined ? { source: text } : {}),
      usedDeprecatedRules: [],
    });
  });
  return `[${results.join(',')}]\n`;
}

/** A fix or suggestion as its edits, each with its file (offsets in that file's text). */
function editsOf(fix: Fix): { desc: string; edits: Array<{ filePath: string; range: [number, number]; text: string }> } {
  return { desc: fix.title, edits: fix.edits.map((e) => ({ filePath: e.file, range: [e.start, e.end], text: e.text })) };
}
