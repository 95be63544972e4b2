// Protocol tests of what a user sees around the diagnostics: code lenses that follow them through
// edits, files matched by name rather than language id (.vue as plain text, .py before the engine
// reads Python), workspace diagnostics for files that are not open, and a quiet info log.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LspTestClient } = require('./lsp-test-client');
const { SOURCE_EXTENSIONS } = require('../out/server/lsp/project-files');
const { LINTABLE_EXTENSIONS } = require('../out/rules/text');

const DEMO = path.join(__dirname, '..', 'fixtures', 'demo');
const DOUBLE_SIGMOID = [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));",
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  '',
].join('\n');
const VUE = ['<template><div /></template>', '<script>', DOUBLE_SIGMOID, '</script>', ''].join('\n');

function tempProject(files = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-surface-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return root;
}

/** The numeric-check lenses of a file as [rule, range] pairs, and the same of its checkable diagnostics. */
async function lensesAndDiagnostics(client, file) {
  const diagnostics = await client.diagnostics(file);
  const lenses = await client.codeLenses(file);
  return {
    lenses: lenses.map((l) => [l.command.arguments[2], l.range]),
    diagnostics: diagnostics.filter((d) => d.code === 'sigmoid-before-logits-loss').map((d) => [d.code, d.range]),
  };
}

