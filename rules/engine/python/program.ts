// The modules of one lint run: each workspace .py file is parsed and its top level executed once
// (on first import or when it is linted), imports bind framework APIs by canonical name or
// workspace modules by file. Installed packages other than the frameworks are unknown.
import * as path from 'path';
import type { SyntaxNode as Node } from './syntax-tree';
import type { FrontendHost } from '../core/frontend';
import { parsePython, pythonReady, syntaxOf, tooDeep, ParsedPython } from './parser';
import { resolveModule, resolveNotebook, FRAMEWORK_ROOTS, FASTAI_STAR, sysPathRoots } from './text-scan';
import { notebookCode, rawEnd } from './notebook';
import type { Site } from '../core/site';
import { cellStartsOf, parseCells } from './cells';
import { blankPercentScript } from './percent';
import { isWritefileCell, writtenFiles, type WrittenFile } from './written';
import { isNotebook, rawLimit } from '../core/text-checks';
import { Env, PyValue, UNKNOWN, ClassDef, FunctionDef } from './values';
import type { Interp, Frame } from './evaluator';
import { execModule } from './statements';
import { noteUnreadCode } from './probability-uses';

export interface PyModule {
  file: string;
  parsed: ParsedPython;
  env: Env;
  state: 'running' | 'done';
  /** Binds Keras/TensorFlow (fix text and NumPy decisions speak Keras), else PyTorch. */
  keras: boolean;
  functions: FunctionDef[];
  classes: ClassDef[];
}


/** One name for one API whichever way it is imported: tf.keras.X, tensorflow.keras.X and tf_keras.X
 *  are keras.X; lightning.pytorch is pytorch_lightning; keras.models.Sequential is keras.Sequential. */
export function canonical(name: string): string {
  let n = name
    // fastai's star modules (fastai.vision.all, fastai.basics, ...: no __all__) re-export torch, nn,
    // F and numpy as np (fastai.imports, torch_imports); its Module (torch_core) is an nn.Module that
    // calls nn.Module.__init__ itself; its own names are one object whichever module re-exports them.
    .replace(FASTAI_REEXPORTED, (_, m: string) => FASTAI_MODULES[m])
    .replace(/^fastai\.[\w.]+\.Module$/, 'torch.nn.Module')
    .replace(/^fastai\.[\w.]+\.(?=[A-Za-z]\w*$)/, 'fastai.')
    // `import tensorflow.compat.v1 as tf`: its ops (`tf.nn.*`, `tf.sigmoid`, `tf.argmax`) and Keras
    // are TF 2's; its losses, layers and metrics are TF 1's own.
    .replace(/^tensorflow\.compat\.v[12]\.(?!losses\.|layers\.|metrics\.)(?=\w)/, 'tensorflow.')
    .replace(/^tensorflow\.(?:python\.)?keras(?=\.|$)/, 'keras')
    .replace(/^tf_keras(?=\.|$)/, 'keras')
    // TF 2's tf.losses / tf.metrics are tf.keras.losses / tf.keras.metrics (TF 1's are tf.compat.v1.*),
    // but for names only TF 1 has (`tf.losses.log_loss` in an estimator's model_fn).
    .replace(/^tensorflow\.losses\.(?=(?:log_loss|sigmoid_cross_entropy|softmax_cross_entropy|sparse_softmax_cross_entropy)$)/, 'tensorflow.compat.v1.losses.')
    .replace(/^tensorflow\.(losses|metrics)(?=\.)/, 'keras.$1')
    .replace(/^keras\.src(?=\.)/, 'keras')
    .replace(/^keras\.api\._v2\.keras(?=\.|$)/, 'keras')
    // Keras 3 exports each op under `keras.ops` and its module too (`keras.ops.nn.softmax`,
    // `keras.ops.numpy.argmax`): one function.
    .replace(/^keras\.ops\.(?:nn|numpy)\.(?=\w+$)/, 'keras.ops.')
    .replace(/^lightning\.pytorch(?=\.|$)/, 'pytorch_lightning')
    // `torch.nn.modules.loss.BCEWithLogitsLoss` is `torch.nn.BCEWithLogitsLoss` (its home module).
    .replace(/^torch\.nn\.modules\.\w+\.(?=[A-Z])/, 'torch.nn.')
    // SciPy's logistic sigmoid on arrays (the usual spelling in a Hugging Face compute_metrics) is
    // torch's. (Not its softmax: an edit written for torch's would name a `scipy.special.sigmoid`
    // that does not exist, and its default `axis=None` spans every element.)
    .replace(/^scipy\.special\.expit$/, 'torch.special.expit')
    .replace(/^lightning(?=\.LightningModule$)/, 'pytorch_lightning');
  n = n.replace(/^keras\.models\.(Sequential|Model)$/, 'keras.$1').replace(/^keras\.engine\.\w+\.(Sequential|Model)$/, 'keras.$1');
  return n;
}

