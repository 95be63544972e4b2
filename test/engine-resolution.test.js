// How the engine resolves tfjs bindings and follows values: one table of cases, RuleTester-style.
const assert = require('assert');
const { lintSources, summary } = require('./helpers/memory');

const SIGMOID_HEAD = `model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));`;

const cases = [
  // ---- tfjs bindings
  { name: 'namespace import', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nmodel.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });` }, expect: ['a.js:4 sigmoid-before-logits-loss'] },
  { name: 'require of tfjs-node', files: { 'a.js': `const tf = require('@tensorflow/tfjs-node');\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });` }, expect: ['a.js:4 sigmoid-before-logits-loss'] },
  { name: 'named imports with renames', files: { 'a.ts': `import { sequential as seq, layers as L, losses } from '@tensorflow/tfjs';\nconst m = seq();\nm.add(L.dense({ units: 1, inputShape: [3], activation: 'sigmoid' }));\nm.compile({ optimizer: 'sgd', loss: losses.sigmoidCrossEntropy });` }, expect: ['a.ts:4 sigmoid-before-logits-loss'] },
  { name: 'destructuring from tf', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst { layers, losses: { sigmoidCrossEntropy } } = tf;\nconst model = tf.sequential({ layers: [layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });\nmodel.compile({ loss: sigmoidCrossEntropy });` }, expect: ['a.js:4 sigmoid-before-logits-loss'] },
  { name: 'browser global tf', files: { 'page.html': `<html><body>\n<script src="tf.min.js"></script>\n<script>\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });\n</script></body></html>` }, expect: ['page.html:6 sigmoid-before-logits-loss'] },
  { name: 'html: a <script> inside an HTML comment is not code (commented out, or prose naming the tag)', files: { 'page.html': `<html><body>\n<!-- Tip: put this in a <script type="module"> tag and end it with </script> -->\n<!-- old version:\n<script>\nconst old = tf.sequential();\n${SIGMOID_HEAD}\nold.compile({ loss: tf.losses.sigmoidCrossEntropy });\n</script>\n-->\n<script>\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });\n</script></body></html>` }, expect: ['page.html:13 sigmoid-before-logits-loss'] },
  { name: 'html: the legacy <!-- ... //--> wrapper inside a classic script is a comment, the code is analysed', files: { 'page.html': `<html><body>\n<script language="JavaScript"><!--\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });\n  -->\n//--></script></body></html>` }, expect: ['page.html:5 sigmoid-before-logits-loss'] },
  { name: 'a local tf that is not tfjs', files: { 'a.js': `const tf = { sequential: () => ({ add() {}, compile() {} }), layers: { dense: (c) => c }, losses: {} };\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });` }, expect: [] },
  { name: 'an extra tfjs wrapper module from options', options: { tfModules: ['@acme/ml'] }, files: { 'a.js': `import * as ml from '@acme/ml';\nconst model = ml.sequential();\nmodel.add(ml.layers.dense({ units: 1, activation: 'sigmoid' }));\nmodel.compile({ loss: ml.losses.sigmoidCrossEntropy });` }, expect: ['a.js:4 sigmoid-before-logits-loss'] },

  // ---- values across files
  { name: 'ESM factory in another file', files: {
    'model.js': `import * as tf from '@tensorflow/tfjs';\nexport function createModel() {\n  const model = tf.sequential();\n  ${SIGMOID_HEAD}\n  return model;\n}`,
    'train.js': `import * as tf from '@tensorflow/tfjs';\nimport { createModel } from './model';\nconst model = createModel();\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });` }, expect: ['train.js:4 sigmoid-before-logits-loss'] },
  { name: 'default export through an index re-export', files: {
    'lib/model.ts': `import * as tf from '@tensorflow/tfjs';\nexport default () => tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [8] })] });`,
    'lib/index.ts': `export { default as build } from './model';\nexport * from './other';`,
    'lib/other.ts': `export const X = 1;`,
    'main.ts': `import { build } from './lib';\nconst m = build();\nm.compile({ loss: 'binaryCrossentropy', optimizer: 'adam' });` }, expect: ['main.ts:3 logits-into-probability-loss'] },
  { name: 'CommonJS module.exports and require', files: {
    'model.js': `const tf = require('@tensorflow/tfjs');\nfunction build(n) { const m = tf.sequential(); m.add(tf.layers.dense({ units: n, inputShape: [4], activation: 'softmax' })); return m; }\nmodule.exports = { build };`,
    'train.js': `const { build } = require('./model');\nconst m = build(1);` }, expect: ['model.js:2 softmax-single-unit'] },
  { name: 'layer config spread from a constants file', files: {
    'config.js': `export const OUTPUT = { units: 1, activation: 'sigmoid' };`,
    'm.js': `import * as tf from '@tensorflow/tfjs';\nimport { OUTPUT } from './config.js';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ inputShape: [3], ...OUTPUT }));\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });` }, expect: ['m.js:5 sigmoid-before-logits-loss'] },
  { name: 'an unknown spread hides the activation', files: { 'm.js': `import * as tf from '@tensorflow/tfjs';\nexport function f(extra) {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 1, ...extra }));\n  model.compile({ loss: 'binaryCrossentropy' });\n}` }, expect: [] },

  // ---- consts, parameters, call sites
  { name: 'units folded from a const', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst NUM_CLASSES = 2 - 1;\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: NUM_CLASSES, inputShape: [4], activation: 'softmax' }));` }, expect: ['a.js:4 softmax-single-unit'] },
  { name: 'units from a parameter never called', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nexport function head(units) { return tf.layers.dense({ units, activation: 'softmax' }); }` }, expect: [] },
  { name: 'units from an argument at a known call site', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nfunction head(units) {\n  return tf.layers.dense({ units, activation: 'softmax' });\n}\nhead(10);\nhead(1);` }, expect: ['a.js:3 softmax-single-unit'] },
  { name: 'a last layer added on one branch only', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nexport function build(binary) {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 8, inputShape: [4] }));\n  if (binary) model.add(tf.layers.activation({ activation: 'sigmoid' }));\n  model.compile({ loss: tf.losses.sigmoidCrossEntropy });\n}` }, expect: [] },
  { name: 'a loaded model is unknown', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = await tf.loadLayersModel('model.json');\nmodel.compile({ loss: 'binaryCrossentropy' });\nconst c = model.predict(x).argMax();` }, expect: [] },

  // ---- classes and closures
  { name: 'class field assigned in the constructor, used in a method', files: { 'a.ts': `import * as tf from '@tensorflow/tfjs';\nclass Net {\n  private model: tf.Sequential | null = null;\n  constructor() {\n    this.model = tf.sequential();\n    this.model.add(tf.layers.dense({ units: 1, inputShape: [5] }));\n  }\n  train() {\n    this.model!.compile({ loss: 'binaryCrossentropy', metrics: ['accuracy'] });\n  }\n}` }, expect: ['a.ts:9 logits-into-probability-loss'] }, // one root cause: the metric is named in the loss's finding
  { name: 'custom loop: optimizer.minimize and tf.tidy closures', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\n${SIGMOID_HEAD}\nconst opt = tf.train.adam();\nfor (const [xs, ys] of batches) {\n  opt.minimize(() => tf.tidy(() => {\n    const p = model.predict(xs);\n    return tf.losses.sigmoidCrossEntropy(ys, p);\n  }));\n}` }, expect: ['a.js:8 sigmoid-before-logits-loss'] },
  { name: 'tf.sigmoid chained on logits, function returning [logits, probs]', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst w = tf.variable(tf.randomNormal([4, 1]));\nfunction forward(x) { const logits = x.matMul(w); return [logits, tf.sigmoid(logits)]; }\nconst [, probs] = forward(xs);\nconst loss = tf.losses.sigmoidCrossEntropy(ys, probs);` }, expect: ['a.js:5 sigmoid-before-logits-loss'] },
  { name: 'functional model: tf.input, apply, tf.model', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst input = tf.input({ shape: [4] });\nconst h = tf.layers.dense({ units: 8, activation: 'relu' }).apply(input);\nconst out = tf.layers.softmax().apply(tf.layers.dense({ units: 1 }).apply(h));\nconst model = tf.model({ inputs: input, outputs: out });` }, expect: ['a.js:4 softmax-single-unit'] },
  { name: 'two models, only one outputs logits', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst a = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\nconst b = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });\nb.compile({ loss: 'binaryCrossentropy' });\na.compile({ loss: tf.losses.sigmoidCrossEntropy });\nconst yes = b.predict(x).greater(0.5);` }, expect: [] },
  { name: 'await and .then on a factory', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nasync function make() { const m = tf.sequential(); m.add(tf.layers.dense({ units: 1, inputShape: [2] })); m.compile({ loss: tf.losses.sigmoidCrossEntropy }); return m; }\nconst m = await make();\nconst r = (await m.predict(x).data())[0] > 0.5;\nmake().then((m2) => m2.predict(x).round());` }, expect: ['a.js:4 threshold-logits', 'a.js:5 threshold-logits'] },
  { name: 'recursion and mutual recursion end in unknown', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nfunction f(n) { return n ? g(n - 1) : tf.sequential(); }\nfunction g(n) { return f(n); }\nconst m = f(10);\nm.compile({ loss: 'binaryCrossentropy' });` }, expect: [] },

  // ---- object-literal `this` (Vue options API), mutated literals
  { name: "Vue options API: this.model across methods", files: { 'C.vue': `<template><button @click="train">Train</button></template>\n<script>\nimport * as tf from '@tensorflow/tfjs';\nexport default {\n  data() { return { model: null }; },\n  mounted() {\n    this.model = tf.sequential();\n    this.model.add(tf.layers.dense({ units: 1, inputShape: [3] }));\n    this.model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });\n  },\n  methods: {\n    guess(x) { return this.model.predict(x).argMax(-1); },\n  },\n};\n</script>` }, expect: ['C.vue:12 argmax-single-unit'] },
  { name: 'a layers array changed with push is unknown', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst stack = [tf.layers.dense({ units: 8, inputShape: [4] })];\nstack.push(tf.layers.dense({ units: 1, activation: 'sigmoid' }));\nconst model = tf.sequential({ layers: stack });\nmodel.compile({ loss: 'binaryCrossentropy' });` }, expect: [] },
  { name: 'a config object changed after it was written is unknown', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst head = { units: 1 };\nhead.activation = 'sigmoid';\nconst model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], ...head })] });\nmodel.compile({ loss: 'binaryCrossentropy' });` }, expect: [] },
  { name: 'model.trainable = false does not hide the model', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\nmodel.trainable = false;\nmodel.compile({ loss: 'binaryCrossentropy' });` }, expect: ['a.js:4 logits-into-probability-loss'] },

  // ---- idioms found in public tfjs code
  { name: 'new tf.Sequential({ layers })', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = new tf.Sequential({ layers: [\n  tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),\n  tf.layers.dense({ units: 1, activation: 'sigmoid' }) ] });\nmodel.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });` }, expect: ['a.js:5 sigmoid-before-logits-loss'] },
  { name: 'module.exports = a function, required whole', files: {
    'model.js': `const tf = require('@tensorflow/tfjs');\nfunction build() { const m = tf.sequential(); m.add(tf.layers.dense({ units: 1, inputShape: [4] })); return m; }\nmodule.exports = build;`,
    'train.js': `const build = require('./model');\nconst model = build();\nmodel.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });` }, expect: ['train.js:3 logits-into-probability-loss'] },

  // ---- fixes depend on how the model is trained
  { name: "'binaryCrossentropy' on logits with classWeight: the loss swap is only a suggestion", files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\nmodel.compile({ loss: 'binaryCrossentropy' });\nawait model.fit(xs, ys, { epochs: 5, classWeight: { 0: 1, 1: 10 } });` }, expect: ['a.js:3 logits-into-probability-loss'],
    check: (r) => { assert.strictEqual(r.findings[0].fix, undefined); assert.ok(r.findings[0].suggestions.some((s) => s.title.includes('sigmoidCrossEntropy'))); } },
  { name: "'binaryCrossentropy' on logits without classWeight: the loss swap is the safe fix", files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });\nmodel.compile({ loss: 'binaryCrossentropy' });\nawait model.fit(xs, ys, { epochs: 5 });` }, expect: ['a.js:3 logits-into-probability-loss'],
    check: (r) => { assert.strictEqual(r.findings[0].fix.safe, true); assert.strictEqual(r.findings[0].fix.edits[0].text, 'tf.losses.sigmoidCrossEntropy'); } },

  // ---- tutorial-style code that is correct
  { name: 'iris-style softmax classifier with argMax(-1)', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nexport async function run(xTrain, yTrain, xTest) {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({ units: 10, activation: 'sigmoid', inputShape: [xTrain.shape[1]] }));\n  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));\n  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });\n  await model.fit(xTrain, yTrain, { epochs: 40 });\n  const out = model.predict(xTest);\n  const winner = out.argMax(-1).dataSync()[0];\n  const probs = Array.from(out.dataSync());\n  return { winner, best: probs.map((p) => p > 0.5) };\n}` }, expect: [] },
  { name: 'core-API model: logits from matMul into softmaxCrossEntropy', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst w = tf.variable(tf.randomNormal([784, 10]));\nfunction model(xs) { return tf.tidy(() => xs.matMul(w)); }\nexport function loss(labels, logits) { return tf.losses.softmaxCrossEntropy(labels, logits).mean(); }\nexport function step(opt, batch) { return opt.minimize(() => loss(batch.labels, model(batch.xs)), true); }\nexport function predict(x) { return tf.tidy(() => Array.from(model(x).argMax(1).dataSync())); }` }, expect: [] },
  { name: 'transfer learning: predictions flattened before argMax()', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [7, 7, 256] }), tf.layers.dense({ units: 100, activation: 'relu' }), tf.layers.dense({ units: 4, activation: 'softmax' })] });\nmodel.compile({ optimizer: tf.train.adam(1e-4), loss: 'categoricalCrossentropy' });\nexport function classify(embeddings) { return model.predict(embeddings).as1D().argMax(); }` }, expect: [] },
  { name: 'regression head with round() is not logits', files: { 'a.js': `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });\nmodel.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['accuracy'] });\nexport const count = (x) => model.predict(x).round();` }, expect: [] },
];

