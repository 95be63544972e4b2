// Hugging Face's Trainer: the loss a subclass's compute_loss applies to the model it was given, and
// what evaluate() hands compute_metrics. The predictions follow transformers' prediction_step: the
// model's outputs (or those compute_loss returns) but the loss, a dict's values in order, a tuple's
// items after the first, one item unwrapped; then preprocess_logits_for_metrics, if given. predict()
// returns the same predictions (transformers' trainer.py: predict runs evaluation_loop).
import type { ClassDef, PyValue } from './values';
import { findMember, mro } from './objects';
import { UNKNOWN, tensor, derive } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { UNKNOWN_FACTS } from '../core/facts';
import { acceptsKeyword } from './params';
import { madeRecord } from './records';
import { libraryInstance, type LibraryMethods } from './library-objects';
import { codeOf } from './parser';
import { asArray } from './array-kind';

/** Hugging Face's Trainer classes (called in transformers.ts; a subclass made in objects.ts). */
export const HF_TRAINER = /^transformers\.(?:trainer\.)?(?:Seq2Seq)?Trainer$/;

/** What changes the predictions evaluate() and predict() gather, after the Trainer is made
 *  (`prediction_loss_only=True`: evaluate() makes no predictions to give compute_metrics), or the
 *  model that makes them (`trainer.model = best`, `trainer.model.head = ...`, `setattr(trainer,
 *  "model", m)`, a `model_init` that train() calls for a new one). Read in the program's text,
 *  comments too: a mention there leaves the predictions unknown, which costs a finding at most. */
