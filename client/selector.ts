// Which documents the language client syncs to the server. No VS Code API here, so tests can read it.
import { CONFIG_FILE_NAMES } from '../server/lsp/protocol';

/** Languages whose files may hold model code (vue/svelte only when an extension defines them; python
 *  files give no findings until the engine reads Python; notebook cells are for later). */
export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'html', 'vue', 'svelte', 'python'];
/** The same files by name: a stock VS Code has no 'vue' or 'svelte' language, so those open as plain
 *  text. A document both match is still one document (the server also dedupes by path). */
export const PATTERNS = ['**/*.{vue,svelte}', '**/*.py'];
export const SELECTOR = [...LANGUAGES.map((language) => ({ scheme: 'file', language })), ...PATTERNS.map((pattern) => ({ scheme: 'file', pattern }))];
/**
 * The project configuration files are synced too, so that the server applies their unsaved text (it
 * lints nothing in them); the status item shows there as well, with a broken configuration's error.
 */
export const CONFIG_SELECTOR = CONFIG_FILE_NAMES.map((name) => ({ scheme: 'file', pattern: `**/${name}` }));
