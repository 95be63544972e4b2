// torchmetrics' binary metrics given threshold 0 (`BinaryAccuracy(threshold=0.0)`,
// `Accuracy(task="binary", threshold=0.0)`, `binary_f1_score(preds, target, threshold=0.0)`). They
// take probabilities or logits: float predictions with any value outside [0, 1] go through a sigmoid
// first, then `preds > threshold` (functional/classification/stat_scores.py _binary_stat_scores_format),
// so their threshold is always a probability's and 0 counts every prediction as positive, whatever
// the model outputs. Other thresholds read either kind rightly: no metric value is made for them.
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { PyValue, UNKNOWN, num, refOf, str } from './values';
import { torchVocab } from './vocab-torch';

const NAMES = 'Accuracy|F1Score|FBetaScore|Precision|Recall|Specificity|StatScores|JaccardIndex|MatthewsCorrCoef|CohenKappa|HammingDistance|NegativePredictiveValue';
const BINARY_CLASS = new RegExp(`^torchmetrics(?:\\.classification(?:\\.\\w+)?)?\\.(Binary(?:${NAMES}))$`);
const TASK_CLASS = new RegExp(`^torchmetrics(?:\\.classification(?:\\.\\w+)?)?\\.(${NAMES})$`);
const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const FUNCTIONAL = new RegExp(`^torchmetrics\\.functional(?:\\.classification(?:\\.\\w+)?)?\\.(binary_)?(${NAMES.split('|').map(snake).join('|')})$`);

/** A metric object or a functional metric's value; undefined when the call is none of these. */
export function torchmetricsCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const binary = BINARY_CLASS.exec(name)?.[1];
  // `threshold` is the first parameter of each binary class but BinaryFBetaScore(beta, threshold).
  if (binary) return zeroCutMetric(it, binary, c, binary === 'BinaryFBetaScore' ? 1 : 0);
  const task = TASK_CLASS.exec(name)?.[1];
  if (task) return isBinaryTask(c) ? zeroCutMetric(it, task, c) : undefined;
  const fn = FUNCTIONAL.exec(name);
  if (!fn || (!fn[1] && !isBinaryTask(c))) return undefined;
  // binary_accuracy(preds, target, threshold), binary_fbeta_score(preds, target, beta, threshold).
  const m = zeroCutMetric(it, `${fn[1] ?? ''}${fn[2]}`, c, fn[1] ? (fn[2] === 'fbeta_score' ? 3 : 2) : undefined);
  if (m?.k === 'metric') callMetric(it, m, c);
  return undefined;
}

function isBinaryTask(c: CallSite): boolean {
  const task = c.args.kw.get('task');
  return !!task && str(task) === 'binary';
}

/** The metric, when its threshold is written as 0 (by keyword, or at `at`). */
function zeroCutMetric(it: Interp, name: string, c: CallSite, at?: number): PyValue | undefined {
  const t = arg(c, at ?? -1, 'threshold');
  if (!t?.node || num(t.value) !== 0 || c.args.splat) return undefined;
  return { k: 'metric', name, binary: false, site: c.site, vocab: torchVocab, zeroCut: it.site(t.node, c.frame.module.file), sigmoidsLogits: true };
}

/** `metric(preds, target)`, `metric.update(preds, target)`, `binary_accuracy(preds, target, ...)`:
 *  predictions first. */
export function callMetric(it: Interp, m: Extract<PyValue, { k: 'metric' }>, c: CallSite): PyValue {
  const pred = arg(c, 0, 'preds');
  if (pred) it.emit({ type: 'metric', site: c.site, vocab: m.vocab, name: m.name, binary: false, alias: false, madeAt: m.site, pred: refOf(pred.value), zeroCut: m.zeroCut, sigmoidsLogits: true });
  return UNKNOWN;
}
