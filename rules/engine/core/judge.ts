// Shared judgements the rules build on, so that rules agree with each other (one finding per
// mistake) and phrase the evidence the same way, in every framework.
import type { LossEvent, MetricEvent, ThresholdEvent } from './events';
import type { LossKind } from './losses';
import { leastRank, type ModelInfo, type TensorFacts } from './facts';
import { sameSite, type Site } from './site';

/** A prediction in the labels position and something else in the predictions position. */
export function isSwapped(e: LossEvent): boolean {
  if (e.via !== 'call') return false; // the framework itself calls compile losses in its own order
  // The labels position holds the output of a model or layer we know (an activation of something
  // unknown may be a teacher's soft targets: distillation), the prediction position no prediction.
  // Probabilities cut from the gradient (made under no_grad, detached), or of a teacher nothing trains
  // (LossEvent.teacherTarget; else beside a value named as the prediction, `ce(student_logits,
  // softmax(teacher(x)))`), are a target meant as one: soft labels. Logits are never a target, detached or not (a validation loop's swapped call).
  const labels = e.labels.get();
  const softTarget = (labels.detached || !!e.predNamed || !!e.teacherTarget) && (labels.act === 'sigmoid' || labels.act === 'softmax');
  // A width known from a layer (widthSite), not one of data made to a shape (`torch.randn(3, 5)
  // .softmax(dim=1)`: random soft targets, PyTorch's own CrossEntropyLoss example).
  const pred = e.pred.get();
  return labels.pred && !softTarget && (!!labels.model || labels.widthSite !== undefined) && !pred.pred && !pred.maybePred;
}

/** A loss called with a prediction that is no probability (raw or scaled logits, `student(x) / T`)
 *  in the labels position, and (as isSwapped did not say) a prediction in the other: which argument
 *  is which is not clear (swapped arguments, or a distillation written backwards), so no edit of
 *  either is offered. */
export function labelsAreLogits(e: LossEvent): boolean {
  const l = e.labels.get();
  return e.via === 'call' && l.pred && (l.act === 'logits' || l.act === 'unknown');
}

/** A categorical loss over one unit: constant, whatever the activation. */
export function isSingleUnitCategorical(e: LossEvent): boolean {
  const k = e.kind;
  const f = e.pred.get();
  const categorical = k.family === 'categorical' || k.family === 'sparse';
  // A one-channel convolution's output ([N, 1, H, W]): PyTorch's classes at dim 1 are that channel.
  if (k.order === 'prediction-first' && singleChannel(f)) return categorical && !e.widthBranch && !isSwapped(e);
  // PyTorch's losses take the classes at dim 1: at a known rank above 2 the last axis is another one.
  // So on a sequence ([batch, steps, 1]) or a model seen scoring items: the classes are the steps or items.
  if (k.order === 'prediction-first' && ((f.rank !== undefined && f.rank > 2) || leastRank(f) > 2 || f.model?.scoresItems)) return false;
  return (k.family === 'categorical' || k.family === 'sparse') && !e.widthBranch && !isSwapped(e) && f.width === 1;
}

/** A model's direct output from a PyTorch convolution of one channel ([N, 1, ...], channels at dim 1:
 *  a one-class segmentation head, `nn.Conv2d(64, 1, 1)`). */
export function singleChannel(f: TensorFacts): boolean {
  return f.channels === 1 && f.modelOutput && f.width === undefined;
}

/** The activation a class we do not follow applies by default, where it is built without one
 *  (KerasHub's `BertTextClassifier(backbone, 2)`: logits; keras_cv's ImageClassifier: softmax), or
 *  always (a transformers classifier's head: no activation to choose), by the site that stands for it:
 *  messages name that class rather than a layer the code does not show. */
const defaultActivations = new WeakMap<Site, { owner: string; act: string; written: string; fixed?: boolean }>();

/** `owner`: "keras_hub's BertTextClassifier"; `written`: the default as its argument (`activation=None`),
 *  or, `fixed`, what the class outputs with no argument to change it ("its .logits"). */
export function noteDefaultActivation(site: Site, owner: string, act: string, written: string, fixed?: boolean): void {
  defaultActivations.set(site, { owner, act, written, fixed });
}

/** Why the output is logits, for messages: the output layer's missing activation, or the default. */
export function noActivation(f: TensorFacts): string {
  const d = f.actSite && defaultActivations.get(f.actSite);
  return d ? `${d.owner} outputs logits${d.fixed ? '' : ' by default'} (${d.written})` : 'the output layer has no activation';
}

