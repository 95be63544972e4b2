// Every Python fixture (notebooks included) yields exactly the findings its `# expect:` comments name: none missing,
// none extra. Rule fixtures are linted alone; each project folder (and the demo) as one program.
const fs = require('fs');
const path = require('path');
const { initPython } = require('../out/rules');
const { ROOT, PY_EXTS, NB_EXTS, listFiles, checkFixtures } = require('./helpers/fixtures');


describe('python fixtures: single files', () => {
  before(() => initPython());
  const dir = path.join(ROOT, 'python', 'rules');
  for (const file of listFiles(dir, [...PY_EXTS, ...NB_EXTS])) {
    it(path.relative(dir, file), () => checkFixtures([file]));
  }
});

describe('python fixtures: multi-file projects and the demo', () => {
  before(() => initPython());
  const base = path.join(ROOT, 'python', 'projects');
  const dirs = [...fs.readdirSync(base).map((d) => path.join(base, d)).filter((d) => fs.statSync(d).isDirectory()), path.join(ROOT, 'demo-py')];
  for (const dir of dirs) {
    it(path.relative(ROOT, dir), () => checkFixtures(listFiles(dir, PY_EXTS)));
  }
});
