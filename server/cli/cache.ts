// --cache: results of each component (see import-graph.ts) keyed by a hash of everything they
// depend on: the path, role and content hash of every file the component reads, the lint options,
// the tool's version and the engine's own code. A component is re-linted when any of its files
// changed, appeared or went away (which changes its membership). Next to the results the cache
// keeps each file's record (file-records.ts: an unchanged file is not read again), the folder
// listings (dir-listings.ts), the last split (graph-snapshot.ts) and the rules' metadata (a run
// that finds everything cached does not load the engine). The file itself: cache-file.ts.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { LintOptions } from '../../rules';
import { readCacheFile, writeCacheFile, type CacheData } from './cache-file';
import type { PartResult } from './component-lint';
import { ruleMetas } from './engine';
import { FileRecords } from './file-records';
import { DirListings } from './dir-listings';
import type { GraphSnapshot } from './graph-snapshot';
import type { Component, ContentStore } from './import-graph';
import { packageVersion } from '../formatters/common';

export { readCacheFile, type CacheData };
export const DEFAULT_CACHE_FILE = '.logit-lint-cache';

/** How --cache decides that a file is unchanged (ESLint's option names). */
export type CacheStrategy = 'metadata' | 'content';
export const CACHE_STRATEGIES: CacheStrategy[] = ['metadata', 'content'];

export class LintCache {
  private readonly stored: Map<string, PartResult | 0>;
  /** Entries of this run: what is saved (entries of components that no longer exist are dropped). */
  private readonly current = new Map<string, PartResult | 0>();
  private misses = 0;
  /** Folder listings for discovery: facts about the disk, kept whatever the options. */
  listings: DirListings | undefined;
  /** The split this run used, to be saved; a new one makes the cache dirty. */
  graph: { snapshot: GraphSnapshot; fresh: boolean } | undefined;

  /** `file` undefined: an in-memory cache for one CLI run (e.g. between --fix passes). */
  private constructor(readonly file: string | undefined, readonly fingerprint: string, stored: Map<string, PartResult | 0>, readonly records?: FileRecords, readonly snapshot?: GraphSnapshot) {
    this.stored = stored;
  }

  static inMemory(fingerprint: string): LintCache {
    return new LintCache(undefined, fingerprint, new Map());
  }

  /** The cache kept in `file`; `data` is that file as read (readCacheFile) or undefined. Results
   *  and file facts of another engine build or other options are dropped; folder listings are
   *  facts about the disk alone and are kept. */
  static fromFile(file: string, data: CacheData | undefined, fingerprint: string, strategy: CacheStrategy): LintCache {
    const trustStat = strategy === 'metadata';
    const cache = data?.fingerprint === fingerprint
      ? new LintCache(file, fingerprint, new Map(Object.entries(data.entries)), new FileRecords(data.files, data.savedAt, trustStat), data.graph)
      : new LintCache(file, fingerprint, new Map(), FileRecords.empty(trustStat));
    cache.listings = new DirListings(data?.dirs ?? {}, data?.savedAt ?? 0);
    return cache;
  }

  get(key: string): PartResult | undefined {
    const hit = this.current.get(key) ?? this.stored.get(key);
    if (hit === undefined) return undefined;
    this.current.set(key, hit);
    return hit === 0 ? { findings: [], problems: [], unusedDirectives: [] } : hit;
  }

  /** Whether this run has anything to add to or drop from the file (a fully cached run has not). */
  get dirty(): boolean {
    return this.misses > 0 || this.current.size !== this.stored.size || (this.records?.dirty ?? false) || (this.graph?.fresh ?? false) || (this.listings?.dirty ?? false);
  }

  set(key: string, result: PartResult): void {
    this.misses++;
    const empty = result.findings.length === 0 && result.problems.length === 0 && result.unusedDirectives.length === 0;
    this.current.set(key, empty ? 0 : result);
  }

  /** Writes what this run used, when that differs from the file. Returns an error message instead of throwing. */
  save(): string | undefined {
    if (!this.file || !this.dirty) return undefined;
    return writeCacheFile(this.file, {
      engine: engineId(),
      fingerprint: this.fingerprint,
      savedAt: Date.now(),
      ruleMetas: ruleMetas(),
      files: this.records?.saved() ?? new Map(),
      dirs: this.listings?.toJSON() ?? {},
      graph: this.graph?.snapshot,
      entries: Object.fromEntries(this.current),
    });
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
  walk(path.join(__dirname, '..', '..', 'rules'));
  engineHash = h.digest('hex');
  return engineHash;
}

/** The tool's version and the engine's build: what the rules' metadata depends on. */
export function engineId(): string {
  return createHash('sha1').update(`${packageVersion()}\0${engineFingerprint()}`).digest('hex');
}

/** What every component's result depends on besides its files. */
export function runFingerprint(options: LintOptions): string {
  const opts = JSON.stringify([options.rules ?? {}, options.tfModules ?? [], options.maxFileBytes ?? null, options.keepSuppressed ?? false]);
  return createHash('sha1').update(`${engineId()}\0${opts}`).digest('hex');
}

/** The component's key: its members' paths, whether each is linted, and their content hashes. */
export function componentKey(comp: Component, store: ContentStore): string {
  const h = createHash('sha1');
  const linted = new Set(comp.files);
  for (const m of comp.members) {
    const f = store.factsOf(m);
    h.update(`${m}\0${linted.has(m) ? 'L' : 'R'}\0`);
    if (f.kind === 'text') h.update(`T${f.hash}`);
    else if (f.kind === 'error') h.update('E').update(f.error);
    else h.update('M');
    h.update('\0');
  }
  return h.digest('base64');
}
