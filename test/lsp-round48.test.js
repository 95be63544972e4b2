// Round 47's editor leftovers: untitled buffers (untitled: URIs, and untitled notebooks) got no
// diagnostics, and with run = onSave a moved notebook cell waited for the save.
const assert = require('node:assert/strict');
const { useLspProjects } = require('./lsp-test-client');
const { NotebookClient, MODEL_AND_LOSS_CELLS: CELLS } = require('./lsp-notebook-client');
const { SELECTOR } = require('../out/client/selector');

const RULE = 'sigmoid-before-logits-loss';
const start = useLspProjects('logit-lint-r48-');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const PY = 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))\n';
const JS = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));\nmodel.compile({ optimizer: 'adam', loss: (y, p) => tf.losses.sigmoidCrossEntropy(y, p) });\n";

/** An untitled buffer as VS Code opens one: no file name, its language chosen in the editor. */
async function openUntitled(client, name, languageId, text) {
  const uri = `untitled:${name}`;
  await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return uri;
}

async function pulled(client, uri) {
  const report = await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  return report.items;
}

describe('language server, round 48: untitled buffers', function () {
  it('the client syncs untitled Python, JavaScript and TypeScript buffers (and untitled notebooks\' cells)', () => {
    for (const language of ['python', 'javascript', 'typescript']) {
      assert.ok(SELECTOR.some((s) => s.scheme === 'untitled' && s.language === language), language);
    }
    // The notebook entry names no scheme: an untitled notebook's cells are routed too.
    assert.ok(SELECTOR.some((s) => s.notebook && s.scheme === undefined));
  });

  it('model code pasted into an untitled Python buffer: the finding and its fix, on the untitled URI', async () => {
    const client = await start();
    const uri = await openUntitled(client, 'Untitled-1', 'python', PY);
    const items = await pulled(client, uri);
    assert.deepEqual(items.map((d) => d.code), [RULE]);
    assert.equal(items[0].range.start.line, 4);
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: items[0].range, context: { diagnostics: items } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, 'the quick fix is offered');
    assert.deepEqual(fix.edit.documentChanges.map((c) => c.textDocument.uri), [uri]);
    // Related locations point into the buffer, not at a made-up file.
    for (const r of items[0].relatedInformation ?? []) assert.equal(r.location.uri, uri);
  });

  it('an untitled buffer whose name has a raw `%` (`untitled:100%`, which decodeURIComponent rejects) is analysed too', async () => {
    const client = await start();
    const uri = await openUntitled(client, '100%', 'python', PY);
    assert.deepEqual((await pulled(client, uri)).map((d) => d.code), [RULE]);
  });

  it('an untitled JavaScript buffer (tfjs) and an untitled TypeScript buffer are analysed too', async () => {
    const client = await start();
    for (const [name, lang] of [['Untitled-2', 'javascript'], ['Untitled-3', 'typescript']]) {
      const uri = await openUntitled(client, name, lang, JS);
      const items = await pulled(client, uri);
      assert.ok(items.length > 0, `${lang}: findings`);
    }
  });

  it('guard: an untitled buffer imports nothing of the workspace: `from model import Net` stays unknown', async () => {
    const model = 'import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 1)\n\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\n';
    const client = await start({ 'model.py': model });
    // The same text in the workspace finds the sigmoid in model.py: the untitled buffer must not.
    const text = 'import torch\nfrom torch import nn\nfrom model import Net\nfrom .model import Net as N2\n\nnet = Net()\nloss = nn.BCEWithLogitsLoss()(net(torch.randn(2, 4)), torch.ones(2, 1))\n';
    await client.open('train.py', text, 'python');
    assert.deepEqual((await client.diagnostics('train.py')).map((d) => d.code), [RULE], 'in the workspace: found');
    const uri = await openUntitled(client, 'Untitled-4', 'python', text);
    assert.deepEqual(await pulled(client, uri), []);
  });

  it('push mode: an untitled buffer gets pushed diagnostics, cleared when it is closed', async () => {
    const client = await start({}, { pull: false });
    const uri = await openUntitled(client, 'Untitled-5', 'python', PY);
    const deadline = Date.now() + 30_000;
    while (!client.pushed.get(uri)?.diagnostics.length && Date.now() < deadline) await sleep(20);
    assert.deepEqual(client.pushed.get(uri).diagnostics.map((d) => d.code), [RULE]);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    while (client.pushed.get(uri)?.diagnostics.length && Date.now() < deadline) await sleep(20);
    assert.deepEqual(client.pushed.get(uri).diagnostics, []);
  });

  it('an untitled notebook: its cells get findings', async () => {
    const client = await start();
    const nb = new NotebookClient(client, 'unused.ipynb');
    nb.uri = 'untitled:Untitled-6.ipynb';
    await nb.open([
      { kind: 2, language: 'python', text: '!pip install torch\nimport torch\nfrom torch import nn' },
      { kind: 2, language: 'python', text: 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())' },
      { kind: 2, language: 'python', text: 'loss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))' },
    ]);
    const d = await nb.diagnosticsOf(2, (x) => x.length === 1);
    assert.equal(d[0].code, RULE);
  });

  it('guard: a buffer of another scheme (a git: or output view) still gets no diagnostics', async () => {
    const client = await start();
    const uri = 'git:/work/a.py?ref=HEAD';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: PY } });
    assert.deepEqual(await pulled(client, uri), []);
  });

  it('guard: an untitled plain-text buffer gets no diagnostics', async () => {
    const client = await start();
    const uri = await openUntitled(client, 'Untitled-7', 'plaintext', PY);
    assert.deepEqual(await pulled(client, uri), []);
  });
});

