// Where a tensor's values are read as probabilities outside the rules' events: what makes removing
// the activation that produced them an unsafe fix (edits.ts usedAsProbability). Noted as the code
// runs (Interp.probabilityReads), judged once the models are complete (Interp.finish).
import type { SyntaxNode as Node } from './syntax-tree';
import { GENERIC_ARG, UNKNOWN, tensor, type PyValue } from './values';
import { TensorRef, type ModelInfo, type TensorFacts } from '../core/facts';
import type { EngineEvent } from '../core/events';
import { keyOf, noteProbabilityUse, resetProbabilityUses } from './probability-uses';
import { noteHandedAway } from './shared-sites';
import type { Frame, Interp } from './evaluator';
import { autologged } from './saved-elsewhere';
import { lightningModule } from './trainers';
import { readThrough } from './value-sources';

/** Calls that read their tensor arguments as probabilities: scores and calibration (sklearn),
 *  sampling (torch.distributions, multinomial), logarithms (log p, KL divergence), plots and sums
 *  (a bar chart of class probabilities, a check that they sum to 1), images and logs (a mask saved as
 *  a picture or sent to TensorBoard), files (`np.save`), a KL divergence's target, top-k values. */
const PROBABILITY_CONSUMERS = /^(?:roc_auc_score|average_precision_score|log_loss|brier_score_loss|roc_curve|precision_recall_curve|calibration_curve|Categorical|Bernoulli|OneHotCategorical|RelaxedBernoulli|RelaxedOneHotCategorical|Binomial|Multinomial|multinomial|binomial|bernoulli|calibration_error|binary_calibration_error|multiclass_calibration_error|log|log2|log10|log1p|entropy|plot|bar|barh|hist|imshow|pie|stem|sum|barplot|lineplot|scatter|scatterplot|histplot|kdeplot|heatmap|DataFrame|Series|savetxt|save|savez|savez_compressed|save_image|make_grid|add_image|add_images|add_histogram|add_pr_curve|histc|histogram|kl_div|topk)$/;

export function readsProbabilities(callee: Node | null): boolean {
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  return !!name && PROBABILITY_CONSUMERS.test(name);
}

/** What a call takes as probabilities by its nature: the arguments of a PROBABILITY_CONSUMERS call
 *  but one given as `logits=` (`Categorical(logits=z)`), and anything given as `p=` / `probs=`
 *  (`np.random.choice(n, p=preds)`, `Bernoulli(probs=p)`). */
export function consumed(it: Interp, callee: Node | null, args: { pos: PyValue[]; kw: ReadonlyMap<string, PyValue> }): void {
  const all = readsProbabilities(callee);
  for (const [k, v] of args.kw) if ((all && k !== 'logits') || k === 'p' || k === 'probs') consumedTensors(it, v);
  if (all) for (const v of args.pos) consumedTensors(it, v);
}

/** The tensors a call hands to a model (another model's activated output as its input, a head
 *  over a sigmoid backbone): removing that activation changes what the model computes; switching
 *  the loss that trains the first model does not (edits.ts). */
export function inputsOfModel(it: Interp, args: { pos: PyValue[]; kw: ReadonlyMap<string, PyValue> }): void {
  for (const v of [...args.pos, ...args.kw.values()]) if (v.k === 'tensor') it.probabilityReads.push(v.ref);
}

/** Tensors that are another shifted by a number (`p + 1e-9`): what reads them as probabilities
 *  (`np.log(p + 1e-9)`) reads that one so (probability-reads.ts consumedTensors). */
export const shiftOf = new WeakMap<TensorRef, TensorRef>();

/** `-p` of a tensor (`np.log1p(-p)`, log(1 - p)): itself unknown, but what reads it as
 *  probabilities reads p so (readAsProbabilities, consumedTensors). */
const negated = new WeakMap<object, TensorRef>();

export function negationOf(ref: TensorRef): PyValue {
  const v: PyValue = { k: 'unknown' };
  negated.set(v, ref);
  return v;
}

/** The tensor `v` negates (`-p`), if it is one. */
export function negatedRefs(v: PyValue): TensorRef[] {
  const r = negated.get(v);
  return r ? [r] : [];
}

