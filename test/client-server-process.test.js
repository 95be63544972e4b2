// The VS Code client's server process (client/serverProcess.ts): started as soon as the extension's
// bundle loads, before any language client exists, then taken over through node IPC; its analysis
// worker starts before the server loads the protocol; a restart forks a new process.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ServerProcesses, cacheDirBeside, forkServer, serverModule } = require('../out/client/serverProcess');
const { IPCMessageReader, IPCMessageWriter } = require('vscode-jsonrpc/node');
const { LspTestClient } = require('./lsp-test-client');

const REPO = path.join(__dirname, '..');
const exitOf = (proc) => (proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.on('exit', resolve)));

describe('client: the server process started ahead of the language client', function () {
  this.timeout(60000);
  let root;
  let processes;
  afterEach(() => {
    processes?.kill();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('forks at once, serves the first client over IPC (diagnostics, the start-up line), and forks anew for a restart', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-early-'));
    fs.cpSync(path.join(REPO, 'fixtures', 'demo'), root, { recursive: true });
    const forked = [];
    const module = serverModule(path.join(REPO, 'out', 'client'));
    assert.equal(module, path.join(REPO, 'out', 'server', 'lsp', 'main.js'));
    processes = new ServerProcesses(() => {
      const proc = forkServer(module, undefined);
      forked.push(proc);
      return proc;
    });
    assert.equal(forked.length, 1, 'the server starts when the client module loads, not when a language client asks');
    const output = [];
    processes.setOutput((text) => output.push(text));

    const first = processes.next();
    assert.equal(first, forked[0], 'the first language client gets the process started ahead');
    const client = new LspTestClient({ root, transport: { proc: first, reader: new IPCMessageReader(first), writer: new IPCMessageWriter(first) } });
    await client.initialize();
    await client.open('model.js', fs.readFileSync(path.join(root, 'model.js'), 'utf8'));
    assert.ok((await client.diagnostics('model.js')).length > 0);
    const startup = client.infoLogs.map((m) => m.message).find((m) => m.startsWith('start-up: '));
    const steps = /\(([^;]*) ms; CPU/.exec(startup ?? '')?.[1].split(', ').map((s) => s.split(' +')[0]);
    assert.deepEqual(steps?.slice(0, 2), ['worker started', 'loaded'], `the worker starts before the protocol loads: ${startup}`);
    await client.shutdown();
    assert.equal(forked[0].exitCode, 0);

    processes.next();
    assert.equal(forked.length, 2, 'a restart forks a new server');
    assert.notEqual(forked[1].pid, forked[0].pid);
    processes.kill();
    await exitOf(forked[1]);
    assert.equal(forked[1].signalCode, 'SIGTERM');
  });

  it('keeps the code cache beside the bundles where that folder is writable, else leaves it to the server', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-bundle-'));
    try {
      assert.equal(cacheDirBeside(dir), path.join(dir, 'compile-cache'));
      assert.equal(cacheDirBeside(path.join(dir, 'missing')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
