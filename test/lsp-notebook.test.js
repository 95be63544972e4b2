// Jupyter notebooks in the language server: notebookDocument/didOpen and didChange, diagnostics
// pushed on the right cell and line, cross-cell evidence named by cell, fixes edit the right cell.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { LspTestClient } = require('./lsp-test-client');
const { NotebookClient } = require('./lsp-notebook-client');
const { SELECTOR } = require('../out/client/selector');
const pkg = require('../package.json');

const RULE = 'sigmoid-before-logits-loss';
const CELLS = [
  { kind: 1, language: 'markdown', text: '# A notebook\nSigmoid twice.' },
  { kind: 2, language: 'python', text: 'import torch\nfrom torch import nn\n%matplotlib inline' },
  { kind: 2, language: 'python', text: 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())' },
  { kind: 2, language: 'python', text: 'x = torch.randn(2, 4)\nloss_fn = nn.BCEWithLogitsLoss()\nloss = loss_fn(model(x), torch.ones(2, 1))' },
];

function tempProject(files = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-nb-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"fixture","private":true}\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('language server: Jupyter notebooks', function () {
  let root;
  let client;
  let nb;

  async function start(files, opts = {}) {
    root = tempProject(files);
    client = new LspTestClient({ root, ...opts });
    const init = await client.initialize();
    nb = new NotebookClient(client, 'analysis.ipynb');
    return init;
  }

  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('declares notebook sync for Jupyter notebooks; the client selects their Python cells and activates on them', async () => {
    const init = await start();
    assert.deepEqual(init.capabilities.notebookDocumentSync.notebookSelector, [{ notebook: { notebookType: 'jupyter-notebook' } }]);
    assert.ok(SELECTOR.some((s) => s.notebook?.notebookType === 'jupyter-notebook' && s.language === 'python'));
    assert.ok(pkg.activationEvents.includes('onNotebook:jupyter-notebook'));
  });

  it('open -> the finding on its cell and line, with the evidence cell named and linked', async () => {
    await start();
    await nb.open(CELLS);
    const diags = await nb.diagnosticsOf(3, (d) => d.length > 0);
    assert.equal(diags.length, 1);
    const [d] = diags;
    assert.equal(d.code, RULE);
    // `loss_fn(model(x), ...)` is the cell's third line.
    assert.equal(d.range.start.line, 2);
    assert.equal(d.range.start.character, 7);
    assert.match(d.message, /already went through sigmoid \(cell 3, line 1\)/);
    assert.equal(d.relatedInformation.length, 1);
    assert.equal(d.relatedInformation[0].location.uri, nb.cellUri(2));
    assert.equal(d.relatedInformation[0].location.range.start.line, 0);
    assert.match(d.relatedInformation[0].message, /\(cell 3\)$/);
    // The other cells are told they have nothing (and the markdown cell gets no analysis at all).
    assert.deepEqual((await nb.diagnosticsOf(2)), []);
    assert.deepEqual((await nb.diagnosticsOf(1)), []);
    assert.equal(client.pushed.get(nb.cellUri(0)), undefined);
  });

  it('an edit in another cell moves the finding; a fix in the model cell removes it', async () => {
    await start();
    await nb.open(CELLS);
    await nb.diagnosticsOf(3, (d) => d.length > 0);
    // Two lines above the loss: the diagnostic follows to line 4 of the cell.
    await nb.changeCell(3, `# comment\n# another\n${CELLS[3].text}`);
    let [d] = await nb.diagnosticsOf(3, (ds) => ds.length === 1 && ds[0].range.start.line === 4);
    assert.equal(d.code, RULE);
    // A new cell inserted before the model cell: the evidence is now in cell 4.
    await nb.insertCell(2, { kind: 2, language: 'python', text: 'seed = 0' });
    [d] = await nb.diagnosticsOf(4, (ds) => ds.length === 1 && /cell 4, line 1/.test(ds[0].message));
    assert.equal(d.relatedInformation[0].location.uri, nb.cellUri(3));

    const actions = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: nb.cellUri(4) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Disable ${RULE} for this line`), titles.join(' | '));
    assert.ok(titles.includes(`Show documentation for ${RULE}`), titles.join(' | '));
    assert.ok(titles.includes('Show numeric difference'), titles.join(' | '));
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `no preferred fix among ${titles.join(' | ')}`);
    // The fix drops the nn.Sigmoid() of the model's cell, a cell other than the diagnostic's.
    assert.equal(fix.edit.documentChanges.length, 1);
    assert.equal(fix.edit.documentChanges[0].textDocument.uri, nb.cellUri(3));
    await nb.applyEdit(fix.edit);
    assert.equal(nb.cells[3].text, 'model = nn.Sequential(nn.Linear(4, 1))');
    assert.deepEqual(await nb.diagnosticsOf(4, (ds) => ds.length === 0), []);
  });

  it('a cell with an unclosed bracket stops that cell only: the cells after it are still analysed', async () => {
    await start();
    // Half-typed code between the model and the loss: Jupyter would fail that cell only. (Syntax
    // errors are Pylance's to show: the server reports none.)
    await nb.open([...CELLS.slice(0, 3), { kind: 2, language: 'python', text: 'print((1, 2' }, CELLS[3]]);
    assert.deepEqual(await nb.diagnosticsOf(3), []);
    const [d] = await nb.diagnosticsOf(4, (ds) => ds.length === 1, 15_000);
    assert.equal(d.code, RULE);
    assert.equal(d.range.start.line, 2);
  });

  it('a deleted cell\'s diagnostics are cleared', async () => {
    await start();
    await nb.open(CELLS);
    const loss = nb.cellUri(3);
    await nb.diagnosticsOf(3, (ds) => ds.length > 0);
    await nb.removeCell(3);
    for (let i = 0; i < 1500 && client.pushed.get(loss).diagnostics.length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(client.pushed.get(loss).diagnostics, []);
  });

  it('the disable comment goes into the cell, and the finding goes away', async () => {
    await start();
    await nb.open(CELLS);
    const [d] = await nb.diagnosticsOf(3, (ds) => ds.length > 0);
    const actions = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: nb.cellUri(3) }, range: d.range, context: { diagnostics: [d] } });
    const disable = actions.find((a) => a.title === `Disable ${RULE} for this line`);
    const [change] = disable.edit.documentChanges;
    assert.equal(change.textDocument.uri, nb.cellUri(3));
    assert.deepEqual(change.edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: `# logit-lint-disable-next-line ${RULE}\n` }]);
    await nb.applyEdit(disable.edit);
    assert.deepEqual(await nb.diagnosticsOf(3, (ds) => ds.length === 0), []);
  });

  it('hover, code lens and the numeric check on a cell', async function () {
    this.timeout(90_000);
    await start();
    await nb.open(CELLS);
    const [d] = await nb.diagnosticsOf(3, (ds) => ds.length > 0);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: nb.cellUri(3) }, position: d.range.start });
    assert.match(hover.contents.value, new RegExp(RULE));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: nb.cellUri(3) } });
    assert.equal(lenses.length, 1);
    assert.deepEqual(lenses[0].range, d.range);
    const report = await client.executeCommand(lenses[0].command.command, [...lenses[0].command.arguments, { epochs: 3 }]);
    assert.equal(report.status, 'ok', report.message);
    // The report names the notebook and the cell, with the line in the cell.
    assert.deepEqual(report.source, { file: 'analysis.ipynb cell 4', line: 3 });
  });

  it('imports a model from a workspace module, and follows its edits', async () => {
    const model = 'from torch import nn\n\ndef build():\n    return nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n';
    await start({ 'nets.py': model });
    await nb.open([
      { kind: 2, language: 'python', text: 'import torch\nfrom torch import nn\nfrom nets import build' },
      { kind: 2, language: 'python', text: 'model = build()\nloss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))' },
    ]);
    const [d] = await nb.diagnosticsOf(1, (ds) => ds.length > 0);
    assert.match(d.message, /\(nets\.py:4\)/);
    assert.equal(d.relatedInformation[0].location.uri, pathToFileURL(path.join(root, 'nets.py')).href);
    // Editing the module in the editor (not the notebook) clears the notebook's finding.
    await client.open('nets.py', model.replace(', nn.Sigmoid()', ''), 'python');
    assert.deepEqual(await nb.diagnosticsOf(1, (ds) => ds.length === 0), []);
  });

  it('imports a model from a folder it puts on sys.path (notebooks/ next to src/)', async () => {
    const model = 'from torch import nn\n\ndef build():\n    return nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n';
    root = tempProject({ 'src/nets.py': model });
    client = new LspTestClient({ root });
    await client.initialize();
    nb = new NotebookClient(client, 'notebooks/analysis.ipynb');
    await nb.open([
      { kind: 2, language: 'python', text: 'import os, sys\nmodule_path = os.path.abspath(os.path.join("../src"))\nif module_path not in sys.path:\n    sys.path.append(module_path)' },
      { kind: 2, language: 'python', text: 'import torch\nfrom torch import nn\nfrom nets import build' },
      { kind: 2, language: 'python', text: 'model = build()\nloss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))' },
    ]);
    const [d] = await nb.diagnosticsOf(2, (ds) => ds.length > 0);
    assert.match(d.message, /\(\.\.\/src\/nets\.py:4\)/);
  });

  it('the notebook file on disk gives no second set of problems while it is open', async () => {
    const ipynb = JSON.stringify({ cells: CELLS.map((c) => ({ cell_type: c.kind === 2 ? 'code' : 'markdown', metadata: {}, source: c.text, ...(c.kind === 2 ? { outputs: [], execution_count: null } : {}) })), metadata: {}, nbformat: 4, nbformat_minor: 5 });
    await start({ 'analysis.ipynb': ipynb });
    const before = await client.workspaceDiagnostics();
    const fileUri = pathToFileURL(path.join(root, 'analysis.ipynb')).href;
    const onDisk = before.find((r) => r.uri === fileUri);
    assert.equal(onDisk?.items.length, 1, JSON.stringify(before));
    await nb.open(CELLS);
    await nb.diagnosticsOf(3, (ds) => ds.length > 0);
    const open = await client.workspaceDiagnostics([{ uri: fileUri, value: onDisk.resultId }]);
    // Cleared: the cells carry the findings now; and the analysed program is never reported as a file.
    assert.deepEqual(open.find((r) => r.uri === fileUri)?.items, []);
    assert.ok(open.every((r) => !r.uri.includes('.ipynb.py')), JSON.stringify(open));
    await nb.close();
    assert.deepEqual(await nb.diagnosticsOf(3, (ds) => ds.length === 0), []);
    const closed = await client.workspaceDiagnostics();
    assert.equal(closed.find((r) => r.uri === fileUri)?.items.length, 1);
  });

  it('a configuration that ignores notebooks by their extension ignores the open notebook', async () => {
    await start({ 'logit-lint.config.json': '{ "ignore": ["**/*.ipynb"] }' });
    await nb.open(CELLS);
    assert.deepEqual(await nb.diagnosticsOf(3), []);
    // Not ignored, the same cells have their finding (the empty answer above was the configuration's).
    await client.open('logit-lint.config.json', '{ "ignore": [] }', 'json');
    assert.equal((await nb.diagnosticsOf(3, (ds) => ds.length > 0))[0].code, RULE);
  });

  it('push-only clients get the cells pushed too', async () => {
    await start({}, { pull: false });
    await nb.open(CELLS);
    const [d] = await nb.diagnosticsOf(3, (ds) => ds.length > 0);
    assert.equal(d.code, RULE);
  });
});

module.exports = { CELLS };
