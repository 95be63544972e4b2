// Inventory of the Python fixtures (fixtures/python/, fixtures/demo-py/): enough buggy and clean files
// per rule, every file parses with tree-sitter-python (except fixtures/python/bad-input/), and every
// `# expect:` names a known rule and sits in a real comment. It does not lint them: the test that demands
// exactly the expected findings comes with the Python frontend.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { ROOT, PY_EXTS, listFiles, expectedOf } = require('./helpers/fixtures');

const PY_ROOT = path.join(ROOT, 'python');
const RULES_DIR = path.join(PY_ROOT, 'rules');
const BAD_INPUT = path.join(PY_ROOT, 'bad-input');
const DEMO = path.join(ROOT, 'demo-py');
const DOCS = path.join(__dirname, '..', 'rules', 'docs');
const WASM = path.join(__dirname, '..', 'node_modules', 'tree-sitter-python', 'tree-sitter-python.wasm');

const RULE_IDS = [
  'sigmoid-before-logits-loss',
  'softmax-before-logits-loss',
  'logits-into-probability-loss',
  'argmax-single-unit',
  'argmax-batch-axis',
  'softmax-single-unit',
  'threshold-logits',
  'categorical-loss-single-unit',
  'accuracy-metric-on-logits',
  'swapped-loss-arguments',
  'nll-loss-input',
  'zero-threshold-on-probabilities',
];
const MIN_BUGGY = 6;
const MIN_CLEAN = 4;

const rel = (f) => path.relative(ROOT, f);
const ruleOf = (entry) => entry.slice(entry.indexOf(':') + 1);
const isBinary = (file) => fs.readFileSync(file).includes(0);
const allPython = () => [...listFiles(PY_ROOT, PY_EXTS), ...listFiles(DEMO, PY_EXTS)];
const isBadInput = (file) => file.startsWith(BAD_INPUT + path.sep);

let parser;
before(async function () {
  this.timeout(20000);
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init();
  const lang = await Language.load(WASM);
  parser = new Parser();
  parser.setLanguage(lang);
});

/** Line numbers (1-based) of comment nodes whose text contains `expect:`. */
function expectCommentLines(tree) {
  const lines = new Set();
  const walk = (node) => {
    if (node.type === 'comment') {
      if (/expect:/.test(node.text)) lines.add(node.startPosition.row + 1);
      return;
    }
    for (const child of node.children) walk(child);
  };
  walk(tree.rootNode);
  return lines;
}

describe('python fixtures: inventory per rule', () => {
  it('has a folder for each rule and no folder for an unknown rule', () => {
    const dirs = fs.readdirSync(RULES_DIR).filter((d) => fs.statSync(path.join(RULES_DIR, d)).isDirectory());
    assert.deepStrictEqual(dirs.sort(), [...RULE_IDS].sort());
  });

  for (const rule of RULE_IDS) {
    it(`${rule}: >= ${MIN_BUGGY} files expecting it and >= ${MIN_CLEAN} files expecting nothing`, () => {
      const files = listFiles(path.join(RULES_DIR, rule), PY_EXTS);
      const buggy = files.filter((f) => expectedOf(f).some((e) => ruleOf(e) === rule));
      const clean = files.filter((f) => expectedOf(f).length === 0);
      assert.ok(buggy.length >= MIN_BUGGY, `${rule}: ${buggy.length} buggy files`);
      assert.ok(clean.length >= MIN_CLEAN, `${rule}: ${clean.length} clean files`);
    });

    it(`${rule}: file names say bad_/clean_ and agree with the expectations`, () => {
      for (const f of listFiles(path.join(RULES_DIR, rule), PY_EXTS)) {
        const name = path.basename(f);
        const expected = expectedOf(f);
        if (name.startsWith('clean_')) assert.deepStrictEqual(expected, [], `${rel(f)} is clean_ but expects findings`);
        else if (name.startsWith('bad_')) assert.ok(expected.some((e) => ruleOf(e) === rule), `${rel(f)} does not expect ${rule}`);
        else assert.fail(`${rel(f)}: name must start with bad_ or clean_`);
      }
    });
  }

  it('each clean rule fixture starts with a comment saying why it is clean', () => {
    for (const f of listFiles(RULES_DIR, PY_EXTS).filter((x) => path.basename(x).startsWith('clean_'))) {
      const first = fs.readFileSync(f, 'utf8').split('\n')[0];
      assert.match(first, /^# Clean: \S/, rel(f));
    }
  });

  it('the multi-file projects and the demo each expect at least one finding', () => {
    const projects = path.join(PY_ROOT, 'projects');
    const dirs = fs.readdirSync(projects).map((d) => path.join(projects, d)).filter((d) => fs.statSync(d).isDirectory());
    assert.ok(dirs.length >= 3, 'at least three Python projects');
    for (const dir of [...dirs, DEMO]) {
      const files = listFiles(dir, PY_EXTS);
      assert.ok(files.length >= 2, `${rel(dir)} has several files`);
      assert.ok(files.some((f) => expectedOf(f).length > 0), `${rel(dir)} expects nothing`);
    }
  });
});

describe('python fixtures: every expect names a known rule', () => {
  for (const file of allPython().filter((f) => !isBinary(f))) {
    it(rel(file), () => {
      for (const e of expectedOf(file)) assert.ok(RULE_IDS.includes(ruleOf(e)), `${rel(file)}: unknown rule in ${e}`);
      // Every line that mentions `expect:` must be read by the helper (no `// expect:`, no typo'd form).
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/expect:/.test(line)) {
          assert.ok(expectedOf(file).some((e) => e.startsWith(`${i + 1}:`)), `${rel(file)}:${i + 1}: malformed expect comment`);
        }
      });
    });
  }

  it('every rule id has a docs page', () => {
    for (const id of RULE_IDS) assert.ok(fs.existsSync(path.join(DOCS, `${id}.md`)), `rules/docs/${id}.md`);
  });
});