/** Where a sigmoid would go instead: the output layer, or the task built with `activation="sigmoid"`. */
export function sigmoidGoes(f: TensorFacts): string {
  const d = f.actSite && defaultActivations.get(f.actSite);
  if (d?.fixed) return 'apply a sigmoid to its logits';
  return d ? `build ${d.owner.replace(/^.*'s /, '')} with activation="sigmoid"` : 'add the sigmoid to the output layer';
}

/** The related note at the logits' site. */
export function noActivationHere(f: TensorFacts): string {
  const d = f.actSite && defaultActivations.get(f.actSite);
  return d ? `${d.owner}: logits${d.fixed ? '' : ' by default'} (${d.written})` : 'output layer without activation (logits)';
}

/** ", which keras_cv's ImageClassifier applies by default (activation="softmax")", or nothing. */
export function appliedByDefault(f: TensorFacts): string {
  const d = f.actSite && defaultActivations.get(f.actSite);
  return d ? `, which ${d.owner} applies by default (${d.written})` : '';
}

/** "this model's output" / "this tensor", for messages. */
export function subject(f: TensorFacts): string {
  return f.model ? "this model's output" : 'this tensor';
}

/** Short loss name for messages: sigmoidCrossEntropy, 'binaryCrossentropy', nn.BCEWithLogitsLoss. */
export function lossName(e: LossEvent): string {
  return e.kind.display;
}

/** Trained with classification losses only: its linear output is logits, not a regression value.
 *  No known loss is no evidence: a linear head nobody is seen training may be a regression.
 *  `head`: of one output of several, the layer whose
 *  width it has: losses seen on another head (a regression head beside a classifier's) do not
 *  count; losses whose head is unknown count for every output. */
export function isClassifier(m: ModelInfo | undefined, head?: Site, act?: Site): boolean {
  const own = ownLosses(m, head, act);
  return own.length > 0 && own.every((l) => l.kind !== undefined);
}

/** The losses that train the head of `head` (its width's site) or `act` (its layer's), not another's. */
export function ownLosses(m: ModelInfo | undefined, head?: Site, act?: Site): ModelInfo['losses'] {
  // The head's width lost (`score.squeeze(-1)`): its layer still tells another head's loss apart.
  return !m ? [] : head ? m.losses.filter((l) => !l.head || sameSite(l.head, head)) : act ? m.losses.filter((l) => !l.act || sameSite(l.act, act) || (!!l.over && sameSite(l.over, act))) : m.losses;
}

/** What the activation named by a layer or an op makes of the values. */
export function activationKind(name: string): 'logits' | 'sigmoid' | 'softmax' | 'log-softmax' | 'other' {
  if (name === 'linear') return 'logits';
  // The hard sigmoid (Keras' 'hard_sigmoid', tfjs' 'hardSigmoid', PyTorch's Hardsigmoid) is a
  // piecewise-linear sigmoid: its values lie in [0, 1] too (relu6(x + 3) / 6, or clip(0.2x + 0.5)).
  if (name === 'sigmoid' || name === 'hard_sigmoid' || name === 'hardSigmoid' || name === 'hardsigmoid') return 'sigmoid';
  if (name === 'softmax') return 'softmax';
  if (name === 'log_softmax' || name === 'logSoftmax') return 'log-softmax';
  return 'other';
}

/** What a report says about its loss, for the numeric check: the name and what it expects. */
export function lossFacts(e: LossEvent): { loss: string; lossKind: LossEvent['kind'] } {
  return { loss: e.name, lossKind: e.kind };
}

const PER_SAMPLE_LAYERS = new Set(['dense', 'activation', 'softmax', 'passthrough', 'flatten']);

/**
 * The output's rank as far as a decision over it can tell: the known rank, or 2 for the direct
 * output of a model made only of per-sample layers (dense, activations, dropout, flatten) whose
 * input rank the code does not show (PyTorch models take it from a data loader). Such a model maps
 * [batch, features] to [batch, units]; a sequence input ([batch, time, features]) would need a
 * recurrent, convolutional or attention layer to be worth a per-sample dense head, and any layer
 * the engine does not know leaves the rank unknown.
 */
export function outputRank(f: TensorFacts): number | undefined {
  // A rank its cell contradicts was presumed where the facts were made (a forward's output
  // returned beside others): the witness found later wins.
  if (f.rank !== undefined) return (f.rankCell?.minRank ?? 0) > f.rank ? undefined : f.rank;
  // Fed a sequence ([batch, time, features]): not the [batch, features] presumed below.
  if (leastRank(f) > 2) return undefined;
  const m = f.model;
  if (!f.modelOutput || !m || m.open || m.scoresItems) return undefined;
  if (m.inputCells?.some((c) => (c.minRank ?? 0) > 2)) return undefined;
  return perSampleRank(m.layers);
}

