// Red team round 45's misses, mended in round 46: torch.multiprocessing.spawn followed as a call of
// its function. Each case next to the shapes that stay silent (the guards, named in their titles or
// messages).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const silent = (lines, why) => assert.deepStrictEqual(brief(lintLines(lines)), [], why);

describe('round 46: torch.multiprocessing.spawn(fn, args=...) calls fn(rank, *args)', () => {
  before(() => initPython());
  // A logits model trained with the logits loss; `run` cuts at 0.5 unless told to apply the sigmoid
  // (line 16). Lines 18 on: how it is started.
  const run = ['import torch', 'import torch.nn as nn', 'import torch.multiprocessing as mp', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()',
    '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return self.fc(x)', 'def run(rank, world, use_sigmoid):', '    model = Net()', '    z = model(torch.randn(4, 8))',
    '    loss = nn.BCEWithLogitsLoss()(z, y)', '    if use_sigmoid:', '        z = torch.sigmoid(z)', '    pred = (z > 0.5).float()', '    print(rank, pred, loss)'];
  const found = (start, detail = 'suggestion') => assert.deepStrictEqual(brief(lintLines([...run, ...start])), [['threshold-logits', 16, detail]], start.join('; '));

  it('spawned through torch.multiprocessing however imported, or by start_processes: the cut on logits reported', () => {
    found(['mp.spawn(run, args=(2, False), nprocs=2, join=True)']);
    found(['from torch.multiprocessing import spawn', 'spawn(run, (2, False), 2)']);
    found(['torch.multiprocessing.spawn(fn=run, args=[2, False])']);
    found(['from torch.multiprocessing.spawn import spawn as sp', 'sp(run, args=(2, False))']);
    found(['mp.start_processes(run, args=(2, False), nprocs=2, start_method="fork")']);
    // Spawned with both settings: the cut is wrong for one of them, so no edit is offered.
    found(['mp.spawn(run, args=(2, False), nprocs=2)', 'mp.spawn(run, args=(2, True), nprocs=2)'], 'none');
  });
  it('guards: another spawn, arguments we cannot list or that change: silent', () => {
    silent([...run, 'mp.spawn(run, args=(2, True), nprocs=2)'], 'spawned with the sigmoid applied');
    silent([...run, 'def spawn(f, args, nprocs):', '    pass', 'spawn(run, args=(2, False), nprocs=2)'], 'a spawn of our own, which does not call f');
    silent([...run, 'from mylib import spawn', 'spawn(run, args=(2, False), nprocs=2)'], 'a spawn of another library');
    silent([...run, 'mp.spawn(run, args=cli_args, nprocs=2)'], 'arguments we do not know');
    silent([...run, 'mp.spawn(run, *spawn_args)'], 'arguments unpacked');
    silent([...run, 'mp.spawn(run, args=(2, *rest), nprocs=2)'], 'some unpacked into the tuple');
    silent([...run, 'a = [2, False]', 'a[1] = flag', 'mp.spawn(run, args=a, nprocs=2)'], 'an item set afterwards');
    silent([...run, 'a = [2]', 'a.append(flag)', 'mp.spawn(run, args=a, nprocs=2)'], 'an item appended afterwards');
    silent([...run, 'a = (2, False)', 'if cond:', '    a = (2, True)', 'mp.spawn(run, args=a, nprocs=2)'], 'arguments of two branches');
  });
});
