// Which documents the language client syncs to the server. No VS Code API here, so tests can read it.
import { CONFIG_FILE_NAMES } from '../server/lsp/protocol';

/** Languages whose files may hold model code (vue/svelte only when an extension defines them). */
export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'html', 'vue', 'svelte', 'python'];
/** The same files by name: a stock VS Code has no 'vue' or 'svelte' language, so those open as plain
 *  text. A document both match is still one document (the server also dedupes by path). */
export const PATTERNS = ['**/*.{vue,svelte}', '**/*.py'];
/** Python cells of Jupyter notebooks: the server syncs them as notebook documents (its notebookDocumentSync),
 *  and this entry routes the cells' code actions, hovers and lenses to it. */
export const NOTEBOOK_CELLS = { notebook: { notebookType: 'jupyter-notebook' }, language: 'python' };
/** New buffers not saved yet (untitled:) in the languages the server reads without a file name
 *  (server/lsp/uris.ts): model code pasted into a new editor is checked too. Untitled notebooks come
 *  through NOTEBOOK_CELLS, which names no scheme. */
export const UNTITLED_LANGUAGES = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];
export const SELECTOR = [
  ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
  ...PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  ...UNTITLED_LANGUAGES.map((language) => ({ scheme: 'untitled', language })),
  NOTEBOOK_CELLS,
];
/**
 * The project configuration files are synced too, so that the server applies their unsaved text (it
 * lints nothing in them); the status item shows there as well, with a broken configuration's error.
 */
export const CONFIG_SELECTOR = CONFIG_FILE_NAMES.map((name) => ({ scheme: 'file', pattern: `**/${name}` }));
