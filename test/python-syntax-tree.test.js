// The interpreter's plain syntax tree (syntax-tree.ts) against web-tree-sitter's own nodes: on every
// Python fixture and on broken code (error and missing nodes), each node has the same type, span,
// named/missing/error flags, text, children, and field children, whether the tree was walked with
// the wasm cursor functions called directly or with the public TreeCursor.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const out = path.join(__dirname, '..', 'out', 'rules', 'engine', 'python');
const { initPython, parsePython, forgetPython, syntaxOf } = require(path.join(out, 'parser'));
const { buildSyntaxTree, lastBuild } = require(path.join(out, 'syntax-tree-build'));
const { execFileSync } = require('child_process');

const FIELDS = ['function', 'name', 'object', 'attribute', 'value', 'body', 'left', 'right', 'arguments', 'consequence', 'alias', 'condition',
  'subscript', 'parameters', 'operator', 'key', 'definition', 'argument', 'alternative', 'superclasses', 'module_name', 'type', 'return_type'];

/** Differences between a plain node and the real one, recursively (first few only). */
function compare(plain, real, where, diffs) {
  if (diffs.length > 5) return;
  // hasError of an ERROR token itself: always true here; tree-sitter's depends on how the token is
  // stored (an inline leaf has no error cost). Its ancestors have errors in both.
  const errorLeaf = real.type === 'ERROR' && real.childCount === 0;
  // (A line continuation is not named in the plain tree: syntax-tree-build.ts namedTable.)
  const named = (n) => n.isNamed && n.type !== 'line_continuation';
  const fact = (n) => `${n.type} ${n.startIndex}-${n.endIndex} named=${named(n)} missing=${n.isMissing} error=${errorLeaf || n.hasError} kids=${n.children.length} named-kids=${n.namedChildren.filter(named).length}`;
  if (fact(plain) !== fact(real)) diffs.push(`${where}: ${fact(plain)} vs ${fact(real)}`);
  if (plain.childCount === 0 && plain.text !== real.text) diffs.push(`${where}: text ${plain.text} vs ${real.text}`);
  for (const f of FIELDS) {
    // tree-sitter's childForFieldName('alternative') on a match_statement returns the first
    // case_clause of its body (a field of the body's hidden rule leaking up), while its
    // childrenForFieldName('alternative') is empty; nothing reads it, the plain tree says null.
    if (f === 'alternative' && plain.type === 'match_statement') continue;
    const a = plain.childForFieldName(f);
    const b = real.childForFieldName(f);
    if ((a && `${a.type}@${a.startIndex}`) !== (b && `${b.type}@${b.startIndex}`)) diffs.push(`${where}: field ${f}`);
    if (plain.childrenForFieldName(f).length !== real.childrenForFieldName(f).length) diffs.push(`${where}: fields ${f}`);
  }
  const n = Math.min(plain.children.length, real.children.length);
  for (let i = 0; i < n; i++) {
    if (plain.children[i].parent !== plain) diffs.push(`${where}/${i}: parent`);
    compare(plain.children[i], real.children[i], `${where}/${i}`, diffs);
  }
}

function pythonFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pythonFiles(p) : e.name.endsWith('.py') ? [p] : [];
  });
}

const BROKEN = {
  'unclosed call': 'x = f(1, 2\ny = 3\n',
  'missing colon': 'def f(x)\n    return x\n',
  'stray tokens': 'model = nn.Sequential(nn.Linear(2, 3)))\nloss = crit(model(x), y) $ 2\n',
  'python 2': 'print "hello"\nexec "code"\n',
};

