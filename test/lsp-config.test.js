// The language server reads the project configuration the CLI reads (logit-lint.config.json, or the
// "logitLint" key of package.json): severities under the editor's settings, ignore globs, tfModules,
// maxFileSize; unsaved edits of the file win; a broken file is reported, never a crash.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { CONFIG_FILE } = require('../out/server/cli/config');
const { CONFIG_FILE_NAMES } = require('../out/server/lsp/protocol');
const { applyProjectConfig, projectConfig } = require('../out/server/lsp/project-config');
const { configAppliesTo } = require('../out/server/lsp/project-files');
const { LspTestClient } = require('./lsp-test-client');

const RULE = 'sigmoid-before-logits-loss';
const OTHER_RULE = 'threshold-logits';
const doubleSigmoid = (module = '@tensorflow/tfjs') => [
  `import * as tf from '${module}';`,
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));",
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  '',
].join('\n');
const TRAIN = doubleSigmoid();
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

function tempProject(files = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-lsp-config-'));
  // A repository root: the configuration search stops here, whatever lies above the temp folder.
  fs.mkdirSync(path.join(root, '.git'));
  fs.writeFileSync(path.join(root, 'package.json'), json({ name: 'fixture', private: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('lsp: project configuration (units)', () => {
  let root;
  afterEach(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('names the same configuration file as the CLI', () => {
    assert.equal(CONFIG_FILE_NAMES[0], CONFIG_FILE);
    assert.equal(configAppliesTo('/a/logit-lint.config.json', '/a/b'), true, 'a folder above the project');
    assert.equal(configAppliesTo('/a/b/c/package.json', '/a/b'), false, 'a nested package is another project');
    assert.equal(configAppliesTo('/a/other.json', '/a'), false);
  });

  it('splits ignored paths off and passes tfModules and maxFileSize to the engine, not the severities', () => {
    root = tempProject({ [CONFIG_FILE]: json({ rules: { [RULE]: 'off' }, ignore: ['gen/'], tfModules: ['@acme/ml'], maxFileSize: 1000 }) });
    const keep = path.join(root, 'src', 'a.js');
    const gen = path.join(root, 'gen', 'b.js');
    const applied = applyProjectConfig(root, [keep, gen], {});
    assert.deepEqual(applied.paths, [keep]);
    assert.deepEqual(applied.ignored, [gen]);
    assert.deepEqual(applied.options, { tfModules: ['@acme/ml'], maxFileBytes: 1000 });
    assert.deepEqual(applied.info, { file: path.join(root, CONFIG_FILE), rules: { [RULE]: 'off' } });
  });

  it('an unsaved buffer of the file wins; a saved one changes nothing', () => {
    const file = path.join(root = tempProject({ [CONFIG_FILE]: json({ rules: { [RULE]: 'off' } }) }), CONFIG_FILE);
    assert.deepEqual(projectConfig(root, { [file]: json({ rules: { [RULE]: 'warn' } }) }).config.rules, { [RULE]: 'warn' });
    assert.deepEqual(projectConfig(root, { [file]: fs.readFileSync(file, 'utf8') }).config.rules, { [RULE]: 'off' });
    // A broken file on disk, mended in the editor.
    fs.writeFileSync(file, '{ "rules": ');
    assert.throws(() => projectConfig(root, {}), /invalid JSON/);
    assert.deepEqual(projectConfig(root, { [file]: '{}' }).config.rules, {});
  });

  it('reads an unsaved package.json buffer with its errors keyed under "logitLint"', () => {
    root = tempProject();
    const pkg = path.join(root, 'package.json');
    fs.writeFileSync(pkg, json({ name: 'fixture', logitLint: { rules: { [RULE]: 'off' } } }));
    assert.deepEqual(projectConfig(root, {}).config.rules, { [RULE]: 'off' });
    assert.deepEqual(projectConfig(root, { [pkg]: json({ name: 'fixture', logitLint: { ignore: ['x/'] } }) }).config.ignore, ['x/']);
    assert.throws(() => projectConfig(root, { [pkg]: json({ logitLint: { rules: { nope: 'off' } } }) }), (e) => e.key === 'logitLint.rules.nope' && e.message.includes(pkg));
    assert.throws(() => projectConfig(root, { [pkg]: '{ "name": ' }), /package\.json: invalid JSON/);
    assert.deepEqual(projectConfig(root, { [pkg]: json({ name: 'fixture' }) }).config.rules, {}, 'the key removed: defaults');
  });

  it('an unsaved buffer nearer than the file on disk wins; one above the repository root does not', () => {
    root = tempProject({ [CONFIG_FILE]: json({ rules: { [RULE]: 'off' } }), 'pkg/package.json': json({ name: 'inner' }) });
    const inner = path.join(root, 'pkg');
    assert.equal(projectConfig(inner, {}).file, path.join(root, CONFIG_FILE));
    const innerPkg = path.join(inner, 'package.json');
    const found = projectConfig(inner, { [innerPkg]: json({ name: 'inner', logitLint: { rules: { [RULE]: 'error' } } }) });
    assert.equal(found.file, innerPkg);
    assert.deepEqual(found.config.rules, { [RULE]: 'error' });
    assert.equal(projectConfig(inner, { [innerPkg]: json({ name: 'inner', version: '2.0.0' }) }).file, path.join(root, CONFIG_FILE), 'no key: the search goes on');
    const above = path.join(path.dirname(root), CONFIG_FILE);
    assert.equal(projectConfig(root, { [above]: json({ rules: { [RULE]: 'warn' } }) }).file, path.join(root, CONFIG_FILE));
    fs.rmSync(path.join(root, CONFIG_FILE));
    assert.equal(projectConfig(inner, { [above]: json({ rules: { [RULE]: 'warn' } }) }).file, undefined, 'the search stops at .git');
  });

  it('a broken configuration lints nothing and carries the error', () => {
    root = tempProject({ [CONFIG_FILE]: json({ rules: { [RULE]: 'loud' } }) });
    const applied = applyProjectConfig(root, [path.join(root, 'a.js')], {});
    assert.deepEqual(applied.paths, []);
    assert.equal(applied.info.key, `rules.${RULE}`);
    assert.match(applied.info.error, new RegExp(`${CONFIG_FILE}: "rules\\.${RULE}": expected "off", "warn" or "error"`));
  });
});

describe('lsp: project configuration (protocol)', function () {
  let root;
  let client;

  async function start(opts = {}) {
    client = new LspTestClient({ root, ...opts });
    await client.initialize();
  }
  const config = (value) => fs.writeFileSync(path.join(root, CONFIG_FILE), typeof value === 'string' ? value : json(value));
  /** What an editor sends when a watched file changes on disk (1 created, 2 changed, 3 deleted). */
  const diskChanged = (name, type = 2) =>
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(root, name)).href, type }] });
  const severities = async (file) => (await client.diagnostics(file)).map((d) => `${d.code}:${d.severity}`);

  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('a rule turned off in the file has no diagnostic; "warn" makes it a warning', async () => {
    root = tempProject({ [CONFIG_FILE]: json({ rules: { [RULE]: 'off' } }) });
    await start();
    await client.open('train.js', TRAIN);
    assert.deepEqual(await client.diagnostics('train.js'), []);
    config({ rules: { [RULE]: 'warn' } });
    await diskChanged(CONFIG_FILE);
    assert.deepEqual(await severities('train.js'), [`${RULE}:2`]);
    fs.rmSync(path.join(root, CONFIG_FILE));
    await diskChanged(CONFIG_FILE, 3);
    assert.deepEqual(await severities('train.js'), [`${RULE}:1`], 'no file: the default');
  });

  it('the "logitLint" key of package.json works the same', async () => {
    root = tempProject();
    fs.writeFileSync(path.join(root, 'package.json'), json({ name: 'fixture', logitLint: { rules: { [RULE]: 'off' } } }));
    await start();
    await client.open('train.js', TRAIN);
    assert.deepEqual(await client.diagnostics('train.js'), []);
  });

  it('editing the open file updates the diagnostics before it is saved, and asks the editor to pull again', async () => {
    root = tempProject({ [CONFIG_FILE]: json({}) });
    await start();
    let refreshes = 0;
    client.conn.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
    await client.open('train.js', TRAIN);
    await client.open(CONFIG_FILE, json({}), 'json');
    assert.deepEqual(await severities('train.js'), [`${RULE}:1`]);
    assert.deepEqual(await client.diagnostics(CONFIG_FILE), [], 'the configuration itself is not linted');
    const before = refreshes;
    await client.change(CONFIG_FILE, json({ rules: { [RULE]: 'off' } }));
    assert.deepEqual(await client.diagnostics('train.js'), []);
    assert.ok(refreshes > before, 'workspace/diagnostic/refresh after the edit');
    await client.change(CONFIG_FILE, json({ rules: { [RULE]: 'warn' } }));
    assert.deepEqual(await severities('train.js'), [`${RULE}:2`]);
    // Closed without saving: the disk's version is back in force.
    await client.close(CONFIG_FILE);
    assert.deepEqual(await severities('train.js'), [`${RULE}:1`]);
  });

  it('an unsaved edit of package.json\'s "logitLint" key applies too', async () => {
    root = tempProject();
    await start();
    await client.open('train.js', TRAIN);
    assert.equal((await client.diagnostics('train.js')).length, 1);
    await client.open('package.json', json({ name: 'fixture', logitLint: { rules: { [RULE]: 'off' } } }), 'json');
    assert.deepEqual(await client.diagnostics('train.js'), []);
  });

  it('an invalid file: a message naming the file and the key, no diagnostics, and the server keeps answering', async () => {
    root = tempProject();
    await start();
    await client.open('train.js', TRAIN);
    assert.equal((await client.diagnostics('train.js')).length, 1);
    config({ rules: { 'no-such-rule': 'off' } });
    await diskChanged(CONFIG_FILE, 1);
    assert.deepEqual(await client.diagnostics('train.js'), [], 'no stale diagnostics');
    const shown = client.logs.filter((l) => /invalid configuration, nothing is checked/.test(l));
    assert.equal(shown.length, 1, client.logs.join('\n'));
    assert.ok(shown[0].includes(path.join(root, CONFIG_FILE)), shown[0]);
    assert.match(shown[0], /"rules\.no-such-rule": unknown rule; expected one of /);
    assert.equal(client.statuses.at(-1).state, 'error');
    assert.match(client.statuses.at(-1).message, /"rules\.no-such-rule"/);
    // Pulled again (another open file, a refresh): the same error is not shown twice.
    await client.open('other.js', 'const x = 1;\n');
    assert.deepEqual(await client.diagnostics('other.js'), []);
    assert.equal(client.logs.filter((l) => /invalid configuration, nothing is checked/.test(l)).length, 1);
    // Still answering, and a different error is shown.
    assert.equal(await client.hover('train.js', { line: 3, character: 40 }), null);
    config('{ "rules": { ');
    await diskChanged(CONFIG_FILE);
    assert.deepEqual(await client.diagnostics('train.js'), []);
    assert.match(client.logs.filter((l) => /invalid configuration/.test(l)).at(-1), /invalid JSON at line 1, column \d+/);
    // Mended: diagnostics and an 'ok' status come back.
    config({ rules: { [RULE]: 'warn' } });
    await diskChanged(CONFIG_FILE);
    assert.deepEqual(await severities('train.js'), [`${RULE}:2`]);
    assert.equal(client.statuses.at(-1).state, 'ok');
    assert.equal(client.proc.exitCode, null);
  });

  it('while the broken file is open in the editor, the status item says so (no message per keystroke)', async () => {
    root = tempProject({ [CONFIG_FILE]: json({}) });
    await start();
    await client.open('train.js', TRAIN);
    await client.open(CONFIG_FILE, json({}), 'json');
    assert.equal((await client.diagnostics('train.js')).length, 1);
    await client.change(CONFIG_FILE, json({ ignore: 'gen' }));
    assert.deepEqual(await client.diagnostics('train.js'), []);
    assert.equal(client.statuses.at(-1).state, 'error');
    assert.match(client.statuses.at(-1).message, /"ignore": expected an array of strings, got string "gen"/);
    assert.ok(client.logs.some((l) => /"ignore": expected an array/.test(l)), 'in the log');
    assert.equal(client.logs.filter((l) => /nothing is checked until it is fixed/.test(l)).length, 0);
  });

  it('ignored files get no diagnostics and are not linted', async () => {
    const generated = doubleSigmoid();
    root = tempProject({ [CONFIG_FILE]: json({ ignore: ['generated/'] }), 'generated/model.js': generated, 'train.js': TRAIN });
    await start();
    await client.open('generated/model.js', generated);
    await client.open('train.js', TRAIN);
    assert.deepEqual(await client.diagnostics('generated/model.js'), []);
    assert.equal((await client.diagnostics('train.js')).length, 1);
    const ok = client.statuses.filter((s) => s.state === 'ok').at(-1);
    assert.equal(ok.files, 1, 'only train.js went to the engine');
    config({});
    await diskChanged(CONFIG_FILE);
    assert.equal((await client.diagnostics('generated/model.js')).length, 1, 'not ignored any more');
  });

  it('editor settings override the file\'s severities, rule by rule', async () => {
    root = tempProject({ [CONFIG_FILE]: json({ rules: { [RULE]: 'off', [OTHER_RULE]: 'off' } }) });
    await start({ settings: { rules: { [RULE]: 'warn' } } });
    await client.open('train.js', TRAIN);
    assert.deepEqual(await severities('train.js'), [`${RULE}:2`], 'the setting turns on what the file turns off');
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await client.diagnostics('train.js'), [], 'without the setting, the file decides');
  });

  it('tfModules and maxFileSize apply', async () => {
    const wrapped = doubleSigmoid('@acme/ml');
    root = tempProject({ 'train.js': wrapped });
    await start();
    await client.open('train.js', wrapped);
    assert.deepEqual(await client.diagnostics('train.js'), [], '@acme/ml is not tfjs by default');
    config({ tfModules: ['@acme/ml'] });
    await diskChanged(CONFIG_FILE, 1);
    assert.equal((await client.diagnostics('train.js')).length, 1, '@acme/ml re-exports tfjs');
    config({ tfModules: ['@acme/ml'], maxFileSize: 100 });
    await diskChanged(CONFIG_FILE);
    assert.deepEqual(await client.diagnostics('train.js'), []);
    assert.ok(client.statuses.at(-1).problems.some((p) => /train\.js/.test(p)), JSON.stringify(client.statuses.at(-1)));
  });

  it('push mode: an edit of the configuration pushes new diagnostics', async () => {
    root = tempProject({ [CONFIG_FILE]: json({}) });
    await start({ pull: false });
    const pushed = (test) => new Promise((resolve) => {
      client.onPush = (p) => p.uri === client.uri('train.js') && test(p.diagnostics) && resolve(p);
    });
    const first = pushed((d) => d.length === 1);
    await client.open('train.js', TRAIN);
    await client.open(CONFIG_FILE, json({}), 'json');
    await first;
    const cleared = pushed((d) => d.length === 0);
    await client.change(CONFIG_FILE, json({ rules: { [RULE]: 'off' } }));
    await cleared;
  });
});
