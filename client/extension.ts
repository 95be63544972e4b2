// The VS Code extension: a thin client. It starts the language server over node IPC, tells it when
// to pull diagnostics (the `logitLint.run` setting), shows its state in a LanguageStatusItem and
// registers a few commands. All analysis, fixes, docs lookups and numeric checks happen in the server;
// the client only shows a numeric check's report (checkPanel.ts).
// First: the server's process starts while the rest of this bundle loads (serverStart.ts).
import { processes } from './serverStart';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DiagnosticPullMode,
  ErrorAction,
  IPCMessageReader,
  IPCMessageWriter,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { FIX_ALL_KIND, SETTINGS_SECTION, SHOW_NUMERIC_DIFFERENCE_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../server/lsp/protocol';
import { CheckPanel } from './checkPanel';
import { problemCounts } from './problemCounts';
import { CONFIG_SELECTOR, SELECTOR } from './selector';
import { runNumericCheck } from './numericCheckCommand';
import { RestartPolicy } from './restartPolicy';

// When this bundle finished loading: with the activation event's time in VS Code's extension host log,
// the time to load it (the end-to-end test prints the split of the first squiggle's time).
const loadedAt = Date.now();

let client: LanguageClient | undefined;

function runSetting(document: vscode.TextDocument): string {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri).get<string>('run', 'onType');
}

function createClient(output: vscode.OutputChannel, checkPanel: CheckPanel, restarts: RestartPolicy, status: vscode.LanguageStatusItem, firstDiagnostics: () => void): LanguageClient {
  const serverOptions: ServerOptions = async () => {
    const proc = processes.next();
    return { reader: new IPCMessageReader(proc), writer: new IPCMessageWriter(proc), detached: false };
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...SELECTOR, ...CONFIG_SELECTOR],
    outputChannel: output,
    errorHandler: {
      // A bad message is the server's bug, not a reason to stop; a closed connection is a crash.
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const d = restarts.closed();
        if (d.restart) return { action: CloseAction.Restart, handled: true };
        showStatus(status, { state: 'error', message: 'server stopped after repeated crashes; run "logit-lint: Restart Server"', time: new Date().toISOString() });
        return { action: CloseAction.DoNotRestart, message: d.message };
      },
    },
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      // `filter` returning true skips the pull: pull on typing or on saving, as the user chose.
      filter: (document, mode) =>
        mode === DiagnosticPullMode.onType ? runSetting(document) === 'onSave' : runSetting(document) !== 'onSave',
    },
    middleware: {
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const result = await next(document, previousResultId, token);
        firstDiagnostics();
        return result;
      },
      // The language client registers the server's commands; the code lens and the code action run
      // logitLint.showNumericDifference through it, and this shows its progress and report.
      executeCommand: (command, args, next) =>
        command === SHOW_NUMERIC_DIFFERENCE_COMMAND && client ? runNumericCheck(client, command, args, checkPanel) : next(command, args),
    },
  };
  // The id makes the client honour `logitLint.trace.server`.
  return new LanguageClient(SETTINGS_SECTION, 'logit-lint', serverOptions, clientOptions);
}

function createStatusItem(): vscode.LanguageStatusItem {
  const item = vscode.languages.createLanguageStatusItem('logit-lint.status', [...SELECTOR, ...CONFIG_SELECTOR]);
  item.name = 'logit-lint';
  item.text = 'logit-lint';
  item.detail = 'starting';
  item.command = { title: 'Show problems', command: 'workbench.actions.view.problems' };
  return item;
}


function showCounts(item: vscode.LanguageStatusItem): void {
  // An error text stays until the next analysis that works.
  if (!item.text.endsWith('error')) item.text = problemCounts(vscode.languages.getDiagnostics());
}

function showStatus(item: vscode.LanguageStatusItem, s: StatusParams): void {
  const at = new Date(s.time).toLocaleTimeString();
  item.busy = s.state === 'running';
  item.severity = s.state === 'error' ? vscode.LanguageStatusSeverity.Error
    : s.problems && s.problems.length > 0 ? vscode.LanguageStatusSeverity.Warning
      : vscode.LanguageStatusSeverity.Information;
  if (s.state === 'running') {
    item.detail = s.message;
  } else if (s.state === 'error') {
    item.text = 'logit-lint: error';
    item.detail = `${s.message} (${at})`;
  } else {
    item.text = problemCounts(vscode.languages.getDiagnostics());
    const skipped = s.problems && s.problems.length > 0 ? `; ${s.problems.length} file(s) not analysed` : '';
    item.detail = `last analysis ${at}: ${s.message}${skipped}`;
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activatedAt = Date.now();
  const output = vscode.window.createOutputChannel('logit-lint');
  const status = createStatusItem();
  const checkPanel = new CheckPanel(output);
  context.subscriptions.push(output, status, checkPanel, vscode.languages.onDidChangeDiagnostics(() => showCounts(status)));
  processes.setOutput((text) => output.append(text));
  // The code cache used to live in the extension's storage (now beside the bundle): the old one goes.
  const storage = context.globalStorageUri.fsPath;
  fs.readdir(storage, (_, names = []) => names.filter((n) => /^analysis-worker-.*\.bin$/.test(n)).forEach((n) => fs.rm(path.join(storage, n), () => undefined)));
  const iso = (t: number) => new Date(t).toISOString();
  let received = false;
  const firstDiagnostics = () => {
    if (!received) output.appendLine(`start-up: first diagnostics received at ${iso(Date.now())}`);
    received = true;
  };

  const restarts = new RestartPolicy();
  const start = async () => {
    client = createClient(output, checkPanel, restarts, status, firstDiagnostics);
    context.subscriptions.push(client.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => showStatus(status, s)));
    try {
      await client.start();
    } catch (e) {
      showStatus(status, { state: 'error', message: `server did not start: ${(e as Error).message}`, time: new Date().toISOString() });
      throw e;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('logit-lint.restartServer', async () => {
      restarts.reset();
      await client?.stop();
      processes.kill();
      await start();
    }),
    vscode.commands.registerCommand('logit-lint.showOutputChannel', () => output.show()),
    vscode.commands.registerCommand('logit-lint.fixAll', () =>
      vscode.commands.executeCommand('editor.action.codeAction', { kind: FIX_ALL_KIND, apply: 'first' })),
  );
  await start();
  output.appendLine(`start-up: client loaded at ${iso(loadedAt)}, activated at ${iso(activatedAt)}, server initialized at ${iso(Date.now())}`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
  processes.kill();
}