describe('language server, round 48: run = onSave and moved cells', function () {
  it('a moved cell is analysed at once (no save): the loss cell above the model has no finding', async () => {
    const client = await start({}, { settings: { run: 'onSave' } });
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open(CELLS);
    await nb.diagnosticsOf(2, (d) => d.length === 1);
    await nb.moveCell(2, 1);
    assert.deepEqual(await nb.diagnosticsOf(1, (d) => d.length === 0, 15_000), []);
    // And moved back: found again, with its fix, still without a save.
    await nb.moveCell(1, 2);
    const [d] = await nb.diagnosticsOf(2, (x) => x.length === 1, 15_000);
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: nb.cellUri(2) }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(actions.some((a) => a.isPreferred), 'the fix is offered again');
  });

  it('a deleted cell is analysed at once too (the same rule for every structural change)', async () => {
    const client = await start({}, { settings: { run: 'onSave' } });
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open(CELLS);
    await nb.diagnosticsOf(2, (d) => d.length === 1);
    await nb.removeCell(1); // the model cell: the loss cell (now 1) has no model to judge
    assert.deepEqual(await nb.diagnosticsOf(1, (d) => d.length === 0, 15_000), []);
  });

  it('guard: with run = onSave, typing in a cell still waits for the save', async () => {
    const client = await start({}, { settings: { run: 'onSave' } });
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open(CELLS);
    await nb.diagnosticsOf(2, (d) => d.length === 1);
    await nb.changeCell(1, 'model = nn.Sequential(nn.Linear(4, 1))');
    await sleep(1500);
    assert.equal(client.pushed.get(nb.cellUri(2)).diagnostics.length, 1, 'not analysed before the save');
  });
});

describe('language server, round 48: a module written by a notebook cell (`%%writefile`)', function () {
  const NET = (head) => `%%writefile netmod.py\nimport torch\nfrom torch import nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 1)\n    def forward(self, x):\n        return ${head}\n`;
  const TRAIN = 'import torch\nfrom torch import nn\nfrom netmod import Net\nmodel = Net()\nx, y = torch.randn(8, 16), torch.rand(8, 1)\nloss = nn.BCEWithLogitsLoss()(model(x), y)';

  it('the importing cell is judged with the written module, and again when the writing cell is edited', async () => {
    const client = await start();
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open([{ kind: 2, language: 'python', text: NET('torch.sigmoid(self.fc(x))') }, { kind: 2, language: 'python', text: TRAIN }]);
    const [d] = await nb.diagnosticsOf(1, (x) => x.length === 1);
    assert.equal(d.code, RULE);
    assert.deepEqual(await nb.diagnosticsOf(0), [], 'nothing on the writing cell');
    // The sigmoid's related location is in the writing cell (netmod.py is no file on disk to open).
    const sig = d.relatedInformation.find((r) => /sigmoid/.test(r.message));
    assert.equal(sig.location.uri, nb.cellUri(0));
    assert.equal(sig.location.range.start.line, 8);
    assert.equal(NET('torch.sigmoid(self.fc(x))').split('\n')[8].slice(sig.location.range.start.character, sig.location.range.end.character).startsWith('torch.sigmoid'), true);
    // The sigmoid taken out of the written module (the same length of text: spaces) is seen.
    await nb.changeCell(0, NET('              self.fc(x)  '));
    assert.deepEqual(await nb.diagnosticsOf(1, (x) => x.length === 0, 15_000), []);
  });

  it('guard: a netmod.py on disk wins over the cell', async () => {
    const client = await start({ 'netmod.py': NET('self.fc(x)').split('\n').slice(1).join('\n') });
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open([{ kind: 2, language: 'python', text: NET('torch.sigmoid(self.fc(x))') }, { kind: 2, language: 'python', text: TRAIN }]);
    await sleep(1500);
    assert.deepEqual(await nb.diagnosticsOf(1), []);
  });
});
