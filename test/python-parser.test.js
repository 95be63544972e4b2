// The Python parser (web-tree-sitter + tree-sitter-python wasm) and the text scan: incremental
// re-parse equals a fresh parse, syntax errors are reported with a position while the rest of the
// file is still analysed, bad input gives one message and no crash, imports resolve to files.
const assert = require('assert');
const path = require('path');
const out = path.join(__dirname, '..', 'out', 'rules', 'engine', 'python');
const { initPython, parsePython, forgetPython, tooDeep, changeBetween } = require(path.join(out, 'parser'));
const { mentionsPython, pythonImports, scanImports } = require(path.join(out, 'text-scan'));
const { analyse, events } = require('./python-helpers');

/** Every node in document order: type, span, and the text of leaves. */
function shape(tree) {
  const rows = [];
  const c = tree.walk();
  let depth = 0;
  for (;;) {
    const n = c.currentNode;
    rows.push(`${depth} ${n.type} ${n.startIndex}-${n.endIndex}${n.childCount === 0 ? ` ${n.text}` : ''}`);
    if (c.gotoFirstChild()) { depth++; continue; }
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) return rows;
      depth--;
    }
  }
}

const MODEL = `import torch
import torch.nn as nn

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(10, 1)

    def forward(self, x):
        return torch.sigmoid(self.fc(x))

crit = nn.BCEWithLogitsLoss()
loss = crit(Net()(x), y)
`;

