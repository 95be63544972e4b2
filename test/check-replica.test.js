// The numeric check's pure parts: reading the engine's facts, the replica plans per rule, the loss
// and decision parsers, the seeded data, the chart and the report formats. No training here.
const assert = require('assert');
const { planReplica, RULE_IDS } = require('../out/server/check/replica');
const { parseLoss } = require('../out/server/check/losses');
const { parseDecision } = require('../out/server/check/decisions');
const { makeSplit } = require('../out/server/check/data');
const { makeRng } = require('../out/server/check/prng');
const { asciiChart } = require('../out/server/check/chart');
const { formatJson, formatText } = require('../out/server/check/report');
const { EXAMPLES } = require('../out/server/check/examples');
const { cannedReport } = require('./check-helpers');

describe('check: replica plans', () => {
  it('has a plan for every rule, and the fixed model differs from the written one', () => {
    const { ruleMetas } = require('../out/rules');
    assert.deepStrictEqual([...RULE_IDS].sort(), ruleMetas.map((m) => m.id).sort());
    for (const rule of RULE_IDS) {
      const plan = planReplica(EXAMPLES[rule]);
      assert.notDeepStrictEqual(plan.fixed, plan.written, rule);
      assert.ok(plan.fix.length > 10, rule);
    }
  });

  it('keeps the layer stack as written and removes only what the rule is about', () => {
    const plan = planReplica(EXAMPLES['sigmoid-before-logits-loss']);
    assert.deepStrictEqual(plan.written.hidden, [{ units: 16, activation: 'relu' }]);
    assert.deepStrictEqual(plan.written.outputActivations, ['sigmoid']);
    assert.deepStrictEqual(plan.fixed.outputActivations, []);
    assert.strictEqual(plan.fixed.loss.id, 'sigmoidCrossEntropy');
    // (A loss finding does not carry the code's decision: the replica's own is said.)
    assert.deepStrictEqual(plan.notes, ["Your code's decision is not part of this finding: the replica reads the output with greater(0.5)."]);
  });

  it('fixes logits-into-probability-loss with the activation the loss expects', () => {
    assert.deepStrictEqual(planReplica(EXAMPLES['logits-into-probability-loss']).fixed.outputActivations, ['sigmoid']);
    const multi = planReplica({ ruleId: 'logits-into-probability-loss', facts: { layers: [{ kind: 'dense', units: 4 }], loss: "'sparseCategoricalCrossentropy'" } });
    assert.strictEqual(multi.written.loss.id, 'sparseCategoricalCrossentropy');
    assert.deepStrictEqual(multi.fixed.outputActivations, ['softmax']);
    assert.strictEqual(multi.task.classes, 4);
  });

  it('swaps the loss arguments back, and only that', () => {
    const plan = planReplica(EXAMPLES['swapped-loss-arguments']);
    assert.strictEqual(plan.written.loss.swapped, true);
    assert.deepStrictEqual(plan.fixed, { ...plan.written, loss: { ...plan.written.loss, swapped: false } });
  });

  it('decision rules train once and read the output two ways', () => {
    for (const rule of ['argmax-single-unit', 'argmax-batch-axis', 'threshold-logits', 'accuracy-metric-on-logits']) {
      const plan = planReplica(EXAMPLES[rule]);
      assert.strictEqual(plan.sameTraining, true, rule);
      assert.deepStrictEqual({ ...plan.fixed, decision: null }, { ...plan.written, decision: null }, rule);
    }
    assert.deepStrictEqual(planReplica(EXAMPLES['argmax-single-unit']).fixed.decision, { kind: 'threshold', value: 0.5, inclusive: false });
    assert.deepStrictEqual(planReplica(EXAMPLES['threshold-logits']).fixed.decision, { kind: 'threshold', value: 0, inclusive: false });
  });

  it('softmax-single-unit: sigmoid for a probability loss, nothing for a logits loss', () => {
    assert.deepStrictEqual(planReplica(EXAMPLES['softmax-single-unit']).fixed.outputActivations, ['sigmoid']);
    const logits = planReplica({ ruleId: 'softmax-single-unit', facts: { layers: [{ kind: 'dense', units: 1, activation: 'softmax' }], loss: 'tf.losses.sigmoidCrossEntropy' } });
    assert.deepStrictEqual(logits.fixed.outputActivations, []);
  });

  it('states every default: input width, trunk, output width, loss; and assumes what the rule proves', () => {
    const plan = planReplica({ ruleId: 'softmax-single-unit', facts: { layers: [] } });
    const notes = plan.notes.join('\n');
    assert.match(notes, /Input width unknown: the replica uses 8 features/);
    assert.match(notes, /Default trunk dense\(16, relu\)/);
    assert.match(notes, /Output width unknown in your code: the replica uses 1 unit/);
    assert.match(notes, /do not show the softmax; the replica puts it on the output layer/);
    assert.match(notes, /Loss unknown: the replica uses 'binaryCrossentropy'/);
    assert.deepStrictEqual(plan.written.outputActivations, ['softmax']);
  });

  it('scales big models down to stay fast, and says so', () => {
    const plan = planReplica({
      ruleId: 'softmax-before-logits-loss',
      facts: { inputWidth: 784, layers: [{ kind: 'dense', units: 512, activation: 'relu' }, { kind: 'passthrough', name: 'dropout' }, { kind: 'dense', units: 100, activation: 'softmax' }], loss: 'tf.losses.softmaxCrossEntropy' },
    });
    assert.strictEqual(plan.written.inputWidth, 64);
    assert.deepStrictEqual(plan.written.hidden, [{ units: 64, activation: 'relu' }]);
    assert.strictEqual(plan.written.outputUnits, 16);
    const notes = plan.notes.join('\n');
    assert.match(notes, /Input width 784 is scaled down to 64/);
    assert.match(notes, /512 units is scaled down to 64/);
    assert.match(notes, /100 units; the replica uses 16/);
    assert.match(notes, /dropout in the trunk is left out/);
  });

  it('a layer of a kind it does not know is an unknown layer: default trunk', () => {
    const plan = planReplica({ ruleId: 'threshold-logits', facts: { layers: [{ kind: 'conv2d' }, { kind: 'dense', units: 1 }] } });
    assert.match(plan.notes.join('\n'), /Default trunk dense\(16, relu\): the layers before the output \(conv2d\) cannot be rebuilt/);
  });

  it('survives facts of the wrong shape (they cross a process boundary)', () => {
    const plan = planReplica({
      ruleId: 'argmax-single-unit',
      facts: { inputWidth: 'wide', layers: [null, { kind: 'dense', units: -3, activation: 42 }, { kind: 'dense', units: 2.5, activation: {} }], loss: 7, decision: ['argMax'] },
    });
    assert.strictEqual(plan.written.inputWidth, 8);
    assert.strictEqual(plan.written.outputUnits, 1);
    assert.deepStrictEqual(plan.written.decision, { kind: 'argMax', axis: -1 });
    assert.match(plan.notes.join('\n'), /not a number of units/);
  });

  it('a loss the rule is not about falls back to the rule\u2019s own, with a note', () => {
    const plan = planReplica({ ruleId: 'categorical-loss-single-unit', facts: { layers: [{ kind: 'dense', units: 1 }], loss: 'meanSquaredError' } });
    assert.strictEqual(plan.written.loss.id, 'categoricalCrossentropy');
    assert.match(plan.notes.join('\n'), /Loss meanSquaredError is not one this rule is about/);
  });
});

