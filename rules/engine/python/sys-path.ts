// Folders a file adds to Python's module search path, as written: a notebook's
// `sys.path.append("..")`, the `module_path = os.path.abspath(os.path.join('..'))` idiom, a script's
// `sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))`,
// `ROOT = Path(__file__).resolve().parents[1]`. Without them `from model import Net` in notebooks/
// or scripts/ resolves to nothing, and what the file does with the model is unseen. Only paths
// built from literals, `__file__` and the working folder are followed (the working folder is taken
// to be the file's own, as Jupyter runs a notebook); anything else adds no folder.
import * as path from 'path';

/** Token: a string literal's value, a dotted name, a number, or one punctuation character. */
type Tok = { s: string } | { name: string } | { num: number } | { p: string };

const TOKEN = /\s*(?:[rRuU]?(?:"([^"\\\n]*)"|'([^'\\\n]*)')|(\.?[A-Za-z_][\w.]*)|(\d+)|([()[\],/+-]))/y;

function tokens(src: string): Tok[] | undefined {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < src.length) {
    if (/^\s*$/.test(src.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(src);
    if (!m) return undefined;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined || m[2] !== undefined) out.push({ s: m[1] ?? m[2] });
    else if (m[3]) out.push({ name: m[3] });
    else if (m[4]) out.push({ num: Number(m[4]) });
    else out.push({ p: m[5] });
  }
  return out;
}

/** A value of a path expression: a path (absolute), a relative string not yet joined, a number, or
 *  `p.parents` waiting for its index. */
type PathVal = { path: string } | { rel: string } | { num: number } | { parents: string };

const IDENTITY = new Set(['os.path.abspath', 'os.path.realpath', 'os.path.normpath', 'str', 'Path', 'pathlib.Path', 'os.fspath', 'PurePath']);
const CWD = new Set(['os.getcwd', 'Path.cwd', 'pathlib.Path.cwd', 'os.path.curdir']);
const SAME = new Set(['resolve', 'absolute', 'expanduser', 'as_posix']);

/** Evaluates a path expression of `file` (names bound by `vars`); undefined: not known. */
class PathExpr {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly file: string, private readonly vars: Map<string, PathVal | null>) {}

  static eval(src: string, file: string, vars: Map<string, PathVal | null>): PathVal | undefined {
    const toks = tokens(src);
    if (!toks) return undefined;
    const e = new PathExpr(toks, file, vars);
    const v = e.sum();
    return v && e.i === toks.length ? v : undefined;
  }

  private asPath(v: PathVal): string | undefined {
    if ('path' in v) return v.path;
    if ('rel' in v) return path.resolve(path.dirname(this.file), v.rel);
    return undefined;
  }

  private punct(p: string): boolean {
    const t = this.toks[this.i];
    if (t && 'p' in t && t.p === p) {
      this.i++;
      return true;
    }
    return false;
  }

  /** a / b, a + b (a folder and a string joined). */
  private sum(): PathVal | undefined {
    let v = this.postfix();
    while (v && (this.punct('/') || this.punct('+'))) {
      const r = this.postfix();
      const base = this.asPath(v);
      if (!r || !base || !('rel' in r)) return undefined;
      v = { path: path.join(base, r.rel) };
    }
    return v;
  }

  private args(): PathVal[] | undefined {
    const out: PathVal[] = [];
    if (this.punct(')')) return out;
    for (;;) {
      const v = this.sum();
      if (!v) return undefined;
      out.push(v);
      if (this.punct(')')) return out;
      if (!this.punct(',')) return undefined;
    }
  }

  private postfix(): PathVal | undefined {
    const t = this.toks[this.i++];
    if (!t) return undefined;
    let v: PathVal | undefined;
    if ('s' in t) v = { rel: t.s };
    else if ('num' in t) v = { num: t.num };
    else if ('p' in t) {
      if (t.p !== '(') return undefined;
      v = this.sum();
      if (!this.punct(')')) return undefined;
    } else {
      // A dotted name: a call of a known function, `__file__`, a variable, with attributes after it.
      const parts = t.name.split('.');
      let head = t.name;
      let rest: string[] = [];
      if (!this.punct('(')) {
        // `Path(__file__).parent` arrives as `Path`, `(`...; `ROOT.parent` as one dotted name.
        const known = parts[0] === '__file__' ? '__file__' : this.vars.has(parts[0]) ? parts[0] : undefined;
        if (!known) return CWD.has(t.name) ? { path: path.dirname(this.file) } : undefined;
        head = known;
        rest = parts.slice(1);
        v = head === '__file__' ? { path: this.file } : this.varValue(head);
      } else {
        const args = this.args();
        if (!args) return undefined;
        v = this.call(head, args);
      }
      v = this.attrs(v, rest);
    }
    // `.parent`, `.parents[n]`, `.resolve()` after a call or a bracket.
    while (v) {
      const n = this.toks[this.i];
      if (n && 'name' in n && n.name.startsWith('.')) {
        this.i++;
        v = this.attrs(v, n.name.slice(1).split('.'));
      } else if (this.punct('[')) {
        const idx = this.toks[this.i++];
        if (!this.punct(']') || !idx || !('num' in idx) || !('parents' in v)) return undefined;
        v = up(v.parents, idx.num + 1);
      } else break;
    }
    return v;
  }

  private varValue(name: string): PathVal | undefined {
    return this.vars.get(name) ?? undefined;
  }

  /** Attribute steps on a path: parent, parents (then an index), resolve(), absolute(). */
  private attrs(v: PathVal | undefined, names: string[]): PathVal | undefined {
    for (let k = 0; v && k < names.length; k++) {
      const p = this.asPath(v);
      if (!p) return undefined;
      const n = names[k];
      if (n === 'parent') v = { path: path.dirname(p) };
      else if (n === 'parents' && k === names.length - 1) return { parents: p };
      else if (SAME.has(n) && k === names.length - 1 && this.punct('(') && this.punct(')')) v = { path: p };
      else return undefined;
    }
    return v;
  }

  private call(fn: string, args: PathVal[]): PathVal | undefined {
    if (CWD.has(fn) && args.length === 0) return { path: path.dirname(this.file) };
    if (IDENTITY.has(fn) && args.length === 1) return 'rel' in args[0] || 'path' in args[0] ? args[0] : undefined;
    if (fn === 'os.path.dirname' && args.length === 1) {
      const p = this.asPath(args[0]);
      return p ? { path: path.dirname(p) } : undefined;
    }
    if (fn === 'os.path.join' && args.length > 0) {
      const first = args[0];
      if (!('rel' in first || 'path' in first) || args.slice(1).some((a) => !('rel' in a))) return undefined;
      const tail = args.slice(1).map((a) => (a as { rel: string }).rel);
      return 'rel' in first ? { rel: path.join(first.rel, ...tail) } : { path: path.join(first.path, ...tail) };
    }
    return undefined;
  }
}

