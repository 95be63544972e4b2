// A notebook's outputs (plots as base64, tables) are most of its bytes and make its lines long: the
// size limit and the minified-code check apply to its code, not to the JSON around it.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { notebookJson } = require('./helpers/notebook');

const CLI = path.join(__dirname, '..', 'out', 'server', 'cli', 'cli.js');

describe('notebook size and shape limits', function () {
  this.timeout(60000);
  let dir;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-nb-limits-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lint = (...args) => spawnSync(process.execPath, [CLI, '--no-config', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });

  it('a 3 MB notebook whose bytes are a plot output is linted (its code is small)', () => {
    const png = 'iVBORw0KGgo'.repeat(300000); // one 3.3 MB line, as Jupyter stores an image
    const file = path.join(dir, 'plots.ipynb');
    fs.writeFileSync(file, notebookJson([
      ['code', 'import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n'],
      ['code', 'print(1)\n', { outputs: [{ output_type: 'display_data', data: { 'image/png': png }, metadata: {} }] }],
    ]));
    assert.ok(fs.statSync(file).size > 3e6);
    const r = lint('plots.ipynb');
    assert.strictEqual(r.status, 1, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages.map((m) => m.ruleId), ['sigmoid-before-logits-loss']);
  });

  it('a notebook whose code itself passes --max-file-size is skipped with a message that says so', () => {
    const file = path.join(dir, 'big-code.ipynb');
    fs.writeFileSync(file, notebookJson([['code', `import torch\nx = ${'1 + '.repeat(40000)}1\n`]]));
    const r = lint('--max-file-size', '100000', 'big-code.ipynb');
    assert.match(r.stderr, /notebook code too large \(\d+ bytes, limit 100000\)/);
  });
});
