// Folders a file puts on sys.path (notebooks/ and scripts/ importing the project's modules), and a
// tests/ folder importing from the folder above it: the import is followed, so what the file does
// with the model is analysed. Fails on the build before (the imports resolved to nothing).
const assert = require('assert');
const path = require('path');
const { sysPathRoots } = require('../out/rules/engine/python/sys-path');
const { pythonImportSpecifiers, resolveImport } = require('../out/rules/text');
const { runCli, useProjects } = require('./cli-helpers');

describe('sys.path additions read from the text', () => {
  const file = '/proj/notebooks/sub/x.py';
  const table = [
    ['sys.path.append("..")', ['/proj/notebooks']],
    ["sys.path.insert(0, '../src')", ['/proj/notebooks/src']],
    ["module_path = os.path.abspath(os.path.join('..'))\nif module_path not in sys.path:\n    sys.path.append(module_path)", ['/proj/notebooks']],
    ['sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))', ['/proj/notebooks']],
    ['sys.path.append(os.path.join(os.path.dirname(__file__), "..", "src"))', ['/proj/notebooks/src']],
    ['ROOT = Path(__file__).resolve().parents[1]\nif str(ROOT) not in sys.path:\n    sys.path.append(str(ROOT))', ['/proj/notebooks']],
    ['sys.path.append(str(Path(__file__).parent.parent / "lib"))', ['/proj/notebooks/lib']],
    ['sys.path.extend(["..", "../lib"])', ['/proj/notebooks', '/proj/notebooks/lib']],
    ['sys.path.append(Path.cwd().parent)', ['/proj/notebooks']],
    ['sys.path.append(os.path.abspath("../.."))  # the root', ['/proj']],
    ['chapter = "02-basics"\nd = os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", chapter)\nsys.path.append(d)', ['/proj/notebooks/02-basics']],
  ];

  it('literals, __file__, the working folder (the file\'s own), os.path and pathlib steps, names bound once', () => {
    for (const [code, want] of table) assert.deepStrictEqual(sysPathRoots(file, `import os, sys\n${code}\n`), want, code);
  });

  it('anything else adds nothing: an argument, a name bound twice, a call we do not know, no sys.path at all', () => {
    for (const code of ['sys.path.append(args.root)', 'p = "a"\np = "b"\nsys.path.append(p)', 'sys.path.append(get_root())', 'sys.path.append(os.environ["ROOT"])', 'path.append("..")', 'print(sys.path)']) {
      assert.deepStrictEqual(sysPathRoots(file, code), [], code);
    }
  });

  it('the CLI\'s import graph (and the language server\'s) resolves the import in that folder only', () => {
    const exists = (f) => ['/proj/src/model.py', '/proj/notebooks/model.py'].includes(f);
    const specs = pythonImportSpecifiers('import sys\nsys.path.append("../src")\nfrom model import Net\n', '/proj/notebooks/a.py');
    // (With each name, the notebook it may be where no module has it: `pynb:`, resolveNotebook.)
    assert.deepStrictEqual(specs, ['py:0:model', 'pynb:../src:model', 'pyat:../src:model', 'py:0:model.Net', 'pynb:../src:model.Net', 'pyat:../src:model.Net', 'py:0:sys', 'pynb:../src:sys', 'pyat:../src:sys']);
    assert.strictEqual(resolveImport('/proj/notebooks/a.py', 'pynb:../src:model', exists), undefined, 'a module has the name');
    assert.strictEqual(resolveImport('/proj/notebooks/a.py', 'pynb:../src:helpers', (f) => f === '/proj/src/helpers.ipynb'), '/proj/src/helpers.ipynb');
    assert.strictEqual(resolveImport('/proj/notebooks/a.py', 'pyat:../src:model', exists), '/proj/src/model.py');
    // The file's own folder first, as Python looks (sys.path[0] is the script's folder).
    assert.strictEqual(resolveImport('/proj/notebooks/a.py', 'py:0:model', exists), '/proj/notebooks/model.py');
    assert.strictEqual(resolveImport('/proj/notebooks/a.py', 'pyat:../lib:model', exists), undefined);
  });
});

