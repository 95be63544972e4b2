// Red team round 46's leftovers, mended in round 47: a threshold sweep written as a loop that changes
// its threshold each pass; one sample of data we make with a written shape (np.random, chunk(n) of n
// rows); `del` of a list written out; Hugging Face tokenizers of one text; functions started by
// multiprocessing / threading / concurrent.futures; skorch's criterion given as an instance, and plain
// NeuralNet with NLLLoss. Each case next to the shapes that stay as they were (the guards, named so).
const assert = require('assert');
const { initPython } = require('../out/rules');
const { lintLines } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.location.line, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const silent = (lines, why) => assert.deepStrictEqual(brief(lintLines(lines)), [], why);

describe('round 47: a loop that changes its threshold each pass sweeps thresholds', () => {
  before(() => initPython());
  // Probabilities of a logits model (line 9); from line 10 the cut.
  const head = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'from sklearn.metrics import f1_score', 'model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))',
    'loss_fn = nn.BCEWithLogitsLoss()', 'for xb, yb in loader:', '    loss_fn(model(xb), yb).backward()', 'p = torch.sigmoid(model(X_val)).detach().numpy().ravel()'];
  it('a while loop from 0, or a for loop stepping a number: no zero cut', () => {
    silent([...head, 't = 0.0', 'while t < 1:', '    preds = p > t', '    print(t, f1_score(y_val, preds))', '    t += 0.05'], 'while t < 1');
    silent([...head, 'thr = 0', 'for _ in range(20):', '    print(f1_score(y_val, p > thr))', '    thr = thr + 0.05'], 'for with a stepped number');
    silent([...head, 'def sweep():', '    t = 0.0', '    while t <= 1.0:', '        print(f1_score(y_val, np.greater(p, t)))', '        t = round(t + 0.1, 2)'], 'np.greater in a function');
  });
  it('guards: a zero the loop does not change is still a cut at 0', () => {
    const found = (lines, line = 12) => assert.deepStrictEqual(brief(lintLines([...head, ...lines])).map((f) => f.slice(0, 2)), [['zero-threshold-on-probabilities', line]], lines.join('; '));
    found(['t = 0.0', 'while cond():', '    print(f1_score(y_val, p > t))', '    step()']);
    found(['t = 0.0', 'i = 0', 'while i < 3:', '    print(f1_score(y_val, p > t))', '    i += 1'], 13);
    found(['t = 0.0', 'for k in range(3):', '    print(f1_score(y_val, p > t))', '    def f():', '        t = 1']);
  });
});

