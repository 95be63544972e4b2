// The playground's examples come from the fixtures at build time (playground/examples.js): every rule
// has some, the test suite's `expect:` markers are gone, and a Python fixture added later shows up
// under its framework with nothing else to change.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { collectExamples } = require('../playground/examples');

const REPO = path.resolve(__dirname, '..');

describe('playground examples from the fixtures', () => {
  it('the demo project first, then each rule\'s buggy files; no clean files, no expect: markers', () => {
    const { frameworks, examples } = collectExamples();
    assert.deepEqual(frameworks.map((f) => f.id), ['tfjs', 'tfjs-ts', 'pytorch', 'keras']);
    assert.equal(examples[0].id, 'demo');
    assert.ok(examples[0].files.length >= 4 && examples[0].files[0].name === 'model.js');
    const rules = fs.readdirSync(path.join(REPO, 'fixtures', 'rules'));
    for (const rule of rules) assert.ok(examples.some((e) => e.rule === rule && e.framework === 'tfjs'), `a JavaScript example for ${rule}`);
    assert.ok(!examples.some((e) => e.files.some((f) => f.name.startsWith('clean-'))));
    const one = examples.find((e) => e.id === 'sigmoid-before-logits-loss/bad-sequential-blogpost.js');
    const original = fs.readFileSync(path.join(REPO, 'fixtures', 'rules', 'sigmoid-before-logits-loss', 'bad-sequential-blogpost.js'), 'utf8');
    assert.match(original, /\/\/ expect: sigmoid-before-logits-loss/);
    assert.equal(one.files[0].text, original.replace(' // expect: sigmoid-before-logits-loss', ''), 'only the marker is gone: lines and offsets stay');
    assert.ok(!examples.some((e) => e.files.some((f) => /expect: /.test(f.text))));
    // Python: the PyTorch files of the Python demo as one project, and every Python rule's buggy files.
    const demoPy = examples.find((e) => e.id === 'demo-py');
    assert.equal(demoPy.framework, 'pytorch');
    assert.deepEqual(demoPy.files.map((f) => f.name), ['model.py', 'predict.py', 'train.py']);
    for (const rule of fs.readdirSync(path.join(REPO, 'fixtures', 'python', 'rules'))) {
      assert.ok(examples.some((e) => e.rule === rule && (e.framework === 'pytorch' || e.framework === 'keras')), `a Python example for ${rule}`);
    }
    assert.ok(!examples.some((e) => e.files.some((f) => f.name.startsWith('clean_'))));
  });

  it('adding Python fixtures adds the PyTorch and Keras examples, told apart by their imports', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-examples-'));
    try {
      const rule = path.join(root, 'fixtures', 'rules', 'sigmoid-before-logits-loss');
      fs.mkdirSync(rule, { recursive: true });
      fs.writeFileSync(path.join(rule, 'bad-torch-module.py'), 'import torch.nn as nn\nloss = nn.BCEWithLogitsLoss()  # expect: sigmoid-before-logits-loss\n');
      fs.writeFileSync(path.join(rule, 'bad-keras-sequential.py'), 'from tensorflow import keras\n');
      fs.writeFileSync(path.join(rule, 'clean-torch.py'), 'import torch\n');
      fs.writeFileSync(path.join(rule, 'bad-plain-script.py'), 'print(1)\n');
      const { frameworks, examples } = collectExamples(root);
      assert.deepEqual(frameworks, [
        { id: 'pytorch', label: 'PyTorch \u00b7 Python', language: 'python' },
        { id: 'keras', label: 'Keras \u00b7 Python', language: 'python' },
      ]);
      assert.deepEqual(examples.map((e) => [e.framework, e.id]), [
        ['keras', 'sigmoid-before-logits-loss/bad-keras-sequential.py'],
        ['pytorch', 'sigmoid-before-logits-loss/bad-torch-module.py'],
      ]);
      assert.equal(examples[1].files[0].text, 'import torch.nn as nn\nloss = nn.BCEWithLogitsLoss()\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