export function consumedTensors(it: Interp, v: PyValue): void {
  const ref = v.k === 'tensor' ? v.ref : negated.get(v);
  if (ref) {
    it.consumedAsProbabilities.push(ref);
    // (`np.log(p + 1e-9)`: p, guarded against log(0), is read as probabilities.)
    for (let r = shiftOf.get(ref), i = 0; r && i < 8; r = shiftOf.get(r), i++) it.consumedAsProbabilities.push(r);
  } else if (v.k === 'seq') for (const x of v.items) consumedTensors(it, x);
}

/** Tensor methods that take the values for probabilities (`p.log()`, `p.multinomial(1)`). */
export const CONSUMING_METHODS = new Set(['log', 'log2', 'log10', 'log1p', 'multinomial']);

/** Tensor methods that read the values as they are (`p.log()`, `p.multinomial(1)`, `p.topk(k)`):
 *  like the calls above, and `.item()` / `.tolist()`, where the values leave the tensors for code
 *  that reads them as numbers. */
const PROBABILITY_METHODS = new Set(['log', 'log2', 'log10', 'log1p', 'multinomial', 'item', 'tolist', 'topk', 'histc']);

export function readsAsMethod(name: string): boolean {
  return PROBABILITY_METHODS.has(name) || !VALUE_BLIND_METHODS.has(name);
}

/** Tensor methods that do not read the values as probabilities: shape and device, copies and
 *  views, and the activations and decisions the rules judge themselves (an argmax or argsort picks
 *  the same on logits). Any other method (`p.mean()`, `p.sort()`, `p.clamp(...)`) may, and is
 *  taken to: removing the activation is then no safe fix. */
const VALUE_BLIND_METHODS = new Set([
  'size', 'dim', 'ndimension', 'numel', 'nelement', 'element_size', 'get_device', 'is_contiguous', 'type', 'type_as', 'stride',
  'float', 'double', 'half', 'bfloat16', 'long', 'int', 'bool', 'byte', 'short', 'to', 'cpu', 'cuda', 'detach', 'detach_', 'clone',
  'contiguous', 'numpy', 'requires_grad_', 'astype', 'copy', 'pin_memory', 'squeeze', 'squeeze_', 'unsqueeze', 'unsqueeze_', 'view',
  'reshape', 'flatten', 'ravel', 'view_as', 'reshape_as', 'permute', 'transpose', 'swapaxes', 'swapdims', 'movedim', 'moveaxis', 'expand', 'expand_as', 'repeat', 't',
  'sigmoid', 'sigmoid_', 'softmax', 'log_softmax', 'argmax', 'argsort', 'max', 'round', 'gt', 'ge', 'greater', 'greater_equal',
  'eq', 'ne', 'equal', 'backward', 'register_hook', 'retain_grad',
]);

/** Tensor methods that take another tensor for its shape or dtype (`label.expand_as(pred)`). */
export const SHAPE_ARG_METHODS = new Set(['expand_as', 'view_as', 'reshape_as', 'type_as', 'resize_as_', 'new_empty', 'new_zeros', 'new_ones']);

/** Framework functions that read a tensor's shape, not its values (`torch.ones_like(d_out)`). */
const SHAPE_ONLY_APIS = /\.(?:\w+_like|shape|ndim|size|numel|is_tensor|is_floating_point|no_grad|enable_grad|set_grad_enabled)$/;

/** Builtins that take a tensor's values for numbers (`float(p[0])`, `print(p)`, `sum(p)`). */
const BUILTIN_READS = /^builtins\.(?:float|int|bool|print|str|repr|format|list|tuple|sum|max|min|sorted|map|zip|enumerate|iter|dict|set)$/;

/** Builtins that iterate over what they are given (a dict: its keys). */
const KEY_ITERATING = /^builtins\.(?:list|tuple|set|sorted|map|zip|enumerate|iter|sum|max|min|reversed|filter)$/;

/** Builtins that show values to a person. */
const SHOWN = /^builtins\.(?:print|repr|format)$/;

/** A call of `callee` we do not model: its tensor arguments may be read as probabilities (an
 *  unknown function, an API the interpreter does not know, a builtin that reads numbers), and a
 *  model handed to unknown code (`trainer.predict(model)`, `mlflow.pytorch.log_model(model)`) may
 *  be run there, its output read as it is. `method`: the callee's name when it is `x.method`. */
