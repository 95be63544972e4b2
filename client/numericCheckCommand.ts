// logitLint.showNumericDifference in VS Code. The language client registers the server's commands;
// for this one the middleware calls runNumericCheck instead of forwarding it plainly, because the
// progress the server creates itself lands in the status bar, where VS Code shows no Cancel button.
// So the request carries a progress token of ours: the server reports on it, this shows the messages
// in a notification with a Cancel button, and Cancel becomes $/cancelRequest, which stops the check's
// child process. The report then goes to the webview.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LSPErrorCodes, ResponseError, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import type { CheckPanel } from './checkPanel';

export async function runNumericCheck(client: LanguageClient, command: string, args: unknown[], panel: CheckPanel): Promise<unknown> {
  const rule = typeof args[2] === 'string' ? ` of ${args[2]}` : '';
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `logit-lint: numeric check${rule}`, cancellable: true },
    async (progress, token) => {
      const workDoneToken = randomUUID();
      // The server reports an absolute percentage (the epochs trained); VS Code's bar takes increments.
      let shown = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const increment = value.percentage !== undefined && value.percentage > shown ? value.percentage - shown : undefined;
        if (increment !== undefined) shown += increment;
        if (value.message || increment !== undefined) progress.report({ message: value.message, increment });
      });
      try {
        const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken }, token);
        panel.showResult(result);
        return result;
      } catch (e) {
        if (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled) return undefined;
        void vscode.window.showErrorMessage(`logit-lint: the numeric check failed: ${(e as Error).message}`);
        return undefined;
      } finally {
        listener.dispose();
      }
    },
  );
}
