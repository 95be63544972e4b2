// IPython syntax in notebook cells, blanked to spaces (same length: offsets stay valid) before the
// cell is parsed as Python. As IPython's input transformers see it, `%magic`, `!shell`, `x = !cmd`
// and help requests (`obj?`, `?obj`) are IPython only where a logical line starts: a line inside
// brackets or after a backslash that begins with `%` is Python (`print('%d'\n  % n)`). A cell magic
// (`%%bash`) makes the whole cell IPython, unless the magic runs its body as Python (Ruff's list); an
// automagic (`pip install torch`) is IPython in a cell of one line only, where IPython 7+ applies it.
// Magics that run code of ours are written as that code (magics.ts). The CLI and the language server
// both use this.
import { ALIASES, AUTOMAGICS, KEYWORDS, UNSEEN, cellMagicNames, magicLine } from './magics';

export { KEYWORDS };

/** Cell magics whose body is Python run in the notebook's namespace (Ruff's list, less those whose
 *  body runs elsewhere: `%%timeit` in a namespace of its own that it drops, `%%python`, `%%python3`
 *  and `%%pypy` in another process; what they bind never reaches the next cell). */
const PYTHON_CELL_MAGICS = new Set(['capture', 'debug', 'ipytest', 'prun', 'time']);

const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=']);

/** How much of the cell is IPython: all of it (a cell magic that does not run Python), its one
 *  line (an automagic: IPython applies automagics, aliases and autocall to a cell of one line only,
 *  after dropping leading blank lines; in a longer cell `pip install x` is a SyntaxError and `cd data`
 *  a NameError, as in Python), or none (undefined). */
function ipythonCell(src: string): 'cell' | 'line' | undefined {
  for (const m of src.matchAll(/^[ \t]*%%(\S+)/gm)) if (!PYTHON_CELL_MAGICS.has(m[1])) return 'cell';
  // Databricks: a first line that is only `%sql`, `%scala`, `%r`, `%sh`, `%md` or `%fs` sets the
  // language of the whole cell.
  if (/^[ \t]*%(?:sql|scala|r|sh|md|md-sandbox|fs)[ \t]*(?:\r?\n|$)/.test(src)) return 'cell';
  const body = src.replace(/^(?:[ \t]*\r?\n)+/, '');
  if (body.replace(/\r?\n$/, '').includes('\n')) return undefined;
  return automagicStart(body) ? 'line' : undefined;
}

/** The automagic or shell alias a cell's first line starts with (`pip` of `pip install x`; an alias
 *  only with arguments, `ls data/`), unless an assignment follows it (`time = 3`). Also for the
 *  message of the syntax error a longer cell starting so is (cells.ts). */
export function automagicStart(cell: string): string | undefined {
  const [first, second] = cell.replace(/^(?:[ \t]*\r?\n)+/, '').split('\n')[0].trim().split(/\s+/);
  if (ASSIGN.has(second)) return undefined;
  return AUTOMAGICS.has(first) || (ALIASES.has(first) && second !== undefined) ? first : undefined;
}

/** A one-line cell's automagic as IPython runs it, the same length: `time x = f()` runs the
 *  statement (magics.ts, as `%time x = f()`), `run script.py` and `store -r m` as their `%`
 *  forms below; any other (and an indented one, which IPython dedents) blank. */
function automagicLine(line: string): string {
  const run = magicLine(line, true);
  if (run) return run.text;
  return /^(?:run|store)\b/.test(line) ? blankLine(line) : ' '.repeat(line.length);
}

/** A cell under a magic that may run its body in the notebook's namespace, written as a call of
 *  code we do not see laid over the body's lines (the same length), given the names the body reads,
 *  whose result the names it may bind take (`(a,b)=...(model,xv,...)`): `%%timeit` runs the body many
 *  times and drops what it binds; a magic we do not know (`%%wandb`, `%%notify`, `%%cache f.pkl m`)
 *  may run it as Python (wandb's does, with run_cell) or bind the names its line gives. Code that may
 *  bind any name (`globals()`, `exec`), or no room: the magic's line as `exec()` (code we do not see
 *  rebinding any name, builtins.ts). undefined: a magic whose body does not run here. */
