// --fix and --fix-dry-run. Only safe fixes (`finding.fix`, the same edits as the editor's
// "fix all") are applied, whole or not at all. Passes repeat in memory (a fix can make another
// one reachable) until nothing changes; then files are written only if their bytes on disk are
// still those that were linted, so an editor save or a concurrent tool is never overwritten.
import * as fs from 'fs';
import type { Finding, TextEdit } from '../../rules';
import { applyEdits } from '../../rules/text';
import { firstInvalidUtf8, type FileHost } from './files';
import { unifiedDiff } from '../formatters/diff';

export const MAX_FIX_PASSES = 10;

/**
 * Picks safe fixes that overlap no fix picked before them and applies them per file.
 * `textOf` gives the current text of a file (undefined: unknown, so its fixes are skipped).
 */
export function applySafeFixes(findings: Finding[], textOf: (file: string) => string | undefined): { texts: Map<string, string>; applied: number } {
  const picked = new Map<string, TextEdit[]>();
  const seen = new Set<string>();
  let applied = 0;
  const fixes = findings
    .map((f) => f.fix)
    .filter((fix): fix is NonNullable<Finding['fix']> => !!fix && fix.safe && fix.edits.length > 0)
    .sort((a, b) => a.edits[0].file.localeCompare(b.edits[0].file) || a.edits[0].start - b.edits[0].start);
  for (const fix of fixes) {
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue; // two findings sharing one fix
    seen.add(key);
    const usable = fix.edits.every((e) => {
      const text = textOf(e.file);
      if (text === undefined || e.start < 0 || e.end < e.start || e.end > text.length) return false;
      return !overlapsPicked(picked.get(e.file) ?? [], e) && !fix.edits.some((o) => o !== e && o.file === e.file && overlaps(o, e));
    });
    if (!usable) continue;
    for (const e of fix.edits) {
      const list = picked.get(e.file) ?? picked.set(e.file, []).get(e.file)!;
      list.splice(firstAfter(list, e), 0, e);
    }
    applied++;
  }
  const texts = new Map<string, string>();
  for (const [file, edits] of picked) {
    const fixed = applyEdits(textOf(file)!, edits);
    if (fixed !== textOf(file)) texts.set(file, fixed);
  }
  return { texts, applied };
}

/** The index of the first edit of `list` (sorted by start, then end) that comes after `e`. */
function firstAfter(list: TextEdit[], e: TextEdit): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < e.start || (list[mid].start === e.start && list[mid].end <= e.end)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `e` overlaps an edit of `list` (sorted by start, then end; none overlapping another, so
 *  their ends never decrease): only those before it back to the last that ends at or after its
 *  start, and those after it that start at or before its end, can (thousands of fixes in one file:
 *  no longer a scan of all of them each). */
function overlapsPicked(list: TextEdit[], e: TextEdit): boolean {
  const i = firstAfter(list, e);
  for (let j = i - 1; j >= 0 && list[j].end >= e.start; j--) if (overlaps(list[j], e)) return true;
  for (let j = i; j < list.length && list[j].start <= e.end; j++) if (overlaps(list[j], e)) return true;
  return false;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start; // two inserts at one point: order unknown
  return a.start < b.end && b.start < a.end;
}

export interface FixPasses<T> {
  /** The lint of the fixed texts: what remains. */
  last: T;
  /** Number of fixes applied over all passes. */
  applied: number;
  /** Files whose text the fixes changed (their fixed text is in host.overlay). */
  changed: string[];
}

/**
 * Lints, applies safe fixes into `host.overlay`, and lints again, up to `maxPasses` times.
 * `lint` must lint through `host` and return the findings that would be reported.
 */
export function runFixPasses<T extends { findings: Finding[] }>(host: FileHost, lint: () => T, maxPasses = MAX_FIX_PASSES): FixPasses<T> {
  let last = lint();
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const result = applySafeFixes(last.findings, (file) => host.overlay.get(file) ?? host.disk.get(file));
    if (result.texts.size === 0) break;
    applied += result.applied;
    for (const [file, text] of result.texts) host.overlay.set(file, text);
    last = lint();
  }
  const changed = [...host.overlay.keys()].filter((f) => host.overlay.get(f) !== host.disk.get(f)).sort();
  return { last, applied, changed };
}

export interface WriteOutcome {
  written: string[];
  /** Files left alone, each with the reason. */
  skipped: Array<{ file: string; reason: string }>;
}

/** Writes the overlay of each changed file, if the file's bytes are still those that were read. */
export function writeFixes(host: FileHost, files: string[]): WriteOutcome {
  const out: WriteOutcome = { written: [], skipped: [] };
  for (const file of files) {
    const before = host.disk.get(file);
    const after = host.overlay.get(file);
    if (before === undefined || after === undefined) continue;
    if (host.lossy.has(file)) {
      const at = firstInvalidUtf8(fs.readFileSync(file));
      out.skipped.push({ file, reason: `not valid UTF-8${at >= 0 ? ` (bad byte at offset ${at})` : ''}: linted as decoded, not fixed (writing would replace those bytes)` });
      continue;
    }
    // A file in the legacy encoding its coding line declares is written back in it.
    const declared = host.encodings.get(file);
    const encode = declared ? singleByteEncoder(declared) : (t: string) => Buffer.from(t, 'utf8');
    const original = encode?.(before);
    const fixed = encode?.(after);
    if (!original || !fixed) {
      out.skipped.push({ file, reason: `declared encoding ${declared}: linted, not fixed (--fix writes UTF-8 and single-byte encodings)` });
      continue;
    }
    try {
      // Compare bytes: the text was decoded (from valid UTF-8 with its BOM kept, or from its declared
      // single-byte encoding), so encoding it again gives back exactly what was read.
      if (!fs.readFileSync(file).equals(original)) {
        out.skipped.push({ file, reason: 'changed on disk since it was linted; not fixed' });
        continue;
      }
      fs.writeFileSync(file, fixed);
      out.written.push(file);
    } catch (e) {
      out.skipped.push({ file, reason: `cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); not fixed` });
    }
  }
  return out;
}

/** The fixes as one unified diff; `name` gives the path shown for a file (a/ and b/ are added). */
export function fixesDiff(host: FileHost, files: string[], name: (file: string) => string): string {
  return files.map((f) => unifiedDiff(host.disk.get(f) ?? '', host.overlay.get(f) ?? '', `a/${name(f)}`, `b/${name(f)}`)).join('');
}

/** An encoder for a single-byte encoding TextDecoder knows (latin1, cp1252, iso-8859-15, ...): each
 *  character back to the byte that decodes to it; undefined for a multi-byte encoding (or a text
 *  with a character the encoding lacks). */
export function singleByteEncoder(encoding: string): ((text: string) => Buffer | undefined) | undefined {
  let chars: string;
  try {
    chars = new TextDecoder(encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  } catch {
    return undefined;
  }
  if (chars.length !== 256) return undefined;
  const byteOf = new Map<string, number>();
  for (let i = 255; i >= 0; i--) byteOf.set(chars[i], i);
  return (text) => {
    const out = Buffer.alloc(text.length);
    for (let i = 0; i < text.length; i++) {
      const b = byteOf.get(text[i]);
      if (b === undefined) return undefined;
      out[i] = b;
    }
    return out;
  };
}
