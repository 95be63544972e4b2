// Prints a check report: a text version for terminals (header, metrics table, ASCII chart of the two
// loss curves, the verdict, the backend) and a JSON version with every number.
import { asciiChart } from './chart';
import { num, pct, range } from './format';
import { highest, last, lowest } from './series';
import type { CheckReport, CheckSuccess, EpochStats } from './types';

export function formatText(report: CheckReport): string {
  if (report.status !== 'ok') return `logit-lint check ${report.ruleId}: ${report.message}\n`;
  const r = report;
  const where = r.source ? ` \u2014 ${r.source.file}:${r.source.line}` : '';
  const shares = r.data.classShares.map((s, c) => `${pct(s)} class ${c}`).join(', ');
  const lines = [
    `logit-lint check: ${r.ruleId}${where}`,
    '',
    `  as written:   ${r.models.written}`,
    `  with the fix: ${r.models.fixed}`,
    `  the fix:      ${r.fix}`,
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

type Row = [label: string, written: string, fixed: string];

function table(r: CheckSuccess): string[] {
  const [w, f] = [r.series.written, r.series.fixed];
  const [wl, fl] = [last(w), last(f)];
  const both = (pick: (s: EpochStats[]) => string, label: string): Row => [label, pick(w), pick(f)];
  const rows: Row[] = [
    both((s) => `${num(s[0].loss)} \u2192 ${num(last(s).loss)}`, 'loss as the code computes it'),
    both((s) => num(lowest(s.map((e) => e.loss))), 'lowest loss'),
    both((s) => num(last(s).trueLoss), 'real cross-entropy at the end'),
    both((s) => num(last(s).measuredAccuracy), 'accuracy as the code measures it'),
    both((s) => num(last(s).trueAccuracy), 'accuracy, right decision'),
  ];
  if (wl.measuredClass1Recall !== null || fl.measuredClass1Recall !== null) rows.push(both((s) => pct(last(s).measuredClass1Recall), 'class 1 found by the decision'));
  if (wl.decisionLength !== fl.decisionLength) rows.push(both((s) => String(last(s).decisionLength), `values the decision returns (${r.data.samples} samples)`));
  rows.push(both((s) => range(last(s).outputMin, last(s).outputMax), 'output range at the end'));
  if (w.some((e) => e.lossProbMin !== null) || f.some((e) => e.lossProbMin !== null)) {
    const view = (s: EpochStats[]) => (s.every((e) => e.lossProbMin === null) ? '\u2014' : range(lowest(s.map((e) => e.lossProbMin ?? NaN)), highest(s.map((e) => e.lossProbMax ?? NaN))));
    rows.push(both(view, 'probabilities the loss sees'));
  }
  if (wl.clippedShare !== null || fl.clippedShare !== null) rows.push(both((s) => pct(last(s).clippedShare), 'outputs outside [1e-7, 1\u22121e-7] at the end'));
  rows.push(both((s) => `${num(s[0].gradNorm)} \u2192 ${num(last(s).gradNorm)}`, 'gradient norm at the output layer'));
  rows.push(both((s) => pct(last(s).zeroGradShare), 'samples with exactly zero gradient'));

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
