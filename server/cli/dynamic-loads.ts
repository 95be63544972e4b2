// Modules a Python file loads by a name or a path written at run time, which the import graph
// does not follow: `importlib.import_module("models.net")`, `__import__(name)`, a path loader
// (`importlib.util.spec_from_file_location("m", path)`, `imp.load_source`, `SourceFileLoader`),
// a dotted name (`pydoc.locate("models.net.Net")`, Hydra's `get_class` / `instantiate`, whose
// `_target_` is in a YAML file), a local `torch.hub.load(".", "net", source="local")`, or the
// imports in a string run by `exec` / `eval` (`exec("from model import Net")`). Code there may
// read a model's output where the analysis cannot see it (unseen-importers.ts).
import * as path from 'path';
import { blankLiterals, loadedPath, scanImports } from '../../rules/engine/python/text-scan';
import { notebookCode } from '../../rules/engine/python/notebook';

export interface Loads {
  /** Project files loaded (the named modules, resolved). */
  files: string[];
  /** Module names loaded that resolve from nowhere we know (`import_module("net")` after
   *  `sys.path.append("models")`, `import_module(".net", package="models")`): any project file
   *  of that name may be the one. */
  names: string[];
}

export interface Resolver {
  /** The project's file a module name (`models.net`) names from `file`, if one. */
  module(file: string, name: string): string | undefined;
  exists(file: string): boolean;
  /** The project's files under a folder. */
  under(dir: string): string[];
  root: string;
}

