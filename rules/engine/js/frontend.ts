// The JavaScript/TypeScript frontend (also the <script> blocks of .html/.vue/.svelte): TypeScript's
// parser, the tfjs binding, and the abstract interpreter that turns code into the core's events.
import type { Frontend, FrontendSession } from '../core/frontend';
import type { LintOptions } from '../core/types';
import type { Project } from './program';
import type { Evaluator } from './evaluator';
import { isLintable, mentionsTf, relativeImports, resolveRelative } from './text-scan';

export const jsFrontend: Frontend = {
  id: 'js',
  lineComment: '//',
  handles: isLintable,
  mentions: (text: string, options: LintOptions) => mentionsTf(text, options.tfModules),
  imports(file, text, exists) {
    const out: string[] = [];
    for (const spec of relativeImports(text)) {
      const target = resolveRelative(file, spec, exists);
      if (target) out.push(target);
    }
    return out;
  },
  session(host, options): FrontendSession {
    // TypeScript (about 0.3 s to load) and the interpreter are loaded when a first file is analysed:
    // a run over Python files only never needs them.
    let state: { project: Project; ev: Evaluator; SourceError: typeof import('./sources').SourceError } | undefined;
    const start = () => {
      /* eslint-disable @typescript-eslint/no-require-imports -- deliberately lazy */
      const project = new (require('./program') as typeof import('./program')).Project(host, options.maxFileBytes ?? 2 * 1024 * 1024, options.tfModules);
      const ev = new (require('./evaluator') as typeof import('./evaluator')).Evaluator(project);
      return { project, ev, SourceError: (require('./sources') as typeof import('./sources')).SourceError };
      /* eslint-enable @typescript-eslint/no-require-imports */
    };
    let files = 0;
    let finished = false;
    return {
      analyse(file) {
        const { project, ev, SourceError } = (state ??= start());
        files++;
        // The expansion budget grows with the program, so a big repository is not cut short early.
        ev.maxExpansions = 20000 + 50 * files;
        const src = project.source(file);
        if (src instanceof SourceError) return { file, message: src.message, line: src.line, column: src.column };
        if (!src) return undefined;
        try {
          ev.walkedFiles.add(src.sf);
          ev.walk(src.sf, ev.root);
        } catch (e) {
          return { file, message: `internal error while analysing (${(e as Error).message}); file skipped`, internal: true };
        }
        // A syntax error: the recovered tree was analysed; findings in its damage are dropped.
        const pe = src.parseError;
        return pe && { file, message: `Parsing error: ${pe.message}`, line: pe.line, column: pe.column, fatal: true };
      },
      damaged: (file) => state?.project.parsedOrUndefined(file)?.damaged ?? [],
      hidden: (file) => state?.project.parsedOrUndefined(file)?.hidden,
      finish() {
        if (!state) return { events: [], models: [] };
        // Methods nobody called on the instances made, once every file has run (instances.ts).
        if (!finished) state.ev.instanceRuns.run(state.ev, state.ev.events, state.ev.models);
        finished = true;
        return { events: state.ev.events, models: state.ev.models };
      },
      editUnsafeAt: (file, start, end) => state?.ev.instanceRuns.unsafeAt(file, start, end),
      siteUnsafe: (site) => state?.ev.instanceRuns.unsafeAt(site.file, site.start, site.end),
    };
  },
};

/** Loads TypeScript and the interpreter now rather than at the first JS file: for a long-lived
 *  process that will analyse JS soon (the language server's worker, while the client handshakes). */
export function preloadJsFrontend(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- the same lazy modules as session() */
  require('./program');
  require('./evaluator');
  require('./sources');
  /* eslint-enable @typescript-eslint/no-require-imports */
}
