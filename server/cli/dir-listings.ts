// --cache keeps each folder's listing, so a second run does not list 3,000 folders again, and can
// tell whether module resolution could now find other files (graph-snapshot.ts). Only entries that
// matter are kept: folders, symbolic links and files of the types the engine reads, so the cache
// file itself (written into the working folder) or a new README changes nothing. A folder whose
// mtime and ctime are unchanged has the same entries (creating, deleting or renaming an entry
// updates both), unless it changed just before the save (a second change in the same timestamp
// tick would not show; see file-records.ts); any other folder is listed again.
import * as fs from 'fs';
import { isLintable } from '../../rules/text';
import { racy } from './file-records';

/** d: folder, f: file, l: symbolic link. */
export type EntryKind = 'd' | 'f' | 'l';
export type Entry = [EntryKind, string];
/** As saved: mtimeMs, ctimeMs, the entries as one string ("kname\0kname...": compact JSON);
 *  null for a folder that did not exist. */
export type SavedListing = [number, number, string] | null;


function read(dir: string): [number, number, string] {
  const st = fs.statSync(dir);
  const parts: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const kind = d.isDirectory() ? 'd' : d.isSymbolicLink() ? 'l' : d.isFile() && isLintable(d.name) ? 'f' : undefined;
    if (kind) parts.push(kind + d.name);
  }
  return [st.mtimeMs, st.ctimeMs, parts.join('\0')];
}

const decode = (s: string): Entry[] => (s === '' ? [] : s.split('\0').map((e) => [e[0] as EntryKind, e.slice(1)]));

export class DirListings {
  private readonly current = new Map<string, SavedListing>();
  private changed = false;

  constructor(private readonly previous: Record<string, SavedListing> = {}, private readonly savedAt = 0) {}

  private saved(dir: string): SavedListing | undefined {
    return Object.prototype.hasOwnProperty.call(this.previous, dir) ? this.previous[dir] : undefined;
  }

  private get(dir: string): SavedListing {
    if (this.current.has(dir)) return this.current.get(dir)!;
    const old = this.saved(dir);
    let now: SavedListing;
    try {
      const st = fs.statSync(dir);
      const trusted = Array.isArray(old) && old[0] === st.mtimeMs && old[1] === st.ctimeMs && !racy(st.mtimeMs, this.savedAt);
      now = trusted ? old : read(dir);
    } catch {
      now = null;
    }
    // Same entries under a new mtime (the cache file was written there) is no change worth saving.
    if (old === undefined || (old === null) !== (now === null) || (old && now && old[2] !== now[2])) this.changed = true;
    this.current.set(dir, now);
    return now;
  }

  /** The folder's entries (lintable files, folders, links); throws when it cannot be read. */
  list(dir: string): Entry[] {
    const l = this.get(dir);
    if (l === null) return decode(read(dir)[2]); // throws the reason
    return decode(l[2]);
  }

  /** Whether the folder has the entries (or the absence) the saved listing recorded. */
  unchanged(dir: string): boolean {
    const now = this.get(dir); // also records the folder for the next run
    const old = this.saved(dir);
    if (old === undefined) return false;
    return now === null ? old === null : old !== null && old[2] === now[2];
  }

  /** Whether saving would write anything new. */
  get dirty(): boolean {
    return this.changed || this.current.size !== Object.keys(this.previous).length;
  }

  toJSON(): Record<string, SavedListing> {
    return Object.fromEntries(this.current);
  }
}

/** Without --cache: a plain listing. */
export function listDir(dir: string): Entry[] {
  return decode(read(dir)[2]);
}
