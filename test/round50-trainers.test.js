// Red team round 49's trainer misses, mended in session 38 (mend50a): fastai's Learner applies its
// loss_func to the model's output as it is; fastai's star modules bring torch, nn and F into scope.
// Each case fails on the frozen build (/work/s38a, 7356e02) but the guards, named so.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

/** [rule, line, 'fix' | 'suggestion' | 'none'] of each finding. */
const found = (lines) => lintLines(lines).findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions?.length ? 'suggestion' : 'none']);
const rules = (lines) => found(lines).map((f) => f.slice(0, 2));
/** The text each edit of every finding (fix first, then suggestions) replaces, and with what. */
const edits = (lines) => {
  const text = lines.join('\n') + '\n';
  return lintLines(lines).findings.flatMap((f) => [...(f.fix ? f.fix.edits : []), ...f.suggestions.flatMap((s) => s.edits ?? [])]).map((e) => [text.slice(e.start, e.end), e.text]);
};

const vision = ['from fastai.vision.all import *'];
const sigmoidSeq = 'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())';
const logitsSeq = 'model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 1))';

describe('round 50: fastai\'s Learner applies its loss_func to the model\'s output', () => {
  before(() => initPython());
  it('BCEWithLogitsLossFlat on a Sequential ending in nn.Sigmoid (star import): reported, the switch to BCELossFlat and the removal suggested', () => {
    const lines = [...vision, sigmoidSeq, 'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat())', 'learn.fit_one_cycle(3)'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 3, 'suggestion']]);
    assert.match(lintLines(lines).findings[0].message, /BCEWithLogitsLossFlat expects logits/);
    assert.deepStrictEqual(edits(lines), [['BCEWithLogitsLossFlat', 'BCELossFlat'], [', nn.Sigmoid()', '']]);
  });
  it('loss_func third by position, a fastai Module whose forward ends in torch.sigmoid (fastai.basics)', () => {
    const lines = ['from fastai.basics import *', 'class Net(Module):', '    def __init__(self):', '        self.fc = nn.Linear(16, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
      'learn = Learner(dls, Net(), BCEWithLogitsLossFlat())'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 7, 'suggestion']]);
  });
  it('nn.BCEWithLogitsLoss() and CrossEntropyLossFlat on a softmax, nn from the star import', () => {
    assert.deepStrictEqual(rules([...vision, 'model = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())', 'learn = Learner(dls, model, loss_func=nn.BCEWithLogitsLoss())']), [['sigmoid-before-logits-loss', 3]]);
    assert.deepStrictEqual(rules([...vision, 'model = nn.Sequential(nn.Linear(16, 4), nn.Softmax(dim=1))', 'learn = Learner(dls, model, CrossEntropyLossFlat(), metrics=accuracy)']), [['softmax-before-logits-loss', 3]]);
    assert.deepStrictEqual(rules([...vision, 'model = nn.Sequential(nn.Linear(16, 4), nn.Softmax(dim=1))', 'learn = Learner(dls, model, loss_func=FocalLossFlat(gamma=2))']), [['softmax-before-logits-loss', 3]]);
  });
  it('BCELossFlat on raw logits: reported, the switch to BCEWithLogitsLossFlat a suggestion (get_preds then applies its sigmoid)', () => {
    const lines = ['from fastai.tabular.all import *', logitsSeq, 'learn = Learner(dls, model, loss_func=BCELossFlat())'];
    assert.deepStrictEqual(found(lines), [['logits-into-probability-loss', 3, 'suggestion']]);
    assert.deepStrictEqual(edits(lines)[0], ['BCELossFlat', 'BCEWithLogitsLossFlat']);
  });
  it('a tabular model (forward(x_cat, x_cont)) ending in a sigmoid, imported by name from fastai\'s modules', () => {
    const lines = ['import torch', 'from torch import nn', 'from fastai.learner import Learner', 'from fastai.losses import BCEWithLogitsLossFlat', 'class TabNet(nn.Module):', '    def __init__(self):', '        super().__init__()',
      '        self.emb = nn.Embedding(10, 4)', '        self.fc = nn.Linear(7, 1)', '    def forward(self, x_cat, x_cont):', '        h = torch.cat([self.emb(x_cat[:, 0]), x_cont], dim=1)', '        return torch.sigmoid(self.fc(h))',
      'learn = Learner(dls, TabNet(), loss_func=BCEWithLogitsLossFlat())'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 13, 'suggestion']]);
    // (BCELossFlat is not imported: no switch.)
    assert.deepStrictEqual(edits(lines), [['torch.sigmoid(self.fc(h))', 'self.fc(h)']]);
  });
  it('two fastai star imports keep torch\'s names', () => {
    assert.deepStrictEqual(rules(['from fastai.vision.all import *', 'from fastai.callback.wandb import *', sigmoidSeq, 'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat())']), [['sigmoid-before-logits-loss', 4]]);
  });
  it('guard: fastai\'s own tutorials (Flat losses, no activation; vision_learner, tabular_learner) stay silent', () => {
    const clean = [
      [...vision, 'path = untar_data(URLs.PETS)', 'dls = ImageDataLoaders.from_name_func(path, get_image_files(path/"images"), valid_pct=0.2, label_func=lambda x: x[0].isupper(), item_tfms=Resize(224))',
        'learn = vision_learner(dls, resnet34, metrics=error_rate)', 'learn.fine_tune(1)'],
      [...vision, 'learn = vision_learner(dls, resnet34, loss_func=BCEWithLogitsLossFlat(), metrics=accuracy_multi)', 'learn2 = cnn_learner(dls, resnet18, loss_func=CrossEntropyLossFlat())'],
      ['from fastai.tabular.all import *', 'dls = TabularDataLoaders.from_csv(path/"adult.csv", path=path, y_names="salary", cat_names=cat, cont_names=cont, procs=[Categorify, FillMissing, Normalize])',
        'learn = tabular_learner(dls, layers=[200, 100], loss_func=BCELossFlat(), metrics=accuracy)', 'learn.fit_one_cycle(3)'],
      ['from fastai.tabular.all import *', logitsSeq, 'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat())', 'model2 = nn.Sequential(nn.Linear(16, 3))', 'learn2 = Learner(dls, model2, loss_func=CrossEntropyLossFlat())',
        'model3 = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())', 'learn3 = Learner(dls, model3, loss_func=BCELossFlat())', 'preds, targs = learn.get_preds()', 'print((preds > 0.5).float())'],
    ];
    for (const lines of clean) assert.deepStrictEqual(found(lines), [], lines.join('\n'));
  });
  it('guard: callbacks (on the learner, a fit, add_cb), a loss_func set again, fastai\'s default loss or one we do not know, fastai v1: silent', () => {
    const cases = [
      'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat(), cbs=[MixUp()])',
      'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat())\nlearn.fit_one_cycle(3, cbs=MyCallback())',
      'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat())\nlearn.add_cb(MyCallback())',
      'learn = Learner(dls, model, loss_func=BCEWithLogitsLossFlat())\nlearn.loss_func = BCELossFlat()',
      'learn = Learner(dls, model)',
      'learn = Learner(dls, model, loss_func=my_loss)',
      'learn = Learner(dls, model, **kw)',
    ];
    for (const c of cases) assert.deepStrictEqual(found([...vision, sigmoidSeq, ...c.split('\n')]), [], c);
    assert.deepStrictEqual(found(['from fastai.vision import *', sigmoidSeq, 'learn = Learner(data, model, loss_func=nn.BCEWithLogitsLoss())']), []);
    // A subclass of a Flat loss may override __call__: unknown.
    assert.deepStrictEqual(found([...vision, sigmoidSeq, 'class MyLoss(BCEWithLogitsLossFlat):', '    def __call__(self, inp, targ): return F.binary_cross_entropy(inp, targ.float())', 'learn = Learner(dls, model, loss_func=MyLoss())']), []);
  });
});