describe('round 47: one sample of data made with a written shape', () => {
  before(() => initPython());
  const torchHead = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))', 'Yn = np.random.randint(0, 4, 10)'];
  const judged = (lines) => brief(lintLines([...torchHead, ...lines]));
  it('np.atleast_2d / np.vstack of a row of np.random data: one sample, silent', () => {
    silent([...torchHead, 'Xn = np.random.randn(10, 32).astype(np.float32)', 'out = model(torch.from_numpy(np.atleast_2d(Xn[0])))', 'print(out.argmax() == Yn[0])'], 'randn');
    silent([...torchHead, 'Xn = np.random.rand(10, 32)', 'out = model(torch.tensor(np.vstack([Xn[3]])))', 'print(out.argmax() == Yn[3])'], 'rand');
    silent([...torchHead, 'Xn = np.random.normal(0, 1, size=(10, 32))', 'for i in range(10):', '    out = model(torch.tensor(np.atleast_2d(Xn[i])))', '    print(out.argmax() == Yn[i])'], 'normal, in a loop');
    const keras = ['import numpy as np', 'from tensorflow import keras', 'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(4, activation="softmax")])',
      'model.compile(loss="categorical_crossentropy", optimizer="adam")', 'model.fit(X_train, Y_train, epochs=3)', 'X = np.random.randn(16, 8)', 'y = np.random.randint(0, 4, 16)',
      'for i in range(16):', '    p = model.predict(np.atleast_2d(X[i]))', '    print(np.argmax(p) == y[i])'];
    silent(keras, 'Keras predict of one row');
  });
  it('x.chunk(n) of data of n rows or fewer: pieces of one row, silent', () => {
    const train = ['x = torch.randn(100, 32)', 'y = torch.randint(0, 4, (100,))'];
    silent([...torchHead, ...train, 'for xb in x.chunk(100):', '    print((model(xb).argmax() == y[0]).sum())'], 'chunk(100) of 100 rows');
    silent([...torchHead, ...train, 'for xb in torch.chunk(x, 200):', '    print((model(xb).argmax() == y[0]).sum())'], 'torch.chunk(x, 200) of 100 rows');
  });
  it('guards: the whole array, more rows than chunks, or data of a shape not written: reported as before', () => {
    assert.deepStrictEqual(judged(['Xn = np.random.randn(10, 32).astype(np.float32)', 'print(model(torch.from_numpy(Xn)).argmax() == Yn)']), [['argmax-batch-axis', 7, 'suggestion']]);
    assert.deepStrictEqual(judged(['Xn = np.random.randn(10, 32)', 'print(model(torch.tensor(np.atleast_2d(Xn))).argmax() == Yn[0])']), [['argmax-batch-axis', 7, 'suggestion']]);
    assert.deepStrictEqual(judged(['x = torch.randn(100, 32)', 'for xb in x.chunk(10):', '    print((model(xb).argmax() == y[:10]).sum())']), [['argmax-batch-axis', 8, 'suggestion']]);
    assert.deepStrictEqual(judged(['x = torch.randn(n, 32)', 'for xb in x.chunk(10):', '    print((model(xb).argmax() == y[:10]).sum())']), [['argmax-batch-axis', 8, 'suggestion']]);
    assert.deepStrictEqual(judged(['Xl = np.load("x.npy")', 'print(model(torch.from_numpy(np.atleast_2d(Xl))).argmax() == Yn)']), [['argmax-batch-axis', 7, 'suggestion']]);
  });
});

describe('round 47: del of items of a list written out', () => {
  before(() => initPython());
  const head = ['import numpy as np', 'import torch', 'import torch.nn as nn', 'model = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))', 'xs = torch.randn(10, 32)', 'ys = torch.randint(0, 4, (10,))',
    'preds = [model(xs[0][None]).detach().numpy(), model(xs[1][None]).detach().numpy(), model(xs[2][None]).detach().numpy()]'];
  const judged = (lines) => brief(lintLines([...head, ...lines, 'print(np.vstack(preds).argmax() == ys[0].item())']));
  it('one row left: one sample, silent', () => {
    assert.deepStrictEqual(judged(['del preds[1:]']), []);
    assert.deepStrictEqual(judged(['del preds[1], preds[1]']), []);
    assert.deepStrictEqual(judged(['del preds[-1]', 'del preds[-1]']), []);
    assert.deepStrictEqual(judged(['del preds[k]']), [], 'an index we do not know: rows unknown');
    assert.deepStrictEqual(judged(['if cond:', '    del preds[1:]']), [], 'deleted on one branch: unknown');
  });
  it('guards: rows left, or none deleted: a batch, reported', () => {
    assert.deepStrictEqual(judged(['del preds[0]']), [['argmax-batch-axis', 9, 'suggestion']]);
    assert.deepStrictEqual(judged(['del preds[5:]']), [['argmax-batch-axis', 9, 'suggestion']]);
    assert.deepStrictEqual(judged(['del other[0]']), [['argmax-batch-axis', 9, 'suggestion']]);
  });
});

