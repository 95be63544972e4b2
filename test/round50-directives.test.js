'use strict';
// Round 50: suppression comments inside a notebook's `%%writefile` cell apply to the findings of the
// module it writes, which the CLI reports in that cell (round 49) when no such file is on disk.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const cli = path.join(__dirname, '..', 'out', 'server', 'cli', 'cli.js');
const notebook = (cells) => JSON.stringify({ cells: cells.map((c) => ({ cell_type: 'code', metadata: {}, source: c, outputs: [], execution_count: null })),
  metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 });
const module_ = (directive) => ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
  '        self.fc = nn.Linear(4, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'def evaluate(model, x):', directive, '    return model(x).argmax(dim=1)', ''].join('\n');
const TRAIN = 'import torch\nimport torch.nn as nn\nfrom model import Net, evaluate\nmodel = Net()\nx = torch.randn(8, 4); y = torch.rand(8, 1).round()\nloss = nn.BCEWithLogitsLoss()(model(x), y)\npred = evaluate(model, x)\n';

/** [ruleId, cell, cellLine] of the notebook's findings, and the unused directives' lines, with `disk` beside it. */
function lint(cells, disk = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'r50-'));
  try {
    fs.writeFileSync(path.join(dir, 'nb.ipynb'), notebook(cells));
    for (const [name, text] of Object.entries(disk)) fs.writeFileSync(path.join(dir, name), text);
    const r = spawnSync(process.execPath, [cli, '--no-config', '--format', 'json', '--report-unused-disable-directives', 'nb.ipynb'], { cwd: dir, encoding: 'utf8' });
    const [file] = JSON.parse(r.stdout);
    return file.messages.map((m) => [m.ruleId ?? 'unused', m.cell, m.cellLine]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('round 50: a logit-lint-disable comment in a %%writefile cell', function () {
  this.timeout(60000);
  it('disable-next-line before the argmax in the written module drops that finding (reported in the writing cell)', () => {
    assert.deepStrictEqual(lint([`%%writefile model.py\n${module_('    # logit-lint-disable-next-line argmax-single-unit')}`, TRAIN]), [['sigmoid-before-logits-loss', 2, 6]]);
  });
  it('a file directive there covers that cell only: the same argmax in another cell is still reported', () => {
    const cells = [`%%writefile model.py\n${module_('    # logit-lint-disable argmax-single-unit')}`, TRAIN + 'print(model(x).argmax(dim=1))\n'];
    assert.deepStrictEqual(lint(cells), [['sigmoid-before-logits-loss', 2, 6], ['argmax-single-unit', 2, 8]]);
  });
  it('guard: without a directive both findings stay; a directive for another rule leaves the argmax', () => {
    assert.deepStrictEqual(lint([`%%writefile model.py\n${module_('    pass')}`, TRAIN]), [['argmax-single-unit', 1, 12], ['sigmoid-before-logits-loss', 2, 6]]);
    const other = lint([`%%writefile model.py\n${module_('    # logit-lint-disable-next-line threshold-logits')}`, TRAIN]);
    assert.deepStrictEqual(other.filter((m) => m[0] !== 'unused'), [['argmax-single-unit', 1, 12], ['sigmoid-before-logits-loss', 2, 6]]);
  });
});
