// What a frontend records for the rules: each event carries evaluated facts (read only after the
// whole program was walked: a model's layers may be added anywhere), neutral sites, and the
// vocabulary of the framework it was written in (names in messages, how to write a fix).
import type { Site } from './site';
import type { ModelInfo, TensorRef } from './facts';
import type { LossKind } from './losses';
import type { Vocabulary } from './vocab';

interface EventBase {
  /** The primary site: where the finding is reported. */
  site: Site;
  vocab: Vocabulary;
}

/** A loss (or cross-entropy metric) applied to labels and predictions. */
export interface LossEvent extends EventBase {
  type: 'loss';
  /** Canonical name in the frontend's catalogue: 'binaryCrossentropy', 'losses.sigmoidCrossEntropy',
   *  'torch.BCEWithLogitsLoss', 'keras.binary_crossentropy', ... */
  name: string;
  kind: LossKind;
  /** compile-string: a loss named by a string in compile(); compile-ref: a loss object or function
   *  given to compile() (Keras calls it (y_true, y_pred)); call: called in the code. */
  via: 'compile-string' | 'compile-ref' | 'call';
  /** Where the loss is chosen (the string, the `nn.BCEWithLogitsLoss()` construction, the
   *  `tf.losses.x` reference); the site of a fix that switches the loss. */
  lossSite: Site;
  /** For calls: the two arguments as written (prediction and labels positions as `kind.order` says). */
  args?: [Site, Site];
  /** The call `args` belong to when it is not the loss call: a helper's caller that handed them on. */
  argsCall?: Site;
  /** `args` are parameters of the function the loss is applied in, which a caller gave: editing
   *  them there changes the helper for every call. */
  argsInHelper?: boolean;
  labels: TensorRef;
  pred: TensorRef;
  /** The model being compiled (compile losses). */
  model?: ModelInfo;
  /** The first argument is a parameter of the function that makes the call (a custom loss called
   *  by the framework with its own argument order). */
  firstArgIsParameter?: boolean;
  /** With firstArgIsParameter: the call's parameters read elsewhere in that function too (class
   *  weights from `y_true`), the names and the first such read. Swapping the call's arguments
   *  leaves those reads with the swapped meaning. */
  paramsReadElsewhere?: { names: string[]; site: Site };
  /** The prediction position holds a value named as one (`student_logits`, `out`, or given by its
   *  keyword, `input=`): probabilities in the labels position are then soft targets (distillation),
   *  not a swap. */
  predNamed?: boolean;
  /** Set once the program has run (the Python frontend): the labels position holds probabilities of
   *  a model nothing here trains (a teacher: no optimiser takes its parameters and it is never put in
   *  training mode, while an optimiser is made for others): soft targets, not a swap. */
  teacherTarget?: boolean;
  /** One of two losses a branch chose (`CrossEntropyLoss() if n_classes > 1 else BCEWithLogitsLoss()`),
   *  taking the same values: the other's name. Which family it is, is not known. */
  eitherOf?: string;
  /** Whether the labels' model is a teacher is not known (no optimiser made at all, or one for
   *  another model too: a student trained after it): swapping the arguments back is only suggested. */
  swapUnsure?: boolean;
  /** Applied inside a branch chosen by what the output is (`if cfg.returns_logits:`): each branch
   *  is for the kind it tests, so no rule judges it; it still says the model is trained with it. */
  activationBranch?: boolean;
  /** Applied inside a branch chosen by the output's width (`if logits.shape[1] == 1: return ...`):
   *  a single-unit judgement is not ours to make there. */
  widthBranch?: boolean;
}

/** A metric named in compile, or a direct call to a binary-accuracy metric. */
export interface MetricEvent extends EventBase {
  type: 'metric';
  /** 'accuracy', 'acc', 'binaryAccuracy', 'binary_accuracy', 'metrics.binaryAccuracy', ... */
  name: string;
  /** This metric thresholds predictions at 0.5 whatever the loss (binaryAccuracy and friends). */
  binary: boolean;
  /** 'accuracy' resolves to the binary one for this loss or a one-unit output. */
  alias: boolean;
  /** A curve metric (Keras AUC): its thresholds span [0, 1] instead of one cut at 0.5. */
  curve?: boolean;
  /** Where the metric object was made, when it is applied elsewhere (`m.update_state(y, p)`): the
   *  site of a fix that sets its threshold. */
  madeAt?: Site;
  pred: TensorRef;
  /** The metric's threshold is set to 0 (`BinaryAccuracy(threshold=0.0)`: a cut for logits): where
   *  the value is written. Such a metric is not `binary` (it does not cut at 0.5). */
  zeroCut?: Site;
  /** The metric applies a sigmoid to predictions outside [0, 1] before its cut (torchmetrics): its
   *  threshold is a probability's whatever the model outputs. */
  sigmoidsLogits?: boolean;
  /** The metric cuts at a point other than 0 and 0.5 (`BinaryAccuracy(threshold=0.3)`): it reads the
   *  values as probabilities there, and no rule judges it. */
  otherCut?: boolean;
  /** Compiled with a regression loss (`compile(loss="mse", metrics=["accuracy"])` after a first
   *  compile with a probability loss): it reads what that loss trains, which a switch of the other
   *  loss leaves as it is. */
  regressionLoss?: boolean;
  /** The compile loss, when known (decides how 'accuracy' resolves). */
  loss?: { name: string; kind?: LossKind };
  model?: ModelInfo;
  /** Its text also serves other outputs or models (a flat list on a model of several outputs, a
   *  list held in a name): an edit of it changes those too. */
  shared?: boolean;
}

