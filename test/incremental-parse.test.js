// The engine updates a file's last syntax tree when its text changes (TypeScript's incremental
// parser, as editors use it) instead of parsing it again. Here every fixture goes through a chain
// of seeded edits — the fuzzer's mutations, which also break the syntax on purpose — and after
// each one the updated tree must equal a fresh parse node for node (kind, span, parent, text),
// a syntax error must be the same error, and the findings must be those of a fresh engine.
const assert = require('assert');
const path = require('path');
const ts = require('typescript');
const { createRandom } = require('../bench/random');
const { loadSeeds, mutateOnce } = require('./fuzz-cases');

const out = path.join(__dirname, '..', 'out');
const { parseSource, parseSourceCached } = require(path.join(out, 'rules', 'engine', 'js', 'sources'));
const { lintProject } = require(path.join(out, 'rules'));

const EDITS_PER_FILE = 12;

/** Every node in document order: kind, span, parent kind, and the text of names and literals. */
function shape(sf) {
  const rows = [];
  const visit = (n) => {
    rows.push(`${n.kind} ${n.pos}-${n.end} ^${n.parent ? n.parent.kind : '-'}${'text' in n && typeof n.text === 'string' && n !== sf ? ` ${n.text}` : ''}`);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return rows;
}

/** The parse as the tests compare it: the tree's shape, its first syntax error with its position,
 *  and the damaged ranges (a syntax error gives the recovered tree). */
function outcome(parse) {
  let p;
  try {
    p = parse();
  } catch (e) {
    return { refused: e.message }; // binary text, absurd nesting: no tree at all
  }
  const e = p.parseError;
  return { shape: shape(p.sf), damaged: p.damaged, ...(e ? { error: `${e.message} @${e.line}:${e.column}` } : {}) };
}

describe('incremental parsing', function () {
  this.timeout(120_000);
  const { singles } = loadSeeds();

  it('updated trees equal fresh parses through chains of edits on every fixture', () => {
    const seen = { good: 0, broken: 0, repaired: 0 };
    singles.forEach((seed, s) => {
      const [[name, original]] = Object.entries(seed.files);
      const file = name.replace(/([^/]+)$/, `inc-${s}-$1`); // a path of its own in the parse cache
      const rng = createRandom(1000 + s);
      let text = original;
      let lastGood = original;
      let broken = false;
      parseSourceCached(file, text);
      for (let k = 0; k < EDITS_PER_FILE; k++) {
        // Like typing: edits often break the syntax for a while, and a later edit repairs it.
        text = broken && rng.chance(0.5) ? lastGood : mutateOnce(rng, text);
        const updated = outcome(() => parseSourceCached(file, text));
        const fresh = outcome(() => parseSource(file, text));
        assert.deepStrictEqual(updated, fresh, `${path.basename(name)}, edit ${k + 1}`);
        if (fresh.error) seen.broken++;
        else seen[broken ? 'repaired' : 'good']++;
        broken = !!fresh.error;
        if (!broken) lastGood = text;
      }
    });
    // Every path was taken many times: updates of good trees, edits that break, and repairs.
    for (const [what, n] of Object.entries(seen)) assert.ok(n > singles.length / 2, `${what}: ${n}`);
  });

  it('findings after an edit are those of a fresh engine', () => {
    let compared = 0;
    singles.forEach((seed, s) => {
      const [[name, original]] = Object.entries(seed.files);
      const file = name.replace(/([^/]+)$/, `lint-${s}-$1`);
      const rng = createRandom(5000 + s);
      let text = original;
      const lint = () => lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
      lint();
      for (let k = 0; k < 4; k++) {
        text = mutateOnce(rng, text);
        const incremental = lint();
        // A fresh engine: the same text under a path the cache has never seen, mapped back.
        const freshFile = `${file}.fresh${k}${path.extname(file)}`;
        const fresh = lintProject([freshFile], {}, { readFile: (f) => (f === freshFile ? text : undefined) });
        const norm = (r) => JSON.stringify(r).split(JSON.stringify(freshFile).slice(1, -1)).join(JSON.stringify(file).slice(1, -1));
        assert.strictEqual(norm(incremental), norm(fresh), `${path.basename(name)}, edit ${k + 1}`);
        compared++;
      }
    });
    assert.strictEqual(compared, singles.length * 4);
  });
});
