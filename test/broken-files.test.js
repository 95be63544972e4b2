// Files with syntax errors are analysed from TypeScript's recovered tree, and a finding is reported
// only when every site it rests on lies outside the damaged region (rules/engine/js/damage.ts).
// The fixtures in fixtures/broken are files where a naive reading of the recovered tree reports a
// finding that is not there: each test checks that the naive reading does (so the fixture keeps
// testing something) and that the engine does not.
const assert = require('assert');
const path = require('path');
const ts = require('typescript');
const { lintProject } = require('../out/rules');
const { lint } = require('../out/rules/engine/core/lint');
const { RULES, FRONTENDS } = require('../out/rules/registry');
const { damagedRanges } = require('../out/rules/engine/js/damage');
const { ROOT, listFiles, expectedOf, actualOf } = require('./helpers/fixtures');

const BROKEN = path.join(ROOT, 'broken');

/** The engine without the damage check: frontends whose sessions report no damage. */
function naive(files) {
  const blind = FRONTENDS.map((fe) => ({ ...fe, session: (host, options) => ({ ...fe.session(host, options), damaged: undefined, hidden: undefined }) }));
  const fsHost = { readFile: (f) => require('fs').readFileSync(f, 'utf8') };
  return lint(files, RULES, {}, fsHost, blind);
}

describe('broken files: no finding from recovered nonsense', () => {
  const cases = [
    ['half-typed-activation.js', 'sigmoid-before-logits-loss'],
    ['cut-layers', 'logits-into-probability-loss'],
    ['hidden-layer', 'logits-into-probability-loss'],
    ['unclosed-call-swallows.js', undefined], // the finding above the damage stays
  ];
  for (const [name, naiveRule] of cases) {
    it(`${name}: ${naiveRule ? `the naive reading reports ${naiveRule}, ` : ''}the engine only what the fixture expects`, () => {
      const target = path.join(BROKEN, name);
      const files = name.endsWith('.js') ? [target] : listFiles(target);
      const naiveIds = naive(files).findings.map((f) => f.ruleId);
      if (naiveRule) assert.ok(naiveIds.includes(naiveRule), `naive: ${naiveIds.join(', ')}`);
      const result = lintProject(files);
      for (const file of files) assert.deepStrictEqual(actualOf(result.findings, file), expectedOf(file), path.relative(ROOT, file));
      // Each broken file says so: one fatal parsing error.
      const fatal = result.problems.filter((p) => p.fatal);
      assert.strictEqual(fatal.length, 1, JSON.stringify(result.problems));
      assert.match(fatal[0].message, /^Parsing error: /);
    });
  }
});

