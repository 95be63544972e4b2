// The hand-made lint result every formatter golden file is rendered from. It covers what the
// formatters must get right: non-ASCII text before a finding (byte columns), a path with a space,
// a comma and a percent sign (URI and workflow-command escaping), a message with a line break, a
// colon and a percent sign, related locations, a safe fix, suggestions only, an unused directive,
// a file that could not be analysed, a clean file, and a rule whose docs page is missing.
const { buildReport } = require('../../out/server/formatters/common');

const ROOT = '/project';
const MODEL = `${ROOT}/src/model.js`;
const ODD = `${ROOT}/src/my model,v2%.js`;
const CLEAN = `${ROOT}/src/clean.js`;

const modelText = [
  "import * as tf from '@tensorflow/tfjs';", // 1
  'const model = tf.sequential();', // 2
  "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));", // 3
  '// modèle 模型 𐐀', // 4
  "/* é𐐀 */ model.compile({ loss: tf.losses.sigmoidCrossEntropy, optimizer: 'adam' });", // 5
  '// logit-lint-disable-next-line argmax-single-unit', // 6
  'const y = 1;', // 7
  '',
].join('\n');

const oddText = ['const p = model.predict(x);', 'const label = p.round(); // 100% sure', ''].join('\n');

/** A Location from a line/column pair in `text` (1-based), spanning `length` UTF-16 units. */
function loc(file, text, line, column, length) {
  const lines = text.split('\n');
  let start = 0;
  for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
  start += column - 1;
  return { file, start, end: start + length, line, column, endLine: line, endColumn: column + length };
}

const col = (text, line, needle) => text.split('\n')[line - 1].indexOf(needle) + 1;
const lossLoc = loc(MODEL, modelText, 5, col(modelText, 5, 'tf.losses'), 'tf.losses.sigmoidCrossEntropy'.length);
const sigmoidLoc = loc(MODEL, modelText, 3, col(modelText, 3, 'activation'), "activation: 'sigmoid'".length);
const roundLoc = loc(ODD, oddText, 2, col(oddText, 2, 'p.round()'), 'p.round()'.length);

const findings = [
  {
    ruleId: 'sigmoid-before-logits-loss',
    severity: 'error',
    message: "sigmoidCrossEntropy expects logits, but this model's output already went through sigmoid (line 3).",
    location: lossLoc,
    related: [{ ...sigmoidLoc, message: 'sigmoid applied here' }],
    fix: { title: "Replace the loss with 'binaryCrossentropy'", safe: true, edits: [{ file: MODEL, start: lossLoc.start, end: lossLoc.end, text: "'binaryCrossentropy'" }] },
    suggestions: [],
  },
  {
    ruleId: 'threshold-logits',
    severity: 'warn',
    message: 'round() thresholds these logits at 0.5: 100% of a probability\nis not what it means here: use greater(0)',
    location: roundLoc,
    related: [{ ...loc(ODD, oddText, 1, col(oddText, 1, 'model'), 'model.predict(x)'.length), message: 'logits come from here' }],
    suggestions: [
      { title: 'Threshold at 0 instead', safe: false, edits: [{ file: ODD, start: roundLoc.start, end: roundLoc.end, text: 'p.greater(0)' }] },
      { title: 'Apply sigmoid first', safe: false, edits: [{ file: ODD, start: roundLoc.start, end: roundLoc.start + 1, text: 'p.sigmoid()' }] },
    ],
  },
];

const rules = [
  {
    id: 'sigmoid-before-logits-loss',
    description: 'A sigmoid output goes into a loss that expects logits.',
    defaultSeverity: 'error',
    docsUrl: 'https://example.test/docs/sigmoid-before-logits-loss.md',
    docsPath: 'rules/docs/sigmoid-before-logits-loss.md',
    fixable: 'safe',
  },
  {
    id: 'threshold-logits',
    description: 'round() / greater(0.5) on logits thresholds at the wrong point.',
    defaultSeverity: 'warn',
    docsUrl: 'https://example.test/docs/threshold-logits.md',
    docsPath: 'rules/docs/threshold-logits.md',
    fixable: 'suggestion',
  },
];

const DOC = [
  '# sigmoid-before-logits-loss',
  '',
  '## What it does',
  'Reports a sigmoid output fed to a loss that applies sigmoid itself.',
  '',
  '## Why is this bad',
  'The loss floor becomes 0.31 for positives.',
  '',
  '```js',
  'loss: tf.losses.sigmoidCrossEntropy',
  '```',
  '',
].join('\n');

function sampleReport() {
  return buildReport({
    findings,
    files: [MODEL, ODD, CLEAN],
    problems: [{ file: `${ROOT}/src/broken.js`, message: 'syntax error: Expression expected.', line: 4, column: 2 }],
    unusedDirectives: [{ file: MODEL, line: 6, column: 1, rules: ['argmax-single-unit'] }],
    texts: new Map([
      [MODEL, modelText],
      [ODD, oddText],
      [CLEAN, 'export const x = 1;\n'],
    ]),
    cwd: `${ROOT}/src`,
    root: ROOT,
    rules,
    version: '9.9.9-test',
    // The second rule has no docs page: formatters must still work.
    docs: (meta) => (meta.id === 'sigmoid-before-logits-loss' ? DOC : undefined),
  });
}

/** The same report with nothing found. */
function cleanReport() {
  return buildReport({ findings: [], files: [CLEAN], texts: new Map([[CLEAN, 'export const x = 1;\n']]), cwd: ROOT, root: ROOT, rules, version: '9.9.9-test', docs: () => undefined });
}

module.exports = { sampleReport, cleanReport, findings, rules, modelText, oddText, lossLoc, MODEL, ODD, CLEAN, ROOT, DOC };
