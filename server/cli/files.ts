// Which files the CLI lints, and how it reads them.
// Discovery: each argument is a file, a folder (walked), or a glob (`src/**/*.ts`, quoted so the
// shell leaves it alone). Walking skips node_modules, .git, dist, build, Python environments and
// caches (.venv, venv, __pycache__, site-packages, .tox, .ipynb_checkpoints) and *.min.js, and does not
// follow symlinked folders (cycles). Reading: sizes are checked before reading, and NUL bytes are
// refused with a message, so a stray binary never reaches the parser; invalid UTF-8 (a legacy
// encoding) is linted as decoded, with a note, and never written by --fix.
import * as fs from 'fs';
import * as path from 'path';
import { isLintable as engineReads, LINTABLE_EXTENSIONS } from '../../rules/text';
import { listDir, type DirListings, type Entry } from './dir-listings';
import { isNotebook, NOTEBOOK_RAW_FACTOR, rawLimit } from '../../rules/engine/core/text-checks';

// Installed packages and build output: not the project's code, and often thousands of files.
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '.venv', 'venv', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.pytest_cache', '.ipynb_checkpoints']);
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Whether a folder walk picks the file up: a type the engine reads, and not minified. */
export function isLintable(file: string): boolean {
  return engineReads(file) && !file.endsWith('.min.js');
}

export interface Discovery {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Usage errors, one line each: a missing path, a glob that matched nothing. */
  errors: string[];
  /** Worth a line on stderr but not an error: a named file of another type, an unreadable folder. */
  notices: string[];
}

/** `ignored(absPath, isDirectory)` lets configuration prune files and whole folders. */
export type IgnoreTest = (absPath: string, isDirectory: boolean) => boolean;