const FASTAI_REEXPORTED = new RegExp(`${FASTAI_STAR.source.slice(0, -1)}\\.(torch|nn|F|np)(?=\\.|$)`);
const FASTAI_MODULES: Record<string, string> = { torch: 'torch', nn: 'torch.nn', F: 'torch.nn.functional', np: 'numpy' };

const canonicalCache = new Map<string, string>();

export function api(name: string): PyValue {
  let c = canonicalCache.get(name);
  if (c === undefined) {
    c = canonical(name);
    if (canonicalCache.size < 10_000) canonicalCache.set(name, c);
  }
  return { k: 'api', name: c };
}

export class Program {
  readonly modules = new Map<string, PyModule | null>();
  /** Notebooks: offset in the .ipynb file of each character of the code analysed. */
  readonly offsets = new Map<string, Int32Array>();
  /** Jupytext scripts: their blanked IPython lines (a fix must not touch one). */
  readonly blanked = new Map<string, Array<[number, number]>>();
  /** Notebooks (files and the server's joined cells): where each cell's code starts. */
  readonly cellStarts = new Map<string, readonly number[]>();
  interp!: Interp;

  constructor(readonly host: FrontendHost, readonly maxBytes: number) {}

  private readonly resolved = new Map<string, string | undefined>();
  private readonly sysPaths = new Map<string, string[]>();
  /** resolveModule, remembered per folder (every file of a folder resolves `import numpy` alike,
   *  but for the folders a file adds to sys.path). */
  resolve(fromFile: string, dots: number, dotted: string): string | undefined {
    let added = this.sysPaths.get(fromFile);
    if (!added) {
      const p = this.parses.get(fromFile);
      added = p && typeof p !== 'string' ? sysPathRoots(fromFile, p.text) : [];
      this.sysPaths.set(fromFile, added);
    }
    const writes = this.writes.get(fromFile);
    const key = `${path.dirname(fromFile)}\0${dots}\0${dotted}${added.length ? `\0${added.join('\0')}` : ''}${writes ? `\0${fromFile}` : ''}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    // (`from train import model` where only train.ipynb is: that notebook, text-scan.ts resolveNotebook.)
    // Then a module the notebook's own cells write, where the disk has none (written.ts).
    const target = resolveModule(fromFile, dots, dotted, this.exists, added) ?? (dots === 0 ? resolveNotebook(fromFile, dotted, this.exists, added) : undefined)
      ?? (writes ? resolveModule(fromFile, dots, dotted, (f) => writes.has(f) || this.exists(f), added) : undefined);
    this.resolved.set(key, target);
    return target;
  }

  exists = (file: string): boolean => {
    try {
      return this.host.readFile(file) !== undefined;
    } catch {
      return false;
    }
  };

  /** The module of `file`, executed (once). undefined: unreadable, unparsable, or not Python text. */
  load(file: string): PyModule | undefined {
    if (this.modules.has(file)) return this.modules.get(file) ?? undefined;
    this.modules.set(file, null);
    const parsed = this.parse(file);
    if (!parsed || typeof parsed === 'string') return undefined;
    syntaxOf(parsed); // its build finds what the parse does not (an IndentationError)
    if (parsed.error) noteUnreadCode(file);
    const mod: PyModule = {
      file,
      parsed,
      env: new Env(undefined, file, 'module'),
      state: 'running',
      keras: /\b(?:keras|tensorflow)\b/.test(parsed.text) && !/^\s*(?:import|from)\s+torch\b/m.test(parsed.text),
      functions: [],
      classes: [],
    };
    this.modules.set(file, mod);
    execModule(this.interp, mod);
    mod.state = 'done';
    return mod;
  }

  /** Per notebook, the files its `%%writefile` cells write (written.ts); and all of them, by path. */
  private readonly writes = new Map<string, Map<string, WrittenFile>>();
  private readonly written = new Map<string, string>();
  /** The modules read from a cell's text (no file on disk): no edit can be written there. */
  readonly writtenOnly = new Set<string>();

  writtenText(file: string): string | undefined {
    return this.written.get(file);
  }

  /** Where each written module's text starts in its notebook's code (`starts`: its cells'). */
  private readonly writtenAt = new Map<string, { notebook: string; at: number }>();

  private noteWrites(notebook: string, cells: readonly string[], starts: readonly number[]): void {
    const files = writtenFiles(notebook, cells);
    if (!files.size) return;
    this.writes.set(notebook, files);
    for (const [file, { text, from }] of files) {
      if (this.written.has(file)) continue;
      this.written.set(file, text);
      if (from && starts[from.cell] !== undefined) this.writtenAt.set(file, { notebook, at: starts[from.cell] + from.at });
    }
  }

  /** A site in a module only a notebook's `%%writefile` cell writes (no file on disk): the same code
   *  in that cell, where the notebook's findings are (its offsets, written.ts). */
  writtenSite(site: Site): Site | undefined {
    const w = this.writtenOnly.has(site.file) ? this.writtenAt.get(site.file) : undefined;
    if (!w) return undefined;
    const [start, end] = [w.at + site.start, w.at + site.end];
    const map = this.offsets.get(w.notebook);
    return map ? { ...site, file: w.notebook, start: map[start], end: Math.max(map[start], rawEnd(map, end)), code: [start, end] } as Site : { ...site, file: w.notebook, start, end };
  }

  /** Where in `notebook`'s code (offsets) the modules only it writes start. */
  writtenStarts(notebook: string): number[] {
    return [...this.writtenOnly].flatMap((file) => {
      const w = this.writtenAt.get(file);
      return w?.notebook === notebook ? [w.at] : [];
    });
  }

  /** The language server's program of a notebook's cells holds its `%%writefile` cells as they are
   *  (notebook-program.ts): noted, and blanked (the same length) as the notebook's code has them. */
  private programWrites(file: string, text: string, starts: readonly number[]): string {
    const cells: string[] = [];
    let out = text;
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : text.length;
      const cell = text.slice(start, end);
      cells.push(cell);
      if (isWritefileCell(cell)) out = out.slice(0, start) + cell.replace(/[^\r\n]/g, ' ') + out.slice(end);
    });
    if (cells.some(isWritefileCell)) this.noteWrites(file, cells, starts);
    return out;
  }

  private readonly parses = new Map<string, ParsedPython | string | undefined>();
  /** The parse of `file`, or why it cannot be analysed (once a run: a file is read, checked and
   *  parsed when it is linted and again when it is imported). */
  parse(file: string): ParsedPython | string | undefined {
    if (this.parses.has(file)) return this.parses.get(file);
    const p = this.parseOnce(file);
    this.parses.set(file, p);
    return p;
  }

  private parseOnce(file: string): ParsedPython | string | undefined {
    let text: string | undefined;
    let cells = cellStartsOf(file);
    try {
      text = this.host.readFile(file);
    } catch (e) {
      return `cannot read: ${(e as Error).message}`;
    }
    // (A module only a notebook's `%%writefile` cell writes: its text there, written.ts.)
    if (text === undefined && this.written.has(file)) {
      text = this.written.get(file)!;
      this.writtenOnly.add(file);
    }
    if (text === undefined) return undefined;
    if (text.length > rawLimit(file, this.maxBytes)) return `file too large (${text.length} bytes, limit ${rawLimit(file, this.maxBytes)}), skipped`;
    if (text.slice(0, 8192).includes('\u0000')) return 'binary file (not UTF-8 text), skipped';
    if (isNotebook(file)) {
      const code = notebookCode(text);
      if (typeof code === 'string') return code;
      if (code.text.length > this.maxBytes) return `notebook code too large (${code.text.length} bytes, limit ${this.maxBytes}), skipped`;
      this.offsets.set(file, code.map);
      text = code.text;
      cells = code.cells.map((c) => c.codeStart);
      if (code.writes) this.noteWrites(file, code.writes, cells);
    } else if (cells) {
      text = this.programWrites(file, text, cells);
    } else {
      // A jupytext script: its IPython lines as in a notebook's cells (percent.ts).
      const spans: Array<[number, number]> = [];
      const blanked = blankPercentScript(text, (a, b) => spans.push([a, b]));
      if (blanked !== undefined) {
        text = blanked;
        if (spans.length) this.blanked.set(file, spans);
      }
    }
    // Old Mac line ends (a lone CR), which Python reads as line breaks and tree-sitter does not: the
    // same offsets with LF.
    if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
    const deep = tooDeep(text);
    if (deep) return deep;
    if (!pythonReady()) return 'the Python parser is not loaded, skipped';
    if (cells) this.cellStarts.set(file, cells);
    return cells ? parseCells(file, text, cells) : parsePython(file, text);
  }

  /** What `import a.b.c` (bind: 'root') or `import a.b.c as x` (bind: 'leaf') binds. */
  importModule(fromFile: string, dotted: string, bind: 'root' | 'leaf'): PyValue {
    const root = dotted.split('.')[0];
    if (FRAMEWORK_ROOTS.has(root)) return api(bind === 'root' ? root : dotted);
    // `import __main__` in the script run is that script (namespaces.ts).
    const target = dotted === '__main__' ? fromFile : this.resolve(fromFile, 0, dotted);
    if (!target) return UNKNOWN;
    // `import nets` binds the module itself (nets.py, or the package's __init__.py).
    if (bind === 'leaf' || !dotted.includes('.')) return this.moduleValue(target);
    // `import a.b.c` binds `a`: the folder holding the resolved path, parts up.
    const parts = dotted.split('.');
    let dir = target.endsWith('__init__.py') ? path.dirname(target) : target.slice(0, -3);
    for (let i = 1; i < parts.length; i++) dir = path.dirname(dir);
    const init = path.join(dir, '__init__.py');
    return this.exists(init) ? this.moduleValue(init) : { k: 'module', dir };
  }

  moduleValue(file: string): Extract<PyValue, { k: 'module' }> {
    return { k: 'module', file, dir: file.endsWith('__init__.py') ? path.dirname(file) : file.slice(0, -3) };
  }

  /** `from <dots><module> import <name>`. */
  importName(fromFile: string, dots: number, module: string, name: string): PyValue {
    const root = module.split('.')[0];
    if (dots === 0 && FRAMEWORK_ROOTS.has(root)) return api(`${module}.${name}`);
    const target = dots === 0 && module === '__main__' ? fromFile : this.resolve(fromFile, dots, module);
    if (target) {
      const v = this.moduleAttr(this.moduleValue(target), name);
      if (v.k !== 'unknown') return v;
    }
    const sub = this.resolve(fromFile, dots, module ? `${module}.${name}` : name);
    return sub ? this.moduleValue(sub) : UNKNOWN;
  }

  /** `from m import *`: the module's public names. */
  importAll(fromFile: string, dots: number, module: string, into: Env): void {
    // `from keras.layers import *`: a name bound nowhere else is that module's (one such module
    // only, and no other star import we cannot read after it).
    const framework = dots === 0 && FRAMEWORK_ROOTS.has(module.split('.')[0]);
    const target = framework ? undefined : this.resolve(fromFile, dots, module);
    const mod = target && target !== fromFile ? this.load(target) : undefined;
    // (Several fastai star imports: its names mean one thing in each; the one that re-exports torch's kept.)
    if (framework && into.starApi?.startsWith('fastai.') && module.startsWith('fastai.')) into.starApi = FASTAI_STAR.test(into.starApi) ? into.starApi : module;
    else if (framework) into.starApi = into.starApi === undefined && !into.opaque ? module : null;
    else if (!mod || mod.env.opaque) into.starApi &&= null;
    into.opaque ||= !mod || mod.env.opaque;
    if (!mod) return;
    // Its `__all__`, when it has one, lists what it exports (submodules included); one we cannot
    // read may export any of its names.
    const all = mod.env.vars.get('__all__');
    const listed = all?.k === 'seq' && !all.open ? all.items.map((i) => (i.k === 'const' && typeof i.v === 'string' ? i.v : undefined)) : undefined;
    if (all && (!listed || listed.includes(undefined))) {
      into.opaque = true;
      for (const [k, v] of mod.env.vars) if (!k.startsWith('_') && into.vars.get(k) !== v) into.vars.set(k, UNKNOWN);
      return;
    }
    if (listed) for (const k of listed as string[]) into.vars.set(k, mod.env.vars.get(k) ?? this.moduleAttr(this.moduleValue(target!), k));
    else for (const [k, v] of mod.env.vars) if (!k.startsWith('_')) into.vars.set(k, v);
  }

  /** An attribute of a workspace module: a name it binds, else a submodule file. */
  /** `config.NUM_CLASSES = n` from another module: later reads get `v` (a package folder without
   *  an __init__.py holds no names). */
  setModuleAttr(m: Extract<PyValue, { k: 'module' }>, name: string, v: PyValue): void {
    const mod = m.file ? this.load(m.file) : undefined;
    mod?.env.vars.set(name, v);
  }

  moduleAttr(m: Extract<PyValue, { k: 'module' }>, name: string): PyValue {
    if (m.file) {
      const mod = this.load(m.file);
      const v = mod?.env.vars.get(name);
      if (v) return v;
    }
    for (const c of [path.join(m.dir, name + '.py'), path.join(m.dir, name, '__init__.py')]) {
      if (this.exists(c)) return this.moduleValue(c);
    }
    return UNKNOWN;
  }

  /** Names no scope binds: Python's builtins by name, anything else unknown. */
  builtin(name: string, env?: Env): PyValue {
    if (BUILTINS.has(name)) return { k: 'api', name: `builtins.${name}` };
    return env?.starApi ? this.importName(env.file, 0, env.starApi, name) : UNKNOWN;
  }

  /** Frame of a module's top level. */
  moduleFrame(mod: PyModule): Frame {
    return { env: mod.env, module: mod, depth: 0 };
  }

  private readonly seenDefs = new Map<string, number>();
  /** Whether this def was seen `times` times before (a def inside a function body runs once per call). */
  registered(file: string, node: Node, times = 1): boolean {
    const key = `${file}:${node.startIndex}`;
    const n = (this.seenDefs.get(key) ?? 0) + 1;
    this.seenDefs.set(key, n);
    return n > times;
  }
}

const BUILTINS = new Set(['super', 'object', 'callable', 'id', 'len', 'range', 'print', 'list', 'tuple', 'dict', 'enumerate', 'zip', 'getattr', 'setattr', 'delattr', 'isinstance', 'float', 'int', 'round', 'sum', 'min', 'max', 'abs', 'sorted', 'reversed', 'iter', 'next', 'map', 'str', 'repr', 'bool', 'type', 'hasattr', 'open', 'exec', 'execfile', 'get_ipython', 'vars', 'globals', '__import__']);
