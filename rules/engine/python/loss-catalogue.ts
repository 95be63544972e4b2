// The loss catalogue of PyTorch and Keras/TensorFlow: what each loss class, function and compile
// string expects (see shared/notes/python-semantics.md), by canonical API name. PyTorch losses take
// (input, target), prediction first; Keras and tf.nn take (y_true, y_pred) / (labels, logits).
import type { LossKind } from '../core/losses';
import type { Vocabulary } from '../core/vocab';
import type { LossDef } from './values';
import type { CallSite } from './evaluator';
import { torchVocab } from './vocab-torch';
import { kerasVocab } from './vocab-keras';
export type Expects = LossKind['expects'];
export type Family = LossKind['family'];

export interface Entry {
  /** Canonical name in LossEvent.name. */
  name: string;
  family: Family;
  /** Fixed, or decided by from_logits (Keras). */
  expects: Expects | 'from_logits';
  display: string;
  torch: boolean;
  /** Keyword names of the two arguments in call order. */
  params: [string, string];
  /** An evaluation metric, not a training loss (LossKind.metric). */
  metric?: boolean;
  /** LossKind.unnormalised. */
  unnormalised?: boolean;
  /** LossKind.rejects. */
  rejects?: string;
  /** LossKind.probabilityTarget, where the loss always reads its target so (Keras' KL divergence). */
  target?: LossKind['probabilityTarget'];
}

const T = (name: string, expects: Expects, family: Family, display: string): Entry => ({ name, expects, family, display, torch: true, params: ['input', 'target'] });
const K = (name: string, family: Family, display: string): Entry => ({ name, expects: 'from_logits', family, display, torch: false, params: ['y_true', 'y_pred'] });
/** A Keras loss of probabilities with no from_logits. */
const KP = (name: string, display: string): Entry => ({ ...K(name, 'categorical', display), expects: 'probabilities', unnormalised: true });
/** Keras' KL divergence clips y_true into [epsilon, 1] too before `y_true * log(y_true / y_pred)`
 *  (keras/src/losses/losses.py; tf.keras 2's losses.py alike): a teacher's logits lose every value
 *  below 0 and the scale of the others, with no error. */
const KL_TARGET = { effect: 'it clips every value into [epsilon, 1] before y_true * log(y_true / y_pred), so all those below 0 count as the same tiny probability and all above 1 as 1: the student is trained towards a distribution that is not the teacher\'s, with no error', repair: 'Apply a softmax to the target first, at the same temperature as the student\'s (`tf.nn.softmax(t / T)` or `keras.ops.softmax(t / T)`)' };
const KL = (name: string, display: string): Entry => ({ ...KP(name, display), target: KL_TARGET });
const TF = (name: string, family: Family, display: string): Entry => ({ name, expects: 'logits', family, display, torch: false, params: ['labels', 'logits'] });

/** fastai's losses (fastai/losses.py), on (inp, targ): the Flat ones flatten both and apply the torch
 *  loss they wrap; FocalLoss and LabelSmoothingCrossEntropy take logits through cross_entropy /
 *  log_softmax. (BCELossFlat is a function returning the flattened nn.BCELoss.) */
const FA = (name: string, expects: Expects, family: Family): Entry => ({ ...T(`fastai.${name}`, expects, family, name), params: ['inp', 'targ'] });

