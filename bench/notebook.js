#!/usr/bin/env node
// The notebook row of the benchmark (issue H, "Speed"): a generated 200-cell notebook (PyTorch and
// Keras code cells with markdown between them, IPython magics, outputs) against the same code as
// one .py file (the code cells joined, as the analysis reads them). Target: the notebook's CLI time
// at most 1.3 x the .py file's. The two are run alternately in fresh processes, so load from other
// work on the machine falls on both; the figures are medians, CPU time (all threads) next to wall
// time, and the verdict is on CPU time (the machine is shared).
// Usage: node bench/notebook.js [--runs 9] [--cells 200] [--keep]   (build first: npx tsc -p .)
// bench/run.js prints the same row in its table (notebookRows).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { timed } = require('./timed');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'out', 'server', 'cli', 'cli.js');

/** Code cells, cycled: a model, data, a loop, an evaluation (some with findings), a plot with magics. */
const CELLS = [
  (i) => `class Net${i}(nn.Module):\n    def __init__(self, width=${16 + (i % 5) * 8}):\n        super().__init__()\n        self.body = nn.Sequential(nn.Linear(20, width), nn.ReLU(), nn.Dropout(0.1))\n        self.head = nn.Linear(width, ${i % 3 === 0 ? 1 : 4})\n\n    def forward(self, x):\n        h = self.body(x)\n        return ${i % 3 === 0 ? 'torch.sigmoid(self.head(h))' : 'self.head(h)'}\n\nmodel${i} = Net${i}()`,
  (i) => `X${i} = torch.randn(512, 20)\ny${i} = torch.randint(0, 4, (512,))\nloader${i} = [(X${i}[k:k + 64], y${i}[k:k + 64]) for k in range(0, 512, 64)]\nprint(len(loader${i}))`,
  (i) => `criterion${i} = ${i % 3 === 1 ? 'nn.BCEWithLogitsLoss()' : 'nn.CrossEntropyLoss()'}\noptimizer${i} = torch.optim.Adam(model${i - 2}.parameters(), lr=1e-3)\nfor epoch in range(3):\n    for xb, yb in loader${i - 1}:\n        optimizer${i}.zero_grad()\n        out = model${i - 2}(xb)\n        loss = criterion${i}(out, yb)\n        loss.backward()\n        optimizer${i}.step()`,
  (i) => `with torch.no_grad():\n    scores = model${i - 3}(X${i - 2})\n    pred = scores.argmax(dim=1)\n    acc = (pred == y${i - 2}).float().mean().item()\nprint(f"accuracy {acc:.3f}")`,
  (i) => `%matplotlib inline\n!nvidia-smi -L\nimport matplotlib.pyplot as plt\nplt.plot([${i}, ${i + 1}, ${i + 3}])\nplt.title("run ${i}")`,
  (i) => `kmodel${i} = keras.Sequential([\n    keras.Input(shape=(20,)),\n    layers.Dense(32, activation="relu"),\n    layers.Dense(${i % 2 ? 1 : 3}${i % 4 === 1 ? ', activation="softmax"' : ''}),\n])\nkmodel${i}.compile(optimizer="adam", loss=${i % 2 ? '"binary_crossentropy"' : 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)'}, metrics=["accuracy"])`,
  (i) => `probs${i} = kmodel${i - 1}.predict(np.zeros((8, 20)))\nlabels${i} = np.argmax(probs${i}, axis=-1)\nprint(labels${i}[:4])`,
];
const HEADER = 'import numpy as np\nimport torch\nimport torch.nn as nn\nimport keras\nfrom keras import layers';