describe('engine: resolution and value flow', () => {
  it('follows a factory in a file that is imported but not linted', () => {
    const r = lintSources({
      'model.js': `import * as tf from '@tensorflow/tfjs';\nexport function createModel() {\n  const m = tf.sequential();\n  m.add(tf.layers.dense({ units: 1, inputShape: [4], activation: 'sigmoid' }));\n  return m;\n}`,
      'train.js': `import * as tf from '@tensorflow/tfjs';\nimport { createModel } from './model';\nconst model = createModel();\nmodel.compile({ loss: tf.losses.sigmoidCrossEntropy });` }, {}, ['train.js']);
    assert.deepStrictEqual(summary(r), ['train.js:4 sigmoid-before-logits-loss']);
  });
  it('skips a generated bundle with a message instead of analysing it', () => {
    const r = lintSources({ 'bundle.js': `import * as tf from '@tensorflow/tfjs';\n${'var a=1;'.repeat(30000)}` });
    assert.deepStrictEqual(r.problems.map((p) => p.message), ['looks like minified code (very long lines), skipped; lint its sources instead']);
  });
  for (const c of cases) {
    it(c.name, () => {
      const result = lintSources(c.files, c.options);
      assert.deepStrictEqual(result.problems, []);
      assert.deepStrictEqual(summary(result), [...c.expect].sort());
      if (c.check) c.check(result);
    });
  }
});
