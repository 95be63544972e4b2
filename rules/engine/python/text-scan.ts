// Parser-free facts about a Python file: can it bind a framework, which workspace files does it
// import. Module resolution lives here too (the interpreter resolves imports the same way).
//
// Where an absolute import is looked for: the importing file's folder, then each folder above it
// while the folder below holds an __init__.py (a package); the first folder without __init__.py is
// the last one searched (the package root, where `python -m` or a script would run from). A dotted
// import not found there is looked for in the folders above (up to NAMESPACE_LEVELS): a folder
// without __init__.py is a namespace package (PEP 420; `from src.models.net import Net` run from the
// project root). Then the folders the file adds to sys.path (sys-path.ts) and, in a tests/ folder,
// pytest's conftest roots. Installed packages are never resolved: what they do is unknown.
import * as path from 'path';
import { notebookCode } from './notebook';
import { sysPathRoots } from './sys-path';
export { sysPathRoots };

export const PYTHON_EXTENSIONS = ['.py', '.ipynb'];

export function isPython(file: string): boolean {
  return PYTHON_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** The text names one of the frameworks as a word, or imports a library built on one (a Hugging
 *  Face fine-tuning script often imports transformers alone; its AutoModel classes are PyTorch's). */
export function mentionsPython(text: string): boolean {
  return /\b(?:torch|keras|tensorflow)\b/.test(text) || BUILT_ON_FRAMEWORK.test(text);
}

const BUILT_ON_FRAMEWORK = /^[ \t]*(?:from|import)[ \t]+(?:transformers|skorch|lightning|pytorch_lightning|timm|torchvision|torchmetrics|torch_geometric|segmentation_models_pytorch|ignite|accelerate|tf_keras|fastai|keras_hub|keras_nlp|keras_cv)\b/m;

/** One import as written: `from ..a.b import c, d` is { dots: 2, module: 'a.b', names: ['c', 'd'] };
 *  `import a.b as x` is { dots: 0, module: 'a.b', names: [] }. */
export interface ImportSpec {
  dots: number;
  module: string;
  names: string[];
}

/** Import roots whose APIs the interpreter knows: they bind the framework's API, never a workspace
 *  file (program.ts), so they are not resolved or followed. */
export const FRAMEWORK_ROOTS = new Set(['runpy', 'importlib', 'imp', 'torch', 'torchvision', 'timm', 'torch_geometric', 'segmentation_models_pytorch', 'ignite', 'skorch', 'tensorflow', 'keras', 'tf_keras', 'numpy', 'lightning', 'pytorch_lightning', 'lightning_fabric', 'accelerate', 'transformers', 'collections', 'torchmetrics', 'functools', 'typing', 'dataclasses', 'copy', 'inspect', 'itertools',
  // What starts a function in another process or thread (module-runners.ts started).
  'multiprocessing', 'threading', 'concurrent',
  // SciPy's sigmoid on arrays (program.ts canonical); scikit-learn's metrics (loss-catalogue.ts).
  'scipy', 'sklearn',
  // Progress bars, whose iterators give their iterable's items (builtins.ts PROGRESS_BARS).
  'tqdm', 'rich',
  // KerasHub (and keras_nlp, keras_cv before it): its classifier tasks' heads (keras.ts hubCall).
  'keras_hub', 'keras_nlp', 'keras_cv',
  // fastai: its Learner and losses (fastai.ts), and torch's names its star modules re-export.
  'fastai']);

/** fastai's modules that export every name they bind: fastai's, and torch, nn, F, np (program.ts). */
export const FASTAI_STAR = /^fastai\.(?:[\w.]+\.)?(?:all|basics|torch_basics|torch_imports|imports)$/;

function frameworkImport(dots: number, module: string): boolean {
  return dots === 0 && FRAMEWORK_ROOTS.has(module.split('.')[0]);
}

/** Where a simple statement may start: a line's start, after a `;` (`import torch;from m import X`)
 *  or after the colon of a one-line compound statement (`if c: from m import X`, `try: import m`). */
const STATEMENT_START = String.raw`(?:^|[;:])[ \t]*`;

/** Workspace import statements found by a line scan (parenthesised and backslash-continued name
 *  lists too); imports of the frameworks are left out. */
export function scanImports(text: string): ImportSpec[] {
  const out: ImportSpec[] = [];
  // (The names end at the statement's end: a `;` or a comment.)
  const from = new RegExp(STATEMENT_START + String.raw`from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n\\;#]|\\\r?\n)*)`, 'gm');
  for (const m of text.matchAll(from)) {
    const names = m[3].replace(/[()\\]/g, ' ').split(',').map((n) => n.trim().split(/\s+/)[0]).filter((n) => /^\w+$/.test(n));
    if (!frameworkImport(m[1].length, m[2])) out.push({ dots: m[1].length, module: m[2], names });
  }
  for (const m of text.matchAll(new RegExp(STATEMENT_START + String.raw`import[ \t]+([\w. \t,]+)`, 'gm'))) {
    for (const part of m[1].split(',')) {
      const mod = part.trim().split(/\s+/)[0];
      if (/^[\w.]+$/.test(mod) && !frameworkImport(0, mod)) out.push({ dots: 0, module: mod, names: [] });
    }
  }
  return out;
}

/** Folders an absolute import is searched from (see the header). */
export function searchRoots(fromFile: string, exists: (file: string) => boolean): string[] {
  let dir = path.dirname(fromFile);
  const roots = [dir];
  for (let i = 0; i < 20 && exists(path.join(dir, '__init__.py')); i++) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
    roots.push(dir);
  }
  return roots;
}

/** The file of module `dotted` (`a.b` -> a/b.py or a/b/__init__.py) imported with `dots` leading
 *  dots from `fromFile`, or undefined (an installed package, or nothing). */
export function resolveModule(fromFile: string, dots: number, dotted: string, exists: (file: string) => boolean, added: readonly string[] = []): string | undefined {
  const parts = dotted ? dotted.split('.') : [];
  const bases: string[] = [];
  if (dots > 0) {
    let dir = path.dirname(fromFile);
    for (let i = 1; i < dots; i++) dir = path.dirname(dir);
    bases.push(dir);
  } else {
    if (parts.length === 0) return undefined;
    bases.push(...searchRoots(fromFile, exists));
  }
  const last = bases[bases.length - 1];
  // Folders the file puts on sys.path, and a pytest rootdir's: after the file's own.
  if (dots === 0) bases.push(...added, ...pytestRoots(fromFile));
  const found = (base: string): string | undefined => moduleIn(base, parts, exists);
  for (const base of bases) {
    const f = found(base);
    if (f) return f;
  }
  // A namespace package: only a dotted name, so that one bare name (`import utils`) is never taken
  // from a module file in a folder that Python would not search. One bare name may name a package
  // there (`from models import Net` in scripts/train.py, run with the project's root on sys.path):
  // a folder with an __init__.py, whose name and file both match.
  if (dots > 0) return undefined;
  const bare = parts.length < 2;
  let dir = last;
  for (let i = 0; i < NAMESPACE_LEVELS; i++) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
    const f = bare ? packageIn(dir, parts[0], exists) : found(dir);
    if (f) return f;
  }
  return undefined;
}

