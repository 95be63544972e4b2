// Red team round 23 (session 14): held-out-style probes and binary classifiers from real projects.
const assert = require('assert');
const { initPython } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');

const rulesOf = (lines) => lint(lines).map((f) => f.rule);
const KERAS3 = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])'];

describe('round 23: one sample through ordinary preprocessing', () => {
  before(() => initPython());

  it('a batch of one stays one through arithmetic with numbers, np.array([x]), np.stack([x]), np.reshape(x, (1, ...)), preprocess_input and tensor arithmetic methods', () => {
    const single = [
      'x = np.expand_dims(img, axis=0) / 255.0',
      'x = np.array([img])',
      'x = np.stack([img])',
      'x = np.reshape(img, (1, 28, 28))',
      'x = keras.applications.resnet50.preprocess_input(np.expand_dims(img, 0))',
    ];
    for (const prep of single) {
      assert.deepStrictEqual(rulesOf([...KERAS3, 'for img, label in pairs:', `    ${prep}`, '    pred = np.argmax(model.predict(x))', '    ok = pred == label']), [], prep);
    }
    const torchSingle = ['x = t.unsqueeze(0).float() / 255', 'x = t.unsqueeze(0).sub(0.5).div(0.5)', 'x = torch.stack([t])'];
    for (const prep of torchSingle) {
      assert.deepStrictEqual(rulesOf([...HEADER, 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))', 'for t, label in pairs:', `    ${prep}`, '    pred = model(x).argmax()', '    ok = pred == label']), [], prep);
    }
  });

  it('a flattening argmax on a batch we could not follow, compared with labels: reported with a suggestion, never a safe fix', () => {
    const found = lint([...KERAS3, 'for path, label in test_files:', '    x = load_image(path)', '    pred = np.argmax(model.predict(x))', '    ok = pred == label']);
    assert.deepStrictEqual(found.map((f) => [f.rule, f.fix, f.suggestions.length]), [['argmax-batch-axis', undefined, 1]]);
  });
});

describe('round 23: predictions kept where a sigmoid removal would not see them read', () => {
  before(() => initPython());

  const SIGMOID_NET = ['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))',
    'model = Net()', 'loss = nn.BCEWithLogitsLoss()(model(x), y)'];
  const removal = (lines) => lint([...HEADER, ...SIGMOID_NET, ...lines]).filter((f) => f.rule === 'sigmoid-before-logits-loss').map((f) => [f.fix, f.suggestions.length]);

  it('grown with torch.cat from an empty start, `+= [out]`, written into a preallocated tensor, or given to dict.update: the removal is a suggestion', () => {
    const escapes = [
      ['preds = torch.empty(0, 1)', 'for xb in loader:', '    preds = torch.cat([preds, model(xb)], dim=0)', 'labels = (preds > 0.5).float()'],
      ['outs = []', 'for xb in loader:', '    outs += [model(xb)]', 'labels = (torch.cat(outs) > 0.5).float()'],
      ['all_out = torch.zeros(100, 1)', 'for i, xb in enumerate(loader):', '    all_out[i * 10:(i + 1) * 10] = model(xb)', 'labels = (all_out > 0.5).float()'],
      ['results = {}', 'results.update({"probs": model(x)})'],
      ['results = {}', 'results.update(probs=model(x))'],
    ];
    for (const lines of escapes) {
      const found = removal(lines);
      assert.ok(found.length === 1 && found[0][0] === undefined && found[0][1] >= 1, `${lines.join('\n')}\n${JSON.stringify(found)}`);
    }
  });

  it('concatenating outputs of the same kind keeps them, so nothing is taken as read: the removal stays safe', () => {
    const found = removal(['both = torch.cat([model(x), model(x)])', 'loss2 = nn.BCEWithLogitsLoss()(both, y)']);
    assert.ok(found.length === 2 && found.every(([fix]) => fix !== undefined), JSON.stringify(found));
  });
});

describe('round 23: one-unit heads after a recurrent layer', () => {
  before(() => initPython());

  it('PyTorch: the last step (`out[:, -1, :]`, `out[:, -1]`) or the last layer\'s hidden state (`h[-1]`) is [batch, features]: argmax(dim=1) over the one-unit head is always 0', () => {
    for (const [rnn, unpack, last] of [['LSTM', 'out, (h, c)', 'out[:, -1, :]'], ['GRU', 'out, h', 'out[:, -1]'], ['GRU', 'out, h', 'h[-1]'], ['LSTM', 'out, (h, c)', 'h[-1]']]) {
      const lines = [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.emb = nn.Embedding(5000, 64)', `        self.rnn = nn.${rnn}(64, 128, batch_first=True)`, '        self.fc = nn.Linear(128, 1)',
        '    def forward(self, x):', `        ${unpack} = self.rnn(self.emb(x))`, `        return self.fc(${last})`,
        'model = Net()', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out.squeeze(1), y)', '_, predicted = torch.max(out, 1)', 'acc = (predicted == y).float().mean()'];
      assert.deepStrictEqual(rulesOf(lines), ['argmax-single-unit'], `${rnn} ${last}`);
    }
  });

  it('PyTorch: every step scored (no index) stays a sequence: dim 1 is time, not reported', () => {
    const lines = [...HEADER, 'class Tagger(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.rnn = nn.LSTM(64, 128, batch_first=True)', '        self.fc = nn.Linear(128, 1)',
      '    def forward(self, x):', '        out, _ = self.rnn(x)', '        return self.fc(out)', 'model = Tagger()', 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)', 'best = out.argmax(dim=1)'];
    assert.deepStrictEqual(rulesOf(lines), []);
  });

  it('Keras: LSTM / GRU / Bidirectional without return_sequences give [batch, units]; with it, a sequence', () => {
    const head = ['import numpy as np', 'from tensorflow import keras', 'from tensorflow.keras import layers'];
    for (const rnn of ['layers.LSTM(64)', 'layers.GRU(32, return_sequences=False)', 'layers.Bidirectional(layers.LSTM(32))']) {
      const lines = [...head, `model = keras.Sequential([layers.Embedding(10000, 64), ${rnn}, layers.Dense(1, activation="sigmoid")])`, 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'y_pred = np.argmax(model.predict(X_test), axis=1)', 'print((y_pred == y_test).mean())'];
      assert.deepStrictEqual(rulesOf(lines), ['argmax-single-unit'], rnn);
    }
    const seq = [...head, 'model = keras.Sequential([layers.Embedding(10000, 64), layers.LSTM(64, return_sequences=True), layers.Dense(1, activation="sigmoid")])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'y_pred = np.argmax(model.predict(X_test), axis=1)'];
    assert.deepStrictEqual(rulesOf(seq), []);
  });
});

describe('round 23: a linear head trained for probabilities, its output handed on as it is', () => {
  before(() => initPython());

  const KERAS = ['import numpy as np', 'import pandas as pd', 'from tensorflow import keras', 'model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])', 'model.compile(optimizer="adam", loss="binary_crossentropy")', 'model.fit(X, y, epochs=3)'];
  const loss = (lines) => lint([...KERAS, ...lines]).find((f) => f.rule === 'logits-into-probability-loss');

  it('saved whole, written to a CSV column, or turned into a JSON number: switching the loss to logits is a suggestion (the sigmoid one keeps what they read)', () => {
    for (const read of ['model.save("churn.h5")', 'pd.DataFrame({"churn_probability": model.predict(X_test).ravel()}).to_csv("out.csv")', 'prob = float(model.predict(x)[0][0])\nresponse = {"probability": prob}']) {
      const found = loss(read.split('\n'));
      assert.strictEqual(found.fix, undefined, read);
      assert.ok(found.suggestions.some((t) => /from_logits=True/.test(t)) && found.suggestions.some((t) => /activation='sigmoid'/.test(t)), read);
    }
  });

  it('nothing handed on, or only shown (print, an f-string): the switch stays the safe fix', () => {
    for (const read of ['pass', 'print(model.predict(X_test))', 'p = model.predict(X_test)\nprint(f"{p[0][0]:.3f}")']) {
      assert.match(loss(read.split('\n')).fix ?? '', /from_logits=True/, read);
    }
  });
});

describe('round 23: thresholds written as float(...), chained, or as a band', () => {
  before(() => initPython());

  const LOGITS = [...HEADER, 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'out = model(x)'];
  const found = (lines) => lint([...LOGITS, ...lines]).filter((f) => f.rule === 'threshold-logits').map((f) => f.fix);

  it('float(prediction) is the prediction\'s one value: > 0.5 on it is reported, with the safe fix', () => {
    assert.deepStrictEqual(found(['score = float(out[0])', 'label = int(score > 0.5)']), ['Threshold logits at 0 (the same decision as probability 0.5)']);
  });

  it('a band (chained, `&`, `and`) is reported at each bound; the 0.5 bound gets only a suggestion, since the other would stay a probability', () => {
    // A chain is one comparison: one finding.
    assert.deepStrictEqual(found(['mid = 0.5 <= out < 0.9']), [undefined]);
    for (const band of ['mid = (out >= 0.5) & (out < 0.8)', 'score = out[0].item()\nmid = score >= 0.5 and score < 0.8']) {
      assert.deepStrictEqual(found(band.split('\n')), [undefined, undefined], band);
    }
    // Two cuts of the same values in separate decisions are no band: each keeps its own fix.
    assert.deepStrictEqual(found(['hi = out > 0.8', 'lab = out > 0.5']), [undefined, 'Threshold logits at 0 (the same decision as probability 0.5)']);
  });
});

describe('round 23: valid Python the parser rejects', () => {
  before(() => initPython());

  it('a continuation line inside brackets indented less than its block is joined (tree-sitter-python 0.25 rejects it): no parsing error, the finding in it is reported; real syntax errors still are', () => {
    const body = [...HEADER, 'model = nn.Sequential(nn.Linear(8, 1))', 'loss = nn.BCEWithLogitsLoss()(model(x), y)', 'def evaluate(model, X, y):', '    with torch.no_grad():', '        acc = ((model(X) > 0.5).float() ==  # compared per sample', '    y).float().mean()', '    return acc', 'evaluate(model, x, y)'];
    const { lintProject } = require('../out/rules');
    const file = '/virtual/dedent.py';
    const run = (lines) => lintProject([file], {}, { readFile: (f) => (f === file ? lines.join('\n') + '\n' : undefined) });
    const r = run(body);
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.location.line]), [['threshold-logits', 9]]);
    const broken = run([...body, 'def oops(:', '    pass']);
    assert.ok(broken.problems.some((p) => /Parsing error/.test(p.message)), JSON.stringify(broken.problems));
  });
});

