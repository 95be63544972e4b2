// What the user is told about a project's configuration: which file it uses (once, in the log), and
// a broken one as vscode-eslint reports it: the log and the status item always, a message once per
// error, and not while the file is open in the editor (every keystroke there would pop one up; the
// status item shows it). Its project meanwhile has no diagnostics at all.
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import type { StatusParams } from './protocol';

export class ConfigMessages {
  /** Per project: the configuration error last shown in a message (until it is fixed), so each is shown once. */
  private readonly shownErrors = new Map<string, string>();
  /** Per project: the configuration file last logged. */
  private readonly logged = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly isOpen: (file: string) => boolean,
    private readonly status: (params: Omit<StatusParams, 'time'>) => void,
  ) {}

  error(project: string, file: string | undefined, error: string): void {
    this.connection.console.error(`invalid configuration, ${project} is not checked: ${error}`);
    this.status({ state: 'error', message: `invalid configuration: ${error}` });
    if (file !== undefined && this.isOpen(file)) return;
    // Projects under one shared configuration file report its error once between them.
    const shown = [...this.shownErrors.values()].includes(error);
    this.shownErrors.set(project, error);
    if (shown) return;
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Error,
      message: `logit-lint: invalid configuration, nothing is checked until it is fixed. ${error}`,
    });
  }

  /** A valid configuration (or none): a later error is shown again; the file is logged when it changes. */
  valid(project: string, file: string | undefined): void {
    this.shownErrors.delete(project);
    const text = file ? `uses ${file}` : 'has no logit-lint configuration file (rule defaults apply)';
    if (this.logged.get(project) === text) return;
    this.logged.set(project, text);
    this.connection.console.info(`project ${project} ${text}`);
  }
}