describe('Python syntax tree (plain objects)', () => {
  before(() => initPython());

  it('calls the wasm cursor functions directly with this web-tree-sitter', () => {
    // In a fresh process: web-tree-sitter keeps the module of its first init, and another test file
    // of this run may have initialised it without initPython (the walk then uses the public cursor).
    const script = `const p = require(${JSON.stringify(path.join(out, 'parser'))}); p.initPython().then(() => console.log(require(${JSON.stringify(path.join(out, 'tree-cursor'))}).directCursor()))`;
    assert.strictEqual(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), 'true');
  });

  const cases = [
    ...pythonFiles(path.join(__dirname, '..', 'fixtures', 'python')).map((f) => [path.relative(path.join(__dirname, '..'), f), fs.readFileSync(f, 'utf8')]),
    ...Object.entries(BROKEN),
  ];
  it(`matches web-tree-sitter's nodes on ${cases.length} files, both walks`, () => {
    let broken = 0;
    for (const [name, text] of cases) {
      if (text.includes('\u0000')) continue;
      const parsed = parsePython(`/virtual/${name}`, text);
      if (parsed.error) broken++;
      for (const root of [syntaxOf(parsed), buildSyntaxTree(parsed.tree, text, true)]) {
        const diffs = [];
        compare(root, parsed.tree.rootNode, name, diffs);
        assert.deepStrictEqual(diffs, [], name);
      }
      forgetPython(`/virtual/${name}`);
    }
    assert.ok(broken >= Object.keys(BROKEN).length, `only ${broken} files with syntax errors`);
  });

  it('descendantsOfType includes the node itself, in document order, as tree-sitter does', async () => {
    const text = 'a = b = 1\nfor i in x:\n    c = i\n';
    const parsed = parsePython('/virtual/desc.py', text);
    const types = ['assignment', 'identifier', 'for_statement'];
    const spans = (nodes) => nodes.map((n) => `${n.type}@${n.startIndex}`);
    const root = syntaxOf(parsed);
    assert.deepStrictEqual(spans(root.descendantsOfType(types)), spans(parsed.tree.rootNode.descendantsOfType(types)));
    const id = root.descendantsOfType('identifier')[0];
    assert.deepStrictEqual(spans(id.descendantsOfType('identifier')), ['identifier@0']);
    forgetPython('/virtual/desc.py');
  });


  it('descendantsOfType finds ERROR nodes and aliased types as tree-sitter does; identifiersNamed matches by spelling', () => {
    // `1 ? t` gives an ERROR node; keyword identifiers and `match` soft keywords are aliases.
    const text = 'import torch as t\na = 1 ? t\nmatch = t.sigmoid(match_x)\nmatch(x)\nt = tt + t_ + t\n';
    const parsed = parsePython('/virtual/ids.py', text);
    const root = syntaxOf(parsed);
    const spans = (nodes) => nodes.map((n) => `${n.type}@${n.startIndex}`);
    for (const types of ['ERROR', 'identifier', ['call', 'attribute', 'identifier'], 'keyword_identifier']) {
      assert.deepStrictEqual(spans(root.descendantsOfType(types)), spans(parsed.tree.rootNode.descendantsOfType(types)), String(types));
    }
    assert.ok(root.descendantsOfType('ERROR').length > 0, 'the stray ? is an ERROR');
    const named = (name) => spans(root.identifiersNamed(name));
    const byText = (name) => spans(root.descendantsOfType('identifier').filter((n) => n.text === name));
    for (const name of ['t', 'match', 'match_x', 'tt', 't_', 'x', 'torch', 'nothing']) assert.deepStrictEqual(named(name), byText(name), name);
    assert.strictEqual(named('t').length, 5);
    forgetPython('/virtual/ids.py');
  });
  it('after an edit, copies the statements it did not touch and still matches the new tree', () => {
    const file = '/virtual/edits.py';
    const lines = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'python', 'projects', 'torch-flat-import', 'train.py'), 'utf8').split('\n');
    const mid = Math.floor(lines.length / 2);
    const edits = [
      ['a comment mid-file', (l) => [...l.slice(0, mid), '# note', ...l.slice(mid)]],
      ['a number inside a statement', (l) => l.map((s) => s.replace(/\b1\b/, '2'))],
      ['a statement appended', (l) => [...l, 'extra = torch.sigmoid(out)']],
      ['the first line removed', (l) => l.slice(1)],
      ['text typed at the very start', (l) => ['import os', ...l]],
      ['a syntax error', (l) => [...l.slice(0, mid), 'x = (', ...l.slice(mid)]],
      ['the error fixed', (l) => l.filter((s) => s !== 'x = (')],
      ['an indented line in a block', (l) => l.map((s, i) => (i === l.findIndex((t) => /^\s+\S/.test(t)) ? `${s}  # typed` : s))],
    ];
    let current = lines;
    syntaxOf(parsePython(file, current.join('\n')));
    let copiedSome = 0;
    for (const [what, edit] of edits) {
      current = edit(current);
      const text = current.join('\n');
      const parsed = parsePython(file, text);
      const root = syntaxOf(parsed);
      if (lastBuild.copied > 0) copiedSome++;
      const diffs = [];
      compare(root, parsed.tree.rootNode, what, diffs);
      assert.deepStrictEqual(diffs, [], what);
      assert.strictEqual(root.text, text);
    }
    // Every edit but the syntax error (a broken tree is walked whole) and its fix copies statements.
    assert.strictEqual(copiedSome, edits.length - 2);
    forgetPython(file);
  });

  it('through 60 seeded random edits of a model file, the moved node objects match a fresh parse and the findings a fresh run', () => {
    const { lintProject } = require(path.join(out, '..', '..', 'index'));
    const { createRandom } = require('../bench/random');
    const rng = createRandom(2026);
    const file = '/virtual/random-edits.py';
    const fresh = '/virtual/random-edits-fresh.py';
    let lines = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'python', 'projects', 'torch-flat-import', 'train.py'), 'utf8').split('\n');
    const extra = ['x = 1', '# a note', 'pred = (out > 0.5).float()', 'def helper(a):', '    return a', '', 'y = torch.sigmoid(out)'];
    const findings = (f, text) => lintProject([f], {}, { readFile: (g) => (g === f ? text : undefined) }).findings.map((x) => `${x.ruleId}@${x.location.start}`);
    findings(file, lines.join('\n'));
    for (let k = 0; k < 60; k++) {
      const at = rng.int(0, lines.length);
      const op = rng.int(0, 3);
      if (op === 0) lines = [...lines.slice(0, at), rng.pick(extra), ...lines.slice(at)];
      else if (op === 1 && lines.length > 5) lines = [...lines.slice(0, at), ...lines.slice(at + 1)];
      else lines = lines.map((l, i) => (i === at ? `${l}  # edited ${k}` : l));
      const text = lines.join('\n');
      const got = findings(file, text);
      forgetPython(fresh);
      assert.deepStrictEqual(got, findings(fresh, text).map((x) => x), `edit ${k}`);
      const parsed = parsePython(file, text);
      const diffs = [];
      compare(syntaxOf(parsed), parsed.tree.rootNode, `edit ${k}`, diffs);
      assert.deepStrictEqual(diffs, [], `edit ${k}`);
    }
    forgetPython(file);
    forgetPython(fresh);
  });

  it('is built once per parse', () => {
    const parsed = parsePython('/virtual/once.py', 'x = 1\n');
    assert.strictEqual(syntaxOf(parsed), syntaxOf(parsed));
    forgetPython('/virtual/once.py');
  });
});