/** Loss classes and functions by canonical API name. */
export const API_LOSSES: Record<string, Entry> = {
  'torch.nn.BCEWithLogitsLoss': T('torch.BCEWithLogitsLoss', 'logits', 'binary', 'nn.BCEWithLogitsLoss'),
  'torch.nn.BCELoss': T('torch.BCELoss', 'probabilities', 'binary', 'nn.BCELoss'),
  'torch.nn.CrossEntropyLoss': T('torch.CrossEntropyLoss', 'logits', 'categorical', 'nn.CrossEntropyLoss'),
  'torch.nn.NLLLoss': T('torch.NLLLoss', 'log-probabilities', 'categorical', 'nn.NLLLoss'),
  // -[y·logsigmoid(x) + (1-y)·logsigmoid(-x)] averaged over the labels: BCE-with-logits per label.
  'torch.nn.MultiLabelSoftMarginLoss': T('torch.MultiLabelSoftMarginLoss', 'logits', 'binary', 'nn.MultiLabelSoftMarginLoss'),
  'torch.nn.functional.multilabel_soft_margin_loss': T('torch.multilabel_soft_margin_loss', 'logits', 'binary', 'F.multilabel_soft_margin_loss'),
  'torch.nn.functional.binary_cross_entropy_with_logits': T('torch.binary_cross_entropy_with_logits', 'logits', 'binary', 'F.binary_cross_entropy_with_logits'),
  'torch.binary_cross_entropy_with_logits': T('torch.binary_cross_entropy_with_logits', 'logits', 'binary', 'torch.binary_cross_entropy_with_logits'),
  'torch.nn.functional.binary_cross_entropy': T('torch.binary_cross_entropy', 'probabilities', 'binary', 'F.binary_cross_entropy'),
  'torch.nn.functional.cross_entropy': T('torch.cross_entropy', 'logits', 'categorical', 'F.cross_entropy'),
  'torch.nn.functional.nll_loss': T('torch.nll_loss', 'log-probabilities', 'categorical', 'F.nll_loss'),
  // KL divergence's input is log-probabilities too (its target, probabilities: a teacher's softmax).
  'torch.nn.KLDivLoss': T('torch.KLDivLoss', 'log-probabilities', 'categorical', 'nn.KLDivLoss'),
  'torch.nn.functional.kl_div': T('torch.kl_div', 'log-probabilities', 'categorical', 'F.kl_div'),
  'keras.losses.BinaryCrossentropy': K('keras.BinaryCrossentropy', 'binary', 'BinaryCrossentropy'),
  'keras.losses.CategoricalCrossentropy': K('keras.CategoricalCrossentropy', 'categorical', 'CategoricalCrossentropy'),
  'keras.losses.SparseCategoricalCrossentropy': K('keras.SparseCategoricalCrossentropy', 'sparse', 'SparseCategoricalCrossentropy'),
  'keras.losses.BinaryFocalCrossentropy': K('keras.BinaryFocalCrossentropy', 'binary', 'BinaryFocalCrossentropy'),
  'keras.losses.CategoricalFocalCrossentropy': K('keras.CategoricalFocalCrossentropy', 'categorical', 'CategoricalFocalCrossentropy'),
  'keras.losses.binary_focal_crossentropy': K('keras.binary_focal_crossentropy', 'binary', 'binary_focal_crossentropy'),
  'keras.losses.categorical_focal_crossentropy': K('keras.categorical_focal_crossentropy', 'categorical', 'categorical_focal_crossentropy'),
  'keras.losses.binary_crossentropy': K('keras.binary_crossentropy', 'binary', 'binary_crossentropy'),
  'keras.losses.categorical_crossentropy': K('keras.categorical_crossentropy', 'categorical', 'categorical_crossentropy'),
  'keras.losses.sparse_categorical_crossentropy': K('keras.sparse_categorical_crossentropy', 'sparse', 'sparse_categorical_crossentropy'),
  'keras.metrics.binary_crossentropy': K('keras.binary_crossentropy', 'binary', 'binary_crossentropy'),
  'keras.metrics.categorical_crossentropy': K('keras.categorical_crossentropy', 'categorical', 'categorical_crossentropy'),
  'keras.metrics.sparse_categorical_crossentropy': K('keras.sparse_categorical_crossentropy', 'sparse', 'sparse_categorical_crossentropy'),
  'keras.backend.binary_crossentropy': { ...K('keras.binary_crossentropy', 'binary', 'backend.binary_crossentropy'), params: ['target', 'output'] },
  'keras.backend.categorical_crossentropy': { ...K('keras.categorical_crossentropy', 'categorical', 'backend.categorical_crossentropy'), params: ['target', 'output'] },
  'tensorflow.nn.sigmoid_cross_entropy_with_logits': TF('tf.sigmoid_cross_entropy_with_logits', 'binary', 'tf.nn.sigmoid_cross_entropy_with_logits'),
  'tensorflow.nn.softmax_cross_entropy_with_logits': TF('tf.softmax_cross_entropy_with_logits', 'categorical', 'tf.nn.softmax_cross_entropy_with_logits'),
  'tensorflow.nn.softmax_cross_entropy_with_logits_v2': TF('tf.softmax_cross_entropy_with_logits', 'categorical', 'tf.nn.softmax_cross_entropy_with_logits'),
  'tensorflow.nn.sparse_softmax_cross_entropy_with_logits': TF('tf.sparse_softmax_cross_entropy_with_logits', 'sparse', 'tf.nn.sparse_softmax_cross_entropy_with_logits'),
  // The class-imbalance form of sigmoid_cross_entropy_with_logits (pos_weight on the positives).
  'tensorflow.nn.weighted_cross_entropy_with_logits': TF('tf.weighted_cross_entropy_with_logits', 'binary', 'tf.nn.weighted_cross_entropy_with_logits'),
  // KL divergence clips y_pred to [eps, 1] and reads it as a distribution; no from_logits (tf-keras
  // 2.x also names the function kullback_leibler_divergence; Keras 3 resolves 'kld'/'KLD' to it).
  'keras.losses.KLDivergence': KL('keras.KLDivergence', 'KLDivergence'),
  'keras.losses.kl_divergence': KL('keras.kl_divergence', 'kl_divergence'),
  'keras.losses.kld': KL('keras.kl_divergence', 'kld'),
  'keras.losses.KLD': KL('keras.kl_divergence', 'KLD'),
  'keras.losses.kullback_leibler_divergence': KL('keras.kl_divergence', 'kullback_leibler_divergence'),
  // The same function, exported as a metric too (Keras 3 and tf.keras 2: keras.metrics.kl_divergence ...).
  'keras.metrics.kl_divergence': KL('keras.kl_divergence', 'kl_divergence'),
  'keras.metrics.kld': KL('keras.kl_divergence', 'kld'),
  'keras.metrics.KLD': KL('keras.kl_divergence', 'KLD'),
  'keras.metrics.kullback_leibler_divergence': KL('keras.kl_divergence', 'kullback_leibler_divergence'),
  // Keras 3's backend-neutral ops: (target, output, from_logits=False).
  'keras.ops.binary_crossentropy': { ...K('keras.binary_crossentropy', 'binary', 'ops.binary_crossentropy'), params: ['target', 'output'] },
  'keras.ops.categorical_crossentropy': { ...K('keras.categorical_crossentropy', 'categorical', 'ops.categorical_crossentropy'), params: ['target', 'output'] },
  'keras.ops.sparse_categorical_crossentropy': { ...K('keras.sparse_categorical_crossentropy', 'sparse', 'ops.sparse_categorical_crossentropy'), params: ['target', 'output'] },
  // TF 1's losses, kept in tf.compat.v1: (labels, logits) or, for log_loss, (labels, predictions).
  'tensorflow.compat.v1.losses.sigmoid_cross_entropy': { ...TF('tf.sigmoid_cross_entropy_with_logits', 'binary', 'tf.compat.v1.losses.sigmoid_cross_entropy'), params: ['multi_class_labels', 'logits'] },
  'tensorflow.compat.v1.losses.softmax_cross_entropy': { ...TF('tf.softmax_cross_entropy_with_logits', 'categorical', 'tf.compat.v1.losses.softmax_cross_entropy'), params: ['onehot_labels', 'logits'] },
  'tensorflow.compat.v1.losses.sparse_softmax_cross_entropy': TF('tf.sparse_softmax_cross_entropy_with_logits', 'sparse', 'tf.compat.v1.losses.sparse_softmax_cross_entropy'),
  'tensorflow.compat.v1.losses.log_loss': { ...TF('tf.log_loss', 'binary', 'tf.compat.v1.losses.log_loss'), expects: 'probabilities', params: ['labels', 'predictions'] },
  // scikit-learn's log loss reads y_pred as probabilities (clipped into (0, 1)): binary for one
  // column, multi-class for several; (y_true, y_pred). A metric (LossKind.metric).
  'sklearn.metrics.log_loss': { name: 'sklearn.log_loss', expects: 'probabilities', family: 'binary', display: 'sklearn.metrics.log_loss', torch: false, params: ['y_true', 'y_pred'], metric: true },
  // Its Brier score and calibration curve read y_prob (y_proba since 1.7) as probabilities of the
  // positive class, and raise a ValueError for any outside [0, 1] (sklearn/metrics/_classification.py,
  // sklearn/calibration.py). Metrics too.
  'sklearn.metrics.brier_score_loss': { name: 'sklearn.brier_score_loss', expects: 'probabilities', family: 'binary', display: 'sklearn.metrics.brier_score_loss', torch: false, params: ['y_true', 'y_proba'], metric: true, rejects: 'a ValueError' },
  'sklearn.calibration.calibration_curve': { name: 'sklearn.calibration_curve', expects: 'probabilities', family: 'binary', display: 'sklearn.calibration.calibration_curve', torch: false, params: ['y_true', 'y_prob'], metric: true, rejects: 'a ValueError' },
  // torchvision's focal loss applies the sigmoid itself: (inputs, targets).
  'torchvision.ops.sigmoid_focal_loss': { ...T('torch.sigmoid_focal_loss', 'logits', 'binary', 'torchvision.ops.sigmoid_focal_loss'), params: ['inputs', 'targets'] },
  'fastai.BCEWithLogitsLossFlat': FA('BCEWithLogitsLossFlat', 'logits', 'binary'),
  'fastai.BCELossFlat': FA('BCELossFlat', 'probabilities', 'binary'),
  'fastai.CrossEntropyLossFlat': FA('CrossEntropyLossFlat', 'logits', 'categorical'),
  'fastai.FocalLossFlat': FA('FocalLossFlat', 'logits', 'categorical'),
  'fastai.FocalLoss': FA('FocalLoss', 'logits', 'categorical'),
  'fastai.LabelSmoothingCrossEntropy': { ...FA('LabelSmoothingCrossEntropy', 'logits', 'categorical'), params: ['output', 'target'] },
  'fastai.LabelSmoothingCrossEntropyFlat': FA('LabelSmoothingCrossEntropyFlat', 'logits', 'categorical'),
  'torchvision.ops.focal_loss.sigmoid_focal_loss': { ...T('torch.sigmoid_focal_loss', 'logits', 'binary', 'torchvision.ops.sigmoid_focal_loss'), params: ['inputs', 'targets'] },
};

