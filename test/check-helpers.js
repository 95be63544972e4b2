// Hand-made check reports and findings for the numeric check's tests (no training, no engine).

function epoch(i, loss) {
  return {
    epoch: i, loss, trueLoss: loss, measuredAccuracy: 0.7, trueAccuracy: 0.9, measuredClass1Recall: null, outputMin: 0, outputMax: 1,
    lossProbMin: null, lossProbMax: null, clippedShare: null, gradNorm: 0.1, zeroGradShare: 0, decisionLength: 10,
  };
}

/** A successful report of logits-into-probability-loss with a NaN written loss. */
function cannedReport(overrides = {}) {
  return {
    status: 'ok', ruleId: 'logits-into-probability-loss', backend: 'tfjs (cpu, pure JS)', seed: 1, epochs: 2, optimizer: 'Adam(0.02)', batchSize: 256,
    data: { trainSamples: 20, samples: 10, inputWidth: 8, classes: 2, classShares: [0.6, 0.4] },
    models: { written: 'input 8 \u2192 dense(1); loss tf.losses.logLoss', fixed: 'input 8 \u2192 dense(1) \u2192 sigmoid; loss tf.losses.logLoss' },
    fix: "activation 'sigmoid'", sameTraining: false, notes: ['Input width unknown: the replica uses 8 features.'],
    series: { written: [epoch(0, NaN), epoch(1, NaN), epoch(2, NaN)], fixed: [epoch(0, 0.7), epoch(1, 0.5), epoch(2, 0.3)] },
    summary: { nanEpoch: 0 }, verdict: 'As written the loss is NaN from the first batch.', elapsedMs: 1234,
    ...overrides,
  };
}

/** A Finding as the engine reports it, at `line` of `file`. */
function finding(file, ruleId, line, facts = { layers: [{ kind: 'dense', units: 1 }], loss: 'tf.losses.logLoss' }, endLine = line) {
  return {
    ruleId, severity: 'warn', message: `${ruleId} here`, related: [], suggestions: [], facts,
    location: { file, start: 0, end: 1, line, column: 3, endLine, endColumn: 9 },
  };
}

module.exports = { cannedReport, finding };