export function unmodeledCall(it: Interp, callee: PyValue, args: { pos: PyValue[]; kw: ReadonlyMap<string, PyValue>; spread?: PyValue[] }, modeled: boolean, method?: string): void {
  // A parameter of a function run for no caller (`loss_f(p, y)` in a helper whose callers pass the
  // loss) stands for what the callers we see pass: not a reader of its own.
  if (callee === GENERIC_ARG) return;
  if (method && SHAPE_ARG_METHODS.has(method)) return;
  if (callee.k === 'unknown' || (callee.k === 'api' && !modeled && !callee.name.startsWith('builtins.'))) for (const v of [...args.pos, ...args.kw.values(), ...(args.spread ?? [])]) lossHandedAway(v);
  const reads = callee.k === 'unknown' || (callee.k === 'api' && (BUILTIN_READS.test(callee.name) || (!modeled && !SHAPE_ONLY_APIS.test(callee.name) && !callee.name.startsWith('builtins.'))));
  if (!reads) return;
  // Shown labelled as a probability (`print("probability:", p)`) is read as one all the same.
  const shown = callee.k === 'api' && SHOWN.test(callee.name) && !args.pos.some((a) => a.k === 'const' && typeof a.v === 'string' && PROBABILITY_LABEL.test(a.v));
  // Given as `logits=` (`Categorical(logits=out)`): taken for logits, which the switch makes them.
  const asLogits = args.kw.get('logits');
  const keysOnly = callee.k === 'api' && KEY_ITERATING.test(callee.name);
  for (const v of [...args.pos, ...args.kw.values(), ...(args.spread ?? [])]) {
    // `model.predict` handed on (LIME's classifier_fn, `functools.partial`): called there, its
    // output read as it is.
    // Not a builtin, `inspect` or a log call, which look at the method without calling it.
    const looksOnly = (callee.k === 'api' && /^(?:builtins|inspect|logging)\./.test(callee.name)) || readsNoOutput(method, v);
    const m = v.k === 'method' && !looksOnly ? predictorOf(v) : undefined;
    if (m) outputRead(it, m);
    // `sorted(kwargs)`, `list(d)`: a dict iterated gives its keys, not its values.
    if (keysOnly && v.k === 'dict') continue;
    readAsProbabilities(it, v, shown || v === asLogits);
    // Trainers that run the model's own steps (which the analysis reads) are not such code.
    // So is a framework function we do not model (`AveragedModel(net)`, pruning, quantisation prep).
    if ((callee.k === 'unknown' || (callee.k === 'api' && !modeled)) && !readsNoOutput(method, v)) modelExported(it, v);
  }
}

/** A model's methods that return its output. */
const PREDICTING = new Set(['predict', 'predict_generator', 'predict_on_batch', 'predict_proba', 'forward', 'call', '__call__']);

/** The model whose output a call of `v` gives: the model itself, or its predict/forward method. */
export function predictorOf(v: PyValue): ModelInfo | undefined {
  const recv = v.k === 'method' && PREDICTING.has(v.name) ? v.recv : v;
  return recv.k === 'model' ? recv.model : recv.k === 'instance' ? recv.obj.model : undefined;
}

/** Printing a summary, watching gradients, logging or formatting the model (`log.info('Model
 *  {}'.format(model))`) reads no output. */
const READS_NO_OUTPUT = new Set(['watch', 'summary', 'format', 'info', 'debug', 'warning', 'warn', 'error', 'critical', 'exception', 'write', 'add_graph', 'add_text']);
/** Lightning's Trainer.fit/validate/test/tune run a LightningModule's own *_step methods (which the
 *  analysis reads); the same names of another library's object (`Evaluator().validate(model, dl)`)
 *  given any other model may run it and read its output. */
const OWN_STEPS = new Set(['fit', 'validate', 'test', 'tune']);

function readsNoOutput(method: string | undefined, v: PyValue): boolean {
  if (!method) return false;
  return OWN_STEPS.has(method) ? v.k === 'instance' && lightningModule(v.obj.cls) : READS_NO_OUTPUT.has(method);
}

