// Typing through the language server: between most keystrokes a file does not parse. The findings
// above and around the unfinished edit stay (no flicker), and nothing is reported from the broken
// region itself. The real server over stdio, driven like an editor.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LspTestClient } = require('./lsp-test-client');

const DEMO = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'demo', 'model.js'), 'utf8');
const RULE = 'sigmoid-before-logits-loss';
const LINE = DEMO.split('\n').findIndex((l) => l.includes('expect: sigmoid-before-logits-loss')); // 0-based

// Unfinished states, each as a keystroke leaves it: appended at the end, or typed in the middle.
const AT_END = [
  'const p = model.predict(',
  'model.',
  "const label = 'positive",
  'const config = { units: 1, activation: ',
  'function evaluate(model, xs) {\n  const out = model.predict(xs',
  'const t = `loss: ${',
  'model.fit(xs, ys, { epochs: 10,',
  'if (probs.greater(0.5',
  'const layers = [tf.layers.dense({ units: 2 }),',
  'export default {',
  'const note = `unfinished template',
  '/* TODO: try a second head',
];
const IN_MIDDLE = [
  // A new statement typed between the import and the function.
  ['export function createModel', 'const lr = tf.train.adam(\nexport function createModel'],
  ['export function createModel', 'let count = \nexport function createModel'],
  ['export function createModel', "const s = 'abc\nexport function createModel"],
];

function tempProject() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-lsp-typing-'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"fixture","private":true}\n');
  return root;
}

describe('language server: typing leaves the file broken', function () {
  this.timeout(120000);
  let root;
  let client;

  before(async () => {
    root = tempProject();
    client = new LspTestClient({ root });
    await client.initialize();
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const findingLines = (diags) => diags.filter((d) => d.code === RULE).map((d) => d.range.start.line);

  it('the finding at line 13 stays through every unfinished state at the end of the file', async () => {
    await client.open('model.js', DEMO);
    assert.deepEqual(findingLines(await client.diagnostics('model.js')), [LINE]);
    for (const tail of AT_END) {
      // Each character typed: every prefix of the tail is a state the editor asks about.
      for (const cut of [...new Set([1, Math.ceil(tail.length / 2), tail.length])]) {
        client.change('model.js', `${DEMO}\n${tail.slice(0, cut)}`);
        const diags = await client.diagnostics('model.js');
        assert.deepEqual(findingLines(diags), [LINE], `after typing ${JSON.stringify(tail.slice(0, cut))}`);
      }
    }
    client.change('model.js', DEMO);
    assert.deepEqual(findingLines(await client.diagnostics('model.js')), [LINE]);
  });

  it('the finding stays when an unfinished statement is typed above it', async () => {
    for (const [at, typed] of IN_MIDDLE) {
      client.change('model.js', DEMO.replace(at, typed));
      const lines = findingLines(await client.diagnostics('model.js'));
      assert.deepEqual(lines, [LINE + typed.split('\n').length - 1], JSON.stringify(typed));
    }
  });

  it('no finding from a broken region: a half-typed head is not read as written', async () => {
    // The finding's own statement is broken: the function holding the model is damaged.
    const broken = DEMO.replace("activation: 'sigmoid' }));", "activation: 'sigmoid' })");
    client.change('model.js', broken);
    assert.deepEqual(findingLines(await client.diagnostics('model.js')), []);
    // A second model, complete in a half-typed string's recovery, below the intact function.
    const tail = "\nconst m2 = tf.sequential();\nm2.compile({ loss: tf.losses.sigmoidCrossEntropy });\nm2.add(tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid";
    client.change('model.js', DEMO + tail);
    const diags = await client.diagnostics('model.js');
    assert.deepEqual(findingLines(diags), [LINE], 'only the intact finding; none on m2');
    assert.ok(diags.every((d) => d.range.start.line < DEMO.split('\n').length), JSON.stringify(diags.map((d) => d.range)));
  });
});
