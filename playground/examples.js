// The playground's examples, read from the fixtures at build time (never copied by hand): each rule's
// buggy files (fixtures/rules/<rule-id>/bad-*) and the demo project (fixtures/demo/). Which framework an
// example belongs to is decided by FRAMEWORKS below, from the file's extension and text, so the Python
// examples appear once their fixtures exist: adding an example is adding a file.
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');

/**
 * Picker entries, in order. `language` is the editor's highlighting; a framework with no example is
 * not offered. `matches(text)` tells frameworks apart that share an extension.
 */
const FRAMEWORKS = [
  { id: 'tfjs', label: 'TensorFlow.js \u00b7 JavaScript', language: 'javascript', extensions: ['.js', '.mjs', '.cjs', '.jsx'] },
  { id: 'tfjs-ts', label: 'TensorFlow.js \u00b7 TypeScript', language: 'typescript', extensions: ['.ts', '.mts', '.cts', '.tsx'] },
  { id: 'pytorch', label: 'PyTorch \u00b7 Python', language: 'python', extensions: ['.py'], matches: (t) => /^\s*(import torch|from torch\b)/m.test(t) },
  { id: 'keras', label: 'Keras \u00b7 Python', language: 'python', extensions: ['.py'], matches: (t) => /^\s*(import (keras|tensorflow)|from (keras|tensorflow)\b)/m.test(t) },
];

// The fixtures' `// expect: <rule-id>` markers are for the test suite, not for a reader of the example.
function withoutExpectMarkers(text) {
  return text.replace(/[ \t]*(\/\/|#) expect: [\w-]+(, [\w-]+)*[ \t]*$/gm, '');
}

function frameworkOf(file, text) {
  const ext = path.extname(file).toLowerCase();
  return FRAMEWORKS.find((f) => f.extensions.includes(ext) && (!f.matches || f.matches(text)));
}

function readExample(dir, names) {
  const files = names.map((name) => ({ name, text: withoutExpectMarkers(fs.readFileSync(path.join(dir, name), 'utf8')) }));
  const framework = frameworkOf(names[0], files[0].text);
  return framework && files.every((f) => frameworkOf(f.name, f.text) === framework) ? { framework: framework.id, files } : undefined;
}

/**
 * { frameworks: [{id, label, language}], examples: [{id, framework, rule?, title, files: [{name, text}]}] }
 * from `root`/fixtures: the demo project first, then each rule's bad-* files; ruleIds default to the
 * folders of fixtures/rules/, in name order.
 */
function collectExamples(root = REPO, ruleIds = fs.readdirSync(path.join(root, 'fixtures', 'rules')).sort()) {
  const examples = [];
  const demoDir = path.join(root, 'fixtures', 'demo');
  const demoNames = (fs.existsSync(demoDir) ? fs.readdirSync(demoDir) : []).filter((n) => frameworkOf(n, fs.readFileSync(path.join(demoDir, n), 'utf8'))).sort();
  // The demo's entry files first, as a reader would open them.
  demoNames.sort((a, b) => Number(b.startsWith('model')) - Number(a.startsWith('model')));
  const demo = demoNames.length ? readExample(demoDir, demoNames) : undefined;
  if (demo) examples.push({ id: 'demo', title: 'demo project (several files, several rules)', ...demo });
  for (const rule of ruleIds) {
    const dir = path.join(root, 'fixtures', 'rules', rule);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('bad-')).sort()) {
      const example = readExample(dir, [name]);
      if (example) examples.push({ id: `${rule}/${name}`, rule, title: name.replace(/^bad-/, '').replace(/\.\w+$/, '').replace(/-/g, ' '), ...example });
    }
  }
  // Python: the PyTorch files of fixtures/demo-py as one project, and fixtures/python/rules/*/bad_*.py.
  const pyDemoDir = path.join(root, 'fixtures', 'demo-py');
  if (fs.existsSync(pyDemoDir)) {
    const names = fs.readdirSync(pyDemoDir).filter((n) => frameworkOf(n, fs.readFileSync(path.join(pyDemoDir, n), 'utf8'))?.id === 'pytorch').sort((a, b) => Number(b.startsWith('model')) - Number(a.startsWith('model')));
    const demoPy = names.length ? readExample(pyDemoDir, names) : undefined;
    if (demoPy) examples.push({ id: 'demo-py', title: 'PyTorch demo project (several files, several rules)', ...demoPy });
  }
  const pyRules = path.join(root, 'fixtures', 'python', 'rules');
  for (const rule of fs.existsSync(pyRules) ? fs.readdirSync(pyRules).sort() : []) {
    const dir = path.join(pyRules, rule);
    for (const name of fs.readdirSync(dir).filter((n) => n.startsWith('bad_') && n.endsWith('.py')).sort()) {
      const example = readExample(dir, [name]);
      if (example) examples.push({ id: `py/${rule}/${name}`, rule, title: name.replace(/^bad_/, '').replace(/\.py$/, '').replace(/_/g, ' '), ...example });
    }
  }
  const used = new Set(examples.map((e) => e.framework));
  const frameworks = FRAMEWORKS.filter((f) => used.has(f.id)).map(({ id, label, language }) => ({ id, label, language }));
  return { frameworks, examples };
}

module.exports = { collectExamples, FRAMEWORKS };