const BY_NAME = /\b(import_module|__import__|run_module)\(\s*(?:["']([\w.]+)["']\s*[,)]|[fF]["']([\w.]*?)\.?\{|["']([\w.]+?)\.?["']\s*\+)?/g;
const BY_PATH = /\b(?:spec_from_file_location|load_source|SourceFileLoader)\(\s*[^,()]*,\s*(?:["']([\w./-]+\.py)["']\s*[,)])?/g;
const DOTTED = /\b(?:pydoc\.locate|get_class|get_method|get_object|_locate)\(\s*(?:["']([\w.]+)["']\s*[,)])?/g;
const HUB = /\bhub\.load\(\s*(?:["']([\w./-]+)["'])?/g;
// The builtins (not a method, `model.eval()`); the argument: a string literal, plain or a template
// (an f-string, `.format(...)`, `%`), a file's text read (`exec(open("x.py").read())`, text-scan.ts
// scanRunPaths follows it), or anything else.
const RUN_TEXT = /(?<![\w.])(exec|eval)\(\s*(?:([rRuUbBfF]{0,2})("{3}|'{3}|"|')((?:\\[^]|(?!\3)[^\\])*)\3\s*([,)]|\.format\(|%)|((?:compile\(\s*)?open\(\s*["'][\w./-]+\.py["']))?/g;
const RUN_ARG = /(?<![\w.])(?:exec|eval)\(\s*(?:(?:compile\(\s*)?open\(\s*)?[rRuUbBfF]{0,2}$/;

/** What `text` (of `file`) loads by name or path; 'all' when a name we cannot read may be any
 *  module of the project. */
export function dynamicLoads(file: string, text: string, r: Resolver): Loads | 'all' {
  const out: Loads = { files: [], names: [] };
  if (/\b(?:exec|eval)\(/.test(text)) {
    // (A notebook's code is in its cells' JSON strings.)
    const nb = /\.ipynb$/i.test(file) ? notebookCode(text) : text;
    const run = runText(file, typeof nb === 'string' ? nb : nb.text, r);
    if (run === 'all') return 'all';
    out.files.push(...run.files);
    out.names.push(...run.names);
  }
  if (!/import_module|__import__|run_module|spec_from_file_location|load_source|SourceFileLoader|locate|get_class|get_method|get_object|instantiate|hub\.load/.test(text)) return out;
  for (const m of text.matchAll(BY_NAME)) {
    if (m[2] !== undefined) {
      const named = r.module(file, m[2]);
      if (named) out.files.push(named);
      // A relative name (`.net`, with package=) or one found on a path the file set up: by its last part.
      else out.names.push(m[2].split('.').filter((x) => x).pop() ?? m[2]);
      continue;
    }
    // `import_module(f"models.{arch}")`, `"models." + name`: any module of that package.
    const pkg = m[3] ?? m[4];
    if (!pkg) return 'all';
    const folders = [path.dirname(file), r.root].map((d) => path.join(d, ...pkg.split('.')));
    const inPackage = folders.flatMap((d) => r.under(d));
    if (!inPackage.length) return 'all';
    out.files.push(...inPackage);
  }
  for (const m of text.matchAll(BY_PATH)) {
    if (!m[1]) return 'all';
    const loaded = loadedPath(file, m[1], r.exists);
    if (loaded) out.files.push(loaded);
  }
  // `pydoc.locate` (named so, or imported from pydoc) and Hydra's class lookups by dotted name.
  const locates = /\bpydoc\b|\bhydra\b/.test(text);
  if (locates) {
    for (const m of text.matchAll(DOTTED)) {
      if (!m[1]) return 'all';
      // The longest prefix that is a module of the project (`models.net` of `models.net.Net`).
      const parts = m[1].split('.');
      for (let n = parts.length; n > 0; n--) {
        const named = r.module(file, parts.slice(0, n).join('.'));
        if (named) {
          out.files.push(named);
          break;
        }
      }
    }
    // `hydra.utils.instantiate(cfg.model)`: the class is named in a config file we do not read.
    if (/\bhydra\b/.test(text) && /\binstantiate\(/.test(text)) return 'all';
  }
  for (const m of text.matchAll(HUB)) {
    const local = m[1] !== undefined && /^(?:\.{1,2}(?:\/|$)|\/)/.test(m[1]);
    if (m[1] === undefined && /source\s*=\s*["']local["']/.test(text)) return 'all';
    if (!local) continue;
    const hubconf = [path.dirname(file), r.root].map((d) => path.resolve(d, m[1], 'hubconf.py')).find((f) => r.exists(f));
    if (hubconf) out.files.push(hubconf);
  }
  return out;
}

/** The modules the strings `exec` and `eval` run import (`exec("from model import Net")`); 'all' for
 *  text we cannot read (`exec(code)`), which may import any module. Not where the file binds a
 *  function of that name itself (`def eval(net, loader)`, an evaluation loop). */
function runText(file: string, text: string, r: Resolver): Loads | 'all' {
  const out: Loads = { files: [], names: [] };
  const code = blanked(text, true);
  for (const m of code.matchAll(RUN_TEXT)) {
    if (new RegExp(String.raw`^[ \t]*(?:def[ \t]+${m[1]}\b|${m[1]}[ \t]*=[^=])|\bimport\b.*\b${m[1]}\b`, 'm').test(code)) continue;
    if (m[6]) continue;
    // `eval` evaluates an expression: no import statement; only `__import__` / `import_module` in
    // the text it is given, which may be any the file names.
    if (m[4] === undefined) {
      if (m[1] === 'exec' || /\b(?:__import__|import_module)\b/.test(blanked(text, false))) return 'all';
      continue;
    }
    // A template (`exec(f"self.block{i} = nn.Linear(4, 4)")`): what its literal parts import, if
    // any, we cannot resolve; a field may be a whole statement where one starts.
    const template = /[fF]/.test(m[2]) || m[5] === '.format(' ? /\{[^{}]*\}/g : m[5] === '%' ? /%[^a-zA-Z%]*[a-zA-Z]/g : undefined;
    if (template) {
      if (/\bimport\b|__import__|import_module/.test(m[4].replace(template, ' ')) || new RegExp(String.raw`(?:^|\n|\\n|[;:])\s*(?:${template.source})`).test(m[4])) return 'all';
      continue;
    }
    const run = m[4].replace(/\\n/g, '\n').replace(/\\(["'\\])/g, '$1');
    // (A name the string reads, `__import__("model")`, is BY_NAME's.)
    for (const spec of scanImports(run)) {
      for (const name of [spec.module, ...spec.names.map((n) => (spec.module ? `${spec.module}.${n}` : n))]) {
        if (!name) continue;
        const named = spec.dots === 0 ? r.module(file, name) : undefined;
        if (named) out.files.push(named);
        else if (name === spec.module) out.names.push(name.split('.').pop()!);
      }
    }
  }
  return out;
}

/** `text` with its comments blanked, and its string literals too (but the one `exec` / `eval` is
 *  given) when `strings`: a mention there runs nothing. Offsets kept. */
function blanked(text: string, strings: boolean): string {
  return blankLiterals(text, (i) => !strings || RUN_ARG.test(text.slice(Math.max(0, i - 40), i)));
}
