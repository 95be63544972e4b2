// Checks on a file's text before any parser sees it, the same for every language.

/** A generated bundle (webpack, parcel, minified output): analysing it costs seconds and reports
 *  against code nobody edits; its sources are what should be linted. */
export function looksGenerated(text: string): string | undefined {
  if (text.length < 100_000) return undefined;
  if (/__webpack_require__|\bparcelRequire\b|\b__vite__mapDeps\b/.test(text)) return 'a generated bundle (webpack/parcel/vite)';
  // A library's UMD build (rollup's wrapper at the top: tf-core.js, face-api.js vendored beside an app).
  if (/typeof exports\s*===?\s*['"]object['"]\s*&&\s*typeof module\s*!==?\s*['"]undefined['"][\s\S]{0,400}define\.amd/.test(text.slice(0, 6000))) return 'a bundled library (a UMD build)';
  const lines = text.split('\n', 20_000).length;
  if (text.length / lines > 500) return 'minified code (very long lines)';
  return undefined;
}

export function looksBinary(text: string): boolean {
  // A NUL or a run of replacement characters (invalid UTF-8 decoded) means it is not source code.
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return true;
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 && bad > head.length / 100;
}

/** Most of a notebook's bytes are its outputs (plots as base64, tables): its raw text may be this many
 *  times the size limit, and its code, once extracted, is held to the limit itself. */
export const NOTEBOOK_RAW_FACTOR = 64;

export const isNotebook = (file: string): boolean => /\.ipynb$/i.test(file);

/** The size limit of a file's raw text. */
export function rawLimit(file: string, maxBytes: number): number {
  return isNotebook(file) ? maxBytes * NOTEBOOK_RAW_FACTOR : maxBytes;
}
