// The part of the engine's API that works on text alone and never loads a parser: which files the
// engine reads, the cheap scans the CLI splits and caches a run with, module resolution, and
// applying edits. A CLI run whose results all come from --cache loads nothing else from rules/.
// Each question is answered by the language of the file: JS/TS (and .html/.vue/.svelte), Python.
import type { TextEdit } from './engine/core/types';
import * as js from './engine/js/text-scan';
import * as py from './engine/python/text-scan';
import * as path from 'path';
import { notebookCode } from './engine/python/notebook';
export { mentionsTf, resolveRelative } from './engine/js/text-scan';
export { isPython } from './engine/python/text-scan';

export const LINTABLE_EXTENSIONS = [...js.LINTABLE_EXTENSIONS, ...py.PYTHON_EXTENSIONS];

export function isLintable(file: string): boolean {
  return js.isLintable(file) || py.isPython(file);
}

/** Can this text bind a framework: tfjs (or a wrapper in `tfModules`) for JS, torch / keras /
 *  tensorflow for Python. Files that fail it are parsed only when they import one that passes. */
export function mentionsFramework(file: string, text: string, tfModules: string[] = []): boolean {
  return py.isPython(file) ? py.mentionsPython(text) : js.mentionsTf(text, tfModules);
}

const PY = 'py:';
/** An absolute import looked for in a folder the file put on sys.path: `pyat:<folder>:<module>`. */
const PYAT = 'pyat:';
/** A file run in the namespace (`%run x.py`): a path relative to the running file. */
const RUN = 'pyrun:';
/** `pynb:<folders>:<module>`: a notebook loaded as that module (through import_ipynb or the like). */
const NB = 'pynb:';
/** A file loaded by path as a module (text-scan.ts scanLoadPaths). */
const LOAD = 'pyload:';

/** Python imports as specifiers for the CLI's import graph: `py:<dots>:<module>`, also one per
 *  imported name (`from pkg import sub` may name the submodule pkg/sub.py). */
export function pythonImportSpecifiers(text: string, file = ''): string[] {
  const out: string[] = [];
  // A notebook's imports are in its cells' JSON strings: scan the code they hold.
  const code = /\.ipynb$/i.test(file) ? notebookCode(text) : text;
  const src = typeof code === 'string' ? code : code.text;
  // Folders the file adds to sys.path, relative to its own (the specifiers depend on the text only).
  const added = py.sysPathRoots(file || '/f.py', src).map((d) => path.relative(path.dirname(file || '/f.py'), d) || '.');
  for (const s of py.scanImports(src)) {
    const names = s.module ? [s.module] : [];
    for (const name of s.names) names.push(s.module ? `${s.module}.${name}` : name);
    for (const n of names) {
      out.push(`${PY}${s.dots}:${n}`);
      // (A notebook of that name, where no module has it: text-scan.ts resolveNotebook.)
      if (s.dots === 0) out.push(`${NB}${added.join('\u0000')}:${n}`);
      if (s.dots === 0) for (const dir of added) out.push(`${PYAT}${dir}:${n}`);
    }
  }
  for (const rel of py.scanRunPaths(text)) out.push(`${RUN}${rel}`);
  for (const rel of py.scanLoadPaths(text)) out.push(`${LOAD}${rel}`);
  return out;
}

/** The file an import specifier of `fromFile` names, or undefined (a package, or nothing). */
export function resolveImport(fromFile: string, spec: string, exists: (file: string) => boolean): string | undefined {
  if (spec.startsWith(LOAD)) return py.loadedPath(fromFile, spec.slice(LOAD.length), exists);
  if (spec.startsWith(NB)) {
    // `pynb:<added folders, NUL-separated>:<module>`, the folders relative to the importing file's.
    const colon = spec.lastIndexOf(':');
    const dirs = spec.slice(NB.length, colon).split('\u0000').filter(Boolean).map((d) => path.resolve(path.dirname(fromFile), d));
    return py.resolveNotebook(fromFile, spec.slice(colon + 1), exists, dirs);
  }
  if (spec.startsWith(RUN)) {
    const target = path.resolve(path.dirname(fromFile), spec.slice(RUN.length));
    return target !== fromFile && exists(target) ? target : undefined;
  }
  if (spec.startsWith(PYAT)) {
    // `pyat:<folder>:<module>`: looked for only in that folder (relative to the importing file's).
    const colon = spec.lastIndexOf(':');
    const base = path.resolve(path.dirname(fromFile), spec.slice(PYAT.length, colon));
    const target = py.moduleIn(base, spec.slice(colon + 1).split('.'), exists);
    return target === fromFile ? undefined : target;
  }
  if (spec.startsWith(PY)) {
    const colon = spec.indexOf(':', PY.length);
    const target = py.resolveModule(fromFile, Number(spec.slice(PY.length, colon)), spec.slice(colon + 1), exists);
    return target === fromFile ? undefined : target;
  }
  return js.resolveRelative(fromFile, spec, exists);
}

/** resolveImport remembered per folder, for one `exists`: every file of a folder resolves a
 *  specifier alike (resolution reads only the importing file's folder), except that a Python module
 *  never imports itself (resolveImport's own check, applied here per file). */
export function folderResolver(exists: (file: string) => boolean): (fromFile: string, spec: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  return (fromFile, spec) => {
    const dir = path.dirname(fromFile);
    const key = `${dir}\0${spec}`;
    let target = memo.get(key);
    if (target === undefined && !memo.has(key)) memo.set(key, (target = resolveImport(path.join(dir, '\0'), spec, exists)));
    return target === fromFile && spec.startsWith('py') ? undefined : target;
  };
}

/** Applies non-overlapping edits (of one file) to its text; edits are sorted here. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  // From the end backwards, in pieces joined once (thousands of edits in a large file: slicing the
  // whole text per edit was quadratic).
  const pieces: string[] = [];
  let lastStart = Infinity;
  let cut = text.length;
  for (const e of sorted) {
    if (e.end > lastStart) continue; // overlapping edit: skip rather than corrupt the file
    pieces.push(text.slice(e.end, cut), e.text);
    cut = Math.min(e.start, cut);
    lastStart = e.start;
  }
  pieces.push(text.slice(0, cut));
  return pieces.reverse().join('');
}
