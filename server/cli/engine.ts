// The engine, loaded on first use. Loading it loads TypeScript (about 0.3 s); a CLI run whose
// results all come from --cache needs neither, only the rules' metadata, which the cache keeps
// (written by this same build of the engine; see cache.ts).
import type { RuleMeta } from '../../rules';

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