describe('Python syntax tree: node objects after a run', () => {
  const { lintProject } = require(path.join(out, '..', '..', 'index'));
  const { setKeepTrees } = require(path.join(out, 'parser'));
  before(() => initPython());
  after(() => setKeepTrees(true));
  const file = '/virtual/release.py';
  const text = 'import torch\nfrom torch import nn\nmodel = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())\n\nloss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))\n';
  const lint = (t) => lintProject([file], {}, { readFile: (f) => (f === file ? t : undefined) });

  it('a run that keeps no trees (the command line) lets the node objects go when it ends; the tree stays, same shape', () => {
    setKeepTrees(false);
    forgetPython(file);
    const r = lint(text);
    assert.strictEqual(r.findings.length, 1);
    const parsed = parsePython(file, text); // the run's parse, from the cache
    const root = parsed.syntax;
    assert.ok(root, 'the run built the syntax tree');
    assert.strictEqual(root.named, undefined, 'the root keeps no list of child objects after the run');
    const again = root.namedChildren;
    assert.deepStrictEqual(again.map((n) => [n.type, n.startIndex]), [['import_statement', 0], ['import_from_statement', 13], ['expression_statement', 34], ['expression_statement', 88]]);
    assert.strictEqual(again[2].parent, root, 'the root object is the same one');
    // Within a run the objects are stable; releasing makes new ones on demand.
    const kept = root.namedChildren[1];
    assert.strictEqual(root.namedChildren[1], kept);
    forgetPython(file);
  });

  it('where trees are kept (the language server), an edit moves the untouched statements\' node objects to the new tree, at their new offsets', () => {
    setKeepTrees(true);
    forgetPython(file);
    assert.strictEqual(lint(text).findings.length, 1);
    const before = parsePython(file, text).syntax;
    const [imp, from, model, loss] = before.namedChildren;
    const call = loss.descendantsOfType('call')[0];
    // A line typed between the model and the loss: three statements before it, one after it (a
    // statement that starts where the edit ends is walked again: the edit may extend it).
    const edited = text.replace('\n\nloss =', '\nx = 1\n\nloss =');
    const r = lint(edited);
    assert.strictEqual(r.findings.length, 1);
    assert.strictEqual(r.findings[0].location.line, 6, 'the finding moved with its statement');
    const parsed = parsePython(file, edited);
    const root = parsed.syntax;
    assert.strictEqual(root, before, 'the root object too, with the new text');
    assert.strictEqual(root.text, edited);
    const now = root.namedChildren;
    assert.deepStrictEqual(now.map((n) => n.type), ['import_statement', 'import_from_statement', 'expression_statement', 'expression_statement', 'expression_statement']);
    assert.strictEqual(now[0], imp);
    assert.strictEqual(now[1], from);
    assert.strictEqual(now[2], model);
    assert.strictEqual(now[4], loss, 'the statement after the edit is the same object');
    assert.notStrictEqual(now[3], loss);
    assert.strictEqual(loss.startIndex, edited.indexOf('loss ='));
    assert.strictEqual(loss.text, edited.slice(loss.startIndex, loss.endIndex));
    assert.strictEqual(loss.parent, root);
    assert.strictEqual(loss.descendantsOfType('call')[0], call, 'its descendants moved too');
    assert.strictEqual(call.startIndex, edited.indexOf('nn.BCEWithLogitsLoss'));
    // The moved objects read the new tree: the same facts as web-tree-sitter's nodes of the new text.
    const diffs = [];
    compare(root, parsed.tree.rootNode, 'edited', diffs);
    assert.deepStrictEqual(diffs, []);
    forgetPython(file);
  });
});
