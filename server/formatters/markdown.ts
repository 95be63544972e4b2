// A summary fit for a pull-request comment or a GitHub step summary: a headline with the counts,
// then one table row per message (repo-relative path, line, linked rule id). Capped so the comment
// stays well under GitHub's 65,536-character limit.
import { Report, plural, relativePath, ruleMeta, totals } from './common';

const MAX_ROWS = 200;

export function formatMarkdown(report: Report): string {
  const t = totals(report);
  const linted = plural(report.files.length, 'file');
  if (t.errors + t.warnings === 0) return `### logit-lint: no problems\n\n${linted} checked.\n`;
  let out = `### logit-lint: ${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}\n\n`;
  out += `In ${plural(t.filesWithMessages, 'file')} of ${linted} checked.`;
  if (t.fixableErrors + t.fixableWarnings) out += ` ${t.fixableErrors + t.fixableWarnings} can be fixed with \`logit-lint --fix\`.`;
  out += '\n\n| | File | Line | Rule | Message |\n| --- | --- | --- | --- | --- |\n';
  const rows = report.files.flatMap((f) => f.messages.map((m) => ({ f, m })));
  for (const { f, m } of rows.slice(0, MAX_ROWS)) {
    const meta = ruleMeta(report, m.ruleId);
    const rule = m.ruleId === null ? (m.fatal ? 'parsing error' : 'unused directive') : meta ? `[${m.ruleId}](${meta.docsUrl})` : m.ruleId;
    const sev = m.severity === 'error' ? ':x: error' : ':warning: warning';
    out += `| ${sev} | ${code(relativePath(report.root, f.file))} | ${m.location.line} | ${rule} | ${cell(m.message)} |\n`;
  }
  if (rows.length > MAX_ROWS) out += `\n… and ${rows.length - MAX_ROWS} more; run \`logit-lint\` locally for the full list.\n`;
  return out;
}

/** A table cell: pipes escaped, line breaks flattened, HTML-looking text neutralised. */
function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code that survives backticks in the content. */
function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${s.replace(/\|/g, '\\|')}${fence}`;
}
