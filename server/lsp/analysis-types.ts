// What the analysis worker sends back: the engine's result with every location and edit already
// converted to an LSP range, computed from the very text the engine analysed (so a range never
// drifts even when the file changes on disk or in the editor afterwards).
import type { Range } from 'vscode-languageserver';
import type { DiskState } from './disk-changes';
import type { FileProblem, Finding, Fix, LintOptions, Location, RelatedLocation, RuleMeta, Severity, TextEdit } from '../../rules';

export type Ranged<T> = T & { range: Range };

export interface RangedFix extends Omit<Fix, 'edits'> {
  edits: Ranged<TextEdit>[];
}

export interface RangedFinding extends Omit<Finding, 'location' | 'related' | 'fix' | 'suggestions'> {
  location: Ranged<Location>;
  related: Ranged<RelatedLocation>[];
  fix?: RangedFix;
  suggestions: RangedFix[];
}

/** The project configuration an analysis applied (logit-lint.config.json or package.json "logitLint"). */
export interface ProjectConfigInfo {
  /** The file it came from; undefined when there is none. */
  file?: string;
  /** Its rule severities (the main thread applies them, under the editor's settings). */
  rules: Partial<Record<string, Severity>>;
  /** Set when the configuration is invalid: the ConfigError's message, naming the file and the key. */
  error?: string;
  /** The key the error is about, e.g. "rules.no-such-rule". */
  key?: string;
}

/** What an analysis re-used and what it did again (incremental-project.ts), for the log and the tests. */
export interface AnalysisStats {
  files: number;
  /** Components of the import graph (files that can only influence each other). */
  components: number;
  /** Components linted in this run; the others' results were kept from earlier runs. */
  linted: number;
  /** Files whose text differed from what the last run read. */
  changedFiles: number;
  /** Components recomputed: 'all' (other paths, files appeared or went away), or how many new ones
   *  replaced those around files whose imports changed; false when none were. */
  regrouped: 'all' | number | false;
  /** Files checked against the disk: those of the watched-file events since the last run, or every
   *  file read so far when the events do not say (or the client sends none). */
  checkedOnDisk: number;
}

export interface Analysis {
  /** Findings in the open documents (the job's overlay), or in every file with `allFindings` (workspace
   *  diagnostics): without them a large project's other findings would be cloned back for nothing. */
  findings: RangedFinding[];
  problems: FileProblem[];
  /** Files linted (the paths themselves are not sent back: 2,000 of them cost 0.3 ms each way). */
  fileCount: number;
  durationMs: number;
  /** Absent when nothing was linted (a broken configuration). */
  stats?: AnalysisStats;
  /** Present when the job named a project folder (`configDir`). */
  config?: ProjectConfigInfo;
  /** Open documents the configuration's `ignore` globs leave out. */
  ignored?: string[];
  /** Only the open documents' components were linted (AnalysisJob.openFirst): their findings are
   *  complete, other files' are missing. */
  partial?: boolean;
}

export interface AnalysisJob {
  id: number;
  /** Absolute paths linted as one program; absent: the same as in the last job for this configDir. */
  paths?: string[];
  /** Unsaved editor text by absolute path; wins over the disk. */
  overlay: Record<string, string>;
  /** Where the cells start in the overlay's notebook programs (path -> offsets). */
  cells?: Record<string, number[]>;
  options: LintOptions;
  /** Project folder whose configuration applies (see project-config.ts); none: `options` as given. */
  configDir?: string;
  /** The disk changes the client reported (watched-file events); undefined when it reports none. */
  disk?: DiskState;
  /** Send back the findings of every file, not only the open ones (`logitLint.problems: workspace`). */
  allFindings?: boolean;
  /** A project's first analysis: lint only the components of the open documents, for a fast first
   *  answer; the scheduler then runs the whole project in the background. */
  openFirst?: boolean;
}

export type AnalysisReply =
  | { id: number; ok: true; analysis: Analysis }
  | { id: number; ok: false; error: string; stack?: string };

/** Sent once by a new worker: the rule metadata, so the server's main thread never loads the engine. */
export interface WorkerReady {
  kind: 'ready';
  ruleMetas: RuleMeta[];
  /** From the thread's start to this message; whether the bundle came from the V8 code cache. */
  startup?: { loadMs: number; codeCache: boolean };
}

export type WorkerMessage = AnalysisReply | WorkerReady;