describe('round 50: ignite\'s supervised_training_step* and create_supervised_evaluator', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'from ignite.engine import Engine, create_supervised_trainer, create_supervised_evaluator, supervised_training_step, supervised_training_step_amp, supervised_training_step_apex, supervised_training_step_tpu',
    'from ignite.metrics import Accuracy, Loss', 'opt = None'];
  const sigmoidNet = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())';
  const logitNet = 'model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 1))';
  it('each supervised_training_step applies its loss_fn to the model\'s output as the trainer does', () => {
    for (const step of ['supervised_training_step', 'supervised_training_step_amp', 'supervised_training_step_apex', 'supervised_training_step_tpu']) {
      assert.deepStrictEqual(rules([...head, sigmoidNet, `trainer = Engine(${step}(model, opt, nn.BCEWithLogitsLoss(), "cpu"))`]), [['sigmoid-before-logits-loss', 7]], step);
    }
  });
  it('guard: a model_transform or model_fn (by keyword, by position: the 11th of the amp step, the 10th of the others) undoing the sigmoid: silent', () => {
    const calls = [
      'supervised_training_step(model, opt, nn.BCEWithLogitsLoss(), model_transform=torch.logit)',
      'supervised_training_step_tpu(model, opt, nn.BCEWithLogitsLoss(), model_fn=lambda m, x: torch.logit(m(x)))',
      'supervised_training_step(model, opt, nn.BCEWithLogitsLoss(), "cpu", False, None, lambda o: o, lambda x, y, yp, l: l.item(), 1, lambda m, x: torch.logit(m(x)))',
      'supervised_training_step_amp(model, opt, nn.BCEWithLogitsLoss(), "cpu", False, None, lambda o: o, lambda x, y, yp, l: l.item(), None, 1, lambda m, x: torch.logit(m(x)))',
      'supervised_training_step(model, opt, nn.BCEWithLogitsLoss(), model_fn=mystery)',
    ];
    for (const call of calls) assert.deepStrictEqual(found([...head, sigmoidNet, `trainer = Engine(${call})`]), [], call);
  });
  it('an evaluator metric\'s output_transform cutting one logit at 0.5 (Accuracy then gets 0/1 and does not raise)', () => {
    const lines = [...head, logitNet, 'trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss())', 'def thresholded(output):', '    y_pred, y = output', '    return (y_pred > 0.5).float(), y',
      'evaluator = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=thresholded), "loss": Loss(nn.BCEWithLogitsLoss())})'];
    assert.deepStrictEqual(rules(lines), [['threshold-logits', 10]]);
    // Positional output_transform, and through the evaluator's own output_transform.
    assert.deepStrictEqual(rules([...head, logitNet, 'trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss())',
      'ev = create_supervised_evaluator(model, {"acc": Accuracy(lambda o: ((o[0] > 0.5).long(), o[1]))}, output_transform=lambda x, y, y_pred: (y_pred, y))']), [['threshold-logits', 8]]);
  });
  it('a second sigmoid before the rounding in an evaluator metric\'s transform, on a sigmoid model', () => {
    assert.deepStrictEqual(rules([...head, sigmoidNet, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=lambda out: (torch.round(torch.sigmoid(out[0])), out[1]))})']), [['zero-threshold-on-probabilities', 7]]);
  });
  it('guard: Accuracy with no transform (ignite raises on one unit that is not 0/1), rounding of logits (it raises too), the right transforms, ignite\'s mnist example: silent', () => {
    const trained = 'trainer = create_supervised_trainer(model, opt, nn.BCEWithLogitsLoss())';
    const cases = [
      [logitNet, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy()})'],
      [sigmoidNet, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy()})'],
      [logitNet, trained, 'def thr(output):', '    y_pred, y = output', '    return torch.round(y_pred), y', 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=thr)})'],
      [logitNet, trained, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=lambda o: (torch.round(torch.sigmoid(o[0])), o[1]))})'],
      [logitNet, trained, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=lambda o: ((o[0] > 0.5).long(), o[1]))}, output_transform=lambda x, y, y_pred: (torch.sigmoid(y_pred), y))'],
      [sigmoidNet, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=lambda o: (torch.round(o[0]), o[1]))})'],
      [logitNet, trained, 'ev = create_supervised_evaluator(model, metrics={"acc": Accuracy(output_transform=lambda o: ((o[0] > 0.5).long(), o[1]))}, model_transform=torch.sigmoid)'],
      // ignite < 0.4.8: the 6th was output_transform(x, y, y_pred).
      [logitNet, trained, 'ev = create_supervised_evaluator(model, {"acc": Accuracy(lambda o: ((o[0] > 0.5).long(), o[1]))}, "cpu", False, None, lambda x, y, y_pred: (torch.sigmoid(y_pred), y))'],
    ];
    for (const c of cases) assert.deepStrictEqual(found([...head, ...c]), [], c.join('\n'));
    const mnist = ['import torch.nn.functional as F', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)', '        self.fc = nn.Linear(1440, 10)',
      '    def forward(self, x):', '        x = F.relu(F.max_pool2d(self.conv1(x), 2))', '        x = self.fc(x.view(-1, 1440))', '        return F.log_softmax(x, dim=-1)', 'model = Net()', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.01)',
      'trainer = create_supervised_trainer(model, optimizer, F.nll_loss, device="cpu")', 'val_metrics = {"accuracy": Accuracy(), "nll": Loss(F.nll_loss)}', 'evaluator = create_supervised_evaluator(model, metrics=val_metrics, device="cpu")'];
    assert.deepStrictEqual(found([...head, ...mnist]), []);
  });
});