describe('round 47: Hugging Face tokenizers of one text make a batch of one', () => {
  before(() => initPython());
  const head = ['import torch', 'from transformers import AutoTokenizer, AutoModelForSequenceClassification', 'tok = AutoTokenizer.from_pretrained("x")',
    'model = AutoModelForSequenceClassification.from_pretrained("x", num_labels=3)'];
  const judged = (lines) => brief(lintLines([...head, ...lines]));
  it('a string, a list of one, encode / encode_plus: silent', () => {
    silent([...head, 'enc = tok(["only one"], padding=True, return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels[0])'], 'a list of one text');
    silent([...head, 'enc = tok([text], padding=True, return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels[0])'], 'a list of one item we do not know');
    silent([...head, 'enc = tok("one text", return_tensors="pt").to("cuda")', 'print(model(**enc).logits.argmax() == labels[0])'], 'a string, moved');
    silent([...head, 'enc = tok("one text", return_tensors="pt")', 'out = model(input_ids=enc["input_ids"], attention_mask=enc.attention_mask)', 'print(out.logits.argmax() == labels[0])'], 'by key and attribute');
    silent([...head, 'ids = tok.encode(text, return_tensors="pt")', 'print(model(ids).logits.argmax() == labels[0])'], 'encode: one example always');
    silent([...head, 'enc = tok.encode_plus(text, return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels[0])'], 'encode_plus');
    silent([...head, 'from transformers import BertTokenizerFast', 'bt = BertTokenizerFast.from_pretrained("x")', 'enc = bt(["a b"], is_split_into_words=True, return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels[0])'], 'words of one text');
  });
  it('guards: several texts, a count we do not know, no tensors: reported as before', () => {
    assert.deepStrictEqual(judged(['enc = tok(["one", "two", "three"], padding=True, return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels[0])']), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(judged(['enc = tok(texts, padding=True, return_tensors="pt")', 'print(model(**enc).logits.argmax() == labels[0])']), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(judged(['enc = tok(["a", "b"], padding=True, return_tensors="pt")', 'print(model(enc["input_ids"]).logits.argmax() == labels)']), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(judged(['enc = tok("one", return_tensors=kind)', 'print(model(**enc).logits.argmax() == labels[0])']), [['argmax-batch-axis', 6, 'suggestion']]);
    assert.deepStrictEqual(judged(['enc = tok(["a", "b"], padding=True, return_tensors="pt").to("cuda")', 'print(model(**enc).logits.argmax() == labels)']), [['argmax-batch-axis', 6, 'suggestion']]);
  });
});

describe('round 47: functions started by processes, threads and pools run as fn(*args, **kwargs)', () => {
  before(() => initPython());
  // `run` cuts a logits model's output at its `thr` (line 14); from line 15 how it is started.
  const head = ['import torch', 'import torch.nn as nn', 'import multiprocessing as mp', 'import threading', 'from concurrent.futures import ThreadPoolExecutor', 'from multiprocessing import Pool',
    'class LogitNet(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(32, 1)', '    def forward(self, x):', '        return self.fc(x)',
    'def run(rank, world, thr):', '    model = LogitNet(); nn.BCEWithLogitsLoss()(model(x), y).backward(); print((model(x) > thr).float().mean())'];
  const found = (start) => assert.deepStrictEqual(brief(lintLines([...head, ...start])), [['threshold-logits', 14, 'none']], start.join('; '));
  it('Process, Thread, a context\'s Process, an executor\'s submit, a pool\'s apply', () => {
    found(['p = mp.Process(target=run, args=(0, 2, 0.5))', 'p.start()']);
    found(['import torch.multiprocessing as tmp', 'tmp.Process(target=run, args=(0, 2, 0.5)).start()']);
    found(['t = threading.Thread(target=run, args=(0,), kwargs={"world": 2, "thr": 0.5})', 't.start()']);
    found(['threading.Thread(None, run, "worker", (0, 2, 0.5)).start()']);
    found(['ctx = mp.get_context("spawn")', 'ctx.Process(target=run, args=(0, 2, 0.5)).start()']);
    found(['with ThreadPoolExecutor(max_workers=2) as ex:', '    fut = ex.submit(run, 0, 2, thr=0.5)']);
    found(['pool = Pool(4)', 'pool.apply_async(run, (0, 2, 0.5))']);
  });
  it('a pool\'s or executor\'s map: the function on each item', () => {
    const fold = ['model = LogitNet()', 'nn.BCEWithLogitsLoss()(model(xb), yb).backward()', 'def fold(thr):', '    print((model(x) > thr).float().mean())'];
    assert.deepStrictEqual(brief(lintLines([...head, ...fold, 'with Pool(4) as pool:', '    pool.map(fold, [0.5, 0.5])'])), [['threshold-logits', 18, 'none']]);
    assert.deepStrictEqual(brief(lintLines([...head, ...fold, 'ex = ThreadPoolExecutor()', 'list(ex.map(fold, [0.5]))'])), [['threshold-logits', 18, 'none']]);
  });
  it('guards: arguments we cannot list, a target of our own, another threshold: silent', () => {
    silent([...head, 'mp.Process(target=run, args=cli_args).start()'], 'arguments we do not know');
    silent([...head, 'mp.Process(target=run, args=(0, 2, 0.5), kwargs=extra).start()'], 'keywords we do not know');
    silent([...head, 'threading.Thread(target=run, args=(0, 2, 0.0)).start()'], 'a cut at 0: right for logits');
    silent([...head, 'from mylib import Process', 'Process(target=run, args=(0, 2, 0.5)).start()'], 'a Process of another library');
    silent([...head, 'with ThreadPoolExecutor() as ex:', '    ex.submit(run, *work)'], 'arguments unpacked');
  });
});

describe('round 47: skorch criteria given as instances, and plain NeuralNet', () => {
  before(() => initPython());
  const net = (ctor, last = 'self.fc(x)') => ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'from skorch import NeuralNet, NeuralNetClassifier, NeuralNetBinaryClassifier',
    'class Net(nn.Module):', '    def __init__(self, n_out=3):', '        super().__init__()', '        self.fc = nn.Linear(20, n_out)', '    def forward(self, x):', `        return ${last}`,
    `net = ${ctor}`, 'net.fit(X, y)'];
  const judged = (ctor, last) => brief(lintLines(net(ctor, last)));
  it('NeuralNetClassifier with an NLLLoss instance takes the log of the output as with the class', () => {
    assert.deepStrictEqual(judged('NeuralNetClassifier(Net, criterion=nn.NLLLoss(), max_epochs=2)'), [['nll-loss-input', 11, 'none']]);
    const r = lintLines(net('NeuralNetClassifier(Net, criterion=nn.NLLLoss())', 'F.log_softmax(self.fc(x), dim=-1)'));
    assert.deepStrictEqual(brief(r), [['nll-loss-input', 11, 'suggestion']]);
    assert.match(r.findings[0].message, /takes the log of the module's output itself/);
  });
  it('NeuralNet hands the output to NLLLoss as it is', () => {
    assert.deepStrictEqual(judged('NeuralNet(Net, criterion=nn.NLLLoss, max_epochs=2)'), [['nll-loss-input', 11, 'none']]);
    const r = lintLines(net('NeuralNet(Net, criterion=nn.NLLLoss())'));
    assert.deepStrictEqual(brief(r), [['nll-loss-input', 11, 'suggestion']]);
    assert.doesNotMatch(r.findings[0].message, /takes the log/);
    assert.deepStrictEqual(judged('NeuralNet(Net, criterion=nn.NLLLoss())', 'F.softmax(self.fc(x), dim=-1)'), [['nll-loss-input', 11, 'suggestion']]);
  });
  it('guards: the right output for each net, another criterion, a criterion set again: silent', () => {
    silent(net('NeuralNetClassifier(Net, criterion=nn.NLLLoss())', 'F.softmax(self.fc(x), dim=-1)'), 'the classifier takes the log of probabilities: right');
    silent(net('NeuralNet(Net, criterion=nn.NLLLoss)', 'F.log_softmax(self.fc(x), dim=-1)'), 'NeuralNet with log-probabilities: right');
    silent(net('NeuralNet(Net, criterion=nn.CrossEntropyLoss())'), 'CrossEntropyLoss on logits');
    silent(net('NeuralNetBinaryClassifier(Net, criterion=nn.NLLLoss(), module__n_out=1)'), 'the binary net with NLLLoss: not modelled');
    silent([...net('NeuralNetClassifier(Net, criterion=nn.NLLLoss())'), 'net.set_params(criterion=nn.CrossEntropyLoss)'], 'set again');
  });
});
