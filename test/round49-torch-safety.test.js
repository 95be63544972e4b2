// Red team round 49's harmful safe fixes and false positives on PyTorch (mended in session 37):
// ignite's trainer applies its loss to `model_transform(model_fn(model, x))`; output changes at
// submodule level (a hook or a patched forward on an item, setattr, in-place changes through
// children() / get_submodule()); reads of a model through a wrapper we cannot follow; skorch's
// re-set criteria written in comments or strings. Every case fails on the frozen build (/work/s37a,
// b9e799c) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const torch = ['import torch', 'import torch.nn as nn', 'x = torch.randn(4, 10)', 'y = torch.rand(4, 1)'];
const ignite = [...torch, 'from ignite.engine import create_supervised_trainer', 'opt = None'];
const logitsSeq = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))';
const sigmoidSeq = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())';

describe('round 49: ignite applies its loss to model_transform(model_fn(model, x))', () => {
  before(() => initPython());
  it('model_transform=torch.sigmoid (by keyword, by position, in a **dict) and model_fn applying the sigmoid: BCELoss left alone', () => {
    const calls = [
      'create_supervised_trainer(model, opt, nn.BCELoss(), model_transform=torch.sigmoid)',
      'create_supervised_trainer(model, opt, nn.BCELoss(), "cpu", False, None, torch.sigmoid)',
      'create_supervised_trainer(model, opt, nn.BCELoss(), model_transform=lambda o: o.sigmoid())',
      'create_supervised_trainer(model, opt, nn.BCELoss(), model_fn=lambda m, x: torch.sigmoid(m(x)))',
    ];
    for (const call of calls) assert.deepStrictEqual(found([...ignite, logitsSeq, `trainer = ${call}`]), [], call);
    assert.deepStrictEqual(found([...ignite, logitsSeq, 'extra = {"model_transform": torch.sigmoid}', 'trainer = create_supervised_trainer(model, opt, nn.BCELoss(), **extra)']), []);
  });
  it('a transform we cannot read, or keywords we cannot see (**kw): no finding', () => {
    assert.deepStrictEqual(found([...ignite, 'import mylib', logitsSeq, 'trainer = create_supervised_trainer(model, opt, nn.BCELoss(), model_transform=mylib.squash)']), []);
    assert.deepStrictEqual(found([...ignite, logitsSeq, 'def make(**kw):', '    return create_supervised_trainer(model, opt, nn.BCELoss(), **kw)']), []);
  });
  it('model_transform=torch.logit undoes a sigmoid model: no finding', () => {
    assert.deepStrictEqual(found([...ignite, sigmoidSeq, 'trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss(), model_transform=torch.logit)']), []);
  });
  it('guard: no transform, an identity or shape-only one, or an old-style 7th output_transform(x, y, y_pred, loss): still reported', () => {
    for (const rest of ['', ', model_transform=lambda o: o.view(-1, 1), model_fn=lambda m, x: m(x)', ', "cpu", False, None, lambda x, y, y_pred, loss: loss.item()']) {
      assert.deepStrictEqual(found([...ignite, sigmoidSeq, `trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss()${rest})`]).map((f) => f.slice(0, 2)), [['sigmoid-before-logits-loss', 8]], rest);
    }
    assert.deepStrictEqual(found([...ignite, logitsSeq, 'trainer = create_supervised_trainer(model, opt, nn.BCELoss())']).map((f) => f.slice(0, 2)), [['logits-into-probability-loss', 8]]);
  });
});

