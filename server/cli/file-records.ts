// What --cache remembers about each file between runs, so an unchanged file is not read again: its
// stat signature next to the facts the run took from its text (content hash, imports, whether it
// can bind tfjs). A record is trusted only while size, mtime, ctime and inode all match — as git's
// index does — and not when the file was modified shortly before the record was saved ("racy": a
// second write within the same timestamp tick would leave the stat as it was). `--cache-strategy
// content` trusts no record: every file is read and hashed again.
import * as fs from 'fs';
import type { Facts } from './file-facts';

/** size, mtimeMs, ctimeMs, ino */
export type StatSignature = [number, number, number, number];
/**
 * A record as saved, flat (the cache of a big project holds tens of thousands and is parsed on
 * every run): the signature, then for a text file its length, 1/0 for "can bind tfjs", its content
 * hash and import specifiers; for a file that could not be read, -1 and the reason.
 */
export type FileRecord = [...StatSignature, number, ...Array<string | number>];

/**
 * Whether an mtime is too close to the save to prove anything. File systems with whole-second
 * timestamps (FAT, HFS+, some network mounts) get two seconds; the others stamp with the kernel's
 * coarse clock, a tick of at most 10 ms, so 100 ms is ample.
 */
export function racy(mtimeMs: number, savedAt: number): boolean {
  return mtimeMs >= savedAt - (mtimeMs % 1000 === 0 ? 2000 : 100);
}

export function statSignature(file: string): StatSignature | undefined {
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st?.isFile() ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : undefined;
  } catch {
    return undefined;
  }
}

export class FileRecords {
  private readonly current = new Map<string, FileRecord>();
  private changed = false;

  /** `savedAt`: when the previous records were written (ms since the epoch). */
  constructor(private readonly previous: Map<string, FileRecord>, private readonly savedAt: number, private readonly trustStat: boolean) {}

  static empty(trustStat: boolean): FileRecords {
    return new FileRecords(new Map(), 0, trustStat);
  }

  /** The facts recorded for `file` if its stat still matches and the record is not racy. */
  lookup(file: string, sig: StatSignature): Facts | undefined {
    if (!this.trustStat) return undefined;
    const rec = this.previous.get(file);
    if (!Array.isArray(rec) || rec.length < 6) return undefined;
    if (rec[0] !== sig[0] || rec[1] !== sig[1] || rec[2] !== sig[2] || rec[3] !== sig[3]) return undefined;
    if (racy(sig[1], this.savedAt)) return undefined;
    if (rec[4] === -1) return { kind: 'error', error: String(rec[5]) };
    if (typeof rec[4] !== 'number' || typeof rec[6] !== 'string') return undefined;
    return { kind: 'text', chars: rec[4], tf: rec[5] === 1, hash: rec[6], specs: rec.slice(7).map(String) };
  }

  /** Keeps the record `lookup` just accepted (what gets saved: files not seen this run drop out). */
  keep(file: string): void {
    this.current.set(file, this.previous.get(file)!);
  }

  /** Records facts this run read from `file`'s text. */
  record(file: string, sig: StatSignature, facts: Facts): void {
    if (facts.kind === 'error') this.current.set(file, [...sig, -1, facts.error]);
    else if (facts.kind === 'text' && facts.hash !== undefined) this.current.set(file, [...sig, facts.chars, facts.tf ? 1 : 0, facts.hash, ...facts.specs]);
    else return;
    this.changed = true;
  }

  /** Whether saving would write anything new: a record changed, appeared or went away. */
  get dirty(): boolean {
    return this.changed || this.current.size !== this.previous.size;
  }

  /** The records to save: those of the files this run looked at. */
  saved(): Map<string, FileRecord> {
    return this.current;
  }
}
