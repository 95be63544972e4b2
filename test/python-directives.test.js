// Suppression comments in Python: `# logit-lint-disable-next-line`, `-line` and the file form, and
// the editor's "Disable ... for this line/file" edits written with `#`.
const assert = require('assert');
const { lintProject, initPython, disableForLineEdit, disableForFileEdit, applyEdits } = require('../out/rules');

const MODEL = [
  'import torch',
  'from torch import nn',
  'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())',
  'criterion = nn.BCEWithLogitsLoss()',
  'x, y = torch.randn(8, 4), torch.ones(8, 1)',
];

function lint(lines, options = {}) {
  const file = '/virtual/train.py';
  const text = lines.join('\n') + '\n';
  const r = lintProject([file], options, { readFile: (f) => (f === file ? text : undefined) });
  return { r, text, file };
}

describe('python: suppression comments', () => {
  before(() => initPython());

  it('the finding is there without a comment', () => {
    const { r } = lint([...MODEL, 'loss = criterion(model(x), y)']);
    assert.deepStrictEqual(r.findings.map((f) => `${f.location.line}:${f.ruleId}`), ['6:sigmoid-before-logits-loss']);
  });

  it('# logit-lint-disable-next-line, -line and the whole file hide it; a // comment does not', () => {
    const cases = [
      [...MODEL, '# logit-lint-disable-next-line sigmoid-before-logits-loss -- trained elsewhere', 'loss = criterion(model(x), y)'],
      [...MODEL, 'loss = criterion(model(x), y)  # logit-lint-disable-line sigmoid-before-logits-loss'],
      ['# logit-lint-disable sigmoid-before-logits-loss', ...MODEL, 'loss = criterion(model(x), y)'],
    ];
    for (const lines of cases) assert.deepStrictEqual(lint(lines).r.findings, [], lines.join('\n'));
    const { r } = lint([...MODEL, 'loss = criterion(model(x), y)  # // logit-lint-disable-line other-rule']);
    assert.strictEqual(r.findings.length, 1);
  });

  it('an unused # directive is reported as unused', () => {
    const { r } = lint(['# logit-lint-disable-next-line threshold-logits', ...MODEL, 'loss = criterion(model(x), y)'], { keepSuppressed: false });
    assert.deepStrictEqual(r.unusedDirectives.map((d) => [d.line, d.rules]), [[1, ['threshold-logits']]]);
  });

  it('the editor\'s disable edits are Python comments, indented like the line, and they work', () => {
    const lines = [...MODEL, 'def step():', '    loss = criterion(model(x), y)', '    return loss'];
    const { r, text, file } = lint(lines);
    assert.strictEqual(r.findings[0].location.line, 7);
    const next = applyEdits(text, [disableForLineEdit(file, text, 7, 'sigmoid-before-logits-loss')]);
    assert.match(next, /\n {4}# logit-lint-disable-next-line sigmoid-before-logits-loss\n {4}loss = criterion/);
    const whole = applyEdits(text, [disableForFileEdit(file, text, 'sigmoid-before-logits-loss')]);
    assert.ok(whole.startsWith('# logit-lint-disable sigmoid-before-logits-loss\n'));
    for (const t of [next, whole]) {
      const again = lintProject([file], {}, { readFile: (f) => (f === file ? t : undefined) });
      assert.deepStrictEqual(again.findings, []);
    }
  });
});

describe('python: suppression comments in notebooks (read in the cells, not in the JSON)', () => {
  before(() => initPython());

  /** A notebook of code cells; `asString`: each cell's source saved as one JSON string. */
  function notebook(cells, asString) {
    const source = (lines) => (asString ? lines.join('\n') : lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)));
    return JSON.stringify({
      cells: cells.map((lines) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: source(lines) })),
      metadata: { language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    }, null, 1);
  }
  const lintNotebook = (text) => {
    const file = '/virtual/train.ipynb';
    return lintProject([file], { keepSuppressed: false }, { readFile: (f) => (f === file ? text : undefined) });
  };
  const LOSS = 'loss = criterion(model(x), y)';

  for (const asString of [false, true]) {
    const how = asString ? 'source saved as one string' : 'source saved as a list of lines';
    it(`next-line, line and file directives suppress what they name (${how})`, () => {
      const cases = [
        [MODEL, ['# logit-lint-disable-next-line sigmoid-before-logits-loss', LOSS, 'z = 1']],
        [MODEL, [`${LOSS}  # logit-lint-disable-line sigmoid-before-logits-loss`, 'z = 1']],
        [MODEL, ['# logit-lint-disable-next-line', LOSS]],
        [['# logit-lint-disable sigmoid-before-logits-loss'], MODEL, [LOSS]],
      ];
      for (const cells of cases) {
        const r = lintNotebook(notebook(cells, asString));
        assert.deepStrictEqual(r.findings.map((f) => f.ruleId), [], JSON.stringify(cells));
        assert.deepStrictEqual(r.unusedDirectives, [], JSON.stringify(cells));
      }
    });

    it(`a directive covers its own code line only, even where a cell is one line of the file (${how})`, () => {
      const r = lintNotebook(notebook([MODEL, ['# logit-lint-disable-next-line sigmoid-before-logits-loss', LOSS, LOSS.replace('loss', 'loss2')]], asString));
      assert.strictEqual(r.findings.length, 1);
      assert.strictEqual(r.findings[0].ruleId, 'sigmoid-before-logits-loss');
      const unused = lintNotebook(notebook([MODEL, ['# logit-lint-disable-next-line threshold-logits', LOSS]], asString));
      assert.deepStrictEqual(unused.unusedDirectives.map((d) => d.rules), [['threshold-logits']]);
    });
  }
});
