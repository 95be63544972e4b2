// What the engine knows about the tfjs API. Anything not listed here evaluates to "unknown".
import type { LayerType } from '../core/facts';
import type { LossKind } from '../core/losses';

const probs = (family: LossKind['family'], display: string): LossKind => ({ expects: 'probabilities', family, display, order: 'labels-first' });
const logits = (family: LossKind['family'], display: string): LossKind => ({ expects: 'logits', family, display, order: 'labels-first' });

/** What each tfjs loss expects, keyed by its path under `tf.` or its compile string. */
export const LOSSES: Record<string, LossKind> = {
  'losses.sigmoidCrossEntropy': logits('binary', 'sigmoidCrossEntropy'),
  'losses.softmaxCrossEntropy': logits('categorical', 'softmaxCrossEntropy'),
  'losses.logLoss': probs('binary', 'logLoss'),
  'metrics.binaryCrossentropy': probs('binary', 'binaryCrossentropy'),
  'metrics.categoricalCrossentropy': probs('categorical', 'categoricalCrossentropy'),
  'metrics.sparseCategoricalCrossentropy': probs('sparse', 'sparseCategoricalCrossentropy'),
  // Compile strings (tfjs-layers resolves them in src/losses.ts; camelCase only).
  binaryCrossentropy: probs('binary', "'binaryCrossentropy'"),
  categoricalCrossentropy: probs('categorical', "'categoricalCrossentropy'"),
  sparseCategoricalCrossentropy: probs('sparse', "'sparseCategoricalCrossentropy'"),
  // Clips yPred to [eps, 1] and reads it as a distribution (no logits form; 'kld' is no compile string).
  // Its target is clipped into [eps, 1] inside the log only (tfjs-layers src/losses.ts): each term is
  // yTrue * log(clip(yTrue) / clip(yPred)), so a teacher's logits weigh the terms as they are.
  kullbackLeiblerDivergence: { ...probs('categorical', "'kullbackLeiblerDivergence'"), unnormalised: true, probabilityTarget: {
    effect: 'it multiplies each term by the target as it is (clipped into [epsilon, 1] only inside the log), so every class with a value below 0 is pushed down and the others weigh by their size: no divergence from the teacher\'s distribution, with no error',
    repair: 'Apply a softmax to the target first, at the same temperature as the student\'s (`tf.softmax(t.div(T))`)' } },
};

/** Metrics that threshold predictions at 0.5 (binaryAccuracy), directly or as tfjs resolves them. */
export const ACCURACY_ALIASES = new Set(['accuracy', 'acc']);
export const BINARY_ACCURACY = new Set(['binaryAccuracy', 'metrics.binaryAccuracy']);

const PASSTHROUGH = ['dropout', 'gaussianNoise', 'gaussianDropout', 'alphaDropout', 'spatialDropout1d', 'activityRegularization', 'masking', 'inputLayer'];

export function layerType(name: string): LayerType {
  if (name === 'dense') return 'dense';
  // Linear like a dense layer; its filters are the last axis unless dataFormat says otherwise.
  if (/^(?:conv[123]d|conv[23]dTranspose|separableConv2d)$/.test(name)) return 'conv';
  if (name === 'activation') return 'activation';
  if (name === 'softmax') return 'softmax';
  if (name === 'flatten') return 'flatten';
  if (name === 'reshape') return 'reshape';
  if (PASSTHROUGH.includes(name)) return 'passthrough';
  if (/^global(Average|Max)Pooling[123]d$/.test(name)) return 'global-pool';
  return 'unknown';
}

/** Model-loading functions: the architecture is not in the code. */
export const OPAQUE_MODEL_FACTORIES = new Set(['loadLayersModel', 'loadGraphModel', 'models.modelFromJSON', 'loadModel']);

/** Tensor ops that keep what the values are (logits stay logits) but may change the shape. */
export const SHAPE_OPS = new Set(['squeeze', 'reshape', 'expandDims', 'flatten', 'as1D', 'as2D', 'slice', 'gather']);
/** Ops that return the same tensor facts. */
export const IDENTITY_OPS = new Set(['clone', 'identity', 'keep']);
/** Reading values out of a tensor; the numbers are still logits or probabilities. */
export const DATA_OPS = new Set(['dataSync', 'arraySync', 'data', 'array', 'bufferSync', 'buffer']);
/** Functions that create data tensors (labels, inputs), as opposed to predictions. */
export const DATA_FACTORIES = new Set(['tensor', 'tensor1d', 'tensor2d', 'tensor3d', 'oneHot', 'ones', 'zeros', 'fill', 'randomNormal', 'randomUniform', 'truncatedNormal', 'fromPixels', 'browser.fromPixels', 'stack', 'concat']);
