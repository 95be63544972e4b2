// IPython syntax in notebook cells (rules/engine/python/ipython.ts): blanked only where IPython sees
// it, at the start of a logical line; Python that happens to start a line with `%` stays Python.
const assert = require('assert');
const { blankIPython } = require('../out/rules/engine/python/ipython');
const { notebookCode } = require('../out/rules/engine/python/notebook');
const { notebookJson } = require('./helpers/notebook');

const blanked = (src) => blankIPython(src).split('\n').map((l, i) => (l.trim() === '' && src.split('\n')[i].trim() !== '' ? i + 1 : 0)).filter(Boolean);

describe('IPython lines in notebook cells', () => {
  it('blanks line magics, shell escapes, assignments from them and help requests, keeping every length', () => {
    const src = '%matplotlib inline\n!pip install torch\nfiles = !ls data\nt = %who_ls\nmodel?\n??model\nx = 1\n';
    assert.deepStrictEqual(blanked(src), [1, 2, 3, 4, 5, 6]);
    assert.strictEqual(blankIPython(src).length, src.length);
  });

  it('a one-line cell of a shell alias (ls, cat, mkdir) is IPython; the same word in a longer cell or assigned is not', () => {
    for (const src of ['ls /data/images/', 'mkdir checkpoints', 'cat labels.txt\n']) assert.strictEqual(blankIPython(src).trim(), '', src);
    for (const src of ['ls = [1, 2]', 'ls\nx = 1', 'cat(1, 2)']) assert.strictEqual(blankIPython(src), src, src);
  });

  it('%time keeps its statement as Python, at the same offsets; %timeit (whose bindings do not last) only reads', () => {
    const src = '%time preds = (model(x) > 0.5).float()\n    %timeit -n 10 -r 3 out = f(x)\n%time\n%time for i in r: f(i)\n';
    const out = blankIPython(src).split('\n');
    assert.strictEqual(out[0], 'if 1: preds = (model(x) > 0.5).float()');
    // (Round 46: what %timeit reads goes to code we do not see; still a statement of its block.)
    assert.strictEqual(out[1].trimEnd(), '    ...(f,x)', 'an indented IPython line is a statement of its block (round 37)');
    assert.strictEqual(out[2].trim(), '');
    // A compound statement cannot follow `if 1:` on its line: code we do not see, given what it reads, binding what it binds.
    assert.strictEqual(out[3].trim(), 'i=...(i,r,f)');
    assert.strictEqual(blankIPython(src).length, src.length);
  });

  it("keeps a '%' that continues a bracketed expression (old-style formatting on the next line)", () => {
    const src = "if not i % 50:\n    print('Epoch: %03d | Cost: %.4f'\n          %(epoch, cost))\n";
    assert.strictEqual(blankIPython(src), src);
  });

  it("keeps '%' lines after a backslash continuation and inside triple-quoted strings", () => {
    const src = 'z = 1 \\\n  %2\ns = """\n%not a magic\n!nor this\n"""\n';
    assert.strictEqual(blankIPython(src), src);
  });

  it('blanks the continuation lines of a shell escape that ends with a backslash', () => {
    const src = '!saved_model_cli show --dir m \\\n    --signature_def serving_default\nx = 1\n';
    assert.deepStrictEqual(blanked(src), [1, 2]);
    // A notebook saved with CRLF line ends.
    assert.deepStrictEqual(blanked(src.replace(/\n/g, '\r\n')), [1, 2]);
    assert.deepStrictEqual(blanked('z = 1 \\\r\n  %2\r\n!ls\r\n'), [3]);
  });

  it("a '?' in a comment or a string is not a help request", () => {
    const src = "print('why?')\nx = 1  # really?\ny = 'a' # or?\n";
    assert.strictEqual(blankIPython(src), src);
  });

  it('a cell magic of another language blanks the whole cell; %%time and %%capture keep Python', () => {
    assert.strictEqual(blankIPython('%%bash\nls -l | wc\n').trim(), '');
    assert.strictEqual(blankIPython('%%writefile model.py\nimport torch\n').trim(), '');
    assert.strictEqual(blankIPython('%%time\nx = f()\n'), '      \nx = f()\n');
    assert.strictEqual(blankIPython('%%capture\nx = f()\n'), '         \nx = f()\n');
    // Bodies that run elsewhere (their own namespace, another process): what they bind never lasts.
    for (const magic of ['%%python', '%%python3', '%%pypy']) assert.strictEqual(blankIPython(`${magic}\nmodel = f()\n`).trim(), '', magic);
    // %%timeit's runs in the notebook's namespace: what it reads is handed to a call of code we do
    // not see (`...`, which no name bound can stand for); what it binds is dropped.
    assert.strictEqual(blankIPython('%%timeit\nmodel = f()\n'), `...(f)${' '.repeat(2)}\n${' '.repeat(11)}\n`);
  });

  it('%run (which runs a script in the notebook\'s namespace) is written as exec(), at the same offsets', () => {
    const src = 'x = 1\n%run prob_model.py\n  %run -i helpers.py\n%run\n';
    const out = blankIPython(src);
    assert.strictEqual(out.length, src.length);
    assert.deepStrictEqual(out.split('\n').map((l) => l.trimEnd()), ['x = 1', 'exec()', '  exec()', '', '']);
  });

  it("an automagic makes a cell of one line IPython (IPython 7+ applies it there only), unless the name is assigned", () => {
    assert.strictEqual(blankIPython('pip install torch\n').trim(), '');
    assert.strictEqual(blankIPython('\ncd data').trim(), '');
    // In a longer cell IPython reads it as Python (a SyntaxError, or `cd /tmp` a NameError).
    assert.strictEqual(blankIPython('pip install torch\nimport torch\n'), 'pip install torch\nimport torch\n');
    assert.strictEqual(blankIPython('cd data\n\n'), 'cd data\n\n');
    assert.strictEqual(blankIPython('time = 3\nprint(time)\n'), 'time = 3\nprint(time)\n');
  });

  it('a notebook whose cells use these parses as Python with every offset mapped', () => {
    const raw = notebookJson([
      ['code', '%matplotlib inline\nimport torch\n'],
      ['code', "for i in range(3):\n    print('%d'\n          % i)\n"],
      ['code', '%%bash\necho (\n'],
    ]);
    const code = notebookCode(raw);
    assert.strictEqual(typeof code, 'object', String(code));
    assert.match(code.text, /print\('%d'\n {10}% i\)/);
    assert.doesNotMatch(code.text, /matplotlib|echo/);
    assert.strictEqual(code.map.length, code.text.length + 1);
  });
});

describe('IPython lines in a linted notebook', () => {
  const { lintProject, initPython } = require('../out/rules');
  before(() => initPython());
  const lintNotebook = (cells) => {
    const file = '/virtual/nb.ipynb';
    const text = notebookJson(cells);
    return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
  };
  const MODEL = 'import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\ncriterion = nn.BCEWithLogitsLoss()\n';

  it('what a %time line binds is read, and a 0.5 threshold in one keeps the sigmoid removal a suggestion', () => {
    const r = lintNotebook([['code', MODEL], ['code', '%time out = model(torch.randn(3, 4))\nloss = criterion(out, torch.ones(3, 1))\n'], ['code', '%time preds = (model(torch.randn(3, 4)) > 0.5).float()\n']]);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['sigmoid-before-logits-loss']);
    assert.strictEqual(r.findings[0].fix, undefined, 'the threshold in the %time line reads the output as a probability');
    assert.ok(r.findings[0].suggestions.length > 0);
  });

  it('a one-line shell alias cell is no parse error', () => {
    const r = lintNotebook([['code', MODEL], ['code', 'ls /data/images/'], ['code', 'loss = criterion(model(torch.randn(3, 4)), torch.ones(3, 1))\n']]);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['sigmoid-before-logits-loss']);
  });
});