describe('round 50: skorch nets of our own classes train as their base does', () => {
  before(() => initPython());
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'from skorch import NeuralNet, NeuralNetClassifier, NeuralNetBinaryClassifier',
    'class Sig(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(20, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
    'class Logits(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(20, 3)', '    def forward(self, x):', '        return self.fc(x)'];
  it('a NeuralNetBinaryClassifier subclass with methods of its own off the loss path: its default BCEWithLogitsLoss on a sigmoid module', () => {
    const lines = [...head, 'class MyNet(NeuralNetBinaryClassifier):', '    def on_epoch_end(self, net, **kwargs):', '        print("epoch")', 'net = MyNet(Sig, max_epochs=10, lr=0.1)', 'net.fit(X, y)'];
    assert.deepStrictEqual(found(lines), [['sigmoid-before-logits-loss', 20, 'suggestion']]);
    assert.match(lintLines(lines).findings[0].message, /the default criterion of NeuralNetBinaryClassifier/);
  });
  it('a NeuralNet subclass whose __init__ gives its own criterion default to super().__init__', () => {
    const lines = [...head, 'class MyNet(NeuralNet):', '    def __init__(self, *args, criterion=nn.NLLLoss, **kwargs):', '        super().__init__(*args, criterion=criterion, **kwargs)', 'net = MyNet(Logits, max_epochs=10)'];
    assert.deepStrictEqual(rules(lines), [['nll-loss-input', 19]]);
  });
  it('through a class of ours between (no methods), a criterion given at the call; NeuralNetClassifier\'s NLLLoss on a log_softmax', () => {
    assert.deepStrictEqual(rules([...head, 'class Base(NeuralNet):', '    pass', 'class Mine(Base):', '    pass', 'net = Mine(Logits, criterion=nn.BCELoss)']), [['logits-into-probability-loss', 21]]);
    const logSoftmax = ['class LS(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(20, 3)', '    def forward(self, x):', '        return F.log_softmax(self.fc(x), dim=-1)'];
    assert.deepStrictEqual(rules([...head, ...logSoftmax, 'class Clf(NeuralNetClassifier):', '    pass', 'net = Clf(LS)']).map((f) => f[1]), [25]);
  });
  it('guard: get_loss, infer or train_step_single overridden, a base we do not know mixed in, a criterion set again: silent', () => {
    const cases = [
      ['class MyNet(NeuralNetBinaryClassifier):', '    def get_loss(self, y_pred, y_true, X=None, training=False):', '        return super().get_loss(torch.logit(y_pred), y_true, X=X, training=training)', 'net = MyNet(Sig)'],
      ['class MyNet(NeuralNetBinaryClassifier):', '    def infer(self, x, **fit_params):', '        return torch.logit(super().infer(x, **fit_params))', 'net = MyNet(Sig)'],
      ['class MyNet(NeuralNetBinaryClassifier):', '    def train_step_single(self, batch, **fit_params):', '        return {}', 'net = MyNet(Sig)'],
      ['from mylib import LossMixin', 'class MyNet(LossMixin, NeuralNetBinaryClassifier):', '    pass', 'net = MyNet(Sig)'],
      ['class MyNet(NeuralNetBinaryClassifier):', '    pass', 'net = MyNet(Sig)', 'net.set_params(criterion=nn.BCELoss)'],
      ['class MyNet(NeuralNetBinaryClassifier):', '    def __init__(self, *args, **kwargs):', '        super().__init__(*args, criterion=nn.BCELoss, **kwargs)', 'net = MyNet(Sig)'],
      ['class MyNet(NeuralNetBinaryClassifier):', '    pass', 'net = MyNet(Logits)'],
    ];
    for (const c of cases) assert.deepStrictEqual(found([...head, ...c]), [], c.join('\n'));
  });
});
