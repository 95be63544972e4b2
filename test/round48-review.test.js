// Session 36's review of its own merges, and wave 2's findings in them (red team rt48d; the
// cases fail on the merged build before these changes, /work/s36b, but the guards): a cast of a cut
// kept the cut; a module a notebook writes twice around its import; IPython's `obj?` and jupytext's
// `# %%` inside strings; `model.forward = fn`; tfjs Sequential subclasses with their own add/compile.
const assert = require('assert');
const { initPython, lintProject } = require('../out/rules');
const { HEADER, lint } = require('./helpers/python-lint');
const { lintLines, lintCells } = require('./lint-text');

const brief = (r) => r.findings.map((f) => [f.ruleId, f.fix ? 'fix' : f.suggestions.length ? 'suggestion' : 'none']);
const SIGMOID_NET = ['net = nn.Sequential(nn.Linear(8, 1), nn.Sigmoid())', 'out = net(x)', 'loss = nn.BCELoss()(out, y)'];
const MODEL = ['import torch', 'from torch import nn', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', 'loss = nn.BCEWithLogitsLoss()(model(torch.randn(2, 4)), torch.ones(2, 1))'];

describe('round 48 review: casts of a decision, notebooks, jupytext, forward, tfjs subclasses', () => {
  before(() => initPython());

  it('a cut at 0 cast to int64 or int32 (`.long()`, `.int()`) and given to f1_score is still the decision', () => {
    for (const cast of ['long', 'int']) {
      const found = lint([...HEADER, ...SIGMOID_NET, 'from sklearn.metrics import f1_score', `print(f1_score(y.numpy(), (out > 0).${cast}().numpy()))`]);
      assert.deepStrictEqual(found.map((f) => f.rule), ['zero-threshold-on-probabilities'], cast);
    }
  });

  describe('a module a notebook writes with %%writefile', () => {
    const NET = (head) => `import torch\nfrom torch import nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(16, 1)\n    def forward(self, x):\n        return ${head}\n`;
    const SIGMOID = NET('torch.sigmoid(self.fc(x))');
    const LOGITS = NET('self.fc(x)');
    const IMPORT = 'import torch\nfrom torch import nn\nfrom netmod import Net\nmodel = Net()';
    const TRAIN = (loss) => `x, y = torch.randn(8, 16), torch.rand(8, 1)\nloss = nn.${loss}()(model(x), y)\n`;

    it('written again after the cell that imports it: the import read the first text, so neither is judged (was a harmful safe fix)', () => {
      // The right program (sigmoid head + BCELoss), the file rewritten without the sigmoid afterwards.
      assert.deepStrictEqual(brief(lintCells([`%%writefile netmod.py\n${SIGMOID}`, IMPORT, TRAIN('BCELoss'), `%%writefile netmod.py\n${LOGITS}`])), []);
      // And the other way round (a real mistake, but judged on the wrong text it was a false positive's suggestion).
      assert.deepStrictEqual(brief(lintCells([`%%writefile netmod.py\n${LOGITS}`, IMPORT, TRAIN('BCEWithLogitsLoss'), `%%writefile netmod.py\n${SIGMOID}`])), []);
    });

    it('guard: written by two cells before any cell imports it (a write, then `-a` appending) is read joined', () => {
      const [head, rest] = SIGMOID.split('class');
      const r = lintCells([`%%writefile netmod.py\n${head}`, `%%writefile -a netmod.py\nclass${rest}`, IMPORT, TRAIN('BCEWithLogitsLoss')]);
      assert.deepStrictEqual(brief(r).map((f) => f[0]), ['sigmoid-before-logits-loss']);
    });
  });

  describe('IPython lines are found outside strings only', () => {
    it('a jupytext script whose string or docstring starts with a line ending in `?`: Python, not help', () => {
      for (const text of [
        ['# %%', 'PROMPT = """Is this review positive?', 'Answer yes or no."""', ...MODEL],
        ['# %%', 'def stopped(history):', '    """Has the loss stopped improving?', '    Looks at the last five epochs."""', '    return False', ...MODEL],
      ]) {
        const r = lintLines(text);
        assert.deepStrictEqual(r.problems, [], text.join('\n'));
        assert.deepStrictEqual(brief(r), [['sigmoid-before-logits-loss', 'fix']], text.join('\n'));
      }
    });

    it('a notebook cell with such a string too; guard: `model?` on a line of its own is still help', () => {
      const cell = ['PROMPT = """Is this review positive?', 'Answer yes or no."""', ...MODEL].join('\n');
      assert.deepStrictEqual(brief(lintCells([cell])), [['sigmoid-before-logits-loss', 'fix']]);
      const r = lintCells([[...MODEL, 'model?'].join('\n')]);
      assert.deepStrictEqual(r.problems, []);
      assert.deepStrictEqual(brief(r).map((f) => f[0]), ['sigmoid-before-logits-loss']);
    });

    it('a `# %%` line inside a string (a notebook template, a docstring example) makes no jupytext script of a plain .py', () => {
      for (const text of [
        ['TEMPLATE = """', '# %%', '%%bash', 'echo hi', '"""', ...MODEL],
        ['def usage():', '    """In VS Code:', '# %%', '%%timeit', '    usage()', '    """', ...MODEL],
      ]) {
        const r = lintLines(text);
        assert.deepStrictEqual(r.problems, [], text.join('\n'));
        assert.deepStrictEqual(brief(r), [['sigmoid-before-logits-loss', 'fix']], text.join('\n'));
      }
    });
  });

  it('`model.forward = fn` on a Sequential: calling it runs fn, not the layers (no finding on its sigmoid)', () => {
    for (const fn of ['def logits_only(inp):\n    return model[0](inp)\nmodel.forward = logits_only', 'model.forward = lambda inp: model[0](inp)']) {
      const text = ['import torch', 'import torch.nn as nn', 'x = torch.randn(8, 4); y = torch.ones(8, 1)', 'model = nn.Sequential(nn.Linear(4, 1), nn.Sigmoid())', fn, 'out = model(x)', 'loss = nn.BCEWithLogitsLoss()(out, y)'];
      assert.deepStrictEqual(brief(lintLines(text)), [], fn);
    }
  });

  describe('tfjs: a Sequential subclass with its own add or compile', () => {
    const lintJs = (text) => {
      const file = '/virtual/model.ts';
      return brief(lintProject([file], {}, { readFile: (f) => (f === file ? text : undefined) }));
    };
    const CLASS = (own) => `import * as tf from '@tensorflow/tfjs';
class Net extends tf.Sequential {
  constructor() {
    super();
    this.add(tf.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }));
    this.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
    this.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });
  }
${own}}
const net = new Net();
`;

    it('an own add (that may drop a layer) or compile (that may pick the loss): not read as the base class', () => {
      assert.deepStrictEqual(lintJs(CLASS("  add(layer: tf.layers.Layer) { if (layer.getClassName() !== 'Activation') super.add(layer); }\n")), []);
      assert.deepStrictEqual(lintJs(CLASS('  compile(args: tf.ModelCompileArgs) { super.compile({ ...args, loss: \'binaryCrossentropy\' }); }\n')), []);
    });

    it('guard: with neither, the subclass is the model it builds (sigmoid into sigmoidCrossEntropy)', () => {
      assert.deepStrictEqual(lintJs(CLASS('')).map((f) => f[0]), ['sigmoid-before-logits-loss']);
    });
  });
});
