// Which safe fixes a run may apply: one that edits a file the run did not lint, a library's module,
// or a model that unseen files may use is a suggestion instead, its title saying why.
import * as path from 'path';
import type { Finding } from '../../rules';
import { installablePackageOf } from './installable';
import { MODEL_CHANGES } from './unseen-importers';
import { plural } from '../formatters/common';

/** `logit-lint train.py` (a pre-commit hook, lint-staged) reads model.py for what train.py imports,
 *  but not the project's other files (a predict.py reading the model's output as probabilities, a
 *  train_b.py calling the same helper with another model's output): a fix that edits a file outside
 *  the ones linted, edits a file those files import, or changes a model while they import anything
 *  the run read, is offered as a suggestion, never applied by --fix (unseen-importers.ts). */
export function withinLinted(f: Finding, linted: Set<string>, unseenImports: () => ReadonlySet<string> | 'all'): Finding {
  if (!f.fix) return f;
  // Why --fix leaves it, in its title (a suggestion is otherwise no different from any other).
  const shared = (): string | undefined => {
    const outside = f.fix!.edits.find((e) => !linted.has(e.file));
    if (outside) return `it edits ${path.basename(outside.file)}, which this run did not lint`;
    // A library's module: its users' code calls it, and no run sees that code.
    const lib = f.fix!.edits.find((e) => installablePackageOf(e.file) !== undefined);
    if (lib) return `it edits ${path.basename(lib.file)}, part of an installable package whose users' code this run cannot see`;
    // A notebook is imported only through an importer package (`import import_ipynb`), which the
    // import graph follows: edits to notebooks no unseen file loads reach only what the run read.
    const imported = unseenImports();
    if (f.fix!.edits.every((e) => /\.ipynb$/i.test(e.file))) {
      const loaded = imported !== 'all' && f.fix!.edits.find((e) => imported.has(e.file));
      return loaded ? `files this run did not lint load ${path.basename(loaded.file)} as a module` : undefined;
    }
    if (imported === 'all') return 'files this run did not lint may import what it edits';
    // A model change reaches every reader of the model: any import of a file the run read.
    if (f.fix!.kind && MODEL_CHANGES.has(f.fix!.kind)) return [...linted].some((file) => imported.has(file)) ? 'it changes a model that files this run did not lint, or whose imports it could not follow, may use' : undefined;
    const edited = f.fix!.edits.find((e) => imported.has(e.file));
    return edited && `files this run did not lint, or whose imports it could not follow, import ${path.basename(edited.file)}`;
  };
  const why = shared();
  return why ? { ...f, fix: undefined, suggestions: [{ ...f.fix, title: `${f.fix.title} (not applied by --fix: ${why})`, safe: false }, ...f.suggestions] } : f;
}

/** The safe fixes withinLinted left as suggestions, counted by reason: said once, so that a run
 *  that fixes nothing says why. */
export function heldBack(findings: Finding[]): string[] {
  const why = new Map<string, number>();
  for (const f of findings) {
    for (const s of f.suggestions) {
      const m = / \(not applied by --fix: (.*)\)$/.exec(s.title);
      if (m) why.set(m[1], (why.get(m[1]) ?? 0) + 1);
    }
  }
  return [...why].map(([reason, n]) => `${plural(n, 'fix', 'fixes')} left as ${n === 1 ? 'a suggestion' : 'suggestions'}: ${reason}`);
}
