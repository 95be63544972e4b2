// Seeded fuzzing: mutated fixtures through the engine, every formatter and the fixers. No exception
// may escape (an "internal error" problem counts as one), every reported position must match its
// offsets, and no case may take over a second of CPU. FUZZ_SEED and FUZZ_CASES pick other cases;
// scripts/fuzz-campaign.js runs long campaigns and saves failures into fixtures/regressions/.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { loadSeeds, makeCase, checkCase, loadRegressions, lineColumn } = require('./fuzz-cases');

const SEED = Number(process.env.FUZZ_SEED || 1);
const CASES = Number(process.env.FUZZ_CASES || 3000);
/** On a busy machine the run stops early rather than outlast the suite's patience. */
const WALL_BUDGET_MS = 50_000;
const MIN_CASES = 500;
const MAX_CASE_CPU_MS = 1000;

describe('fuzzing', function () {
  this.timeout(120_000);
  const seeds = loadSeeds();

  it('the mutator is deterministic, changes its input, and never writes an expectation', () => {
    const a = makeCase(seeds, 5, 17);
    const b = makeCase(seeds, 5, 17);
    assert.deepStrictEqual(a, b);
    let changed = 0;
    for (let i = 0; i < 50; i++) {
      const c = makeCase(seeds, 5, i);
      const seed = [...seeds.singles, ...seeds.projects].find((s) => c.target in s.files);
      if (c.files[c.target] !== seed.files[c.target]) changed++;
      assert.ok(!c.files[c.target].includes('expect:'), c.label);
    }
    assert.ok(changed >= 40, `${changed} of 50 inputs changed`);
  });

  it('line and column checks follow ESLint\'s line breaks (CRLF, CR, U+2028)', () => {
    assert.deepStrictEqual(lineColumn('a\r\nb\rc\u2028d\ne', 9), { line: 5, column: 1 });
    assert.deepStrictEqual(lineColumn('a\r\nb', 2), { line: 1, column: 3 });
    assert.deepStrictEqual(lineColumn('', 0), { line: 1, column: 1 });
  });

  it(`up to ${CASES} mutated fixtures (seed ${SEED}): no exception, positions match offsets, each under ${MAX_CASE_CPU_MS} ms`, function () {
    const started = Date.now();
    const failures = [];
    let ran = 0;
    let slowest = { cpuMs: 0, label: '' };
    for (let i = 0; i < CASES && Date.now() - started < WALL_BUDGET_MS; i++, ran++) {
      const c = makeCase(seeds, SEED, i);
      const r = checkCase(c.files, { thorough: i % 4 === 0 });
      if (r.cpuMs > slowest.cpuMs) slowest = { cpuMs: r.cpuMs, label: c.label };
      const problems = [...r.failures];
      if (r.cpuMs > MAX_CASE_CPU_MS) {
        // Measured again before blaming the input: the first run may have paid for a GC or JIT.
        const again = checkCase(c.files);
        if (again.cpuMs > MAX_CASE_CPU_MS) problems.push(`took ${Math.round(again.cpuMs)} ms of CPU`);
      }
      if (problems.length) failures.push({ c, problems });
      if (failures.length >= 5) break;
    }
    this.test.title += ` [${ran} cases, slowest ${Math.round(slowest.cpuMs)} ms: ${slowest.label}]`;
    if (failures.length) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-fuzz-failure-'));
      fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(failures.map((f) => ({ label: f.c.label, problems: f.problems, files: f.c.files })), null, 1));
      assert.fail(`${failures.length} failing case(s), inputs in ${dir}/cases.json; reproduce with FUZZ_SEED=${SEED}:\n` +
        failures.map((f) => `${f.c.label}: ${f.problems.slice(0, 3).join('; ')}`).join('\n'));
    }
    assert.ok(ran >= Math.min(CASES, MIN_CASES), `only ${ran} cases ran within ${WALL_BUDGET_MS} ms`);
  });

  it('every saved regression input passes', () => {
    for (const reg of loadRegressions()) {
      const r = checkCase(reg.files, { thorough: true });
      assert.deepStrictEqual(r.failures, [], reg.file);
      assert.ok(r.cpuMs < MAX_CASE_CPU_MS * 2, `${reg.file}: ${Math.round(r.cpuMs)} ms`);
    }
  });
});
