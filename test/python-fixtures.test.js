// Every Python fixture yields exactly the findings its `# expect:` comments name: none missing,
// none extra. Rule fixtures are linted alone; each project folder (and the demo) as one program.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { lintProject, initPython } = require('../out/rules');
const { ROOT, PY_EXTS, listFiles, expectedOf, actualOf } = require('./helpers/fixtures');

function check(files) {
  const result = lintProject(files);
  assert.deepStrictEqual(result.problems, [], 'fixtures must parse');
  for (const file of files) {
    assert.deepStrictEqual(actualOf(result.findings, file), expectedOf(file), path.relative(ROOT, file));
  }
}

describe('python fixtures: single files', () => {
  before(() => initPython());
  const dir = path.join(ROOT, 'python', 'rules');
  for (const file of listFiles(dir, PY_EXTS)) {
    it(path.relative(dir, file), () => check([file]));
  }
});

describe('python fixtures: multi-file projects and the demo', () => {
  before(() => initPython());
  const base = path.join(ROOT, 'python', 'projects');
  const dirs = [...fs.readdirSync(base).map((d) => path.join(base, d)).filter((d) => fs.statSync(d).isDirectory()), path.join(ROOT, 'demo-py')];
  for (const dir of dirs) {
    it(path.relative(ROOT, dir), () => check(listFiles(dir, PY_EXTS)));
  }
});