/** `cells` cells: a header cell, then code cells cycling through CELLS, a markdown cell every fourth. */
function generateNotebook(cells) {
  const out = [{ cell_type: 'code', execution_count: 1, id: 'c0', metadata: {}, outputs: [], source: HEADER.split(/(?<=\n)/) }];
  for (let i = 1; out.length < cells; i++) {
    if (i % 4 === 0) {
      out.push({ cell_type: 'markdown', id: `m${i}`, metadata: {}, source: [`## Step ${i}\n`, '\n', 'What this part of the experiment does, and why.'] });
      continue;
    }
    const src = CELLS[i % CELLS.length](i);
    const outputs = i % 3 === 0 ? [{ name: 'stdout', output_type: 'stream', text: [`step ${i} done\n`] }] : [];
    out.push({ cell_type: 'code', execution_count: i + 1, id: `c${i}`, metadata: {}, outputs, source: src.split(/(?<=\n)/) });
  }
  return { cells: out, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
}

/** The same code as one .py file: the code cells joined by newlines, IPython lines commented out
 *  (the analysis blanks them; a comment keeps the lines and their length). */
function asPython(nb) {
  return nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join('').replace(/^([ \t]*)[%!]/gm, '$1#')).join('\n') + '\n';
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** The benchmark: { what, measured, target, ok } rows (one), and the raw figures. */
function notebookRows(work, { runs = 9, cells = 200 } = {}) {
  const dir = path.join(work, 'notebook-bench');
  fs.mkdirSync(path.join(dir, 'nb'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'py'), { recursive: true });
  const nb = generateNotebook(cells);
  fs.writeFileSync(path.join(dir, 'nb', 'experiment.ipynb'), JSON.stringify(nb, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'py', 'experiment.py'), asPython(nb));
  const cpuFile = path.join(dir, 'cpu.json');
  const args = (sub) => ['--no-config', '--format', 'json', '--jobs', '1', path.join(dir, sub)];
  const nbRuns = [];
  const pyRuns = [];
  for (let i = 0; i < runs; i++) {
    pyRuns.push(timed(CLI, args('py'), dir, cpuFile));
    nbRuns.push(timed(CLI, args('nb'), dir, cpuFile));
  }
  const count = (r) => JSON.parse(r.stdout).reduce((n, f) => n + f.messages.length, 0);
  const findings = { nb: count(nbRuns[0]), py: count(pyRuns[0]) };
  const m = (list, key) => median(list.map((r) => r[key]));
  const fig = { nbWall: m(nbRuns, 'wallMs'), pyWall: m(pyRuns, 'wallMs'), nbCpu: m(nbRuns, 'cpuMs'), pyCpu: m(pyRuns, 'cpuMs') };
  const cpuRatio = fig.nbCpu / fig.pyCpu;
  const wallRatio = fig.nbWall / fig.pyWall;
  const codeCells = nb.cells.filter((c) => c.cell_type === 'code').length;
  const lines = asPython(nb).split('\n').length - 1;
  const same = findings.nb === findings.py ? `${findings.nb} findings in each` : `FINDINGS DIFFER: ${findings.nb} vs ${findings.py}`;
  return {
    rows: [{
      what: `notebook of ${cells} cells (${codeCells} code, ${lines} lines) / the same code as one .py file, CLI, median of ${runs}`,
      measured: `CPU ${sec(fig.nbCpu)} / ${sec(fig.pyCpu)} = ${cpuRatio.toFixed(2)} (wall ${sec(fig.nbWall)} / ${sec(fig.pyWall)} = ${wallRatio.toFixed(2)}); ${same}`,
      target: '≤ 1.3',
      ok: cpuRatio <= 1.3 && findings.nb === findings.py,
    }],
    figures: { ...fig, cpuRatio, wallRatio, findings },
  };
}

module.exports = { notebookRows, generateNotebook, asPython };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
  if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p .');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-nb-bench-'));
  console.log(`load average ${os.loadavg()[0].toFixed(1)} before`);
  const { rows, figures } = notebookRows(work, { runs: option('--runs', 9), cells: option('--cells', 200) });
  for (const r of rows) console.log(`${r.what}: ${r.measured}  (target ${r.target}: ${r.ok ? 'met' : 'MISSED'})`);
  console.log(JSON.stringify(figures));
  console.log(`load average ${os.loadavg()[0].toFixed(1)} after`);
  if (argv.includes('--keep')) console.log(`kept in ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
