// Protocol tests: the real language server over stdio, driven like an editor would drive it.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ruleMetas } = require('../out/rules');
const { LspTestClient, bigFile } = require('./lsp-test-client');

const RULE = 'sigmoid-before-logits-loss';
const MODEL_LINE = "model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));";
const DOUBLE_SIGMOID = [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  MODEL_LINE,
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  '',
].join('\n');
const LOSS = 'tf.losses.sigmoidCrossEntropy';

function tempProject(files = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-lsp-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"fixture","private":true}\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return root;
}

function rangeOf(text, needle) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in text`);
  const character = lines[line].indexOf(needle);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

describe('language server protocol (stdio)', function () {
  let root;
  let client;

  async function startClient(opts = {}) {
    client = new LspTestClient({ root, ...opts });
    const init = await client.initialize();
    return init;
  }

  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('declares pull diagnostics with inter-file dependencies and workspace diagnostics, code actions, hover', async () => {
    root = tempProject();
    const init = await startClient();
    assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'logit-lint', interFileDependencies: true, workspaceDiagnostics: true });
    assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.logit-lint']);
    assert.equal(init.capabilities.hoverProvider, true);
  });

  it('open -> a diagnostic with source, code, docs link, severity and related information', async () => {
    root = tempProject();
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    const [d, ...rest] = await client.diagnostics('train.js');
    assert.equal(rest.length, 0);
    assert.equal(d.source, 'logit-lint');
    assert.equal(d.code, RULE);
    assert.equal(d.codeDescription.href, ruleMetas.find((m) => m.id === RULE).docsUrl);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, rangeOf(DOUBLE_SIGMOID, LOSS));
    assert.equal(d.relatedInformation.length, 1);
    assert.equal(d.relatedInformation[0].location.uri, client.uri('train.js'));
    assert.equal(d.relatedInformation[0].location.range.start.line, 2);
    assert.match(d.relatedInformation[0].message, /sigmoid/);
    const ok = client.statuses.find((s) => s.state === 'ok');
    assert.ok(ok, 'a status notification after the analysis');
    assert.match(ok.message, /\d+ ms, \d+ files/);
  });

  it('edit -> diagnostics follow the unsaved text, not the disk', async () => {
    root = tempProject({ 'train.js': DOUBLE_SIGMOID });
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    assert.equal((await client.diagnostics('train.js')).length, 1);
    await client.change('train.js', DOUBLE_SIGMOID.replace("activation: 'sigmoid'", "activation: 'linear'"));
    assert.deepEqual(await client.diagnostics('train.js'), []);
    await client.change('train.js', `\n\n${DOUBLE_SIGMOID}`);
    const [d] = await client.diagnostics('train.js');
    assert.equal(d.range.start.line, 5, 'range moved with the inserted lines');
  });

  it('a cross-file edit changes the dependent file\'s diagnostics', async () => {
    const model = [
      "import * as tf from '@tensorflow/tfjs';",
      'export function buildModel() {',
      '  const model = tf.sequential();',
      `  ${MODEL_LINE}`,
      '  return model;',
      '}',
      '',
    ].join('\n');
    const train = [
      "import * as tf from '@tensorflow/tfjs';",
      "import { buildModel } from './model.js';",
      'const model = buildModel();',
      "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
      '',
    ].join('\n');
    root = tempProject({ 'model.js': model, 'train.js': train });
    await startClient();
    await client.open('train.js', train);
    await client.open('model.js', model);
    const [d] = await client.diagnostics('train.js');
    assert.equal(d.code, RULE);
    assert.equal(d.relatedInformation[0].location.uri, client.uri('model.js'));
    assert.deepEqual(await client.diagnostics('model.js'), []);
    // Unsaved edit in model.js: train.js is clean although nothing changed in it or on disk.
    await client.change('model.js', model.replace("activation: 'sigmoid'", "activation: 'linear'"));
    assert.deepEqual(await client.diagnostics('train.js'), []);
    await client.change('model.js', model);
    assert.equal((await client.diagnostics('train.js')).length, 1);
  });

  it('settings: per-rule severity and enable', async () => {
    root = tempProject();
    await startClient({ settings: { rules: { [RULE]: 'warn' } } });
    await client.open('train.js', DOUBLE_SIGMOID);
    assert.equal((await client.diagnostics('train.js'))[0].severity, 2);
    client.settings = { rules: { [RULE]: 'off' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics('train.js'), []);
    client.settings = { enable: false };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics('train.js'), []);
    client.settings = { rules: { [RULE]: 'loud' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await client.diagnostics('train.js'))[0].severity, 1, 'a bad value falls back to the default');
    assert.ok(client.logs.some((l) => /must be "off", "warn" or "error"/.test(l)), 'and is reported');
  });

  it('offers fix (preferred), numeric difference, disable line, disable file and docs, in that order', async () => {
    root = tempProject();
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    const diags = await client.diagnostics('train.js');
    const actions = await client.codeActions('train.js', diags);
    assert.deepEqual(actions.map((a) => a.title), [
      "Use the loss 'binaryCrossentropy', which expects probabilities",
      'Show numeric difference',
      `Disable ${RULE} for this line`,
      `Disable ${RULE} for this file`,
      `Show documentation for ${RULE}`,
    ]);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].kind, 'quickfix');
    assert.deepEqual(actions[0].diagnostics, diags);
    const docs = actions[4].command;
    await client.conn.sendRequest('workspace/executeCommand', { command: docs.command, arguments: docs.arguments });
    assert.deepEqual(client.shownDocuments, [{ uri: ruleMetas.find((m) => m.id === RULE).docsUrl, external: true }]);
  });

  for (const [title, expectText] of [
    ['Use the loss', (t) => assert.match(t, /loss: 'binaryCrossentropy'/)],
    ['for this line', (t) => assert.match(t, /\n\/\/ logit-lint-disable-next-line sigmoid-before-logits-loss\nmodel\.compile/)],
    ['for this file', (t) => assert.match(t, /^\/\* logit-lint-disable sigmoid-before-logits-loss \*\/\n/)],
  ]) {
    it(`applying "${title}" makes the diagnostic go away`, async () => {
      root = tempProject();
      await startClient();
      await client.open('train.js', DOUBLE_SIGMOID);
      const actions = await client.codeActions('train.js', await client.diagnostics('train.js'));
      const action = actions.find((a) => a.title.includes(title));
      await client.applyEdit(action.edit);
      expectText(client.texts.get('train.js'));
      assert.deepEqual(await client.diagnostics('train.js'), []);
    });
  }

  it('applying a suggestion makes its diagnostic go away', async () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'const model = tf.sequential();',
      MODEL_LINE,
      "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
      'const labels = model.predict(tf.zeros([2, 4])).argMax(-1);',
      '',
    ].join('\n');
    root = tempProject();
    await startClient();
    await client.open('predict.js', text);
    const diags = await client.diagnostics('predict.js');
    assert.deepEqual(diags.map((d) => d.code), ['argmax-single-unit']);
    const actions = await client.codeActions('predict.js', diags);
    const suggestion = actions[0];
    assert.match(suggestion.title, /^Threshold the single unit/);
    assert.equal(suggestion.isPreferred, false, 'a suggestion is never preferred');
    await client.applyEdit(suggestion.edit);
    assert.deepEqual(await client.diagnostics('predict.js'), []);
  });

  it('source.fixAll.logit-lint applies the safe fixes', async () => {
    root = tempProject();
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    const diags = await client.diagnostics('train.js');
    assert.deepEqual(await client.codeActions('train.js', [], ['source.organizeImports']), []);
    const [all, ...rest] = await client.codeActions('train.js', diags, ['source.fixAll']);
    assert.equal(rest.length, 0);
    assert.equal(all.kind, 'source.fixAll.logit-lint');
    await client.applyEdit(all.edit);
    assert.deepEqual(await client.diagnostics('train.js'), []);
  });

  it('a disable comment written by hand suppresses the finding', async () => {
    root = tempProject();
    await startClient();
    const lines = DOUBLE_SIGMOID.split('\n');
    lines.splice(3, 0, `// logit-lint-disable-next-line ${RULE} -- intended`);
    await client.open('train.js', lines.join('\n'));
    assert.deepEqual(await client.diagnostics('train.js'), []);
    lines[3] = '// logit-lint-disable-next-line threshold-logits';
    await client.change('train.js', lines.join('\n'));
    assert.equal((await client.diagnostics('train.js')).length, 1, 'a directive for another rule does not');
  });

  it('hover on the flagged range explains the rule and links its docs', async () => {
    root = tempProject();
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    const [d] = await client.diagnostics('train.js');
    const hover = await client.hover('train.js', { line: d.range.start.line, character: d.range.start.character + 3 });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, new RegExp(`\\*\\*logit-lint: ${RULE}\\*\\*`));
    assert.match(hover.contents.value, /applies sigmoid itself/, 'the "Why is this bad?" paragraph of the docs');
    assert.ok(hover.contents.value.includes(`](${d.codeDescription.href})`));
    assert.ok(!hover.contents.value.includes(d.message), 'the editor shows the message already; the hover does not repeat it');
    assert.equal(await client.hover('train.js', { line: 0, character: 2 }), null);
  });

  it('survives malformed and unknown requests', async () => {
    root = tempProject();
    await startClient();
    await assert.rejects(client.conn.sendRequest('logit-lint/noSuchMethod', {}), /Unhandled method/);
    const empty = await client.conn.sendRequest('textDocument/diagnostic', {});
    assert.deepEqual(empty.items, []);
    await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'not a uri' } });
    assert.equal(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope.js' }, position: { line: 0, character: 0 } }), null);
    await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///nope.js' } });
    await assert.rejects(client.conn.sendRequest('workspace/executeCommand', { command: 'logit-lint.showDocumentation', arguments: [42] }), /expects a documentation URL/);
    await client.conn.sendNotification('logit-lint/noSuchNotification', { x: 1 });
    // A frame whose body is not JSON.
    const broken = '{"broken';
    client.proc.stdin.write(`Content-Length: ${Buffer.byteLength(broken)}\r\n\r\n${broken}`);
    await client.open('train.js', DOUBLE_SIGMOID);
    assert.equal((await client.diagnostics('train.js')).length, 1, 'still answering');
    assert.equal(client.proc.exitCode, null);
  });

  it('answers other requests while a large file is being analysed', async () => {
    root = tempProject();
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    await client.diagnostics('train.js'); // the worker is loaded
    await client.open('big.js', bigFile(20000));
    const order = [];
    const big = client.diagnostics('big.js').then(() => order.push('big diagnostics'));
    const t0 = Date.now();
    await client.hover('train.js', rangeOf(DOUBLE_SIGMOID, LOSS).start);
    const hoverMs = Date.now() - t0;
    order.push('hover');
    await big;
    assert.deepEqual(order, ['hover', 'big diagnostics'], `hover took ${hoverMs} ms`);
  });

  it('exits when the client goes away, although its worker thread is running', async () => {
    root = tempProject();
    await startClient();
    await client.open('train.js', DOUBLE_SIGMOID);
    assert.equal((await client.diagnostics('train.js')).length, 1);
    client.proc.stdin.end();
    const code = await Promise.race([client.exited, new Promise((r) => setTimeout(() => r('still running'), 5000))]);
    assert.equal(code, 1, 'exit code 1: no shutdown request came first');
  });

  it('pushes diagnostics to clients without pull support', async () => {
    root = tempProject();
    await startClient({ pull: false });
    const pushed = new Promise((resolve) => {
      client.onPush = (p) => p.diagnostics.length > 0 && resolve(p);
    });
    await client.open('train.js', DOUBLE_SIGMOID);
    const p = await pushed;
    assert.equal(p.uri, client.uri('train.js'));
    assert.equal(p.diagnostics[0].code, RULE);
    const cleared = new Promise((resolve) => {
      client.onPush = (q) => q.diagnostics.length === 0 && resolve(q);
    });
    await client.change('train.js', DOUBLE_SIGMOID.replace(LOSS, "'binaryCrossentropy'"));
    await cleared;
  });
});
