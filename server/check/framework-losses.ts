// A PyTorch or Keras loss as the tfjs loss that computes the same function, so the replica (always
// trained with tfjs) trains what the user's code trains. Chosen by what the loss expects and its
// family, which the engine reports for every framework; the report names both.
import type { LossId, ModelFacts } from './types';

type Kind = NonNullable<ModelFacts['lossKind']>;

/** The tfjs loss that expects the same input and takes the same labels. */
export function tfjsLossFor(expects: Kind['expects'], family: Kind['family']): LossId | undefined {
  if (expects === 'logits') return family === 'binary' ? 'sigmoidCrossEntropy' : 'softmaxCrossEntropy';
  if (expects === 'probabilities') return family === 'binary' ? 'binaryCrossentropy' : family === 'sparse' ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy';
  return family === 'binary' ? undefined : 'nllLoss'; // log-probabilities: NLLLoss, written with tfjs ops
}

export function equivalentLoss(facts: ModelFacts | undefined): { id: LossId; note: string } | undefined {
  const k = facts?.lossKind;
  if (!k || !facts?.framework || facts.framework === 'tfjs') return undefined;
  const id = tfjsLossFor(k.expects, k.family);
  if (!id) return undefined;
  const framework = facts.framework === 'pytorch' ? 'PyTorch' : 'Keras';
  if (id === 'softmaxCrossEntropy' && facts.framework === 'pytorch') return { id, note: `PyTorch's ${k.display} is trained as -mean(sum(labels × logSoftmax(logits))) written with tfjs operations: the loss of tfjs's softmaxCrossEntropy, with PyTorch's gradient (the replica always runs on tfjs).` };
  if (id === 'nllLoss') return { id, note: `${framework}'s ${k.display} is trained as -mean(input[target]) written with tfjs operations (tfjs has no NLL loss; the replica always runs on tfjs).` };
  return { id, note: `${framework}'s ${k.display} is trained as tfjs's ${id}, which computes the same loss (the replica always runs on tfjs).` };
}

/** The model, loss and decision as the user's PyTorch or Keras code writes them, for the report
 *  ("PyTorch: nn.Linear(13, 32) → nn.ReLU() → nn.Linear(32, 1) → nn.Sigmoid(); loss
 *  nn.BCEWithLogitsLoss; decision argmax(1)"); undefined for tfjs, whose replica is the code itself. */
export function describeCode(facts: ModelFacts | undefined): string | undefined {
  if (!facts?.framework || facts.framework === 'tfjs') return undefined;
  const layers: string[] = [];
  for (const l of facts.layers) if (l.written && layers[layers.length - 1] !== l.written) layers.push(l.written);
  const parts = [layers.length ? layers.join(' \u2192 ') : 'layers not known'];
  if (facts.lossKind) parts.push(`loss ${facts.lossKind.display}`);
  if (facts.decision) parts.push(`decision ${facts.decision}`);
  return `${facts.framework === 'pytorch' ? 'PyTorch' : 'Keras'}: ${parts.join('; ')}`;
}
