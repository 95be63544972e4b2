// The engine, loaded on first use (and TypeScript, about 0.3 s more, when it parses a first JS
// file); a CLI run whose results all come from --cache needs neither, only the rules' metadata,
// which the cache keeps (written by this same build of the engine; see cache.ts).
import type { RuleMeta } from '../../rules';
import { isPython } from '../../rules/text';

type Engine = typeof import('../../rules');

let metas: RuleMeta[] | undefined;

export function engine(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy
  return require('../../rules') as Engine;
}

/** The rules' metadata: from a cache of this engine build when one was adopted, else the engine's. */
export function ruleMetas(): RuleMeta[] {
  return (metas ??= engine().ruleMetas);
}

export function ruleIds(): string[] {
  return ruleMetas().map((r) => r.id as string);
}

/** Takes the metadata a cache written by this very engine build recorded (see cache.ts). */
export function adoptRuleMetas(cached: RuleMeta[]): void {
  metas ??= cached;
}

/** Python's parser (web-tree-sitter, WebAssembly) loads asynchronously, once per process; the
 *  engine parses synchronously after it. Loaded only when Python files are about to be linted. A
 *  load that fails leaves each Python file with a problem saying the parser is not loaded. Only
 *  for the command line (its own thread and its workers): the language server keeps its trees. */
export async function prepareLanguages(files: Iterable<string>): Promise<void> {
  for (const f of files) {
    if (isPython(f)) {
      engine().setKeepTrees(false); // one run, no incremental re-parse: free each tree once read
      await engine().initPython().catch(() => undefined);
      return;
    }
  }
}
