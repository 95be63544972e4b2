// The Keras version a project pins, read from its dependency files (requirements*.txt, pyproject.toml,
// setup.cfg, setup.py, environment.yml, Pipfile) and lock files (poetry.lock, uv.lock, pdm.lock,
// Pipfile.lock) in the linted file's folder or the nearest folder above that has one. An edit that is right on every other version may fail on a pinned one:
// Keras 3.0 to 3.4 reject `BinaryAccuracy(threshold=0.0)` (keras-team/keras#18538 added the check,
// #20101 removed it in 3.5), the threshold that reads logits.
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import type { FrontendHost } from '../core/frontend';

let host: FrontendHost | undefined;
let maxBytes = Infinity;
const pinned = new Map<string, Version | null>();

/** The host the dependency files are read through, for one analysis session, and the size above
 *  which a file is not read (the limit the linted files have). */
export function readPinsWith(h: FrontendHost, limit = Infinity): void {
  host = h;
  maxBytes = limit;
  pinned.clear();
}

/** Lock files: the exact version their tool installs, resolved within the range the project's
 *  requirements allow. So in one folder a lock that names keras is read before those requirements:
 *  it says which version of that range is the one installed (`keras>=3` beside a lock of 3.3.3 is
 *  3.3.3, which rejects the threshold; the range alone would not say so). */
const LOCKS = ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock'];
// (The host reads files by name, it lists no folder: the usual names. The language server watches
// them: server/lsp/project-files.ts DEPENDENCY_GLOBS.)
export const DEPENDENCY_FILES = [...LOCKS, 'requirements.txt', ...['dev', 'gpu', 'cpu', 'prod', 'train', 'test', 'colab', 'kaggle'].flatMap((k) => [`requirements-${k}.txt`, `requirements_${k}.txt`]),
  'requirements/base.txt', 'requirements/requirements.txt', 'requirements/prod.txt', 'requirements/train.txt',
  'pyproject.toml', 'setup.cfg', 'setup.py', 'environment.yml', 'environment.yaml', 'Pipfile'];
/** Folders looked in, from the file's up: a project's dependency files sit at or near its root. */
export const LEVELS = 8;

type Version = { max: number[]; inclusive: boolean };

/** Whether every Keras the project's pins allow is a 3.x before 3.5 (so `threshold=0.0` raises). */
export function kerasRejectsZeroThreshold(file: string): boolean {
  // `!pip install keras==3.4.1` in the notebook (or script) itself comes first.
  const own = pipInstalled(file);
  if (own === 'unbounded') return false;
  const v = own ?? kerasPin(path.dirname(file), LEVELS);
  if (!v) return false;
  const below = (a: number[], b: number[]) => compare(a, b) < 0;
  // The highest version allowed: at least 3.0, and under 3.5 (or at most 3.4.x).
  return !below(v.max, [3, 0]) && (v.inclusive ? below(v.max, [3, 5]) : !below([3, 5], v.max) && compare(v.max, [3, 0]) > 0);
}

