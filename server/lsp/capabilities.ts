// What the client can do (read once from initialize) and what the server declares in return.
import { TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver';
import { NOTEBOOK_SYNC } from './notebooks';
import { FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND, SHOW_NUMERIC_DIFFERENCE_COMMAND } from './protocol';

export interface ClientAbilities {
  /** textDocument/diagnostic (pull); such clients get workspace pull too (VS Code then asks by itself). */
  pull: boolean;
  workspacePull: boolean;
  canRefresh: boolean;
  canRefreshLenses: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  watchFiles: boolean;
  folderEvents: boolean;
  configuration: boolean;
}

export function clientAbilities(caps: ClientCapabilities): ClientAbilities {
  const pull = !!caps.textDocument?.diagnostic;
  return {
    pull,
    workspacePull: pull,
    canRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
    canRefreshLenses: !!caps.workspace?.codeLens?.refreshSupport,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    showDocument: !!caps.window?.showDocument?.support,
    watchFiles: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    folderEvents: !!caps.workspace?.workspaceFolders,
    configuration: !!caps.workspace?.configuration,
  };
}

export function serverCapabilities(workspacePull: boolean): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    diagnosticProvider: { identifier: 'logit-lint', interFileDependencies: true, workspaceDiagnostics: workspacePull },
    codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: false },
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    notebookDocumentSync: NOTEBOOK_SYNC,
    executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND, SHOW_NUMERIC_DIFFERENCE_COMMAND] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
