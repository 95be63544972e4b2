// Which activation sites the program reads as probabilities, and whether some of its code could not
// be read at all: what decides whether removing an activation is a safe fix (vocab-torch/keras).
import { inEscapedClass } from './class-escapes';
import type { Site } from '../core/site';
import { textOf } from './parser';

/** Activation sites that some decision, metric or probability loss reads as probabilities. */
const probabilityUses = new Set<string>();

export function keyOf(site: Site): string {
  return `${site.file}\u0000${site.start}\u0000${site.end}`;
}

export function noteProbabilityUse(site: Site | undefined): void {
  if (site) probabilityUses.add(keyOf(site));
}

/** Files of the run with code the analysis could not read (a syntax error; a notebook cell that
 *  does not parse): a reader of the output as probabilities may be there. */
const unreadCode = new Set<string>();

export function noteUnreadCode(file: string): void {
  unreadCode.add(file);
}

/** The files of the session's program (Program.modules: filled as they load). */
let programFiles: ReadonlyMap<string, unknown> = new Map();

/** A new session (unread code is noted while files load, probability uses at the end). */
export function resetUnreadCode(files: ReadonlyMap<string, unknown>): void {
  unreadCode.clear();
  programFiles = files;
}

/** The texts of the program's files (not those of earlier runs the parser still keeps). */
export function* programTexts(): Iterable<string> {
  for (const [, text] of programFileTexts()) yield text;
}

/** The program's files with their texts (`read`: another reading of the text than textOf). */
export function* programFileTexts(read: (file: string) => string | undefined = textOf): Iterable<[string, string]> {
  for (const [file, mod] of programFiles) {
    const text = mod ? read(file) : undefined;
    if (text !== undefined) yield [file, text];
  }
}

export function resetProbabilityUses(): void {
  probabilityUses.clear();
}

/** Removing this activation would change a value the code reads as a probability elsewhere. */
export function usedAsProbability(site: Site): boolean {
  return probabilityUses.has(keyOf(site)) || unreadCode.size > 0 || inEscapedClass(site);
}

/** Some code we saw reads what this site outputs as probabilities (unread code aside). */
export function readAsProbabilitiesAt(site: Site): boolean {
  return probabilityUses.has(keyOf(site)) || inEscapedClass(site);
}
