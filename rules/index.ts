// The engine's public API. Everything outside rules/ (CLI, language server, numeric check, ESLint
// plugin) goes through these functions and the types in ./engine/core/types.
export * from './engine/core/types';
import * as fs from 'fs';
import type { LintOptions, LintResult, RuleMeta } from './engine/core/types';
import { lint } from './engine/core/lint';
import { FRONTENDS, RULES } from './registry';
export { parseDirectives, disableForLineEdit, disableForFileEdit } from './engine/core/directives';
export { LINTABLE_EXTENSIONS, isLintable, applyEdits } from './text';
export { initPython, pythonReady, setPythonWasmDir, setKeepTrees } from './engine/python/parser';
export { setProgramCells } from './engine/python/cells';
export { preloadJsFrontend } from './engine/js/frontend';

/** Where the engine reads files. Unsaved editor buffers go first; nothing is ever executed. */
export interface SourceHost {
  /** Text of a file, or undefined when it does not exist / cannot be read. May throw with a message. */
  readFile(path: string): string | undefined;
  /** A note on a file that is still linted (read with replacement characters, say), for stderr. */
  note?(path: string): string | undefined;
}

/**
 * Lints `paths` (absolute file paths) as one program: imports between them resolve, and relative
 * imports of files outside the set are read through `host` when they exist.
 */
export function lintProject(paths: string[], options: LintOptions = {}, host: SourceHost = diskHost): LintResult {
  return lint(paths, RULES, options, host, FRONTENDS);
}

/** Reads from disk; a missing file is undefined, other errors carry their message. */
export const diskHost: SourceHost = {
  readFile(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`cannot read: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
    }
  },
};

/** All rules' metadata, in a stable order. */
export const ruleMetas: RuleMeta[] = RULES.map((r) => r.meta);
