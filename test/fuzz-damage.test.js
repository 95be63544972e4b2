// Damage fuzzing: every single-file fixture is cut at random points, or has an unterminated comment
// or template inserted there (which hides the rest of the file from the parser). For each damaged
// text: no crash; no finding rests on a site in the damaged part (from the first token of the
// top-level statement the damage falls in, to the end); and the findings of the intact file that
// lie wholly before the damage are still reported: the share kept is measured and printed.
// FUZZ_SEED / DAMAGE_POINTS pick other cases.
const assert = require('assert');
const path = require('path');
const ts = require('typescript');
const { createRandom } = require('../bench/random');
const { loadSeeds } = require('./fuzz-cases');
const { lintProject } = require('../out/rules');
const { extractScripts } = require('../out/rules/engine/js/sources');

const SEED = Number(process.env.FUZZ_SEED || 1);
const POINTS = Number(process.env.DAMAGE_POINTS || 4);
const INSERTS = { truncate: null, comment: '/* ', template: '`' };

function lintText(file, text) {
  return lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
}

/** Every offset a finding rests on: its location, related locations and its fixes' edits. */
function spans(f) {
  return [f.location, ...f.related, ...[f.fix, ...f.suggestions].filter(Boolean).flatMap((x) => x.edits)];
}

const key = (f) => `${f.ruleId}@${f.location.start}-${f.location.end}`;

/** Where the damage at `p` begins in the intact text: the first token of the top-level statement
 *  that `p` cuts, or `p` itself between statements. Components are parsed as the engine parses
 *  them: their script blocks in place, the rest blanked. */
function damageStart(file, text, p) {
  const component = /\.(html|vue|svelte)$/.test(file);
  const { code, ts: isTs } = component ? extractScripts(text) : { code: text, ts: /\.tsx?$/.test(file) };
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, isTs ? ts.ScriptKind.TS : ts.ScriptKind.JSX);
  const s = sf.statements.find((x) => x.getStart(sf) < p && p < x.end);
  return s ? s.getStart(sf) : p;
}

describe('fuzzing: damaged files', function () {
  this.timeout(300_000);

  it(`${POINTS} damage points per fixture, three kinds: no crash, nothing from the damage, the findings before it kept`, () => {
    const { singles } = loadSeeds();
    const rng = createRandom(SEED);
    const tally = { cases: 0, before: 0, kept: 0 };
    const perKind = {};
    for (const seed of singles) {
      const [[file, text]] = Object.entries(seed.files);
      const intact = lintText(file, text).findings;
      for (let k = 0; k < POINTS; k++) {
        const p = rng.int(0, text.length);
        for (const [kind, insert] of Object.entries(INSERTS)) {
          const damaged = insert === null ? text.slice(0, p) : text.slice(0, p) + insert + text.slice(p);
          const what = `${path.basename(file)} ${kind} at ${p}`;
          const r = lintText(file, damaged);
          tally.cases++;
          assert.ok(!r.problems.some((x) => /internal error/.test(x.message)), `${what}: ${JSON.stringify(r.problems)}`);
          // Inserted into a comment or a string, the text is no damage at all: nothing to check.
          if (insert !== null && !r.problems.some((x) => x.fatal)) continue;
          const from = damageStart(file, text, p);
          // A finding after the inserted text is no damage's when the intact file has it at the same
          // place (the parser recovered before it: `a \`b\`` nested in a template's `${}` ends there).
          const shift = insert === null ? 0 : insert.length;
          const spanKey = (f, by) => `${f.ruleId} ${spans(f).map((x) => `${x.start + (x.start >= p ? by : 0)}-${x.end + (x.start >= p ? by : 0)}`).join(' ')}`;
          const intactAfter = new Set(intact.map((f) => spanKey(f, shift)));
          for (const f of r.findings) {
            if (f.location.start >= p + shift && intactAfter.has(spanKey(f, 0))) continue;
            for (const s of spans(f)) assert.ok(s.end <= from || (s.start < from && s.end <= p), `${what}: ${f.ruleId} rests on ${s.start}-${s.end}, damage from ${from}`);
          }
          // The intact file's findings wholly before the damage: how many are still reported.
          const got = new Set(r.findings.map(key));
          const before = intact.filter((f) => spans(f).every((s) => s.end <= from));
          const kept = before.filter((f) => got.has(key(f))).length;
          tally.before += before.length;
          tally.kept += kept;
          const pk = (perKind[kind] ??= { before: 0, kept: 0 });
          pk.before += before.length;
          pk.kept += kept;
        }
      }
    }
    const share = (t) => (t.before ? (100 * t.kept) / t.before : 100).toFixed(1);
    console.log(`      damage fuzz: ${tally.cases} damaged texts; findings wholly before the damage kept: ${tally.kept}/${tally.before} (${share(tally)}%)` +
      ` [${Object.entries(perKind).map(([k, t]) => `${k} ${share(t)}%`).join(', ')}]`);
    assert.ok(tally.before > 50, `enough findings before the damage to measure: ${tally.before}`);
    // Floors, so a regression shows. A cut loses the findings whose model is completed after it;
    // an unterminated comment or template also loses those about a sequential model the hidden
    // text can still name (it may add the real head): by design, a miss rather than a false alarm.
    assert.ok(perKind.truncate.kept / perKind.truncate.before >= 0.9, `truncate: ${share(perKind.truncate)}%`);
    assert.ok(tally.kept / tally.before >= 0.7, `share kept ${share(tally)}%`);
  });
});
