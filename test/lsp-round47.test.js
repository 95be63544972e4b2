// Red team 47c (language server): a moved notebook cell, "Disable ..." on a notebook opened as JSON
// text and on a backslash-continued statement, an import edit in the run where the file list changes,
// and a document opened again with other text at the same version.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { useLspProjects } = require('./lsp-test-client');
const { NotebookClient, MODEL_AND_LOSS_CELLS: CELLS } = require('./lsp-notebook-client');

const RULE = 'sigmoid-before-logits-loss';
const start = useLspProjects('logit-lint-r47-');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('language server, red team 47c: notebook cells moved', function () {
  it('a moved cell is analysed again: the loss cell above the model cell has no finding', async () => {
    const client = await start();
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open(CELLS);
    await nb.diagnosticsOf(2, (d) => d.length === 1);
    await nb.moveCell(2, 1);
    const after = await nb.diagnosticsOf(1, (d) => d.length === 0, 15_000);
    assert.deepEqual(after, []);
  });

  it('a fix computed before the cells moved is not offered (it would edit another cell)', async () => {
    // run = onSave (before round 48 the move started no analysis there; now it does, and the request
    // may come before it ends): whichever report answers, no edit lands in another cell.
    const client = await start({}, { settings: { run: 'onSave' } });
    const nb = new NotebookClient(client, 'a.ipynb');
    await nb.open(CELLS);
    const [d] = await nb.diagnosticsOf(2, (x) => x.length === 1);
    const loss = nb.cells[2];
    const before = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: loss.uri }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(before.some((a) => a.isPreferred), 'the fix is offered before the move');
    await nb.moveCell(2, 1);
    await sleep(300);
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: loss.uri }, range: d.range, context: { diagnostics: [d] } });
    const stale = actions.filter((a) => !/^(Disable|Show documentation)/.test(a.title));
    assert.deepEqual(stale.map((a) => a.title), []);
    for (const a of actions.filter((x) => x.edit)) {
      assert.deepEqual(a.edit.documentChanges.map((c) => c.textDocument.uri), [loss.uri], a.title);
    }
  });
});

