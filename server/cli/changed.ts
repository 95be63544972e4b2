// --changed-since <ref>: which lines changed between a git ref and the working tree, so review bots
// comment on the diff rather than on the whole history. `git diff --unified=0` gives the added and
// modified lines of tracked files; untracked (not ignored) files count as changed everywhere.
import * as fs from 'fs';
import * as path from 'path';

/** Real path of a file -> its changed 1-based lines, or 'all'. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export class GitError extends Error {}

export function changedLines(ref: string, cwd: string): ChangedLines {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`--changed-since: "${ref}" is not a git ref`);
  const top = git(['rev-parse', '--show-toplevel'], cwd, () => `--changed-since needs a git repository, and ${cwd} is not inside one`).trim();
  const sha = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top, () => `--changed-since: unknown git ref "${ref}"`).trim();
  const out: ChangedLines = new Map();
  const diff = git(
    ['-c', 'core.quotepath=off', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', sha, '--'],
    top,
    (stderr) => `git diff against "${ref}" failed: ${stderr}`,
  );
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = unquote(line.slice(4));
      current = undefined;
      if (target.startsWith('b/')) {
        current = new Set();
        out.set(path.join(top, target.slice(2)), current);
      }
    } else if (current && line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let l = start; l < start + count; l++) current.add(l);
    }
  }
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z'], top, (stderr) => `git ls-files failed: ${stderr}`);
  for (const rel of untracked.split('\0').filter(Boolean)) out.set(path.join(top, rel), 'all');
  return out;
}

/** Whether any of the locations (a finding's site and its related sites) touches a changed line. */
export function touchesChanged(changed: ChangedLines, locations: Array<{ file: string; line: number; endLine: number }>): boolean {
  return locations.some((loc) => {
    const lines = changed.get(realPath(loc.file));
    if (lines === undefined) return false;
    if (lines === 'all') return true;
    for (let l = loc.line; l <= loc.endLine; l++) if (lines.has(l)) return true;
    return false;
  });
}

const realCache = new Map<string, string>();

/** git reports real paths (symlinks resolved); lint paths may not be. */
function realPath(file: string): string {
  let real = realCache.get(file);
  if (real === undefined) {
    try {
      real = fs.realpathSync(file);
    } catch {
      real = file;
    }
    realCache.set(file, real);
  }
  return real;
}

function git(args: string[], cwd: string, explain: (stderr: string) => string): string {
  try {
    // Loaded here: child_process costs every CLI run 10 ms, and only --changed-since needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require('child_process') as typeof import('child_process');
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new GitError('--changed-since needs git, and it is not installed (or not on PATH)');
    throw new GitError(explain(String(err.stderr ?? err.message).trim().split('\n')[0] ?? ''));
  }
}

/** Undoes git's C-style quoting of unusual path names ("b/a\"b\303\251"). */
function unquote(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"')) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(simple[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
