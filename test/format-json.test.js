// json: the shape of ESLint's JSON formatter, so tools built for ESLint results read ours.
const assert = require('assert');
const { formatJson } = require('../out/server/formatters/json');
const { buildReport, mergedEdit } = require('../out/server/formatters/common');
const sample = require('./golden/sample');

describe('format: json', () => {
  const results = JSON.parse(formatJson(sample.sampleReport()));

  it('has one entry per linted file, clean ones included, with ESLint counts', () => {
    assert.deepStrictEqual(results.map((r) => r.filePath), [sample.CLEAN, sample.MODEL, sample.ODD]);
    const model = results[1];
    assert.deepStrictEqual(
      Object.fromEntries(['errorCount', 'fatalErrorCount', 'warningCount', 'fixableErrorCount', 'fixableWarningCount'].map((k) => [k, model[k]])),
      { errorCount: 2, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 1, fixableWarningCount: 0 },
    );
    assert.strictEqual(results[2].warningCount, 1);
    assert.deepStrictEqual(results[0].messages, []);
  });

  it('messages carry ruleId, severity 2/1, message and a full range', () => {
    const [loss, unused] = results[1].messages;
    assert.deepStrictEqual(
      { ruleId: loss.ruleId, severity: loss.severity, line: loss.line, column: loss.column, endLine: loss.endLine, endColumn: loss.endColumn },
      { ruleId: 'sigmoid-before-logits-loss', severity: 2, line: 5, column: sample.lossLoc.column, endLine: 5, endColumn: sample.lossLoc.endColumn },
    );
    assert.strictEqual(unused.ruleId, null, 'an unused directive has no rule, as in ESLint');
    assert.strictEqual(results[2].messages[0].severity, 1);
  });

  it('a safe fix is ESLint\'s { range, text }; suggestions keep their titles', () => {
    const loss = results[1].messages[0];
    assert.deepStrictEqual(loss.fix, { range: [sample.lossLoc.start, sample.lossLoc.end], text: "'binaryCrossentropy'" });
    const round = results[2].messages[0];
    assert.strictEqual(round.fix, undefined);
    assert.deepStrictEqual(round.suggestions.map((s) => s.desc), ['Threshold at 0 instead', 'Apply sigmoid first']);
  });

  it('includes the source for files with messages only', () => {
    assert.strictEqual(results[1].source, sample.modelText);
    assert.strictEqual(results[0].source, undefined);
  });

  it('merges a multi-edit fix into one range, and drops fixes that touch other files', () => {
    const text = 'f(pred, label);';
    const swap = { title: 'swap', safe: true, edits: [{ file: '/a.js', start: 2, end: 6, text: 'label' }, { file: '/a.js', start: 8, end: 13, text: 'pred' }] };
    assert.deepStrictEqual(mergedEdit(swap, '/a.js', text), { range: [2, 13], text: 'label, pred' });
    assert.strictEqual(mergedEdit({ ...swap, edits: [...swap.edits, { file: '/b.js', start: 0, end: 0, text: 'x' }] }, '/a.js', text), undefined);
    const report = buildReport({ findings: [{ ...sample.findings[0], location: { ...sample.lossLoc, file: '/a.js' }, fix: swap }], files: [], texts: new Map([['/a.js', text]]), cwd: '/', rules: sample.rules, version: '0' });
    assert.deepStrictEqual(JSON.parse(formatJson(report))[0].messages[0].fix, { range: [2, 13], text: 'label, pred' });
  });

  it('a fix with edits in another file is counted fixable and carried whole in crossFileFix (as --fix applies it)', () => {
    const text = 'f(pred, label);';
    const across = { title: 'Remove the sigmoid', safe: true, edits: [{ file: '/model.js', start: 5, end: 30, text: '' }] };
    const sugg = { title: 'Switch the loss', safe: false, edits: [{ file: '/model.js', start: 40, end: 44, text: 'x' }] };
    const report = buildReport({ findings: [{ ...sample.findings[0], location: { ...sample.lossLoc, file: '/a.js' }, fix: across, suggestions: [sugg] }], files: [], texts: new Map([['/a.js', text]]), cwd: '/', rules: sample.rules, version: '0' });
    const [entry] = JSON.parse(formatJson(report));
    const m = entry.messages[0];
    assert.strictEqual(m.fix, undefined, 'ESLint\'s fix is a range of this file only');
    assert.strictEqual(entry.fixableErrorCount, 1);
    assert.deepStrictEqual(m.crossFileFix, { desc: 'Remove the sigmoid', edits: [{ filePath: '/model.js', range: [5, 30], text: '' }] });
    assert.deepStrictEqual(m.crossFileSuggestions, [{ desc: 'Switch the loss', edits: [{ filePath: '/model.js', range: [40, 44], text: 'x' }] }]);
    assert.strictEqual(m.suggestions, undefined);
  });
});