function packageIn(base: string, name: string, exists: (file: string) => boolean): string | undefined {
  const init = path.join(base, name, '__init__.py');
  return exists(init) ? init : undefined;
}

const NAMESPACE_LEVELS = 3;

/** Module `a.b` (parts ['a', 'b']) in folder `base`: base/a/b.py or base/a/b/__init__.py. */
/** The notebook `import train` (or `ipynb.fs.full.train`) names where no Python module has that name:
 *  Python imports a notebook only through an importer (import_ipynb, ipynb, importnb, nbimporter),
 *  which one file of the program may install for all (`import import_ipynb` in main.py), so a working
 *  program that names one has it. Looked for where the module would be, and in `added` folders. */
export function resolveNotebook(fromFile: string, dotted: string, exists: (file: string) => boolean, added: readonly string[] = []): string | undefined {
  const parts = dotted.replace(/^ipynb\.fs\.(?:full|defs)\./, '').split('.');
  if (!parts[0] || resolveModule(fromFile, 0, dotted, exists, added)) return undefined;
  for (const base of [...searchRoots(fromFile, exists), ...added]) {
    const nb = path.join(base, ...parts) + '.ipynb';
    if (nb !== fromFile && exists(nb)) return nb;
  }
  return undefined;
}

export function moduleIn(base: string, parts: readonly string[], exists: (file: string) => boolean): string | undefined {
  const stem = path.join(base, ...parts);
  // A package comes before a module of the same name in the same folder (Python's FileFinder).
  const init = path.join(stem, '__init__.py');
  if (exists(init)) return init;
  return parts.length > 0 && exists(stem + '.py') ? stem + '.py' : undefined;
}