/** What an f-string formats (`f"{probs}"`) is read as it is. */
export function readInside(it: Interp, node: Node, f: Frame): PyValue {
  // An f-string printed or logged is shown to the developer; one handed to other code (a web page,
  // `st.write(f"{p:.0%}")`, a label, a file's `write`) or kept is read as it is.
  const shown = node.type === 'string' && forDeveloper(node) && !PROBABILITY_LABEL.test(node.text);
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment' || c.type === 'string_start' || c.type === 'string_content' || c.type === 'string_end') continue;
    const inner = c.type === 'interpolation' ? c.namedChildren[0] : c;
    if (inner) readAsProbabilities(it, it.eval(inner, f), shown);
  }
  return UNKNOWN;
}

/** Words (or a percent format) that show a value as a probability. */
const PROBABILITY_LABEL = /prob|confiden|likel|chance|percent|%/i;

const DEVELOPER_OUTPUT = /^(?:print|pprint|(?:tqdm\.|sys\.std(?:out|err)\.)write|(?:\w+\.)*(?:info|debug|warning|warn|error|critical|exception|log|set_description|set_postfix(?:_str)?|add_text|echo|secho))$/;

/** `print(f"...")`, `logger.info(f"...")`, `pbar.set_description(f"...")`: an f-string given
 *  (directly, or as a keyword's value) to a call that prints or logs it. */
function forDeveloper(node: Node): boolean {
  let p = node.parent;
  if (p?.type === 'keyword_argument') p = p.parent;
  const call = p?.type === 'argument_list' ? p.parent : undefined;
  const fn = call?.type === 'call' ? call.childForFieldName('function')?.text.replace(/\s/g, '') : undefined;
  return !!fn && DEVELOPER_OUTPUT.test(fn) && !/^st\.|^streamlit\./.test(fn);
}

/** `v` (a tensor, or tensors in a list, tuple or dict) is read as it is by code that may take it
 *  for probabilities. */
export function readAsProbabilities(it: Interp, v: PyValue, shownOnly = false, seen = new Set<PyValue>()): void {
  const neg = negated.get(v);
  if (neg) return readAsProbabilities(it, tensor(neg), shownOnly, seen);
  if (v.k === 'tensor') {
    it.probabilityReads.push(v.ref);
    // Shown to a person (`print(p)`, `f"{p:.2f}"`) is not handed to code that relies on it.
    if (!shownOnly) it.leftAsTheyAre.push(v.ref);
    for (const r of v.from ?? []) if (r !== v.ref) shownOnly ? it.probabilityReads.push(r) : readAsIs(it, r);
  }
  else if (v.k === 'maxpair') it.probabilityReads.push(v.input);
  // A list may hold itself (`a[0] = a`): each container is read once.
  else for (const x of containedOnce(v, seen)) readAsProbabilities(it, x, shownOnly, seen);
}

/** Values read as they are, by code that relies on them. */
export function readAsIs(it: Interp, r: TensorRef): void {
  it.probabilityReads.push(r);
  it.leftAsTheyAre.push(r);
}

/** The items of a list, tuple or dict not met before (`seen`), none for anything else. */
function containedOnce(v: PyValue, seen: Set<PyValue>): PyValue[] {
  if ((v.k !== 'seq' && v.k !== 'dict') || seen.has(v)) return [];
  seen.add(v);
  return v.k === 'seq' ? [...v.items, ...(v.tail ?? []), ...(v.each ? [v.each] : [])] : [...v.entries.values()];
}

/** Functions that save, export, compile for deployment or convert a whole model (any argument,
 *  or a dict or list of them: `torch.save({"model": model}, f)`), for other code to load and run:
 *  TorchScript (saved or frozen: `jit.script` alone also speeds up training), ONNX, torch.export,
 *  quantization, mobile, TFLite, SavedModel. */
const EXPORTS = /^(?:torch\.(?:save|jit\.(?:save|freeze)|onnx\.\w+|export\.\w+|_dynamo\.export|(?:ao\.)?quantization\.quantize_dynamic|utils\.mobile_optimizer\.optimize_for_mobile)|tensorflow\.(?:saved_model\.save|lite\.TFLiteConverter\.from_(?:keras_model|concrete_functions))|keras\.(?:models\.|saving\.)?save_model|keras\.models\.clone_model)$/;
/** Methods of a model that save, export or write it out whole (its architecture, the activation
 *  included: `open(f, "w").write(model.to_json())`; Lightning's `to_onnx` / `to_torchscript`; Hugging Face's `save_pretrained` / `push_to_hub`; a traced signature for TFLite or a SavedModel). */