describe('round 49: output changes at submodule level', () => {
  before(() => initPython());
  const bce = 'loss = nn.BCELoss()(model(x), y)';
  it('a forward hook returning a value on an item (model[-1], model[2], an alias, children(), modules(), named_modules(), get_submodule): no finding', () => {
    const hook = '.register_forward_hook(lambda mod, inp, out: torch.sigmoid(out))';
    const ways = [[`model[-1]${hook}`], [`model[2]${hook}`], ['last = list(model.children())[-1]', `last${hook}`], [`model.get_submodule("2")${hook}`],
      ['for name, m in model.named_modules():', '    if name == "2":', `        m${hook}`], ['for m in model.modules():', '    if isinstance(m, nn.Linear) and m.out_features == 1:', `        m${hook}`],
      ['lin = nn.Linear(16, 1)', 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), lin)', `lin${hook}`], ['mods = dict(model.named_modules())', `mods["2"]${hook}`],
      ['model = nn.Sequential(model)', `next(model.children())[-1]${hook}`]];
    for (const way of ways) assert.deepStrictEqual(found([...torch, logitsSeq, ...way, bce]), [], way.join('; '));
  });
  it('a forward replaced on an item (attribute, setattr, MethodType, through named_children) or on a user module\'s layer: no finding', () => {
    const ways = [['last = model[-1]', 'orig = last.forward', 'last.forward = lambda t: torch.sigmoid(orig(t))'], ['orig = model[2].forward', 'setattr(model[2], "forward", lambda t: torch.sigmoid(orig(t)))'],
      ['import types', 'def fwd(self, t):', '    return torch.sigmoid(nn.Linear.forward(self, t))', 'model[2].forward = types.MethodType(fwd, model[2])'],
      ['for n, m in model.named_children():', '    if n == "2":', '        o = m.forward', '        m.forward = lambda t, o=o: torch.sigmoid(o(t))']];
    for (const way of ways) assert.deepStrictEqual(found([...torch, logitsSeq, ...way, bce]), [], way.join('; '));
    const net = ['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.body = nn.Linear(10, 16)', '        self.fc = nn.Linear(16, 1)',
      '    def forward(self, t):', '        return self.fc(torch.relu(self.body(t)))', 'model = Net()'];
    assert.deepStrictEqual(found([...torch, ...net, 'head = model.fc', 'head.forward = lambda t: torch.sigmoid(nn.Linear.forward(head, t))', bce]), []);
  });
  it('a nested Sequential changed after the outer one was built (hook, append, item set, setattr, forward): no finding', () => {
    const nested = 'model = nn.Sequential(nn.Sequential(nn.Linear(10, 16), nn.ReLU()), nn.Sequential(nn.Linear(16, 1)))';
    for (const way of ['model[1].register_forward_hook(lambda mod, inp, out: torch.sigmoid(out))', 'model[1].append(nn.Sigmoid())', 'model[1][0] = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())',
      'setattr(model[1], "0", nn.Sequential(nn.Linear(16, 1), nn.Sigmoid()))', 'model[1].forward = lambda t: torch.sigmoid(t)']) {
      assert.deepStrictEqual(found([...torch, nested, way, bce]), [], way);
    }
  });
  it('a user module\'s Sequential changed through get_submodule() or children() (append, pop, del, item set): no finding', () => {
    const net = (last) => ['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', `        self.body = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1)${last})`,
      '    def forward(self, t):', '        return self.body(t)', 'model = Net()'];
    assert.deepStrictEqual(found([...torch, ...net(''), 'model.get_submodule("body").append(nn.Sigmoid())', bce]), []);
    assert.deepStrictEqual(found([...torch, ...net(''), 'next(model.children()).append(nn.Sigmoid())', bce]), []);
    for (const way of [['model.get_submodule("body").pop(-1)'], ['for m in model.children():', '    del m[-1]'], ['model.get_submodule("body")[-1] = nn.Identity()'], ['next(model.children())[3] = nn.Identity()']]) {
      assert.deepStrictEqual(found([...torch, ...net(', nn.Sigmoid()'), ...way, 'loss = nn.BCEWithLogitsLoss()(model(x), y)']).filter((f) => f[2] === 'fix'), [], way.join('; '));
    }
  });
  it('a library model changed inside (timm `model.head.fc = ...`, `setattr(vgg.classifier, "6", ...)`), a final Sigmoid hooked to return its input: no finding', () => {
    assert.deepStrictEqual(found([...torch, 'import timm', 'model = timm.create_model("convnext_tiny", pretrained=True, num_classes=1)', 'model.head.fc = nn.Sequential(nn.Linear(768, 1), nn.Sigmoid())', bce]), []);
    assert.deepStrictEqual(found([...torch, 'from torchvision.models import vgg11', 'model = vgg11(num_classes=1)', 'setattr(model.classifier, "6", nn.Sequential(nn.Linear(4096, 1), nn.Sigmoid()))', bce]), []);
    assert.deepStrictEqual(found([...torch, sigmoidSeq, 'model[3].register_forward_hook(lambda m, i, o: i[0])', 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), []);
  });
  it('guard: a plain Sequential, or one with a hook that only logs or stores and returns None: still reported with its safe fix', () => {
    assert.deepStrictEqual(found([...torch, logitsSeq, bce]), [['logits-into-probability-loss', 6, 'fix']]);
    assert.deepStrictEqual(found([...torch, logitsSeq, 'model[-1].register_forward_hook(lambda mod, inp, out: print(out.shape))', bce]), [['logits-into-probability-loss', 7, 'fix']]);
    assert.deepStrictEqual(found([...torch, logitsSeq, 'feats = {}', 'def save(mod, inp, out):', '    feats["x"] = out.detach()', 'model[0].register_forward_hook(save)', bce]), [['logits-into-probability-loss', 10, 'fix']]);
    assert.deepStrictEqual(found([...torch, sigmoidSeq, 'loss = nn.BCEWithLogitsLoss()(model(x), y)']), [['sigmoid-before-logits-loss', 6, 'fix']]);
  });
});

