// Human output in the shape of ESLint's "stylish": a header per file, aligned
// `line:col  severity  message  rule-id` rows (`cell N:line:col` in notebooks), and a summary line. Colour is the caller's decision.
import { Report, plural, relativePath, totals } from './common';
import { positionLabel } from './notebook-cells';

export interface StylishOptions {
  color: boolean;
}

const codes = { red: [31, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24] } as const;
type Style = keyof typeof codes;

export function formatStylish(report: Report, opts: StylishOptions = { color: false }): string {
  const paint = (style: Style, s: string) => (opts.color ? `\u001b[${codes[style][0]}m${s}\u001b[${codes[style][1]}m` : s);
  let out = '';
  for (const file of report.files) {
    if (file.messages.length === 0) continue;
    out += `\n${paint('underline', relativePath(report.cwd, file.file))}\n`;
    const rows = file.messages.map((m) => [
      positionLabel(report, m.location),
      m.severity === 'error' ? 'error' : 'warning',
      m.message.replace(/\s*\r?\n\s*/g, ' '),
      m.ruleId ?? '',
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) {
      const pos = paint('dim', r[0].padEnd(widths[0]));
      const sev = paint(r[1] === 'error' ? 'red' : 'yellow', r[1].padEnd(widths[1]));
      out += `  ${pos}  ${sev}  ${r[2].padEnd(widths[2])}  ${paint('dim', r[3])}`.trimEnd() + '\n';
    }
  }
  const t = totals(report);
  const total = t.errors + t.warnings;
  if (total === 0) return out;
  const summary = `\u2716 ${plural(total, 'problem')} (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')})`;
  out += `\n${paint('bold', paint(t.errors ? 'red' : 'yellow', summary))}\n`;
  if (t.fixableErrors + t.fixableWarnings > 0) {
    const fixable = `  ${plural(t.fixableErrors, 'error')} and ${plural(t.fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`;
    out += `${paint('bold', paint(t.errors ? 'red' : 'yellow', fixable))}\n`;
  }
  return out + '\n';
}