describe('round 23: a one-channel PyTorch convolution head (one-class segmentation)', () => {
  before(() => initPython());

  const unet = (out, extra = []) => [...HEADER, 'class SegNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.enc = nn.Conv2d(3, 16, 3, padding=1)', `        self.head = nn.Conv2d(16, ${out}, kernel_size=1)`,
    '    def forward(self, img):', '        return self.head(torch.relu(self.enc(img)))', 'model = SegNet()', ...extra];

  it('argmax(dim=1) over its one channel, and CrossEntropyLoss on it, are reported', () => {
    // `imgs` from a loader: its rank is unknown, a batch is presumed.
    assert.deepStrictEqual(rulesOf(unet(1, ['for imgs, y in loader:', '    logits = model(imgs)', '    loss = nn.BCEWithLogitsLoss()(logits, y)', '    pred = logits.argmax(dim=1)'])), ['argmax-single-unit']);
    assert.deepStrictEqual(rulesOf(unet(1, ['for imgs, mask in loader:', '    loss = nn.CrossEntropyLoss()(model(imgs), mask)'])), ['categorical-loss-single-unit']);
    assert.deepStrictEqual(rulesOf(unet(1, ['for imgs, mask in loader:', '    up = F.interpolate(model(imgs), size=(64, 64))', '    loss = nn.CrossEntropyLoss()(up, mask)'])), ['categorical-loss-single-unit']);
  });

  it('called on an input known to be unbatched (`torch.randn(3, 32, 32)` for a Conv2d): axis 1 is no channel, silent', () => {
    assert.deepStrictEqual(rulesOf(unet(1, ['img = torch.randn(3, 32, 32)', 'scores = model(img)', 'loss = nn.CrossEntropyLoss()(scores, torch.tensor([5]))', 'pick = scores.argmax(dim=1)'])), []);
    assert.deepStrictEqual(rulesOf(unet(1, ['img = torch.randn(8, 3, 32, 32)', 'loss = nn.CrossEntropyLoss()(model(img), mask)'])), ['categorical-loss-single-unit']);
  });

  it('two channels, or the one channel squeezed, flattened or thresholded: silent', () => {
    assert.deepStrictEqual(rulesOf(unet(2, ['logits = model(x)', 'loss = nn.CrossEntropyLoss()(logits, mask)', 'pred = logits.argmax(dim=1)'])), []);
    for (const use of ['pred = model(x).squeeze(1).argmax(dim=1)', 'pred = model(x).flatten(1).argmax(dim=1)', 'pred = (model(x) > 0).long()']) {
      assert.deepStrictEqual(rulesOf(unet(1, ['loss = nn.BCEWithLogitsLoss()(model(x), y)', use])), [], use);
    }
  });
});

