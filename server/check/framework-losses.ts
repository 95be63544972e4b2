// A PyTorch or Keras loss as the tfjs loss that computes the same function, so the replica (always
// trained with tfjs) trains what the user's code trains. Chosen by what the loss expects and its
// family, which the engine reports for every framework; the report names both.
import type { LossId, ModelFacts } from './types';

export function equivalentLoss(facts: ModelFacts | undefined): { id: LossId; note: string } | undefined {
  const k = facts?.lossKind;
  if (!k || !facts?.framework || facts.framework === 'tfjs') return undefined;
  let id: LossId | undefined;
  if (k.expects === 'logits') id = k.family === 'binary' ? 'sigmoidCrossEntropy' : 'softmaxCrossEntropy';
  else if (k.expects === 'probabilities') id = k.family === 'binary' ? 'binaryCrossentropy' : k.family === 'sparse' ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy';
  if (!id) return undefined;
  const framework = facts.framework === 'pytorch' ? 'PyTorch' : 'Keras';
  return { id, note: `${framework}'s ${k.display} is trained as tfjs's ${id}, which computes the same loss (the replica always runs on tfjs).` };
}
