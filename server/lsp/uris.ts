// File paths <-> URIs. The engine speaks absolute paths; LSP speaks URIs, and clients encode URIs in
// their own way (VS Code escapes more characters than Node does), so the URI a client sent for an open
// document is remembered and reused instead of re-encoding its path.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const known = new Map<string, string>();

/** Untitled buffers (`untitled:Untitled-1`): the path each is analysed under, while it is open. */
const untitled = new Map<string, string>();
/** Where untitled buffers are placed: below this process's executable, a file, so nothing can ever
 *  exist there (no module, package.json or configuration the engine would find beside the buffer, or
 *  up to three folders above, as Python's namespace-package search looks). */
const UNTITLED_ROOT = join(process.execPath, 'logit-lint-untitled', 'buffers');
/** Extensions by language id: an untitled buffer's name usually has none (VS Code: Untitled-1). */
const UNTITLED_EXTENSIONS: Record<string, string> = { python: '.py', javascript: '.js', typescript: '.ts', javascriptreact: '.jsx', typescriptreact: '.tsx' };
let nextUntitled = 1;

/** Absolute path of a file: URI (or of an untitled buffer opened with openUntitled), or undefined for
 *  other schemes (vscode-notebook-cell:, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return untitled.get(uri);
  try {
    const p = fileURLToPath(uri);
    known.set(p, uri);
    return p;
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return known.get(path) ?? pathToFileURL(path).href;
}

/**
 * An untitled buffer (or notebook: `kind` .ipynb) is analysed as a file of its own project, alone (no
 * folder, no configuration file: only the editor's settings), under a path with its language's
 * extension. A language the engine does not read, or another scheme: nothing. Its own folder per
 * buffer, so that two untitled buffers never import each other.
 */
export function openUntitled(uri: string, languageId: string | '.ipynb'): string | undefined {
  if (!uri.startsWith('untitled:')) return undefined;
  const ext = languageId === '.ipynb' ? languageId : UNTITLED_EXTENSIONS[languageId];
  if (!ext) return closeUntitled(uri);
  const name = (decoded(uri.slice('untitled:'.length)).split(/[/\\]/).pop() || 'Untitled').replace(/[^\w.-]/g, '_');
  const path = join(UNTITLED_ROOT, String(nextUntitled++), name.toLowerCase().endsWith(ext) ? name : name + ext);
  closeUntitled(uri);
  untitled.set(uri, path);
  known.set(path, uri);
  return path;
}

export function closeUntitled(uri: string): undefined {
  const path = untitled.get(uri);
  if (path !== undefined) known.delete(path);
  untitled.delete(uri);
  return undefined;
}

/** Whether `path` (a file or a project folder) is an untitled buffer's. */
export function isUntitledPath(path: string): boolean {
  return path.startsWith(UNTITLED_ROOT);
}

/** A URI's name decoded; as written where a client left a `%` unescaped (`untitled:100%`), which
 *  decodeURIComponent rejects. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