describe('check: parsers', () => {
  it('reads losses as the engine writes them', () => {
    assert.strictEqual(parseLoss('tf.losses.sigmoidCrossEntropy'), 'sigmoidCrossEntropy');
    assert.strictEqual(parseLoss('losses.softmaxCrossEntropy'), 'softmaxCrossEntropy');
    assert.strictEqual(parseLoss("'binaryCrossentropy'"), 'binaryCrossentropy');
    assert.strictEqual(parseLoss('binaryCrossentropy'), 'binaryCrossentropy');
    assert.strictEqual(parseLoss('tf.metrics.binaryCrossentropy'), 'metrics.binaryCrossentropy');
    assert.strictEqual(parseLoss('tfjs.losses.logLoss'), 'logLoss');
    assert.strictEqual(parseLoss('meanSquaredError'), undefined);
    assert.strictEqual(parseLoss(undefined), undefined);
  });

  it('reads decisions as the engine writes them', () => {
    assert.deepStrictEqual(parseDecision('argMax(-1)'), { kind: 'argMax', axis: -1 });
    assert.deepStrictEqual(parseDecision('tf.argMax(x, 1)'), { kind: 'argMax', axis: 1 });
    assert.deepStrictEqual(parseDecision('argMax()'), { kind: 'argMax', axis: undefined });
    assert.deepStrictEqual(parseDecision('tf.argMax(preds)'), { kind: 'argMax', axis: undefined });
    assert.deepStrictEqual(parseDecision('round()'), { kind: 'round' });
    assert.deepStrictEqual(parseDecision('Math.round'), { kind: 'round' });
    assert.deepStrictEqual(parseDecision('greaterEqual(0.5)'), { kind: 'threshold', value: 0.5, inclusive: true });
    assert.deepStrictEqual(parseDecision('> 0.5'), { kind: 'threshold', value: 0.5, inclusive: false });
    assert.deepStrictEqual(parseDecision('binaryAccuracy (threshold 0.5)'), { kind: 'binaryAccuracy' });
    assert.strictEqual(parseDecision('something else'), undefined);
  });
});

