// Every fixture yields exactly the diagnostics its `expect:` comments name: none missing, none extra.
const fs = require('fs');
const path = require('path');
const { ROOT, listFiles, checkFixtures } = require('./helpers/fixtures');

describe('fixtures: single files', () => {
  const dir = path.join(ROOT, 'rules');
  for (const file of listFiles(dir)) {
    it(path.relative(dir, file), () => checkFixtures([file]));
  }
});

describe('fixtures: multi-file projects', () => {
  for (const name of ['projects', 'demo']) {
    const base = path.join(ROOT, name);
    if (!fs.existsSync(base)) continue;
    const dirs = name === 'demo' ? [base] : fs.readdirSync(base).map((d) => path.join(base, d)).filter((d) => fs.statSync(d).isDirectory());
    for (const dir of dirs) {
      it(path.relative(ROOT, dir), () => checkFixtures(listFiles(dir)));
    }
  }
});
