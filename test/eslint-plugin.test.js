// The ESLint plugin (`logit-lint/eslint`): its shape, then each rule through ESLint 9's RuleTester
// with the default parser (espree) and typescript-eslint's, including imports read from disk,
// logit-lint's own suppression comments, settings, and one engine run per file text.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { Linter, RuleTester } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const engine = require('../out/rules');
const plugin = require('../out/server/eslint/plugin');
const { makeProject, removeProject } = require('./cli-helpers');

const pkg = require('../package.json');
const code = (...lines) => lines.join('\n') + '\n';

// A sigmoid head trained with a loss that applies sigmoid again.
const SIGMOID_TWICE = code(
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'sigmoid' }));",
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
);

// One sigmoid unit, with three different mistakes downstream (one per rule).
const ONE_UNIT = code(
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ inputShape: [16], units: 1, activation: 'sigmoid' }));",
  "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
  '',
  'export function predictClass(x) {',
  '  return model.predict(x).argMax(-1);',
  '}',
  '',
  'export function lossOf(x, y) {',
  '  return tf.losses.sigmoidCrossEntropy(model.predict(x), y);',
  '}',
  '',
  'export function confidence(x) {',
  '  return tf.softmax(model.predict(x));',
  '}',
);

// A logits head (TypeScript), thresholded as if it output probabilities.
const LOGITS_TS = code(
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'const model: tf.Sequential = tf.sequential();',
  'model.add(tf.layers.dense({ inputShape: [8], units: 1 }));',
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  '',
  'export function decide(x: tf.Tensor2D): tf.Tensor {',
  '  return (model.predict(x) as tf.Tensor).greater(0.5);',
  '}',
  '',
  'export function rounded(x: tf.Tensor2D): tf.Tensor {',
  '  return (model.predict(x) as tf.Tensor).round();',
  '}',
);

const THRESHOLD_MESSAGE = (how) =>
  `${how} treats these values as probabilities, but they are logits: the output layer has no activation (line 4). On logits, 0.5 means probability 0.62; compare with 0, or apply sigmoid first.`;

// The model lives in its own module on disk; the linted file only imports it.
const MODEL_MODULE = code(
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'export function createModel() {',
  '  const model = tf.sequential();',
  "  model.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'sigmoid' }));",
  '  return model;',
  '}',
);
const USES_MODEL = code(
  "import * as tf from '@tensorflow/tfjs';",
  "import { createModel } from './model.js';",
  '',
  'const model = createModel();',
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
);

// RuleTester builds its test cases when run() is called, so the project on disk must exist now.
const dir = makeProject({ 'model.js': MODEL_MODULE });
const noModelDir = makeProject({});

// RuleTester reports through mocha's describe/it (the defaults); the first typescript-eslint parse
// takes a second or two.
const jsTester = new RuleTester({ languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } });
const tsTester = new RuleTester({ languageOptions: { parser: tsParser, sourceType: 'module' } });