describe('python fixtures: parse with tree-sitter-python', () => {
  for (const file of allPython().filter((f) => !isBadInput(f))) {
    it(rel(file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const tree = parser.parse(text);
      try {
        assert.strictEqual(tree.rootNode.hasError, false, `${rel(file)} has a syntax error`);
        // Each `# expect:` is a real comment (not text inside a string).
        const commentLines = expectCommentLines(tree);
        for (const e of expectedOf(file)) {
          const line = Number(e.slice(0, e.indexOf(':')));
          assert.ok(commentLines.has(line), `${rel(file)}:${line}: expect is not in a comment`);
        }
      } finally {
        tree.delete();
      }
    });
  }

  it('bad-input holds the expected pathological files, all small', () => {
    const names = fs.readdirSync(BAD_INPUT).filter((n) => n.endsWith('.py')).sort();
    assert.deepStrictEqual(names, [
      'binary_with_nul.py',
      'deep_nesting.py',
      'python2_print.py',
      'syntax_error_after_finding.py',
      'tabs_spaces_mix.py',
    ]);
    for (const n of names) assert.ok(fs.statSync(path.join(BAD_INPUT, n)).size < 20 * 1024, n);
    assert.ok(isBinary(path.join(BAD_INPUT, 'binary_with_nul.py')), 'binary_with_nul.py holds a NUL byte');
  });

  it('the damaged file does not parse cleanly; the Python 2 file does (tree-sitter-python accepts print statements)', () => {
    const damaged = parser.parse(fs.readFileSync(path.join(BAD_INPUT, 'syntax_error_after_finding.py'), 'utf8'));
    const py2 = parser.parse(fs.readFileSync(path.join(BAD_INPUT, 'python2_print.py'), 'utf8'));
    try {
      assert.strictEqual(damaged.rootNode.hasError, true, 'syntax_error_after_finding.py');
      // tree-sitter-python keeps Python 2 forms in its grammar: `print "x"` is a print_statement and
      // `except E, e:` an except_clause, with no ERROR node. A frontend that wants to call the file
      // "not Python 3" must look for print_statement / exec_statement itself.
      assert.strictEqual(py2.rootNode.hasError, false, 'python2_print.py');
      assert.ok(py2.rootNode.descendantsOfType('print_statement').length > 0, 'python2_print.py has print_statement nodes');
    } finally {
      damaged.delete();
      py2.delete();
    }
  });

  it('the damaged file expects its finding only above the syntax error', () => {
    const file = path.join(BAD_INPUT, 'syntax_error_after_finding.py');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const damaged = lines.findIndex((l) => /^\s+if x\.sum\(\) > 0$/.test(l)) + 1;
    assert.ok(damaged > 0, 'the damaged line is where the header says');
    assert.ok(expectedOf(file).length === 1, 'one expected finding');
    for (const e of expectedOf(file)) assert.ok(Number(e.split(':')[0]) < damaged, e);
  });

  it('every Python fixture outside bad-input is under 20 KB', () => {
    for (const f of allPython()) assert.ok(fs.statSync(f).size < 20 * 1024, rel(f));
  });
});