const PREDICTIONS_CHANGED = /\bignore_keys(?:_for_eval)?\b|\bkeys_to_ignore_at_inference\b|\.preprocess_logits_for_metrics\s*=(?!=)|\bprediction_loss_only\s*=\s*True\b|\b(?!self\.)\w+\.model(?:_wrapped)?(?:\.\w+)*\s*=(?!=)|\bsetattr\(\s*[\w.]+\s*,\s*["']model["']|\[\s*["']model["']\s*\]\s*=(?!=)|\bmodel_init\s*=(?!=)/i;

/** Another compute_metrics set on the trainer. */
const METRICS_CHANGED = /\.compute_metrics\s*=(?!=)/;

/** Methods of a subclass that decide what evaluate() predicts in their own way. */
const OWN_PREDICTION = ['prediction_step', 'evaluation_loop', 'prediction_loop', 'evaluate', 'predict'];

/** ModelOutput fields that are None unless the configuration asks for them (hidden states,
 *  attentions, caches): left out of the predictions, as transformers leaves None values out. */
const OPTIONAL_OUTPUTS = /^(?:hidden_states|attentions|cross_attentions|past_key_values|encoder_\w+|decoder_\w+|mems)$/;

/** `BCETrainer(model, args)`, a subclass of Hugging Face's Trainer with a compute_loss of its own:
 *  the Trainer calls it with the model it was given (`compute_loss(self, model, inputs)`). */
export function hfTrainerMade(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, c: CallSite): void {
  const cls = inst.obj.cls;
  const base = mro(cls).flatMap((k) => k.bases).find((b) => b.k === 'api' && HF_TRAINER.test(b.name));
  if (!base) return;
  const own = findMember(cls, 'compute_loss');
  const model = arg(c, 0, 'model')?.value;
  if (own?.k !== 'function') {
    libraryInstance(inst.obj, ['predict'], hfPredictMethod(base, c, cls));
    return hfComputeMetrics(it, c, base, cls);
  }
  if (!model || (model.k !== 'model' && model.k !== 'instance')) return;
  // Called as evaluation calls it, asking for the outputs (where it takes that keyword).
  const kw = new Map<string, PyValue>(acceptsKeyword(own.fn.node, 'return_outputs') ? [['return_outputs', { k: 'const', v: true }]] : []);
  const r = it.callWith({ k: 'function', fn: own.fn, self: inst }, [model, UNKNOWN], c.node, c.frame, kw);
  // Its evaluate / predict return the model's output as it is (to compute_metrics, to the caller).
  const pred = it.callWith(model, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], c.node, c.frame);
  if (pred.k === 'tensor') it.probabilityReads.push(pred.ref);
  const outputs = kw.size && r.k === 'seq' && !r.open && r.items.length === 2 ? r.items[1] : undefined;
  if (!outputs) return;
  hfComputeMetrics(it, c, base, cls, outputs);
  // predict() runs the same prediction_step: compute_loss's outputs where the test set has labels.
  libraryInstance(inst.obj, ['predict'], hfPredictMethod(base, c, cls, outputs));
}

/** `Trainer(model=m, compute_metrics=fn)` (or a subclass made so): evaluate() calls fn with an
 *  EvalPrediction of the predictions (prediction_step's) and the labels. `outputs`: what a
 *  subclass's compute_loss returned with them; else the model's. */
export function hfComputeMetrics(it: Interp, c: CallSite, trainer: PyValue, cls?: ClassDef, outputs?: PyValue): void {
  const fn = c.args.kw.get('compute_metrics');
  if (!fn || (fn.k !== 'function' && fn.k !== 'method')) return;
  const got = hfPredictions(it, c, trainer, cls, outputs);
  if (!got) return;
  const evalPred = madeRecord('EvalPrediction', c.node, c.frame.module.file, [['predictions', asArray(got.preds)], ['label_ids', got.labels]]);
  // Once the whole program has run: keys left out of the predictions (`evaluate(ignore_keys=...)`,
  // the config's keys_to_ignore_at_inference) or another compute_metrics set on the trainer change
  // what it gets.
  it.defer(() => {
    if (!programSays(it, PREDICTIONS_CHANGED) && !programSays(it, METRICS_CHANGED)) it.callWith(fn, [evalPred], c.node, c.frame);
  });
}

/** `trainer.predict(ds)`: evaluation_loop gathers the predictions as for evaluate() (prediction_step,
 *  then preprocess_logits_for_metrics) into a PredictionOutput (predictions, label_ids, metrics).
 *  A test set may have no labels: prediction_step then calls the model without them and keeps every
 *  item of a tuple it returns, so only a tensor or a dict (whose loss is then not there) is known. */
export function hfPredictMethod(trainer: PyValue, c: CallSite, cls?: ClassDef, outputs?: PyValue): LibraryMethods {
  return (it, name, pc) => {
    if (name !== 'predict' || pc.args.splat || programSays(it, PREDICTIONS_CHANGED)) return undefined;
    const got = hfPredictions(it, c, trainer, cls, outputs, true);
    return got && madeRecord('PredictionOutput', pc.node, pc.frame.module.file, [['predictions', asArray(got.preds)], ['label_ids', got.labels], ['metrics', UNKNOWN]]);
  };
}

/** Whether the code of the program (the modules read so far, comments left out) matches `re`. */
export function programSays(it: Interp, re: RegExp): boolean {
  return [...it.program.modules.values()].some((m) => m && re.test(m.parsed.text) && re.test(codeOf(m.parsed)));
}

/** The predictions (and labels) evaluate() gathers for the Trainer made at `c`; undefined: not known.
 *  `unlabelled`: they may come from a test set without labels (predict). */
function hfPredictions(it: Interp, c: CallSite, trainer: PyValue, cls?: ClassDef, outputs?: PyValue, unlabelled = false): { preds: PyValue; labels: PyValue } | undefined {
  const model = arg(c, 0, 'model')?.value;
  if (!model || (model.k !== 'model' && model.k !== 'instance')) return undefined;
  // Seq2SeqTrainer may predict by generating (predict_with_generate): token ids, not the outputs.
  if (trainer.k !== 'api' || /Seq2Seq/.test(trainer.name)) return undefined;
  // `compute_loss_func=` (transformers 4.46+): the Trainer takes the labels out and trains the
  // outputs with that function, not with the model's own loss, which is all we would know of them.
  const lossFunc = arg(c, -1, 'compute_loss_func')?.value;
  if (c.args.splat || (lossFunc && lossFunc.k !== 'none')) return undefined;
  if (cls && OWN_PREDICTION.some((m) => findMember(cls, m)?.k === 'function')) return undefined;
  // A subclass that puts another model in (`self.model = Wrapper(self.model)` in its __init__).
  if (cls && mro(cls).some((k) => /\bself\.model(?:\.\w+)*\s*=(?!=)/.test(k.node.text))) return undefined;
  // (Called with the labels, as the Trainer does: a Hugging Face model then applies its own loss.)
  const labels = tensor({ ...UNKNOWN_FACTS, role: 'labels' });
  const out = outputs ?? it.callWith(model, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], c.node, c.frame, new Map([['labels', labels]]));
  let preds = predictionsOf(out);
  // A test set may have no labels: the model is then called without them (its own branch on
  // `labels is None` may return other outputs; a subclass's compute_loss is not called) and every
  // output is kept. Known only where both ways give predictions of one kind.
  if (unlabelled) {
    const bare = it.callWith(model, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], c.node, c.frame);
    // A dict's loss is None without labels (or the call fails: the test set has labels); a tuple as
    // long as with labels is the same outputs, its loss first.
    const sameTuple = bare.k === 'seq' && out.k === 'seq' && !bare.open && !out.open && bare.items.length === out.items.length;
    preds = preds && agreed(preds, predictionsOf(bare, bare.k !== 'seq' || sameTuple));
  }
  const pre = c.args.kw.get('preprocess_logits_for_metrics');
  if (preds && pre && pre.k !== 'none') preds = pre.k === 'function' || pre.k === 'method' ? it.callWith(pre, [preds, labels], c.node, c.frame) : undefined;
  return preds && preds.k !== 'unknown' ? { preds, labels } : undefined;
}

