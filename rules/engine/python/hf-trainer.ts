// Hugging Face's Trainer: the loss a subclass's compute_loss applies to the model it was given, and
// what evaluate() hands compute_metrics. The predictions follow transformers' prediction_step: the
// model's outputs (or those compute_loss returns) but the loss, a dict's values in order, a tuple's
// items after the first, one item unwrapped; then preprocess_logits_for_metrics, if given.
import type { ClassDef, PyValue } from './values';
import { findMember, mro } from './objects';
import { UNKNOWN, tensor } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { UNKNOWN_FACTS } from '../core/facts';
import { acceptsKeyword } from './params';
import { madeRecord } from './records';

/** Hugging Face's Trainer classes (called in transformers.ts; a subclass made in objects.ts). */
export const HF_TRAINER = /^transformers\.(?:trainer\.)?(?:Seq2Seq)?Trainer$/;

/** What changes the predictions compute_metrics gets, or that function, after the Trainer is made
 *  (`prediction_loss_only=True`: evaluate() makes no predictions to give it). */
const CHANGED_LATER = /\bignore_keys(?:_for_eval)?\b|\bkeys_to_ignore_at_inference\b|\.compute_metrics\s*=(?!=)|\bprediction_loss_only\s*=\s*True\b/;

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
  if (own?.k !== 'function') return hfComputeMetrics(it, c, base, cls);
  if (!model || (model.k !== 'model' && model.k !== 'instance')) return;
  // Called as evaluation calls it, asking for the outputs (where it takes that keyword).
  const kw = new Map<string, PyValue>(acceptsKeyword(own.fn.node, 'return_outputs') ? [['return_outputs', { k: 'const', v: true }]] : []);
  const r = it.callWith({ k: 'function', fn: own.fn, self: inst }, [model, UNKNOWN], c.node, c.frame, kw);
  // Its evaluate / predict return the model's output as it is (to compute_metrics, to the caller).
  const pred = it.callWith(model, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], c.node, c.frame);
  if (pred.k === 'tensor') it.probabilityReads.push(pred.ref);
  const outputs = kw.size && r.k === 'seq' && !r.open && r.items.length === 2 ? r.items[1] : undefined;
  if (outputs) hfComputeMetrics(it, c, base, cls, outputs);
}

/** `Trainer(model=m, compute_metrics=fn)` (or a subclass made so): evaluate() calls fn with an
 *  EvalPrediction of the predictions (prediction_step's) and the labels. `outputs`: what a
 *  subclass's compute_loss returned with them; else the model's. */
export function hfComputeMetrics(it: Interp, c: CallSite, trainer: PyValue, cls?: ClassDef, outputs?: PyValue): void {
  const model = arg(c, 0, 'model')?.value;
  const fn = c.args.kw.get('compute_metrics');
  if (!model || !fn || (fn.k !== 'function' && fn.k !== 'method') || (model.k !== 'model' && model.k !== 'instance')) return;
  // Seq2SeqTrainer may predict by generating (predict_with_generate): token ids, not the outputs.
  if (trainer.k !== 'api' || /Seq2Seq/.test(trainer.name)) return;
  if (cls && OWN_PREDICTION.some((m) => findMember(cls, m)?.k === 'function')) return;
  // (Called with the labels, as the Trainer does: a Hugging Face model then applies its own loss.)
  const labels = tensor({ ...UNKNOWN_FACTS, role: 'labels' });
  const out = outputs ?? it.callWith(model, [tensor({ ...UNKNOWN_FACTS, role: 'data' })], c.node, c.frame, new Map([['labels', labels]]));
  let preds = predictionsOf(out);
  const pre = c.args.kw.get('preprocess_logits_for_metrics');
  if (preds && pre && pre.k !== 'none') preds = pre.k === 'function' || pre.k === 'method' ? it.callWith(pre, [preds, labels], c.node, c.frame) : undefined;
  if (!preds || preds.k === 'unknown') return;
  const evalPred = madeRecord('EvalPrediction', c.node, c.frame.module.file, [['predictions', preds], ['label_ids', labels]]);
  // Once the whole program has run: keys left out of the predictions (`evaluate(ignore_keys=...)`,
  // the config's keys_to_ignore_at_inference) or another compute_metrics set on the trainer change
  // what it gets.
  it.defer(() => {
    if (![...it.program.modules.values()].some((m) => m && CHANGED_LATER.test(m.parsed.text))) it.callWith(fn, [evalPred], c.node, c.frame);
  });
}

/** What prediction_step makes of a model's outputs: a tensor as it is; a dict's (or ModelOutput's)
 *  values but the loss, in order (`[1]`: our entry for indexing a ModelOutput, transformers.ts); a tuple's items after the first (the loss); one item unwrapped.
 *  undefined: not known. */
function predictionsOf(out: PyValue): PyValue | undefined {
  let items: PyValue[];
  if (out.k === 'tensor') return out;
  if (out.k === 'dict') items = [...out.entries].filter(([k, v]) => k !== 'loss' && !/^\[\d+\]$/.test(k) && v.k !== 'none' && !(out.attrs && v.k === 'unknown' && OPTIONAL_OUTPUTS.test(k))).map(([, v]) => v);
  else if (out.k === 'seq' && out.kind === 'tuple' && !out.open) items = out.items.slice(1);
  else return undefined;
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { k: 'seq', kind: 'tuple', items };
}
