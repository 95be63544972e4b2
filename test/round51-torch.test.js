// Round 50's PyTorch leftovers mended in session 39 (mend51a): `sys.modules.get(__name__)` read as
// the module itself; comprehensions over a model's modules hand out those modules (a forward hook on
// `[m for m in net.modules()][-1]`, and `[*net.modules()]`, which tree-sitter parses with the star on
// `net`); logits given to `Categorical(probs=)`, `OneHotCategorical(probs=)`
// and `p.bernoulli()`. Every case fails on the frozen build (/work/s39a, afda34b) but the guards,
// named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const fixes = (lines) => found(lines).filter((f) => f[2] === 'fix').map((f) => f.slice(0, 2));

describe('round 51: sys.modules.get(__name__) is the module itself', () => {
  before(() => initPython());
  // evaluate() cuts at 0.5 what a logits model gives it (line 6; its rewrite to 0 is the fix) and
  // what the sigmoid model gives it through the module.
  const head = ['import sys', 'import keras', 'from keras import layers', 'from sklearn.metrics import accuracy_score',
    'def evaluate(m):', '    return accuracy_score(y, m.predict(x) > 0.5)',
    'model = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1)])', 'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', 'model.fit(x, y)', 'print(evaluate(model))',
    'sig = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])', 'sig.compile(optimizer="adam", loss="binary_crossentropy")'];
  const cases = {
    'sys.modules.get(__name__).evaluate(sig)': ['print(sys.modules.get(__name__).evaluate(sig))'],
    'me = sys.modules.get(__name__, None); me.evaluate(sig)': ['me = sys.modules.get(__name__, None)', 'print(me.evaluate(sig))'],
    'getattr(sys.modules.get("__main__"), "evaluate")(sig)': ['print(getattr(sys.modules.get("__main__"), "evaluate")(sig))'],
    'getattr(sys.modules.get(__name__), name)(sig), a name we cannot read': ['print(getattr(sys.modules.get(__name__), name)(sig))'],
  };
  for (const [name, extra] of Object.entries(cases)) {
    it(`${name}: the cut at 0.5 is not rewritten`, () => {
      assert.deepStrictEqual(fixes([...head, ...extra]), [], extra.join('\n'));
    });
  }
  it('guard: sys.modules.get of another module, or the module read for another name, keeps the rewrite to 0', () => {
    assert.deepStrictEqual(fixes(head), [['threshold-logits', 6]]);
    for (const extra of [['np = sys.modules.get("numpy")'], ['print(sys.modules.get(__name__).accuracy_score)'], ['print(sys.modules.get(__name__, None) is not None)']]) {
      assert.deepStrictEqual(fixes([...head, ...extra]), [['threshold-logits', 6]], extra.join('\n'));
    }
  });
});

describe('round 51: a comprehension over a model\'s modules hands out those modules', () => {
  before(() => initPython());
  const net = ['import torch', 'from torch import nn', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc1 = nn.Linear(4, 8)',
    '        self.fc2 = nn.Linear(8, 1)', '        self.act = nn.Sigmoid()', '    def forward(self, x):', '        return self.act(self.fc2(torch.relu(self.fc1(x))))', 'net = Net()'];
  const tail = ['crit = nn.BCEWithLogitsLoss()', 'loss = crit(net(x), y)'];
  const hook = 'register_forward_hook(lambda mod, inp, out: torch.logit(out))';
  const picks = {
    '[m for m in net.modules()][-1]': [`[m for m in net.modules()][-1].${hook}`],
    '[m for m in net.children()][-1]': [`[m for m in net.children()][-1].${hook}`],
    '[m for _, m in net.named_modules()][-1]': [`[m for _, m in net.named_modules()][-1].${hook}`],
    'list(m for m in net.modules())[-1]': [`list(m for m in net.modules())[-1].${hook}`],
    'parts = [m for m in net.modules() if True]; parts[3]': ['parts = [m for m in net.modules() if True]', `parts[3].${hook}`],
    '[m.register_forward_hook(h) for m in net.children()]': [`hs = [m.${hook} for m in net.children()]`],
    '[*net.modules()][-1] (tree-sitter binds its star to net)': [`[*net.modules()][-1].${hook}`],
    'ms = [*net.children()]; ms[-1]': ['ms = [*net.children()]', `ms[-1].${hook}`],
  };
  for (const [name, lines] of Object.entries(picks)) {
    it(`${name}: a hook returning logit(out) on it leaves no finding and no removal`, () => {
      assert.deepStrictEqual(found([...net, ...lines, ...tail]), [], lines.join('\n'));
    });
  }
  it('guard: a comprehension hook that returns nothing, one over modules only read, a filtered list for init: the removal stays the fix', () => {
    const line = (extra) => 11 + extra.length + 2;
    for (const extra of [['[m for m in net.modules()][-1].register_forward_hook(lambda mod, inp, out: None)'], ['n = len([m for m in net.modules()])'],
      ['for m in [m for m in net.modules() if isinstance(m, nn.Linear)]:', '    nn.init.xavier_uniform_(m.weight)'], ['names = [type(m).__name__ for m in net.children()]'], ['parts = [*net.children()]', 'print(len(parts))']]) {
      assert.deepStrictEqual(fixes([...net, ...extra, ...tail]), [['sigmoid-before-logits-loss', line(extra)]], extra.join('\n'));
    }
  });
  it('guard: comprehensions over known tensors still read each one (and a filter that drops one drops its reading)', () => {
    const lines = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))', 'crit = nn.BCEWithLogitsLoss()',
      'for x, y in loader:', '    crit(model(x), y).backward()', 'a = model(xa)', 'b = model(xb)'];
    assert.deepStrictEqual(found([...lines, 'ps = [p > 0.5 for p in (a, b)]']).map((f) => f.slice(0, 2)), [['threshold-logits', 9]]);
    assert.deepStrictEqual(found([...lines, 'ps = [p > 0.5 for p in (a, b) if False]']), []);
  });
});