function read(file: string): string | undefined {
  try {
    const text = host?.readFile(file);
    return text !== undefined && text.length <= maxBytes ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A `pip install ... keras==X` line of the file itself (a notebook cell, a Colab export). */
function pipInstalled(file: string): Version | 'unbounded' | undefined {
  const lines = (read(file) ?? '').match(/pip3?\s+install[^\n]*/g)?.join('\n');
  // (`pip install -U keras`: the latest.)
  return lines ? upperBound(lines) ?? (/(?<![\w.-])keras(?![\w.-])/i.test(lines) ? 'unbounded' : undefined) : undefined;
}

function kerasPin(dir: string, levels: number): Version | undefined {
  // (Per folder and levels left: a walk cut short by the levels says nothing of a longer one.)
  const key = `${dir}\0${levels}`;
  if (pinned.has(key)) return pinned.get(key) ?? undefined;
  let found: Version | 'unbounded' | undefined;
  for (const name of DEPENDENCY_FILES) {
    const file = path.join(dir, name);
    const text = read(file);
    if (text !== undefined) found ??= LOCKS.includes(name) ? lockedVersion(name, text) : upperBound(withIncludes(file, text, 3));
  }
  const up = path.dirname(dir);
  // The nearest folder whose dependency files name keras decides.
  const v = found ? (found === 'unbounded' ? undefined : found) : levels > 1 && up !== dir ? kerasPin(up, levels - 1) : undefined;
  pinned.set(key, v ?? null);
  return v;
}

/** What the pin of files in `dir` is read from in that folder, for --cache's keys (server/cli/
 *  pin-digest.ts chains the folders above): each dependency file's name and text, and the texts of the
 *  files it includes. Absent files count too: one created later changes the pin. */
export function pinInputsOf(dir: string, readFile: (file: string) => string | undefined): string {
  const saved = host;
  host = { readFile };
  try {
    return DEPENDENCY_FILES.map((name) => {
      const file = path.join(dir, name);
      const text = read(file);
      return `${name}\0${text === undefined ? '-' : withIncludes(file, text, 3)}`;
    }).join('\0');
  } finally {
    host = saved;
  }
}

/** A requirements file with the files it includes (`-r base.txt`, `--requirement ...`, `-c`). */
function withIncludes(file: string, text: string, depth: number): string {
  if (depth === 0 || !/\.txt$/.test(file)) return text;
  const included = [...text.matchAll(/^\s*(?:-r|--requirement|-c|--constraint)[\s=]+(\S+)/gm)].map((m) => {
    const f = path.resolve(path.dirname(file), m[1]);
    const t = read(f);
    return t === undefined ? '' : withIncludes(f, t, depth - 1);
  });
  return [text, ...included].join('\n');
}

/** The keras version a lock file installs: TOML `[[package]]` tables (Poetry, uv, PDM) or Pipfile.lock's
 *  JSON (`default` / `develop` sections, `"keras": {"version": "==3.3.3"}`). Several (uv's forks by
 *  platform): the highest. undefined: not named, or a file we cannot parse (ignored, never an error). */
function lockedVersion(name: string, text: string): Version | undefined {
  let versions: unknown[];
  try {
    if (name === 'Pipfile.lock') {
      const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
      versions = ['default', 'develop'].map((k) => pipfileVersion(doc?.[k]));
    } else {
      const doc = parseToml(text) as { package?: unknown };
      versions = Array.isArray(doc.package) ? doc.package.filter((p) => isKeras((p as { name?: unknown })?.name)).map((p) => (p as { version?: unknown }).version) : [];
    }
  } catch {
    return undefined;
  }
  let best: Version | undefined;
  for (const v of versions) {
    const bound = typeof v === 'string' && /^\d+(?:\.\d+)*$/.test(v) ? boundOf('==', v) : undefined;
    if (bound && (!best || compare(bound.max, best.max) > 0)) best = bound;
  }
  return best;
}

/** The version Pipfile.lock's section pins keras to (`"==3.3.3"`), by any case of its name. */
function pipfileVersion(section: unknown): string | undefined {
  if (!section || typeof section !== 'object') return undefined;
  const key = Object.keys(section).find(isKeras);
  const v = key === undefined ? undefined : ((section as Record<string, unknown>)[key] as { version?: unknown } | null)?.version;
  return typeof v === 'string' ? v.replace(/^===?\s*/, '') : undefined;
}

function isKeras(name: unknown): boolean {
  return typeof name === 'string' && name.toLowerCase() === 'keras';
}

/** The upper bound of the `keras` requirement in a dependency file's text (not tf-keras, keras-tuner,
 *  keras_hub): `keras==3.3.3`, `keras>=3.0,<3.5`, `keras~=3.4.0`, conda's `keras=3.3`, Poetry's
 *  `keras = "~3.3"`. 'unbounded': keras required with no upper bound; undefined: not named. */
export function upperBound(text: string): Version | 'unbounded' | undefined {
  // (Package names are case-insensitive; a Pipfile's or Poetry's inline table gives `version = "..."`.)
  const re = /(?<![\w.-])keras(?![\w.-])["']?\s*(?:\[[^\]\n]*\])?\s*(?:=\s*\{[^}\n]*?\bversion\s*=\s*["']|=\s*["']|["']?\s*:\s*["'])?\s*((?:(?:===?|~=|<=?|>=?|!=|[\^~=])?\s*\d[\w.*]*\s*,?\s*)+)/gi;
  let best: Version | undefined;
  let named = false;
  for (const m of text.matchAll(re)) {
    named = true;
    for (const spec of m[1].split(',')) {
      const s = /^\s*(===?|~=|<=?|>=?|!=|\^|~|=)?\s*(\d[\w.*]*)/.exec(spec);
      if (!s) continue;
      const bound = boundOf(s[1] ?? '==', s[2]);
      if (bound && (!best || compare(bound.max, best.max) < 0 || (compare(bound.max, best.max) === 0 && !bound.inclusive))) best = bound;
    }
  }
  return best ?? (named || /^[ \t-]*["']?keras["']?\s*(?:[;#,\]]|$)/im.test(text) ? 'unbounded' : undefined);
}

function boundOf(op: string, version: string): Version | undefined {
  const parts = version.split('.').map((p) => (p === '*' ? NaN : parseInt(p, 10)));
  const nums = parts.filter((p) => !Number.isNaN(p));
  if (!nums.length) return undefined;
  const bump = (upTo: number) => [...nums.slice(0, upTo - 1), nums[upTo - 1] + 1];
  switch (op) {
    case '==':
    case '===':
    case '=':
      // `==3.3.*` allows all of 3.3.
      return parts.some(Number.isNaN) ? { max: bump(nums.length), inclusive: false } : { max: nums, inclusive: true };
    case '<=':
      return { max: nums, inclusive: true };
    case '<':
      return { max: nums, inclusive: false };
    case '~=':
      // PEP 440: `~=3.4.0` is >=3.4.0, ==3.4.*; `~=3.4` is >=3.4, ==3.*.
      return nums.length > 1 ? { max: bump(nums.length - 1), inclusive: false } : undefined;
    case '~':
      // Poetry: `~3.3` and `~3.3.1` allow 3.3.x only; `~3` allows 3.x.
      return { max: bump(Math.min(nums.length, 2)), inclusive: false };
    case '^':
      return { max: bump(1 + nums.findIndex((n) => n !== 0) || 1), inclusive: false };
    default:
      return undefined;
  }
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}
