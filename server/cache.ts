// --cache: results of each component (see import-graph.ts) keyed by a hash of everything they
// depend on: the path, role and bytes of every file the component reads, the lint options, the
// tool's version and the engine's own code. A component is re-linted when any of its files
// changed, appeared or went away (which changes its membership). The cache is one JSON file
// (default .logit-lint-cache in the working folder), written atomically; a missing, corrupt or
// foreign cache file is simply treated as empty, like ESLint's.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { LintOptions } from '../rules';
import type { PartResult } from './component-lint';
import type { Component, ContentStore } from './import-graph';
import { packageVersion } from './formatters/common';

export const DEFAULT_CACHE_FILE = '.logit-lint-cache';
const FORMAT = 1;

interface CacheFile {
  format: number;
  fingerprint: string;
  /** Component key -> its result; 0 for "nothing to report" (most components). */
  entries: Record<string, PartResult | 0>;
}

export class LintCache {
  private readonly stored: Map<string, PartResult | 0>;
  /** Entries of this run: what is saved (entries of components that no longer exist are dropped). */
  private readonly current = new Map<string, PartResult | 0>();

  /** `file` undefined: an in-memory cache for one CLI run (e.g. between --fix passes). */
  private constructor(readonly file: string | undefined, readonly fingerprint: string, stored: Map<string, PartResult | 0>) {
    this.stored = stored;
  }

  static inMemory(fingerprint: string): LintCache {
    return new LintCache(undefined, fingerprint, new Map());
  }

  static load(file: string, fingerprint: string): LintCache {
    let entries = new Map<string, PartResult | 0>();
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (data && data.format === FORMAT && data.fingerprint === fingerprint && data.entries && typeof data.entries === 'object') {
        entries = new Map(Object.entries(data.entries));
      }
    } catch {
      // no cache yet, or unreadable: start empty
    }
    return new LintCache(file, fingerprint, entries);
  }

  get(key: string): PartResult | undefined {
    const hit = this.current.get(key) ?? this.stored.get(key);
    if (hit === undefined) return undefined;
    this.current.set(key, hit);
    return hit === 0 ? { findings: [], problems: [], unusedDirectives: [] } : hit;
  }

  set(key: string, result: PartResult): void {
    const empty = result.findings.length === 0 && result.problems.length === 0 && result.unusedDirectives.length === 0;
    this.current.set(key, empty ? 0 : result);
  }

  /** Writes the entries of this run. Returns an error message instead of throwing. */
  save(): string | undefined {
    if (!this.file) return undefined;
    const data: CacheFile = { format: FORMAT, fingerprint: this.fingerprint, entries: Object.fromEntries(this.current) };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const dir = path.dirname(this.file);
      if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(data));
      fs.renameSync(tmp, this.file);
      return undefined;
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing more to do
      }
      return `cannot write the cache ${this.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  }
}

/** Where --cache keeps its file: --cache-location may name a file or a folder. */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const abs = path.resolve(cwd, location);
  const isDir = /[\\/]$/.test(location) || (() => {
    try {
      return fs.statSync(abs).isDirectory();
    } catch {
      return false;
    }
  })();
  return isDir ? path.join(abs, DEFAULT_CACHE_FILE) : abs;
}

let engineHash: string | undefined;

/** A hash of the engine's compiled code: a rebuilt engine must not reuse old results even when
 *  the version number did not change (development builds). */
function engineFingerprint(): string {
  if (engineHash !== undefined) return engineHash;
  const h = createHash('sha1');
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.js')) h.update(e.name).update(fs.readFileSync(full));
    }
  };
  walk(path.join(__dirname, '..', 'rules'));
  engineHash = h.digest('hex');
  return engineHash;
}

/** What every component's result depends on besides its files. */
export function runFingerprint(options: LintOptions): string {
  const opts = JSON.stringify([options.rules ?? {}, options.tfModules ?? [], options.maxFileBytes ?? null, options.keepSuppressed ?? false]);
  return createHash('sha1').update(`${packageVersion()}\0${engineFingerprint()}\0${opts}`).digest('hex');
}

/** The component's key: its members' paths, whether each is linted, and their exact contents. */
export function componentKey(comp: Component, store: ContentStore): string {
  const h = createHash('sha1');
  const linted = new Set(comp.files);
  for (const m of comp.members) {
    const c = store.get(m);
    h.update(`${m}\0${linted.has(m) ? 'L' : 'R'}\0`);
    if ('text' in c) h.update(`T${c.text.length}\0`).update(c.text);
    else if ('error' in c) h.update('E').update(c.error);
    else h.update('M');
    h.update('\0');
  }
  return h.digest('base64');
}
