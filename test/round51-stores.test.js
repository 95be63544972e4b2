// Round 51 (mend51c, session 39): a model's output stored by name — `setattr(obj, "name", p)`,
// `object.__setattr__(obj, "name", p)`, `globals()["k"] = p`, `vars(obj)["k"] = p`,
// `obj.__dict__["k"] = p` — is `obj.name = p` (a module-level `k = p`), its reads followed as those
// are; stored under a name we cannot read (`setattr(self, f"{split}_probs", p)`, `globals()[k] = p`),
// it is read later by code we do not follow. Either way removing the activation that made it, or
// switching its loss to logits, is no safe fix when something reads it as probabilities (`ns.p > 0.5`).
// Every case fails on the frozen build (/work/s39a, afda34b) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

describe('round 51: PyTorch probabilities stored by name and cut at 0.5 later', () => {
  before(() => initPython());
  // A sigmoid model trained with BCEWithLogitsLoss (line 14: removing nn.Sigmoid() is the fix); p its probabilities.
  const head = ['import types', 'import torch', 'import torch.nn as nn', 'class Holder:', '    pass',
    'cfg = types.SimpleNamespace()', 'h = Holder()', 'name = input()', 'split = input()',
    'model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())', 'crit = nn.BCEWithLogitsLoss()',
    'opt = torch.optim.Adam(model.parameters())', 'for xb, yb in loader:', '    crit(model(xb), yb).backward()', '    opt.step()',
    'with torch.no_grad():', '    p = model(X_test)'];
  const FIX = [['sigmoid-before-logits-loss', 14]];
  const cases = {
    'setattr(cfg, "last_probs", p) on a SimpleNamespace': ['setattr(cfg, "last_probs", p)', 'print((cfg.last_probs > 0.5).float().mean())'],
    'object.__setattr__(cfg, "last_probs", p)': ['object.__setattr__(cfg, "last_probs", p)', 'print((cfg.last_probs > 0.5).float().mean())'],
    'setattr(cfg, name, p), a name we cannot read': ['setattr(cfg, name, p)', 'print((cfg.last_probs > 0.5).float().mean())'],
    'setattr(h, name, p) on an instance of a class we hold': ['setattr(h, name, p)', 'print((h.last_probs > 0.5).float().mean())'],
    'setattr(h, f"{split}_probs", p) over an attribute set before': ['h.val_probs = None', 'setattr(h, f"{split}_probs", p)', 'print((h.val_probs > 0.5).float().mean())'],
    'globals()[name] = p': ['globals()[name] = p', 'print((val_probs > 0.5).float().mean())'],
    'globals()[f"{s}_probs"] = ... in a loop over the splits': ['for s, loader in {"val": val_loader}.items():', '    with torch.no_grad():',
      '        globals()[f"{s}_probs"] = torch.cat([model(xb) for xb, _ in loader])', 'print(((val_probs > 0.5).float() == val_y).float().mean())'],
    'vars(h)[name] = p': ['vars(h)[name] = p', 'print((h.val_probs > 0.5).float().mean())'],
    'h.__dict__[name] = p': ['h.__dict__[name] = p', 'print((h.val_probs > 0.5).float().mean())'],
    'vars(h)["val_probs"] = p, then h.val_probs > 0.5': ['vars(h)["val_probs"] = p', 'print((h.val_probs > 0.5).float().mean())'],
    'h.__dict__["val_probs"] = p, then h.val_probs > 0.5': ['h.__dict__["val_probs"] = p', 'print((h.val_probs > 0.5).float().mean())'],
  };
  for (const [title, extra] of Object.entries(cases)) {
    it(`${title}: removing the sigmoid is no safe fix`, () => {
      assert.deepStrictEqual(fixes([...head, ...extra]), [], extra.join('\n'));
    });
  }
  it('a runner that stores setattr(self, f"{split}_probs", probs) and reads self.val_probs > 0.5 in another method', () => {
    const lines = ['import torch', 'import torch.nn as nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)',
      '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'class Runner:', '    def __init__(self):', '        self.model = Net()',
      '        self.crit = nn.BCEWithLogitsLoss()', '    def train_epoch(self, loader):', '        for xb, yb in loader:', '            self.crit(self.model(xb), yb).backward()',
      '    def evaluate(self, loader, split):', '        with torch.no_grad():', '            probs = torch.cat([self.model(xb) for xb, _ in loader])',
      '        setattr(self, f"{split}_probs", probs)', '    def report(self):', '        return (self.val_probs > 0.5).float().mean()'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 15, 'suggestion']]);
  });
  it('guard: with no read, a store by a name we can read on an object we hold keeps the fix', () => {
    assert.deepStrictEqual(fixes(head), FIX);
    for (const extra of [['setattr(h, "last_probs", p)'], ['object.__setattr__(h, "last_probs", p)'], ['vars(h)["val_probs"] = p'], ['h.__dict__["val_probs"] = p'],
      ['globals()["val_probs"] = p'], ['setattr(h, "last_probs", p)', 'print(h.other)'], ['setattr(h, "n", 3)', 'print(h.n > 0.5)']]) {
      assert.deepStrictEqual(fixes([...head, ...extra]), FIX, extra.join('\n'));
    }
  });
  it('guard: setattr(h, "last_probs", p) and globals()["val_probs"] = p, then cut at 0.5: that read is followed', () => {
    for (const extra of [['setattr(h, "last_probs", p)', 'print((h.last_probs > 0.5).float().mean())'], ['globals()["val_probs"] = p', 'print((val_probs > 0.5).float().mean())']]) {
      assert.deepStrictEqual(fixes([...head, ...extra]), [], extra.join('\n'));
    }
  });
});