function cellMagicRun(src: string): string | undefined {
  const m = /^([ \t]*)%%(\S+)([^\n]*)\n?/m.exec(src);
  const names = m && cellMagicNames(m[2], m[3], src.slice(m.index + m[0].length));
  if (!m || !names) return undefined;
  const timeit = m[2] === 'timeit';
  const blank = src.replace(/[^\n]/g, ' ');
  const magic = m[0].trimEnd().length;
  const anyName = () => (magic - m[1].length < 6 ? undefined : blank.slice(0, m.index) + (m[1] + 'exec()').padEnd(magic) + blank.slice(m.index + magic));
  if (names === 'all') return anyName();
  const { reads, binds } = names;
  if (!binds.length && !reads.length) return timeit ? undefined : blank;
  let out: string[] = [];
  let at = 0;
  // Each piece on one line (a name is not split; the brackets may span lines).
  const put = (piece: string): boolean => {
    while (at < src.length) {
      const end = src.indexOf('\n', at) < 0 ? src.length : src.indexOf('\n', at);
      if (end - at >= piece.length) {
        for (let i = 0; i < piece.length; i++) out[at + i] = piece[i];
        at += piece.length;
        return true;
      }
      at = end + 1;
    }
    return false;
  };
  // (`(a)=` binds a as `(a,)=` would; no comma after the last name.)
  const list = (names: string[]) => names.every((n, i) => put(i < names.length - 1 ? `${n},` : n));
  const lay = (heads: boolean) => {
    out = blank.split('');
    at = m.index; // (from the magic's line on: it is blank too)
    const read = heads ? [...new Set(reads.map((n) => n.split('.')[0]))] : reads;
    return (binds.length ? put('(') && list(binds) && put(`)=${UNSEEN}(`) : put(`${UNSEEN}(`)) && list(read) && put(')');
  };
  // Short of room for the attributes read (`trainer.evaluate`), their objects alone (`trainer`).
  return lay(false) || lay(true) ? out.join('') : timeit ? undefined : anyName();
}

// `%time f()`, `!pip install x`, `?obj`, autocall `/f x`; `out = !ls`, `t = %timeit -o f()`.
const MAGIC = /^[ \t]*[%!?/,;]|^[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]/;