/** A module in a tests/ folder imports the project's modules by their bare names from the folder
 *  holding tests/: pytest puts it on sys.path (a conftest.py there, `pythonpath = .`, `python -m
 *  pytest`), else such a test could not run. By folder (a folder's files resolve alike: program.ts
 *  and the CLI's graph remember resolutions per folder). */
function pytestRoots(fromFile: string): string[] {
  let dir = path.dirname(fromFile);
  for (let i = 0; i <= NAMESPACE_LEVELS; i++) {
    const up = path.dirname(dir);
    if (up === dir) break;
    if (/^tests?$/.test(path.basename(dir))) return [up];
    dir = up;
  }
  return [];
}

/** Workspace files `text` imports: the modules, and submodules named in `from pkg import sub`. */
export function pythonImports(file: string, text: string, exists: (file: string) => boolean): string[] {
  const found = new Set<string>();
  const nb = file.toLowerCase().endsWith('.ipynb') ? notebookCode(text) : text;
  const code = typeof nb === 'string' ? nb : nb.text;
  const added = sysPathRoots(file, code);
  // (Where no module has the name, a notebook may: resolveNotebook.)
  const resolve = (dots: number, dotted: string): string | undefined => resolveModule(file, dots, dotted, exists, added) ?? (dots === 0 ? resolveNotebook(file, dotted, exists, added) : undefined);
  for (const spec of scanImports(code)) {
    const target = resolve(spec.dots, spec.module);
    if (target) found.add(target);
    for (const name of spec.names) {
      const sub = resolve(spec.dots, spec.module ? `${spec.module}.${name}` : name);
      if (sub) found.add(sub);
    }
  }
  for (const rel of scanRunPaths(text)) {
    const target = path.resolve(path.dirname(file), rel);
    if (exists(target)) found.add(target);
  }
  for (const rel of scanLoadPaths(text)) {
    const target = loadedPath(file, rel, exists);
    if (target) found.add(target);
  }
  found.delete(file);
  return [...found];
}

/** Files loaded by path as modules (`importlib.util.spec_from_file_location("m", "model.py")`,
 *  `imp.load_source("m", "model.py")`, `SourceFileLoader("m", "model.py")`): the paths as written,
 *  relative to the working directory, which we do not know (loadedPath). */
