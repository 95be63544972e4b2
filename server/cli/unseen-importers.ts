// `logit-lint model.py train.py` (a pre-commit hook passes the staged files): the files given and
// what they import are analysed, but not the other files of the project, which may import a given
// one and read its model's output (an app.py thresholding it at 0.5). A fix that changes a model or
// edits a file not given is a suggestion then (cli.ts withinLinted).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverFiles, type IgnoreTest } from './files';
import { importSpecifiers } from './import-graph';
import { resolveImport } from '../../rules/text';
import { findRepoRoot } from '../formatters/common';

/** Fix kinds that change what a model outputs, for every reader of it. */
export const MODEL_CHANGES = new Set(['remove-activation', 'add-activation', 'log-softmax']);

/** Past these, the project is not read through: taken to hold such importers. */
const MAX_FILES = 20_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** Whether a file of the project that the run did not lint imports one it read, directly or
 *  through other such files. The project: the git repository holding the linted files, else the
 *  working folder when it holds them, else the folder they share (never the filesystem's root or
 *  the home folder: then it counts as having such importers). Files over `maxBytes` are not
 *  read (the lint skips them too); a project too big to read counts as having such importers. */
export function hasUnseenImporters(cwd: string, linted: ReadonlySet<string>, read: readonly string[], ignored: IgnoreTest, maxBytes: number): boolean {
  const root = projectRoot(cwd, [...linted]);
  if (!root) return true;
  const outside = discoverFiles([root], root, ignored).files.filter((f) => !linted.has(f));
  if (outside.length > MAX_FILES) return true;
  const targets = new Map<string, string[]>();
  const exists = (f: string) => linted.has(f) || fs.existsSync(f);
  let total = 0;
  for (const file of outside) {
    let text: string;
    try {
      const size = fs.statSync(file).size;
      if (size > maxBytes) continue;
      if ((total += size) > MAX_TOTAL_BYTES) return true;
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

function projectRoot(cwd: string, files: string[]): string | undefined {
  if (!files.length) return undefined;
  const inside = (dir: string) => files.every((f) => f === dir || f.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep));
  const repo = findRepoRoot(path.dirname(files[0]));
  if (repo && inside(repo) && !broad(repo)) return repo;
  if (inside(cwd) && !broad(cwd)) return cwd;
  let dir = path.dirname(files[0]);
  while (!inside(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return broad(dir) ? undefined : dir;
}

/** The filesystem's root or the home folder: no project to read through. */
function broad(dir: string): boolean {
  return path.dirname(dir) === dir || dir === os.homedir();
}