describe('a notebook, a script and a test that import the project\'s model through sys.path or from tests/', () => {
  const project = useProjects();
  const model = 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 1)\n    def forward(self, x):\n        return self.fc(x)\n';
  const train = 'import torch\nimport torch.nn as nn\nfrom model import Net\nmodel = Net()\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n';
  const cell = (lines) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: lines.map((l) => `${l}\n`) });
  const notebook = (first) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell(first), cell(['import torch', 'from model import Net', 'm = Net()', 'preds = (m(torch.randn(2, 8)) > 0.5).float()'])] });
  const script = (insert) => `import os\nimport sys\n${insert}\nimport torch\nfrom model import Net\nnet = Net()\npreds = (net(torch.randn(2, 8)) > 0.5).float()\n`;
  const files = {
    'src/model.py': model,
    'src/train.py': train,
    'notebooks/explore.ipynb': notebook(['import os, sys', "module_path = os.path.abspath(os.path.join('../src'))", 'if module_path not in sys.path:', '    sys.path.append(module_path)']),
    'scripts/evaluate.py': script('sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))'),
    'src/tests/test_model.py': 'import torch\nfrom model import Net\ndef test_pred():\n    assert (Net()(torch.randn(2, 8)).round() >= 0).all()\n',
  };
  const found = (dir, ...args) => JSON.parse(runCli(['--no-config', '--format', 'json', ...args, '.'], { cwd: dir }).stdout)
    .flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)}:${m.line} ${m.ruleId}`)).sort();

  it('each one\'s 0.5 cut of the logits is reported, with one thread and with two', () => {
    const dir = project(files);
    const want = ['notebooks/explore.ipynb:1 threshold-logits', 'scripts/evaluate.py:7 threshold-logits', 'src/tests/test_model.py:4 threshold-logits'];
    assert.deepStrictEqual(found(dir, '--jobs', '1').map((s) => s.replace(/ipynb:\d+/, 'ipynb:1')), want);
    assert.deepStrictEqual(found(dir, '--jobs', '2').map((s) => s.replace(/ipynb:\d+/, 'ipynb:1')), want);
  });

  it('without the sys.path lines the notebook and the script import nothing we know: silent', () => {
    const dir = project({ ...files, 'notebooks/explore.ipynb': notebook(['import os, sys']), 'scripts/evaluate.py': script('') });
    assert.deepStrictEqual(found(dir), ['src/tests/test_model.py:4 threshold-logits']);
  });

  it('a sigmoid model the notebook reads with a 0.5 cut: the analysis sees that read, so removing the sigmoid is a suggestion for its own reason (the loss switch first), and no safe fix in a run of src/ alone', () => {
    const sig = 'import torch\n' + model.replace('return self.fc(x)', 'return torch.sigmoid(self.fc(x))') + 'model = Net()\nloss = nn.BCEWithLogitsLoss()(model(x), y)\n';
    const dir = project({ 'src/model.py': sig, 'notebooks/explore.ipynb': files['notebooks/explore.ipynb'] });
    const titles = JSON.parse(runCli(['--no-config', '--format', 'json', '.'], { cwd: dir }).stdout).flatMap((f) => f.messages.map((m) => [m.ruleId, Boolean(m.fix), (m.suggestions ?? []).map((x) => x.desc)]));
    assert.deepStrictEqual(titles, [['sigmoid-before-logits-loss', false, ['Use nn.BCELoss, which expects probabilities', 'Remove torch.sigmoid(...) (the loss applies it itself)']]]);
    assert.match(runCli(['--no-config', '--fix-dry-run', 'src'], { cwd: dir }).stderr, /0 fixes would change 0 files/);
  });
});
