// A small unified diff (what --fix-dry-run prints; `git apply` and `patch -p1` accept it).
// Fixes change a few lines of a file, so the common head and tail are trimmed first and only the
// middle goes through a longest-common-subsequence table; a huge middle is shown as one change.

interface Line {
  text: string;
  /** The file's last line, without a final line break. */
  noEol: boolean;
}

type Op = { kind: ' ' | '-' | '+'; line: Line; oldNo: number; newNo: number };

const MAX_TABLE = 4_000_000;

export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const hunk of hunks(ops, context)) {
    const olds = hunk.filter((o) => o.kind !== '+');
    const news = hunk.filter((o) => o.kind !== '-');
    out += `@@ -${range(olds.map((o) => o.oldNo), hunk[0].oldNo)} +${range(news.map((o) => o.newNo), hunk[0].newNo)} @@\n`;
    for (const o of hunk) {
      out += `${o.kind}${o.line.text}\n`;
      if (o.line.noEol) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const endsWithEol = parts[parts.length - 1] === '';
  if (endsWithEol) parts.pop();
  return parts.map((t, i) => ({ text: t, noEol: !endsWithEol && i === parts.length - 1 }));
}

const same = (a: Line, b: Line) => a.text === b.text && a.noEol === b.noEol;

/** Edit script with 1-based line numbers (for an insertion, oldNo is the old line it precedes). */
function diffLines(a: Line[], b: Line[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && same(a[head], b[head])) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const kinds = middleScript(midA, midB);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  const push = (kind: Op['kind'], line: Line) => {
    ops.push({ kind, line, oldNo: i + 1, newNo: j + 1 });
    if (kind !== '+') i++;
    if (kind !== '-') j++;
  };
  for (let k = 0; k < head; k++) push(' ', a[k]);
  for (const kind of kinds) push(kind, kind === '+' ? b[j] : a[i]);
  for (let k = a.length - tail; k < a.length; k++) push(' ', a[k]);
  return ops;
}

function middleScript(a: Line[], b: Line[]): Array<Op['kind']> {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE) return [...Array<Op['kind']>(n).fill('-'), ...Array<Op['kind']>(m).fill('+')];
  // lcs[i * (m + 1) + j] = length of the LCS of a[i..] and b[j..]
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = same(a[i], b[j]) ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    }
  }
  const out: Array<Op['kind']> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[i], b[j])) {
      out.push(' ');
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j])) {
      out.push('+');
      j++;
    } else {
      out.push('-');
      i++;
    }
  }
  // Deletions before insertions within a change reads best: reorder each run of changes.
  return reorderRuns(out);
}

function reorderRuns(kinds: Array<Op['kind']>): Array<Op['kind']> {
  const out: Array<Op['kind']> = [];
  let run: Array<Op['kind']> = [];
  const flush = () => {
    out.push(...run.filter((k) => k === '-'), ...run.filter((k) => k === '+'));
    run = [];
  };
  for (const k of kinds) {
    if (k === ' ') {
      flush();
      out.push(k);
    } else run.push(k);
  }
  flush();
  return out;
}

function hunks(ops: Op[], context: number): Op[][] {
  const changes = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const out: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const c of changes) {
    if (start >= 0 && c - context <= end + context) {
      end = c;
      continue;
    }
    if (start >= 0) out.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
    start = c;
    end = c;
  }
  if (start >= 0) out.push(ops.slice(Math.max(0, start - context), Math.min(ops.length, end + context + 1)));
  return out;
}

/** `start,count`; an empty side names the line before it, as diff(1) does. */
function range(numbers: number[], fallback: number): string {
  if (numbers.length === 0) return `${fallback - 1},0`;
  return `${numbers[0]},${numbers.length}`;
}