export const EXPORT_METHODS = new Set(['save', 'export', 'to_json', 'to_yaml', 'to_onnx', 'to_torchscript', 'save_pretrained', 'push_to_hub', 'get_concrete_function']);

export function exportsModel(callee: PyValue): boolean {
  return callee.k === 'api' && EXPORTS.test(callee.name);
}

/** A model saved or exported whole (`model.save(...)`, `torch.save(model, f)`, ONNX, TorchScript):
 *  whoever loads it reads its output as it is. */
export function modelExported(it: Interp, v: PyValue | undefined, seen = new Set<PyValue>()): void {
  if (!v) return;
  for (const x of containedOnce(v, seen)) modelExported(it, x, seen);
  const m = v?.k === 'model' ? v.model : v?.k === 'instance' ? v.obj.model : undefined;
  if (m) outputRead(it, m);
}

/** A loss object (or a container of them) handed to code we do not follow (`partial(CRIT)`,
 *  `step(**dict(criterion=CRIT, ...))`, a library's trainer): applied there to outputs we do not
 *  see, so a rewrite of it is a suggestion at most (shared-sites.ts). */
export function lossHandedAway(v: PyValue, seen = new Set<PyValue>()): void {
  for (const x of containedOnce(v, seen)) lossHandedAway(x, seen);
  if (v.k === 'loss') noteHandedAway(v.site);
}

/** Whatever `m` outputs is read as it is by code we do not see. */
export function outputRead(it: Interp, m: ModelInfo): void {
  const out = new TensorRef(() => m.output.get());
  it.probabilityReads.push(out);
  it.leftAsTheyAre.push(out);
}

/** A model kept in a list or dict (`fold_models.append(model)`, `ensemble = [model]`,
 *  `models[fold] = model`): its later uses (`for m in fold_models`, `fold_models[0](x) > 0.5`) go
 *  through a container we follow only in part, so its output counts as read as it is. */
export function keptInContainer(it: Interp, v: PyValue): void {
  modelExported(it, v);
}

/** Kept where later code we may not follow reads it (`probs.append(p)`, `d.update(a=Net())`,
 *  `yield p`): its tensors read as they are, its models used there. */
export function keptForLater(it: Interp, v: PyValue): void {
  readAsProbabilities(it, v);
  keptInContainer(it, v);
}

/** Once the models are complete: which activations some code reads as probabilities (removing one
 *  is then no safe fix, edits.ts): the reads noted as the code ran, and the events that read them
 *  (a probability loss, a metric, a threshold). An argmax picks the same class on the logits (softmax
 *  and sigmoid keep the order): not a use that needs the activation. */
