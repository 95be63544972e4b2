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

describe('tfjs fixes write names that mean tfjs where they are written (red team round 14)', () => {
  const lint = (code) => {
    const file = '/virtual/train.js';
    return lintProject([file], {}, { readFile: (f) => (f === file ? code : undefined) }).findings;
  };
  const body = (ns) => [
    `  const model = ${ns}sequential();`,
    `  model.add(${ns}layers.dense({ units: 1, inputShape: [4] }));`,
    "  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
  ];
  it('the named import or namespace, when the file declares that name once', () => {
    const named = lint(["import { sequential, layers, losses } from '@tensorflow/tfjs';", 'export function train() {', ...body(''), '  return model;', '}'].join('\n'));
    assert.match(named[0]?.fix?.title ?? '', /losses\.sigmoidCrossEntropy/);
    const ns = lint(["import * as tf from '@tensorflow/tfjs';", 'export function train() {', ...body('tf.'), '  return model;', '}'].join('\n'));
    assert.match(ns[0]?.fix?.title ?? '', /tf\.losses\.sigmoidCrossEntropy/);
  });
  it('no fix where a local array is named losses or a parameter is named tf', () => {
    const shadowed = lint(["import { sequential, layers, losses } from '@tensorflow/tfjs';", 'export async function train(xs, ys) {', '  const losses = [];', ...body(''), '  losses.push(1);', '  return losses;', '}'].join('\n'));
    assert.deepStrictEqual(shadowed.map((f) => [f.ruleId, f.fix]), [['logits-into-probability-loss', undefined]]);
    const param = lint(["import * as tf from '@tensorflow/tfjs';", 'export function build() {', "  const model = tf.sequential();", "  model.add(tf.layers.dense({ units: 1, inputShape: [4] }));", "  const compileWith = (tf) => model.compile({ optimizer: tf.opt, loss: 'binaryCrossentropy' });", "  compileWith({ opt: 'adam' });", '  return model;', '}'].join('\n'));
    assert.deepStrictEqual(param.map((f) => [f.ruleId, f.fix]), [['logits-into-probability-loss', undefined]]);
  });
  const model = ["const model = sequential();", 'model.add(layers.dense({ units: 1, inputShape: [4] }));', "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });"];
  it('declarations the place cannot see leave the fix: another function\'s parameter, a catch variable (round 15)', () => {
    const head = ["import * as tf from '@tensorflow/tfjs';", "import { sequential, layers } from '@tensorflow/tfjs';"];
    for (const other of ['function plot(tf) { return tf; }', 'try { run(); } catch (tf) { console.log(tf); }']) {
      assert.match(lint([...head, other, ...model].join('\n'))[0]?.fix?.title ?? '', /tf\.losses\.sigmoidCrossEntropy/, other);
    }
  });
  it('no fix through a type-only import or a package without the path (tfjs-layers has no losses)', () => {
    const typeOnly = lint(["import type * as tf from '@tensorflow/tfjs';", "import { sequential, layers } from '@tensorflow/tfjs';", ...model].join('\n'));
    assert.strictEqual(typeOnly[0]?.fix, undefined);
    const layersPkg = lint(["import * as tfl from '@tensorflow/tfjs-layers';", 'const { sequential, layers } = tfl;', ...model].join('\n'));
    assert.ok(!layersPkg.some((f) => /tfl\.losses/.test(f.fix?.title ?? '')), JSON.stringify(layersPkg.map((f) => f.fix?.title)));
  });
});

describe('tfjs: tf.round(x) on logits (round 15)', () => {
  it('suggests tf.round(tf.sigmoid(x)), not tf.sigmoid().round(x)', () => {
    const file = '/virtual/round.js';
    const code = ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', 'model.add(tf.layers.dense({ units: 1, inputShape: [2] }));', "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });", 'const a = tf.round(model.predict(x));'].join('\n');
    const [f] = lintProject([file], {}, { readFile: (p) => (p === file ? code : undefined) }).findings;
    const text = applyEdits(code, f.suggestions[0].edits);
    assert.match(text, /tf\.round\(tf\.sigmoid\(model\.predict\(x\)\)\)/);
  });
});
