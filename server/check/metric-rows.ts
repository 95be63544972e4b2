// The metrics table of a check report, as rows of text: one source for the terminal report
// (report.ts pads them into columns) and the editor's webview (client/checkView.ts makes an HTML
// table), so both always show the same numbers under the same labels.
import { num, pct, range } from './format';
import { highest, last, lowest } from './series';
import type { CheckSuccess, EpochStats } from './types';

export type MetricRow = [label: string, written: string, fixed: string];

/** The metrics of the last epoch (and the first, where the change matters), as written and fixed. */
export function metricRows(r: CheckSuccess): MetricRow[] {
  const [w, f] = [r.series.written, r.series.fixed];
  const [wl, fl] = [last(w), last(f)];
  const both = (label: string, pick: (s: EpochStats[]) => string): MetricRow => [label, pick(w), pick(f)];
  const anyEpoch = (test: (e: EpochStats) => boolean) => w.some(test) || f.some(test);
  const rows: MetricRow[] = [
    both('loss as the code computes it', (s) => `${num(s[0].loss)} \u2192 ${num(last(s).loss)}`),
    both('lowest loss', (s) => num(lowest(s.map((e) => e.loss)))),
    both('real cross-entropy at the end', (s) => num(last(s).trueLoss)),
    both('accuracy as the code measures it', (s) => num(last(s).measuredAccuracy)),
    both('accuracy, right decision', (s) => num(last(s).trueAccuracy)),
  ];
  if (wl.measuredClass1Recall !== null || fl.measuredClass1Recall !== null) rows.push(both('class 1 found by the decision', (s) => pct(last(s).measuredClass1Recall)));
  if (wl.decisionLength !== fl.decisionLength) rows.push(both(`values the decision returns (${r.data.samples} samples)`, (s) => String(last(s).decisionLength)));
  rows.push(both('output range at the end', (s) => range(last(s).outputMin, last(s).outputMax)));
  if (anyEpoch((e) => e.lossProbMin !== null)) {
    const seen = (s: EpochStats[]) => (s.every((e) => e.lossProbMin === null) ? '\u2014' : range(lowest(s.map((e) => e.lossProbMin ?? NaN)), highest(s.map((e) => e.lossProbMax ?? NaN))));
    rows.push(both('probabilities the loss sees', seen));
  }
  if (wl.clippedShare !== null || fl.clippedShare !== null) rows.push(both('outputs outside [1e-7, 1\u22121e-7] at the end', (s) => pct(last(s).clippedShare)));
  rows.push(both('gradient norm at the output layer', (s) => `${num(s[0].gradNorm)} \u2192 ${num(last(s).gradNorm)}`));
  rows.push(both('samples with exactly zero gradient', (s) => pct(last(s).zeroGradShare)));
  return rows;
}