describe('round 49: reads of a model through a wrapper we cannot follow', () => {
  before(() => initPython());
  const net = ['from torch.nn.parallel import DistributedDataParallel as DDP', 'from torch.optim.swa_utils import AveragedModel', 'from accelerate import Accelerator',
    'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.body = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())',
    '    def forward(self, t):', '        return self.body(t)', 'def train(model):', '    nn.BCEWithLogitsLoss()(model(x), y).backward()'];
  const run = (wrap, read) => found([...torch, ...net, `w = ${wrap}`, 'train(w)', ...(read ? [`inner = ${read}`, 'print((inner(x) > 0.9).tolist())'] : [])]);
  it('getattr(w, "module", w) (DDP, DataParallel, AveragedModel, accelerate), getattr(w, "_orig_mod", w), __dict__, get_submodule, children(), named_children(), .module._orig_mod: the removal is a suggestion', () => {
    const cases = [['DDP(Net())', 'getattr(w, "module", w)'], ['nn.DataParallel(Net())', 'getattr(w, "module", w)'], ['AveragedModel(Net())', 'getattr(w, "module", w)'],
      ['Accelerator().prepare(Net())', 'getattr(w, "module", w)'], ['torch.compile(Net())', 'getattr(w, "_orig_mod", w)'], ['DDP(Net())', 'w.__dict__["_modules"]["module"]'],
      ['DDP(Net())', 'w.get_submodule("module")'], ['DDP(Net())', 'next(w.children())'], ['DDP(Net())', 'dict(w.named_children())["module"]'], ['DDP(torch.compile(Net()))', 'w.module._orig_mod']];
    for (const [wrap, read] of cases) assert.deepStrictEqual(run(wrap, read), [['sigmoid-before-logits-loss', 15, 'suggestion']], `${wrap}: ${read}`);
  });
  it('getattr(model, "module", model) on a model not wrapped: the model itself, read (was: no finding)', () => {
    assert.deepStrictEqual(run('Net()', 'getattr(w, "module", w)'), [['sigmoid-before-logits-loss', 15, 'suggestion']]);
  });
  it('guard: a wrapped model only trained keeps the safe removal', () => {
    assert.deepStrictEqual(run('DDP(Net())'), [['sigmoid-before-logits-loss', 15, 'fix']]);
  });
});

describe('round 49: skorch criteria and modules set again, read in code only', () => {
  before(() => initPython());
  const mod = ['from skorch import NeuralNetBinaryClassifier', 'class Mod(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(10, 1)',
    '    def forward(self, X):', '        return torch.sigmoid(self.fc(X)).squeeze(-1)'];
  it('setattr(net, "criterion_", nn.BCELoss()) re-sets the criterion: no finding', () => {
    assert.deepStrictEqual(found([...torch, ...mod, 'net = NeuralNetBinaryClassifier(Mod, max_epochs=5)', 'net.initialize()', 'setattr(net, "criterion_", nn.BCELoss())']), []);
  });
  it('a comment or a docstring mentioning `net.criterion_ = ...` or `net.module_ = ...` sets nothing: reported', () => {
    for (const note of ['# TODO: maybe try net.criterion_ = FocalLoss() some day', '"""Later: net.module_ = Other(); net.set_params(criterion=nn.BCELoss)"""']) {
      assert.deepStrictEqual(found([...torch, ...mod, note, 'net = NeuralNetBinaryClassifier(Mod, max_epochs=5)']).map((f) => f[0]), ['sigmoid-before-logits-loss'], note);
    }
  });
  it('guard: a grid over "criterion" or "module__x" keys still counts as a re-set', () => {
    assert.deepStrictEqual(found([...torch, ...mod, 'net = NeuralNetBinaryClassifier(Mod, max_epochs=5)', 'grid = {"criterion": [nn.BCELoss]}']), []);
  });
});
