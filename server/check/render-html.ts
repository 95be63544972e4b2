// The numeric check's report as HTML: the verdict, the two loss curves (as written in red, with the fix
// in green, dashed so coinciding lines stay visible), the accuracies, the metrics table, the models, the
// backend. One renderer for the VS Code webview (client/checkView.ts wraps it in a page with a CSP) and
// the playground (playground/src/ puts it in a div). Pure: no DOM, no VS Code API, no scripts, no URLs.
// Colours and fonts come from CSS variables (--report-*) that each host sets from its own theme.
import { num, pct, sourceLabel } from './format';
import { metricRows } from './metric-rows';
import { escapeHtml as esc, lineChart } from './svg-chart';
import type { CheckReport, CheckSuccess } from './types';

export { escapeHtml } from './svg-chart';

export const WRITTEN_LABEL = 'as written';
export const FIXED_LABEL = 'with the fix';
/** Class of the element that holds a report; REPORT_STYLE only styles inside it. */
export const REPORT_CLASS = 'check-report';

export function checkTitle(report: Pick<CheckReport, 'ruleId'>): string {
  return `Numeric difference: ${report.ruleId}`;
}

/** The report's markup, to go inside an element of class REPORT_CLASS. */
export function renderReportBody(report: CheckReport): string {
  const body = report.status === 'ok' ? successBody(report) : failureBody(report);
  return `<h1>Numeric difference: <code>${esc(String(report.ruleId))}</code></h1>\n${body}`;
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
  const where = r.source ? `${esc(sourceLabel(r.source))} \u00b7 ` : '';
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
${r.models.code ? `<dt>your code</dt><dd>${esc(r.models.code)}</dd>` : ''}
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

// Scoped to the report's element so a host page keeps its own styles. The host defines
// --report-fg, --report-red, --report-green and --report-border (the webview maps them to the editor theme).
const R = `.${REPORT_CLASS}`;
export const REPORT_STYLE = `
${R} { color: var(--report-fg); max-width: 1200px; }
${R} h1 { font-size: 1.35em; font-weight: 600; }
${R} h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; }
${R} .verdict { font-size: 1.1em; border-left: 3px solid var(--report-green); padding: 4px 0 4px 10px; }
${R} .failure { border-left: 3px solid var(--report-red); padding: 4px 0 4px 10px; }
${R} .where, ${R} .note, ${R} .backend { opacity: 0.8; }
${R} .charts { display: flex; flex-wrap: wrap; gap: 16px; }
${R} figure { margin: 0; }
${R} figcaption { font-weight: 600; margin-bottom: 4px; }
${R} .chart { max-width: 100%; height: auto; }
${R} .chart .line { fill: none; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
${R} .chart .written { stroke: var(--report-red); }
${R} .chart .fixed { stroke: var(--report-green); stroke-dasharray: 6 4; }
${R} .chart .axis { stroke: var(--report-fg); stroke-width: 1; }
${R} .chart .grid { stroke: var(--report-fg); stroke-opacity: 0.15; }
${R} .chart .axis-label { fill: var(--report-fg); font-size: 11px; }
${R} .swatch { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin: 0 6px 0 12px; }
${R} .swatch.written { background: var(--report-red); }
${R} .swatch.fixed { background: repeating-linear-gradient(90deg, var(--report-green) 0 6px, transparent 6px 10px); }
${R} table.metrics { border-collapse: collapse; margin-top: 12px; }
${R} table.metrics th, ${R} table.metrics td { padding: 3px 12px; border-bottom: 1px solid var(--report-border); text-align: left; font-weight: normal; }
${R} table.metrics thead th { font-weight: 600; white-space: nowrap; }
${R} table.metrics td.num { text-align: right; font-variant-numeric: tabular-nums; }
${R} dt { font-weight: 600; margin-top: 6px; }
${R} dd { margin-left: 16px; }
`;
