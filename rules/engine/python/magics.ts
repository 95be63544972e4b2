// IPython line magics as the code they run (ipython.ts writes each line over, the same length):
// `%time`, `%prun` and `%debug` run their statement in the notebook's namespace, so it is written
// as that statement (`if 1: stmt`); `x = %time expr` binds expr's value; `%timeit` runs its
// statement with the notebook's names but keeps nothing it binds. A magic we do not know may run
// its argument there too (memory_profiler's `%memit stmt`, line_profiler's `%lprun -f f stmt`):
// written as a call of code we do not see, given every name the line reads, whose result the names
// the argument binds as Python take (`p=...(p,model,x)`), so that what it reads is read as it is
// and what it binds is unknown, as code we do not follow would leave them.

/** Python's keywords: never a name a cell binds or reads. */
export const KEYWORDS = ['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'];

/** IPython's automagics (Ruff's list, and `store`, which IPython loads by default): a cell of one
 *  line that starts with one (`pip install torch`, `cd data`) is IPython, unless an assignment
 *  follows the name (`time = 3`). */
export const AUTOMAGICS = new Set(('alias alias_magic autoawait autocall automagic bookmark cd code_wrap colors conda config debug dhist dirs ' +
  'doctest_mode edit env gui history killbgscripts load load_ext loadpy logoff logon logstart logstate logstop lsmagic macro magic ' +
  'mamba matplotlib micromamba notebook page pastebin pdb pdef pdoc pfile pinfo pinfo2 pip popd pprint precision prun psearch ' +
  'psource pushd pwd pycat pylab quickref recall rehashx reload_ext rerun reset reset_selective run save sc set_env store sx system tb ' +
  'time timeit unalias unload_ext who who_ls whos xdel xmode').split(' '));

/** IPython's default shell aliases (posix): automagic too, in a cell of one line (`ls data/`). */
export const ALIASES = new Set('cat clear cp ldir less lf lk ll ls lx man mkdir more mv rm rmdir'.split(' '));

/** Line magics that run no statement of ours in the notebook's namespace: IPython's own (but those
 *  below that do) and its shell aliases, common extensions' (autoreload, TensorBoard, watermark,
 *  ipython-sql, ipyparallel's `%px`, which runs on its engines), Colab's and Databricks' switches. */
const NO_PYTHON = new Set([...AUTOMAGICS, ...ALIASES, ...'autoreload aimport tensorboard watermark tensorflow_version sql px autopx pxresult result sh fs md scala'.split(' ')]);

/** Magics that run their statement in the notebook's namespace (%timeit keeping nothing it binds),
 *  and how their options read (what precedes the statement: IPython's getopt letters, argparse's
 *  for %debug). */
const RUNS: Record<string, RegExp> = {
  time: /^/,
  prun: /^(?:[ \t]+-[rq]*(?:[DlsT][ \t]*[^\s-]\S*)?(?=[ \t]))*/,
  debug: /^(?:[ \t]+(?:-b|--breakpoint)[ \t]+\S+)?/,
  timeit: /^(?:[ \t]+-[tcqo]*(?:[nrp][ \t]*\d+)?(?=[ \t]))*/,
};

const COMPOUND = /^(?:async|class|def|elif|else|except|finally|for|if|match|try|while|with)\b/;

/** A line magic (`%name args`, `x = %name args`; `name args` when `auto`, a one-line cell's automagic)
 *  written as the code it runs, the same length, with the span a fix must not touch; undefined:
 *  one that runs no code of ours (blanked as before), or none. */