/** `listings`: --cache's folder listings (dir-listings.ts); without it every folder is read. */
export function discoverFiles(args: string[], cwd: string, ignored: IgnoreTest = () => false, listings?: DirListings): Discovery {
  const found = new Set<string>();
  const out: Discovery = { files: [], errors: [], notices: [] };
  const w: Walk = { found, out, ignored, list: listings ? (dir) => listings.list(dir) : listDir };
  for (const arg of args.length ? args : ['.']) {
    const abs = path.resolve(cwd, arg);
    const stat = statOrUndefined(abs);
    if (stat?.isDirectory()) {
      walk(abs, w, () => true);
    } else if (stat?.isFile()) {
      // Named explicitly: linted even if minified or under a skipped folder, but not when the
      // configuration ignores it (pre-commit hooks pass every staged file). Other file types are
      // passed over quietly enough that `logit-lint src/*` still works.
      if (!engineReads(abs)) out.notices.push(`${arg}: not a file type logit-lint reads (${LINTABLE_EXTENSIONS.join(' ')}); skipped`);
      else if (!ignored(abs, false)) found.add(abs);
    } else if (stat) {
      out.errors.push(`${arg}: not a file or folder`);
    } else if (isGlob(arg)) {
      const { base, pattern } = splitGlob(arg);
      const absBase = path.resolve(cwd, base);
      const re = globToRegExp(pattern);
      const before = found.size;
      if (statOrUndefined(absBase)?.isDirectory()) walk(absBase, w, (file) => re.test(path.relative(absBase, file).split(path.sep).join('/')));
      if (found.size === before) out.errors.push(`${arg}: no files matched`);
    } else {
      out.errors.push(`${arg}: ${brokenLink(abs) ?? 'no such file or folder'}`);
    }
  }
  out.files = [...found].sort();
  return out;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

const LINK_LOOP = 'symbolic link loop; skipped';

/** Why a symbolic link cannot be followed (a loop, or nothing at its end); undefined otherwise. */
function brokenLink(p: string): string | undefined {
  // A path that does not exist at all is not a link (lstat would throw ENOENT too).
  if (!fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) return undefined;
  try {
    fs.statSync(p);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? LINK_LOOP : code === 'ENOENT' ? 'symbolic link to nothing' : undefined;
  }
}

interface Walk {
  found: Set<string>;
  out: Discovery;
  ignored: IgnoreTest;
  list: (dir: string) => Entry[];
}

function walk(dir: string, w: Walk, keep: (file: string) => boolean): void {
  let entries: Entry[];
  try {
    entries = w.list(dir);
  } catch (e) {
    w.out.notices.push(`${dir}: cannot read folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return;
  }
  // `dir` is absolute and normalised already: joining by hand is measurably cheaper on big trees.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const [kind, name] of entries) {
    const full = prefix + name;
    if (kind === 'd') {
      if (!SKIPPED_DIRS.has(name) && !w.ignored(full, true)) walk(full, w, keep);
      continue;
    }
    if (!isLintable(full)) continue;
    // A symlink counts when it points at a file; symlinked folders are not followed.
    const isFile = kind === 'f' || (kind === 'l' && !!statOrUndefined(full)?.isFile());
    if (kind === 'l' && !isFile && brokenLink(full) === LINK_LOOP) w.out.notices.push(`${full}: ${LINK_LOOP}`);
    if (isFile && keep(full) && !w.ignored(full, false)) w.found.add(full);
  }
}

export function isGlob(s: string): boolean {
  return /[*?[\]{}]/.test(s);
}

/** The folder an argument starts in: a folder itself, a file's folder, or a glob's fixed prefix. */
export function argBase(arg: string, cwd: string): string {
  const abs = path.resolve(cwd, isGlob(arg) ? splitGlob(arg).base : arg);
  return statOrUndefined(abs)?.isFile() ? path.dirname(abs) : abs;
}

/** A glob split into the folder before its first wildcard (where walking starts) and the rest. */
function splitGlob(glob: string): { base: string; pattern: string } {
  const parts = glob.split(/[\\/]/);
  const at = parts.findIndex(isGlob);
  return { base: parts.slice(0, at).join('/') || '.', pattern: parts.slice(at).join('/') };
}

/**
 * A glob as an anchored RegExp over `/`-separated paths: `**` spans folders, `*` and `?` stay
 * within one path segment, `{a,b}` alternates, `[...]` is a character class.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i += slashAfter && atSegmentStart ? 2 : 1;
        re += slashAfter && atSegmentStart ? '(?:[^/]*/)*' : '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      re += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      re += ')';
      depth--;
    } else if (c === ',' && depth > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The SourceHost the CLI gives lintProject. It reads each file from disk once (refusing oversized,
 * binary and non-UTF-8 files with a message) and remembers the text, so --fix can check that a file
 * did not change before writing, and formatters can compute byte columns and fingerprints.
 * `overlay` holds fixed texts not yet written: they are served instead of the disk's.
 */
const CASE_SENSITIVE = process.platform !== 'darwin' && process.platform !== 'win32';

export class FileHost {
  /** Text as read from disk (once per host). */
  readonly disk = new Map<string, string>();
  readonly overlay = new Map<string, string>();
  /** Files that are not valid UTF-8 (a legacy encoding): linted as decoded with U+FFFD for the bad
   *  bytes, never written back (that would replace the bytes the decoding lost). */
  readonly lossy = new Set<string>();
  /** Files read in the encoding their PEP 263 line declares (not UTF-8): --fix writes them in it. */
  readonly encodings = new Map<string, string>();

  constructor(private readonly maxBytes: number) {}

  /** Whether what it serves is the disk as it is (no fixed texts waiting to be written). */
  get readsDisk(): boolean {
    return this.overlay.size === 0;
  }

  readFile(file: string): string | undefined {
    const over = this.overlay.get(file);
    if (over !== undefined) return over;
    if (this.disk.has(file)) return this.disk.get(file);
    if (this.absent(file)) return undefined;
    const text = readSourceText(file, this.maxBytes, () => this.lossy.add(file), (encoding) => this.encodings.set(file, encoding));
    if (text !== undefined) this.disk.set(file, text);
    return text;
  }

  /** Each folder's names, read once: module resolution probes thousands of paths that do not exist
   *  (`os.py`, `os/__init__.py`, ... in every search root), and a stat each cost more than a listing
   *  of the few folders they are in. null: no such folder. */
  private readonly names = new Map<string, Set<string> | null | undefined>();

  /** Whether the file surely does not exist (its folder's listing lacks it). Not on macOS and
   *  Windows, whose file systems find `Model.js` for `model.js`, as Node's resolution does. */
  private absent(file: string): boolean {
    if (!CASE_SENSITIVE) return false;
    const names = this.namesIn(path.dirname(file));
    return names === null || (names !== undefined && !names.has(path.basename(file)));
  }

  /** The names in `dir`; null: it does not exist (its parent lacks it: no failing readdir, whose
   *  error costs more than the listing); undefined: unknown (unreadable). */
  private namesIn(dir: string): Set<string> | null | undefined {
    if (this.names.has(dir)) return this.names.get(dir) ?? undefined;
    const parent = path.dirname(dir);
    let names: Set<string> | null | undefined;
    if (parent !== dir && this.absent(dir)) names = null;
    else {
      try {
        names = new Set(fs.readdirSync(dir));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        names = code === 'ENOENT' || code === 'ENOTDIR' ? null : undefined;
      }
    }
    this.names.set(dir, names as Set<string> | null);
    return names;
  }

  /** Read with replacement characters: linted, but --fix will not write it. */
  note(file: string): string | undefined {
    return this.lossy.has(file) && !this.overlay.has(file) ? LOSSY_NOTE : undefined;
  }

  /** Every text the engine saw, the overlay winning. */
  texts(): Map<string, string> {
    return new Map([...this.disk, ...this.overlay]);
  }
}

/** A file's text, undefined when it does not exist; throws an Error with a one-line reason. Text
 *  that is not valid UTF-8 (a Windows editor's cp1252 dash in a comment) is decoded with U+FFFD in
 *  place of the bad bytes and `lossy` is called: skipping the file would let its bugs pass CI. */
export function readSourceText(file: string, maxBytes: number, lossy?: () => void, declaredAs?: (encoding: string) => void): string | undefined {
  let size: number;
  try {
    // Module resolution probes many names that do not exist: no exception for those (it is slow).
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    size = st.size;
  } catch {
    return undefined;
  }
  if (size > rawLimit(file, maxBytes)) throw new Error(`file is ${formatBytes(size)}, over the ${formatBytes(rawLimit(file, maxBytes))} limit (--max-file-size${isNotebook(file) ? `, ×${NOTEBOOK_RAW_FACTOR} for a notebook's outputs` : ''}); skipped`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new Error('UTF-16 encoded file (logit-lint reads UTF-8); skipped');
  if (bytes.includes(0)) throw new Error('binary file (contains NUL bytes); skipped');
  try {
    // ignoreBOM keeps a BOM in the text, so offsets match the file and --fix writes it back.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // A Python file that declares its encoding (PEP 263: `# -*- coding: latin-1 -*-`) is read in it.
    const declared = file.endsWith('.py') ? declaredEncoding(bytes) : undefined;
    if (declared) {
      try {
        const text = new TextDecoder(declared, { fatal: true }).decode(bytes);
        declaredAs?.(declared);
        return text;
      } catch {
        // an encoding TextDecoder does not know, or bytes that are not in it: as below
      }
    }
    if (!lossy) {
      const at = firstInvalidUtf8(bytes);
      throw new Error(`not valid UTF-8${at >= 0 ? ` (bad byte at offset ${at})` : ''}; skipped`);
    }
    lossy();
    return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  }
}

/** The encoding a `coding[:=]` comment names on the first or second line (PEP 263). */
function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 400).toString('latin1').split(/\r?\n/, 2);
  for (const line of head) {
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    // Python's names (`latin-1`, `latin_1`, `iso8859_15`) in the WHATWG labels TextDecoder knows.
    if (m) return m[1].toLowerCase().replace(/_/g, '-').replace(/^latin-1$/, 'latin1').replace(/^iso8859-(\d+)$/, 'iso-8859-$1');
  }
  return undefined;
}

const LOSSY_NOTE = 'not valid UTF-8 (a legacy encoding?): linted with U+FFFD for the bad bytes; --fix leaves it alone';

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Offset of the first byte that does not start or continue a UTF-8 sequence (-1: a subtler error). */
export function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let k = 1; k < len; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}
