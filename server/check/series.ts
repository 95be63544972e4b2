// Small helpers over per-epoch series, shared by the verdicts and the report.

export function last<T>(items: readonly T[]): T {
  return items[items.length - 1];
}

/** Smallest value ignoring NaN; NaN when there is none. */
export function lowest(values: readonly number[]): number {
  const v = values.filter((x) => !Number.isNaN(x));
  return v.length ? Math.min(...v) : NaN;
}

/** Largest value ignoring NaN; NaN when there is none. */
export function highest(values: readonly number[]): number {
  const v = values.filter((x) => !Number.isNaN(x));
  return v.length ? Math.max(...v) : NaN;
}
