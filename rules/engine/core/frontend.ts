// A frontend turns the files of one language into the core's events. The core (lint.ts) reads the
// files, pre-filters them, and asks the frontend that handles each file to analyse it; after every
// file was walked it reads the events and the models, and runs the rules. Frontends never see each
// other: a Python file cannot import a JavaScript one.
import type { EngineEvent } from './events';
import type { ModelInfo } from './facts';
import type { FileProblem, LintOptions } from './types';
import type { Hidden, Range, Site } from './site';
import type { Edit } from './rule';

export interface FrontendHost {
  /** Text of a file, or undefined when it does not exist. May throw with a message. */
  readFile(file: string): string | undefined;
}

export interface Frontend {
  readonly id: 'js' | 'python';
  /** Whether this frontend reads the file (by extension). */
  handles(file: string): boolean;
  /** A cheap text check: can this text bind one of the frameworks? Files that fail it are parsed
   *  only when they import (transitively) a file that passes. */
  mentions(text: string, options: LintOptions): boolean;
  /** Why a file the pre-filter passes over cannot be read as its kind at all (a notebook that is no
   *  JSON: a Git LFS pointer, a truncated download): said, since nobody can tell what it holds. */
  unreadable?(file: string, text: string): FileProblem | undefined;
  /** The workspace files `text` imports, resolved with `exists` (for the relevance pre-filter). */
  imports(file: string, text: string, exists: (file: string) => boolean): string[];
  /** The comment that starts a suppression directive in this language: '//' or '#'. */
  readonly lineComment: string;
  /** Starts one lint run over `host`. */
  session(host: FrontendHost, options: LintOptions): FrontendSession;
}

export interface FrontendSession {
  /** Analyses one linted file (and what it imports, lazily). Returns a problem when the file
   *  cannot be analysed (syntax error, nesting too deep, ...), or one a broken notebook cell;
   *  never throws. */
  analyse(file: string): FileProblem | FileProblem[] | undefined;
  /** The ranges of a file (linted or imported) that a syntax error damaged: the tree recovered
   *  there is a guess, so no finding may rest on a site inside them. Empty or absent: none. */
  damaged?(file: string): Range[];
  /** Where the parser stopped seeing code in a file (an unterminated comment or template swallowed
   *  the rest as text), or undefined. A model still in scope there may have been changed further on. */
  hidden?(file: string): Hidden | undefined;
  /** The edits of a fix as edits of the files' texts, or undefined to drop the fix. Absent: the
   *  frontend's edits already are (notebooks: edits of the code cells become JSON edits). */
  fileEdits?(edits: Edit[]): Edit[] | undefined;
  /** How messages name a site when its line alone would not do ("cell 2, line 8" in a notebook),
   *  or undefined for "line N". */
  place?(site: { file: string; start: number }): string | undefined;
  /** The text of a file that only the analysis holds (a module a notebook cell writes, which no
   *  disk has yet), for locations in it; undefined otherwise. */
  textOf?(file: string): string | undefined;
  /** A site in such a file as the same code where the file is written (a notebook's cell), where
   *  findings are reported and messages name it; undefined otherwise. */
  writtenSite?(site: Site): Site | undefined;
  /** After every file: what the rules read. The event list stays live: folding the models'
   *  outputs afterwards may record more events (a softmax layer). */
  finish(): { events: EngineEvent[]; models: ModelInfo[] };
  /** The code the frontend read in `file` when the file holds it in another form (a notebook's
   *  cells): `map[i]` is the file offset of code character i. Suppression comments are read there;
   *  a file directive inside one of `scopes` (code spans holding another file's code, a notebook's
   *  `%%writefile` cell) covers that span only. */
  codeView?(file: string): { text: string; map: ArrayLike<number>; scopes?: Array<[number, number]> } | undefined;
  /** Why no fix editing `file` is safe whatever the analysis found (a notebook whose cells ran out
   *  of order), else undefined: its fixes become suggestions that say so. */
  fixesUnsafeIn?(file: string): string | undefined;
  /** Why no edit of `file` between `start` and `end` (the vocabulary's offsets) is safe (a function
   *  the analysis did not run for every call), else undefined. */
  editUnsafeAt?(file: string, start: number, end: number): string | undefined;
  /** Why no fix resting on what `site` says (the finding's place, or a related one: the
   *  activation) is safe, else undefined: a value the user sets outside the code (a Colab form). */
  siteUnsafe?(site: Site): string | undefined;
  /** The run is over and its findings are made: let go of what only this run read (a language
   *  server keeps the findings, and anything they still reach is copied by every collection). */
  end?(): void;
}