describe('round 24: checks, stores and layers that read a sigmoid output; cuts at 0 that are checks', () => {
  before(() => initPython());

  const NET = [...HEADER, 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(8, 1)', '    def forward(self, x):', '        return torch.sigmoid(self.fc(x))', 'model = Net()'];
  const removal = (lines) => lint([...NET, ...lines]).filter((f) => f.rule === 'sigmoid-before-logits-loss').map((f) => f.fix);
  const LOSS = 'loss = nn.BCEWithLogitsLoss()(out, y)';

  it('a one-sided check (`assert (out >= 0).all()`), a store under a key we cannot follow, a layer applied to the output: the removal is a suggestion; a cut at 0 used as a prediction is not such a read', () => {
    for (const read of ['assert (out >= 0).all()', 'preds[fold] = out', 'calibrated = torch.sigmoid(calib(out))']) {
      const extra = read.startsWith('preds') ? ['preds = {}', 'fold = int(sys.argv[1])'] : read.includes('calib') ? ['calib = nn.Linear(1, 1)'] : [];
      assert.deepStrictEqual(removal([...extra, 'out = model(x)', LOSS, read]), [undefined], read);
    }
    assert.notStrictEqual(removal(['out = model(x)', LOSS, 'acc = ((out > 0).float() == y).float().mean()'])[0], undefined);
  });

  it('zero-threshold-on-probabilities: a cut compared with another cut, or reduced to one truth value (`.all()`), is a check; a head trained only for regression is not cut at 0.5', () => {
    const BCE = ['out = model(x)', 'loss = nn.BCELoss()(out, y)'];
    const ours = (lines) => lint([...NET, ...lines]).filter((f) => f.rule === 'zero-threshold-on-probabilities');
    for (const check of ['ok = ((out >= 0) == (out <= 0.9)).all()', 'n = ((out > 0).float() == torch.ones_like(out)).all()', 'ok = torch.all((out > 0) == y)']) {
      assert.deepStrictEqual(ours([...BCE, check]), [], check);
    }
    assert.deepStrictEqual(ours(['out = model(x)', 'loss = nn.MSELoss()(out, y)', 'wet = ((out > 0) == (y > 0)).float().mean()']), []);
    assert.strictEqual(ours([...BCE, 'acc = ((out > 0).float() == y).float().mean()']).length, 1);
  });

  it('copies along the batch (`repeat`, `expand`) are no batch of one', () => {
    const lines = [...KERAS3.slice(0, 2), 'import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))', 'for t, labels in pairs:', '    x = torch.stack([t]).repeat(8, 1, 1)', '    pred = model(x).argmax()', '    ok = (pred == labels).sum()'];
    assert.deepStrictEqual(rulesOf(lines), ['argmax-batch-axis']);
  });
});
