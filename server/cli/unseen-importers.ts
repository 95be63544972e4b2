// `logit-lint model.py train.py` (a pre-commit hook passes the staged files): the files given and
// what they import are analysed, but not the other files of the project, which may import a given
// one and read its model's output (an app.py thresholding it at 0.5). A fix that changes a model or
// edits a file not given is a suggestion then (cli.ts withinLinted).
import * as fs from 'fs';
import { discoverFiles, type IgnoreTest } from './files';
import { importSpecifiers } from './import-graph';
import { resolveImport } from '../../rules/text';

/** Fix kinds that change what a model outputs, for every reader of it. */
export const MODEL_CHANGES = new Set(['remove-activation', 'add-activation', 'log-softmax']);

/** Whether a file under `cwd` that the run did not lint imports one it read, directly or through
 *  other such files. Walks and reads the project once, only when asked. */
export function hasUnseenImporters(cwd: string, linted: ReadonlySet<string>, read: readonly string[], ignored: IgnoreTest): boolean {
  const outside = discoverFiles(['.'], cwd, ignored).files.filter((f) => !linted.has(f));
  if (!outside.length) return false;
  const targets = new Map<string, string[]>();
  const exists = (f: string) => linted.has(f) || fs.existsSync(f);
  for (const file of outside) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const specs = importSpecifiers(text, file);
    if (specs.length) targets.set(file, specs.map((s) => resolveImport(file, s, exists)).filter((t): t is string => !!t));
  }
  // Files that reach what the run read, growing until nothing changes.
  const reaching = new Set(read);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [file, ts] of targets) {
      if (!reaching.has(file) && ts.some((t) => reaching.has(t))) {
        reaching.add(file);
        changed = true;
        if (!linted.has(file)) return true;
      }
    }
  }
  return false;
}