/** 2 when `layers`, applied to a model's input, are all per-sample layers (see outputRank). */
export function perSampleRank(layers: ModelInfo['layers']): number | undefined {
  if (layers.length === 0) return undefined;
  if (!layers.every((l) => l.layer && !l.conditional && PER_SAMPLE_LAYERS.has(l.layer.type))) return undefined;
  // Where the input's rank is written (`keras.Input((50, 32))`, `input_shape=`), a dense layer keeps
  // it ([batch, 50, units]) until a flatten; else [batch, features] is presumed.
  let rank = layers[0].layer!.inputRank ?? 2;
  for (const l of layers) if (l.layer!.type === 'flatten') rank = 2;
  return rank;
}

/** A metric that thresholds the output at 0.5: a binary accuracy by name, or 'accuracy' resolved
 *  to one (a one-unit output, or a binary loss). */
export function isBinaryAccuracy(e: MetricEvent, f: TensorFacts): boolean {
  return e.binary || (e.alias && (f.width === 1 || e.loss?.kind?.family === 'binary'));
}

/** Whether a loss that expects probabilities is reported on a logits output of this width
 *  (logits-into-probability-loss; a one-unit categorical loss is reported as such instead). */
export function probabilityLossOnLogits(kind: LossKind | undefined, width: number | undefined): boolean {
  if (kind?.expects !== 'probabilities') return false;
  return !((kind.family === 'categorical' || kind.family === 'sparse') && width === 1);
}

/** The binary accuracies compiled with a logits output whose probability loss is reported: one
 *  root cause (no activation), so the loss's finding names them and they are not reported apart;
 *  the loss's fix (add the activation) repairs them too. */
export function accuraciesFixedWithLoss(f: TensorFacts): MetricEvent[] {
  if (f.act !== 'logits' || !f.model) return [];
  return (f.model.metrics ?? []).filter((m) => isBinaryAccuracy(m, f) && !m.regressionLoss && sameOutput(m.pred.get(), f) && probabilityLossOnLogits(compiledLoss(m, f), f.width));
}

/** The decisions on these logits that a loss switched to take logits would leave cutting them as
 *  probabilities: no safe rewrite to a cut at 0 follows for them (a rounding, a cut other than 0.5,
 *  a name, a class's column of a softmax-trained head, a comparison other values reach too). A cut
 *  at 0, or a rounding of scaled values (a percentage shown), decides nothing the switch changes. */
export function decisionsLeftBySwitch(f: TensorFacts): ThresholdEvent[] {
  if (f.act !== 'logits' || !f.model) return [];
  return (f.model.thresholds ?? []).filter((t) => {
    const g = t.input.get();
    // A cut of either model's output (one of them this one): it reads these logits when this one runs.
    if (g.model !== f.model && g.model?.members?.includes(f.model!)) return t.value !== 0;
    if (g.act !== 'logits' || !sameOutput(g, f) || t.value === 0) return false;
    const round = t.op === 'round' || t.op === 'Math.round';
    if (round && g.scaled) return false;
    // Clipped at or above 0 (`np.clip(p, 0, 1) > 0.5`): threshold-logits offers no cut at 0 there.
    if (g.clipFloor !== undefined && (g.clipFloor > 0 || t.op === 'compare')) return true;
    if (round || (t.value ?? 0.5) !== 0.5 || t.otherInputs || t.band || trainedWithSoftmax(g)) return true;
    return !t.vocab.thresholdOnLogits(t).fix?.safe;
  });
}

/** The metrics on these logits that a loss switched to take logits leaves reading logits as they
 *  read probabilities before: compiled ones that cut at a point of their own (0.3), and those no
 *  compile event stands for (applied by the code itself, or not known: ModelInfo.readingMetrics).
 *  A metric that already cuts at 0, or applies a sigmoid itself (torchmetrics), reads logits right.
 *  `compiled`: the loss is compile's (a loss called in a loop of one's own is not what the compiled
 *  metrics go with). */
export function metricsLeftBySwitch(f: TensorFacts, compiled = true): MetricEvent[] {
  if (f.act !== 'logits' || !f.model) return [];
  const reading = (f.model.readingMetrics ?? []).filter((m) => !m.zeroCut && !m.sigmoidsLogits && (compiled || !m.model));
  return [...(compiled ? (f.model.metrics ?? []).filter((m) => m.otherCut) : []), ...reading].filter((m) => sameOutput(m.pred.get(), f));
}

