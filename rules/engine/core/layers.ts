// Layers as transfer functions on tensor facts: what a dense/activation/softmax/... layer does to
// "is it logits or probabilities, how wide is its last axis, what rank".
import type { LayerInfo, ModelInfo, TensorFacts } from './facts';
import { UNKNOWN_FACTS } from './facts';
import { activationKind } from './judge';

/** Whether a sigmoid is the hard one (judge.ts activationKind names them). */
function hardSigmoid(act: string, layer: LayerInfo): true | undefined {
  return act === 'sigmoid' && /^hard_?sigmoid$/i.test(layer.activation ?? '') ? true : undefined;
}

export function applyLayer(layer: LayerInfo | undefined, input: TensorFacts): TensorFacts {
  if (!layer) return { ...UNKNOWN_FACTS, pred: true };
  const rank = input.rank ?? layer.inputRank;
  switch (layer.type) {
    case 'dense':
    case 'conv': {
      const act = layer.activation === undefined ? 'unknown' : activationKind(layer.activation);
      const batched = layer.channels !== undefined && (rank === undefined || rank >= (layer.batchedRank ?? 0));
      return { act, actSite: layer.actSite, hardSigmoid: hardSigmoid(act, layer), width: layer.units, widthSite: layer.site, rank, pred: true, modelOutput: false, ...(batched ? { channels: layer.channels, channelsSite: layer.site, channelsRank: layer.batchedRank } : {}) };
    }
    case 'activation': {
      const act = layer.activation === undefined ? 'unknown' : inverseOf(layer.activation, input) ?? activationKind(layer.activation);
      // 'linear' keeps whatever the values were.
      if (act === 'logits') return { ...input, rank };
      return { ...input, act, actSite: layer.actSite, hardSigmoid: hardSigmoid(act, layer), rank, pred: true, modelOutput: false, scaled: undefined, remapped: undefined, classesMoved: undefined, softmaxAtOne: undefined, squashedFrom: squashedAgain(layer.activation ?? '', input) };
    }
    case 'softmax': {
      // An axis chosen by the input's rank (PyTorch's legacy implicit dim): over the classes at that
      // rank, and at an unknown rank still a softmax (its values are probabilities on some axis).
      const implicit = layer.lastAxisAtRank !== undefined && (rank === undefined || rank === layer.lastAxisAtRank);
      return { ...input, act: layer.axisKnownLast || implicit ? 'softmax' : 'unknown', actSite: layer.actSite ?? layer.site, hardSigmoid: undefined, rank, pred: true, modelOutput: false, scaled: undefined, remapped: undefined, classesMoved: undefined, softmaxAtOne: undefined, squashedFrom: undefined };
    }
    case 'passthrough':
      // A normalisation after a sigmoid or softmax: no longer probabilities; after logits, logits.
      if (layer.rescales) return input.act === 'sigmoid' || input.act === 'softmax' ? { ...input, act: 'unknown', rank } : { ...input, rank, rescaled: true };
      return { ...input, rank };
    case 'flatten':
      return { ...input, width: rank === 2 ? input.width : undefined, rank: 2, channels: undefined, channelsSite: undefined };
    case 'global-pool':
      // [batch, ..., channels] -> [batch, channels]: rank 2 whatever came in. A pooling (max or mean)
      // of sigmoids is still in [0, 1] (a clip's tags from its frames'); a recurrent layer's last
      // output (also this type) is not.
      if (input.act === 'sigmoid' && input.actSite && /Pool/i.test(layer.name ?? '')) return { ...UNKNOWN_FACTS, act: 'sigmoid', actSite: input.actSite, hardSigmoid: input.hardSigmoid, pred: true, rank: 2 };
      return { ...UNKNOWN_FACTS, pred: true, rank: 2 };
    case 'embedding':
      // Rows of a table looked up (whatever its weights: learned, loaded or assigned): raw numbers
      // that no activation squashed, logits as a linear layer's are.
      return { ...UNKNOWN_FACTS, act: 'logits', actSite: layer.site, width: layer.units, widthSite: layer.site, rank: input.rank === undefined ? undefined : input.rank + 1, pred: true };
    case 'reshape':
      return { ...input, width: layer.units, widthSite: layer.site, rank: layer.outRank, channels: undefined, channelsSite: undefined };
    case 'module': {
      const f = layer.output?.() ?? UNKNOWN_FACTS;
      return { ...f, model: undefined, modelOutput: false, pred: true };
    }
    default:
      return { ...UNKNOWN_FACTS, pred: true };
  }
}

/** exp of log-probabilities is probabilities (`torch.exp(log_softmax(z))`), log of a softmax's
 *  probabilities is log-probabilities (`torch.log(F.softmax(z, 1))`, NLLLoss's input). */
function inverseOf(name: string, input: TensorFacts): TensorFacts['act'] | undefined {
  if (name === 'exp' && input.act === 'log-softmax') return 'softmax';
  if (name === 'log' && input.act === 'softmax') return 'log-softmax';
  return undefined;
}

/** A sigmoid over a prediction that already was probabilities (a sigmoid's or a softmax's), or a
 *  log_softmax over a softmax's: where those came from (TensorFacts.squashedFrom). */
export function squashedAgain(activation: string, input: TensorFacts): TensorFacts['squashedFrom'] {
  // (Probabilities mapped into [0, 1] first, `sigmoid(p * 0.98 + 0.01)`: what the second
  // activation squeezes is no longer the first one's output, so no edit of either is sure.)
  if (!input.pred || !input.actSite || input.remapped) return undefined;
  // One unit's softmax is always 1.0 (softmax-single-unit's finding), not probabilities to cut.
  const softmax = input.act === 'softmax' && input.width !== 1;
  if (activation === 'sigmoid' && (input.act === 'sigmoid' || softmax)) return { act: input.act as 'sigmoid' | 'softmax', site: input.actSite };
  if ((activation === 'log_softmax' || activation === 'logSoftmax') && softmax) return { act: 'softmax', site: input.actSite };
  return undefined;
}

/** The output of a sequential model: its layers folded in order. */
export function foldSequential(model: ModelInfo, onLayer?: (layer: LayerInfo, input: TensorFacts) => void): TensorFacts {
  if (model.open || model.layers.length === 0) return { ...UNKNOWN_FACTS, pred: true, modelOutput: true, model };
  const first = model.layers[0].layer;
  let f: TensorFacts = { ...UNKNOWN_FACTS, rank: first?.inputRank, width: first?.inputWidth, role: 'input' };
  for (const entry of model.layers) {
    if (entry.layer && onLayer) onLayer(entry.layer, f);
    f = applyLayer(entry.layer, f);
  }
  // Layers added last only on some paths (`if ...: model.add(...)`, or one output layer per branch):
  // what holds with them and without them both, i.e. up to the last layer always added.
  if (model.layers[model.layers.length - 1].conditional) {
    let without: TensorFacts = { ...UNKNOWN_FACTS, rank: first?.inputRank, width: first?.inputWidth, role: 'input' };
    let last = model.layers.length - 1;
    while (last >= 0 && model.layers[last].conditional) last--;
    for (let i = 0; i <= last; i++) without = applyLayer(model.layers[i].layer, without);
    f = { ...f, act: 'unknown' };
    if (without.width !== f.width) f = { ...f, width: undefined, widthSite: undefined };
    if (without.rank !== f.rank) f = { ...f, rank: undefined };
  }
  return { ...f, pred: true, modelOutput: true, model };
}