describe('python frontend: parser and text scan', () => {
  before(() => initPython());

  it('incremental re-parse gives the same tree and events as a fresh parse, edit after edit', async () => {
    const edits = [
      (t) => t.replace('nn.Linear(10, 1)', 'nn.Linear(10, 3)'),
      (t) => t.replace('return torch.sigmoid(self.fc(x))', 'return self.fc(x'), // broken
      (t) => t.replace('return self.fc(x', 'return self.fc(x)'),
      (t) => t.replace('crit = ', '# a comment é😀\ncrit = '),
      (t) => 'import numpy as np\n' + t + 'p = np.argmax(Net()(x))\n',
      (t) => t.replace(/\t/g, '    ').replace('    def forward', '\tdef forward'),
    ];
    let text = MODEL;
    const file = '/virtual/inc/model.py';
    forgetPython(file);
    let prev = parsePython(file, text);
    for (const edit of edits) {
      text = edit(text);
      const inc = parsePython(file, text, prev);
      const fresh = parsePython('/virtual/inc/fresh.py', text);
      assert.deepStrictEqual(shape(inc.tree), shape(fresh.tree));
      assert.deepStrictEqual(inc.error, fresh.error);
      forgetPython('/virtual/inc/fresh.py');
      const a = await events({ 'm.py': text });
      const b = await events({ 'other.py': text });
      assert.deepStrictEqual(a, b);
      prev = inc;
    }
  });

  it('a run that keeps no trees (the command line) frees each tree once read, and still lints and re-parses', async () => {
    const { setKeepTrees, syntaxOf } = require(path.join(out, 'parser'));
    const { findings } = require('./python-helpers');
    const kept = await findings({ 'keep/model.py': MODEL });
    setKeepTrees(false);
    try {
      const file = '/virtual/free/model.py';
      forgetPython(file);
      const parsed = parsePython(file, MODEL);
      assert.ok(parsed.tree, 'the tree lives until its syntax is read');
      syntaxOf(parsed);
      assert.strictEqual(parsed.tree, undefined, 'freed once read');
      // A new text of the same file: a whole parse (no tree to edit), the same as a fresh one.
      const next = parsePython(file, MODEL.replace('(10, 1)', '(10, 3)'), parsed);
      const fresh = parsePython('/virtual/free/fresh.py', next.text);
      assert.deepStrictEqual(shape(next.tree), shape(fresh.tree));
      forgetPython(file);
      forgetPython('/virtual/free/fresh.py');
      assert.deepStrictEqual(await findings({ 'free/model.py': MODEL }), kept.map((f) => f.replace('keep/', 'free/')));
      assert.ok(kept.length > 0);
    } finally {
      setKeepTrees(true);
    }
  });

  it('changeBetween on long texts (compared whole chunks at a time) finds the same region as a character scan', () => {
    const naive = (a, b) => {
      let s = 0;
      const min = Math.min(a.length, b.length);
      while (s < min && a[s] === b[s]) s++;
      let k = 0;
      while (k < min - s && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
      return [s, a.length - k, b.length - k];
    };
    let seed = 7;
    const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const base = Array.from({ length: 4000 }, (_, i) => 'abcdefgh\n'[(i * 7) % 9]).join('');
    for (let t = 0; t < 200; t++) {
      const at = rnd(base.length + 1);
      const cut = rnd(t % 3 === 0 ? 1500 : 20);
      const ins = 'xyz\n'.repeat(rnd(4)).slice(0, rnd(9));
      const b = base.slice(0, at) + ins + base.slice(at + cut);
      const e = changeBetween(base, b);
      assert.deepStrictEqual([e.startIndex, e.oldEndIndex, e.newEndIndex], naive(base, b), `edit at ${at}, cut ${cut}, insert ${JSON.stringify(ins)}`);
    }
  });

  it('changeBetween covers exactly the changed region', () => {
    const e = changeBetween('abc\ndef\n', 'abc\ndXf\n');
    assert.deepStrictEqual([e.startIndex, e.oldEndIndex, e.newEndIndex, e.startPosition, e.oldEndPosition], [5, 6, 6, { row: 1, column: 1 }, { row: 1, column: 2 }]);
  });

  it('a syntax error is reported with its position; the intact statements are still analysed', async () => {
    const r = await analyse({ 'bad.py': MODEL + 'def broken(:\n    pass\n' });
    assert.strictEqual(r.problems.length, 1);
    assert.match(r.problems[0].message, /^Parsing error: .* at line 14, column \d+$/);
    assert.strictEqual(r.problems[0].line, 14);
    assert.strictEqual(r.events.filter((e) => e.type === 'loss').length, 1);
    // Two statements run together on one line (a missing newline, a hidden token): placed where
    // the second starts, not at 1:1.
    const g = await analyse({ 'gpu.py': 'import os\n\ndef f():\n    return 2\nimport tensorflow as tf-gpu\n' });
    assert.deepStrictEqual(g.problems.map((p) => [p.message, p.line, p.column]), [["Parsing error: unexpected '-gpu' at line 5, column 24", 5, 24]]);
  });

  it('Python 2 code: what the grammar accepts is analysed silently; an error says Python 2', async () => {
    const py2 = 'import torch\nprint "hello"\ntry:\n    x = 0777\nexcept Exception, e:\n    raise E, "x"\n';
    const ok = await analyse({ 'py2.py': py2 });
    assert.deepStrictEqual(ok.problems, []);
    const bad = await analyse({ 'py2.py': py2 + 'def f(:\n    pass\n' });
    assert.strictEqual(bad.problems.length, 1);
    assert.match(bad.problems[0].message, /^Parsing error: .* at line 7, column \d+ \(Python 2 code is not supported\)$/);
  });

  it('binary text, too-deep nesting and too-large files are skipped with a message', async () => {
    const deep = 'import torch\nx = ' + '('.repeat(500) + '1' + ')'.repeat(500) + '\n';
    const r = await analyse({ 'bin.py': 'import torch\u0000\u0001', 'deep.py': deep });
    assert.deepStrictEqual(r.problems.map((p) => p.message.replace(/\(.*\)/, '(..)')), ['binary file (..), skipped', 'nesting too deep (..), skipped']);
    assert.match(tooDeep('x = 1\n' + '    '.repeat(100) + 'y = 2\n'), /indentation/);
    const { pythonFrontend } = require(path.join(out, 'frontend'));
    const s = pythonFrontend.session({ readFile: () => 'import torch\n' + 'x = 1\n'.repeat(100) }, { maxFileBytes: 100 });
    assert.match(s.analyse('/virtual/big.py').message, /too large/);
  });

  it('tabs and CRLF line ends parse and analyse; tabs among spaces where CPython rejects them are its TabError', async () => {
    const text = MODEL.replace(/\n/g, '\r\n').replace(/^(?: {4})+/gm, (m) => '\t'.repeat(m.length / 4));
    const r = await analyse({ 'crlf.py': text });
    assert.deepStrictEqual(r.problems, []);
    assert.strictEqual(r.events[0].pred.get().act, 'sigmoid');
    // (`\t\treturn` under `    def forward`: CPython's tokenizer stops there, python3 -c "compile(...)".)
    const mixed = await analyse({ 'mixed.py': MODEL.replace(/\n/g, '\r\n').replace(/        return/, '\t\treturn') });
    assert.deepStrictEqual(mixed.problems.map((p) => [p.line, p.message.replace(/ at line.*/, '')]), [[10, 'Parsing error: inconsistent use of tabs and spaces in indentation']]);
  });

  it('mentionsPython: the frameworks as words', () => {
    assert.ok(mentionsPython('import torch.nn as nn'));
    assert.ok(mentionsPython('from tensorflow import keras'));
    assert.ok(!mentionsPython('import torchvision_like_name\nx = mytorch'));
  });

  it('pythonImports: absolute, relative (dots up), dotted, package __init__, submodules', () => {
    const files = new Set(['/w/pkg/__init__.py', '/w/pkg/model.py', '/w/pkg/sub/__init__.py', '/w/pkg/sub/net.py', '/w/models/net.py', '/w/train.py', '/w/utils.py']);
    const exists = (f) => files.has(f);
    assert.deepStrictEqual(pythonImports('/w/train.py', 'from pkg.model import Net\nimport models.net as mn\nfrom utils import *\nimport numpy as np\n', exists).sort(), ['/w/models/net.py', '/w/pkg/model.py', '/w/utils.py']);
    assert.deepStrictEqual(pythonImports('/w/pkg/sub/net.py', 'from ..model import Net\nfrom . import net2\nfrom .. import sub\n', exists).sort(), ['/w/pkg/__init__.py', '/w/pkg/model.py', '/w/pkg/sub/__init__.py']);
    // Absolute imports inside a package also search the folders above, up to the package root.
    assert.deepStrictEqual(pythonImports('/w/pkg/sub/net.py', 'from pkg import model\n', exists), ['/w/pkg/__init__.py', '/w/pkg/model.py']);
    assert.deepStrictEqual(scanImports('from a import (b,\n    c as d)\n'), [{ dots: 0, module: 'a', names: ['b', 'c'] }]);
  });

  it('pythonImports: framework imports are never resolved to workspace files (the interpreter binds their APIs)', () => {
    // A vendored torch/ or a numpy.py in the workspace: `import torch` still binds PyTorch's API, so
    // the file is no import edge, and nothing is looked for on disk for it.
    const files = new Set(['/w/torch/__init__.py', '/w/torch/nn.py', '/w/numpy.py', '/w/train.py', '/w/net.py']);
    const looked = [];
    const exists = (f) => (looked.push(f), files.has(f));
    const text = 'import torch\nimport torch.nn as nn\nfrom torch import nn\nimport numpy as np\nfrom tensorflow.keras import layers\nimport net\n';
    assert.deepStrictEqual(pythonImports('/w/train.py', text, exists), ['/w/net.py']);
    assert.ok(looked.every((f) => !/torch|numpy|tensorflow/.test(f)), looked.join(', '));
    assert.deepStrictEqual(scanImports(text), [{ dots: 0, module: 'net', names: [] }]);
    // A relative import of a folder that happens to be named like a framework is the workspace's.
    assert.deepStrictEqual(scanImports('from .torch import x\n'), [{ dots: 1, module: 'torch', names: ['x'] }]);
  });

  it('pythonImports: a dotted import from a namespace package (no __init__.py) is found in the folders above; a bare name is not', () => {
    const files = new Set(['/w/src/models/net.py', '/w/src/train.py', '/w/scripts/run.py', '/w/utils.py', '/w/a/b/c/d/e/deep.py', '/w/lib/deep.py']);
    const exists = (f) => files.has(f);
    // `python -m src.train` from /w: src/ is a namespace package.
    assert.deepStrictEqual(pythonImports('/w/src/train.py', 'from src.models.net import Net\n', exists), ['/w/src/models/net.py']);
    assert.deepStrictEqual(pythonImports('/w/scripts/run.py', 'import src.models.net as net\n', exists), ['/w/src/models/net.py']);
    // One bare name is only looked for where Python looks (the script's folder): not /w/utils.py.
    assert.deepStrictEqual(pythonImports('/w/src/train.py', 'import utils\nfrom utils import x\n', exists), []);
    // Not searched beyond three folders up.
    assert.deepStrictEqual(pythonImports('/w/a/b/c/d/e/deep.py', 'from lib.deep import x\n', exists), []);
  });

  it('pythonImports: one bare name from a script folder is found as a package (a folder with __init__.py) in the folders above, never as a module file', () => {
    const files = new Set(['/w/models/__init__.py', '/w/models/classifier.py', '/w/trainers/train.py', '/w/utils.py']);
    const exists = (f) => files.has(f);
    // `python trainers/train.py` with the project's root on sys.path (round 30b's re-exporting package).
    assert.deepStrictEqual(pythonImports('/w/trainers/train.py', 'from models import Classifier\n', exists), ['/w/models/__init__.py']);
    assert.deepStrictEqual(pythonImports('/w/trainers/train.py', 'import utils\n', exists), []);
  });
});

describe('python parser: the syntax error reported', () => {
  before(() => initPython());
  const errorOf = (text) => {
    const p = parsePython('/virtual/err.py', text);
    forgetPython('/virtual/err.py');
    return p.error && `${p.error.message} at ${p.error.where}`;
  };

  it("a bracket left open is named where it opens, as CPython says it ('(' was never closed)", () => {
    assert.strictEqual(errorOf('x = 1\nprint((1, 2\ny = 3\n'), "syntax error: '(' was never closed at line 2, column 7");
    // A comment swallows the closing brackets; the loop header above it is sound.
    assert.strictEqual(errorOf('for n in ["a", "b"]:\n    img = zeros(size=(# TODO))\n    print(n)\n'), "syntax error: '(' was never closed at line 2, column 22");
    // Brackets in strings and comments do not count.
    assert.strictEqual(errorOf('s = "(" + \'[\'  # {\nf(s\n'), "syntax error: '(' was never closed at line 2, column 2");
  });

  it('exercise placeholders left open one after the other: the first bracket, not the file\'s header comment (round 12)', () => {
    const text = '# ====\n# exam\n# ====\nimport tensorflow as tf\n\ndef solution():\n    gen = Gen(\n        # your code here)\n\n    val = Gen(# your code)\n\n    flow = gen.flow(\n        # your code)\n    return gen\n';
    assert.strictEqual(errorOf(text), "syntax error: '(' was never closed at line 7, column 14");
    // A header comment before a statement that is broken otherwise is skipped over too.
    assert.match(errorOf('# header\n# more\nimport torch\ndef f(:\n    pass\n'), /at line 4, column/);
  });

  it('an earlier mistake in the same broken region is the one reported (a header without its colon)', () => {
    assert.match(errorOf('def f(x):\n    if x > 0\n        return g(x\n'), /^syntax error: unexpected 'if x > 0' at line 2, column 5$/);
  });
});

/** The first syntax error of `text` parsed alone: "line:column message". */
function errorOf(text) {
  forgetPython('/virtual/placed.py');
  const e = parsePython('/virtual/placed.py', text).error;
  forgetPython('/virtual/placed.py');
  return e && `${e.line}:${e.column} ${e.message}`;
}

describe('python parser: a line that ends with `=`', () => {
  before(() => initPython());

  it('is a syntax error outside brackets (tree-sitter would take the next line as the value)', () => {
    assert.strictEqual(errorOf('import torch\nloss_fn = # YOUR CODE HERE\nnn.BCEWithLogitsLoss()\n'), "2:9 syntax error: nothing follows '=' on its line");
    assert.strictEqual(errorOf('x +=\ny = 3\n'), "1:4 syntax error: nothing follows '=' on its line");
  });

  it('is the error reported when tree-sitter\'s own first error comes later (two blanks in a function: the `return` after them)', () => {
    assert.strictEqual(errorOf('import torch\ndef prep(image, label):\n    image = # fill in: cast\n    image = # fill in: resize\n    return image, label\n'), "3:11 syntax error: nothing follows '=' on its line");
    // An earlier error of tree-sitter's stays the one reported.
    assert.strictEqual(errorOf('x = (1,\ny = 2 $\nz =\n').startsWith('3:'), false);
  });
  it('is the error reported when recovery wraps the whole block with a sound header in one ERROR node (a notebook exercise cell; round 14)', () => {
    const cell = "def build_pair(width=32, depth=3, blocks=4):\n    \"\"\"Makes the encoder and the decoder.\"\"\"\n\n    # Make the two networks\n    encoder = \n    decoder = \n    # and the critic\n    critic = \n    helper = \n\n    # move them to the GPU when there is one\n    if torch.cuda.is_available():\n        dev = torch.device(\"cuda:0\")\n        encoder.to(dev)\n        decoder.to(dev)\n        critic.to(dev)\n        print(\'on the GPU\')\n    else:\n        print(\'on the CPU\')\n\n    return encoder, decoder, critic\n";
    assert.strictEqual(errorOf(cell), "5:13 syntax error: nothing follows '=' on its line");
    // A broken header is the error, whatever follows.
    assert.ok(!errorOf('def f(a=1:\n    x = \n').startsWith('2:'), errorOf('def f(a=1:\n    x = \n'));
  });

  it('is fine inside brackets, after a backslash, in strings and in comments', () => {
    for (const text of ['f(a=\n  1)\n', 'y = \\\n  3\n', 's = """a =\n"""\n', '# c =\nx = 1  # b =\n', 'd = {"k": [\n  x for x in range(3) if x ==\n  1]}\n']) {
      assert.strictEqual(errorOf(text), undefined, text);
    }
  });
});

describe('python parser: where a syntax error is placed', () => {
  before(() => initPython());

  it('after sound statements that error recovery wrapped with the mistake, at the mistake', () => {
    const text = [
      'from keras.layers import Dense',
      'from keras.models import Sequential',
      'import sys',
      '',
      'flag = len(sys.argv) > 1',
      'with open("log.txt") as reader:',
      '    for line in reader:',
      '        flag = False',
      '',
      'if flag:',
      '    pass',
      'else:',
      '',
      '    def build_model(neuron, n)',
      '        model = Sequential()',
      '        for i in range(1, n)',
      '            model.add(Dense(units=neuron))',
      '        return model',
      '',
    ].join('\n');
    const at = errorOf(text);
    assert.ok(at && Number(at.split(':')[0]) >= 14, `placed at ${at}, the def without its colon is line 14`);
  });
});