function isIPython(line: string, endsInString: boolean): boolean {
  if (MAGIC.test(line)) return true;
  // `obj?` / `obj??`: a trailing `?` outside any comment (a line with quotes before a `#` is unclear)
  // and outside a string going on below (`PROMPT = """Is it positive?`: IPython tokenizes, so Python).
  if (endsInString) return false;
  const hash = line.indexOf('#');
  const code = hash < 0 ? line : /['"]/.test(line.slice(0, hash)) ? undefined : line.slice(0, hash);
  return code !== undefined && /\?[ \t]*$/.test(code);
}

/** The cell's source with its IPython lines (or, after a non-Python cell magic, all of it) blanked;
 *  `blanked(start, end)` hears of each span made blank (a fix must not touch one). */
export function blankIPython(src: string, blanked?: (start: number, end: number) => void): string {
  src = blankPrompts(src, blanked);
  const whole = ipythonCell(src);
  if (whole === 'cell') {
    blanked?.(0, src.length);
    return cellMagicRun(src) ?? src.replace(/[^\n]/g, ' ');
  }
  if (whole === 'line') {
    const start = src.length - src.replace(/^(?:[ \t]*\r?\n)+/, '').length;
    const line = /^[^\r\n]*/.exec(src.slice(start))![0];
    blanked?.(start, start + line.length);
    return src.slice(0, start) + automagicLine(line) + src.slice(start + line.length);
  }
  const { starts, inString } = logicalLineStarts(src);
  let out = '';
  let at = 0;
  let continued = false; // the previous line was IPython and ended with `\`: this one is part of it
  for (const line of src.split('\n')) {
    const run: ReturnType<typeof magicLine> = !continued && starts.has(at) ? magicLine(line) : undefined;
    const blank: boolean = !run && (continued || (starts.has(at) && isIPython(line, inString.has(at + line.length))));
    out += (at > 0 ? '\n' : '') + (run ? run.text : blank ? (continued ? ' '.repeat(line.length) : blankLine(line)) : line);
    if (run) blanked?.(at + run.start, at + run.end);
    if (blank && line.length) blanked?.(at, at + line.length);
    continued = blank && /\\\r?$/.test(line); // CRLF notebooks too
    at += line.length + 1;
  }
  return out;
}

// Prompts pasted with the code (`>>> x = f()`, `In [3]: x = f()`), which IPython strips from every
// line when the cell's first line (or its second) has one (IPython 8's classic_prompt and
// ipython_prompt cleanup transforms).
const CLASSIC_FIRST = /^>>>(?: |$)/;
const CLASSIC = /^(?:>>>|\.\.\.)(?: |$)/;
const IPYTHON = /^(?:(?:(?:\[nav\]|\[ins\])? )?In \[\d+\]: |\s*\.{3,}: ?)/;

/** The cell with the prompts IPython strips blanked (the same length: the code after them keeps
 *  its offsets, and is indented as IPython then reads it dedented, cells.ts). */
function blankPrompts(src: string, blanked?: (start: number, end: number) => void): string {
  const lines = src.replace(/^(?:[ \t]*\r?\n)+/, '').split('\n');
  const strip = [[CLASSIC_FIRST, CLASSIC], [IPYTHON, IPYTHON]].find(([first, re]) => first.test(lines[0]) || (lines.length > 1 && re.test(lines[1])))?.[1];
  if (!strip) return src;
  let at = 0;
  return src
    .split('\n')
    .map((line) => {
      const m = strip.exec(line);
      if (m && m[0].length) blanked?.(at, at + m[0].length);
      at += line.length + 1;
      return m ? ' '.repeat(m[0].length) + line.slice(m[0].length) : line;
    })
    .join('\n');
}

/** An IPython line as blanks; `%run script.py` (or its automagic `run script.py`) as `exec()` (the same length), which the interpreter
 *  reads as code it does not see rebinding the notebook's names (builtins.ts). */
function blankLine(line: string): string {
  const call = autocall(line);
  if (call) return call;
  // (`%store -r` alone restores every stored name: a script we do not see, as `%run`.)
  const run = /^([ \t]*)%?(?:run\b|store[ \t]+-r[ \t]*$)/.exec(line);
  if (run && line.length - run[1].length >= 6) return (run[1] + 'exec()').padEnd(line.length);
  // `%store model` keeps the model for other notebooks: a call of code we do not see with it;
  // `%store -r model` binds it from there: unknown. (Each written no longer than the line.)
  const store = /^([ \t]*)%?store[ \t]+(-r[ \t]+)?([A-Za-z_]\w*(?:[ \t]+[A-Za-z_]\w*)*)[ \t]*$/.exec(line);
  if (store) {
    const names = store[3].split(/[ \t]+/);
    const code = store[2] ? `${names.join('=')}=store()` : `store(${names.join(',')})`;
    if (store[1].length + code.length <= line.length) return (store[1] + code).padEnd(line.length);
  }
  // An indented one is a statement of its block (IPython runs `!pip install x` under `if` as a
  // call): `pass` keeps the block from being empty (CPython's "expected an indented block").
  const indent = /^[ \t]+/.exec(line)?.[0];
  if (indent && line.length - indent.length >= 4) return (indent + 'pass').padEnd(line.length);
  return ' '.repeat(line.length);
}

/** IPython's autocall escapes run a call: `/f a b` is `f(a, b)`, `,f a b` `f("a", "b")` and `;f a b`
 *  `f("a b")` (strings: no value of ours goes in). Written as that call when it fits the line
 *  (`f(a,b)` is as long as `/f a b`); otherwise blanked. */
function autocall(line: string): string | undefined {
  const m = /^([ \t]*)([/,;])([A-Za-z_][\w.]*)(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
  if (!m) return undefined;
  const args = m[2] === '/' && m[4] ? m[4].split(/[ \t]+/) : [];
  if (!args.every((a) => /^(?:[A-Za-z_][\w.]*|\d[\w.]*)$/.test(a))) return undefined;
  const code = `${m[1]}${m[3]}(${args.join(',')})`;
  return code.length <= line.length ? code.padEnd(line.length) : undefined;
}

/** Offsets of the lines that begin a logical line: not inside brackets, strings or after `\`. */
export function logicalLineStarts(src: string): { starts: Set<number>; inString: Set<number> } {
  const starts = new Set<number>([0]);
  const inString = new Set<number>(); // line ends inside a string (triple-quoted, going on below)
  let depth = 0;
  let quote = '';
  let triple = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\n' && triple) inString.add(i);
      if (c === '\\') i++;
      else if (c === '\n' && !triple) quote = ''; // an unterminated string ends with its line
      else if (c === quote && (!triple || src.startsWith(quote.repeat(3), i))) {
        if (triple) i += 2;
        quote = '';
      }
      if (c === '\n' && !quote && depth === 0) starts.add(i + 1);
      continue;
    }
    if (c === '#') {
      while (i + 1 < src.length && src[i + 1] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      triple = src.startsWith(c.repeat(3), i);
      quote = c;
      if (triple) i += 2;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === '\\' && src[i + 1] === '\n') i++;
    else if (c === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') i += 2;
    else if (c === '\n' && depth === 0) starts.add(i + 1);
  }
  return { starts, inString };
}
