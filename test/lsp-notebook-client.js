// The notebook half of the protocol tests' editor: one Jupyter notebook synced with LSP 3.17's
// notebookDocument/* notifications, cells with URIs shaped like VS Code's (vscode-notebook-cell:).
const { applyLspEdits } = require('./lsp-test-client');

class NotebookClient {
  /** `client`: an initialized LspTestClient; `file`: the notebook's path in its root. */
  constructor(client, file) {
    this.client = client;
    this.uri = client.uri(file);
    this.version = 0;
    this.cells = [];
    this.nextCell = 0;
  }

  cellUri(i) {
    return this.cells[i].uri;
  }

  newCell({ kind, language, text }) {
    return { kind, language, text, version: 1, uri: `vscode-notebook-cell:${new URL(this.uri).pathname}#C${this.nextCell++}` };
  }

  open(cells) {
    this.cells = cells.map((c) => this.newCell(c));
    this.version = 1;
    return this.client.conn.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: this.uri, notebookType: 'jupyter-notebook', version: this.version, cells: this.cells.map(cellOf) },
      cellTextDocuments: this.cells.map(itemOf),
    });
  }

  changeCell(i, text) {
    const cell = this.cells[i];
    cell.version++;
    cell.text = text;
    return this.client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: ++this.version },
      change: { cells: { textContent: [{ document: { uri: cell.uri, version: cell.version }, changes: [{ text }] }] } },
    });
  }

  insertCell(at, c) {
    const cell = this.newCell(c);
    this.cells.splice(at, 0, cell);
    return this.client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: ++this.version },
      change: { cells: { structure: { array: { start: at, deleteCount: 0, cells: [cellOf(cell)] }, didOpen: [itemOf(cell)] } } },
    });
  }

  removeCell(at) {
    const [cell] = this.cells.splice(at, 1);
    return this.client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: ++this.version },
      change: { cells: { structure: { array: { start: at, deleteCount: 1 }, didClose: [{ uri: cell.uri }] } } },
    });
  }

  /** What vscode-languageclient sends for a moved cell: structure.array, no didOpen/didClose. */
  moveCell(from, to) {
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    const [cell] = this.cells.splice(from, 1);
    this.cells.splice(to, 0, cell);
    return this.client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: this.uri, version: ++this.version },
      change: { cells: { structure: { array: { start: lo, deleteCount: hi - lo + 1, cells: this.cells.slice(lo, hi + 1).map(cellOf) }, didOpen: [], didClose: [] } } },
    });
  }

  close() {
    return this.client.conn.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: this.uri },
      cellTextDocuments: this.cells.map((c) => ({ uri: c.uri })),
    });
  }

  /** The diagnostics last pushed for cell `i`, once `until` holds for them (polling; fails after `timeoutMs`). */
  async diagnosticsOf(i, until = () => true, timeoutMs = 30_000) {
    const uri = this.cellUri(i);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pushed = this.client.pushed.get(uri);
      if (pushed && until(pushed.diagnostics)) return pushed.diagnostics;
      if (Date.now() > deadline) throw new Error(`cell ${i}: no pushed diagnostics as expected; last: ${JSON.stringify(pushed?.diagnostics)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Applies a WorkspaceEdit (documentChanges) to the cells, refusing stale versions as VS Code does. */
  async applyEdit(edit) {
    for (const change of edit.documentChanges) {
      const i = this.cells.findIndex((c) => c.uri === change.textDocument.uri);
      if (i < 0) throw new Error(`edit for something that is not a cell of the notebook: ${change.textDocument.uri}`);
      if (change.textDocument.version !== null && change.textDocument.version !== this.cells[i].version) {
        throw new Error(`edit for version ${change.textDocument.version}, cell is at ${this.cells[i].version}`);
      }
      await this.changeCell(i, applyLspEdits(this.cells[i].text, change.edits));
    }
  }
}

function cellOf(c) {
  return { kind: c.kind, document: c.uri };
}

function itemOf(c) {
  return { uri: c.uri, languageId: c.language, version: c.version, text: c.text };
}

/** Imports, a sigmoid model, and a logits loss on it (one sigmoid-before-logits-loss finding, in the
 *  third cell); moved above the model cell, the loss cell has none. */
const MODEL_AND_LOSS_CELLS = [
  { kind: 2, language: 'python', text: 'import torch\nfrom torch import nn' },
  { kind: 2, language: 'python', text: 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())' },
  { kind: 2, language: 'python', text: 'loss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))' },
];

module.exports = { NotebookClient, MODEL_AND_LOSS_CELLS };