/** The predictions `a`, where `b` (the same predictions another way) are of the same kind: tensors
 *  whose activation agrees, item by item in a tuple (else unknown facts). undefined: not alike. */
function agreed(a: PyValue, b: PyValue | undefined): PyValue | undefined {
  if (a.k === 'tensor' && b?.k === 'tensor') {
    const [x, y] = [a.ref, b.ref];
    return { ...a, ref: derive(() => (x.get().act !== undefined && x.get().act === y.get().act ? x.get() : { ...UNKNOWN_FACTS }), x, y) };
  }
  if (a.k === 'seq' && b?.k === 'seq' && !a.open && !b.open && a.items.length === b.items.length) {
    const items = a.items.map((v, i) => agreed(v, b.items[i]));
    return items.every((v) => v !== undefined) ? { ...a, items: items as PyValue[] } : undefined;
  }
  return undefined;
}

/** What prediction_step makes of a model's outputs: a tensor as it is; a dict's (or ModelOutput's)
 *  values but the loss, in order (`[1]`: our entry for indexing a ModelOutput, transformers.ts); a tuple's items after the first (the loss); one item unwrapped.
 *  undefined: not known. */
function predictionsOf(out: PyValue, withLoss = true): PyValue | undefined {
  let items: PyValue[];
  if (out.k === 'tensor') return out;
  // (Without labels, a tuple's items are all kept: none is taken for the loss.)
  if (out.k === 'dict') items = [...out.entries].filter(([k, v]) => k !== 'loss' && !/^\[\d+\]$/.test(k) && v.k !== 'none' && !(out.attrs && v.k === 'unknown' && OPTIONAL_OUTPUTS.test(k))).map(([, v]) => v);
  else if (out.k === 'seq' && out.kind === 'tuple' && !out.open) items = withLoss ? out.items.slice(1) : out.items;
  else return undefined;
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { k: 'seq', kind: 'tuple', items };
}