describe('round 51: Keras predictions stored with setattr() and cut at 0.5 later', () => {
  before(() => initPython());
  it('a linear head with "binary_crossentropy": the switch to from_logits=True is no safe fix', () => {
    const head = ['import types', 'import tensorflow as tf', 'ns = types.SimpleNamespace()',
      "model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation='relu'), tf.keras.layers.Dense(1)])",
      "model.compile(optimizer='adam', loss='binary_crossentropy')", 'model.fit(X, y, epochs=5)'];
    assert.deepStrictEqual(fixes([...head, 'setattr(ns, "p", model.predict(X_test))', 'labels = (ns.p > 0.5).astype(int)']), []);
  });
  it('a sigmoid head sharing a from_logits=True loss: removing activation="sigmoid" is no safe fix', () => {
    const head = ['import tensorflow as tf', 'from tensorflow import keras', 'loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)',
      "clf = keras.Sequential([keras.layers.Dense(16, activation='relu'), keras.layers.Dense(1, activation='sigmoid')])",
      "clf.compile(optimizer='adam', loss=loss_fn)", 'clf.fit(X, y, epochs=3)', "disc = keras.Sequential([keras.layers.Dense(16, activation='relu'), keras.layers.Dense(1)])",
      'for xb, yb in ds:', '    with tf.GradientTape() as tape:', '        loss = loss_fn(yb, disc(xb, training=True))'];
    assert.deepStrictEqual(fixes([...head, 'setattr(ns, "p", clf.predict(Xt))', 'pred = ns.p > 0.5']), []);
  });
  it('guard: the same Keras code with the predictions stored on an object we hold and never read keeps its fixes', () => {
    const head = ['import tensorflow as tf', 'class Holder:', '    pass', 'h = Holder()',
      "model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation='relu'), tf.keras.layers.Dense(1)])",
      "model.compile(optimizer='adam', loss='binary_crossentropy')", 'model.fit(X, y, epochs=5)'];
    assert.deepStrictEqual(fixes(head), [['logits-into-probability-loss', 6]]);
    assert.deepStrictEqual(fixes([...head, 'setattr(h, "p", model.predict(X_test))']), [['logits-into-probability-loss', 6]]);
  });
});