describe('language server, red team 47c: "Disable ..." edits keep the file valid', function () {
  // As Jupyter writes a notebook: `source` a list of lines, one space of indentation.
  const cell = (type, lines) => ({ cell_type: type, metadata: {}, source: lines, ...(type === 'code' ? { execution_count: null, outputs: [] } : {}) });
  const NB = `${JSON.stringify({
    cells: [
      cell('markdown', ['# Training']),
      cell('code', ['%matplotlib inline\n', 'import torch\n', 'from torch import nn']),
      cell('code', ['model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())']),
      cell('code', ['def step(x, y):\n', '    loss = nn.BCEWithLogitsLoss()(model(x), y)\n', '    return loss']),
    ],
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  }, null, 1)}\n`;

  for (const which of ['for this line', 'for this file']) {
    it(`a notebook open as JSON text: "Disable ${which}" writes the directive into the cell's source`, async () => {
      const text = NB;
      const client = await start({ 'a.ipynb': text });
      await client.open('a.ipynb', text, 'json');
      const [d] = await client.diagnostics('a.ipynb');
      const action = (await client.codeActions('a.ipynb', [d])).find((a) => a.title === `Disable ${RULE} ${which}`);
      assert.ok(action, 'offered');
      await client.applyEdit(action.edit);
      const after = client.texts.get('a.ipynb');
      const cells = JSON.parse(after).cells;
      const directive = which === 'for this line' ? `# logit-lint-disable-next-line ${RULE}\n` : `# logit-lint-disable ${RULE}\n`;
      assert.ok(cells.some((c) => [c.source].flat().some((line) => line.trim() === directive.trim())), 'a line of a cell source');
      // Only the directive was added: the cells' code is the same otherwise.
      const code = (nb) => nb.cells.map((c) => [c.source].flat().join('')).join('\n');
      const without = code(JSON.parse(after)).split('\n').filter((line) => line.trim() !== directive.trim()).join('\n');
      assert.equal(without, code(JSON.parse(text)));
      assert.deepEqual(await client.diagnostics('a.ipynb'), []);
    });
  }

  const HEAD = 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\ncriterion = nn.BCEWithLogitsLoss()\nx = torch.randn(2, 4)\ny = torch.ones(2, 1)\n';

  async function disableLine(text) {
    const client = await start();
    await client.open('t.py', text, 'python');
    const [d] = await client.diagnostics('t.py');
    assert.equal(d?.code, RULE);
    const action = (await client.codeActions('t.py', [d])).find((a) => a.title === `Disable ${RULE} for this line`);
    if (!action) return { client, text: undefined };
    await client.applyEdit(action.edit);
    return { client, text: client.texts.get('t.py') };
  }

  it('the continuation of a backslash-continued statement: a trailing disable-line comment, not a line in between', async () => {
    const { client, text } = await disableLine(`${HEAD}loss = \\\n    criterion(model(x), y)\n`);
    assert.equal(text, `${HEAD}loss = \\\n    criterion(model(x), y)  # logit-lint-disable-line ${RULE}\n`);
    assert.deepEqual(await client.diagnostics('t.py'), []);
  });

  it('a continuation line that itself ends in a backslash: no "for this line" action (no comment fits)', async () => {
    const { text } = await disableLine(`${HEAD}loss = \\\n    criterion(model(x), \\\n              y)\n`);
    assert.equal(text, undefined);
  });

  it('guard: a continuation inside brackets still gets the directive line above it', async () => {
    const { client, text } = await disableLine(`${HEAD}loss = sum([\n    criterion(model(x), y)])\n`);
    assert.equal(text, `${HEAD}loss = sum([\n    # logit-lint-disable-next-line ${RULE}\n    criterion(model(x), y)])\n`);
    assert.deepEqual(await client.diagnostics('t.py'), []);
  });
});

describe('language server, red team 47c: analyses kept for the wrong text', function () {
  const MODEL = 'import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self, n_in):\n        super().__init__()\n        self.fc = nn.Linear(n_in, 1)\n\n    def forward(self, x):\n        return torch.sigmoid(self.fc(x))\n';
  const TRAIN = (mod) => `import torch\nfrom torch import nn\nfrom ${mod} import Net\n\nnet = Net(8)\ncriterion = nn.BCEWithLogitsLoss()\nloss = criterion(net(torch.randn(4, 8)), torch.ones(4, 1))\n`;

  for (const created of ['an unrelated file', 'the new import target']) {
    it(`an import edit in the run where ${created} is created: later edits of the new target update the importer`, async () => {
      const client = await start({ 'old.py': MODEL, ...(created === 'an unrelated file' ? { 'nets.py': MODEL } : {}) });
      await client.open('train.py', TRAIN('old'), 'python');
      assert.equal((await client.diagnostics('train.py')).length, 1);
      const file = created === 'an unrelated file' ? 'unrelated.py' : 'nets.py';
      fs.writeFileSync(path.join(client.root, file), file === 'nets.py' ? MODEL : 'x = 1\n');
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(file), type: 1 }] });
      await client.change('train.py', TRAIN('nets'));
      assert.equal((await client.diagnostics('train.py')).length, 1);
      await client.open('nets.py', MODEL, 'python');
      await client.change('nets.py', MODEL.replace('torch.sigmoid(self.fc(x))', 'self.fc(x)'));
      assert.deepEqual(await client.diagnostics('train.py'), []);
    });
  }

  it('a document closed and opened again with other text at the same version is analysed again', async () => {
    const A = 'import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))\n';
    const client = await start({ 't.py': A });
    await client.open('t.py', A, 'python');
    assert.equal((await client.diagnostics('t.py')).length, 1);
    await client.close('t.py');
    await client.open('t.py', A.replace(', nn.Sigmoid()', ''), 'python');
    assert.deepEqual(await client.diagnostics('t.py'), []);
  });
});
