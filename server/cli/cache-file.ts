// The --cache file on disk: one JSON document, written atomically (a temporary file renamed into
// place). Paths are stored once, in a table, and referred to by index everywhere else: a 10,000-file
// project's cache is read on every run, and its paths were most of its bytes. A missing, corrupt,
// foreign or damaged file reads as undefined: the run then starts with an empty cache, like ESLint's.
import * as fs from 'fs';
import * as path from 'path';
import type { RuleMeta } from '../../rules';
import type { PartResult } from './component-lint';
import type { SavedListing } from './dir-listings';
import type { FileRecord } from './file-records';
import type { GraphSnapshot } from './graph-snapshot';

const FORMAT = 3;

/** The cache as the program uses it. */
export interface CacheData {
  /** The tool's version and engine build (cache.ts engineId): the rules' metadata is theirs. */
  engine: string;
  /** engine + lint options: results and file facts are valid only under the same fingerprint. */
  fingerprint: string;
  savedAt: number;
  ruleMetas: RuleMeta[];
  files: Map<string, FileRecord>;
  /** Folder listings (dir-listings.ts), by folder. */
  dirs: Record<string, SavedListing>;
  /** The last run's split into components (graph-snapshot.ts). */
  graph?: GraphSnapshot;
  /** Component key -> its result; 0 for "nothing to report" (most components). */
  entries: Record<string, PartResult | 0>;
}

/** As written: every path replaced by its index in `paths`. */
interface OnDisk {
  format: number;
  engine: string;
  fingerprint: string;
  savedAt: number;
  ruleMetas: RuleMeta[];
  paths: string[];
  files: Array<[number, ...FileRecord]>;
  dirs: Array<[number, SavedListing]>;
  graph?: { files: number[]; dirs: number[]; components: Array<[string, number, number[], number[]]> };
  entries: Record<string, PartResult | 0>;
}

export function readCacheFile(file: string): CacheData | undefined {
  try {
    const d = JSON.parse(fs.readFileSync(file, 'utf8')) as OnDisk;
    if (d?.format !== FORMAT || typeof d.engine !== 'string' || typeof d.fingerprint !== 'string' || typeof d.savedAt !== 'number') return undefined;
    const p = d.paths;
    const at = (i: number): string => {
      const s = p[i];
      if (typeof s !== 'string') throw new Error('damaged path table');
      return s;
    };
    const g = d.graph;
    return {
      engine: d.engine,
      fingerprint: d.fingerprint,
      savedAt: d.savedAt,
      ruleMetas: d.ruleMetas.slice(),
      files: new Map(d.files.map(([i, ...rec]) => [at(i), rec as FileRecord])),
      dirs: Object.fromEntries(d.dirs.map(([i, l]) => [at(i), l])),
      graph: g && {
        files: g.files.map(at),
        dirs: g.dirs.map(at),
        components: g.components.map(([key, cost, members, linted]) => ({ key: String(key), cost: Number(cost), members: members.map(at), files: linted.map(at) })),
      },
      entries: d.entries,
    };
  } catch {
    return undefined;
  }
}

/** Writes the cache; returns an error message instead of throwing. */
export function writeCacheFile(file: string, data: CacheData): string | undefined {
  const index = new Map<string, number>();
  const paths: string[] = [];
  const at = (p: string) => {
    let i = index.get(p);
    if (i === undefined) index.set(p, (i = paths.push(p) - 1));
    return i;
  };
  const g = data.graph;
  const disk: OnDisk = {
    format: FORMAT,
    engine: data.engine,
    fingerprint: data.fingerprint,
    savedAt: data.savedAt,
    ruleMetas: data.ruleMetas,
    paths,
    files: [...data.files].map(([f, rec]) => [at(f), ...rec]),
    dirs: Object.entries(data.dirs).map(([dir, l]) => [at(dir), l]),
    graph: g && {
      files: g.files.map(at),
      dirs: g.dirs.map(at),
      components: g.components.map((c) => [c.key, c.cost, c.members.map(at), c.files.map(at)]),
    },
    entries: data.entries,
  };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const dir = path.dirname(file);
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(disk));
    fs.renameSync(tmp, file);
    return undefined;
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do
    }
    return `cannot write the cache ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}