describe('check: seeded data', () => {
  it('is the same for the same seed and different for another; no Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      const task = { classes: 2, class0Share: 0.7 };
      const a = makeSplit(task, 5, 100, 50, 3);
      const b = makeSplit(task, 5, 100, 50, 3);
      const c = makeSplit(task, 5, 100, 50, 4);
      assert.deepStrictEqual(a, b);
      assert.notDeepStrictEqual(a.train.x, c.train.x);
    } finally {
      Math.random = original;
    }
  });

  it('gives the training set the exact class-0 share and labels the test set with the same teacher', () => {
    const { train, test } = makeSplit({ classes: 2, class0Share: 0.7 }, 8, 512, 256, 1);
    assert.strictEqual(train.classShares[0], Math.round(0.7 * 512) / 512);
    assert.ok(Math.abs(test.classShares[0] - 0.7) < 0.08, `test share ${test.classShares[0]}`);
    assert.strictEqual(test.labels.length, 256);
  });

  it('makes every class of a multi-class task appear', () => {
    const { train } = makeSplit({ classes: 4 }, 8, 512, 64, 2);
    assert.strictEqual(train.classShares.length, 4);
    assert.ok(train.classShares.every((s) => s > 0.1), train.classShares.join(' '));
  });

  it('the PRNG streams of one seed are independent and repeatable', () => {
    const draw = (seed, stream) => Array.from({ length: 5 }, makeRng(seed, stream).next);
    assert.deepStrictEqual(draw(1, 0), draw(1, 0));
    assert.notDeepStrictEqual(draw(1, 0), draw(1, 1));
    assert.notDeepStrictEqual(draw(1, 0), draw(2, 0));
  });
});

describe('check: report', () => {
  const report = cannedReport();

  it('prints the table, the chart, the verdict, the assumptions and the backend', () => {
    const text = formatText({ ...report, source: { file: 'model.js', line: 12 } });
    assert.match(text, /^logit-lint check: logits-into-probability-loss \u2014 model\.js:12/);
    assert.match(text, /as written +with the fix/);
    assert.match(text, /loss as the code computes it +NaN \u2192 NaN +0\.70 \u2192 0\.30/);
    assert.match(text, /Loss per epoch \(x as written, o with the fix, \* both\)/);
    assert.match(text, /\(NaN losses are not plotted\)/);
    assert.match(text, /Verdict: As written the loss is NaN from the first batch\./);
    assert.match(text, /Assumptions:\n {2}- Input width unknown/);
    assert.match(text, /Backend: tfjs \(cpu, pure JS\); 1\.2 s/);
  });

  it('JSON keeps every number, NaN spelled as a string', () => {
    const parsed = JSON.parse(formatJson(report));
    assert.strictEqual(parsed.series.written[1].loss, 'NaN');
    assert.strictEqual(parsed.series.fixed[2].loss, 0.3);
    assert.strictEqual(parsed.summary.nanEpoch, 0);
  });

  it('a failed check prints one line', () => {
    assert.strictEqual(formatText({ status: 'timeout', ruleId: 'threshold-logits', message: 'the check ran past its limit', elapsedMs: 5 }), 'logit-lint check threshold-logits: the check ran past its limit\n');
  });

  it('the chart puts the falling curve low at the end and marks shared cells', () => {
    const lines = asciiChart([1, 1, 1], [1, 0.5, 0], { width: 8, height: 5 });
    assert.strictEqual(lines.length, 7);
    assert.match(lines[0], /^1\.00 \|\*/);
    assert.match(lines[4], /^0\.00 \| +o$/);
    assert.deepStrictEqual(asciiChart([NaN], [NaN]), ['(no finite values to plot)']);
  });
});
