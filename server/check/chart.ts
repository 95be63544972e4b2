// An ASCII chart of two curves over the same x axis (the loss per epoch, as written and with the fix),
// for terminals: 'x' and 'o' mark the two curves, '*' where they share a cell. NaN points are left out.
import { num } from './format';

export interface ChartOptions {
  width?: number;
  height?: number;
  marks?: [string, string];
}

export function asciiChart(a: number[], b: number[], options: ChartOptions = {}): string[] {
  const width = Math.max(8, Math.min(options.width ?? 60, Math.max(a.length, b.length)));
  const height = Math.max(3, options.height ?? 10);
  const [markA, markB] = options.marks ?? ['x', 'o'];
  const finite = [...a, ...b].filter(Number.isFinite);
  if (!finite.length) return ['(no finite values to plot)'];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi - lo < 1e-12) [lo, hi] = [lo - 0.5, hi + 0.5]; // a flat line sits in the middle
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const plot = (values: number[], mark: string) => {
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const col = values.length === 1 ? 0 : Math.round((i / (values.length - 1)) * (width - 1));
      const row = height - 1 - Math.round(((v - lo) / (hi - lo)) * (height - 1));
      const cell = grid[row][col];
      grid[row][col] = cell === ' ' || cell === mark ? mark : '*';
    });
  };
  plot(a, markA);
  plot(b, markB);
  const labels = grid.map((_, r) => (r === 0 ? num(hi) : r === height - 1 ? num(lo) : r === Math.floor((height - 1) / 2) ? num((hi + lo) / 2) : ''));
  const pad = Math.max(...labels.map((l) => l.length));
  const lines = grid.map((row, r) => `${labels[r].padStart(pad)} |${row.join('').trimEnd()}`);
  const epochs = Math.max(a.length, b.length) - 1;
  lines.push(`${' '.repeat(pad)} +${'-'.repeat(width)}`);
  const axis = `0${`epoch ${epochs}`.padStart(width - 1)}`;
  lines.push(`${' '.repeat(pad)}  ${axis}`);
  return lines;
}
