// Trainers that apply the loss for you: pytorch-ignite's create_supervised_trainer(model, optimizer,
// loss_fn) and skorch's NeuralNet(module, criterion=...). The loss meets the model's output inside an
// installed package, so the call that hands both over is where the finding goes.
import type { ClassDef, FunctionDef, PyValue } from './values';
import { findMember } from './objects';
import { mro } from './members';
import { UNKNOWN, tensor } from './values';
import type { Interp, CallSite, Frame } from './evaluator';
import { arg } from './evaluator';
import { acceptsKeyword, paramOf } from './params';
import { UNKNOWN_FACTS, type TensorFacts } from '../core/facts';
import { libraryObject } from './library-objects';
import { modelExported } from './probability-reads';
import { same } from './ops';
import { blankLiterals } from './text-scan';
import { isLossClass } from './loss-catalogue';
import { constructLoss } from './losses';

/** A skorch criterion set after the net (`set_params`, attributes, `setattr(net, "criterion_", ...)`,
 *  grid keys, a pipeline step's). Read in the code's text (codeOnly). */
const CRITERION_AGAIN = /\.set_params\([^)]*criterion\b|\.criterion_?\s*=(?!=)|["'](?:\w+__)?criterion_?["']/;

/** A program's text as code: comments blanked, and strings but those that could be a name or a
 *  key (`"criterion"`, `"net__module__x"`, setattr's `"criterion_"`): a mention there sets nothing. */
const codeTexts = new WeakMap<object, string>();
function codeOnly(parsed: { text: string }): string {
  let code = codeTexts.get(parsed);
  if (code === undefined) codeTexts.set(parsed, (code = blankLiterals(parsed.text, (i, end) => /^(["'])[\w.]*\1$/.test(parsed.text.slice(i, end + 1)))));
  return code;
}

/** The module settings set after a net is made (`set_params(module__x=...)`, a grid's "module__x"). */
function moduleSettingsAgain(text: string): string[] {
  if (!text.includes('module__')) return [];
  const names = [...text.matchAll(/["'](?:\w+__)?module__(\w+)["']/g)].map((m) => m[1]);
  for (const call of text.matchAll(/\.set_params\(([^)]*)\)/g)) names.push(...[...call[1].matchAll(/module__(\w+)/g)].map((m) => m[1]));
  return names;
}

/** Whether a module class's constructor may take the setting `name` (an instance: not known). */
function takesSetting(module: PyValue, name: string): boolean {
  const init = module.k === 'class' ? findMember(module.cls, '__init__') : undefined;
  return init?.k === 'function' ? acceptsKeyword(init.fn.node, name) : module.k !== 'class';
}

/** The call of a trainer API, or undefined when `name` is none. */
export function trainerCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  // ignite's trainer, and the update functions it is made of (`Engine(supervised_training_step(...))`):
  // the same first parameters; model_fn is the 13th of the trainer, the 11th of the amp step (after
  // its scaler), the 10th of the others.
  const step = IGNITE_STEPS.exec(name);
  if (step) {
    // (Keywords we cannot see, `**cfg`, may set model_fn or model_transform.)
    if (!c.args.splat) applyLoss(it, c, arg(c, 0, 'model')?.value, arg(c, 2, 'loss_fn')?.value, undefined, igniteOutput(it, c, { transformAt: 6, modelFnAt: step[1] ? 12 : step[2] === '_amp' ? 10 : 9, oldParams: 4 }));
    return UNKNOWN;
  }
  if (name === 'ignite.engine.create_supervised_evaluator') return igniteEvaluator(it, c);
  if (IGNITE_METRICS.test(name)) return igniteMetric(c);
  const net = SKORCH_NET.exec(name)?.[1];
  if (net) return skorchNet(it, net, c);
  if (name.startsWith('fastai.')) return fastaiCall(it, name, c);
  return loopLibrary(it, name, c);
}

/** fastai's losses, and its `Learner(dls, model, loss_func, ...)` (v2: loss_func third; v1's third
 *  is opt_func, which no loss can be), whose `_do_one_batch` hands `model(*xb)` to loss_func as it
 *  is (loss_func.activation is applied only when predicting). A loss given by fastai's default (from
 *  the data), callbacks (`after_pred` may change the output, MixUp the loss) or a loss_func set
 *  again: not known. vision_learner and the other builders make a model of their own: unknown. */
function fastaiCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (isLossClass(name)) return constructLoss(name, c);
  if (name !== 'fastai.Learner' || c.args.splat) return undefined;
  const cbs = arg(c, 6, 'cbs')?.value;
  if ((cbs && cbs.k !== 'none') || [...it.program.modules.values()].some((m) => m && FASTAI_CHANGED.test(codeOnly(m.parsed)))) return undefined;
  const model = arg(c, 1, 'model')?.value;
  const loss = arg(c, 2, 'loss_func')?.value;
  if (loss?.k !== 'loss' || !model) return undefined;
  applyLoss(it, c, model, loss, undefined, (m, x) => it.callWith(m, inputsOf(m, x), c.node, c.frame));
  return UNKNOWN;
}

/** Callbacks added to a learner or a fit (`cbs=`, `add_cb`, `with learn.added_cbs(...)`), a callback
 *  of one's own (given to `fit` by position too: it may change the output after_pred or the loss), or
 *  fastai's that change the batch and the loss (MixUp), a loss_func set again. */
const FASTAI_CHANGED = /\bcbs\s*=\s*(?!None\b)|\.add_cbs?\(|\.added_cbs?\(|\.loss_func\s*=(?!=)|\bcallback_fns\b|\bclass\s+\w+\s*\([^)]*Callback\b|\bdef\s+(?:before|after)_(?:pred|loss|batch)\b|\b(?:MixUp|CutMix|MixHandler)\s*\(/;

/** What a learner gives its model: `model(*xb)`, one input for each parameter of its forward without
 *  a default (tabular models take the categorical and the continuous columns; `forward(x, t=None)`
 *  is called with the batch's one input, its `t` left None). */
function inputsOf(model: PyValue, x: PyValue): PyValue[] {
  const forward = model.k === 'instance' ? findMember(model.obj.cls, 'forward') : undefined;
  const n = forward?.k === 'function' ? positionalParams(forward, true) : undefined;
  return n && n > 2 ? Array.from({ length: n - 1 }, () => tensor({ ...UNKNOWN_FACTS, role: 'data' })) : [x];
}

const IGNITE_STEPS = /^ignite\.engine\.(?:(create_supervised_trainer)|supervised_training_step(_amp|_apex|_tpu)?)$/;

const SKORCH_NET = /^skorch\.(?:classifier\.)?(NeuralNetClassifier|NeuralNetBinaryClassifier|NeuralNet)$/;

/** The module given to a net, or one of its settings, set again after it (`net.module_ = ...`,
 *  `set_params(module=...)`, a grid over "module", or over "module__x" for an x the module takes). */
function moduleAgain(texts: string[], module: PyValue): boolean {
  return texts.some((t) => /\.module_?\s*=(?!=)|\.set_params\([^)]*\bmodule\s*=|["'](?:\w+__)?module["']\s*:|\bsetattr\([^,]+,\s*["']module_?["']/.test(t) || moduleSettingsAgain(t).some((n) => takesSetting(module, n)));
}

/** skorch's `NeuralNetClassifier(Module, criterion=...)` (or its binary twin, or NeuralNet): the
 *  criterion meets the module's output inside skorch; `net.forward(X)` (the outputs of every batch,
 *  concatenated), `net.forward_iter(X)` (each batch's in turn), `net.infer(x)` (one batch's) and
 *  `net.module_(x)` (the module) return that output as it is. The module's class is
 *  built once with its `module__` arguments (an instance given is re-made with them: not known). */
function skorchNet(it: Interp, kind: string, c: CallSite): PyValue {
  const module = arg(c, 0, 'module')?.value;
  const settings = new Map([...c.args.kw].filter(([k]) => k.startsWith('module__')).map(([k, v]) => [k.slice('module__'.length), v]));
  if (!module || c.args.splat || !['class', 'instance', 'model'].includes(module.k) || (module.k !== 'class' && settings.size)) return UNKNOWN;
  let built: PyValue | undefined;
  const made = () => (built ??= module.k === 'class' ? it.callWith(module, [], c.node, c.frame, settings) : module);
  const texts = () => [...it.program.modules.values()].flatMap((m) => (m ? [codeOnly(m.parsed)] : []));
  // Once the whole program has run: a criterion, or the module, set again anywhere
  // (`net.set_params(criterion=...)`, `net.criterion = ...`, a grid over "module__use_softmax" or a
  // pipeline's "net__criterion"): which one trains is not known.
  it.defer(() => {
    const all = texts();
    if (!all.some((t) => CRITERION_AGAIN.test(t)) && !moduleAgain(all, module)) skorchLoss(it, kind, c, made());
  });
  // predict_nonlinearity=None: skorch's identity (_get_predict_nonlinearity), so predict_proba too
  // returns the module's output as it is (concatenated over the batches), unless set again.
  const identity = c.args.kw.get('predict_nonlinearity')?.k === 'none';
  const methods = ['forward', 'infer', 'forward_iter', 'module_', ...(identity ? ['predict_proba'] : [])];
  return libraryObject(methods, (_it, name, fc) => {
    if (fc.args.splat || moduleAgain(texts(), module) || (name === 'predict_proba' && texts().some((t) => NONLINEARITY_AGAIN.test(t)))) return undefined;
    // `net.module_(x)`: the fitted module itself, on what it is given; the others on the data X.
    const input = name === 'module_' && fc.args.pos.length === 1 && !fc.args.kw.size ? fc.args.pos[0] : tensor({ ...UNKNOWN_FACTS, role: 'data' });
    const out = it.callWith(made(), [input], fc.node, fc.frame);
    if (out.k !== 'tensor') return undefined;
    // forward_iter yields each batch's output.
    return name === 'forward_iter' ? { k: 'seq', kind: 'list', items: [], open: true, each: out } : out;
  });
}

/** A class of ours made from a skorch net (`class MyNet(NeuralNetBinaryClassifier)`), called:
 *  without an __init__ of ours, the net made with these arguments (with one, its
 *  `super().__init__(...)` is: superSkorch). The module's output as the net's methods return it is
 *  not modelled for those (its forward / predict_proba may be ours). */
export function skorchSubclass(it: Interp, cls: ClassDef, c: CallSite): void {
  const kind = !findMember(cls, '__init__') ? skorchBase(cls) : undefined;
  if (kind) skorchNet(it, kind, c);
}

/** `super().__init__(module, criterion=criterion, ...)` in the __init__ of such a class (a
 *  criterion of its own as the default), reaching skorch's: the net made with those arguments. */
export function superSkorch(it: Interp, s: Extract<PyValue, { k: 'super' }>, name: string, c: CallSite): PyValue | undefined {
  const kind = name === '__init__' && s.self.k === 'instance' ? skorchBase(s.self.obj.cls) : undefined;
  if (!kind) return undefined;
  skorchNet(it, kind, c);
  return UNKNOWN;
}

/** Methods of a net on the way from the module's output to the criterion (skorch/net.py:
 *  train_step_single runs `get_loss(infer(X), y)`), and those that make the module or criterion or
 *  run the fit: one of ours overriding any, not known. */
const LOSS_PATH = ['get_loss', 'infer', 'train_step', 'train_step_single', 'validation_step', 'run_single_epoch', 'initialize', 'initialize_criterion', 'initialize_module', 'fit_loop', 'partial_fit', 'fit', '__getattr__', '__getattribute__'];

/** The skorch net `cls` is made from (NeuralNet, NeuralNetClassifier, ...) when it is its one base we
 *  do not define (`object` aside) and no class of ours overrides a method of LOSS_PATH. */
export function skorchBase(cls: ClassDef): string | undefined {
  const classes = mro(cls);
  if (classes.some((k) => LOSS_PATH.some((m) => k.members.has(m)))) return undefined;
  const others = classes.flatMap((k) => k.bases.filter((b) => b.k !== 'class' && !(b.k === 'api' && b.name === 'builtins.object')));
  return others.length === 1 && others[0].k === 'api' ? SKORCH_NET.exec(others[0].name)?.[1] : undefined;
}

const NONLINEARITY_AGAIN = /\.set_params\([^)]*predict_nonlinearity|\.predict_nonlinearity_?\s*=(?!=)|["'](?:\w+__)?predict_nonlinearity_?["']/;

/** The criterion of a skorch net applied to its module's output. NeuralNetBinaryClassifier's default
 *  is BCEWithLogitsLoss (its predict_proba applies the sigmoid itself); NeuralNetClassifier's is
 *  NLLLoss, and with NLLLoss it takes `torch.log(y_pred + eps)` of the output itself (get_loss,
 *  skorch/classifier.py): the module should return probabilities. Only a log_softmax output (the
 *  log of log-probabilities: NaN) and raw logits (the log of the negative ones: NaN) are judged there.
 *  NeuralNet's get_loss hands the module's output to its criterion as it is, a class (made by skorch)
 *  or an instance alike. (NeuralNetBinaryClassifier with NLLLoss: not modelled.) */
const SKORCH_LOG = {
  by: "skorch's NeuralNetClassifier takes the log of the module's output itself (torch.log(y_pred + eps) in get_loss) when its criterion is NLLLoss",
  instead: 'pass criterion=nn.CrossEntropyLoss (predict_proba still returns probabilities: skorch applies the softmax for that criterion)',
};

function skorchLoss(it: Interp, kind: string, c: CallSite, module: PyValue): void {
  const given = arg(c, 1, 'criterion')?.value;
  const defaults: Record<string, string> = { NeuralNetBinaryClassifier: 'torch.nn.BCEWithLogitsLoss', NeuralNetClassifier: 'torch.nn.NLLLoss' };
  const criterion: PyValue | undefined = given ?? (defaults[kind] ? { k: 'api', name: defaults[kind] } : undefined);
  // A class is made by skorch (initialize_criterion); an instance is used as it is.
  if (criterion?.k !== 'api' && criterion?.k !== 'loss') return;
  const loss = criterion.k === 'loss' ? criterion : it.callWith(criterion, [], c.node, c.frame);
  if (loss.k !== 'loss') return;
  // (isinstance(self.criterion_, torch.nn.NLLLoss) in NeuralNetClassifier.get_loss: only there.)
  const nll = /NLLLoss$/.test(criterion.k === 'api' ? criterion.name : loss.loss.name);
  const logTaken = nll && kind === 'NeuralNetClassifier' ? SKORCH_LOG : undefined;
  if (nll && kind === 'NeuralNetBinaryClassifier') return;
  // (skorch's default, which the code does not write: named as such.)
  const display = given ? loss.loss.kind.display : `${loss.loss.kind.display} (the default criterion of ${kind})`;
  const named = { ...loss, loss: { ...loss.loss, kind: { ...loss.loss.kind, display, ...(logTaken ? { logTaken } : {}) } } };
  applyLoss(it, c, module, named, logTaken ? (f) => (f.act === 'log-softmax' || f.act === 'logits') && !f.squashedFrom : undefined);
}

// HF accelerate's Accelerator and Lightning's Fabric run the user's own loop: prepare / setup hand
// back the objects they were given (wrapped to run the same forward, in the same order), gather
// keeps what a tensor is, and save / save_model write the model out whole.
const ACCELERATOR = /^(?:accelerate(?:\.accelerator)?\.Accelerator|lightning(?:\.fabric)?(?:\.fabric)?\.Fabric|lightning_fabric(?:\.fabric)?\.Fabric)$/;

function loopLibrary(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (ACCELERATOR.test(name)) return { k: 'api', name: `${name}()` };
  const method = /^(?:accelerate|lightning|lightning_fabric)\.[\w.]*\(\)\.(\w+)$/.exec(name)?.[1];
  if (method === undefined || c.args.splat) return undefined;
  const pos = c.args.pos;
  switch (method) {
    case 'prepare':
    case 'setup':
      if (c.args.kw.size) return undefined;
      return pos.length === 1 ? pos[0] : { k: 'seq', kind: 'tuple', items: [...pos] };
    case 'prepare_model':
    case 'setup_module':
    case 'unwrap_model':
      return pos.length >= 1 ? pos[0] : undefined;
    case 'gather':
    case 'gather_for_metrics':
    case 'all_gather':
    case 'pad_across_processes':
      // One tensor, or a tuple / list / dict of them (`p, y = gather_for_metrics((p, y))`): the same.
      return pos.length >= 1 ? (['seq', 'dict'].includes(pos[0].k) ? pos[0] : same(pos[0])) : undefined;
    case 'save_model':
    case 'save':
      for (const v of [...pos, ...c.args.kw.values()]) modelExported(it, v);
      return UNKNOWN;
    default:
      return undefined;
  }
}

/** What ignite's trainer hands its loss_fn: `model_transform(model_fn(model, x))` (ignite >= 0.4.8
 *  has model_transform, the 7th parameter; 0.5 model_fn, at `modelFnAt`), each applied as the program
 *  defines it (a function we cannot read: unknown). Before 0.4.8 the 7th was output_transform,
 *  `(x, y, y_pred, loss)`: a function of four parameters there transforms nothing the loss sees. */
function igniteOutput(it: Interp, c: CallSite, at: { transformAt: number; modelFnAt: number; oldParams: number }): (model: PyValue, x: PyValue) => PyValue {
  const fn = given(c, at.modelFnAt, 'model_fn');
  const transform = oldOutputTransform(c, at.transformAt, at.oldParams) ? undefined : given(c, at.transformAt, 'model_transform');
  return (model, x) => {
    const out = fn ? it.callWith(fn, [model, x], c.node, c.frame) : it.callWith(model, [x], c.node, c.frame);
    return transform ? it.callWith(transform, [out], c.node, c.frame) : out;
  };
}

/** Argument `name` (at `i`) of an ignite call, when given and not None. */
function given(c: CallSite, i: number, name: string): PyValue | undefined {
  const v = arg(c, i, name)?.value;
  return v && v.k !== 'none' ? v : undefined;
}

/** Whether the argument at `i` (model_transform since ignite 0.4.8) is the output_transform of
 *  older versions, which took its place: a function of `params` parameters given by position. */
function oldOutputTransform(c: CallSite, i: number, params: number): boolean {
  const v = c.args.kw.has('model_transform') ? undefined : c.args.pos[i];
  return v?.k === 'function' && positionalParams(v) === params;
}

const IGNITE_METRICS = /^ignite\.metrics\.(?:accuracy\.|precision\.|recall\.)?(?:Accuracy|Precision|Recall)$/;
/** The output_transform of each ignite classification metric made here. */
const metricTransforms = new WeakMap<PyValue, PyValue>();

/** `Accuracy(output_transform=f)` (Precision, Recall: output_transform first too): a metric that
 *  applies f to the engine's output, `(y_pred, y)` by default, before it updates. */
function igniteMetric(c: CallSite): PyValue | undefined {
  const fn = given(c, 0, 'output_transform');
  if (!fn || c.args.splat) return undefined;
  const metric: PyValue = { k: 'unknown' };
  metricTransforms.set(metric, fn);
  return metric;
}

/** ignite's `create_supervised_evaluator(model, metrics, ...)`: each batch's output is
 *  `output_transform(x, y, model_transform(model_fn(model, x)))` (model_transform the 6th since
 *  0.4.8, model_fn the 9th; before, the 6th was that output_transform, of three parameters), and each
 *  metric applies its own output_transform to it. Those transforms are run with the model's output:
 *  what they decide on it is judged. (Accuracy itself requires 0/1 values for one unit and raises
 *  otherwise: nothing to judge there.) A rounding of logits is not run: Accuracy raises on the
 *  values outside {0, 1} it makes. Left unmodeled otherwise (the metrics read the output). */
function igniteEvaluator(it: Interp, c: CallSite): undefined {
  const model = arg(c, 0, 'model')?.value;
  const metrics = arg(c, 1, 'metrics')?.value;
  if (!model || metrics?.k !== 'dict' || c.args.splat || !['model', 'instance'].includes(model.k)) return undefined;
  const old = oldOutputTransform(c, 5, 3);
  const x = tensor({ ...UNKNOWN_FACTS, role: 'data' });
  const pred = igniteOutput(it, c, { transformAt: 5, modelFnAt: 8, oldParams: 3 })(model, x);
  if (pred.k !== 'tensor') return undefined;
  const transform = old ? c.args.pos[5] : given(c, 6, 'output_transform');
  const out: PyValue = transform ? it.callWith(transform, [x, UNKNOWN, pred], c.node, c.frame) : { k: 'seq', kind: 'tuple', items: [pred, UNKNOWN] };
  const logits = pred.ref.get().act === 'logits';
  for (const m of metrics.entries.values()) {
    const fn = metricTransforms.get(m);
    if (fn && !(logits && fn.k === 'function' && /\bround\b/.test(blankLiterals(fn.fn.node.text)))) it.callWith(fn, [out], c.node, c.frame);
  }
  return undefined;
}

/** How many parameters a function written in the program takes (no `*args`), or only those without
 *  a default (`required`): undefined otherwise. */
function positionalParams(fn: Extract<PyValue, { k: 'function' }>, required = false): number | undefined {
  const params = (fn.fn.node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => !!p).map((p) => paramOf(p!));
  return params.some((p) => p.kind !== 'plain') ? undefined : params.filter((p) => !required || !p.def).length;
}

/** The loss applied to what the model outputs for an input we do not know, labels unknown (when
 *  `judged` says so of the output). `output`: what the package makes of the model's output before
 *  its loss sees it (ignite's model_transform). */
function applyLoss(it: Interp, c: CallSite, model: PyValue | undefined, loss: PyValue | undefined, judged?: (f: TensorFacts) => boolean, output?: (model: PyValue, x: PyValue) => PyValue): void {
  if (!model || loss?.k !== 'loss' || !['model', 'instance'].includes(model.k)) return;
  const x = tensor({ ...UNKNOWN_FACTS, role: 'data' });
  const pred = output ? output(model, x) : it.callWith(model, [x], c.node, c.frame);
  if (pred.k !== 'tensor' || (judged && !judged(pred.ref.get()))) return;
  // The package also predicts with the model (skorch's predict_proba returns its output as it is):
  // removing its activation is then no safe fix, only a suggestion.
  it.probabilityReads.push(pred.ref);
  it.callWith(loss, loss.loss.kind.order === 'prediction-first' ? [pred, UNKNOWN] : [UNKNOWN, pred], c.node, c.frame);
}

/** Lightning's `trainer.predict(model, loader)`: Lightning runs the module's `predict_step(batch,
 *  batch_idx)` (by default `self(batch)`) on each batch and returns the list of what it returns. */
export function lightningPredict(it: Interp, c: CallSite): PyValue | undefined {
  const model = arg(c, 0, 'model')?.value;
  if (model?.k !== 'instance' || !lightningModule(model.obj.cls)) return undefined;
  const step = findMember(model.obj.cls, 'predict_step');
  const each = step?.k === 'function'
    ? it.callWith({ ...step, self: model }, [UNKNOWN, UNKNOWN], c.node, c.frame)
    : step ? UNKNOWN : it.callWith(model, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], c.node, c.frame);
  return { k: 'seq', kind: 'list', items: [], open: true, each };
}

export function lightningModule(cls: ClassDef): boolean {
  return cls.bases.some((b) => (b.k === 'api' && /^pytorch_lightning\.(?:core\.(?:module\.)?)?LightningModule$/.test(b.name)) || (b.k === 'class' && lightningModule(b.cls)));
}

/** Lightning hooks given a step's return values: `validation_epoch_end(self, outputs)` (1.x) the list
 *  of them, `on_validation_batch_end(self, outputs, batch, batch_idx)` one. The step they read. */
const HOOK_STEPS: ReadonlyMap<string, { step: string; each: boolean }> = new Map([
  ['training_epoch_end', { step: 'training_step', each: true }],
  ['validation_epoch_end', { step: 'validation_step', each: true }],
  ['test_epoch_end', { step: 'test_step', each: true }],
  ['on_train_batch_end', { step: 'training_step', each: false }],
  ['on_validation_batch_end', { step: 'validation_step', each: false }],
  ['on_test_batch_end', { step: 'test_step', each: false }],
  ['on_predict_batch_end', { step: 'predict_step', each: false }],
]);

/** Steps first, so that a hook can be given what they returned (methods in the order written otherwise). */
export function stepsFirst(names: string[]): string[] {
  const steps = new Set([...HOOK_STEPS.values()].map((h) => h.step));
  return [...names.filter((n) => steps.has(n)), ...names.filter((n) => !steps.has(n))];
}

/** Runs Lightning hook `name` of `self` with what its step returned (`returned`), when it is one and
 *  the step ran; false otherwise (the caller runs it as any method). */
export function runLightningHook(it: Interp, self: PyValue, name: string, fn: FunctionDef, returned: ReadonlyMap<string, PyValue>, frame: Frame): boolean {
  const hook = HOOK_STEPS.get(name);
  const out = hook && returned.get(hook.step);
  if (!hook || !out || self.k !== 'instance' || self.obj.cls.framework !== 'torch') return false;
  const outputs: PyValue = hook.each ? { k: 'seq', kind: 'list', items: [], open: true, each: out } : out;
  it.callWith({ k: 'function', fn, self }, [outputs], fn.node, frame);
  return true;
}
