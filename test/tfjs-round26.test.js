// Red team round 26 (session 15), TensorFlow.js: flat data arrays, models saved with their
// training config, variables rebound statement by statement. Guards that pass on the session's first
// build too: arraySync() keeping the batch axis, the switch staying safe when not saved with the
// optimizer, and writes in a branch keeping the old all-writes-agree rule.
const assert = require('assert');
const { lintJs } = require('./helpers/js-lint');

const HEAD = (units, act) => ["import * as tf from '@tensorflow/tfjs';", 'const model = tf.sequential();', `model.add(tf.layers.dense({ units: ${units}${act ? `, activation: '${act}'` : ''}, inputShape: [784] }));`];

describe('tfjs round 26: dataSync() / data() hold every value in one flat array', () => {
  it('tf.argMax over dataSync(), data() or one row of arraySync() is not an argmax over the batch', () => {
    for (const pick of ['tf.argMax(out.dataSync())', 'tf.argMax(await out.data())', 'tf.argMax(out.arraySync()[0])', 'tf.argMax(Array.from(out.dataSync()))']) {
      assert.deepStrictEqual(lintJs([...HEAD(10, 'softmax'), 'export async function digit(pixels) {', '  const out = model.predict(tf.tensor2d([pixels]));', `  return ${pick}.dataSync()[0];`, '}']), [], pick);
    }
  });

  it('over the N scores of a one-unit scorer, argMax(dataSync(), -1) and softmax(dataSync()) are over the candidates, not one unit', () => {
    const scorer = [...HEAD(1), "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });", 'const scores = model.predict(candidates);'];
    assert.deepStrictEqual(lintJs([...scorer, 'const best = tf.argMax(scores.dataSync(), -1).dataSync()[0];']), []);
    assert.deepStrictEqual(lintJs([...scorer, 'const weights = tf.softmax(scores.dataSync());']), []);
  });

  it('the nested arrays of arraySync() keep the batch axis: tf.argMax(out.arraySync()) on a batch of one is still reported', () => {
    assert.deepStrictEqual(lintJs([...HEAD(10, 'softmax'), 'const out = model.predict(tf.tensor2d([pixels]));', 'const c = tf.argMax(out.arraySync()).dataSync()[0];']).map((f) => f.rule), ['argmax-batch-axis']);
  });
});

describe("tfjs round 26: 'binaryCrossentropy' -> tf.losses.sigmoidCrossEntropy on a model saved with its training config", () => {
  const logits = (save) => [...HEAD(1), "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });", 'await model.fit(xs, ys);', ...(save ? [save] : [])];

  it('saved with includeOptimizer (or a config we cannot read): the switch is a suggestion (a reloaded model could not fit with a function loss)', () => {
    for (const save of ["await model.save('file://./ckpt', { includeOptimizer: true });", "await model.save('file://./ckpt', opts);"]) {
      assert.deepStrictEqual(lintJs(logits(save)), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }], save);
    }
  });

  it('not saved and not run: the switch stays the safe fix; saved without the optimizer too, it is a suggestion since round 29 (the saved model\'s users read its outputs, which would become logits)', () => {
    assert.strictEqual(lintJs(logits(undefined))[0].fix, true);
    for (const save of ["await model.save('file://./ckpt');", "await model.save('file://./ckpt', { includeOptimizer: false });"]) {
      assert.deepStrictEqual(lintJs(logits(save)), [{ rule: 'logits-into-probability-loss', fix: false, suggestions: 2 }], save);
    }
  });
});

describe('round 26: a file in a legacy encoding that looks binary', () => {
  const { runCli, useProjects } = require('./cli-helpers');
  const project = useProjects();

  it('gets one message, "binary file ... skipped", not also the note that it was linted with U+FFFD', () => {
    const gbk = Buffer.concat([Buffer.from('<html><body>'), Buffer.alloc(600, 0xb5), Buffer.from('</body></html>\n')]);
    const dir = project({ 'page.html': gbk.toString('latin1') });
    require('fs').writeFileSync(require('path').join(dir, 'page.html'), gbk);
    const err = runCli(['page.html'], { cwd: dir }).stderr;
    assert.match(err, /page\.html: binary file \(not UTF-8 text\), skipped/);
    assert.doesNotMatch(err, /U\+FFFD/);
  });
});

describe('tfjs round 26: a functional model built by rebinding one variable (`let x = ...; x = layer.apply(x)`)', () => {
  const build = (lines) => ["import * as tf from '@tensorflow/tfjs';", 'const input = tf.input({ shape: [30] });', ...lines, 'const model = tf.model({ inputs: input, outputs: x });', "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });"];

  it('each read sees the write before it: a sigmoid output layer into sigmoidCrossEntropy is found, a linear one is not', () => {
    const chain = (act) => ["let x = tf.layers.dense({ units: 16, activation: 'relu' }).apply(input);", 'x = tf.layers.dropout({ rate: 0.2 }).apply(x);', `x = tf.layers.dense({ units: 1${act} }).apply(x);`];
    assert.deepStrictEqual(lintJs(build(chain(", activation: 'sigmoid'"))).map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(lintJs(build(chain(''))), []);
  });

  it('a write in a branch, or a read in a callback, leaves the variable to all its writes (unknown where they disagree)', () => {
    const branch = ["let x = tf.layers.dense({ units: 16, activation: 'relu' }).apply(input);", "x = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(x);", 'if (logits) x = tf.layers.dense({ units: 1 }).apply(input);'];
    assert.deepStrictEqual(lintJs(build(branch)), []);
  });
});
