// The engine's cheap, parser-free facts about a file: which files it reads at all, whether a text
// can bind tfjs, what it imports, and how a relative specifier resolves. Nothing here loads
// TypeScript, so the CLI can split a run, key its cache and answer a fully cached run without the
// 0.3 s it takes to load the compiler (rules/scan.ts is the public face of this module).
import * as path from 'path';

export const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'];
export const COMPONENT_EXTENSIONS = ['.html', '.htm', '.vue', '.svelte'];
export const LINTABLE_EXTENSIONS = [...SCRIPT_EXTENSIONS, ...COMPONENT_EXTENSIONS];

export function isLintable(file: string): boolean {
  return LINTABLE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** A cheap text check: can this file bind tfjs at all? Files that fail it are parsed only if imported. */
export function mentionsTf(text: string, extraModules: string[] = []): boolean {
  // `tf.` used (a global, a parameter, an alias's source): not a function of a bundle named tf.
  if (text.includes('@tensorflow/') || /\btf\s*(?:\.|\?\.|\[)|=\s*tf\s*[;\n]/.test(text)) return true;
  return extraModules.some((m) => text.includes(m));
}

/** Relative module specifiers a file imports or requires (a cheap scan; no parse). */
export function relativeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:from|import|require\s*\()\s*['"](\.{1,2}\/[^'"]*)['"]/g)) out.push(m[1]);
  return out;
}

/**
 * The file a relative (or absolute) specifier names: the first candidate that `exists` (for the
 * engine: a file it can read). Bare specifiers (packages) are never resolved.
 */
export function resolveRelative(fromFile: string, spec: string, exists: (file: string) => boolean): string | undefined {
  if (!spec.startsWith('.') && !spec.startsWith('/')) return undefined;
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const c of candidatePaths(base)) {
    if (path.extname(c) !== '' && exists(c)) return c;
  }
  return undefined;
}

/** Files a specifier may mean, most likely first (the path as written is by far the most common). */
function* candidatePaths(base: string): Generator<string> {
  yield base;
  for (const e of LINTABLE_EXTENSIONS) yield base + e;
  // TypeScript ESM style: `./model.js` written for `./model.ts`.
  const ext = path.extname(base);
  if (['.js', '.mjs', '.cjs', '.jsx'].includes(ext)) {
    const stem = base.slice(0, -ext.length);
    for (const e of ['.ts', '.tsx', '.mts', '.cts']) yield stem + e;
  }
  for (const e of LINTABLE_EXTENSIONS) yield path.join(base, 'index' + e);
}
