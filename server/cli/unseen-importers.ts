// `logit-lint model.py train.py` (a pre-commit hook passes the staged files): the files given and
// what they import are analysed, but not the other files of the project, which may import a given
// one and read its model's output (an app.py thresholding it at 0.5), or call its helpers with their
// own values (a to_labels() shared by two training scripts). A fix that edits a file not given, edits
// one such files import, or changes a model they reach is a suggestion then (cli.ts withinLinted).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverFiles, type IgnoreTest } from './files';
import { importSpecifiers } from './import-graph';
import { folderResolver } from '../../rules/text';
import { findRepoRoot } from '../formatters/common';
import { rawLimit } from '../../rules/engine/core/text-checks';
import { dynamicLoads, type Resolver } from './dynamic-loads';

/** Fix kinds that change what a model outputs, for every reader of it. */
export const MODEL_CHANGES = new Set(['remove-activation', 'add-activation', 'log-softmax']);

/** Past these, the project is not read through: taken to hold such importers. */
const MAX_FILES = 20_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** The files that files of the project the run did not lint import, directly or through other
 *  files, and those a file of the project may import by a name the analysis cannot resolve ('all'
 *  when that cannot be known). The project: the git repository holding the linted
 *  files, else the working folder when it holds them, else the folder they share (never the
 *  filesystem's root or the home folder: then it is 'all'). A file the lint skipped for its size
 *  counts as one it did not lint (its imports are still read); a project too big to read is 'all'. */
const PYTHON = /\.(?:py|ipynb)$/i;

export function importedFromUnseen(cwd: string, linted: ReadonlySet<string>, ignored: IgnoreTest, maxBytes: number): ReadonlySet<string> | 'all' {
  const root = projectRoot(cwd, [...linted]);
  if (!root) return 'all';
  const project = discoverFiles([root], root, ignored).files;
  if (project.length > MAX_FILES) return 'all';
  // A file the run skipped for its size (a notebook of 33 MB of plots) was not analysed either.
  const outside = project.filter((f) => !linted.has(f) || tooBig(f, maxBytes));
  // Imports resolve to files of the project (a module in an ignored folder, `venv/`, is no file
  // of it): a lookup instead of a file system call per candidate path.
  const inProject = new Set(project);
  const exists = (f: string): boolean => linted.has(f) || inProject.has(f);
  const resolveImport = folderResolver(exists);
  // Top-level Python modules some file imports by a name we cannot resolve from where it is
  // (`from utils import f` in a tests/ folder without __init__.py, run by pytest with the root on
  // sys.path; a notebook after `sys.path.append("..")`): the project's files of that name may be
  // what it imports.
  // (By the files importing it: a script that imports the installed package it is named after,
  // `captum.py` saying `from captum.attr import ...`, is not what it imports.)
  const unresolved = new Map<string, Set<string>>();
  const addUnresolved = (name: string, by: string) => {
    const s = unresolved.get(name);
    if (s) s.add(by);
    else unresolved.set(name, new Set([by]));
  };
  const dynamic = new Set<string>();
  let total = 0;
  const resolver: Resolver = {
    module: (from, name) => resolveImport(from, `py:0:${name}`),
    exists,
    under: (dir) => project.filter((f) => f.startsWith(dir + path.sep)),
    root,
  };
  const targetsCache = new Map<string, string[]>();
  // What a file imports (read once; a file that cannot be read imports nothing we know of).
  const targetsOf = (file: string): string[] | 'all' => {
    let ts = targetsCache.get(file);
    if (ts) return ts;
    let text: string;
    try {
      // Read whatever its size (only its imports are looked for), within the budget.
      const size = fs.statSync(file).size;
      if ((total += size) > MAX_TOTAL_BYTES) return 'all';
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    ts = [];
    // Modules loaded by a name or a path at run time (dynamic-loads.ts): read by code the
    // analysis did not see; a name it cannot read may be any module.
    // (Python's loaders load Python modules only: one whose name we cannot read may be any Python
    // module of the project, no JavaScript file.)
    const loads = PYTHON.test(file) ? dynamicLoads(file, text, resolver) : { files: [], names: [] };
    if (loads === 'all') {
      for (const f of project) if (PYTHON.test(f)) dynamic.add(f);
    } else {
      for (const f of loads.files) dynamic.add(f);
      for (const n of loads.names) addUnresolved(n, file);
    }
    const specs = importSpecifiers(text, file);
    // Modules found in a folder the file put on sys.path (`pyat:<folder>:<module>`) are resolved.
    const viaPath = new Set(specs.filter((sp) => sp.startsWith('pyat:') && resolveImport(file, sp)).map((sp) => sp.slice(sp.lastIndexOf(':') + 1).split('.')[0]));
    for (const sp of specs) {
      const t = resolveImport(file, sp);
      if (t) ts.push(t);
      else if (/^py:0:\w/.test(sp)) {
        // `from utils import to_labels` is also tried as a submodule `utils.to_labels`: only a top
        // name that does not resolve counts.
        const top = sp.slice(5).split('.')[0];
        if (!viaPath.has(top) && !resolveImport(file, `py:0:${top}`)) addUnresolved(top, file);
      }
    }
    targetsCache.set(file, ts);
    return ts;
  };
  for (const file of linted) if (targetsOf(file) === 'all') return 'all';
  // Everything the files outside the run reach through imports (through files of the run too: a
  // helper a linted file imports may be called with an outside file's values).
  const reached = new Set<string>(dynamic);
  for (const file of outside) if (targetsOf(file) === 'all') return 'all';
  for (const file of dynamic) reached.add(file);
  const todo = [...outside, ...reached];
  for (const file of project) {
    const name = path.basename(file) === '__init__.py' ? path.basename(path.dirname(file)) : path.basename(file).replace(/\.py$/, '');
    const importers = unresolved.get(name);
    if (file.endsWith('.py') && importers && [...importers].some((by) => by !== file)) {
      reached.add(file);
      todo.push(file);
    }
  }
  while (todo.length) {
    const ts = targetsOf(todo.pop()!);
    if (ts === 'all') return 'all';
    for (const t of ts) {
      if (reached.has(t)) continue;
      reached.add(t);
      todo.push(t);
    }
  }
  return reached;
}

function tooBig(file: string, maxBytes: number): boolean {
  try {
    return fs.statSync(file).size > rawLimit(file, maxBytes);
  } catch {
    return false;
  }
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