describe('language server: lenses, file kinds, workspace problems, log (stdio)', function () {
  this.timeout(60000);
  let root;
  let client;

  async function start(opts = {}) {
    client = new LspTestClient({ root, ...opts });
    return client.initialize();
  }

  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a lens exactly where a checkable finding is, through the fix, the bug coming back and the rule turned off', async () => {
    root = tempProject({ 'package.json': '{"name":"p","private":true}\n' });
    await start();
    await client.open('train.js', DOUBLE_SIGMOID);
    let seen = await lensesAndDiagnostics(client, 'train.js');
    assert.equal(seen.diagnostics.length, 1);
    assert.deepEqual(seen.lenses, seen.diagnostics);

    // The preferred quick fix, applied as the editor applies it.
    const [diag] = await client.diagnostics('train.js');
    const actions = await client.codeActions('train.js', [diag]);
    const preferred = actions.find((a) => a.isPreferred);
    assert.match(preferred.title, /^Use the loss 'binaryCrossentropy'/);
    const refreshes = client.lensRefreshes;
    await client.applyEdit(preferred.edit);
    seen = await lensesAndDiagnostics(client, 'train.js');
    assert.deepEqual(seen, { lenses: [], diagnostics: [] });
    assert.ok(client.lensRefreshes > refreshes, 'the client is told the lenses changed');

    // Undo: the finding and its lens come back together.
    await client.change('train.js', DOUBLE_SIGMOID);
    seen = await lensesAndDiagnostics(client, 'train.js');
    assert.equal(seen.lenses.length, 1);
    assert.deepEqual(seen.lenses, seen.diagnostics);

    // Hidden by the settings: no diagnostic, so no lens either.
    client.settings = { rules: { 'sigmoid-before-logits-loss': 'off' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.deepEqual(await client.diagnostics('train.js'), []);
    assert.deepEqual(await client.codeLenses('train.js'), []);
  });

  it('a .vue file opened as plain text (no Vue extension) gets its findings; the same file under a second URI spelling gets none twice', async () => {
    root = tempProject({ 'package.json': '{"name":"p","private":true}\n' });
    await start();
    await client.open('Model.vue', VUE, 'plaintext');
    const diags = await client.diagnostics('Model.vue');
    assert.deepEqual(diags.map((d) => d.code), ['sigmoid-before-logits-loss']);
    assert.equal(diags[0].range.start.line, 5, 'the line in the .vue file, past the template and <script>');

    // A language extension's document for the same file, spelled differently (%4D is M): one report carries the findings.
    const other = client.uri('Model.vue').replace('/Model.vue', '/%4Dodel.vue');
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'vue', version: 1, text: VUE } });
    const second = await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: other } });
    assert.deepEqual(second.items, []);
    assert.equal((await client.diagnostics('Model.vue')).length, 1);
  });

  it('a .py document is accepted and gives no findings until the engine lists .py; file kinds come from the engine', async () => {
    root = tempProject({ 'package.json': '{"name":"p","private":true}\n' });
    assert.deepEqual(SOURCE_EXTENSIONS, LINTABLE_EXTENSIONS);
    await start();
    await client.open('model.py', 'import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(4, 1), torch.nn.Sigmoid())\nloss = torch.nn.BCEWithLogitsLoss()\n', 'python');
    const diags = await client.diagnostics('model.py');
    if (LINTABLE_EXTENSIONS.includes('.py')) assert.ok(Array.isArray(diags));
    else assert.deepEqual(diags, []);
    assert.deepEqual(await client.codeLenses('model.py'), []);
    assert.equal(await client.hover('model.py', { line: 2, character: 10 }), null);
    // The server is still healthy: a JavaScript file next to it is analysed.
    await client.open('train.js', DOUBLE_SIGMOID);
    assert.equal((await client.diagnostics('train.js')).length, 1);
  });

  it('workspace diagnostics report the demo\'s four bugs with only main.js open, and clear a fixed file', async () => {
    root = tempProject();
    fs.cpSync(DEMO, root, { recursive: true });
    await start();
    await client.open('main.js', fs.readFileSync(path.join(root, 'main.js'), 'utf8'));
    assert.deepEqual(await client.diagnostics('main.js'), []);
    const items = await client.workspaceDiagnostics();
    const byFile = Object.fromEntries(items.filter((i) => i.kind === 'full' && i.items.length).map((i) => [path.basename(new URL(i.uri).pathname), i.items.map((d) => d.code).sort()]));
    assert.deepEqual(byFile, {
      'model.js': ['sigmoid-before-logits-loss'],
      'predict.js': ['argmax-single-unit', 'softmax-single-unit'],
      'train.js': ['swapped-loss-arguments'],
    });
    assert.ok(!items.some((i) => i.uri === client.uri('main.js')), 'open documents are left to document pulls');

    // Asked again with the result ids: unchanged files say so.
    const previous = items.map((i) => ({ uri: i.uri, value: i.resultId }));
    const again = await client.workspaceDiagnostics(previous);
    assert.deepEqual(again.map((i) => i.kind), again.map(() => 'unchanged'));

    // The bug in train.js fixed on disk: its next report is an empty one.
    const train = path.join(root, 'train.js');
    const text = fs.readFileSync(train, 'utf8');
    assert.ok(text.includes('binaryCrossentropy(preds, data.valYs)'));
    fs.writeFileSync(train, text.replace('binaryCrossentropy(preds, data.valYs)', 'binaryCrossentropy(data.valYs, preds)'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('train.js'), type: 2 }] });
    const after = await client.workspaceDiagnostics(previous);
    const trainReport = after.find((i) => i.uri === client.uri('train.js'));
    assert.deepEqual({ kind: trainReport.kind, items: trainReport.items }, { kind: 'full', items: [] });
  });

  it('with logitLint.problems "openFiles" workspace diagnostics report nothing', async () => {
    root = tempProject();
    fs.cpSync(DEMO, root, { recursive: true });
    await start({ settings: { problems: 'openFiles' } });
    await client.open('main.js', fs.readFileSync(path.join(root, 'main.js'), 'utf8'));
    assert.deepEqual(await client.workspaceDiagnostics(), []);
  });

  it('the info log says what a user needs (start, its time split, configuration), not a line per analysis', async () => {
    root = tempProject({ 'package.json': '{"name":"p","private":true}\n' });
    await start();
    await client.open('train.js', DOUBLE_SIGMOID);
    for (let k = 0; k < 3; k++) {
      await client.change('train.js', `${DOUBLE_SIGMOID}// edit ${k}\n`);
      await client.diagnostics('train.js');
    }
    const info = client.infoLogs.map((m) => m.message);
    assert.ok(info.some((m) => /^logit-lint server up after \d+ ms/.test(m)), info.join('\n'));
    // One start-up line, after the first answer: each step's time since the process started, in order.
    const startup = info.filter((m) => /^start-up: /.test(m));
    assert.equal(startup.length, 1, info.join('\n'));
    const steps = /\(([^;]*) ms; CPU \d+ ms/.exec(startup[0])?.[1].split(', ').map((s) => s.split(' +'));
    assert.deepEqual(steps?.map(([step]) => step).filter((s) => s !== 'worker ready'), ['loaded', 'initialize', 'initialized', 'first request', 'analysed', 'answered'], startup[0]);
    const times = steps.map(([, ms]) => Number(ms));
    assert.deepEqual(times, [...times].sort((x, y) => x - y), startup[0]);
    assert.equal(info.filter((m) => /has no logit-lint configuration file/.test(m)).length, 1, info.join('\n'));
    assert.ok(!info.some((m) => /^analysed /.test(m)), 'per-run lines are not in the info log');
    assert.ok(client.logs.filter((m) => /^analysed /.test(m)).length >= 3, client.logs.join('\n'));
  });
});
