// Protocol tests of the numeric check in the language server: the code lens and code action that
// offer it, and logitLint.showNumericDifference run through workspace/executeCommand with work-done
// progress (server-created, or on the client's token), cancellation and the time limit, while the
// server keeps answering.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CancellationTokenSource } = require('vscode-jsonrpc');
const { LspTestClient } = require('./lsp-test-client');
const { decodeNonFinite } = require('../out/server/lsp/protocol');

const COMMAND = 'logitLint.showNumericDifference';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const fixture = (rel) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
const FLAGGED = fixture('sigmoid-before-logits-loss/bad-sequential-blogpost.js');
const CLEAN = fixture('sigmoid-before-logits-loss/clean-sigmoid-head-binary-crossentropy.cjs');
// Flagged, but the engine proves no model facts here: nothing for the check to rebuild.
// A lone layer in no model: its finding has no model facts to build a replica from.
const NO_FACTS = ["import * as tf from '@tensorflow/tfjs';", "export const head = tf.layers.dense({ units: 1, activation: 'softmax' });", ''].join('\n');

function tempProject() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-lsp-check-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"fixture","private":true}\n');
  return root;
}

describe('language server: numeric check (stdio)', function () {
  this.timeout(60000);
  let root;
  let client;

  async function start(settings) {
    root = tempProject();
    client = new LspTestClient({ root, settings });
    return client.initialize();
  }

  /** Opens the flagged fixture and returns its diagnostic and the lens over it. */
  async function flagged() {
    await client.open('churn.js', FLAGGED);
    const [diag] = await client.diagnostics('churn.js');
    const [lens] = await client.codeLenses('churn.js');
    return { diag, lens };
  }

  /** Resolves with the first progress value of `kind`. */
  function progressOf(kind) {
    const seen = client.progress.find((p) => p.value.kind === kind);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const previous = client.onProgress;
      client.onProgress = (p) => {
        previous?.(p);
        if (p.value.kind === kind) resolve(p);
      };
    });
  }

  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('declares code lenses and the command', async () => {
    const init = await start();
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
    assert.ok(init.capabilities.executeCommandProvider.commands.includes(COMMAND));
  });

  it('a lens over the flagged loss, none on a clean file or a finding without model facts', async () => {
    await start();
    const { diag, lens } = await flagged();
    assert.equal(diag.code, 'sigmoid-before-logits-loss');
    assert.deepEqual(lens, {
      range: diag.range,
      command: { title: 'Show numeric difference', command: COMMAND, arguments: [client.uri('churn.js'), diag.range, 'sigmoid-before-logits-loss'] },
    });
    assert.equal((await client.codeLenses('churn.js')).length, 1);

    await client.open('clean.cjs', CLEAN);
    assert.deepEqual(await client.codeLenses('clean.cjs'), []);
    await client.open('facts.js', NO_FACTS);
    assert.equal((await client.diagnostics('facts.js'))[0].code, 'softmax-single-unit');
    assert.deepEqual(await client.codeLenses('facts.js'), []);
  });

  it('lenses are asked for again when an edit elsewhere changes this file\'s findings', async () => {
    const model = [
      "import * as tf from '@tensorflow/tfjs';",
      'export const model = tf.sequential();',
      "model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));",
      '',
    ].join('\n');
    const train = ["import * as tf from '@tensorflow/tfjs';", "import { model } from './model.js';", "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", ''].join('\n');
    await start();
    fs.writeFileSync(path.join(root, 'model.js'), model);
    await client.open('train.js', train);
    await client.open('model.js', model);
    assert.equal((await client.codeLenses('train.js')).length, 1);
    const before = client.lensRefreshes;
    await client.change('model.js', model.replace("activation: 'sigmoid'", "activation: 'linear'"));
    await client.diagnostics('model.js'); // the analysis of the edit (an editor pulls on every change)
    assert.ok(client.lensRefreshes > before, 'workspace/codeLens/refresh after the analysis');
    assert.deepEqual(await client.codeLenses('train.js'), []);
  });

  it('no lens for a rule turned off in the settings', async () => {
    await start({ rules: { 'sigmoid-before-logits-loss': 'off' } });
    await client.open('churn.js', FLAGGED);
    assert.deepEqual(await client.codeLenses('churn.js'), []);
  });

  it('a "Show numeric difference" code action on the diagnostic runs the same command', async () => {
    await start();
    const { diag, lens } = await flagged();
    const actions = await client.codeActions('churn.js', [diag]);
    const action = actions.find((a) => a.title === 'Show numeric difference');
    assert.ok(action, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics, [diag]);
    assert.deepEqual(action.command, lens.command);
  });

  it('runs the check: a completed report, progress begin/report/end, the server answering meanwhile', async () => {
    await start();
    const { diag, lens } = await flagged();
    const order = [];
    const running = client.executeCommand(COMMAND, lens.command.arguments).then((r) => {
      order.push('check');
      return r;
    });
    await progressOf('begin');
    const hover = await client.hover('churn.js', diag.range.start);
    order.push('hover');
    assert.match(hover.contents.value, /sigmoid-before-logits-loss/);
    const report = decodeNonFinite(await running);

    assert.deepEqual(order, ['hover', 'check'], 'the hover is answered while the check trains');
    assert.equal(report.status, 'ok', report.message);
    assert.equal(report.ruleId, 'sigmoid-before-logits-loss');
    assert.deepEqual(report.source, { file: 'churn.js', line: diag.range.start.line + 1 });
    assert.equal(report.backend, 'tfjs (cpu, pure JS)');
    assert.equal(report.series.written.length, report.epochs + 1);
    assert.equal(report.series.fixed.length, report.epochs + 1);
    assert.ok(report.series.written.at(-1).loss > report.series.fixed.at(-1).loss, 'the fixed model learns more');
    assert.match(report.verdict, /never leave 0\.50/);

    assert.equal(client.progressTokens.length, 1, 'one window/workDoneProgress/create');
    const values = client.progress.filter((p) => p.token === client.progressTokens[0]).map((p) => p.value);
    assert.equal(values[0].kind, 'begin');
    assert.equal(values[0].cancellable, true);
    assert.match(values[0].title, /numeric check/);
    assert.ok(values.some((v) => v.kind === 'report' && /training/.test(v.message)), JSON.stringify(values));
    // The worker's epochs, as a percentage that only grows and reaches 100 (begin has one: a bar).
    assert.equal(values[0].percentage, 0);
    const epochs = values.filter((v) => v.kind === 'report' && /epoch \d+ of \d+/.test(v.message));
    assert.ok(epochs.length >= report.epochs, JSON.stringify(values));
    assert.match(epochs[0].message, /^training the replica as written: epoch 1 of \d+ /);
    assert.ok(epochs.every((v, i) => i === 0 || v.percentage >= epochs[i - 1].percentage));
    assert.equal(epochs.at(-1).percentage, 100);
    assert.deepEqual(values.at(-1), { kind: 'end' });
  });

  it('the progress cancel button stops the check: "cancelled", and the server still answers', async () => {
    await start();
    const { diag, lens } = await flagged();
    const running = client.executeCommand(COMMAND, lens.command.arguments);
    const training = await progressOf('report'); // the child process is training
    await client.conn.sendNotification('window/workDoneProgress/cancel', { token: training.token });
    const report = await running;
    assert.equal(report.status, 'cancelled');
    assert.equal(report.message, 'the check was cancelled');
    await progressOf('end');
    const hover = await client.hover('churn.js', diag.range.start);
    assert.match(hover.contents.value, /sigmoid-before-logits-loss/);
  });

  it('progress on the client\'s own token, and $/cancelRequest stops the check (what the VS Code client does)', async () => {
    await start();
    const { lens } = await flagged();
    const source = new CancellationTokenSource();
    const running = client.executeCommand(COMMAND, lens.command.arguments, { token: source.token, workDoneToken: 'mine' });
    const training = await progressOf('report'); // the child process is training
    assert.equal(training.token, 'mine');
    assert.deepEqual(client.progressTokens, [], 'no server-created progress');
    source.cancel();
    const report = await running;
    assert.equal(report.status, 'cancelled', JSON.stringify(report));
    await progressOf('end');
    assert.ok(client.progress.every((p) => p.token === 'mine'));
  });

  it('a check past its time limit is stopped and reported as a timeout', async () => {
    await start();
    const { diag, lens } = await flagged();
    const t0 = Date.now();
    const report = await client.executeCommand(COMMAND, [...lens.command.arguments, { timeoutMs: 300, epochs: 1000 }]);
    assert.equal(report.status, 'timeout');
    assert.match(report.message, /ran past its limit of 300 ms/);
    assert.ok(Date.now() - t0 < 10000, `took ${Date.now() - t0} ms`);
    assert.ok(await client.hover('churn.js', diag.range.start), 'still answering');
  });

  it('a newer check stops the running one', async () => {
    await start();
    const { lens } = await flagged();
    const first = client.executeCommand(COMMAND, lens.command.arguments);
    await progressOf('report');
    const second = client.executeCommand(COMMAND, [...lens.command.arguments, { epochs: 1 }]);
    assert.deepEqual(await first, { status: 'cancelled', ruleId: 'sigmoid-before-logits-loss', message: 'the check was cancelled: another check started', elapsedMs: (await first).elapsedMs });
    assert.equal((await second).status, 'ok');
  });

  it('bad arguments are an InvalidParams error; a finding that is gone is a failed report', async () => {
    await start();
    const { lens } = await flagged();
    const [uri, range, rule] = lens.command.arguments;
    await assert.rejects(client.executeCommand(COMMAND, []), (e) => e.code === -32602 && /expects \[uri, range, ruleId, options\?\]/.test(e.message));
    await assert.rejects(client.executeCommand(COMMAND, [uri, range, 'no-such-rule']), /unknown rule 'no-such-rule'/);
    await assert.rejects(client.executeCommand(COMMAND, [uri, range, rule, { epochs: 'many' }]), /options.epochs must be a non-negative integer/);
    const moved = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const gone = await client.executeCommand(COMMAND, [uri, moved, rule]);
    assert.deepEqual([gone.status, gone.message], ['failed', 'there is no sigmoid-before-logits-loss finding on line 1 any more']);
    const closed = await client.executeCommand(COMMAND, [client.uri('other.js'), range, rule]);
    assert.match(closed.message, /other\.js is not open in the editor/);
    assert.equal((await client.diagnostics('churn.js')).length, 1, 'still answering');
  });
});
