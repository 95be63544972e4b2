// Red team round 46's harmful safe fixes in notebooks' IPython magics (session 34): a magic binds the
// model's output and a later line reads it as probabilities, yet the fix (from_logits=True, or the
// sigmoid removed) was applied. Every case but the guards (named so) fails on the session's frozen
// build (/work/s34a).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintCells, lintLines, cellOf } = require('./lint-text');

/** [rule, cell, fix or suggestion] of each finding of the notebook. */
const found = (cells) => lintCells(cells).findings.map((f) => [f.ruleId, cellOf(cells, f), f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const briefLines = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);

const IMP = 'import numpy as np\nfrom sklearn.metrics import brier_score_loss\nfrom tensorflow import keras';
const LOGITS = 'model = keras.Sequential([keras.layers.Input((20,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])';
const COMPILE = 'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])\nmodel.fit(x_train, y_train, epochs=3)';
const READ = 'print(brier_score_loss(y_test, p.ravel()))';
const keras = (...cells) => found([IMP, LOGITS, COMPILE, ...cells]);
const LOSS = 'logits-into-probability-loss';
/** The same model as a script, then `lines`: [rule, line, fix or suggestion] of each finding. */
const script = (...lines) => briefLines([...IMP.split('\n'), LOGITS, ...COMPILE.split('\n'), ...lines]);
/** After each magic's cell and `read`'s: the finding on the loss, with a fix or a suggestion only. */
const eachKeras = (magics, read, kind) => magics.forEach((magic) => assert.deepStrictEqual(keras(magic, read), [[LOSS, 2, kind]], magic));

describe('round 46: a line magic that runs its statement in the notebook binds what it binds', () => {
  before(() => initPython());
  it('%prun, %debug: the statement runs in the notebook, so brier_score_loss reads the model output (no safe fix)', () => {
    eachKeras(['%prun -q p = model.predict(x_test)', '%prun -s cumulative -l 10 p = model.predict(x_test)', '%debug p = model.predict(x_test)'], READ, 'suggestion');
  });
  it('`p = %time expr` binds the value of the expression', () => {
    assert.deepStrictEqual(keras('p = %time model.predict(x_test)', READ), [[LOSS, 2, 'suggestion']]);
  });
  it('guard: the same bindings read by nothing that takes them for probabilities keep the safe fix', () => {
    eachKeras(['%prun -q p = model.predict(x_test)', '%debug p = model.predict(x_test)', 'p = %time model.predict(x_test)', '%time p = model.predict(x_test)'], 'print(p.shape)', 'fix');
  });
  it('PyTorch: `%prun -q probs = model(x)` and `probs2 = %time model(x)` feeding brier_score_loss keep nn.Sigmoid()', () => {
    const setup = ['import torch\nimport torch.nn as nn\nfrom sklearn.metrics import brier_score_loss',
      'model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())\ncriterion = nn.BCEWithLogitsLoss()\nopt = torch.optim.Adam(model.parameters())',
      'for xb, yb in loader:\n    loss = criterion(model(xb).squeeze(1), yb)\n    loss.backward()\n    opt.step()'];
    const read = (name) => `print(brier_score_loss(y_test.numpy(), ${name}.detach().numpy().ravel()))`;
    assert.deepStrictEqual(found([...setup, '%prun -q probs = model(x_test)', read('probs')]), [['sigmoid-before-logits-loss', 2, 'suggestion']]);
    assert.deepStrictEqual(found([...setup, 'probs2 = %time model(x_test)', read('probs2')]), [['sigmoid-before-logits-loss', 2, 'suggestion']]);
    assert.deepStrictEqual(found([...setup, '%prun -q probs = model(x_test)', 'probs2 = %time model(x_test)', 'print(probs.shape, probs2.shape)']), [['sigmoid-before-logits-loss', 2, 'fix']], 'guard: not read as probabilities');
  });
  it('guard: `%prun model(x)` as a cell\'s last line displays nothing (it returns None): the fix stays; `%time model(x)` displays the value', () => {
    assert.deepStrictEqual(keras('%prun model.predict(x_test)'), [[LOSS, 2, 'fix']], 'guard');
    assert.deepStrictEqual(keras('%time model.predict(x_test)'), [[LOSS, 2, 'suggestion']]);
  });
});

describe('round 46: a line magic we do not know may run its argument in the notebook', () => {
  before(() => initPython());
  it('%memit, %mprun, %lprun: what the line names is read by code we do not see, what it binds unknown (no safe fix)', () => {
    eachKeras(['%memit p = model.predict(x_test)', '%mprun -f predict_all p = predict_all(model, x_test)', '%lprun -f train train(model, x_test)'], READ, 'suggestion');
  });
  it('what it reads through attributes (`cfg.model.predict`) is read as it is', () => {
    assert.deepStrictEqual(keras('class Cfg:\n    pass\ncfg = Cfg()\ncfg.model = model', '%memit p = cfg.model.predict(x_test)', READ), [[LOSS, 2, 'suggestion']]);
  });
  it('guard: line magics that run no code of ours (extensions loaded, autoreload, TensorBoard, matplotlib) keep the safe fix', () => {
    assert.deepStrictEqual(keras('%load_ext memory_profiler\n%load_ext autoreload\n%autoreload 2\n%matplotlib inline\n%tensorboard --logdir logs\n%tensorflow_version 2.x', 'p = model.predict(x_test)\nprint(p.shape)'), [[LOSS, 2, 'fix']]);
  });
  it('what an unknown line magic binds is unknown: a later finding on it goes, one on other names stays', () => {
    const torch = ['import torch\nimport torch.nn as nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())'];
    const use = 'loss = nn.BCEWithLogitsLoss()(model(x), y)';
    assert.deepStrictEqual(found([...torch, '%memit model = torch.load("m.pt")', use]), []);
    assert.deepStrictEqual(found([...torch, '%memit out = torch.randn(3)', use]), [['sigmoid-before-logits-loss', 3, 'fix']], 'guard: model is not bound there');
  });
});

describe('round 46: magics run from a notebook exported to .py', () => {
  before(() => initPython());
  it("get_ipython().run_line_magic('time', 'p = ...') and run_cell_magic: what runs there is read by code we do not see", () => {
    assert.deepStrictEqual(script("get_ipython().run_line_magic('time', 'p = model.predict(x_test)')", READ), [[LOSS, 5, 'suggestion']]);
    assert.deepStrictEqual(script("get_ipython().run_line_magic('prun', '-q p = model.predict(x_test)')", READ), [[LOSS, 5, 'suggestion']]);
    assert.deepStrictEqual(script("get_ipython().run_cell_magic('time', '', 'p = model.predict(x_test)\\n')", READ), [[LOSS, 5, 'suggestion']]);
  });
  it('a jupytext script\'s or a Databricks source\'s commented line magic (`# %time p = ...`, `# MAGIC %memit ...`) runs as in the notebook', () => {
    for (const magic of ['# %time p = model.predict(x_test)', '# %prun -q p = model.predict(x_test)', '# %memit p = model.predict(x_test)']) {
      assert.deepStrictEqual(briefLines(['# %%', ...IMP.split('\n'), LOGITS, ...COMPILE.split('\n'), magic, READ]), [[LOSS, 6, 'suggestion']], magic);
    }
    assert.deepStrictEqual(script('# MAGIC %time p = model.predict(x_test)', READ), [[LOSS, 5, 'suggestion']]);
    assert.deepStrictEqual(script('# %time p = model.predict(x_test)', 'p = 0', READ), [[LOSS, 5, 'fix']], 'guard: a comment in a plain script');
  });
  it('guard: a line magic that runs no code of ours keeps the safe fix', () => {
    assert.deepStrictEqual(script("get_ipython().run_line_magic('matplotlib', 'inline')", 'p = model.predict(x_test)', 'print(p.shape)'), [[LOSS, 5, 'fix']]);
  });
  it('a %%bash cell (run elsewhere) no longer makes every name unknown', () => {
    assert.deepStrictEqual(script("get_ipython().run_cell_magic('bash', '', 'ls\\n')", 'p = model.predict(x_test)', 'print(p.shape)'), [[LOSS, 5, 'fix']]);
  });
});

describe('round 46: map of a model or its bound predict', () => {
  before(() => initPython());
  it('np.concatenate(list(map(model.predict, chunks))) is the model output, read as probabilities', () => {
    assert.deepStrictEqual(script('p = np.concatenate(list(map(model.predict, np.array_split(x_test, 10))))', READ), [[LOSS, 5, 'suggestion']]);
    assert.deepStrictEqual(script('p = np.vstack([*map(model, chunks)])', READ), [[LOSS, 5, 'suggestion']], 'the model itself mapped (as before)');
  });
  it('guard: a map of the predictions read for their shape keeps the safe fix', () => {
    assert.deepStrictEqual(script('outs = map(model.predict, chunks)', 'for o in outs:', '    print(o.shape)'), [[LOSS, 5, 'fix']]);
  });
});

describe('round 46: cell magics, and what stays as it was', () => {
  before(() => initPython());
  it('guard: %%timeit\'s bindings are dropped (the model is still the one compiled); %%bash runs elsewhere', () => {
    assert.deepStrictEqual(keras('%%timeit\nmodel = keras.models.load_model("m.h5")', 'p = model.predict(x_test)\nprint(p.shape)'), [[LOSS, 2, 'fix']]);
    assert.deepStrictEqual(keras('%timeit model = keras.models.load_model("m.h5")', 'p = model.predict(x_test)\nprint(p.shape)'), [[LOSS, 2, 'fix']]);
    assert.deepStrictEqual(keras('%%bash\necho p model', 'p = model.predict(x_test)\nprint(p.shape)'), [[LOSS, 2, 'fix']]);
  });
  it('guard: %%time, %%prun and %%debug cells run as code (fix withheld only when read as probabilities)', () => {
    const cells = ['%%time', '%%prun -q', '%%debug'].map((magic) => `${magic}\np = model.predict(x_test)`);
    eachKeras(cells, READ, 'suggestion');
    eachKeras(cells, 'print(p.shape)', 'fix');
  });
  it('a %%timeit cell or %timeit line reading the output as a probability withholds the fix, whatever `_` is bound to', () => {
    const loop = 'for _ in range(3):\n    pass';
    assert.deepStrictEqual(keras(loop, '%%timeit\nprint((model.predict(x_test) > 0.5).mean())'), [[LOSS, 2, 'suggestion']]);
    assert.deepStrictEqual(keras(loop, '%timeit (model.predict(x_test) > 0.5).mean()'), [[LOSS, 2, 'suggestion']]);
  });
});

describe('round 46 (miss): an unknown cell magic makes unknown only what its body may bind', () => {
  before(() => initPython());
  const KI = 'import numpy as np\nfrom tensorflow import keras';
  const KB = 'model = keras.Sequential([keras.layers.Input((20,)), keras.layers.Dense(1, activation="sigmoid")])\nmodel.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))\nmodel.fit(x_train, y_train, epochs=2)';
  const later = 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))';
  const built = 'model = keras.Sequential([keras.layers.Input((20,)), keras.layers.Dense(1, activation="sigmoid")])';
  it('a later self-contained cell is reported after %%wandb, %%notify or %%cache cells that bind none of its names', () => {
    for (const magic of ['%%wandb\nprint(1)', '%%notify\nrun_id = start()\nfor epoch in range(3):\n    log(epoch)', '%%cache data.pkl x_train y_train\nx_train = np.load("x.npy")\ny_train = np.load("y.npy")']) {
      assert.deepStrictEqual(found([KI, magic, KB]), [['sigmoid-before-logits-loss', 2, 'fix']], magic);
    }
    assert.deepStrictEqual(found([KI, built, '%%wandb\nprint(1)', later]), [['sigmoid-before-logits-loss', 3, 'fix']], 'a model it does not bind is known through it');
  });
  it('guard: one whose body binds the name used later, may bind any (globals(), exec), or %run -i: silent as before', () => {
    for (const magic of ['%%wandb\nmodel = keras.models.load_model("m.h5")', '%%wandb\nfrom mylib import model', '%%wandb\nmodel.add(keras.layers.Dense(1))', '%%wandb\nglobals().update(cfg)', '%run -i setup.py']) {
      assert.deepStrictEqual(found([KI, built, magic, later]), [], magic);
    }
  });
});
