// Where a tensor's values are read as probabilities outside the rules' events: what makes removing
// the activation that produced them an unsafe fix (edits.ts usedAsProbability). Noted as the code
// runs (Interp.probabilityReads), judged once the models are complete (Interp.finish).
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyValue } from './values';
import { TensorRef } from '../core/facts';
import type { Interp } from './evaluator';

/** Calls that read their tensor arguments as probabilities: scores and calibration (sklearn),
 *  sampling (torch.distributions, multinomial), logarithms (log p, KL divergence), plots and sums
 *  (a bar chart of class probabilities, a check that they sum to 1), images and logs (a mask saved as
 *  a picture or sent to TensorBoard), files (`np.save`), a KL divergence's target, top-k values. */
const PROBABILITY_CONSUMERS = /^(?:roc_auc_score|average_precision_score|log_loss|brier_score_loss|roc_curve|precision_recall_curve|calibration_curve|Categorical|Bernoulli|OneHotCategorical|RelaxedBernoulli|RelaxedOneHotCategorical|Binomial|Multinomial|multinomial|log|log2|log10|log1p|entropy|plot|bar|barh|hist|imshow|pie|stem|sum|barplot|lineplot|scatter|scatterplot|histplot|kdeplot|heatmap|DataFrame|Series|savetxt|save|savez|savez_compressed|save_image|make_grid|add_image|add_images|add_histogram|add_pr_curve|histc|histogram|kl_div|topk)$/;

export function readsProbabilities(callee: Node | null): boolean {
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
  return !!name && PROBABILITY_CONSUMERS.test(name);
}

/** Tensor methods that read the values as they are (`p.log()`, `p.multinomial(1)`, `p.topk(k)`):
 *  like the calls above, and `.item()` / `.tolist()`, where the values leave the tensors for code
 *  that reads them as numbers. */
const PROBABILITY_METHODS = new Set(['log', 'log2', 'log10', 'log1p', 'multinomial', 'item', 'tolist', 'topk', 'histc']);

export function readsAsMethod(name: string): boolean {
  return PROBABILITY_METHODS.has(name);
}

/** `v` (a tensor, or tensors in a list, tuple or dict) is read as it is by code that may take it
 *  for probabilities. */
export function readAsProbabilities(it: Interp, v: PyValue): void {
  if (v.k === 'tensor') it.probabilityReads.push(v.ref);
  else if (v.k === 'seq') for (const x of [...v.items, ...(v.tail ?? [])]) readAsProbabilities(it, x);
  else if (v.k === 'dict') for (const x of v.entries.values()) readAsProbabilities(it, x);
  else if (v.k === 'maxpair') it.probabilityReads.push(v.input);
}

/** Functions that save or export a whole model (its first argument), for other code to load. */
const EXPORTS = /^(?:torch\.(?:save|jit\.save|onnx\.export)|tensorflow\.saved_model\.save|keras\.(?:models\.|saving\.)?save_model)$/;
/** Methods of a model that save or export it whole. */
export const EXPORT_METHODS = new Set(['save', 'export']);

export function exportsModel(callee: PyValue): boolean {
  return callee.k === 'api' && EXPORTS.test(callee.name);
}

/** A model saved or exported whole (`model.save(...)`, `torch.save(model, f)`, ONNX, TorchScript):
 *  whoever loads it reads its output as it is. */
export function modelExported(it: Interp, v: PyValue | undefined): void {
  const m = v?.k === 'model' ? v.model : v?.k === 'instance' ? v.obj.model : undefined;
  if (m) it.probabilityReads.push(new TensorRef(() => m.output.get()));
}
