// Hover over a flagged range: why it matters (from the rule's docs page) and a link. Not the message:
// the editor already shows the diagnostic's message above the hover.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { DocReport } from './diagnostics';
import { rangeContains } from './ranges';
import type { RuleDocs } from './rule-docs';

export function hoverAt(report: DocReport | undefined, pos: Position, docs: RuleDocs): Hover | null {
  if (!report) return null;
  const parts: string[] = [];
  report.diagnostics.forEach((d) => {
    if (!rangeContains(d.range, pos) || typeof d.code !== 'string') return;
    const why = docs.why(d.code);
    const url = docs.url(d.code);
    parts.push([
      `**logit-lint: ${d.code}**`,
      ...(why ? [why] : []),
      ...(url ? [`[Documentation for ${d.code}](${url})`] : []),
    ].join('\n\n'));
  });
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
}
