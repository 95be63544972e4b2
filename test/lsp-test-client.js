// A minimal LSP client for the protocol tests: spawns `logit-lint-server --stdio` (the compiled
// out/server/lsp/stdio.js) and speaks JSON-RPC to it with vscode-jsonrpc, playing the editor's part.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');

const SERVER = path.join(__dirname, '..', 'out', 'server', 'lsp', 'stdio.js');

class LspTestClient {
  /**
   * @param {object} opts
   * @param {string} opts.root       workspace folder
   * @param {object} [opts.settings] value of the `logitLint` section (answered to workspace/configuration)
   * @param {boolean} [opts.pull]    advertise pull diagnostics (default true); false = push mode
   * @param {string} [opts.server]   server script (default out/server/lsp/stdio.js; dist/server.js is the bundle)
   * @param {{ proc, reader, writer }} [opts.transport] a server started otherwise (the VS Code client's IPC)
   */
  constructor({ root, settings = {}, pull = true, server = SERVER, transport }) {
    this.root = root;
    this.settings = settings;
    this.pull = pull;
    this.versions = new Map();
    this.texts = new Map();
    this.statuses = [];
    this.logs = [];
    /** window/logMessage only (what a user sees in the output without tracing): { type, message }. */
    this.infoLogs = [];
    this.pushed = new Map();
    this.shownDocuments = [];
    /** Work-done progress: the tokens the server created and every $/progress value, in order. */
    this.progressTokens = [];
    this.progress = [];
    this.stderr = '';
    this.proc = transport?.proc ?? spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    if (!transport) this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    this.conn = transport
      ? rpc.createMessageConnection(transport.reader, transport.writer)
      : rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => null);
    this.lensRefreshes = 0;
    this.conn.onRequest('workspace/codeLens/refresh', () => { this.lensRefreshes++; return null; });
    this.conn.onRequest('window/showDocument', (p) => { this.shownDocuments.push(p); return { success: true }; });
    this.conn.onRequest('window/workDoneProgress/create', (p) => { this.progressTokens.push(p.token); return null; });
    this.conn.onNotification('$/progress', (p) => {
      this.progress.push(p);
      this.onProgress?.(p);
    });
    this.conn.onNotification('logit-lint/status', (s) => this.statuses.push(s));
    this.conn.onNotification('window/logMessage', (m) => {
      this.logs.push(m.message);
      this.infoLogs.push(m);
    });
    // Per-run lines are trace output ($/logTrace, sent because initialize asks for trace 'verbose').
    this.conn.onNotification('$/logTrace', (m) => this.logs.push(m.message));
    this.conn.onNotification('window/showMessage', (m) => this.logs.push(m.message));
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.pushed.set(p.uri, p);
      this.onPush?.(p);
    });
    this.conn.listen();
  }

  uri(file) {
    return pathToFileURL(path.resolve(this.root, file)).href;
  }

  async initialize() {
    const textDocument = { hover: { contentFormat: ['markdown'] }, codeAction: {}, synchronization: {} };
    if (this.pull) textDocument.diagnostic = { relatedDocumentSupport: false };
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.root).href,
      trace: 'verbose',
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'ws' }],
      capabilities: {
        textDocument,
        workspace: {
          configuration: true,
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true },
          diagnostics: { refreshSupport: true },
          codeLens: { refreshSupport: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { showDocument: { support: true }, workDoneProgress: true },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(file, text, languageId = 'javascript') {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId, version: 1, text } });
  }

  change(file, text) {
    const version = this.versions.get(file) + 1;
    this.versions.set(file, version);
    this.texts.set(file, text);
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(file), version }, contentChanges: [{ text }] });
  }

  close(file) {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  /** workspace/diagnostic: the report's items ({ kind, uri, items?, resultId }). */
  async workspaceDiagnostics(previousResultIds = []) {
    const report = await this.conn.sendRequest('workspace/diagnostic', { previousResultIds });
    return report.items;
  }

  /** Pulled diagnostics of a file (a full report's items). */
  async diagnostics(file) {
    const report = await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: this.uri(file) } });
    if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  codeActions(file, diagnostics, only) {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: this.uri(file) },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  hover(file, position) {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(file) }, position });
  }

  codeLenses(file) {
    return this.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: this.uri(file) } });
  }

  /**
   * workspace/executeCommand. `token` (a vscode-jsonrpc CancellationToken) sends $/cancelRequest;
   * `workDoneToken` asks for client-initiated progress on that token.
   */
  executeCommand(command, args, { token, workDoneToken } = {}) {
    const params = { command, arguments: args, ...(workDoneToken !== undefined ? { workDoneToken } : {}) };
    return token ? this.conn.sendRequest('workspace/executeCommand', params, token) : this.conn.sendRequest('workspace/executeCommand', params);
  }

  /** Applies a WorkspaceEdit (documentChanges form) to the open texts and sends the changes. */
  async applyEdit(edit) {
    for (const change of edit.documentChanges) {
      const file = [...this.texts.keys()].find((f) => this.uri(f) === change.textDocument.uri);
      if (!file) throw new Error(`edit for a document that is not open: ${change.textDocument.uri}`);
      if (change.textDocument.version !== null && change.textDocument.version !== this.versions.get(file)) {
        throw new Error(`edit for version ${change.textDocument.version}, document is at ${this.versions.get(file)}`);
      }
      await this.change(file, applyLspEdits(this.texts.get(file), change.edits));
    }
  }

  async shutdown() {
    const timer = setTimeout(() => this.proc.kill(), 3000);
    if (this.proc.exitCode === null) {
      await Promise.race([this.conn.sendRequest('shutdown').catch(() => undefined), this.exited]);
      try {
        await this.conn.sendNotification('exit');
      } catch {
        // already gone
      }
    }
    await this.exited;
    clearTimeout(timer);
    this.conn.dispose();
  }
}

function block(i) {
  const act = i % 3 === 0 ? 'sigmoid' : 'linear';
  return [
    `export function build${i}(inputs) {`,
    '  const model = tf.sequential();',
    `  model.add(tf.layers.dense({ units: ${8 + (i % 5)}, inputShape: [inputs], activation: 'relu' }));`,
    `  model.add(tf.layers.dense({ units: 1, activation: '${act}' }));`,
    `  model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });`,
    '  return model;',
    '}',
    `export function helper${i}(xs) {`,
    `  const scaled = xs.map((x) => x * ${i} + 1);`,
    '  // filler so the file looks like ordinary application code',
    '  return scaled.filter((x) => x > 0).reduce((a, b) => a + b, 0);',
    '}',
    '',
  ];
}

/** A large tfjs file for timing: `lines` lines of model builders, a third of them double-sigmoid. */
function bigFile(lines) {
  const out = ["import * as tf from '@tensorflow/tfjs';", ''];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.join('\n');
}

function offsetAt(text, pos) {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + pos.character;
}

function applyLspEdits(text, edits) {
  const withOffsets = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** `start(files, opts)`: a server on a new project folder (a package.json and `files`), initialized;
 *  every one shut down and removed after each test. */
function useLspProjects(prefix) {
  const fs = require('node:fs');
  const os = require('node:os');
  const roots = [];
  const clients = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.shutdown();
    for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
  });
  return async function start(files = {}, opts = {}) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    roots.push(root);
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"fixture","private":true}\n');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
    const client = new LspTestClient({ root, ...opts });
    clients.push(client);
    await client.initialize();
    return client;
  };
}

module.exports = { LspTestClient, applyLspEdits, bigFile, useLspProjects };
