// Shows what logitLint.showNumericDifference returned in a webview beside the editor. One panel, reused
// by every check; the page is static HTML (renderCheckHtml): scripts off, no local resources.
import * as vscode from 'vscode';
import type { CheckReport } from '../server/check/types';
import { decodeNonFinite } from '../server/lsp/protocol';
import { checkTitle, renderCheckHtml } from './checkView';

export const CHECK_VIEW_TYPE = 'logitLint.numericDifference';

export class CheckPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly output: vscode.OutputChannel) {}

  /** The command's result as it came over the protocol (non-finite numbers still spelled as strings). */
  showResult(result: unknown): void {
    if (!isReport(result)) {
      // A failed request has already been reported by the language client.
      if (result !== undefined && result !== null) this.output.appendLine(`numeric check: unexpected result ${JSON.stringify(result).slice(0, 200)}`);
      return;
    }
    const report = decodeNonFinite(result);
    if (report.status === 'cancelled') {
      vscode.window.setStatusBarMessage(`logit-lint: ${report.message}`, 4000);
      return;
    }
    const panel = this.webviewPanel();
    let html: string;
    try {
      html = renderCheckHtml(report, panel.webview.cspSource);
    } catch (e) {
      // A report of an unexpected shape (a server of another version): say so in the panel.
      html = renderCheckHtml({ status: 'failed', ruleId: report.ruleId, message: `the report cannot be shown: ${(e as Error).message}`, elapsedMs: 0 }, panel.webview.cspSource);
    }
    panel.title = checkTitle(report);
    panel.webview.html = html;
    panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private webviewPanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(CHECK_VIEW_TYPE, 'Numeric difference', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

function isReport(value: unknown): value is CheckReport {
  return !!value && typeof value === 'object' && typeof (value as { status?: unknown }).status === 'string' && typeof (value as { ruleId?: unknown }).ruleId === 'string';
}