describe('broken files: the damaged region', () => {
  const demo = require('fs').readFileSync(path.join(ROOT, 'demo', 'model.js'), 'utf8');
  const parse = (text) => ts.createSourceFile('x.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JSX);
  const endOfFunction = demo.lastIndexOf('}') + 1;

  // The unfinished states of typing at the end of a file: the damage starts after the function.
  for (const tail of ['\nconst p = model.predict(', '\nmodel.', "\nconst s = 'abc", '\nconst o = { a: 1,', '\nfunction f() {', '\nconst t = `abc', '\nif (x', '\nmodel.fit(xs, ys, { epochs: 1']) {
    it(`appended ${JSON.stringify(tail.trim())}: damage covers the tail only`, () => {
      const ranges = damagedRanges(parse(demo + tail));
      assert.ok(ranges.length > 0, 'some damage');
      for (const [a] of ranges) assert.ok(a >= endOfFunction, `damage starts at ${a}, function ends at ${endOfFunction}`);
      assert.strictEqual(ranges[ranges.length - 1][1], demo.length + tail.length, 'reaches the end of the file');
    });
  }

  it('an error inside a function damages the whole top-level statement', () => {
    const text = demo.replace("units: 8, activation: 'relu' }", "units: 8, activation: 'relu' ");
    const [[a, b]] = damagedRanges(parse(text));
    assert.ok(a <= text.indexOf('export function') && b >= text.lastIndexOf('}'), `${a}-${b}`);
  });

  it('an unterminated string (reported at its line end) damages its statement, not the next one', () => {
    const text = "const a = 1;\nconst s = 'abc\nfunction f() { return 2; }\n";
    assert.deepStrictEqual(damagedRanges(parse(text)), [[text.indexOf('\nconst s'), text.indexOf('\nfunction')]]);
  });

  it('an unterminated regular expression at a statement start damages that statement only', () => {
    const text = 'function f() { return 2; }\n/';
    assert.deepStrictEqual(damagedRanges(parse(text)), [[text.indexOf('\n/'), text.length]]);
  });

  it('a clean file has no damage', () => {
    assert.deepStrictEqual(damagedRanges(parse(demo)), []);
  });

  it('an unterminated comment: damage from the last statement on, the statement itself intact', () => {
    const text = 'const a = 1;\nconst b = 2;\n/* open\nconst c = 3;\n';
    assert.deepStrictEqual(damagedRanges(parse(text)), [[text.indexOf('\n/*') , text.length]]);
  });
});

describe('declarations as JavaScript runs them', () => {
  const MODULE = (first, second) => [
    "import * as tf from '@tensorflow/tfjs';",
    `function createModel() { const m = tf.sequential(); m.add(tf.layers.dense({ inputShape: [4], units: 1${first} })); return m; }`,
    `function createModel() { const m = tf.sequential(); m.add(tf.layers.dense({ inputShape: [4], units: 1${second} })); return m; }`,
    "createModel().compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
    '',
  ].join('\n');
  const lintText = (text, file) => lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });

  it('in a module a redeclared function is a syntax error to JavaScript: unknown, whichever order', () => {
    for (const [a, b] of [['', ", activation: 'sigmoid'"], [", activation: 'sigmoid'", '']]) {
      assert.deepStrictEqual(lintText(MODULE(a, b), '/virtual/m.js').findings, []);
    }
  });

  it('in a classic script the last declaration binds', () => {
    const script = (a, b) => MODULE(a, b).replace("import * as tf from '@tensorflow/tfjs';", "const tf = require('@tensorflow/tfjs');");
    assert.deepStrictEqual(lintText(script(", activation: 'sigmoid'", ''), '/virtual/s.js').findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
    assert.deepStrictEqual(lintText(script('', ", activation: 'sigmoid'"), '/virtual/s.js').findings, []);
  });

  it('a method defined twice in a class body: the last definition runs', () => {
    const cls = (a, b) => [
      "import * as tf from '@tensorflow/tfjs';",
      'class Net {',
      `  build() { const m = tf.sequential(); m.add(tf.layers.dense({ inputShape: [4], units: 1${a} })); return m; }`,
      `  build() { const m = tf.sequential(); m.add(tf.layers.dense({ inputShape: [4], units: 1${b} })); return m; }`,
      "  train() { this.build().compile({ optimizer: 'adam', loss: 'binaryCrossentropy' }); }",
      '}',
      '',
    ].join('\n');
    assert.deepStrictEqual(lintText(cls('', ", activation: 'sigmoid'"), '/virtual/c.js').findings, []);
    assert.deepStrictEqual(lintText(cls(", activation: 'sigmoid'", ''), '/virtual/c.js').findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
  });

  it('TypeScript overload signatures are not declarations that bind', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'function createModel(units: number): tf.Sequential;',
      'function createModel(units: number) { const m = tf.sequential(); m.add(tf.layers.dense({ inputShape: [4], units })); return m; }',
      "createModel(1).compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
      '',
    ].join('\n');
    assert.deepStrictEqual(lintText(text, '/virtual/o.ts').findings.map((f) => f.ruleId), ['logits-into-probability-loss']);
  });
});
