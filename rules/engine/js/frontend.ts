// The JavaScript/TypeScript frontend (also the <script> blocks of .html/.vue/.svelte): TypeScript's
// parser, the tfjs binding, and the abstract interpreter that turns code into the core's events.
import type { Frontend, FrontendSession } from '../core/frontend';
import type { LintOptions } from '../core/types';
import { Project } from './program';
import { Evaluator } from './evaluator';
import { SourceError } from './sources';
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
    const project = new Project(host, options.maxFileBytes ?? 2 * 1024 * 1024, options.tfModules);
    const ev = new Evaluator(project);
    let files = 0;
    return {
      analyse(file) {
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
          return { file, message: `internal error while analysing (${(e as Error).message}); file skipped` };
        }
        // A syntax error: the recovered tree was analysed; findings in its damage are dropped.
        const pe = src.parseError;
        return pe && { file, message: `Parsing error: ${pe.message}`, line: pe.line, column: pe.column, fatal: true };
      },
      damaged: (file) => project.parsedOrUndefined(file)?.damaged ?? [],
      hidden: (file) => project.parsedOrUndefined(file)?.hidden,
      finish: () => ({ events: ev.events, models: ev.models }),
    };
  },
};
