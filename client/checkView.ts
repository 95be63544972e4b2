// The numeric check's report as the HTML of a webview: the shared report markup and style
// (server/check/render-html.ts, also used by the playground) in a page of its own, coloured with the
// editor theme's variables. The page is static: no scripts, no remote resources, a CSP that allows
// nothing but inline styles.
import { checkTitle, escapeHtml as esc, REPORT_CLASS, REPORT_STYLE, renderReportBody } from '../server/check/render-html';
import type { CheckReport } from '../server/check/types';

export { checkTitle } from '../server/check/render-html';

export function renderCheckHtml(report: CheckReport, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${esc(cspSource)} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(checkTitle(report))}</title>
<style>${THEME}${REPORT_STYLE}</style>
</head>
<body>
<main class="${REPORT_CLASS}">
${renderReportBody(report)}
</main>
</body>
</html>
`;
}

// VS Code defines the --vscode-* variables in every webview; the report reads --report-*.
const THEME = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 24px;
  --report-fg: var(--vscode-foreground); --report-red: var(--vscode-charts-red); --report-green: var(--vscode-charts-green);
  --report-border: var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); }
`;