describe('eslint plugin', () => {
  after(() => {
    removeProject(dir);
    removeProject(noModelDir);
  });

  describe('shape', () => {
    it('is a flat-config plugin named after the package, with its version', () => {
      assert.strictEqual(plugin.meta.name, 'logit-lint');
      assert.strictEqual(plugin.meta.version, pkg.version);
      assert.deepStrictEqual(Object.keys(plugin.rules), engine.ruleMetas.map((m) => m.id));
    });

    it('every rule carries the engine rule metadata: type, docs url, messages, suggestions, no options', () => {
      for (const meta of engine.ruleMetas) {
        const rule = plugin.rules[meta.id];
        assert.strictEqual(rule.meta.type, 'problem', meta.id);
        assert.strictEqual(rule.meta.docs.description, meta.description, meta.id);
        assert.strictEqual(rule.meta.docs.url, meta.docsUrl, meta.id);
        assert.match(rule.meta.docs.url, new RegExp(`${meta.id}\\.md$`));
        assert.deepStrictEqual(Object.keys(rule.meta.messages), ['finding']);
        assert.strictEqual(rule.meta.hasSuggestions, true);
        assert.deepStrictEqual(rule.meta.schema, []);
      }
    });

    it('configs.recommended enables every rule at its default severity, through this very plugin object', () => {
      const rec = plugin.configs.recommended;
      assert.strictEqual(rec.plugins['logit-lint'], plugin);
      assert.deepStrictEqual(rec.rules, Object.fromEntries(engine.ruleMetas.map((m) => [`logit-lint/${m.id}`, m.defaultSeverity])));
      assert.ok(Object.values(rec.rules).includes('warn') && Object.values(rec.rules).includes('error'), 'both severities are in use');
    });
  });

  describe('RuleTester, default parser', function () {
    this.timeout(20000);

    jsTester.run('sigmoid-before-logits-loss', plugin.rules['sigmoid-before-logits-loss'], {
      valid: [
        { name: 'sigmoid head, binaryCrossentropy', code: SIGMOID_TWICE.replace('tf.losses.sigmoidCrossEntropy', "'binaryCrossentropy'") },
        { name: 'logits head, sigmoidCrossEntropy', code: SIGMOID_TWICE.replace(", activation: 'sigmoid'", '') },
        // logit-lint's own suppression comments are honoured inside ESLint too.
        { name: 'logit-lint-disable-next-line', code: SIGMOID_TWICE.replace('model.compile', '// logit-lint-disable-next-line sigmoid-before-logits-loss -- measured on purpose\nmodel.compile') },
        // The import cannot be followed: no model.js next to this file, so no evidence.
        { name: 'imported model.js does not exist', code: USES_MODEL, filename: path.join(noModelDir, 'train.js') },
      ],
      invalid: [
        {
          name: 'sigmoid head, sigmoidCrossEntropy',
          code: SIGMOID_TWICE,
          errors: [{
            message: "sigmoidCrossEntropy expects logits, but this model's output already went through sigmoid (line 4).",
            line: 5, column: 42, endLine: 5, endColumn: 71,
            suggestions: [{
              desc: "Use the loss 'binaryCrossentropy', which expects probabilities",
              output: SIGMOID_TWICE.replace('tf.losses.sigmoidCrossEntropy', "'binaryCrossentropy'"),
            }],
          }],
        },
        {
          // The activation is in model.js, read from disk; the finding is in the linted file.
          name: 'sigmoid head imported from model.js on disk',
          code: USES_MODEL,
          filename: path.join(dir, 'train.js'),
          errors: [{
            message: "sigmoidCrossEntropy expects logits, but this model's output already went through sigmoid (model.js:5).",
            line: 5, column: 42, endLine: 5, endColumn: 71,
            suggestions: [{
              desc: "Use the loss 'binaryCrossentropy', which expects probabilities",
              output: USES_MODEL.replace('tf.losses.sigmoidCrossEntropy', "'binaryCrossentropy'"),
            }],
          }],
        },
      ],
    });

    // One file with three bugs: each rule reports its own finding only.
    jsTester.run('argmax-single-unit', plugin.rules['argmax-single-unit'], {
      valid: [{ name: 'thresholded instead', code: ONE_UNIT.replace('.argMax(-1)', '.greater(0.5)') }],
      invalid: [{
        name: 'argMax(-1) over one unit (two other bugs in the file)',
        code: ONE_UNIT,
        errors: [{
          message: "argMax over the last axis of this model's output, which has 1 unit (line 4), is always 0.",
          line: 8, column: 10, endLine: 8, endColumn: 37,
          suggestions: [{
            desc: 'Threshold the single unit instead: squeeze([-1]).greater(0.5)',
            output: ONE_UNIT.replace('argMax(-1)', 'squeeze([-1]).greater(0.5)'),
          }],
        }],
      }],
    });

    jsTester.run('swapped-loss-arguments', plugin.rules['swapped-loss-arguments'], {
      valid: [{ name: 'labels first', code: ONE_UNIT.replace('sigmoidCrossEntropy(model.predict(x), y)', 'sigmoidCrossEntropy(y, model.predict(x))') }],
      invalid: [{
        name: 'prediction first (two other bugs in the file)',
        code: ONE_UNIT,
        errors: [{
          message: 'sigmoidCrossEntropy takes (labels, predictions), but its first argument is a prediction (line 4): the arguments are swapped.',
          line: 12, column: 10, endLine: 12, endColumn: 60,
          suggestions: [{
            desc: 'Swap the labels and predictions arguments',
            output: ONE_UNIT.replace('sigmoidCrossEntropy(model.predict(x), y)', 'sigmoidCrossEntropy(y, model.predict(x))'),
          }],
        }],
      }],
    });

    jsTester.run('softmax-single-unit', plugin.rules['softmax-single-unit'], {
      valid: [{ name: 'three units', code: ONE_UNIT.replace('units: 1', 'units: 3') }],
      invalid: [{
        name: 'tf.softmax over one unit (two other bugs in the file)',
        code: ONE_UNIT,
        // No fix: the right repair (sigmoid, or more units) is a design decision.
        errors: [{ messageId: 'finding', line: 16, column: 10, endLine: 16, endColumn: 38, suggestions: [] }],
      }],
    });
  });

  describe('RuleTester, typescript-eslint parser', function () {
    this.timeout(20000);

    tsTester.run('threshold-logits', plugin.rules['threshold-logits'], {
      valid: [
        { name: 'logits compared with 0, sigmoid before round', code: LOGITS_TS.replace('greater(0.5)', 'greater(0)').replace(').round()', ').sigmoid().round()') },
        // A sigmoid head: 0.5 is the right threshold.
        { name: 'sigmoid head', code: LOGITS_TS.replace('units: 1 }', "units: 1, activation: 'sigmoid' }").replace('tf.losses.sigmoidCrossEntropy', "'binaryCrossentropy'"), filename: path.join(dir, 'decide.ts') },
      ],
      invalid: [{
        // No filename ("<input>"): linted as TypeScript because the parser is typescript-eslint's.
        name: 'logits head, greater(0.5) and round(), no filename',
        code: LOGITS_TS,
        errors: [
          {
            message: THRESHOLD_MESSAGE('Thresholding at 0.5'),
            line: 8, column: 10, endLine: 8, endColumn: 54,
            suggestions: [{ desc: 'Threshold logits at 0 (the same decision as probability 0.5)', output: LOGITS_TS.replace('greater(0.5)', 'greater(0)') }],
          },
          {
            message: THRESHOLD_MESSAGE('Rounding'),
            line: 12, column: 10, endLine: 12, endColumn: 49,
            suggestions: [{ desc: 'Apply sigmoid before rounding', output: LOGITS_TS.replace(').round()', ').sigmoid().round()') }],
          },
        ],
      }, {
        name: 'logits head, a .ts file on disk',
        code: LOGITS_TS,
        filename: path.join(dir, 'decide.ts'),
        errors: [{ messageId: 'finding', line: 8, suggestions: 1 }, { messageId: 'finding', line: 12, suggestions: 1 }],
      }],
    });

    tsTester.run('sigmoid-before-logits-loss', plugin.rules['sigmoid-before-logits-loss'], {
      valid: [],
      invalid: [{
        name: 'non-ASCII text above the finding',
        code: `// Non-ASCII before the finding: columns count UTF-16 units, as ESLint's do.\n// Modèle « binaire » ✓\n${SIGMOID_TWICE.replace('const model =', 'const model: tf.Sequential =')}`,
        filename: path.join(dir, 'model-typed.ts'),
        errors: [{ messageId: 'finding', line: 7, column: 42, endColumn: 71, suggestions: 1 }],
      }],
    });
  });

  describe('engine runs, settings', () => {
    const allRules = Object.fromEntries(engine.ruleMetas.map((m) => [`logit-lint/${m.id}`, 'error']));
    // Every rule on; the Linter's cwd is the file's folder so that the config applies to it.
    const verify = (text, file, settings) =>
      new Linter({ cwd: path.dirname(file) }).verify(text, [{ files: ['**/*.js'], plugins: { 'logit-lint': plugin }, rules: allRules, ...(settings ? { settings } : {}) }], file);
    let calls;
    let original;
    beforeEach(() => {
      calls = 0;
      original = engine.lintProject;
      engine.lintProject = (...args) => {
        calls++;
        return original(...args);
      };
    });
    afterEach(() => {
      engine.lintProject = original;
    });

    it('lints a file once for all ten rules, and again only when its text changes', () => {
      const file = path.join(noModelDir, 'once.js');
      const first = verify(ONE_UNIT, file);
      assert.deepStrictEqual(first.map((m) => m.ruleId).sort(), ['logit-lint/argmax-single-unit', 'logit-lint/softmax-single-unit', 'logit-lint/swapped-loss-arguments']);
      assert.strictEqual(calls, 1);
      verify(ONE_UNIT, file);
      assert.strictEqual(calls, 1, 'the same text again: served from the cache');
      const fixed = ONE_UNIT.replace('.argMax(-1)', '.greater(0.5)');
      assert.strictEqual(verify(fixed, file).length, 2);
      assert.strictEqual(calls, 2);
    });

    it('lints again when an imported file changed on disk since', () => {
      const project = makeProject({ 'model.js': MODEL_MODULE });
      try {
        const file = path.join(project, 'train.js');
        assert.strictEqual(verify(USES_MODEL, file).length, 1);
        fs.writeFileSync(path.join(project, 'model.js'), MODEL_MODULE.replace(", activation: 'sigmoid'", ''));
        assert.deepStrictEqual(verify(USES_MODEL, file), [], 'model.js now outputs logits: nothing to report');
        assert.strictEqual(calls, 2);
      } finally {
        removeProject(project);
      }
    });

    it("settings['logit-lint'].tfModules: a wrapper package that re-exports tfjs", () => {
      const wrapped = SIGMOID_TWICE.replace("import * as tf from '@tensorflow/tfjs'", "import * as tf from '@acme/ml'");
      const file = path.join(noModelDir, 'wrapped.js');
      assert.deepStrictEqual(verify(wrapped, file), []);
      const messages = verify(wrapped, file, { 'logit-lint': { tfModules: ['@acme/ml'] } });
      assert.deepStrictEqual(messages.map((m) => [m.ruleId, m.line]), [['logit-lint/sigmoid-before-logits-loss', 5]]);
    });

    it('malformed settings fail with a message naming the key and what was expected', () => {
      const file = path.join(noModelDir, 'bad-settings.js');
      assert.throws(() => verify(SIGMOID_TWICE, file, { 'logit-lint': { tfModules: '@acme/ml' } }),
        /settings\['logit-lint'\]\.tfModules must be an array of package names \(non-empty strings\), got "@acme\/ml"/);
      assert.throws(() => verify(SIGMOID_TWICE, file, { 'logit-lint': { tfModule: ['@acme/ml'] } }),
        /settings\['logit-lint'\] has unknown key "tfModule"/);
    });

    it('a syntax error is reported once, by ESLint, not by the rules', () => {
      const messages = verify('import * as tf from "@tensorflow/tfjs";\nconst = ;\n', path.join(noModelDir, 'broken.js'));
      assert.strictEqual(messages.length, 1);
      assert.strictEqual(messages[0].fatal, true);
      assert.strictEqual(calls, 0);
    });
  });
});
