// Reads fixture files and the diagnostics they expect (`// expect: rule-id[, rule-id]` on the line
// where a finding starts; `# expect: rule-id[, rule-id]` in Python files).
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..', 'fixtures');
const EXTS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts', '.html', '.htm', '.vue', '.svelte'];
const PY_EXTS = ['.py', '.pyi'];
/** Notebooks: `# expect:` inside a cell's line is found on that line of the .ipynb file. */
const NB_EXTS = ['.ipynb'];

/** Fixture files below dir with one of exts (the JS/TS family by default; pass PY_EXTS for Python). */
function listFiles(dir, exts = EXTS) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, exts));
    else if (exts.includes(path.extname(e.name))) out.push(p);
  }
  return out.sort();
}

/** ["12:rule-id", ...] sorted, from the file's expect comments. */
function expectedOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const out = [];
  const python = PY_EXTS.includes(path.extname(file)) || NB_EXTS.includes(path.extname(file));
  text.split('\n').forEach((line, i) => {
    const re = python
      ? /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g
      : /(?:\/\/|\/\*)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;
    let m;
    while ((m = re.exec(line))) for (const id of m[1].split(/\s*,\s*/)) out.push(`${i + 1}:${id}`);
  });
  return out.sort();
}

function actualOf(findings, file) {
  return findings.filter((f) => f.location.file === file).map((f) => `${f.location.line}:${f.ruleId}`).sort();
}

/** Lints `files` as one program and asserts each yields exactly the findings its comments expect. */
function checkFixtures(files) {
  const assert = require('assert');
  const { lintProject } = require('../../out/rules');
  const result = lintProject(files);
  assert.deepStrictEqual(result.problems, [], 'fixtures must parse');
  for (const file of files) {
    assert.deepStrictEqual(actualOf(result.findings, file), expectedOf(file), path.relative(ROOT, file));
  }
}

module.exports = { ROOT, EXTS, PY_EXTS, NB_EXTS, listFiles, expectedOf, actualOf, checkFixtures };
