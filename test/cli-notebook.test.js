// Notebooks through the CLI: stylish and json name the cell as Ruff does (`cell 5:5:12`), the
// review formats keep the .ipynb line; --fix rewrites only the cell's changed characters and the
// notebook still validates with nbformat; notebooks we cannot read are one line each on stderr.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runCli, useProjects, git } = require('./cli-helpers');
const { assertValidNotebooks } = require('./helpers/nbformat');
const { notebookJson } = require('./helpers/notebook');

const RULES = path.join(__dirname, '..', 'fixtures', 'python', 'rules');
const CROSS = fs.readFileSync(path.join(RULES, 'sigmoid-before-logits-loss', 'bad_nb_torch_model_cell2_loss_cell5.ipynb'), 'utf8');
const STRING_SOURCE = fs.readFileSync(path.join(RULES, 'softmax-before-logits-loss', 'bad_nb_keras_softmax_from_logits.ipynb'), 'utf8');
const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('cli: notebooks', () => {
  const project = useProjects();

  it("Jupyter's .ipynb_checkpoints copies are not linted (each finding would be reported twice)", () => {
    const dir = project({ 'train.ipynb': CROSS, '.ipynb_checkpoints/train-checkpoint.ipynb': CROSS });
    const r = runCli(['--no-config', '--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout).map((f) => path.relative(dir, f.filePath)), ['train.ipynb']);
  });

  it('stylish and json give the cell, its line and column; sarif, github, rdjson and markdown the line of the .ipynb', () => {
    const dir = project({ 'train.ipynb': CROSS });
    const stylish = runCli(['--no-config', 'train.ipynb'], { cwd: dir });
    assert.strictEqual(stylish.code, 1, stylish.stderr);
    // Cell 5 (two markdown cells count), line 5 of the cell, column 12: `criterion(model(X), y)`.
    assert.match(stylish.stdout, /^ {2}cell 5:5:12 {2}error {2}nn\.BCEWithLogitsLoss expects logits/m);
    // The message names the sigmoid's cell too (every format carries it).
    assert.match(stylish.stdout, /already went through sigmoid \(cell 2, line 8\)\./);
    const [entry] = JSON.parse(runCli(['--no-config', '-f', 'json', 'train.ipynb'], { cwd: dir }).stdout);
    const [m] = entry.messages;
    const rawLine = lineOf(CROSS, 'loss = criterion(model(X), y)');
    assert.deepStrictEqual(
      { line: m.line, cell: m.cell, cellLine: m.cellLine, cellColumn: m.cellColumn, cellEndLine: m.cellEndLine, cellEndColumn: m.cellEndColumn },
      { line: rawLine, cell: 5, cellLine: 5, cellColumn: 12, cellEndLine: 5, cellEndColumn: 34 },
    );
    const github = runCli(['--no-config', '-f', 'github', 'train.ipynb'], { cwd: dir }).stdout;
    assert.match(github, new RegExp(`file=train\\.ipynb,line=${rawLine},`));
    const sarif = JSON.parse(runCli(['--no-config', '-f', 'sarif', 'train.ipynb'], { cwd: dir }).stdout);
    assert.strictEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, rawLine);
    const rdjson = JSON.parse(runCli(['--no-config', '-f', 'rdjson', 'train.ipynb'], { cwd: dir }).stdout);
    assert.strictEqual(rdjson.diagnostics[0].location.range.start.line, rawLine);
    assert.match(runCli(['--no-config', '-f', 'markdown', 'train.ipynb'], { cwd: dir }).stdout, new RegExp(`\\| \`train\\.ipynb\` \\| ${rawLine} \\|`));
  });

  it('--fix removes the sigmoid in cell 2 for the loss in cell 5: one line of the file changes, nbformat loads it', () => {
    const dir = project({ 'train.ipynb': CROSS, 'other.ipynb': STRING_SOURCE });
    const dry = runCli(['--no-config', '--fix-dry-run', 'train.ipynb'], { cwd: dir });
    assert.match(dry.stdout, /^-\s+"\s+nn\.Sigmoid\(\),\\n",$/m, dry.stdout);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'train.ipynb'), 'utf8'), CROSS, '--fix-dry-run writes nothing');
    const r = runCli(['--no-config', '--fix', 'train.ipynb'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /applied 1 fix to 1 file/);
    const fixed = fs.readFileSync(path.join(dir, 'train.ipynb'), 'utf8');
    const before = CROSS.split('\n');
    assert.deepStrictEqual(fixed.split('\n'), before.filter((l) => !l.includes('nn.Sigmoid()')));
    const cell2 = JSON.parse(fixed).cells[1].source;
    assert.deepStrictEqual(cell2.slice(-2), ['    nn.Linear(32, 1),\n', ')']);
    assertValidNotebooks([path.join(dir, 'train.ipynb')]);
  });

  it('--fix on every notebook fixture: only lines of the fixed cells change, and every notebook loads with nbformat', () => {
    const files = {};
    for (const rule of fs.readdirSync(RULES)) {
      for (const f of fs.readdirSync(path.join(RULES, rule)).filter((n) => n.endsWith('.ipynb'))) files[f] = fs.readFileSync(path.join(RULES, rule, f), 'utf8');
    }
    const dir = project(files);
    const r = runCli(['--no-config', '--fix', '-f', 'json', '.'], { cwd: dir });
    assert.match(r.stderr, /applied 7 fixes to 7 files/);
    // What remains has no safe fix: argmax over one unit, a flattening argmax (suggestions only).
    assert.deepStrictEqual(JSON.parse(r.stdout).flatMap((f) => f.messages.map((m) => m.ruleId)).sort(), ['argmax-batch-axis', 'argmax-single-unit']);
    for (const [name, before] of Object.entries(files)) {
      // The lines between the common head and tail of the file, before and after.
      const [a, b] = [before.split('\n'), fs.readFileSync(path.join(dir, name), 'utf8').split('\n')];
      let head = 0;
      while (head < a.length && a[head] === b[head]) head++;
      let tail = 0;
      while (tail < Math.min(a.length, b.length) - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      const changed = [...a.slice(head, a.length - tail), ...b.slice(head, b.length - tail)];
      assert.ok(changed.every((l) => /^ {3,4}"/.test(l)), `${name}: only source lines change\n${changed.join('\n')}`);
    }
    assertValidNotebooks(Object.keys(files).map((f) => path.join(dir, f)));
  });

  it('--fix keeps a string `source` a string, and changes only the characters fixed', () => {
    const dir = project({ 'flowers.ipynb': STRING_SOURCE });
    const r = runCli(['--no-config', '--fix', 'flowers.ipynb'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr + r.stdout);
    const fixed = fs.readFileSync(path.join(dir, 'flowers.ipynb'), 'utf8');
    assert.strictEqual(typeof JSON.parse(fixed).cells[3].source, 'string');
    assert.strictEqual(fixed, STRING_SOURCE.replace('from_logits=True', 'from_logits=False'));
    assertValidNotebooks([path.join(dir, 'flowers.ipynb')]);
  });

  it('--changed-since keeps a finding in a notebook when its line of the .ipynb changed, and only then', () => {
    const dir = project({ 'train.ipynb': CROSS });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    const write = (from, to) => fs.writeFileSync(path.join(dir, 'train.ipynb'), CROSS.replace(from, to));
    write('lr=1e-3', 'lr=1e-2'); // cell 5, another line
    assert.strictEqual(runCli(['--no-config', '--changed-since', 'HEAD', '-f', 'json', '.'], { cwd: dir }).stdout.includes('sigmoid-before-logits-loss'), false);
    write('criterion(model(X), y)', 'criterion(model(X), y.float())');
    const [entry] = JSON.parse(runCli(['--no-config', '--changed-since', 'HEAD', '-f', 'json', '.'], { cwd: dir }).stdout);
    assert.deepStrictEqual(entry.messages.map((m) => [m.ruleId, m.cell, m.cellLine]), [['sigmoid-before-logits-loss', 5, 5]]);
  });

  it('a notebook follows the module it imports, also through --cache: editing model.py re-lints the notebook', () => {
    const nb = notebookJson([['code', 'import torch\nfrom model import make\n'], ['code', 'net = make()\nloss = torch.nn.BCEWithLogitsLoss()(net(torch.randn(2, 4)), torch.ones(2, 1))\n']]);
    const model = (head) => `import torch.nn as nn\n\ndef make():\n    return nn.Sequential(nn.Linear(4, 1)${head})\n`;
    const dir = project({ 'train.ipynb': nb, 'model.py': model('') });
    const run = () => runCli(['--no-config', '--cache', '--cache-location', path.join(dir, '.cache'), '-f', 'json', '.'], { cwd: dir });
    const rules = (r) => JSON.parse(r.stdout).flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:cell ${m.cell}:${m.ruleId}`));
    assert.deepStrictEqual(rules(run()), []);
    fs.writeFileSync(path.join(dir, 'model.py'), model(', nn.Sigmoid()'));
    assert.deepStrictEqual(rules(run()), ['train.ipynb:cell 2:sigmoid-before-logits-loss']);
  });

  it('a cell with a syntax error is reported and skipped alone, as Jupyter runs it: the cells after it are linted', () => {
    const cells = [
      ['code', 'import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())'],
      ['markdown', 'Half-typed code below.'],
      ['code', 'x = torch.randn(2, 4)\nprint((1, 2'],
      ['code', 'loss_fn = nn.BCEWithLogitsLoss()\nloss = loss_fn(model(torch.randn(2, 4)), torch.ones(2, 1))'],
    ];
    const dir = project({ 'a.ipynb': notebookJson(cells), 'joined.py': cells.filter((c) => c[0] === 'code').map((c) => c[1] + '\n').join('') });
    const [nb, py] = JSON.parse(runCli(['--no-config', '-f', 'json', 'a.ipynb', 'joined.py'], { cwd: dir }).stdout);
    assert.deepStrictEqual(
      nb.messages.map((m) => [m.ruleId, m.cell, m.cellLine]),
      [[null, 3, 2], ['sigmoid-before-logits-loss', 4, 2]],
    );
    assert.match(nb.messages[0].message, /^Parsing error: '\(' was never closed at cell 3, line 2, column 7 \(this cell is not analysed\)$/);
    // The same code as one .py file is one program: the unclosed bracket swallows the loss.
    assert.deepStrictEqual(py.messages.map((m) => m.ruleId), [null]);
  });

  it('an empty language_info.name (some exports) leaves the kernel to say the notebook is Python', () => {
    const metadata = { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: '' } };
    const dir = project({ 'a.ipynb': notebookJson([['code', 'from torch import nn\nm = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\nl = nn.BCEWithLogitsLoss()(m(x), y)']], { metadata }) });
    const r = runCli(['--no-config', '-f', 'json', 'a.ipynb'], { cwd: dir });
    assert.strictEqual(r.stderr, '');
    assert.deepStrictEqual(JSON.parse(r.stdout)[0].messages.map((m) => m.ruleId), ['sigmoid-before-logits-loss']);
  });

  it('a markdown cell is decoded without a map of its characters (a pasted 20 MB image cost seconds)', () => {
    const image = `![x](data:image/png;base64,${'A'.repeat(2_000_000)})`;
    const raw = notebookJson([['markdown', image], ['code', 'from torch import nn\nm = nn.Linear(4, 1)']]);
    const { notebookCode, decodeValue } = require('../out/rules/engine/python/notebook');
    const at = raw.indexOf('"source": ') + '"source": '.length;
    assert.strictEqual(decodeValue(raw, at, false).map.length, 0);
    assert.strictEqual(decodeValue(raw, at).map.length, image.length);
    const code = notebookCode(raw);
    assert.deepStrictEqual([code.cells.length, code.text], [1, 'from torch import nn\nm = nn.Linear(4, 1)\n']);
  });

  it('broken JSON is a parsing error; an R, Julia or Swift notebook and nbformat 3 are one line each; the other files are linted', () => {
    const meta = (language, name) => ({ kernelspec: { display_name: language, language, name }, language_info: { name: language } });
    const other = (language, name, src) => JSON.stringify({ cells: [{ cell_type: 'code', execution_count: 1, id: 'a1', metadata: {}, outputs: [], source: [src] }], metadata: meta(language, name), nbformat: 4, nbformat_minor: 5 }, null, 1);
    const dir = project({
      'broken.ipynb': CROSS.slice(0, CROSS.indexOf('nn.Linear(12')), // cut after `import torch`
      'r.ipynb': other('R', 'ir', "library(keras)\nmodel %>% compile(loss = 'binary_crossentropy')\n"),
      'julia.ipynb': other('julia', 'julia-1.10', 'using Flux  # not torch, not keras\n'),
      // A kernel named swift, its language said nowhere else (round 15: parsed as Python).
      'swift.ipynb': JSON.stringify({ cells: [{ cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: ['import TensorFlow  // swift for tensorflow\nlet x = Tensor<Float>([1])\n'] }], metadata: { kernelspec: { display_name: 'Swift', name: 'swift' } }, nbformat: 4, nbformat_minor: 0 }),
      'v3.ipynb': JSON.stringify({ metadata: { name: 'old' }, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells: [{ cell_type: 'code', input: ['import torch\n'], language: 'python', outputs: [] }], metadata: {} }] }),
      'train.ipynb': CROSS,
    });
    const r = runCli(['--no-config', '.'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /cell 5:5:12/);
    const lines = r.stderr.trim().split('\n').sort();
    assert.strictEqual(lines.length, 4, r.stderr);
    // Broken JSON is a broken file (session 40): a parsing error where the JSON stops, in the report.
    assert.match(r.stdout, /broken\.ipynb\n\s+(\d+):(\d+)\s+error\s+Parsing error: not a valid notebook \(JSON: .*\) at line \1, column \2/);
    assert.match(lines[0], /^logit-lint: julia\.ipynb: notebook language is julia \(its metadata\), not Python; skipped$/);
    assert.match(lines[1], /^logit-lint: r\.ipynb: notebook language is R \(its metadata\), not Python; skipped$/);
    assert.match(lines[2], /^logit-lint: swift\.ipynb: notebook kernel is swift \(its metadata\), not Python; skipped$/);
    assert.match(lines[3], /^logit-lint: v3\.ipynb: nbformat 3 notebook \(worksheets\) not supported, skipped; convert it with: jupyter nbconvert --to notebook --nbformat 4$/);
  });
});
