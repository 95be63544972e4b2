// File paths <-> URIs. The engine speaks absolute paths; LSP speaks URIs, and clients encode URIs in
// their own way (VS Code escapes more characters than Node does), so the URI a client sent for an open
// document is remembered and reused instead of re-encoding its path.
import { fileURLToPath, pathToFileURL } from 'node:url';

const known = new Map<string, string>();

/** Absolute path of a file: URI, or undefined for other schemes (untitled:, vscode-notebook-cell:, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
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
