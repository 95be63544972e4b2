// A place in a file, neutral to the language: offsets into the file's full text (UTF-16, 0-based;
// for .html/.vue/.svelte and notebooks, the real file's text). The core and the rules read only
// file/start/end; `node` is the frontend's syntax node, read back only by that frontend's
// vocabulary when it builds a fix.
export interface Site {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly node?: unknown;
}

export function sameSite(a: Site | undefined, b: Site | undefined): boolean {
  return !!a && !!b && a.file === b.file && a.start === b.start && a.end === b.end;
}

/** A span [start, end) of a file's text. */
export type Range = [number, number];

/** Whether [start, end) touches one of `ranges` (an empty span counts at its position). */
export function inRanges(ranges: readonly Range[], start: number, end: number): boolean {
  for (const [a, b] of ranges) if (start < b && Math.max(end, start + 1) > a) return true;
  return false;
}

/** Code a parser could not see: from `from` to the end of the file (an unterminated comment or
 *  template). `closed`: the functions that ended before it (models made there are not named by it). */
export interface Hidden {
  from: number;
  closed: Range[];
}
