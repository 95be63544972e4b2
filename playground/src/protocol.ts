// Messages between the page and its two Web Workers, and the shape of the build-time examples.
import type { FileProblem, Finding, RuleMeta } from '../../rules/index';
import type { CheckInput, CheckOptions, CheckProgressEvent, CheckSuccess } from '../../server/check/types';

/** Where the playground's files live for the engine (it wants absolute paths). */
export const ROOT = '/playground/';

export interface SourceFile {
  name: string;
  text: string;
}

/** Lint these files as one program; `id` comes back with the result. */
export interface LintRequest {
  id: number;
  files: SourceFile[];
}

export type LintReply =
  | { kind: 'ready'; rules: RuleMeta[]; loadMs: number }
  | { kind: 'result'; id: number; findings: Finding[]; problems: FileProblem[]; lintMs: number }
  | { kind: 'error'; id: number; message: string };

export interface CheckRequest {
  input: CheckInput;
  options: CheckOptions;
  /** 'auto': WebGL on a GPU, else the CPU; the page's ?backend=webgl|cpu forces one. */
  backend: 'auto' | 'webgl' | 'cpu';
}

export type CheckReply =
  | { kind: 'progress'; progress: CheckProgressEvent }
  | { kind: 'report'; report: CheckSuccess }
  | { kind: 'failed'; message: string };

export interface Framework {
  id: string;
  label: string;
  language: 'javascript' | 'typescript' | 'python';
}

export interface Example {
  id: string;
  framework: string;
  /** The rule whose fixtures it comes from; none for the demo project. */
  rule?: string;
  title: string;
  files: SourceFile[];
}

export interface Examples {
  frameworks: Framework[];
  examples: Example[];
}
