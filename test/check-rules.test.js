// The numeric check, rule by rule: the numbers it computes point the right way by a clear margin.
// In-process (computeCheck) with few epochs to stay fast; run.ts's child process is tested in
// check-run.test.js.
const assert = require('assert');
const { computeCheck } = require('../out/server/check/compute');
const { EXAMPLES } = require('../out/server/check/examples');

const EPOCHS = 20;
const last = (series) => series[series.length - 1];
const sigmoid = (v) => 1 / (1 + Math.exp(-v));

function withFacts(rule, facts) {
  const base = EXAMPLES[rule];
  return { ruleId: rule, facts: { ...base.facts, ...facts } };
}

describe('check: what each rule makes visible', function () {
  this.timeout(60000);
  const cache = new Map();
  const check = (input, options = {}) => {
    const key = JSON.stringify([input, options]);
    if (!cache.has(key)) cache.set(key, computeCheck(input, { epochs: EPOCHS, ...options }));
    return cache.get(key);
  };

  it('sigmoid-before-logits-loss: a loss floor, probabilities squeezed into (0.5, 0.731), smaller gradients', async () => {
    const r = await check(EXAMPLES['sigmoid-before-logits-loss']);
    const [w, f] = [last(r.series.written), last(r.series.fixed)];
    assert.ok(w.loss > 1.4 * f.loss, `written ${w.loss} vs fixed ${f.loss}`);
    for (const e of r.series.written) {
      assert.ok(e.lossProbMin >= 0.5 && e.lossProbMax <= sigmoid(1) + 1e-6, `epoch ${e.epoch}: ${e.lossProbMin}..${e.lossProbMax}`);
      assert.ok(e.loss >= r.summary.theoreticalFloor - 1e-6, `epoch ${e.epoch} went below the floor`);
    }
    assert.ok(r.summary.lossProbRange[1] - r.summary.lossProbRange[0] < 0.25);
    assert.ok(r.summary.fixedLossProbRange[1] - r.summary.fixedLossProbRange[0] > 0.9);
    assert.ok(r.series.written[0].gradNorm < r.series.fixed[0].gradNorm / 1.3, 'gradient at the same starting weights is smaller');
    assert.match(r.verdict, /stalls at .* never leave 0\.50\u20130\.73/);
  });

  it('softmax-before-logits-loss: the same for a 3-class softmax head', async () => {
    const r = await check(EXAMPLES['softmax-before-logits-loss']);
    const [w, f] = [last(r.series.written), last(r.series.fixed)];
    assert.ok(w.loss > 1.3 * f.loss, `written ${w.loss} vs fixed ${f.loss}`);
    const k = 3;
    const [lo, hi] = [1 / (1 + (k - 1) * Math.E), Math.E / (Math.E + k - 1)];
    for (const e of r.series.written) assert.ok(e.lossProbMin >= lo - 1e-6 && e.lossProbMax <= hi + 1e-6);
    assert.ok(Math.abs(r.summary.theoreticalFloor - Math.log(1 + (k - 1) / Math.E)) < 1e-12);
    assert.ok(r.summary.gradientRatio > 2, `gradient ratio ${r.summary.gradientRatio}`);
  });

  it('softmax-before-logits-loss into sigmoidCrossEntropy: probabilities in (0.5, 0.731) too', async () => {
    const r = await check(withFacts('softmax-before-logits-loss', { loss: 'tf.losses.sigmoidCrossEntropy' }));
    assert.strictEqual(r.models.written.includes('sigmoidCrossEntropy'), true);
    for (const e of r.series.written) assert.ok(e.lossProbMin >= 0.5 && e.lossProbMax <= sigmoid(1) + 1e-6);
    assert.ok(last(r.series.written).loss > 1.3 * last(r.series.fixed).loss);
  });

  it("logits-into-probability-loss ('binaryCrossentropy'): outputs clipped, exactly zero gradient there, a worse loss", async () => {
    const r = await check(EXAMPLES['logits-into-probability-loss']);
    const [w0, w, f] = [r.series.written[0], last(r.series.written), last(r.series.fixed)];
    assert.ok(w0.clippedShare > 0.3, `clipped at start ${w0.clippedShare}`);
    // On one unit a clipped output is a sample whose gradient is exactly zero.
    assert.strictEqual(w0.zeroGradShare, w0.clippedShare);
    assert.ok(w.zeroGradShare > 0.2);
    assert.strictEqual(f.zeroGradShare, 0);
    assert.ok(w.loss > 1.2 * f.loss, `written ${w.loss} vs fixed ${f.loss}`);
    assert.strictEqual(r.summary.nanEpoch, null);
  });

  it('logits-into-probability-loss (tf.losses.logLoss): NaN loss from the start, the fix trains', async () => {
    const r = await check(withFacts('logits-into-probability-loss', { loss: 'tf.losses.logLoss' }));
    assert.strictEqual(r.summary.nanEpoch, 0);
    assert.ok(r.series.written.every((e) => Number.isNaN(e.loss)));
    const f = last(r.series.fixed);
    assert.ok(Number.isFinite(f.loss) && f.loss < 0.6 * r.series.fixed[0].loss);
    assert.match(r.verdict, /NaN from the first batch/);
  });

  it('argmax-single-unit: the argMax accuracy equals the share of class 0 exactly, in every epoch', async () => {
    const r = await check(EXAMPLES['argmax-single-unit']);
    const share0 = r.data.classShares[0];
    assert.ok(share0 > 0.6 && share0 < 0.8, `imbalanced data, class 0 share ${share0}`);
    for (const e of r.series.written) assert.strictEqual(e.measuredAccuracy, share0);
    for (const e of r.series.written) assert.strictEqual(e.measuredClass1Recall, 0);
    assert.strictEqual(r.summary.equalsClass0Share, true);
    assert.ok(last(r.series.fixed).measuredAccuracy > share0 + 0.05);
    // Same training: the loss curves are identical, only the reading differs.
    assert.deepStrictEqual(r.series.written.map((e) => e.loss), r.series.fixed.map((e) => e.loss));
  });

  it('argmax-batch-axis: one value per class (sample indices), not one class per sample', async () => {
    const r = await check(EXAMPLES['argmax-batch-axis']);
    for (const e of r.series.written) {
      assert.strictEqual(e.decisionLength, 3);
      assert.ok(e.decisionValues.every((v) => Number.isInteger(v) && v >= 0 && v < r.data.samples));
      assert.ok(e.measuredAccuracy <= 3 / r.data.samples);
    }
    assert.strictEqual(last(r.series.fixed).decisionLength, r.data.samples);
    assert.ok(last(r.series.fixed).measuredAccuracy > 0.6);
  });

  it('softmax-single-unit: output exactly 1.0, gradient exactly 0, loss frozen', async () => {
    const r = await check(EXAMPLES['softmax-single-unit']);
    for (const e of r.series.written) {
      assert.strictEqual(e.outputMin, 1);
      assert.strictEqual(e.outputMax, 1);
      assert.strictEqual(e.gradNorm, 0);
      assert.strictEqual(e.zeroGradShare, 1);
      assert.strictEqual(e.loss, r.series.written[0].loss);
    }
    assert.strictEqual(r.summary.gradientZero, true);
    const [w, f] = [last(r.series.written), last(r.series.fixed)];
    assert.strictEqual(w.trueAccuracy, r.data.classShares[1], 'always class 1');
    assert.ok(f.loss < w.loss / 5 && f.trueAccuracy > w.trueAccuracy + 0.2);
  });

  it('threshold-logits (greater(0.5)): the wrong threshold misses class-1 samples the right one finds', async () => {
    const r = await check(EXAMPLES['threshold-logits']);
    const s = r.summary;
    assert.ok(s.rightThresholdClass1Recall > s.wrongThresholdClass1Recall + 0.05, JSON.stringify(s));
    // A higher threshold can only find fewer class-1 samples, in every epoch.
    r.series.written.forEach((e, i) => assert.ok(e.measuredClass1Recall <= r.series.fixed[i].measuredClass1Recall));
  });

  it('threshold-logits (round()): rounding logits is far from the real accuracy', async () => {
    const r = await check(withFacts('threshold-logits', { decision: 'round()' }));
    assert.ok(r.summary.rightThresholdAccuracy > r.summary.wrongThresholdAccuracy + 0.2, JSON.stringify(r.summary));
  });

  it('zero-threshold-on-probabilities (> 0 on a sigmoid output): every sample is called class 1, in every epoch; 0.5 does better', async () => {
    const r = await check(EXAMPLES['zero-threshold-on-probabilities']);
    const s = r.summary;
    assert.match(r.models.written, /decision greater\(0\)$/);
    assert.match(r.models.fixed, /decision greater\(0\.5\)$/);
    // A sigmoid is never below 0: every class-1 sample is found, and accuracy is the share of class 1.
    r.series.written.forEach((e) => {
      assert.strictEqual(e.measuredClass1Recall, 1);
      assert.strictEqual(e.measuredAccuracy, r.data.classShares[1]);
    });
    assert.ok(s.rightThresholdAccuracy > s.wrongThresholdAccuracy + 0.2, JSON.stringify(s));
    assert.match(r.verdict, /probabilities/);
  });

  it('categorical-loss-single-unit: the loss is constant, the gradient exactly 0, nothing learns', async () => {
    const r = await check(EXAMPLES['categorical-loss-single-unit']);
    assert.strictEqual(r.summary.lossConstant, true);
    assert.strictEqual(r.summary.maxGradNorm, 0);
    const accuracies = new Set(r.series.written.map((e) => e.trueAccuracy));
    assert.strictEqual(accuracies.size, 1, 'accuracy never moves');
    const [f0, f] = [r.series.fixed[0], last(r.series.fixed)];
    assert.ok(f.loss < 0.7 * f0.loss && f.trueAccuracy > last(r.series.written).trueAccuracy + 0.1);
  });

  it('accuracy-metric-on-logits: binaryAccuracy at 0.5 on logits against the right threshold', async () => {
    const r = await check(EXAMPLES['accuracy-metric-on-logits']);
    const s = r.summary;
    assert.ok(s.rightThresholdClass1Recall > s.wrongThresholdClass1Recall + 0.05, JSON.stringify(s));
    // tfjs's binaryAccuracy is greater(0.5) on the logits: the same numbers as threshold-logits'
    // decision on the same model and data.
    const t = await check(EXAMPLES['threshold-logits']);
    assert.deepStrictEqual(r.series.written.map((e) => e.measuredAccuracy), t.series.written.map((e) => e.measuredAccuracy));
    assert.match(r.verdict, /binaryAccuracy/);
  });

  it('swapped-loss-arguments: the loss as written runs below zero while the real loss and accuracy get worse', async () => {
    const r = await check(EXAMPLES['swapped-loss-arguments']);
    const [w0, w, f] = [r.series.written[0], last(r.series.written), last(r.series.fixed)];
    assert.ok(w.loss < 0 && w.loss < w0.loss);
    assert.ok(w.trueLoss > 3 * f.trueLoss, `true loss ${w.trueLoss} vs ${f.trueLoss}`);
    assert.ok(f.trueAccuracy > w.trueAccuracy + 0.3);
  });

  it('nll-loss-input (softmax into NLLLoss): the loss goes below 0, exp() of its input exceeds 1, log_softmax fixes the real cross-entropy', async () => {
    const r = await check(EXAMPLES['nll-loss-input']);
    const [w, f] = [last(r.series.written), last(r.series.fixed)];
    assert.ok(r.summary.writtenMinLoss < 0 && r.summary.lossBelowZero, `min loss ${r.summary.writtenMinLoss}`);
    for (const e of r.series.written) assert.ok(e.loss >= -1 - 1e-6 && e.loss <= 0, `epoch ${e.epoch}: -p[target] lies in [-1, 0], got ${e.loss}`);
    for (const e of r.series.fixed) assert.ok(e.loss > 0, `epoch ${e.epoch}: a cross-entropy is positive, got ${e.loss}`);
    assert.ok(r.summary.lossProbRange[0] >= 1 - 1e-6, `exp(probabilities) >= 1: ${r.summary.lossProbRange}`);
    assert.ok(f.trueLoss < w.trueLoss, `real cross-entropy ${f.trueLoss} with the fix vs ${w.trueLoss}`);
    assert.match(r.models.fixed, /logSoftmax; loss nn\.NLLLoss/);
    assert.match(r.verdict, /goes below 0/);
  });

  it('nll-loss-input (raw logits into NLLLoss): the loss has no floor; CrossEntropyLoss (the quick fix) trains', async () => {
    const input = {
      ...withFacts('nll-loss-input', { layers: [{ kind: 'dense', units: 16, activation: 'relu' }, { kind: 'dense', units: 4 }] }),
      fix: { kind: 'switch-loss', loss: 'softmaxCrossEntropy', title: 'Use nn.CrossEntropyLoss, which expects logits', safe: true, source: 'fix', others: [] },
    };
    const r = await check(input);
    const [w, f] = [last(r.series.written), last(r.series.fixed)];
    assert.ok(w.loss < -5, `logits grow without bound: ${w.loss}`);
    assert.ok(f.trueAccuracy > w.trueAccuracy, `accuracy ${f.trueAccuracy} with the fix vs ${w.trueAccuracy}`);
    assert.match(r.models.fixed, /softmaxCrossEntropy/);
    assert.match(r.fixNote, /Not run: the other way to fix it, log_softmax on the logits/);
  });

  it('two runs with the same seed agree exactly; another seed gives other numbers', async () => {
    const strip = ({ elapsedMs, ...rest }) => rest;
    const a = await computeCheck(EXAMPLES['sigmoid-before-logits-loss'], { epochs: 5, seed: 7 });
    const b = await computeCheck(EXAMPLES['sigmoid-before-logits-loss'], { epochs: 5, seed: 7 });
    const c = await computeCheck(EXAMPLES['sigmoid-before-logits-loss'], { epochs: 5, seed: 8 });
    assert.deepStrictEqual(strip(a), strip(b));
    assert.notDeepStrictEqual(strip(a).series, strip(c).series);
  });

  it('a functional model with an unknown trunk gets the default trunk, and the report says so', async () => {
    const r = await check({
      ruleId: 'sigmoid-before-logits-loss',
      facts: { layers: [{ kind: 'unknown', name: 'functional trunk' }, { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'tf.losses.sigmoidCrossEntropy' },
    }, { epochs: 3 });
    assert.ok(r.notes.some((n) => /Default trunk dense\(16, relu\).*functional trunk/.test(n)), r.notes.join('\n'));
    assert.ok(r.notes.some((n) => /Input width unknown: the replica uses 8/.test(n)));
    assert.match(r.models.written, /^input 8 \(the replica's\) \u2192 dense\(16, relu\) \(the replica's\) \u2192 dense\(1\) \u2192 sigmoid/);
  });

  it('rejects an unknown rule and bad epochs with a clear message', async () => {
    await assert.rejects(computeCheck({ ruleId: 'no-such-rule' }), /unknown rule 'no-such-rule'/);
    await assert.rejects(computeCheck(EXAMPLES['argmax-single-unit'], { epochs: 0 }), /epochs must be an integer from 1/);
  });
});
