// What calling a PyTorch or Keras/TensorFlow loss records (the catalogue of what each expects is
// loss-catalogue.ts): the loss objects built, applied, customised by user classes and chosen on
// branches, and the regression losses that make a model no classifier.
import { readsElsewhere, type SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import { PyValue, LossDef, UNKNOWN, tensor, refOf, num, type FunctionDef } from './values';
import { arg, type Interp, type CallSite } from './evaluator';
import { writtenBy } from './call-args';
import { UNKNOWN_FACTS, noteLoss } from '../core/facts';
import { noteUser } from './shared-sites';
import { consumedTensors, readAsProbabilities } from './probability-reads';
import type { LossKind } from '../core/losses';
import type { Vocabulary } from '../core/vocab';
import { torchVocab } from './vocab-torch';
import { kerasVocab } from './vocab-keras';
import { fromLogitsPosition, type ArgKind } from './keras-loss-args';
import { API_LOSSES, STRING_LOSSES, defOf, isLossClass, withTargetRead, type Expects, type Family } from './loss-catalogue';

/** nn.MSELoss() (an object) or F.mse_loss(pred, y) (a call, applied now). */
export function regression(it: Interp, name: string, c: CallSite): PyValue {
  const v: Extract<PyValue, { k: 'regression' }> = { k: 'regression', name: name.replace(/^torch\.nn\.(?:functional\.)?/, 'torch.').replace(/^keras\.losses\./, 'keras.'), torch: name.startsWith('torch.') };
  // A function (`F.l1_loss`, lower case, digits too) is applied now; a class (`nn.L1Loss`) later.
  return /\.[a-z_][a-z0-9_]*$/.test(name) && name.startsWith('torch.') ? callRegression(it, v, c) : v;
}

/** A regression loss applied: the prediction's model is trained with it (read after the walk). */
export function callRegression(it: Interp, v: Extract<PyValue, { k: 'regression' }>, c: CallSite): PyValue {
  const pred = v.torch ? arg(c, 0, 'input') : arg(c, 1, 'y_pred');
  if (pred) {
    // An MSE term on a sigmoid mask or a Brier score on softmax outputs reads them as probabilities.
    readAsProbabilities(it, pred.value);
    const ref = refOf(pred.value);
    it.defer(() => {
      const f = ref.get();
      if (f.model) noteLoss(f.model, v.name, undefined, f.widthSite, f.actSite);
    });
  }
  return tensor({ ...UNKNOWN_FACTS });
}

/** A Keras loss's from_logits, read where its signature puts it (keras-loss-args.ts): undefined
 *  where that is not known. */
function kerasFromLogits(name: string, c: CallSite | undefined): boolean | undefined {
  const kinds = (c?.args.pos ?? []).map((v): ArgKind => (v.k === 'const' ? (typeof v.v === 'boolean' ? 'bool' : 'other') : v.k === 'none' ? 'other' : 'unknown'));
  const at = fromLogitsPosition(name, kinds, !!c?.args.splat);
  return at === 'unknown' ? undefined : fromLogitsOf(c, typeof at === 'number' ? at : undefined);
}

/** from_logits as written: true/false, or undefined when it is there but cannot be evaluated. */
function fromLogitsOf(c: CallSite | undefined, index?: number): boolean | undefined {
  if (!c) return false;
  const a = arg(c, index ?? -1, 'from_logits');
  if (!a) return c.args.splat ? undefined : false;
  return a.value.k === 'const' && typeof a.value.v === 'boolean' ? a.value.v : undefined;
}

/** `nn.BCEWithLogitsLoss()`, `keras.losses.BinaryCrossentropy(from_logits=True)`: a loss object.
 *  `sub`: the base loss of a user subclass, named after it (c: its constructor call, if seen). */
export function constructLoss(name: string, c: CallSite | undefined, sub?: { site: Site; cls: string }): PyValue {
  const e = API_LOSSES[name];
  // PyTorch's losses take a class `weight` where Keras' take from_logits: a keyword only.
  const fl = e && !e.torch ? kerasFromLogits(name, c) : fromLogitsOf(c);
  if (!e || fl === undefined) return UNKNOWN;
  const loss = withTargetRead(name, defOf(e, fl), c);
  if (sub) Object.assign(loss, customised(loss, sub.cls));
  const v: PyValue = { k: 'loss', loss, site: sub?.site ?? c!.site, fromLogits: e.expects === 'from_logits' ? fl : undefined };
  if (!sub) builtFrom.set(v, name);
  return v;
}

/** Loss objects built from a framework class here (`nn.BCEWithLogitsLoss()`), by that class. */
const builtFrom = new WeakMap<PyValue, string>();

/** The framework class a loss object was built from here (`type(crit)`), if one. */
export function lossClassOf(v: PyValue): PyValue | undefined {
  const built = builtFrom.get(v);
  return built && v.k === 'loss' && !v.joined && !v.bound ? { k: 'api', name: built } : undefined;
}

/** `isinstance(crit, nn.BCEWithLogitsLoss)` of a loss object built here from a framework class,
 *  against loss classes: known, so a branch on it is decided. undefined: not known (a class that
 *  is no loss's, `nn.Module`, may hold too). */
export function isLossInstance(v: PyValue, classes: PyValue[]): boolean | undefined {
  const built = lossClassOf(v);
  const name = built && lossClassName(built);
  const of = classes.map(lossClassName);
  return name && of.every((n) => n !== undefined) ? of.includes(name) : undefined;
}

/** `type(crit) is nn.BCELoss` (or `==`): two framework loss classes, the same or not. */
export function sameLossClass(a: PyValue, b: PyValue): boolean | undefined {
  const [x, y] = [lossClassName(a), lossClassName(b)];
  return x !== undefined && y !== undefined ? x === y : undefined;
}

/** A framework loss class (not a loss function: `F.binary_cross_entropy`), by its canonical name. */
function lossClassName(v: PyValue): string | undefined {
  return v.k === 'api' && /^[A-Z]/.test(v.name.slice(v.name.lastIndexOf('.') + 1)) ? API_LOSSES[v.name]?.name : undefined;
}

/** A loss of a library we model by its documentation (segmentation_models_pytorch), called
 *  (y_pred, y_true): reported, never rewritten (its own parameters say what it expects). */
export function libraryLoss(name: string, display: string, expects: Expects, family: Family, c: CallSite): Extract<PyValue, { k: 'loss' }> {
  const kind: LossKind = { expects, family, display, order: 'prediction-first' };
  return { k: 'loss', loss: { name, kind, vocab: unswitchable(torchVocab) }, site: c.site };
}

/** A loss referenced without a call (`loss=keras.losses.binary_crossentropy`). */
export function lossRef(name: string, site: import('../core/site').Site): PyValue {
  const e = API_LOSSES[name];
  return e ? { k: 'loss', loss: defOf(e, false), site } : UNKNOWN;
}

/** A compile loss string. */
export function lossString(s: string, site: import('../core/site').Site): Extract<PyValue, { k: 'loss' }> | undefined {
  const apiName = STRING_LOSSES[s];
  const e = apiName ? API_LOSSES[apiName] : undefined;
  return e ? { k: 'loss', loss: defOf(e, false, `'${s}'`), site } : undefined;
}

/** A loss function called directly: `F.cross_entropy(out, y)`, `tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z)`. */
export function callLossFunction(it: Interp, name: string, c: CallSite): PyValue {
  const e = API_LOSSES[name];
  // (A loss that takes one kind only has no from_logits: its third argument is another one.)
  const fl = e && !e.torch && e.expects === 'from_logits' ? kerasFromLogits(name, c) : fromLogitsOf(c);
  if (!e || fl === undefined) return tensor({ ...UNKNOWN_FACTS });
  const fn = c.node.childForFieldName('function') ?? c.node;
  const def = withTargetRead(name, defOf(e, fl), c);
  // A metric of no framework (scikit-learn's) is written in the file's own: its edits too.
  return callLoss(it, { k: 'loss', loss: e.metric ? { ...def, vocab: it.vocabOf(c.frame) } : def, site: it.site(fn, c.frame.module.file) }, c, e.params);
}

/** scikit-learn's metrics computed as a loss (`log_loss(y, p)`, loss-catalogue.ts); undefined: another. */
export function sklearnMetric(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const e = API_LOSSES[name];
  if (!e) return undefined;
  // scikit-learn 1.7 renamed y_prob to y_proba (the old name still taken): either names it.
  const other = e.params[1] === 'y_prob' ? 'y_proba' : e.params[1] === 'y_proba' ? 'y_prob' : undefined;
  const given = other && !c.args.kw.has(e.params[1]) ? c.args.kw.get(other) : undefined;
  if (!given) return callLossFunction(it, name, c);
  const rename = <T>(m: ReadonlyMap<string, T>) => new Map([...m].map(([k, v]) => [k === other ? e.params[1] : k, v] as const));
  return callLossFunction(it, name, { ...c, args: { ...c.args, kw: rename(c.args.kw), kwNodes: rename(c.args.kwNodes) } });
}

/** torch's samplers of a probability per value: `torch.bernoulli(p)` / `p.bernoulli()` (a
 *  RuntimeError for any outside [0, 1]; not with its own `p`, whose values it reads instead) and
 *  `Bernoulli(probs=p)` / `Bernoulli(p)` (a ValueError, its arguments validated by default); and of
 *  one class per row, `Categorical(probs=p)` (and OneHotCategorical, made of it), which divides the values by their sum first (then a
 *  ValueError for a row of mixed signs: validated as Bernoulli's). The parameter that reads them, the
 *  error, and the call that takes logits instead. */
const SAMPLERS: Record<string, [string, string, string?]> = {
  'torch.bernoulli': ['input', 'a RuntimeError'],
  'torch.distributions.Bernoulli': ['probs', 'a ValueError', 'torch.distributions.Bernoulli(logits=...)'],
  'torch.distributions.bernoulli.Bernoulli': ['probs', 'a ValueError', 'torch.distributions.Bernoulli(logits=...)'],
  'torch.distributions.Categorical': ['probs', 'a ValueError', 'torch.distributions.Categorical(logits=...)'],
  'torch.distributions.categorical.Categorical': ['probs', 'a ValueError', 'torch.distributions.Categorical(logits=...)'],
  'torch.distributions.OneHotCategorical': ['probs', 'a ValueError', 'torch.distributions.OneHotCategorical(logits=...)'],
  'torch.distributions.one_hot_categorical.OneHotCategorical': ['probs', 'a ValueError', 'torch.distributions.OneHotCategorical(logits=...)'],
};

/** Such a sampler given a model's output: judged as a metric that reads probabilities (loss events,
 *  with no labels); what it returns stays unknown (undefined). */
export function probabilitiesSampled(it: Interp, name: string, c: CallSite): undefined {
  const [param, error, logitsForm] = SAMPLERS[name] ?? [];
  const given = param ? arg(c, 0, param) : undefined;
  if (!given || !error || c.args.kw.has('logits') || (name === 'torch.bernoulli' && (c.args.pos.length > 1 || c.args.kw.has('p') || c.args.splat))) return undefined;
  const short = name.slice(name.lastIndexOf('.') + 1);
  const categorical = short.endsWith('Categorical');
  const kind: LossKind = { expects: 'probabilities', family: categorical ? 'categorical' : 'binary', display: short === 'bernoulli' ? 'torch.bernoulli' : `torch.distributions.${short}`, order: 'labels-first', metric: true, rejects: error,
    ...(categorical ? { normalises: true } : {}), ...(logitsForm ? { logitsForm } : {}) };
  const args = { pos: [], posNodes: [], kw: new Map([['labels', UNKNOWN], ['probs', given.value]]), kwNodes: new Map(given.node ? [['probs', given.node]] : []), splat: false };
  callLoss(it, { k: 'loss', loss: { name: `torch.${short}`, kind, vocab: unswitchable(torchVocab) }, site: c.site }, { ...c, args }, ['labels', 'probs']);
  return undefined;
}

/** `functools.partial(keras.losses.binary_crossentropy, from_logits=True)`: that function with its
 *  keywords bound, called (y_true, y_pred) like the loss object it stands for. */
export function boundLossFunction(it: Interp, name: string, c: CallSite): PyValue {
  const e = API_LOSSES[name];
  const fl = e && !e.torch && c.args.pos.length === 1 ? fromLogitsOf({ ...c, args: { ...c.args, pos: [] } }) : undefined;
  if (!e || fl === undefined || isLossClass(name)) return UNKNOWN;
  // Its site is the partial call, whose from_logits a fix edits.
  return { k: 'loss', loss: defOf(e, fl), site: c.site, fromLogits: e.expects === 'from_logits' ? fl : undefined, bound: true };
}

/** A loss applied: records which argument is the prediction and which the labels. */
export function callLoss(it: Interp, loss: Extract<PyValue, { k: 'loss' }>, c: CallSite, params?: [string, string]): PyValue {
  const kind = loss.loss.kind;
  const names = params ?? (kind.order === 'prediction-first' ? ['input', 'target'] : ['y_true', 'y_pred']);
  const first = arg(c, 0, names[0]);
  const second = arg(c, 1, names[1]);
  if (!first || !second) return tensor({ ...UNKNOWN_FACTS });
  const [pred, labels] = kind.order === 'prediction-first' ? [first, second] : [second, first];
  // Inside a loss class's forward: reported at the user's call; its arguments are not these nodes.
  const outer = it.lossCalls[it.lossCalls.length - 1];
  const predRef = refOf(pred.value);
  // One loss object for two models, or for two heads of one model that end differently (a GAN
  // discriminator's logits and its sigmoid auxiliary head): switching it would break one of them.
  // A known activation with no model (a bare layer's output) is a user of its own. Models are told
  // apart by where they are made: the same code run twice (a function defined anew by each call of
  // the one around it) makes the same model.
  noteUser(loss.site, () => {
    const f = predRef.get();
    return f.model ? `${f.model.site.file}:${f.model.site.start}:${f.act}` : f.act !== 'unknown' && f.actSite ? `${f.actSite.file}:${f.actSite.start}:${f.act}` : undefined;
  });
  const def = outer && !loss.loss.custom ? customised(loss.loss, outer.cls) : effectiveDef(loss);
  // The arguments as the code that chose them wrote them: a swap is fixed there, not in a helper.
  // (Unless the helper's own names say its body swaps them, `crit(target, y_hat)`: the body is wrong.)
  const [predNode, labelsNode] = kind.order === 'prediction-first' ? [first.node, second.node] : [second.node, first.node];
  const bodySwaps = LABELS_NAME.test(predNode?.text ?? '') || PRED_NAME.test(labelsNode?.text ?? '');
  // (A Loss subclass's call() given to compile is called as (y_true, y_pred), as a function there.)
  const caller = outer && !(c.frame.fn && givenToCompile.has(c.frame.fn)) ? outer : undefined;
  const written = first.node && second.node && !caller ? (bodySwaps ? { nodes: [first.node, second.node], call: c, inHelper: false } : writtenBy([first.node, second.node], [first.value, second.value], c)) : undefined;
  // (Said of a function Keras calls as (y_true, y_pred): one given to compile.)
  const swappedByCaller = !caller && isParameter(first.node, c) && !!c.frame.fn && givenToCompile.has(c.frame.fn);
  it.emit({
    type: 'loss',
    site: outer?.call.site ?? c.site,
    vocab: def.vocab,
    name: def.name,
    kind: def.kind,
    via: 'call',
    lossSite: loss.site,
    args: written && [it.site(written.nodes[0], written.call.frame.module.file), it.site(written.nodes[1], written.call.frame.module.file)],
    ...(written && written.call !== c ? { argsCall: written.call.site } : {}),
    ...(written?.inHelper ? { argsInHelper: true } : {}),
    // One of two loss families, chosen by a branch (LossValue.either): no single-unit judgement.
    ...(loss.either ? { widthBranch: true, eitherOf: loss.either.kind.display } : {}),
    labels: refOf(labels.value),
    pred: predRef,
    ...(swappedByCaller ? { firstArgIsParameter: true, ...paramsReadElsewhere(it, c, [first.node!, second.node]) } : {}),
    // (Not in a function Keras calls as loss(y_true, y_pred), whatever its parameters are named.)
    // (As the code that chose them wrote them: a helper's parameter names say nothing of its callers'.)
    // (So does a keyword: `input=st(x)` names the prediction; not labels given there, `input=y.float()`.)
    ...((PREDICTION_NAMED.test((written ? written.nodes[kind.order === 'prediction-first' ? 0 : 1] : predNode)?.text ?? '') || (predNode?.parent?.type === 'keyword_argument' && !LABELS_NAME.test(rootName(predNode)))) && !(c.frame.fn && givenToCompile.has(c.frame.fn)) ? { predNamed: true } : {}),
  });
  // A model's output as the target (a teacher's soft labels): read as its probabilities, whatever trains it.
  if (labels.value.k === 'tensor' && labels.value.ref.get().model) {
    it.probabilityReads.push(labels.value.ref);
    consumedTensors(it, labels.value);
  }
  return tensor({ ...UNKNOWN_FACTS });
}

/** Names of labels (a loss's target): a parameter, an argument. */
export const LABELS_NAME = /^(?:y|ys|t|y_?true|targets?|labels?|gt|ground_?truth|truth|masks?|y_?batch)$/i;
const PRED_NAME = /^(?:preds?|predictions?|y_?pred|y_?hat|logits?|outputs?|out|scores?|probs?|y_?til[dt]a)$/i;
/** A name that says a prediction, also as a word of it (`student_logits`, `out_s`). */
const PREDICTION_NAMED = /^(?:\w*_)?(?:preds?|predictions?|y_?pred|y_?hat|logits?|outputs?|out|scores?|student\w*)(?:_\w*)?$/i;

/** Functions given to compile() as a loss, a Loss subclass's call() included (compile.ts). */
export const givenToCompile = new WeakSet<FunctionDef>();
const customVocabs = new WeakMap<Vocabulary, Vocabulary>();

/** The loss as a user class applies it: named after the class, and with no fix that rewrites the
 *  loss (the class may do more than its base: weights, smoothing, a second term). */
function customised(def: LossDef, cls: string): LossDef {
  return { ...def, custom: cls, vocab: unswitchable(def.vocab), kind: { ...def.kind, display: `${cls} (${def.kind.display})` } };
}

/** The loss as events report it: one chosen on several branches offers no fix that rewrites it. */
export function effectiveDef(loss: Extract<PyValue, { k: 'loss' }>): LossDef {
  if (loss.either) return { ...loss.loss, vocab: unswitchable(loss.loss.vocab), kind: { ...loss.loss.kind, display: `${loss.loss.kind.display} or ${loss.either.kind.display}` } };
  return loss.joined ? { ...loss.loss, vocab: unswitchable(loss.loss.vocab) } : loss.loss;
}

/** A vocabulary that writes no fix rewriting the loss (a user class, or one of several branches). */
function unswitchable(v: Vocabulary): Vocabulary {
  let vocab = customVocabs.get(v);
  if (!vocab) customVocabs.set(v, (vocab = { ...v, switchLoss: () => undefined, singleUnitLoss: undefined }));
  return vocab;
}

/** `def weighted_bce(y_pred, y_true)` given to compile, whose body reads `y_true` again (class
 *  weights): those reads keep the swapped meaning when only the loss call's arguments are swapped. */
function paramsReadElsewhere(it: Interp, c: CallSite, args: Array<Node | undefined>): { paramsReadElsewhere?: { names: string[]; site: Site } } {
  const params = args.filter((a): a is Node => isParameter(a, c));
  const reads = c.frame.fn ? readsElsewhere(c.frame.fn.node, params) : [];
  return reads.length ? { paramsReadElsewhere: { names: [...new Set(reads.map((r) => r.text))], site: it.site(reads[0], c.frame.module.file) } } : {};
}

function isParameter(node: Node | undefined, c: CallSite): boolean {
  return !!node && node.type === 'identifier' && !!c.frame.params?.has(node.text);
}

/** Metrics that read predictions as probabilities: the threshold metrics cut at 0.5 by default
 *  (the position and name of their threshold argument), and AUC (thresholds spread over [0, 1]
 *  unless from_logits=True). Class names are also compile() strings ('Precision', 'AUC'). */
const THRESHOLD_METRICS: ReadonlyMap<string, [number, string]> = new Map([
  ['BinaryAccuracy', [2, 'threshold']],
  ...['Precision', 'Recall', 'TruePositives', 'TrueNegatives', 'FalsePositives', 'FalseNegatives'].map((n): [string, [number, string]] => [n, [0, 'thresholds']]),
  // Without a threshold these pick each row's largest value instead: only a given cut is one.
  ['F1Score', [1, 'threshold']],
  ['FBetaScore', [2, 'threshold']],
  // BinaryIoU(target_class_ids=(0, 1), threshold=0.5): the binary segmentation metric.
  ['BinaryIoU', [1, 'threshold']],
]);
const CUT_ONLY_WHEN_GIVEN = new Set(['F1Score', 'FBetaScore']);
/** Metrics that sweep thresholds over [0, 1]: AUC, and those that pick the threshold meeting a
 *  target (PrecisionAtRecall(0.9), ...), which have no way to read logits. */
const CURVE_METRICS = new Set(['AUC', 'PrecisionAtRecall', 'RecallAtPrecision', 'SensitivityAtSpecificity', 'SpecificityAtSensitivity', 'BinaryCrossentropy']);
const BINARY_METRIC_APIS = new Set([...[...THRESHOLD_METRICS.keys(), ...CURVE_METRICS].map((n) => `keras.metrics.${n}`), 'keras.metrics.binary_accuracy']);
const BINARY_METRIC_STRINGS = new Set(['binary_accuracy', 'BinaryAccuracy', 'Precision', 'Recall', 'AUC']);
const SNAKE_METRICS: ReadonlyMap<string, string> = new Map([['auc', 'AUC'], ['precision', 'Precision'], ['recall', 'Recall']]);
const ACCURACY_ALIASES = new Set(['accuracy', 'acc', 'Accuracy']);

/** A metric object that reads the predictions as probabilities: `BinaryAccuracy()`, `Precision()`,
 *  `AUC()`; unknown with another threshold, a class or top-k selection, or AUC(from_logits=...). */
export function constructMetric(it: Interp, name: string, c: CallSite): PyValue {
  if (!BINARY_METRIC_APIS.has(name) || c.args.splat) return UNKNOWN;
  const short = name.split('.').pop()!;
  const metric: PyValue = { k: 'metric', name: short, binary: true, site: c.site, vocab: kerasVocab };
  // An argument given as None (`Recall(0.5, None, None, "rec")`) is its default: not given.
  const given = (c: CallSite, at: number, kw: string) => {
    const a = arg(c, at, kw);
    return a && a.value.k !== 'none' ? a : undefined;
  };
  // The cross-entropy of probabilities (the log of each value), unless told they are logits.
  if (short === 'BinaryCrossentropy') {
    const logits = given(c, 2, 'from_logits');
    return logits && !(logits.value.k === 'const' && logits.value.v === false) ? UNKNOWN : metric;
  }
  if (short === 'AUC') {
    const logits = given(c, 9, 'from_logits');
    return given(c, 5, 'thresholds') || (logits && !(logits.value.k === 'const' && logits.value.v === false)) ? UNKNOWN : metric;
  }
  // One class of several (class_id) is a per-class choice: unknown, as for Precision.
  if (CURVE_METRICS.has(short)) return given(c, 2, 'class_id') ? UNKNOWN : metric;
  const [at, keyword] = THRESHOLD_METRICS.get(short)!;
  const t = given(c, at, keyword);
  if (keyword === 'thresholds' && (given(c, 1, 'top_k') || given(c, 2, 'class_id'))) return UNKNOWN;
  if (!t) return CUT_ONLY_WHEN_GIVEN.has(short) ? UNKNOWN : metric;
  // `thresholds=[0.5]`: one threshold, given as a list (Precision and Recall take several).
  const one = t.value.k === 'seq' && !t.value.open && t.value.items.length === 1 && (t.node?.type === 'list' || t.node?.type === 'tuple');
  const v = num(one && t.value.k === 'seq' ? t.value.items[0] : t.value);
  const node = one ? t.node?.namedChildren[0] : t.node;
  // Cut at 0: right for logits (the usual fix for them), wrong for probabilities.
  if (v === 0 && node) return { ...metric, binary: false, zeroCut: it.site(node, c.frame.module.file) };
  // Another cut (0.3, or one not known): read as probabilities at that point, judged by no rule.
  return v === 0.5 ? metric : { ...metric, binary: false, otherCut: true };
}

/** A metric called on (y_true, y_pred): `m.update_state(y, p)`, `binary_accuracy(y, p)`. */
export function callMetric(it: Interp, m: Extract<PyValue, { k: 'metric' }>, c: CallSite, _offset: number): PyValue {
  const pred = arg(c, 1, 'y_pred');
  if (pred) it.emit({ type: 'metric', site: c.site, vocab: m.vocab, name: m.name, binary: m.binary, alias: false, curve: CURVE_METRICS.has(m.name), madeAt: m.site, pred: refOf(pred.value), zeroCut: m.zeroCut });
  return UNKNOWN;
}

/** A compile metric: a string, a metric object or a metric function reference. */
export function compileMetric(v: PyValue, site: import('../core/site').Site): { name: string; binary: boolean; alias: boolean; curve: boolean; zeroCut?: import('../core/site').Site; otherCut?: boolean } | undefined {
  if (v.k === 'const' && typeof v.v === 'string') {
    if (ACCURACY_ALIASES.has(v.v)) return { name: v.v, binary: false, alias: true, curve: false };
    if (BINARY_METRIC_STRINGS.has(v.v)) return { name: v.v, binary: true, alias: false, curve: v.v === 'AUC' };
    if (v.v === 'binary_crossentropy') return { name: 'BinaryCrossentropy', binary: true, alias: false, curve: true };
    // Keras 3 also takes each class's snake_case name ('auc', 'precision'): that class.
    const cls = SNAKE_METRICS.get(v.v);
    if (cls) return { name: cls, binary: true, alias: false, curve: cls === 'AUC' };
    return undefined;
  }
  if (v.k === 'metric') return { name: v.name, binary: v.binary, alias: false, curve: CURVE_METRICS.has(v.name), zeroCut: v.zeroCut, ...(v.otherCut ? { otherCut: true } : {}) };
  if (v.k === 'api' && v.name === 'keras.metrics.binary_accuracy') return { name: 'binary_accuracy', binary: true, alias: false, curve: false };
  void site;
  return undefined;
}

/** Where a metric object takes the argument that makes it read logits (its threshold, or AUC's and
 *  BinaryCrossentropy's from_logits): its position and keyword, as Keras 2 and 3 define them. */
export function logitsArgument(name: string): [number, string] | undefined {
  if (name === 'AUC') return [9, 'from_logits'];
  if (name === 'BinaryCrossentropy') return [2, 'from_logits'];
  return THRESHOLD_METRICS.get(name);
}

/** Metrics that pick each row's largest value (argmax, top-k): the same class on logits as on
 *  the probabilities of a sigmoid or softmax, so a loss switched to take logits leaves them right. */
const ORDER_ONLY_METRIC = /^(?:(?:sparse_)?(?:top_k_)?categorical_accuracy|(?:Sparse)?(?:TopK)?CategoricalAccuracy)$/;

/** A compile metric that compileMetric does not know (its name, for messages), or undefined where it
 *  reads the outputs' order alone (ORDER_ONLY_METRIC) and no scale: `node` is where it is written
 *  (none when built where we cannot see: unknown). */
export function unknownCompileMetric(v: PyValue, node: Node | undefined): string | undefined {
  const written = v.k === 'const' && typeof v.v === 'string' ? v.v : v.k === 'api' ? v.name : node?.type === 'call' ? node.childForFieldName('function')?.text : node?.text.replace(/^['"]|['"]$/g, '');
  const name = written?.split('.').pop();
  return name && ORDER_ONLY_METRIC.test(name) ? undefined : name || 'a metric';
}

export function isMetricApi(name: string): boolean {
  return BINARY_METRIC_APIS.has(name);
}

/** The name an argument starts from (`y` of `y.float()`, `labels` of `labels[:, 0]`). */
function rootName(n: Node): string {
  let cur: Node | null = n;
  for (let i = 0; cur && i < 8; i++) {
    if (cur.type === 'identifier') return cur.text;
    cur = cur.type === 'call' ? cur.childForFieldName('function') : cur.type === 'attribute' ? cur.childForFieldName('object') : cur.type === 'subscript' ? cur.childForFieldName('value') : null;
  }
  return '';
}
