// Bad input never crashes the Python frontend: seeded random edits (deleted spans, stray brackets,
// colons, indentation, quotes) of real-looking programs give at most one problem per file and
// events whose facts can all be read; pathological shapes (deep nesting, long chains, recursion,
// self-referencing classes) finish quickly.
const assert = require('assert');
const { analyse } = require('./python-helpers');

const SEEDS = [
  `import torch
import torch.nn as nn
import torch.nn.functional as F
class Net(nn.Module):
    def __init__(self, n=1):
        super().__init__()
        self.fc = nn.Linear(8, n)
        self.seq = nn.Sequential(nn.Linear(8, 8), nn.ReLU())
    def forward(self, x):
        return torch.sigmoid(self.fc(self.seq(x)))
model = Net()
crit = nn.BCEWithLogitsLoss()
for xb, yb in loader:
    out = model(xb)
    loss = crit(out, yb)
    _, pred = torch.max(out, 1)
    acc = (out > 0.5).float().mean()
`,
  `from tensorflow import keras
from tensorflow.keras import layers
import numpy as np
model = keras.Sequential([layers.Dense(16, activation='relu', input_shape=(4,)), layers.Dense(1)])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
p = model.predict(X)
print(np.argmax(p), np.round(p), (p > 0.5))
`,
];

function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(text, rnd) {
  const i = Math.floor(rnd() * text.length);
  const pieces = ['(', ')', '[', ':', '\n    ', '\t', '"', "'''", ',', ' = ', 'def ', 'class ', 'self.', '\\', '\u00e9', '0.5'];
  switch (Math.floor(rnd() * 3)) {
    case 0: return text.slice(0, i) + text.slice(i + 1 + Math.floor(rnd() * 20));
    case 1: return text.slice(0, i) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(i);
    default: {
      const j = Math.floor(rnd() * text.length);
      return text.slice(0, i) + text.slice(j, j + 30) + text.slice(i);
    }
  }
}

describe('python frontend: robustness', () => {
  it('random edits: no crash, one problem at most, every fact readable', async () => {
    const rnd = random(42);
    for (const seed of SEEDS) {
      let text = seed;
      for (let n = 0; n < 60; n++) {
        text = mutate(text, rnd);
        const r = await analyse({ 'm.py': text });
        assert.ok(r.problems.length <= 1, JSON.stringify(r.problems));
        assert.ok(!r.problems.some((p) => /internal error/.test(p.message)), r.problems[0]?.message);
        for (const e of r.events) for (const k of ['pred', 'labels', 'input']) if (e[k]) e[k].get();
      }
    }
  });

  it('pathological shapes finish: long chains, recursion, cycles, deep blocks', async () => {
    const chain = 'import torch\nx = torch.randn(4, 3)\n' + 'x = x.float()\n'.repeat(3000) + 'y = (x > 0.5)\n';
    const rec = 'import torch\ndef f(x):\n    return f(torch.sigmoid(x))\ndef g(x):\n    return h(x)\ndef h(x):\n    return g(x) > 0.5\nf(1)\ng(torch.randn(3))\n';
    const cyc = 'import torch.nn as nn\nclass A(nn.Module):\n    def forward(self, x):\n        return self(x)\nclass B(A):\n    def __init__(self):\n        super().__init__()\n        self.me = B()\n    def forward(self, x):\n        return self.me(x)\nB()(1)\n';
    let deep = 'import torch\n';
    for (let i = 0; i < 50; i++) deep += ' '.repeat(i) + `if c${i}:\n`;
    deep += ' '.repeat(50) + 'x = torch.sigmoid(y)\n';
    const t0 = Date.now();
    const r = await analyse({ 'chain.py': chain, 'rec.py': rec, 'cyc.py': cyc, 'deep.py': deep });
    assert.deepStrictEqual(r.problems, []);
    assert.ok(Date.now() - t0 < 5000);
    for (const e of r.events) for (const k of ['pred', 'labels', 'input']) if (e[k]) e[k].get();
  });

  it('odd but valid arguments are read as unknown, not a crash: input_shape=[] (a scalar per sample)', async () => {
    const r = await analyse({ 'scalar.py': 'from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(1, input_shape=[])])\nm.compile(loss="mse")\n' });
    assert.deepStrictEqual(r.problems, []);
  });

  it('a .py exported from a notebook with a base64 image in a comment is linted, not skipped as minified', async () => {
    const { findings } = require('./python-helpers');
    const image = `# ![plot](data:image/png;base64,${'iVBORw0KGgo'.repeat(11000)})\n`;
    const code = 'from tensorflow import keras\nm = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])\nm.compile(loss="binary_crossentropy")\n';
    assert.ok((image + code).length > 100_000 && image.length > 500);
    assert.deepStrictEqual(await findings({ 'exported.py': image + code }), ['exported.py:4:logits-into-probability-loss']);
  });
});
