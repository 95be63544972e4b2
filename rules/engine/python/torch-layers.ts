// What a torch.nn module object is, as a layer the Sequential fold and calls read: a linear map or a
// convolution (logits), an activation, a layer that passes its values on, or unknown.
import type { LayerInfo } from '../core/facts';
import { UNKNOWN, num } from './values';
import type { Interp, CallSite } from './evaluator';
import { argValue } from './evaluator';
import { activation, axisOf } from './ops';

const OTHER_ACTIVATIONS = new Set(['ReLU', 'Tanh', 'GELU', 'LeakyReLU', 'ELU', 'SiLU', 'Softplus', 'Hardtanh', 'ReLU6', 'PReLU', 'Mish', 'SELU', 'Hardswish', 'Softsign', 'Tanhshrink', 'CELU', 'GLU', 'Threshold']);
const PASSTHROUGH = new Set(['Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'Identity', 'BatchNorm1d', 'LayerNorm',
  // Resampled or padded over space (a segmentation head brought to the mask's size), as
  // F.interpolate: the same kind of values in the same channels.
  'Upsample', 'UpsamplingBilinear2d', 'UpsamplingNearest2d', 'ZeroPad1d', 'ZeroPad2d', 'ZeroPad3d',
  'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d', 'ReplicationPad1d', 'ReplicationPad2d', 'ReplicationPad3d']);

/** What a module object is, for the Sequential fold and for calls: a LayerInfo, when known. */
export function layerOf(it: Interp, short: string, c: CallSite): LayerInfo | undefined {
  const site = c.site;
  if (short === 'Linear' || short === 'LazyLinear') {
    const lazy = short === 'LazyLinear';
    // PyG's Linear(in_channels, out_channels) is nn.Linear under other keyword names.
    const out = num(argValue(c, lazy ? 0 : 1, 'out_features', lazy ? UNKNOWN : argValue(c, 1, 'out_channels', UNKNOWN)));
    const inF = lazy ? undefined : num(argValue(c, 0, 'in_features', UNKNOWN));
    return { type: 'dense', name: short, site, units: out, inFeatures: inF, activation: 'linear', actSite: site };
  }
  // nn.Bilinear(in1, in2, out): a linear map of two inputs, logits as well.
  if (short === 'Bilinear') return { type: 'dense', name: short, site, units: num(argValue(c, 2, 'out_features', UNKNOWN)), activation: 'linear', actSite: site };
  // A convolution is linear: its output is logits. Its channels are axis 1 (N, C, ...), not the last.
  if (/^(?:Lazy)?Conv(?:Transpose)?[123]d$/.test(short)) {
    const channels = num(argValue(c, short.startsWith('Lazy') ? 0 : 1, 'out_channels', UNKNOWN));
    return { type: 'conv', name: short, site, activation: 'linear', actSite: site, channels, batchedRank: Number(/([123])d$/.exec(short)![1]) + 2 };
  }
  if (short === 'Sigmoid' || short === 'Hardsigmoid') return activation(short.toLowerCase(), site);
  if (short === 'Softmax' || short === 'LogSoftmax') {
    const dim = axisOf(argValue(c, 0, 'dim', { k: 'none' }));
    const act = short === 'Softmax' ? 'softmax' : 'log_softmax';
    // No dim: PyTorch's legacy implicit choice, dim 1 on a 2-D input (the last axis), known only
    // where the input's rank is (a softmax layer that is the last axis at rank 2).
    if (dim === undefined && act === 'softmax') return { type: 'softmax', name: short, site, axisKnownLast: false, lastAxisAtRank: 2, actSite: site };
    // dim=1 or -1: the class axis of (N, C). dim=0 is the batch's of (N, C) or the classes' of one
    // sample (C,): either way the values went through a softmax, which a loss taking logits must not
    // get (not so for log_softmax: over the classes it is what such a loss computes itself).
    return { type: 'activation', name: short, site, activation: dim === 1 || dim === -1 || (dim === 0 && act === 'softmax') ? act : undefined, actSite: site };
  }
  // nn.Softmax2d: a softmax over the channels (dim -3 of (N, C, H, W)), the class axis of a
  // segmentation map, as Softmax(dim=1).
  if (short === 'Softmax2d') return { type: 'activation', name: short, site, activation: 'softmax', actSite: site };
  if (OTHER_ACTIVATIONS.has(short)) return { type: 'activation', name: short, site, activation: short.toLowerCase(), actSite: site };
  if (PASSTHROUGH.has(short)) return { type: 'passthrough', name: short, site, ...(/Norm/.test(short) ? { rescales: true } : {}) };
  if (short === 'Flatten') return { type: 'flatten', name: short, site };
  // An EmbeddingBag pools each bag's embeddings (sum, mean or max): (B, D) whatever its input.
  if (short === 'EmbeddingBag') return { type: 'global-pool', name: short, site };
  if (short === 'Embedding') return { type: 'embedding', name: short, site, units: num(argValue(c, 1, 'embedding_dim', UNKNOWN)), activation: 'linear', actSite: site };
  return undefined;
}
