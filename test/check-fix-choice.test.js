// One fix story: the numeric check's "with the fix" replica makes the change of the finding's
// preferred quick fix (its `fix`, else its first suggestion), says which fix it ran and which it did
// not, and the verdict says when accuracy cannot show the bug.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { lintProject } = require('../out/rules');
const { fixChoiceOf, kindOfTitle } = require('../out/server/check/fix-kind');
const { planReplica } = require('../out/server/check/replica');
const { computeCheck } = require('../out/server/check/compute');
const { LspTestClient } = require('./lsp-test-client');
const { decodeNonFinite } = require('../out/server/lsp/protocol');

const DEMO = path.join(__dirname, '..', 'fixtures', 'demo');

function demoFinding(ruleId) {
  const files = fs.readdirSync(DEMO).map((f) => path.join(DEMO, f));
  const finding = lintProject(files).findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `the demo has a ${ruleId} finding`);
  return finding;
}

describe('check: the fix the replica makes follows the preferred quick fix', function () {
  this.timeout(60000);

  it('reads the kind of change from the titles rules/ writes', () => {
    assert.deepEqual(kindOfTitle("Use the loss 'binaryCrossentropy', which expects probabilities"), { kind: 'switch-loss', loss: 'binaryCrossentropy' });
    assert.deepEqual(kindOfTitle('Use tf.losses.sigmoidCrossEntropy, which expects logits'), { kind: 'switch-loss', loss: 'sigmoidCrossEntropy' });
    assert.deepEqual(kindOfTitle('Use tf.losses.logLoss, which expects probabilities'), { kind: 'switch-loss', loss: 'logLoss' });
    assert.deepEqual(kindOfTitle("Use 'binaryCrossentropy' (with a sigmoid output) for one unit"), { kind: 'switch-loss', loss: 'binaryCrossentropy' });
    assert.deepEqual(kindOfTitle("Add activation 'sigmoid' to the output layer"), { kind: 'add-activation', activation: 'sigmoid' });
    assert.deepEqual(kindOfTitle("Use activation 'sigmoid' for a single unit"), { kind: 'change-activation', activation: 'sigmoid' });
    assert.deepEqual(kindOfTitle('Swap the labels and predictions arguments'), { kind: 'swap-arguments' });
    assert.deepEqual(kindOfTitle('Threshold logits at 0 (the same decision as probability 0.5)'), { kind: 'change-decision' });
    assert.deepEqual(kindOfTitle('Something new'), { kind: 'other' });
  });

  it('the demo\'s double sigmoid: the replica switches the loss as the quick fix does, and names the fix it did not run', () => {
    const finding = demoFinding('sigmoid-before-logits-loss');
    const choice = fixChoiceOf(finding);
    assert.equal(choice.title, finding.fix.title);
    assert.equal(choice.source, 'fix');
    const plan = planReplica({ ruleId: finding.ruleId, facts: finding.facts, fix: choice });
    assert.deepEqual(plan.fixed.outputActivations, ['sigmoid'], 'the sigmoid stays');
    assert.equal(plan.fixed.loss.id, 'binaryCrossentropy');
    assert.match(plan.fixNote, /^Ran the preferred quick fix "Use the loss 'binaryCrossentropy'/);
    assert.match(plan.fixNote, /Not run: the other way to fix it, the sigmoid removed.*changes what predict\(\) returns/);

    // Without a quick fix to follow, the rule's own fix, said so.
    const own = planReplica({ ruleId: finding.ruleId, facts: finding.facts });
    assert.deepEqual(own.fixed.outputActivations, []);
    assert.equal(own.fixed.loss.id, 'sigmoidCrossEntropy');
    assert.match(own.fixNote, /rule's own fix/);
  });

  it('logits into a probability loss: the loss switch or the added activation, whichever the quick fix makes', () => {
    const facts = { layers: [{ kind: 'dense', units: 1 }], loss: "'binaryCrossentropy'" };
    const base = { safe: true, source: 'fix', others: [] };
    const switched = planReplica({ ruleId: 'logits-into-probability-loss', facts, fix: { ...base, ...kindOfTitle('Use tf.losses.sigmoidCrossEntropy, which expects logits'), title: 'Use tf.losses.sigmoidCrossEntropy, which expects logits' } });
    assert.equal(switched.fixed.loss.id, 'sigmoidCrossEntropy');
    assert.deepEqual(switched.fixed.outputActivations, []);
    const added = planReplica({ ruleId: 'logits-into-probability-loss', facts, fix: { ...base, safe: false, source: 'suggestion', ...kindOfTitle("Add activation 'sigmoid' to the output layer"), title: "Add activation 'sigmoid' to the output layer" } });
    assert.equal(added.fixed.loss.id, 'binaryCrossentropy');
    assert.deepEqual(added.fixed.outputActivations, ['sigmoid']);
    assert.match(added.fixNote, /^Ran the first suggested quick fix "Add activation 'sigmoid'/);
  });

  it('the verdict says accuracy cannot reveal a double sigmoid and points at the numbers that do', async () => {
    const finding = demoFinding('sigmoid-before-logits-loss');
    const report = await computeCheck({ ruleId: finding.ruleId, facts: finding.facts, fix: fixChoiceOf(finding) }, { epochs: 20 });
    const [w, f] = [report.series.written.at(-1).trueAccuracy, report.series.fixed.at(-1).trueAccuracy];
    assert.ok(Math.abs(w - f) <= 0.05, `accuracies ${w} and ${f} are close`);
    assert.equal(report.summary.accuracyBlind, true);
    assert.match(report.verdict, /Accuracy cannot reveal this bug .*keeps the ranking.*lowest loss, the probabilities the loss sees and the gradient/);
    assert.match(report.models.fixed, /sigmoid; loss 'binaryCrossentropy'/);
  });

  it('through the editor: the check runs the change of the preferred quick fix the code actions offer', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-fix-story-'));
    fs.cpSync(DEMO, root, { recursive: true });
    const client = new LspTestClient({ root });
    try {
      await client.initialize();
      await client.open('model.js', fs.readFileSync(path.join(root, 'model.js'), 'utf8'));
      const [diag] = await client.diagnostics('model.js');
      const preferred = (await client.codeActions('model.js', [diag])).find((a) => a.isPreferred);
      const report = decodeNonFinite(await client.executeCommand('logitLint.showNumericDifference', [client.uri('model.js'), diag.range, diag.code, { epochs: 3 }]));
      assert.equal(report.status, 'ok', report.message);
      assert.ok(report.fixNote.startsWith(`Ran the preferred quick fix "${preferred.title}"`), report.fixNote);
      assert.match(report.models.fixed, /loss 'binaryCrossentropy'/);
    } finally {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
