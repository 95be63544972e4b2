// Prints a check report: a text version for terminals (header, metrics table, ASCII chart of the two
// loss curves, the verdict, the backend) and a JSON version with every number.
import { asciiChart } from './chart';
import { pct, REPLICAS, sourceLabel } from './format';
import { metricRows } from './metric-rows';
import type { CheckReport, CheckSuccess } from './types';

export function formatText(report: CheckReport): string {
  if (report.status !== 'ok') return `logit-lint check ${report.ruleId}: ${report.message}\n`;
  const r = report;
  const where = r.source ? ` \u2014 ${sourceLabel(r.source)}` : '';
  const shares = r.data.classShares.map((s, c) => `${pct(s)} class ${c}`).join(', ');
  const lines = [
    `logit-lint check: ${r.ruleId}${where}`,
    '',
    ...(r.models.code ? [`  your code:    ${r.models.code}`, `  (the replica below is tfjs: the same head${r.models.written.endsWith(REPLICAS) ? '' : ' and decision'}${r.models.written.includes(REPLICAS) ? `; parts marked ${REPLICAS} are not in your code` : ''}; a PyTorch or Keras loss is trained as the tfjs loss that computes it)`] : []),
    ...(!r.models.code && r.models.written.includes(REPLICAS) ? [`  (parts marked ${REPLICAS} are not in your code)`] : []),
    `  as written:   ${r.models.written}`,
    `  with the fix: ${r.models.fixed}`,
    `  the fix:      ${r.fix}`,
    `  which fix:    ${r.fixNote}`,
    `  data:         synthetic, ${r.data.inputWidth} features; ${r.data.trainSamples} samples to train, ${r.data.samples} held out to measure (${shares})`,
    `  training:     ${r.optimizer}, batch ${r.batchSize}, ${r.epochs} epochs, seed ${r.seed}; same data, batches and initial weights for both`,
    '',
    ...table(r),
    '',
    'Loss per epoch (x as written, o with the fix, * both)',
    ...asciiChart(
      r.series.written.map((e) => e.loss),
      r.series.fixed.map((e) => e.loss),
    ).map((l) => `  ${l}`),
    ...(hasNaN(r) ? ['  (NaN losses are not plotted)'] : []),
    '',
    `Verdict: ${r.verdict}`,
    '',
    ...(r.sameTraining ? ['Both columns come from one trained model: this rule is about how the output is read, not how it is trained.'] : []),
    ...(r.notes.length ? ['Assumptions:', ...r.notes.map((n) => `  - ${n}`)] : []),
    `Backend: ${r.backend}; ${(r.elapsedMs / 1000).toFixed(1)} s. Synthetic data and a replica built from the code's static facts; your code was not run.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The metric rows padded into three columns under a header. */
function table(r: CheckSuccess): string[] {
  const rows = metricRows(r);
  const widths = [0, 1, 2].map((i) => Math.max(...[['', 'as written', 'with the fix'], ...rows].map((row) => row[i].length)));
  const line = (row: string[]) => `  ${row[0].padEnd(widths[0])}   ${row[1].padStart(widths[1])}   ${row[2].padStart(widths[2])}`.trimEnd();
  return [line(['', 'as written', 'with the fix']), ...rows.map(line)];
}

/** JSON with every number; NaN and infinities (which JSON cannot hold) become the strings "NaN", "Infinity", "-Infinity". */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2)}\n`;
}

function hasNaN(r: CheckSuccess): boolean {
  return [...r.series.written, ...r.series.fixed].some((e) => Number.isNaN(e.loss));
}
