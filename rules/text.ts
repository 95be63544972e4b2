// The part of the engine's API that works on text alone and never loads TypeScript: which files the
// engine reads, the cheap scans the CLI splits and caches a run with, module resolution, and
// applying edits. A CLI run whose results all come from --cache loads nothing else from rules/.
import type { TextEdit } from './engine/core/types';
export { LINTABLE_EXTENSIONS, isLintable, mentionsTf, resolveRelative } from './engine/js/text-scan';

/** Applies non-overlapping edits (of one file) to its text; edits are sorted here. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Infinity;
  for (const e of sorted) {
    if (e.end > lastStart) continue; // overlapping edit: skip rather than corrupt the file
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    lastStart = e.start;
  }
  return out;
}