/** Keras loss strings (snake_case, and the class names, which also resolve). */
export const STRING_LOSSES: Record<string, string> = {
  binary_crossentropy: 'keras.losses.binary_crossentropy',
  bce: 'keras.losses.binary_crossentropy',
  BCE: 'keras.losses.binary_crossentropy',
  categorical_crossentropy: 'keras.losses.categorical_crossentropy',
  sparse_categorical_crossentropy: 'keras.losses.sparse_categorical_crossentropy',
  BinaryCrossentropy: 'keras.losses.binary_crossentropy',
  CategoricalCrossentropy: 'keras.losses.categorical_crossentropy',
  SparseCategoricalCrossentropy: 'keras.losses.sparse_categorical_crossentropy',
  binary_focal_crossentropy: 'keras.losses.binary_focal_crossentropy',
  categorical_focal_crossentropy: 'keras.losses.categorical_focal_crossentropy',
  BinaryFocalCrossentropy: 'keras.losses.binary_focal_crossentropy',
  CategoricalFocalCrossentropy: 'keras.losses.categorical_focal_crossentropy',
  KLDivergence: 'keras.losses.kl_divergence',
  kl_divergence: 'keras.losses.kl_divergence',
  kld: 'keras.losses.kl_divergence',
  KLD: 'keras.losses.kl_divergence',
  kullback_leibler_divergence: 'keras.losses.kl_divergence',
};

