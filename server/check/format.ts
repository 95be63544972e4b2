// Number and place formatting shared by the verdicts and the reports.

/** Two decimals for ordinary values, scientific for tiny ones, 'NaN' spelled out. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return '\u2014';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '\u221e' : '-\u221e';
  const a = Math.abs(v);
  if (a !== 0 && a < 0.005) return v.toExponential(1);
  if (a >= 1e6) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '\u2014';
  const p = v * 100;
  return `${p !== 0 && p < 1 ? p.toFixed(1) : p.toFixed(0)}%`;
}

export function range(lo: number | null | undefined, hi: number | null | undefined): string {
  if (lo === null || lo === undefined || hi === null || hi === undefined) return '\u2014';
  return `${num(lo)}\u2013${num(hi)}`;
}

/** `file:line`, or `nb.ipynb:cell 3:2` in a notebook, as the linter's messages name a place. */
export function sourceLabel(source: { file: string; line: number; cell?: number; cellLine?: number }): string {
  return `${source.file}:${source.cell !== undefined ? `cell ${source.cell}:${source.cellLine}` : source.line}`;
}

/** Marks a part of the replica that is not in the code (its input width, a trunk, a decision). */
export const REPLICAS = "(the replica's)";

/** The replica's output sigmoid, named as what it stands for. */
export function sigmoidOf(w: { hardSigmoid?: boolean }): string {
  return w.hardSigmoid ? 'sigmoid (a plain one, standing for your hard sigmoid)' : 'sigmoid';
}