export function judgeProbabilityReads(reads: TensorRef[], events: EngineEvent[], consumedAsProbabilities: TensorRef[], leftAsTheyAre: TensorRef[], cutReads: TensorRef[], handedAndDropped: TensorRef[] = []): void {
  resetProbabilityUses();
  for (const ref of reads) {
    const f = ref.get();
    if (f.act === 'sigmoid' || f.act === 'softmax') noteActivations(f);
  }
  // A model's raw logits taken for probabilities (`np.log(preds)`, `np.random.choice(n, p=preds)`):
  // switching the loss to one that takes logits leaves those readers wrong (vocab-common.ts).
  for (const ref of consumedAsProbabilities) {
    const f = ref.get();
    if (f.act === 'logits' && f.model) noteProbabilityUse(f.actSite);
  }
  // A linear head trained with a loss that takes probabilities learns to output them, and what its
  // output is handed to as it is (a JSON "probability", a CSV column, a saved model) reads them so:
  // switching the loss to one that takes logits changes what those readers get.
  // Keyed by the output layer too: another model over the same layer (`serve = keras.Model(inp,
  // logit)` beside the trained one) outputs what that training made of it.
  const trainedForProbabilities = new Set<ModelInfo>();
  const trainedLayers = new Set<string>();
  for (const e of events) {
    if (e.type !== 'loss' || e.kind.expects !== 'probabilities') continue;
    const f = e.pred.get();
    const m = e.model ?? f.model;
    if (m) trainedForProbabilities.add(m);
    if (f.act === 'logits' && f.actSite) trainedLayers.add(keyOf(f.actSite));
  }
  const trainedSo = (f: TensorFacts) => f.act === 'logits' && !!f.model && (trainedForProbabilities.has(f.model) || (!!f.actSite && trainedLayers.has(keyOf(f.actSite))));
  // (Also what a value computed from the output reads of it: `np.abs(p - 0.5)` handed on, value-sources.ts.)
  const readThroughIt = (ref: TensorRef) => {
    for (const r of readThrough(ref)) if (trainedSo(r.get())) noteProbabilityUse(r.get().actSite);
  };
  for (const ref of leftAsTheyAre) {
    const f = ref.get();
    if (trainedSo(f)) noteProbabilityUse(f.actSite);
    readThroughIt(ref);
  }
  // Given to a call we do not know that may write them in place (`squash(o); return o` in a
  // forward): as that model's output handed so at the top level is (above), once that layer is
  // trained for probabilities.
  for (const ref of handedAndDropped) {
    const f = ref.get();
    if (f.act === 'logits' && f.actSite && trainedLayers.has(keyOf(f.actSite))) noteProbabilityUse(f.actSite);
  }
  // Cut somewhere but at 0 (a cut at a value not known, `pred > t` in a threshold sweep): right while
  // that loss clips them, wrong once it takes logits. (A cut the rules see as one is judged by the
  // loss rule: one at 0.5 is rewritten to 0 with the switch.)
  const cut = new Set(events.flatMap((e) => (e.type === 'threshold' ? [e.input] : [])));
  for (const ref of cutReads) {
    const f = cut.has(ref) ? undefined : ref.get();
    if (f && trainedSo(f)) noteProbabilityUse(f.actSite);
    // A cut of a value computed from them (`1 - p > 0.5`): no rewrite of a cut of theirs reaches it.
    readThroughIt(ref);
  }
  for (const e of events) {
    // A cut at 0 reads logits: once the activation is gone it is right.
    const ref = e.type === 'loss' ? (e.kind.expects === 'probabilities' ? e.pred : undefined) : e.type === 'metric' ? (e.zeroCut ? undefined : e.pred) : e.type === 'softmax' || e.type === 'argmax' || (e.value === 0 && e.perSample === 'use') ? undefined : e.input;
    const f = ref?.get();
    if (f && (f.act === 'sigmoid' || f.act === 'softmax')) noteActivations(f);
  }
}

/** Every place the activation comes from (a value joined from branches that each apply it: a
 *  model called with a flag we do not know reads both). */
function noteActivations(f: TensorFacts): void {
  noteProbabilityUse(f.actSite);
  for (const s of f.actAlso ?? []) noteProbabilityUse(s);
}

/** After the run: the outputs of models that code we do not connect to reads (`%run train.py`,
 *  `exec(open(...).read())` run that code in a file's namespace; an autologger), then every read
 *  of probabilities judged against the events. */
export function judgeReads(it: Interp): void {
  if (it.scriptsRunIn.size) for (const m of it.models) if (!it.scriptsRunIn.has(m.site.file)) outputRead(it, m);
  autologged(it);
  judgeProbabilityReads(it.probabilityReads, it.events, it.consumedAsProbabilities, it.leftAsTheyAre, it.cutReads, it.handedAndDropped);
}

/** What a call's arguments are read as: plotted, tabulated (`pd.DataFrame({'target': probs[:, 1]})`)
 *  or saved, as probabilities; consumed by what takes probabilities; a model exported. */
export function readsOfCall(it: Interp, calleeNode: Node | null, callee: PyValue, args: { pos: PyValue[]; kw: ReadonlyMap<string, PyValue> }): void {
  if (readsProbabilities(calleeNode)) {
    for (const v of args.pos) readAsProbabilities(it, v);
    for (const [k, v] of args.kw) readAsProbabilities(it, v, k === 'logits'); // `Categorical(logits=z)`
  }
  consumed(it, calleeNode, args);
  if (exportsModel(callee)) for (const v of [...args.pos, ...args.kw.values()]) modelExported(it, v);
}