/** Regression losses: a model trained with one is no classifier (its linear output is the answer). */
const REGRESSION = /^(?:torch\.nn\.(?:MSELoss|L1Loss|SmoothL1Loss|HuberLoss)|torch\.nn\.functional\.(?:mse_loss|l1_loss|smooth_l1_loss|huber_loss)|keras\.losses\.(?:MeanSquaredError|MeanAbsoluteError|Huber|mean_squared_error|mean_absolute_error|mse|mae))$/;
const REGRESSION_STRINGS = new Set(['mse', 'mae', 'MSE', 'MAE', 'mean_squared_error', 'mean_absolute_error', 'huber', 'huber_loss', 'MeanSquaredError', 'MeanAbsoluteError', 'Huber']);

export function isRegressionApi(name: string): boolean {
  return REGRESSION.test(name);
}

export function isRegressionString(s: string): boolean {
  return REGRESSION_STRINGS.has(s);
}

/** Whether `name` is a loss API that this catalogue knows (a class or a function). */
export function isLossApi(name: string): boolean {
  return name in API_LOSSES;
}

/** Loss classes (constructed, then called) as opposed to loss functions (called directly; Keras'
 *  all-capital aliases, `KLD`, are functions too). */
export function isLossClass(name: string): boolean {
  return name in API_LOSSES && /\.[A-Z](?=\w*[a-z])\w*$/.test(name);
}