describe('round 51: logits given to Categorical(probs=), OneHotCategorical(probs=) and p.bernoulli()', () => {
  before(() => initPython());
  // A 4-class linear head trained with CrossEntropyLoss (and a 1-unit one with BCEWithLogitsLoss).
  const head = (width, loss) => ['import torch', 'from torch import nn', 'from torch.distributions import Categorical, OneHotCategorical',
    `model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, ${width}))`, `crit = nn.${loss}()`,
    'for x, y in loader:', '    crit(model(x), y).backward()', 'with torch.no_grad():', '    s = model(xv)'];
  const reported = (lines) => found(lines).filter((f) => f[0] === 'logits-into-probability-loss');
  const cases = {
    'torch.distributions.Categorical(probs=s)': 'd = torch.distributions.Categorical(probs=s)',
    'Categorical(s), imported by name': 'd = Categorical(s)',
    'torch.distributions.categorical.Categorical(probs=s)': 'd = torch.distributions.categorical.Categorical(probs=s)',
    'OneHotCategorical(probs=s)': 'd = OneHotCategorical(probs=s)',
  };
  for (const [name, line] of Object.entries(cases)) {
    it(`${name}: reported with no edit, naming Categorical(logits=)`, () => {
      assert.deepStrictEqual(reported([...head(4, 'CrossEntropyLoss'), line]), [['logits-into-probability-loss', 10, 'none']]);
      const msg = lintLines([...head(4, 'CrossEntropyLoss'), line]).findings[0].message;
      assert.match(msg, /divides them by their sum, which raises a ValueError where their signs differ/);
      assert.match(msg, /Apply a softmax to them first, or give them as they are to torch\.distributions\.(?:OneHot)?Categorical\(logits=\.\.\.\)/);
    });
  }
  it('Categorical(probs=F.log_softmax(s, 1)): log-probabilities, reported with Categorical(logits=) named', () => {
    const msg = lintLines([...head(4, 'CrossEntropyLoss'), 'd = Categorical(probs=torch.log_softmax(s, dim=1))']).findings.map((f) => f.message);
    assert.strictEqual(msg.length, 1);
    assert.match(msg[0], /least likely class look the most likely\. Take their exp first, or give them as they are to torch\.distributions\.Categorical\(logits=\.\.\.\)/);
  });
  it('s.bernoulli() on a BCEWithLogitsLoss head: reported with no edit, as torch.bernoulli(s)', () => {
    assert.deepStrictEqual(reported([...head(1, 'BCEWithLogitsLoss'), 'b = s.bernoulli()']), [['logits-into-probability-loss', 10, 'none']]);
    assert.match(lintLines([...head(1, 'BCEWithLogitsLoss'), 'b = s.bernoulli()']).findings[0].message, /raises a RuntimeError for values outside \[0, 1\]/);
  });
  it('torch.bernoulli(s, 0.5): the probability is p, s gives only the shape: silent', () => {
    assert.deepStrictEqual(reported([...head(1, 'BCEWithLogitsLoss'), 'c = torch.bernoulli(s, 0.5)']), []);
  });
  it('guard: softmax / sigmoid applied, logits=, a probability given as p (s.bernoulli(p=0.3)), a softmax model, a policy with no loss: silent', () => {
    assert.deepStrictEqual(reported([...head(4, 'CrossEntropyLoss'), 'd = Categorical(probs=torch.softmax(s, dim=1))', 'e = Categorical(logits=s)', 'f = OneHotCategorical(logits=s)']), []);
    assert.deepStrictEqual(reported([...head(1, 'BCEWithLogitsLoss'), 'b = torch.sigmoid(s).bernoulli()', 'd = s.bernoulli(p=0.3)', 'e = s.bernoulli(0.3)']), []);
    assert.deepStrictEqual(found(['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(10, 4), nn.Softmax(dim=1))', 'crit = nn.NLLLoss()',
      'for x, y in loader:', '    crit(torch.log(model(x)), y).backward()', 'd = torch.distributions.Categorical(probs=model(xv))']), []);
    assert.deepStrictEqual(found(['import torch', 'from torch import nn', 'policy = nn.Linear(4, 2)', 'a = torch.distributions.Categorical(probs=policy(obs)).sample()', 'b = policy(obs).bernoulli()']), []);
  });
});

