// Which files are analysed together with an open document: the source files of its project, where the
// project is the nearest folder with a package.json between the document and its workspace folder
// (else the workspace folder itself; else, outside any workspace, the document's own folder).
// Listings are cached per project root until a file is created or deleted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLintable, LINTABLE_EXTENSIONS } from '../../rules/text';
import { CONFIG_FILE_NAMES } from './protocol';
import { isUntitledPath } from './uris';

/** The engine's own list (rules/text.ts): a file kind it learns to read (.py) is picked up here as is. */
export const SOURCE_EXTENSIONS: readonly string[] = LINTABLE_EXTENSIONS;
/** Dependencies and build output: analysing them would only duplicate or drown the user's findings. */
const SKIPPED_DIRS = new Set(['node_modules', 'bower_components', 'jspm_packages', 'dist', 'out', 'build', 'coverage']);
const MAX_FILES = 2000;
const MAX_DIRS = 20000;

/** The dependency files a Python file's Keras pin is read from (rules/engine/python/pins.ts
 *  DEPENDENCY_FILES; setup.py is watched as source): a change to one changes which fixes are safe. */
export const DEPENDENCY_GLOBS = ['**/requirements*.txt', '**/requirements/*.txt', '**/{pyproject.toml,setup.cfg,environment.yml,environment.yaml,Pipfile,Pipfile.lock,poetry.lock,uv.lock,pdm.lock}'];

export function isConfigFile(file: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.basename(file));
}

/** Whether a configuration file in `file`'s folder can apply to the project at `root` (config.ts searches upwards). */
export function configAppliesTo(file: string, root: string): boolean {
  return isConfigFile(file) && isInside(path.dirname(file), root);
}

export interface Listing {
  files: string[];
  /** True when MAX_FILES or MAX_DIRS stopped the walk. */
  truncated: boolean;
}

export function isSourceFile(file: string): boolean {
  return isLintable(file) && !/\.d\.[cm]?ts$/i.test(file);
}

export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function projectRootFor(file: string, workspaceFolders: readonly string[]): string {
  // An untitled buffer is a project of its own (uris.ts).
  if (isUntitledPath(file)) return path.dirname(file);
  const folder = workspaceFolders
    .filter((f) => isInside(f, file))
    .sort((a, b) => b.length - a.length)[0];
  let dir = path.dirname(file);
  // Outside a workspace only the document's folder and its parent are searched: a stray ~/package.json
  // must not pull in all of $HOME.
  const ceiling = folder ?? path.dirname(dir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === ceiling || !isInside(ceiling, dir)) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return folder ?? path.dirname(file);
}

export class ProjectFiles {
  private readonly listings = new Map<string, Promise<Listing>>();

  list(root: string): Promise<Listing> {
    let listing = this.listings.get(root);
    if (!listing) {
      listing = walk(root);
      this.listings.set(root, listing);
      listing.catch(() => this.listings.delete(root));
    }
    return listing;
  }

  /** A file was created or deleted somewhere. */
  invalidate(): void {
    this.listings.clear();
  }
}

async function walk(root: string): Promise<Listing> {
  const files: string[] = [];
  const dirs = [root];
  let visited = 0;
  while (dirs.length > 0) {
    if (files.length >= MAX_FILES || visited >= MAX_DIRS) return { files, truncated: true };
    const dir = dirs.shift() as string;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it, as the CLI does
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      // Symbolic links are not followed: they can loop and usually point into dependencies.
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name)) dirs.push(full);
      } else if (e.isFile() && isSourceFile(e.name)) {
        files.push(full);
        if (files.length >= MAX_FILES) break;
      }
    }
  }
  return { files, truncated: false };
}
