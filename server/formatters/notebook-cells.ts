// Notebook positions for the formats a person reads (stylish) or a tool reads per cell (json):
// `cell 4:7:12`, as Ruff prints them (cells numbered from 1 in the notebook, markdown cells
// included; line and column within the cell). The other formats keep the line of the .ipynb file,
// where review annotations land on the diff.
import type { Report } from './common';
import type { Location } from '../../rules';
import { cellPositions, CellPosition } from '../../rules/engine/python/notebook';

export type { CellPosition };

const cache = new WeakMap<Report, Map<string, ((offset: number) => CellPosition | undefined) | undefined>>();

/** The cell position of a raw offset of `file`, or undefined (not a notebook, or outside its code). */
export function cellPosition(report: Report, file: string, offset: number): CellPosition | undefined {
  if (!/\.ipynb$/i.test(file)) return undefined;
  let files = cache.get(report);
  if (!files) cache.set(report, (files = new Map()));
  if (!files.has(file)) {
    const text = report.texts.get(file);
    files.set(file, text === undefined ? undefined : cellPositions(text));
  }
  return files.get(file)?.(offset);
}

/** `cell 4:7:12` for a location in a notebook's code, else `7:12` (its line in the file). */
export function positionLabel(report: Report, location: Location): string {
  const p = cellPosition(report, location.file, location.start);
  return p ? `cell ${p.cell}:${p.line}:${p.column}` : `${location.line}:${location.column}`;
}

/** The json format's cell fields: `cell`, and `cellLine`/`cellColumn` (`cellEndLine`/
 *  `cellEndColumn` when the end is in the same cell). */
export function cellFields(report: Report, location: Location): Record<string, number> {
  const s = cellPosition(report, location.file, location.start);
  if (!s) return {};
  const e = cellPosition(report, location.file, location.end);
  const end: Record<string, number> = e && e.cell === s.cell ? { cellEndLine: e.line, cellEndColumn: e.column } : {};
  return { cell: s.cell, cellLine: s.line, cellColumn: s.column, ...end };
}
