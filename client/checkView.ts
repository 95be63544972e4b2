// The numeric check's report as the HTML of a webview: the verdict, the two loss curves (as written
// in the theme's red, with the fix in its green, dashed so coinciding lines stay visible), the
// accuracies, the metrics table, the models, the backend. Pure: no VS Code API, so tests render it.
// The page is static: no scripts, no remote resources, a CSP that allows nothing but inline styles.
import { num, pct } from '../server/check/format';
import { metricRows } from '../server/check/metric-rows';
import type { CheckReport, CheckSuccess } from '../server/check/types';
import { escapeHtml as esc, lineChart } from './svgChart';

export const WRITTEN_LABEL = 'as written';
export const FIXED_LABEL = 'with the fix';

export function checkTitle(report: Pick<CheckReport, 'ruleId'>): string {
  return `Numeric difference: ${report.ruleId}`;
}

export function renderCheckHtml(report: CheckReport, cspSource: string): string {
  const body = report.status === 'ok' ? successBody(report) : failureBody(report);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${esc(cspSource)} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(checkTitle(report))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Numeric difference: <code>${esc(String(report.ruleId))}</code></h1>
${body}
</body>
</html>
`;
}

const FAILURE_LEAD: Record<string, string> = {
  timeout: 'The check ran out of time.',
  cancelled: 'The check was cancelled.',
  failed: 'The check failed.',
};

function failureBody(report: Exclude<CheckReport, CheckSuccess>): string {
  return `<p class="failure">${esc(FAILURE_LEAD[report.status] ?? 'The check did not finish.')} ${esc(report.message)}</p>`;
}

function successBody(r: CheckSuccess): string {
  const [w, f] = [r.series.written, r.series.fixed];
  const where = r.source ? `${esc(r.source.file)}:${esc(String(r.source.line))} \u00b7 ` : '';
  const legend = `<p class="legend"><span class="swatch written"></span>${WRITTEN_LABEL} <span class="swatch fixed"></span>${FIXED_LABEL}</p>`;
  const lossChart = lineChart(
    [
      { values: w.map((e) => e.loss), className: 'written', label: `loss ${WRITTEN_LABEL}` },
      { values: f.map((e) => e.loss), className: 'fixed', label: `loss ${FIXED_LABEL}` },
    ],
    { title: `Loss per epoch, ${WRITTEN_LABEL} and ${FIXED_LABEL}`, format: num },
  );
  const accuracyChart = lineChart(
    [
      { values: w.map((e) => e.measuredAccuracy), className: 'written', label: `accuracy ${WRITTEN_LABEL}` },
      { values: f.map((e) => e.measuredAccuracy), className: 'fixed', label: `accuracy ${FIXED_LABEL}` },
    ],
    { title: `Accuracy as each version's decision measures it, per epoch`, format: pct, yRange: [0, 1] },
  );
  const nan = [...w, ...f].some((e) => Number.isNaN(e.loss)) ? '<p class="note">NaN losses are not plotted.</p>' : '';
  const shares = r.data.classShares.map((s, c) => `${pct(s)} class ${c}`).join(', ');
  return `<p class="where">${where}synthetic data and a replica built from the code's static facts; your code was not run.</p>
<p class="verdict">${esc(r.verdict)}</p>
${legend}
<div class="charts">
<figure><figcaption>Loss per epoch (as the code computes it)</figcaption>${lossChart}${nan}</figure>
<figure><figcaption>Accuracy as each version's decision measures it</figcaption>${accuracyChart}</figure>
</div>
${r.sameTraining ? '<p class="note">Both columns come from one trained model: this rule is about how the output is read, not how it is trained, so the loss curves coincide.</p>' : ''}
${metricsTable(r)}
<h2>The replica</h2>
<dl>
<dt>${WRITTEN_LABEL}</dt><dd>${esc(r.models.written)}</dd>
<dt>${FIXED_LABEL}</dt><dd>${esc(r.models.fixed)}</dd>
<dt>the fix</dt><dd>${esc(r.fix)}</dd>
<dt>which fix</dt><dd>${esc(r.fixNote)}</dd>
<dt>data</dt><dd>synthetic, ${esc(String(r.data.inputWidth))} features; ${esc(String(r.data.trainSamples))} samples to train, ${esc(String(r.data.samples))} held out to measure (${esc(shares)})</dd>
<dt>training</dt><dd>${esc(r.optimizer)}, batch ${esc(String(r.batchSize))}, ${esc(String(r.epochs))} epochs, seed ${esc(String(r.seed))}; the same data, batches and initial weights for both</dd>
</dl>
${r.notes.length ? `<h2>Assumptions</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<p class="backend">Backend: ${esc(r.backend)} \u00b7 ${esc((Number(r.elapsedMs) / 1000).toFixed(1))} s</p>`;
}

function metricsTable(r: CheckSuccess): string {
  const rows = metricRows(r).map(([label, a, b]) => `<tr><th scope="row">${esc(label)}</th><td class="num">${esc(a)}</td><td class="num">${esc(b)}</td></tr>`);
  return `<table class="metrics">
<thead><tr><th></th><th scope="col"><span class="swatch written"></span>${WRITTEN_LABEL}</th><th scope="col"><span class="swatch fixed"></span>${FIXED_LABEL}</th></tr></thead>
<tbody>${rows.join('\n')}</tbody>
</table>`;
}

// Colours are the editor theme's own (VS Code defines the --vscode-* variables in every webview).
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; max-width: 1200px; }
h1 { font-size: 1.35em; font-weight: 600; }
h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; }
.verdict { font-size: 1.1em; border-left: 3px solid var(--vscode-charts-green); padding: 4px 0 4px 10px; }
.failure { border-left: 3px solid var(--vscode-charts-red); padding: 4px 0 4px 10px; }
.where, .note, .backend { opacity: 0.8; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.chart { max-width: 100%; height: auto; }
.chart .line { fill: none; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
.chart .written { stroke: var(--vscode-charts-red); }
.chart .fixed { stroke: var(--vscode-charts-green); stroke-dasharray: 6 4; }
.chart .axis { stroke: var(--vscode-foreground); stroke-width: 1; }
.chart .grid { stroke: var(--vscode-foreground); stroke-opacity: 0.15; }
.chart .axis-label { fill: var(--vscode-foreground); font-size: 11px; }
.swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin: 0 6px 0 12px; }
.swatch.written { background: var(--vscode-charts-red); }
.swatch.fixed { background: repeating-linear-gradient(90deg, var(--vscode-charts-green) 0 6px, transparent 6px 10px); }
table.metrics { border-collapse: collapse; margin-top: 12px; }
table.metrics th, table.metrics td { padding: 3px 12px; border-bottom: 1px solid var(--vscode-panel-border, rgba(128, 128, 128, 0.35)); text-align: left; font-weight: normal; }
table.metrics thead th { font-weight: 600; white-space: nowrap; }
table.metrics td.num { text-align: right; font-variant-numeric: tabular-nums; }
dt { font-weight: 600; margin-top: 6px; }
dd { margin-left: 16px; }
`;
