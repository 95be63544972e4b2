// A small line chart as inline SVG markup, for the numeric check's report (the VS Code webview and the
// playground). Pure (no DOM): colours come from CSS classes the page styles. NaN and infinite points
// are left out, breaking the line there.

export interface ChartSeries {
  values: readonly number[];
  /** CSS class of the line (the page gives it its colour). */
  className: string;
  label: string;
}

export interface ChartOptions {
  /** Accessible name of the chart. */
  title: string;
  /** Axis labels. */
  format: (v: number) => string;
  /** Fixed y range (e.g. [0, 1] for accuracies); default: the finite values' range. */
  yRange?: [number, number];
  width?: number;
  height?: number;
}

const MARGIN = { left: 56, right: 14, top: 12, bottom: 34 };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function lineChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const points = Math.max(0, ...series.map((s) => s.values.length));
  const head = `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}"><title>${escapeHtml(options.title)}</title>`;
  if (!finite.length || points === 0) {
    return `${head}<text class="axis-label" x="${width / 2}" y="${height / 2}" text-anchor="middle">no finite values to plot</text></svg>`;
  }
  let [lo, hi] = options.yRange ?? [Math.min(...finite), Math.max(...finite)];
  if (hi - lo < 1e-12) [lo, hi] = [lo - 0.5, hi + 0.5]; // a flat line sits in the middle
  const x = (i: number) => MARGIN.left + (points === 1 ? 0 : (i / (points - 1)) * plotW);
  const y = (v: number) => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const f = (n: number) => n.toFixed(1);

  const grid = [hi, (lo + hi) / 2, lo].map((v) => {
    const gy = f(y(v));
    return `<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${gy}" y2="${gy}"/>`
      + `<text class="axis-label" x="${MARGIN.left - 6}" y="${gy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(options.format(v))}</text>`;
  });
  const bottom = MARGIN.top + plotH;
  const xLabels = [0, points - 1].map((i, k) => `<text class="axis-label" x="${f(x(i))}" y="${bottom + 16}" text-anchor="${k === 0 ? 'start' : 'end'}">${i}</text>`);
  const axes = `<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}"/>`
    + `<line class="axis" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${bottom}" y2="${bottom}"/>`
    + `<text class="axis-label" x="${MARGIN.left + plotW / 2}" y="${bottom + 28}" text-anchor="middle">epoch</text>`;
  const lines = series.map((s) => `<path class="line ${escapeHtml(s.className)}" d="${pathData(s.values, x, y, f)}"><title>${escapeHtml(s.label)}</title></path>`);
  return `${head}${grid.join('')}${axes}${xLabels.join('')}${lines.join('')}</svg>`;
}

/**
 * "M x y L x y ..." over the finite values; a non-finite value ends the segment. A segment of one
 * point gets a zero-length stroke ("l0 0"), which the round line caps draw as a dot.
 */
function pathData(values: readonly number[], x: (i: number) => number, y: (v: number) => number, f: (n: number) => string): string {
  const segments: string[][] = [];
  let current: string[] | undefined;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) {
      current = undefined;
      return;
    }
    if (!current) segments.push((current = []));
    current.push(`${current.length ? 'L' : 'M'}${f(x(i))} ${f(y(v))}`);
  });
  return segments.map((s) => (s.length === 1 ? `${s[0]} l0 0` : s.join(' '))).join(' ');
}