describe('round 51: a teacher\'s logits as the target of PyTorch\'s KL divergence (distillation)', () => {
  before(() => initPython());
  // A teacher with a linear head (no optimiser takes it), a student trained on KL to it.
  const head = ['import torch', 'from torch import nn', 'import torch.nn.functional as F',
    'teacher = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 4))', 'student = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 4))',
    'opt = torch.optim.Adam(student.parameters())', 'T = 4.0', 'for x, y in loader:', '    with torch.no_grad():', '        t = teacher(x)', '    s = student(x)'];
  const reported = (line) => found([...head, `    ${line}`, '    opt.zero_grad(); loss.backward(); opt.step()']);
  const cases = {
    'F.kl_div(F.log_softmax(s / T, dim=1), t / T, reduction="batchmean")': 'loss = F.kl_div(F.log_softmax(s / T, dim=1), t / T, reduction="batchmean")',
    'nn.KLDivLoss(reduction="batchmean")(log_probs, t)': 'loss = nn.KLDivLoss(reduction="batchmean")(F.log_softmax(s, dim=1), t)',
    'F.kl_div(..., t, log_target=False)': 'loss = F.kl_div(F.log_softmax(s, dim=1), t, log_target=False)',
    'F.kl_div(..., F.log_softmax(t / T, dim=1)) without log_target': 'loss = F.kl_div(F.log_softmax(s / T, dim=1), F.log_softmax(t / T, dim=1))',
  };
  for (const [name, line] of Object.entries(cases)) {
    it(`${name}: reported on the target, with no edit`, () => {
      assert.deepStrictEqual(reported(line), [['logits-into-probability-loss', 12, 'none']]);
      assert.match(lintLines([...head, `    ${line}`]).findings[0].message, /reads its target as probabilities, but the target is (?:raw logits|log-probabilities).*NaN for every value below 0\. Apply a softmax to the target first/);
    });
  }
  it('guard: softmax targets, log_softmax with log_target=True (keyword or 4th argument of KLDivLoss), an unknown log_target, a teacher we cannot see, data as the target: silent', () => {
    for (const line of ['loss = F.kl_div(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), reduction="batchmean") * T * T',
      'loss = nn.KLDivLoss(reduction="batchmean")(F.log_softmax(s, dim=1), t.softmax(dim=1))',
      'loss = F.kl_div(F.log_softmax(s / T, dim=1), F.log_softmax(t / T, dim=1), log_target=True)',
      'loss = nn.KLDivLoss(None, None, "batchmean", True)(F.log_softmax(s, dim=1), F.log_softmax(t, dim=1))',
      'loss = F.kl_div(F.log_softmax(s, dim=1), t, log_target=cfg.log_target)',
      'loss = F.kl_div(F.log_softmax(s, dim=1), soft_labels)']) {
      assert.deepStrictEqual(reported(line), [], line);
    }
    const hub = ['import torch', 'import timm', 'import torch.nn.functional as F', 'teacher = timm.create_model("resnet18", pretrained=True)',
      'student = torch.nn.Linear(10, 1000)', 'opt = torch.optim.Adam(student.parameters())', 'for x, y in loader:', '    loss = F.kl_div(F.log_softmax(student(x), dim=1), teacher(x))', '    loss.backward()'];
    assert.deepStrictEqual(found(hub), []);
  });
});
