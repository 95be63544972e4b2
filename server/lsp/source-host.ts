// The engine's SourceHost inside the analysis worker: open documents first, then the disk through a
// cache keyed by (mtime, size), so an edit re-reads nothing but the edited buffer.
import * as fs from 'node:fs';
import type { SourceHost } from '../../rules';

/** Refuse to even read files this large; the engine's own limit (2 MB by default) is far below. */
const MAX_READ_BYTES = 16 * 1024 * 1024;
/** Drop the whole disk cache past this many characters, rather than tracking use per entry. */
const MAX_CACHED_CHARS = 256 * 1024 * 1024;

interface CachedFile {
  mtimeMs: number;
  size: number;
  text: string;
}

export class CachedSourceHost implements SourceHost {
  private readonly disk = new Map<string, CachedFile>();
  private cachedChars = 0;
  private overlay = new Map<string, string>();
  /** Texts handed to the engine during the current run: the basis for offset -> range conversion. */
  private readonly served = new Map<string, string | undefined>();
  /** Disk reads during the current run (cache misses), for the log. */
  reads = 0;

  beginRun(overlay: Record<string, string>): void {
    this.overlay = new Map(Object.entries(overlay));
    this.served.clear();
    this.reads = 0;
  }

  readFile(path: string): string | undefined {
    if (this.served.has(path)) return this.served.get(path);
    const text = this.overlay.has(path) ? this.overlay.get(path) : this.readDisk(path);
    this.served.set(path, text);
    return text;
  }

  private readDisk(path: string): string | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      this.forget(path);
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_READ_BYTES) throw new Error(`file is too large to analyse (${Math.round(stat.size / 1048576)} MB)`);
    const hit = this.disk.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.text;
    const text = fs.readFileSync(path, 'utf8');
    this.reads++;
    this.forget(path);
    if (this.cachedChars + text.length > MAX_CACHED_CHARS) {
      this.disk.clear();
      this.cachedChars = 0;
    }
    this.disk.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    this.cachedChars += text.length;
    return text;
  }

  private forget(path: string): void {
    const old = this.disk.get(path);
    if (old) this.cachedChars -= old.text.length;
    this.disk.delete(path);
  }
}
