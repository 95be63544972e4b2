// Every fixture yields exactly the diagnostics its `expect:` comments name: none missing, none extra.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { lintProject } = require('../out/rules');
const { ROOT, listFiles, expectedOf, actualOf } = require('./helpers/fixtures');

function check(files) {
  const result = lintProject(files);
  assert.deepStrictEqual(result.problems, [], 'fixtures must parse');
  for (const file of files) {
    assert.deepStrictEqual(actualOf(result.findings, file), expectedOf(file), path.relative(ROOT, file));
  }
}

describe('fixtures: single files', () => {
  const dir = path.join(ROOT, 'rules');
  for (const file of listFiles(dir)) {
    it(path.relative(dir, file), () => check([file]));
  }
});

describe('fixtures: multi-file projects', () => {
  for (const name of ['projects', 'demo']) {
    const base = path.join(ROOT, name);
    if (!fs.existsSync(base)) continue;
    const dirs = name === 'demo' ? [base] : fs.readdirSync(base).map((d) => path.join(base, d)).filter((d) => fs.statSync(d).isDirectory());
    for (const dir of dirs) {
      it(path.relative(ROOT, dir), () => check(listFiles(dir)));
    }
  }
});