export function scanLoadPaths(text: string): string[] {
  if (!/spec_from_file_location|load_source|SourceFileLoader/.test(text)) return [];
  return [...text.matchAll(/\b(?:spec_from_file_location|load_source|SourceFileLoader)\(\s*[^,()]*,\s*["']([\w./-]+\.py)["']/g)].map((m) => m[1]);
}

/** The file a loader's path names: from the loading file's folder, else from a folder above it (a
 *  script in tools/ run from the project's root). */
export function loadedPath(fromFile: string, rel: string, exists: (file: string) => boolean): string | undefined {
  let dir = path.dirname(fromFile);
  for (let up = 0; up < 4; up++) {
    const target = path.resolve(dir, rel);
    if (target !== fromFile && exists(target)) return target;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Files run in this one's namespace, as written: `%run train.py`, `%run -i ./prep.ipynb` (a
 *  notebook's line, found in its JSON), `exec(open("x.py").read())`. Analysed with it, as imports are. */
export function scanRunPaths(text: string): string[] {
  const out: string[] = [];
  // Each form names `%run`, `run_line_magic` or a `.py` file: most files have none (the pattern
  // below tries every position of the text).
  if (!text.includes('%run') && !text.includes('run_line_magic') && !text.includes('.py')) return out;
  // A jupytext script comments its magics out: `# %run train.py`.
  for (const m of text.matchAll(isJupytext(text) ? JUPYTEXT_RUNS : RUNS)) {
    // `%run -m pkg.mod` runs a module; `%run train` runs train.py, as IPython looks it up.
    const name = m[1] ? m[2].replace(/\./g, '/') : m[2] ?? m[3] ?? m[4];
    out.push(/\.(?:py|ipynb)$/.test(name) ? name : `${name}.py`);
  }
  return out;
}

// `%run [-i] [-m] name` (a notebook's line; in its JSON, after a `"`), IPython's
// run_line_magic("run", ...), and `exec(open("x.py").read())`-like runs of a named .py file.
const RUN_MAGIC = String.raw`[ \t]*%run[ \t]+(?:-[a-ln-z]\w*[ \t]+)*(-m[ \t]+)?(?:\\?["'])?([\w./-]+)`;
const RUN_CALLS = String.raw`run_line_magic\(\s*\\?["']run\\?["']\s*,\s*\\?["'](?:-[a-ln-z]\w*[ \t]+)*([\w./-]+)|(?:exec\(\s*(?:compile\(\s*)?open|runpy\.run_path|with[ \t]+open)\(\s*\\?["']([\w./-]+\.py)\\?["']`;
const RUNS = new RegExp(`(?:^|")${RUN_MAGIC}|${RUN_CALLS}`, 'gm');
const JUPYTEXT_RUNS = new RegExp(`(?:^|")(?:[ \\t]*#)?${RUN_MAGIC}|${RUN_CALLS}`, 'gm');

/** A jupytext script (percent format: `# %%` cells, or its YAML header): a notebook kept as .py. */
export function isJupytext(text: string): boolean {
  return /^# %%|^#[ \t]+jupytext:/m.test(text);
}

/** `text` with every line break inside brackets (and the comments there) turned into spaces, the
 *  same length: Python joins those lines, and tree-sitter-python 0.25 rejects one indented less than
 *  its block (`acc = ((p > 0.5) ==` then `    y)` inside a `with`). Strings are kept as they are. */
export function joinBracketedLines(text: string): string {
  const out = text.split('');
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const close = triple ? ch.repeat(3) : ch;
      // An f-string's replacement fields are code (PEP 701, Python 3.12): a line break inside
      // `{...}` is joined as in brackets, and a quote there does not close the string.
      const fstring = /(?:^|[^\w])(?:[fF]|[rR][fF]|[fF][rR])$/.test(text.slice(Math.max(0, i - 3), i));
      let braces = 0;
      let j = i + close.length;
      while (j < text.length && (braces > 0 || !text.startsWith(close, j)) && (triple || braces > 0 || text[j] !== '\n')) {
        const c = text[j];
        if (fstring && c === '{') {
          if (braces === 0 && text[j + 1] === '{') j++;
          else braces++;
        } else if (fstring && c === '}' && braces > 0) braces--;
        else if (braces > 0 && (c === '\n' || c === '\r') && !triple) out[j] = ' ';
        j += c === '\\' ? 2 : 1;
      }
      i = j + close.length - 1;
    } else if (ch === '#') {
      let j = i;
      while (j < text.length && text[j] !== '\n') {
        if (depth > 0) out[j] = ' ';
        j++;
      }
      i = j - 1;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    else if ((ch === '\n' || ch === '\r') && depth > 0) out[i] = ' ';
  }
  return out.join('');
}

/** The last character of the comment or string literal that starts at `i` (`i` itself when none
 *  does): a comment and a one-line string left open end before their line's end, a triple-quoted
 *  string at its closing quotes (or the text's end). */
export function literalEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '#') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length - 1 : nl - 1;
  }
  if (c !== '"' && c !== "'") return i;
  const q = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
  let j = i + q.length;
  while (j < text.length && !text.startsWith(q, j) && !(q.length === 1 && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
  if (j >= text.length) return text.length - 1;
  return text[j] === '\n' && q.length === 1 ? j - 1 : j + q.length - 1;
}

/** `text` with its comments blanked, and the inside of each string literal for which `keep(start,
 *  end)` is false (the offsets of the literal's first and last characters; none kept by default).
 *  Offsets and line breaks kept: a mention there runs nothing. */
export function blankLiterals(text: string, keep: (start: number, end: number) => boolean = () => false): string {
  // In pieces, the blanked ones by one native replace: a character array of a large file cost
  // more than the scan (this runs on every file, several times).
  const pieces: string[] = [];
  let from = 0;
  const starts = /[#"']/g;
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    const i = m.index;
    const end = literalEnd(text, i);
    const comment = text[i] === '#';
    if (comment || !keep(i, end)) {
      const [a, b] = comment ? [i, end + 1] : [i + 1, end];
      if (b > a) {
        pieces.push(text.slice(from, a), text.slice(a, b).replace(/[^\n]/g, ' '));
        from = b;
      }
    }
    starts.lastIndex = end + 1;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}