export function magicLine(line: string, auto = false): { text: string; start: number; end: number } | undefined {
  const m = (auto ? /^([ \t]*)()%?(\w+)/ : /^([ \t]*)(?:([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*=[ \t]*)?%(\w+)/).exec(line);
  if (!m || /\\\r?$/.test(line) || m[3] === 'run' || m[3] === 'store' || (auto && !Object.hasOwn(RUNS, m[3]))) return undefined;
  const [indent, targets, name] = [m[1], m[2] ?? '', m[3]];
  const rest = line.slice(m[0].length);
  const opts = Object.hasOwn(RUNS, name) ? RUNS[name].exec(rest)![0] : undefined;
  const at = m[0].length + (opts?.length ?? 0);
  const stmt = line.slice(at).replace(/^[ \t]+/, '');
  const s = line.length - stmt.length;
  const timeit = name === 'timeit';
  if (opts !== undefined && !timeit && /^[ \t]/.test(line.slice(at)) && stmt.trim() && !COMPOUND.test(stmt)) {
    // `%prun -q p = model(x)`: the statement, after `if 1:` in place of the magic (`if 2:` for those
    // that return no value, which IPython then does not display: cell-display.ts).
    const run = name === 'time' ? 'if 1:' : 'if 2:';
    if (!targets && s - indent.length >= 5) return { text: indent + run.padEnd(s - indent.length) + stmt, start: indent.length, end: s };
    // `p = %time model(x)`: %time returns the value of an expression (not of a statement).
    if (targets && name === 'time' && !assignmentTargets(codeOnly(stmt)).length) {
      const from = m[0].length - name.length - 1;
      return { text: line.slice(0, from) + ' '.repeat(s - from) + stmt, start: from, end: s };
    }
  }
  if (NO_PYTHON.has(name) && opts === undefined) return undefined;
  const code = codeOnly(line.slice(at));
  // `%timeit` keeps nothing its statement binds; any other may bind what it does as Python.
  const bound = timeit ? [] : bindings(code);
  const reads = timeit ? namesRead(code) : namesIn(code, true);
  if (bound === 'all') return whole(line, indent, 'exec()');
  const binds = unique([...namesIn(targets), ...bound]);
  if (!binds.length && !reads.length) return undefined;
  return whole(line, indent, `${binds.length ? binds.join(',') + '=' : ''}${UNSEEN}(${reads.join(',')})`);
}

/** A callee that is code we do not see, whatever the notebook binds (`_` may be a loop's counter). */
export const UNSEEN = '...';

function whole(line: string, indent: string, code: string): { text: string; start: number; end: number } | undefined {
  // Too long for the line: code we do not see that may rebind any name (`%run`).
  if (indent.length + code.length > line.length) code = 'exec()';
  if (indent.length + code.length > line.length) return undefined;
  return { text: (indent + code).padEnd(line.length), start: 0, end: line.length };
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** The text with its comments and strings blanked (an f-string's text kept: it formats names),
 *  the same length. */
export function codeOnly(text: string): string {
  return text.replace(/#[^\n]*|(?<![\w])([rRbBuUfF]{0,2})(?:('''|""")[\s\S]*?\2|(['"])(?:\\.|(?!\3)[^\\\n])*\3)/g, (t, prefix?: string) =>
    prefix && /f/i.test(prefix) ? t : t.replace(/[^\n]/g, ' '));
}

/** Names the code reads or binds (not attributes, keywords or a magic's `-x` options), in order;
 *  with `chains`, as it reads them: with their attributes (`trainer.evaluate`, a method that then runs
 *  as handed to code we do not see, where it may read a model's output). */
export function namesIn(code: string, chains = false): string[] {
  return unique([...code.matchAll(chains ? CHAIN : NAME)].map((x) => x[0]).filter((n) => !KEYWORDS.includes(n.split('.')[0])));
}

const NAME = /(?<![\w.])(?<!(?:^|\s)--?)[A-Za-z_]\w*/g;
const CHAIN = /(?<![\w.])(?<!(?:^|\s)--?)[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g;

/** What the code reads (as namesIn with chains): what it uses other than as the target of an
 *  assignment on each use (`x = f()` alone reads no `x`). */
export function namesRead(code: string): string[] {
  const count = (re: RegExp) => [...code.matchAll(re)].reduce((m, x) => m.set(x[1] ?? x[0], (m.get(x[1] ?? x[0]) ?? 0) + 1), new Map<string, number>());
  const used = count(CHAIN);
  const bound = count(/^[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)/gm);
  return [...used.keys()].filter((n) => !KEYWORDS.includes(n.split('.')[0]) && used.get(n) !== bound.get(n));
}

/** Code that may bind any name: the namespace's dicts, code run from a string or a script, `import *`. */
const ANY_NAME = /\b(?:globals|locals|vars|exec|eval|execfile|get_ipython|__import__)\s*\(|\bimport\s*\*|__dict__|\bsys\.modules\b|^\s*%+(?:run|store|load)\b/m;

/** Methods that change the object they are called on in ways the analysis follows (a layer added,
 *  a loss compiled, a module registered or replaced, a container's items). */
const CHANGING = /^[ \t]*([A-Za-z_]\w*)(?:\.\w+)*\.(?:add|add_module|register_module|compile|apply|append|extend|insert|pop|remove|clear|update|setdefault|__setitem__|__setattr__)[ \t]*\(/;

/** The names `code` (comments and strings blanked) binds when run as Python, or may change: its
 *  assignments' targets (an attribute's or an item's object too), imports, definitions, `for`, `with`
 *  and `except` targets, `:=`, `del`, `global`, objects changed by their methods; 'all' when it may
 *  bind any. A superset (a function's locals too): what is only read stays known. */
export function bindings(code: string): string[] | 'all' {
  if (ANY_NAME.test(code)) return 'all';
  const names: string[] = [];
  const add = (text: string) => names.push(...namesIn(text));
  const todo = statements(code);
  for (let st = todo.shift(); st !== undefined; st = todo.shift()) {
    let s = st.trim();
    let m: RegExpExecArray | null;
    // `for _ in range(1): p = f(p)`, `if flag: p = f(p)`, `with no_grad(): p = model(x)` on one line
    // (what `%time` runs as Python): the header binds what it does, the statements after its colon theirs.
    const colon = COMPOUND.test(s) && !/^(?:async\s+)?(?:def|class)\b/.test(s) ? headerColon(s) : -1;
    if (colon >= 0) {
      todo.unshift(...s.slice(colon + 1).split(';'));
      s = s.slice(0, colon);
    }
    // A line magic in the body: what it may bind, as above (its names).
    if (/^%/.test(s)) add(s.replace(/^%+\w+/, ''));
    else if ((m = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(s))) names.push(m[1]);
    else if ((m = /^(?:async\s+)?for\s+(.*?)\s+in\b/.exec(s))) add(m[1]);
    else if ((m = /^import\s+(.*)$/.exec(s))) for (const part of m[1].split(',')) names.push(...(/\bas\s+(\w+)/.exec(part)?.slice(1) ?? namesIn(part).slice(0, 1)));
    else if ((m = /^from\s+\S+\s+import\s+(.*)$/.exec(s))) for (const part of m[1].replace(/[()]/g, '').split(',')) names.push(...(/\bas\s+(\w+)/.exec(part)?.slice(1) ?? namesIn(part).slice(0, 1)));
    else if ((m = /^(?:del|global|nonlocal)\s+(.*)$/.exec(s))) add(m[1]);
    else {
      const targets = assignmentTargets(s);
      for (const t of targets) add(t.replace(/\[[^\]]*\]/g, ''));
      if ((m = CHANGING.exec(s))) names.push(m[1]);
    }
    for (const x of s.matchAll(/\bas\s+\(?([\w\s,]+)\)?|([A-Za-z_]\w*)\s*:=/g)) add(x[1] ?? x[2]);
  }
  return unique(names.filter((n) => !KEYWORDS.includes(n)));
}

/** Where a compound statement's header ends: its first colon outside brackets that is no lambda's
 *  or walrus's (-1: none). */
function headerColon(s: string): number {
  let lambdas = 0;
  for (const i of outsideBrackets(s)) {
    if (s[i] === 'l' && /^lambda\b/.test(s.slice(i)) && !/\w/.test(s[i - 1] ?? '')) lambdas++;
    else if (s[i] === ':' && s[i + 1] !== '=') {
      if (!lambdas) return i;
      lambdas--;
    }
  }
  return -1;
}

/** The places of `s`'s characters outside brackets (brackets themselves left out). */
function outsideBrackets(s: string): number[] {
  const at: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if ('([{'.includes(s[i])) depth++;
    else if (')]}'.includes(s[i])) depth--;
    else if (depth === 0) at.push(i);
  }
  return at;
}

/** The code's simple statements: its lines (those inside brackets joined to the line they continue),
 *  split at `;`. */
function statements(code: string): string[] {
  let depth = 0;
  let joined = '';
  for (const c of code) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    joined += c === '\n' && depth > 0 ? ' ' : c;
  }
  return joined.replace(/\\\r?\n/g, ' ').split(/[\n;]/);
}

/** The targets of an assignment statement (`a = b = f()`: a and b; `x += 1`: x; `x: int = 1`: x),
 *  split at its `=` outside brackets; none for any other statement. */
function assignmentTargets(s: string): string[] {
  const aug = /^([\w.[\]\s,()*]+?)\s*(?:[-+*/%&|^@]|\/\/|\*\*|>>|<<)=(?!=)/.exec(s);
  if (aug) return [aug[1]];
  const parts: string[] = [];
  let from = 0;
  for (const i of outsideBrackets(s)) {
    if (s[i] === '=' && s[i + 1] !== '=' && !'=<>!:'.includes(s[i - 1] ?? '')) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  // (`lambda x=1: x` or a keyword outside brackets cannot start a statement.)
  return parts.map((p) => p.replace(/:[^=]*$/, ''));
}

/** Names a magic run from a program (`get_ipython().run_line_magic(name, arg)` in a notebook
 *  exported to .py) reads and may bind: 'all' when it may bind any, undefined when it runs no code of ours. */
export function magicNames(name: string, arg: string): { reads: string[]; binds: string[] } | 'all' | undefined {
  if (name === 'run' || (name === 'store' && /-r/.test(arg))) return 'all';
  if (NO_PYTHON.has(name) && !Object.hasOwn(RUNS, name)) return undefined;
  // (Its options first: `-q p = f()`.)
  const code = codeOnly(arg.slice(Object.hasOwn(RUNS, name) ? Math.max(0, RUNS[name].exec(' ' + arg)![0].length - 1) : 0));
  const bound = name === 'timeit' ? [] : bindings(code);
  return bound === 'all' ? 'all' : { reads: name === 'timeit' ? namesRead(code) : namesIn(code, true), binds: bound };
}

/** Cell magics whose body is not Python run in the notebook's namespace: another language, a file
 *  written, another process or engine. Any other (`%%wandb`, `%%notify`, `%%cache`, an extension's)
 *  may run its body as Python there (wandb's does, with run_cell). */
const ELSEWHERE_CELL_MAGICS = new Set(('bash sh script html HTML javascript js latex markdown md svg perl ruby writefile file sx system ' +
  'python python2 python3 pypy sql R r julia px octave matlab scala sparksql bigquery cmd powershell pwsh shell dot timeit').split(' '));

/** Names a cell magic's body (and its line: `%%cache f.pkl model`) reads and may bind when it may
 *  run there: `%%timeit` reads, binding nothing that lasts; any other binds what its body binds as
 *  Python or its line names ('all': any name). undefined: its body runs elsewhere. */
export function cellMagicNames(name: string, line: string, body: string): { reads: string[]; binds: string[] } | 'all' | undefined {
  if (name === 'timeit') return { reads: namesRead(codeOnly(body)), binds: [] };
  if (ELSEWHERE_CELL_MAGICS.has(name)) return undefined;
  // (Strings and comments first, so that their words are not taken for names.)
  const head = codeOnly(line);
  const code = codeOnly(body);
  const bound = bindings(code);
  // (What the body only binds, `x = f()`, it does not read.)
  return bound === 'all' ? 'all' : { reads: unique([...namesIn(head, true), ...namesRead(code)]), binds: unique([...namesIn(head), ...bound]) };
}
