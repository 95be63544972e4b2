// Every fix and suggestion the rules offer on the fixtures, applied, leaves code that parses and
// makes its own finding go away (without adding a finding of the same rule in its place).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { lintProject, applyEdits } = require('../out/rules');
const { ROOT, listFiles } = require('./helpers/fixtures');

function relint(file, text) {
  const host = { readFile: (f) => (f === file ? text : fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) };
  return lintProject([file], {}, host);
}

describe('fixes on the fixtures', () => {
  const files = listFiles(path.join(ROOT, 'rules'));
  const result = lintProject(files.length ? [files[0]] : []); // warm-up, keeps the per-file runs fast
  void result;
  let offered = 0;
  for (const file of files) {
    const { findings } = lintProject([file]);
    findings.forEach((f, i) => {
      for (const fix of [f.fix, ...f.suggestions].filter(Boolean)) {
        offered++;
        it(`${path.relative(ROOT, file)} #${i} ${f.ruleId}: ${fix.title}`, () => {
          assert.ok(fix.edits.length > 0, 'a fix has edits');
          assert.ok(fix.edits.every((e) => e.file === file), 'edits stay in the file');
          const text = applyEdits(fs.readFileSync(file, 'utf8'), fix.edits);
          const after = relint(file, text);
          assert.deepStrictEqual(after.problems, [], 'the fixed file parses');
          const same = after.findings.filter((g) => g.ruleId === f.ruleId);
          assert.ok(same.length < findings.filter((g) => g.ruleId === f.ruleId).length,
            `${f.ruleId} still reported: ${same.map((g) => `${g.location.line}: ${g.message}`).join('; ')}`);
        });
      }
    });
  }
  it('offers fixes at all (the table above is not empty)', () => assert.ok(offered >= 40, `only ${offered} fixes offered`));
});