function up(p: string, n: number): PathVal {
  for (let k = 0; k < n; k++) p = path.dirname(p);
  return { path: p };
}

const ASSIGN = /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([^\n#=][^\n#]*)$/gm;
const ADD = /\bsys\.path\.(?:append|insert[ \t]*\([ \t]*-?\d+[ \t]*,|extend[ \t]*\([ \t]*\[)[ \t(]*([^\n#]*)/g;

/** Absolute folders `file` puts on sys.path, in the order written. */
export function sysPathRoots(file: string, code: string): string[] {
  if (!code.includes('sys.path')) return [];
  // Names bound to a path once in the file (bound twice: unknown, null).
  const vars = new Map<string, PathVal | null>();
  for (const m of code.matchAll(ASSIGN)) {
    if (vars.has(m[1])) {
      vars.set(m[1], null);
      continue;
    }
    vars.set(m[1], null);
    const v = PathExpr.eval(m[2].trim(), file, vars);
    if (v && ('rel' in v || 'path' in v)) vars.set(m[1], v);
  }
  const out: string[] = [];
  for (const m of code.matchAll(ADD)) {
    // The argument: the text up to the bracket closing the call (or the list for extend).
    const src = argumentText(m[1]);
    for (const part of src === undefined ? [] : splitTop(src)) {
      const v = PathExpr.eval(part, file, vars);
      const p = v && ('rel' in v ? path.resolve(path.dirname(file), v.rel) : 'path' in v ? v.path : undefined);
      if (p && !out.includes(p)) out.push(p);
    }
  }
  return out;
}

/** The text before the bracket that closes the one opened just before `s`. */
function argumentText(s: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      const j = s.indexOf(c, i + 1);
      if (j < 0) return undefined;
      i = j;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (depth === 0) return s.slice(0, i);
      depth--;
    }
  }
  return undefined;
}

/** Comma-separated parts at bracket depth 0 (the items of `extend([a, b])`). */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") i = Math.max(i, s.indexOf(c, i + 1));
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((p) => p.trim()).filter(Boolean);
}
