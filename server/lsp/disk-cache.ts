// The disk as the analysis worker reads it: a cache keyed by (mtime, size), so that checking a file
// that did not change costs a stat, not a read. Open documents are layered on top by the analysis
// (incremental-project.ts), never stored here.
import * as fs from 'node:fs';

/** Refuse to even read files this large; the engine's own limit (2 MB by default) is far below. */
const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Drop the whole cache past this many characters, rather than tracking use per entry. */
const MAX_CACHED_CHARS = 256 * 1024 * 1024;

interface CachedFile {
  mtimeMs: number;
  size: number;
  text: string;
}

export class DiskCache {
  private readonly files = new Map<string, CachedFile>();
  private cachedChars = 0;
  /** Reads that missed the cache, for the log. */
  reads = 0;

  /** The file's text; undefined when it does not exist or is not a file. Throws for a file too large to read. */
  read(path: string): string | undefined {
    // Module resolution probes many paths that do not exist: no exception for those.
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      stat = undefined; // unreadable folder on the way: as missing
    }
    if (!stat?.isFile()) {
      this.forget(path);
      return undefined;
    }
    if (stat.size > MAX_READ_BYTES) throw new Error(`file is too large to analyse (${Math.round(stat.size / 1048576)} MB)`);
    const hit = this.files.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.text;
    const text = fs.readFileSync(path, 'utf8');
    this.reads++;
    this.forget(path);
    if (this.cachedChars + text.length > MAX_CACHED_CHARS) {
      this.files.clear();
      this.cachedChars = 0;
    }
    this.files.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    this.cachedChars += text.length;
    return text;
  }

  private forget(path: string): void {
    const old = this.files.get(path);
    if (old) this.cachedChars -= old.text.length;
    this.files.delete(path);
  }
}