export function defOf(e: Entry, fromLogits: boolean, display?: string): LossDef {
  const expects: Expects = e.expects === 'from_logits' ? (fromLogits ? 'logits' : 'probabilities') : e.expects;
  const shown = display ?? (e.expects === 'from_logits' && fromLogits ? `${e.display}(from_logits=True)` : e.display);
  const vocab: Vocabulary = e.torch ? torchVocab : kerasVocab;
  return { name: e.name, kind: { expects, family: e.family, display: shown, order: e.torch ? 'prediction-first' : 'labels-first', ...(e.metric ? { metric: true } : {}), ...(e.unnormalised ? { unnormalised: true } : {}), ...(e.rejects ? { rejects: e.rejects } : {}), ...(e.target ? { probabilityTarget: e.target } : {}) }, vocab };
}


/** PyTorch's KL divergence reads its target as probabilities unless `log_target=True` (a keyword, or
 *  the 4th argument of KLDivLoss, the 6th of F.kl_div): its pointwise term is `target * (log(target)
 *  - input)` (xlogy), NaN for a target below 0. Noted where known (LossKind.probabilityTarget). */
export function withTargetRead(name: string, def: LossDef, c: CallSite | undefined): LossDef {
  const at = name === 'torch.nn.KLDivLoss' ? 3 : name === 'torch.nn.functional.kl_div' ? 5 : undefined;
  if (at === undefined || !c || c.args.splat) return def;
  const given = c.args.kw.get('log_target') ?? c.args.pos[at];
  if (given && !(given.k === 'const' && given.v === false)) return def;
  const probabilityTarget = { effect: 'its term target * log(target) is NaN for every value below 0', repair: 'Apply a softmax to the target first (at the same temperature), or a log_softmax with log_target=True' };
  return { ...def, kind: { ...def.kind, probabilityTarget } };
}