/** Whether two outputs of one model may be the same: not when their last layers (or activations)
 *  are known to differ (`metrics={"ctr": ["AUC"]}` reads the sigmoid head, not the logits one). */
function sameOutput(a: TensorFacts, b: TensorFacts): boolean {
  return (!a.widthSite || !b.widthSite || sameSite(a.widthSite, b.widthSite)) && (!a.actSite || !b.actSite || sameSite(a.actSite, b.actSite));
}

/** The loss a metric was compiled with: named by the event (tfjs compile strings), else the
 *  model's probability loss (Keras, whose 'accuracy' does not depend on the loss, so its metric
 *  events name none). */
export function compiledLoss(e: MetricEvent, f: TensorFacts): LossKind | undefined {
  // Another output's loss (a sigmoid head beside this logits one) says nothing of this output.
  const own = (l: ModelInfo['losses'][number]) => (!l.head || !f.widthSite || sameSite(l.head, f.widthSite)) && (!l.act || !f.actSite || sameSite(l.act, f.actSite));
  return e.loss?.kind ?? f.model?.losses.find((l) => l.kind?.expects === 'probabilities' && own(l))?.kind;
}

/** A branch condition's text that looks at what the output is (`if not from_logits:`,
 *  `act === 'sigmoid' ? ... : ...`, `out.min() >= 0 and out.max() <= 1`): each branch is for the
 *  activation it tests, so what a decision in it expects is not ours to say. Both frontends. */
export function testsActivationText(condition: string): boolean {
  return ACTIVATION_TEST.test(condition.replace(PRESENCE_TEST, ' '));
}

// `if logits is None:` / `if (cachedLogits === undefined)` asks whether a value is there yet, not
// what the output is; a name saying sigmoid, softmax or activation still tests the activation.
const PRESENCE_TEST = /\b(?![\w.]*(?:sigmoid|softmax|activation|probabilit))[\w.]*logit\w*\s*(?:is(?:\s+not)?\s+None\b|[!=]==?\s*(?:null|undefined)\b)/gi;

const ACTIVATION_TEST = /sigmoid|softmax|logit|probabilit|activation|\.(?:min|max)\s*\(\s*\)\s*(?:[<>]=?|==)\s*[01](?:\.0*)?\b|\b[01](?:\.0*)?\s*(?:[<>]=?|==)\s*[\w.]+\.(?:min|max)\s*\(\s*\)/i;

// A condition on a width, in either language: shapes and sizes (`p.shape[1]`, `len(p[0])`,
// `out.size(1)`, `model.outputShape`), numbers of classes or labels (`len(np.unique(y))`,
// `num_classes`); not any len() (`len(sys.argv) > 1` says nothing of a width).
export const WIDTH_TEST = /\.shape\b|output_?shape|\blen\s*\(\s*[\w.]+\s*\[|unique|\.size\s*\(|\.ndim\b|\.dim\s*\(|class|units|labels|outputs|out_features|out_dim|output_dim/i;

/** Logits of a model trained with a softmax over its classes (a categorical loss on an output of
 *  several units): one class's logit is no sigmoid logit, so no cut on it is a probability's. */
export function trainedWithSoftmax(f: TensorFacts): boolean {
  return !!f.model && f.width !== 1 && f.model.output.get().width !== 1 && softmaxHead(f.model, f.actSite);
}

/** The model is trained with a softmax over classes (a categorical loss), and no sigmoid loss was
 *  seen on these very logits (`act`: their layer; a column of a multi-task layer trained with
 *  both keeps its 0). Unsure which head a loss trained: no fix, the safe side. */
function softmaxHead(m: ModelInfo, act: Site | undefined): boolean {
  const categorical = (l: ModelInfo['losses'][number]) => l.kind?.family === 'categorical' || l.kind?.family === 'sparse';
  return m.losses.some(categorical) && !m.losses.some((l) => l.kind && !categorical(l) && sameSite(l.act, act));
}

/** Two values a cut chooses between that name classes (`"spam"` / `"ham"`, `` `Positive (${s})` ``):
 *  different, each with a word in it; not a sign put before a number (`"+"` / `""`). Both frontends
 *  ask it of what a conditional picks. */
export function namesTwoClasses(a: string, b: string): boolean {
  return a !== b && /[A-Za-z]{2}/.test(a) && /[A-Za-z]{2}/.test(b);
}
