// Per-document settings. Clients with `workspace/configuration` (VS Code) are asked per resource, so
// folder settings apply; other clients (Neovim, Helix) send them in initializationOptions.settings or
// workspace/didChangeConfiguration as { logitLint: { ... } }.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { SETTINGS_SECTION } from './protocol';
import { normalizeSettings, type Settings } from './settings';

export class SettingsStore {
  private readonly perUri = new Map<string, Promise<Settings>>();
  private pushed: Settings;
  private readonly warned = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly pullSupported: boolean,
    initial: unknown,
    /** Known rule ids (empty until the engine has loaded: then unknown ids are not reported). */
    private readonly knownRules: () => string[],
  ) {
    this.pushed = this.normalize(initial);
  }

  get(uri: string): Promise<Settings> {
    if (!this.pullSupported) return Promise.resolve(this.pushed);
    let s = this.perUri.get(uri);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw) => this.normalize(raw), () => this.pushed);
      this.perUri.set(uri, s);
    }
    return s;
  }

  /** workspace/didChangeConfiguration: `settings` is only meaningful for clients that push. */
  changed(settings: unknown): void {
    this.perUri.clear();
    if (!this.pullSupported && settings && typeof settings === 'object') {
      this.pushed = this.normalize((settings as Record<string, unknown>)[SETTINGS_SECTION]);
    }
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  private normalize(raw: unknown): Settings {
    return normalizeSettings(raw, this.knownRules(), (message) => {
      if (this.warned.has(message)) return;
      this.warned.add(message);
      // A notification, not window/showMessageRequest: nothing to wait for, nothing to fail.
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `logit-lint: ${message}` });
    });
  }
}