export interface ArgMaxEvent extends EventBase {
  type: 'argmax';
  input: TensorRef;
  /** undefined: no axis given; null: an axis we cannot evaluate. */
  axis: number | undefined | null;
  /** x.argmax(...) vs argmax(x, ...). */
  form: 'function' | 'method';
  /** What an argmax without an axis does: 'batch' (tfjs: reduces axis 0) or 'flatten' (PyTorch,
   *  NumPy: the index into the flattened tensor). */
  noAxis: 'batch' | 'flatten';
  /** Evidence that the result stands for several samples (a flattened argmax is right for one):
   *  'use': compared with labels or given to a metric; 'name': the model ran on a named batch. */
  perSample?: 'use' | 'name';
  /** The result indexes a list or a dict (`class_names[pred]`): read as one class, so comparing
   *  it (`pred == label`) says nothing of several samples. */
  oneSample?: boolean;
  /** Its indices pick back from the values it was taken over (`out[:, out.argmax(1)]`, a Grad-CAM
   *  target): over one unit that is the unit itself, no decision. */
  indexesBack?: boolean;
  /** Its input is a batch of one sample (`model(x[None])`, `tf.expand_dims(state, 0)`). */
  batchOfOne?: boolean;
  /** What holds its input, where the code shows it: a NumPy array, a PyTorch or a TF tensor. */
  holder?: 'numpy' | 'torch' | 'tf';
  /** Compared (`==`, `equal`) with another argmax without an axis (the labels'): giving this one
   *  the axis alone would break the comparison's shapes, so that fix is a suggestion. */
  pairedWithAxisless?: boolean;
  /** Read per class (`best[c]` for c below N): N. Over the batch with N its classes, the index of
   *  each class's best sample, on purpose. 'each': every entry read in turn (or at once, `x[best]`)
   *  and used only as an index into something: a sample's index, as an argmax over the batch gives. */
  perClass?: number | 'each';
  /** The lengths of the lists of names written out that those reads index (`CLASSES[best[c]]`):
   *  one name per class reads the entry as a class. */
  namesRead?: number[];
}

export interface ThresholdEvent extends EventBase {
  type: 'threshold';
  op: 'round' | 'greater' | 'greaterEqual' | 'compare' | 'Math.round';
  input: TensorRef;
  /** The 0.5 literal, when there is one. */
  thresholdSite?: Site;
  /** The threshold compared with, when it is not 0.5 (`p >= 0.55`: a probability threshold too;
   *  0: a cut for logits, `p > 0`). */
  value?: number;
  /** Evidence that the result is a decision per sample (a cut at 0 is also a mask, `p[p > 0]`, or
   *  a check, `assert (p >= 0).all()`): 'use': compared with labels or given to a metric. */
  perSample?: 'use';
  /** The same values are also cut at another point (`(0.5 <= p) & (p < 0.8)`, `0.5 <= p < 0.9`): a
   *  band, whose bounds only make sense together: a fix of one is a suggestion. */
  band?: boolean;
  /** Inside a branch chosen by the tensor's width (`if p.shape[-1] > 1: argmax else: p > 0.5`): the
   *  comparison is for one width only, and for a wider tensor it never runs. */
  widthBranch?: boolean;
  /** The same comparison also sees values that are not logits (core lint.ts): 'known' ones (another
   *  model's probabilities: no rewrite is right for both) or 'unknown' ones (no safe rewrite). */
  otherInputs?: 'known' | 'unknown';
  /** The same comparison also runs with other thresholds (core lint.ts): a sweep, not one cut. */
  sweep?: boolean;
  /** Known to decide only by the words its branches say (an if/else, a boolean kept first): they may
   *  be a guard's (`"ok"` / `"underflow"`), so an edit of the cut is only offered. */
  byWords?: boolean;
}

/** softmax applied over the last axis of `input` (a layer, an activation argument, an op). */
export interface SoftmaxEvent extends EventBase {
  type: 'softmax';
  input: TensorRef;
  kind: 'dense-activation' | 'layer' | 'op';
  /** A log_softmax: over one unit always 0 (the log of 1.0). */
  log?: boolean;
}

export type EngineEvent = LossEvent | MetricEvent | ArgMaxEvent | ThresholdEvent | SoftmaxEvent;
