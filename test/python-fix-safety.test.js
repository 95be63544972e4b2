// Fix safety in Python (red team round 6): a fix is applied by `--fix` only where it cannot change
// code the analysis did not follow. Each case pairs the unsafe shape with the shape where the same
// fix stays safe, so the check that withholds it is shown to be about that shape only.
const assert = require('assert');
const { lintProject, initPython } = require('../out/rules');

const { HEADER, lint } = require('./helpers/python-lint');

describe('python fix safety', () => {
  before(() => initPython());

  const head = (extraInit = []) => [
    'class Head(nn.Module):',
    '    def __init__(self, act=None):',
    '        super().__init__()',
    '        self.fc = nn.Linear(8, 1)',
    ...extraInit,
    '    def forward(self, x):',
    '        return self.act(self.fc(x))',
  ];

  it('an activation the caller hands in is not removed from the class (another instance may need it)', () => {
    const injected = lint([...HEADER, ...head(['        self.act = act']), 'clf = Head(nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(clf(x), y)', 'reg = Head(nn.Tanh())', 'loss_r = nn.MSELoss()(reg(x), y)']);
    assert.deepStrictEqual(injected.map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.strictEqual(injected[0].fix, undefined);
    assert.ok(!injected[0].suggestions.some((s) => /Remove/.test(s)), injected[0].suggestions.join('; '));
    const own = lint([...HEADER, ...head(['        self.act = nn.Sigmoid()']), 'clf = Head()', 'loss = nn.BCEWithLogitsLoss()(clf(x), y)']);
    assert.match(own[0].fix ?? '', /Remove/);
  });

  it('a threshold held in a parameter is not rewritten to 0 (a caller may pass another)', () => {
    const model = ['model = nn.Sequential(nn.Linear(8, 1))', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
    const param = lint([...HEADER, 'def decide(logits, thr=0.5):', '    return (logits > thr).float()', ...model, 'p1 = decide(out)', 'p2 = decide(out, thr=0.7)']);
    assert.deepStrictEqual(param.map((f) => [f.rule, f.fix]), [['threshold-logits', undefined]]);
    const literal = lint([...HEADER, 'def decide(logits):', '    return (logits > 0.5).float()', ...model, 'p1 = decide(out)']);
    assert.match(literal[0].fix ?? '', /Threshold logits at 0/);
  });

  it('removing a Sequential item is a suggestion where the Sequential is also sliced or indexed', () => {
    const seq = 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1))';
    const labels = 'labels = torch.tensor([0, 1, 2, 0])';
    const sliced = lint([...HEADER, seq, labels, 'loss = nn.CrossEntropyLoss()(model(x), labels)', 'logits = model[:-1](x)']);
    assert.strictEqual(sliced[0].fix, undefined);
    assert.ok(sliced[0].suggestions.some((s) => /Remove nn.Softmax/.test(s)));
    const alone = lint([...HEADER, seq, labels, 'loss = nn.CrossEntropyLoss()(model(x), labels)']);
    assert.match(alone[0].fix ?? '', /Remove nn.Softmax/);
  });

  it('a syntax error elsewhere in the file makes the activation removal a suggestion', () => {
    const body = ['model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    const broken = lint([...HEADER, ...body, 'def report(:', '    return (model(x) > 0.5).float()']);
    assert.strictEqual(broken[0].rule, 'sigmoid-before-logits-loss');
    assert.strictEqual(broken[0].fix, undefined);
    assert.ok(broken[0].suggestions.some((s) => /Remove nn.Sigmoid/.test(s)));
    assert.match(lint([...HEADER, ...body])[0].fix ?? '', /Remove nn.Sigmoid/);
  });

  it('NLLLoss on one unit: only nll-loss-input, and no fix (every switch leaves a constant loss)', () => {
    const sigmoid = lint([...HEADER, 'net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.NLLLoss()(net(x), torch.zeros(4, dtype=torch.long))']);
    assert.deepStrictEqual(sigmoid.map((f) => [f.rule, f.fix, f.suggestions.length]), [['nll-loss-input', undefined, 0]]);
    const logits = lint([...HEADER, 'net = nn.Sequential(nn.Linear(8, 1))', 'loss = F.nll_loss(net(x), torch.zeros(4, dtype=torch.long))']);
    assert.deepStrictEqual(logits.map((f) => [f.rule, f.fix]), [['nll-loss-input', undefined]]);
    const logSoftmax = lint([...HEADER, 'net = nn.Sequential(nn.Linear(8, 1), nn.LogSoftmax(dim=1))', 'loss = nn.NLLLoss()(net(x), torch.zeros(4, dtype=torch.long))']);
    assert.deepStrictEqual(logSoftmax.map((f) => f.rule), ['categorical-loss-single-unit'], 'log_softmax over one unit is always 0: the loss is constant');
    const wide = lint([...HEADER, 'net = nn.Sequential(nn.Linear(8, 3))', 'loss = F.nll_loss(net(x), torch.zeros(4, dtype=torch.long))']);
    assert.match(wide[0].fix ?? '', /cross_entropy/);
  });

  it('a sigmoid output into a categorical from_logits loss gets no fix (multi-class or multi-label is the question)', () => {
    const keras = ['import tensorflow as tf', 'from tensorflow.keras import layers, losses'];
    const build = (act, loss) => [...keras, `m = tf.keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(4, activation="${act}")])`, `m.compile(optimizer="adam", loss=losses.${loss}(from_logits=True))`];
    const categorical = lint(build('sigmoid', 'SparseCategoricalCrossentropy'));
    assert.deepStrictEqual(categorical.map((f) => [f.rule, f.fix, f.suggestions.length]), [['sigmoid-before-logits-loss', undefined, 0]]);
    const binary = lint(build('sigmoid', 'BinaryCrossentropy'));
    assert.ok(binary[0].fix, 'a binary from_logits loss on a sigmoid head keeps its fix');
  });

  it('an output plotted with seaborn or written into a DataFrame is read as probabilities: removal is a suggestion', () => {
    const model = ['import pandas as pd', 'import seaborn as sns', 'model = nn.Sequential(nn.Linear(8, 7), nn.Softmax(dim=1))', 'labels = torch.randint(0, 7, (4,))', 'loss = nn.CrossEntropyLoss()(model(x), labels)'];
    const uses = [
      ['sns.barplot(x=list(range(7)), y=model(x)[0].detach().numpy())'],
      ['probs = model(x)', "pd.DataFrame({'id': range(4), 'target': probs[:, 1].detach().numpy()}).to_csv('submission.csv')"],
    ];
    for (const use of uses) {
      const r = lint([...HEADER, ...model, ...use]);
      assert.strictEqual(r[0].fix, undefined, use.join('\n'));
      assert.ok(r[0].suggestions.some((s) => /Remove nn.Softmax/.test(s)), use.join('\n'));
    }
    assert.match(lint([...HEADER, ...model])[0].fix ?? '', /Remove nn.Softmax/);
  });

  it('removing `x = F.softmax(x, dim=1)` removes the line (not `x = x`), unless it is alone in its block', () => {
    const net = (body) => [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 3)', '    def forward(self, x, flag=True):', '        x = self.fc(x)', ...body, '        return x', 'model = Net()', 'loss = nn.CrossEntropyLoss()(model(x), torch.tensor([0, 1, 2, 0]))'];
    const file = '/virtual/net.py';
    const fixOf = (lines) => {
      const text = lines.join('\n') + '\n';
      const r = lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) });
      const edit = r.findings[0]?.fix?.edits[0];
      return edit && { removed: text.slice(edit.start, edit.end), text: edit.text };
    };
    assert.deepStrictEqual(fixOf(net(['        x = F.softmax(x, dim=1)'])), { removed: '        x = F.softmax(x, dim=1)\n', text: '' });
    assert.deepStrictEqual(fixOf(net(['        y = F.softmax(x, dim=1)', '        x = y'])), { removed: 'F.softmax(x, dim=1)', text: 'x' });
  });

  it('the rounding suggestion on a NumPy array applies sigmoid to the tensor before .numpy()', () => {
    const found = lint([...HEADER, 'from sklearn.metrics import accuracy_score', 'model = nn.Sequential(nn.Linear(8, 1))', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'acc = accuracy_score(y.numpy(), out.detach().numpy().round())']);
    assert.strictEqual(found[0].rule, 'threshold-logits');
    assert.ok(found[0].suggested.includes('torch.sigmoid(out.detach()).numpy()'), found[0].suggested.join('; '));
  });
  // Red team round 7: the activation's output also goes somewhere the analysis does not follow.
  describe('an activation whose output leaves the code we follow is removed only by a suggestion', () => {
    const step = (...rest) => [...HEADER, 'crit = nn.CrossEntropyLoss()', 'labels = torch.tensor([0, 1, 2, 0])', 'net = nn.Sequential(nn.Linear(8, 3))', 'def step(x, y):', '    p = F.softmax(net(x), dim=1)', '    loss = crit(p, y)', ...rest.map((l) => `    ${l}`)];
    const cases = [
      ['the largest values kept as a confidence', ['conf, pred = p.max(1)', 'return loss, conf'], ['_, pred = p.max(1)', 'return loss, (pred == y).float().mean()']],
      ['the largest values by .values / [0]', ['top = torch.max(p, 1).values', 'return loss, top'], ['pred = torch.max(p, 1)[1]', 'return loss, pred']],
      ['kept in a list (an ensemble vote)', ['votes = []', 'votes.append(p)', 'return loss'], ['votes = []', 'votes.append(p.argmax(1))', 'return loss']],
      ['returned to code we do not see', ['return loss, p'], ['return loss, p.argmax(1)']],
      ['turned into Python numbers', ['print(p[0, 1].item())', 'return loss'], ['print(p.argmax(1).tolist())', 'return loss']],
      // Round 8.
      ['saved to a file', ['np.save("probs.npy", p.detach().cpu().numpy())', 'return loss'], ['np.save("classes.npy", p.argmax(1).cpu().numpy())', 'return loss']],
      ['its top-k values kept', ['top_p, top_class = p.topk(1, dim=1)', 'return loss, top_p'], ['top_class = p.argmax(1)', 'return loss, top_class']],
      ['a Brier term on it', ['brier = F.mse_loss(p, F.one_hot(y, 3).float())', 'return loss + brier'], ['return loss + 0.1 * net[0].weight.pow(2).sum()']],
      ['the target of a KL divergence', ['kl = F.kl_div(F.log_softmax(net(x), dim=1), p, reduction="batchmean")', 'return loss + kl'], ['return loss']],
    ];
    for (const [what, unsafe, safe] of cases) {
      it(what, () => {
        const u = lint(step(...unsafe));
        assert.deepStrictEqual(u.map((f) => f.rule), ['softmax-before-logits-loss'], what);
        assert.strictEqual(u[0].fix, undefined, what);
        assert.ok(u[0].suggestions.some((s) => /softmax/i.test(s)), u[0].suggestions.join('; '));
        const s = lint(step(...safe));
        assert.deepStrictEqual(s.map((f) => f.rule), ['softmax-before-logits-loss'], what);
        assert.ok(s[0].fix, `${what}: the shape that reads only the class keeps the safe fix`);
      });
    }
    it('a step called where we see it: its result is followed, not assumed read', () => {
      const called = lint(step('return loss, p', ) .concat(['loss, p = step(x, labels)', 'pred = p.argmax(1)']));
      assert.ok(called[0].fix);
    });
  });
  it('a decision helper reached by a logits model and by a sigmoid model gets no rewrite at all (it would break the other)', () => {
    const models = ['raw = nn.Sequential(nn.Linear(8, 1))', 'prob = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'nn.BCEWithLogitsLoss()(raw(x), y)', 'nn.BCELoss()(prob(x), y)'];
    for (const decide of ['    return torch.round(model(data))', '    return (model(data) > 0.5).float()']) {
      const mixed = lint([...HEADER, ...models, 'def decide(model, data):', decide, 'a = decide(raw, x)', 'b = decide(prob, x)']);
      assert.deepStrictEqual(mixed.map((f) => [f.rule, f.fix, f.suggestions]), [['threshold-logits', undefined, []]], decide);
      const alone = lint([...HEADER, ...models, 'def decide(model, data):', decide, 'a = decide(raw, x)']);
      assert.ok(alone[0].fix || alone[0].suggestions.length, `${decide}: reached by the logits model only, it is rewritten`);
    }
  });
  // Red team round 8 (Keras).
  const KERAS = ['import tensorflow as tf', 'from tensorflow import keras', 'from tensorflow.keras import layers'];
  it('a model saved or exported whole keeps its activation: removing it is a suggestion', () => {
    const model = ['class Tagger(keras.Model):', '    def __init__(self):', '        super().__init__()', '        self.d = layers.Dense(6, activation="sigmoid")', '    def call(self, x, training=False):', '        return self.d(x)',
      'model = Tagger()', 'def step(x, y):', '    with tf.GradientTape() as tape:', '        p = model(x, training=True)', '        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=p))', '    return loss'];
    for (const save of ['model.save("tagger.keras")', 'tf.saved_model.save(model, "out")', 'keras.models.save_model(model, "m.h5")', 'model.export("serving")']) {
      const saved = lint([...KERAS, ...model, save]);
      assert.deepStrictEqual(saved.map((f) => f.rule), ['sigmoid-before-logits-loss'], save);
      assert.strictEqual(saved[0].fix, undefined, save);
      assert.ok(saved[0].suggestions.some((t) => /Remove activation/.test(t)), saved[0].suggestions.join('; '));
    }
    const kept = lint([...KERAS, ...model, 'model.save_weights("w.weights.h5")']);
    assert.match(kept[0].fix ?? '', /Remove activation/);
  });

  it('PyTorch: torch.save / ONNX of the whole model make the removal a suggestion; its state_dict does not', () => {
    const torchModel = [...HEADER, 'model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
    for (const save of ['torch.save(model, "m.pt")', 'torch.onnx.export(model, x, "m.onnx")',
      // Round 14: keyword forms, checkpoints holding the model, torch.export, TorchScript chains,
      // quantization, mobile, Lightning's exports.
      'torch.onnx.export(model=model, args=(x,), f="m.onnx")', 'torch.save({"model": model, "epoch": 3}, "c.pt")', 'ep = torch.export.export(model, (x,))',
      'torch.jit.save(torch.jit.freeze(torch.jit.script(model.eval())), "m.pt")', 'q = torch.quantization.quantize_dynamic(model, {nn.Linear})',
      'from torch.utils.mobile_optimizer import optimize_for_mobile\noptimize_for_mobile(torch.jit.script(model))', 'model.to_onnx("m.onnx")']) {
      const saved = lint([...torchModel, ...save.split('\n')]);
      assert.ok(saved.length > 0 && saved.every((f) => f.fix === undefined), save);
    }
    assert.match(lint([...torchModel, 'torch.save(model.state_dict(), "m.pt")'])[0].fix ?? '', /Remove nn.Sigmoid/);
    // A model trained in a function nobody here calls, and returned to its callers.
    const train = ['def train():', '    m = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', '    loss = nn.BCEWithLogitsLoss()(m(x), y)'];
    assert.strictEqual(lint([...HEADER, ...train, '    return m'])[0].fix, undefined);
    assert.match(lint([...HEADER, ...train, '    return loss'])[0].fix ?? '', /Remove nn.Sigmoid/);
  });

  it('Keras: a model converted to TFLite or written out as JSON keeps its activation (round 14)', () => {
    const keras = ['import tensorflow as tf', 'model = tf.keras.Sequential([tf.keras.Input((10,)), tf.keras.layers.Dense(1, activation="sigmoid")])', 'with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=model(x)))']; // a tf.nn loss: removal is the fix
    for (const out of ['tflite = tf.lite.TFLiteConverter.from_keras_model(model).convert()', 'open("arch.json", "w").write(model.to_json())']) {
      const r = lint([...keras, out]);
      assert.ok(!r.some((f) => /Remove/.test(f.fix ?? '')), out);
    }
    assert.match(lint([...keras, 'model.fit(x, y)']).map((f) => f.fix).join(' '), /Remove/);
  });

  it('Keras: an activation handed in by name (a builder\'s parameter) is not removed', () => {
    const build = ['def build(act):', '    m = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation=act)])', '    m.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))', '    return m'];
    // Two callers share the loss, so no loss switch is offered either: removal was the only edit left.
    const passed = lint([...KERAS, ...build, 'm_logits = build(None)', 'm_sig = build("sigmoid")']);
    assert.deepStrictEqual(passed.map((f) => f.rule), ['sigmoid-before-logits-loss']);
    assert.strictEqual(passed[0].fix, undefined);
    assert.ok(!passed[0].suggestions.some((t) => /Remove/.test(t)), passed[0].suggestions.join('; '));
    const literal = lint([...KERAS, build[0], build[1].replace('activation=act', 'activation="sigmoid"'), ...build.slice(2), 'm_a = build(None)', 'm_b = build("sigmoid")']);
    assert.match(literal[0].fix ?? '', /Remove activation/);
  });
  it('one BCELoss object for a logits head and a sigmoid head of the same model is not switched (the other head would get a double sigmoid)', () => {
    const d = ['class D(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.body = nn.Linear(8, 16)', '        self.adv = nn.Linear(16, 1)', '        self.aux = nn.Sequential(nn.Linear(16, 1), nn.Sigmoid())', '    def forward(self, x):', '        h = torch.relu(self.body(x))', '        return self.adv(h), self.aux(h)', 'netD = D()', 'criterion = nn.BCELoss()', 'adv, aux = netD(x)'];
    const shared = lint([...HEADER, ...d, 'loss = criterion(adv, y) + criterion(aux, y)']);
    assert.deepStrictEqual(shared.map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', undefined]]);
    const alone = lint([...HEADER, ...d, 'loss = criterion(adv, y)']);
    assert.match(alone[0].fix ?? '', /BCEWithLogitsLoss/);
  });

  it('a sigmoid mask saved as an image, logged to TensorBoard or in an MSE term keeps its sigmoid', () => {
    const seg = [...HEADER, 'import torchvision', 'model = nn.Sequential(nn.Conv2d(3, 1, 1), nn.Sigmoid())', 'imgs = torch.randn(2, 3, 8, 8); masks = torch.rand(2, 1, 8, 8)', 'out = model(imgs)', 'loss = nn.BCEWithLogitsLoss()(out, masks)'];
    for (const use of ["torchvision.utils.save_image(out, 'pred.png')", "writer.add_images('pred', out, 0)", 'loss = loss + F.mse_loss(out, masks)']) {
      const r = lint([...seg, use]);
      assert.deepStrictEqual(r.map((f) => f.rule), ['sigmoid-before-logits-loss'], use);
      assert.strictEqual(r[0].fix, undefined, use);
    }
    assert.match(lint(seg)[0].fix ?? '', /Remove nn.Sigmoid/);
  });
  it('a 0.5 threshold on the logits of a model trained with a probability loss is rewritten only as a suggestion (that loss may be fixed by adding the activation)', () => {
    const model = ['model = nn.Sequential(nn.Linear(8, 1))', 'out = model(x)'];
    const probLoss = lint([...HEADER, ...model, 'crit = nn.BCELoss()', 'loss = crit(out, y)', 'other = crit(out.detach(), y)', 'pred = (out > 0.5).float()']);
    const t = probLoss.find((f) => f.rule === 'threshold-logits');
    assert.ok(t, JSON.stringify(probLoss));
    assert.strictEqual(t.fix, undefined);
    assert.ok(t.suggestions.some((s) => /Threshold logits at 0/.test(s)), t.suggestions.join('; '));
    const logitLoss = lint([...HEADER, ...model, 'loss = nn.BCEWithLogitsLoss()(out, y)', 'pred = (out > 0.5).float()']);
    assert.match(logitLoss.find((f) => f.rule === 'threshold-logits').fix ?? '', /Threshold logits at 0/);
  });
  it('an activation whose output reaches code we do not model is removed only as a suggestion (red team round 9)', () => {
    const model = ['model = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
    const uses = [
      'risk = out.mean() > 0.8',
      'prior = out.sum(0)',
      'order = out.sort(0, descending=True).values',
      'p = out.clamp(1e-7, 1 - 1e-7)',
      'share = float(out[0])',
      'draw = torch.bernoulli(out)',
      'import numpy as np\nconf = np.max(out.detach().numpy(), axis=1)',
      'import pickle\npickle.dump(out, open("p.pkl", "wb"))',
      'import mlflow.pytorch\nmlflow.pytorch.log_model(model, "m")',
      'import pytorch_lightning as pl\npl.Trainer().predict(model)',
    ];
    for (const use of uses) {
      const r = lint([...HEADER, ...model, ...use.split('\n')]);
      assert.strictEqual(r[0].rule, 'sigmoid-before-logits-loss', use);
      assert.strictEqual(r[0].fix, undefined, use);
      assert.ok(r[0].suggestions.some((s) => /Remove nn.Sigmoid/.test(s)), use);
    }
    // Uses that do not read the values: the removal stays a safe fix. (Not `pl.Trainer().fit(model)`
    // of this Sequential: Lightning takes LightningModules only, so an object that takes it is
    // another library's, which may run it; round50-hooks.test.js.)
    for (const use of ['n = out.size(0)', 'z = torch.zeros_like(out)', 'k = out.argsort(dim=0)', 'c = out.detach().cpu()', 'print(out.shape)', 'import logging\nlogging.info("Model {}".format(model))']) {
      assert.match(lint([...HEADER, ...model, ...use.split('\n')])[0].fix ?? '', /Remove nn.Sigmoid/, use);
    }
  });

  it('a threshold helper also called with values we know nothing of is not rewritten by --fix', () => {
    const helper = ['def accuracy(pred, t):', '    return ((pred > 0.5).float() == t).float().mean()', 'model = nn.Sequential(nn.Linear(8, 1))', 'logits = model(x)', 'loss = nn.BCEWithLogitsLoss()(logits, y)', 'a = accuracy(logits, y)'];
    const unknown = lint([...HEADER, ...helper, 'saved = torch.load("probs.pt")', 'b = accuracy(saved, y)']);
    assert.deepStrictEqual(unknown.map((f) => [f.rule, f.fix]), [['threshold-logits', undefined]]);
    assert.match(lint([...HEADER, ...helper])[0].fix ?? '', /Threshold logits at 0/);
  });

  it('a loss object shared by a sigmoid model and a bare layer\'s logits is not switched', () => {
    const r = lint([...HEADER, 'class Trainer:', '    def __init__(self):', '        self.D = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', '        self.aux = nn.Linear(8, 1)', '        self.bce = nn.BCELoss()', '    def step(self, h):', '        return self.bce(self.D(h), y) + self.bce(self.aux(h), y)', 'Trainer().step(x)']);
    const f = r.find((x) => x.rule === 'logits-into-probability-loss');
    assert.ok(f, JSON.stringify(r));
    assert.strictEqual(f.fix, undefined);
    assert.ok(!f.suggestions.some((s) => /BCEWithLogitsLoss/.test(s)), f.suggestions.join('; '));
  });
  it('removing a softmax method call keeps its receiver, whatever the axis argument (red team round 10)', () => {
    const r = lintProject(['/virtual/m.py'], {}, { readFile: (f) => (f === '/virtual/m.py' ? [...HEADER, 'net = nn.Sequential(nn.Linear(8, 3))', 'p = net(x).softmax(-1)', 'loss = F.cross_entropy(p, torch.zeros(4, dtype=torch.long))', ''].join('\n') : undefined) });
    const edits = r.findings[0].fix.edits;
    assert.deepStrictEqual(edits.map((e) => e.text), ['net(x)']);
  });

  it('clipped logits into a probability loss are reported with no loss switch (the clip is what to remove)', () => {
    const r = lint([...HEADER, 'seg = nn.Sequential(nn.Linear(8, 1))', 'out = torch.clamp(seg(x), 0, 1)', 'loss = F.binary_cross_entropy(out, y)']);
    assert.deepStrictEqual(r.map((f) => [f.rule, f.fix, f.suggestions.length]), [['logits-into-probability-loss', undefined, 0]]);
  });
  it('inside a Keras metric the threshold suggestion stays a tensor expression (no NumPy .astype), of the argmax\'s shape and type (round 37)', () => {
    const text = ['from tensorflow import keras', 'from keras import backend as K', 'def acc(y_true, y_pred):', '    return K.mean(K.equal(y_true, K.argmax(y_pred, axis=1)))',
      'm = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])', 'm.compile(optimizer="adam", loss="binary_crossentropy", metrics=[acc])', ''].join('\n');
    const r = lintProject(['/virtual/k.py'], {}, { readFile: (f) => (f === '/virtual/k.py' ? text : undefined) });
    const texts = r.findings.flatMap((f) => f.suggestions.flatMap((s) => s.edits.map((e) => e.text)));
    assert.deepStrictEqual(texts, ['K.cast(K.squeeze(y_pred > 0.5, -1), "int64")']);
  });
  it('in a Keras file, p.argmax(axis=-1) on predict() output is NumPy: the suggestion uses .astype, not torch\'s .long() (round 11)', () => {
    const text = ['from keras.models import Sequential', 'from keras.layers import Dense', 'model = Sequential()', "model.add(Dense(1, input_dim=3, activation='sigmoid'))",
      "model.compile(loss='binary_crossentropy', optimizer='adam')", 'predictions = model.predict(X)', 'classes = predictions.argmax(axis=-1)', ''].join('\n');
    const r = lintProject(['/virtual/kp.py'], {}, { readFile: (f) => (f === '/virtual/kp.py' ? text : undefined) });
    assert.deepStrictEqual(r.findings.flatMap((f) => f.suggestions.flatMap((s) => s.edits.map((e) => e.text))), ['(predictions > 0.5).astype(int).squeeze(-1)']);
  });
  it('removing an item of an attribute Sequential is a suggestion where any instance indexes it (net.classifier[-2]; round 12)', () => {
    const cls = ['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(8, 3), nn.Softmax(dim=1))', '    def forward(self, x):', '        return self.classifier(x)', 'net = Net()', 'labels = torch.tensor([0, 1, 2, 0])', 'loss = nn.CrossEntropyLoss()(net(x), labels)'];
    for (const read of ['nn.init.xavier_uniform_(net.classifier[-2].weight)', 'head = list(net.classifier.children())[:-1]']) {
      const indexed = lint([...HEADER, ...cls, read]);
      assert.deepStrictEqual(indexed.map((f) => [f.rule, f.fix]), [['softmax-before-logits-loss', undefined]], read);
      assert.ok(indexed[0].suggestions.some((s) => /Remove nn.Softmax/.test(s)));
    }
    assert.match(lint([...HEADER, ...cls, 'other.classifier_weights[0] = 1'])[0].fix ?? '', /Remove nn.Softmax/);
  });

  it('a loss given a prediction that is no probability as its labels: reported, neither argument rewritten (round 12)', () => {
    const models = ['student = nn.Sequential(nn.Linear(8, 4))', 'teacher = nn.Sequential(nn.Linear(8, 4))', 'T = 2.0'];
    // A distillation written backwards: teacher probabilities first, the student's scaled logits second.
    const backwards = lint([...HEADER, ...models, 'soft = F.softmax(teacher(x) / T, dim=1)', 'loss = F.cross_entropy(soft, student(x) / T)']);
    assert.deepStrictEqual(backwards.map((f) => [f.rule, f.fix, f.suggestions.length]), [['softmax-before-logits-loss', undefined, 0]]);
    // Soft labels through a sigmoid before a model's logits: the same.
    const soft = lint([...HEADER, 'model = nn.Sequential(nn.Linear(8, 1))', 'smooth = torch.sigmoid(torch.randn(4, 1))', 'loss = nn.BCEWithLogitsLoss()(smooth, model(x))']);
    assert.deepStrictEqual(soft.map((f) => [f.rule, f.fix, f.suggestions.length]), [['sigmoid-before-logits-loss', undefined, 0]]);
    // Labels that are data: the activation's removal is offered as before.
    const data = lint([...HEADER, ...models, 'soft = F.softmax(student(x), dim=1)', 'loss = F.cross_entropy(soft, torch.tensor([0, 1, 2, 3]))']);
    assert.match(data[0].fix ?? '', /Remove/);
  });
  it('Keras: a NumPy max along an axis or a column put into a table reads the probabilities; a loss string over outputs of two kinds is not switched (round 12)', () => {
    const K = ['from tensorflow import keras', 'import numpy as np'];
    // A tf.nn loss in a tape: removing the activation is its fix (a Keras loss class would get from_logits=False).
    const softmax = ['import tensorflow as tf', 'model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3, activation="softmax")])', 'with tf.GradientTape() as tape:', '    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=model(x)))', 'probs = model.predict(x_test)'];
    for (const read of ['conf = probs.max(axis=1)', 'submission["target"] = probs[:, 0]', 'df.p = probs']) {
      const r = lint([...K, ...softmax, read]);
      assert.deepStrictEqual(r.map((f) => [f.rule, f.fix]), [['softmax-before-logits-loss', undefined]], read);
      assert.ok(r[0].suggestions.some((t) => /Remove/.test(t)), read);
    }
    assert.match(lint([...K, ...softmax, 'labels = probs.argmax(axis=1)'])[0].fix ?? '', /Remove/);
    const two = lint([...K, 'inp = keras.Input((20,))', 'h = keras.layers.Dense(64, activation="relu")(inp)', 'a = keras.layers.Dense(1)(h)', 'b = keras.layers.Dense(1, activation="sigmoid")(h)', 'model = keras.Model(inp, [a, b])', 'model.compile(optimizer="adam", loss="binary_crossentropy")']);
    assert.deepStrictEqual(two.map((f) => [f.rule, f.fix]), [['logits-into-probability-loss', undefined]]);
    assert.ok(!two[0].suggestions.some((t) => /from_logits/.test(t)), two[0].suggestions.join('; '));
  });
  it('an f-string, a yield, a star-unpacked argument and NumPy\'s max(axis=...) in a PyTorch file read the probabilities (rounds 13-14)', () => {
    const model = ['model = nn.Sequential(nn.Linear(8, 3), nn.Softmax(dim=1))', 'labels = torch.tensor([0, 1, 2, 0])', 'loss = nn.CrossEntropyLoss()(model(x), labels)', 'probs = model(x)'];
    for (const read of ['print(f"{probs}")', 'keep = probs.detach().numpy().max(axis=1) > 0.9', 'def batches():\n    yield probs', 'rows = [(int(i), float(c)) for c, i in zip(*probs.max(1))]', 'print(*probs)', 'aux = F.l1_loss(probs, onehot)', 'aux = F.smooth_l1_loss(probs, onehot)']) {
      const r = lint([...HEADER, ...model, read]);
      assert.deepStrictEqual(r.map((f) => [f.rule, f.fix]), [['softmax-before-logits-loss', undefined]], read);
    }
    assert.match(lint([...HEADER, ...model, 'print(f"{probs.argmax(1)}")'])[0].fix ?? '', /Remove/);
  });
  it('the position-read test looks at windows around the name only, and agrees with a whole-text test (random texts)', () => {
    const { matchesNear } = require('../out/rules/engine/python/edits');
    const re = /(?<![\w.])net\b\s*\[|\b(?:list|enumerate)\s*\(\s*net\s*[,)]|[(,]\s*\*\s*net/m;
    const parts = ['net', 'net[0]', 'list(net)', 'enumerate( net )', 'f(*net)', 'x.net[1]', 'subnet[2]', 'nets', ' ', '\n', 'y = 1', '#' + 'z'.repeat(700), 'list(', ')', '[', '*'];
    let seed = 7;
    const rand = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 400; i++) {
      const text = Array.from({ length: 1 + rand(40) }, () => parts[rand(parts.length)]).join(rand(2) ? ' ' : '');
      assert.strictEqual(matchesNear(text, 'net', re), re.test(text), JSON.stringify(text));
    }
  });
  it('removing a Sequential item is a suggestion where the Sequential is read by position: listed, enumerated, spread, its registry, or an attribute read in another file (round 13)', () => {
    const seq = ['net = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(net(x), y)'];
    for (const read of ['backbone = nn.Sequential(*list(net)[:-1])', 'for i, m in enumerate(net):\n    print(i, m)', 'head = nn.Sequential(*net)', 'act = dict(net.named_modules())["3"]', 'act = net._modules["3"]']) {
      const r = lint([...HEADER, ...seq, read]);
      assert.deepStrictEqual(r.map((f) => [f.rule, f.fix]), [['sigmoid-before-logits-loss', undefined]], read);
    }
    assert.match(lint([...HEADER, ...seq, 'other = list(nets)[0]'])[0].fix ?? '', /Remove nn.Sigmoid/);
    // An attribute Sequential read by position in another file of the program.
    const files = {
      '/virtual/models.py': 'import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.classifier = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1))\n    def forward(self, x):\n        return self.classifier(x)\n',
      '/virtual/train.py': 'import torch.nn as nn\nfrom models import Net\nnet = Net()\nloss = nn.CrossEntropyLoss()(net(x), y)\n',
      '/virtual/finetune.py': 'from models import Net\nnet = Net()\nemb = list(net.classifier)[-2]\n',
    };
    const across = lintProject(Object.keys(files), {}, { readFile: (f) => files[f] }).findings;
    assert.deepStrictEqual(across.map((f) => [f.ruleId, f.fix?.title]), [['softmax-before-logits-loss', undefined]]);
  });
});
