// Axes pooled away: an ensemble's mean over stacked models, a sequence's time axis (mean, max, the
// last step), a softmax over a convolution's single channel. Each says what the remaining axes are.
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import type { TensorFacts } from '../core/facts';
import { outputRank } from '../core/judge';
import { PyValue, UNKNOWN, tensor, mapRef, derive, num } from './values';
import type { Interp } from './evaluator';

const NO_CHANNELS = { channels: undefined, channelsSite: undefined } as const;

/** `torch.stack(outs).mean(0)`: an ensemble's average over the stacked models (a known rank of 3 or
 *  more, the first axis not the samples): the same kind of values, one axis fewer. undefined for
 *  any other mean (over the batch, or all values), which is no prediction of the model's. */
export function stackedMean(it: Interp, x: PyValue, axis: number | undefined | null): PyValue | undefined {
  if (x.k !== 'tensor' || axis !== 0) return undefined;
  const f0 = x.ref.get();
  const rank = outputRank(f0);
  if (rank === undefined || rank < 3) return undefined;
  it.probabilityReads.push(x.ref); // averaged as they are: removing the activation changes the mean
  return tensor(mapRef(x.ref, (f) => ({ ...f, rank: rank - 1, minRank: undefined, modelOutput: false })));
}

/** The facts of a sequence ([batch, time, features]: facts.minRank) with `taken` of its axes taken
 *  away by indexing or pooling (`out[:, -1]`, `out.mean(dim=1)`): [batch, features] for one, which a
 *  per-sample head keeps; undefined for anything that is no sequence. */
export function sequenceCut(f: TensorFacts, taken: number): TensorFacts | undefined {
  return (f.minRank ?? 0) > 2 ? { ...f, width: undefined, widthSite: undefined, rank: 3 - taken, minRank: undefined, modelOutput: false, ...NO_CHANNELS } : undefined;
}

/** `out.mean(dim=1)`, `torch.max(out, 1)` values, `h.squeeze(0)`: one of a sequence's two leading
 *  axes (time, or an RNN state's layers) pooled away. Read lazily; anything else is `plain`. */
export function sequencePooled(x: PyValue, axis: number | undefined | null, plain: PyValue): PyValue {
  if (x.k !== 'tensor' || (axis !== 0 && axis !== 1 && axis !== -2)) return plain;
  const ref = x.ref;
  const other = plain.k === 'tensor' ? plain.ref : TensorRef.of(UNKNOWN_FACTS);
  const pooled = derive(() => sequenceCut(ref.get(), 1) ?? other.get(), ref, other);
  return plain.k === 'tensor' ? { ...plain, ref: pooled } : tensor(pooled);
}

/** A softmax over dim 1 of a PyTorch convolution's (N, 1, H, W): over an axis of size 1 too, the
 *  one channel (the facts the softmax rule reads: width 1, at the channels' layer). */
export function overOneChannel(f: TensorFacts): TensorFacts | undefined {
  return f.channels === 1 && f.width === undefined && f.channelsRank !== undefined ? { ...f, width: 1, widthSite: f.channelsSite } : undefined;
}

/** Final states of a one-layer, one-direction RNN ([1, batch, hidden]): `h.squeeze(0)` is
 *  [batch, hidden]. Of a deeper or bidirectional one it changes nothing. */
export const oneLayerStates = new WeakSet<TensorRef>();

/** `h.mean(dim=[2, 3])` (or `(-2, -1)`, `amax`) of a PyTorch convolution's (N, C, H, W): its spatial
 *  axes pooled away, (N, C), as a global pooling leaves it. Any other list of axes: what a mean gives
 *  (`kept`: a method keeps whether it is a prediction). */
export function spatialPooled(x: PyValue, dims: Extract<PyValue, { k: 'seq' }>, kept: boolean): PyValue {
  if (x.k !== 'tensor') return UNKNOWN;
  const axes = dims.open ? [] : dims.items.map(num);
  const ref = x.ref;
  return tensor(derive(() => {
    const f = ref.get();
    return spatialCut(f, axes, true) ?? { ...UNKNOWN_FACTS, pred: kept && f.pred };
  }, ref));
}

/** `h.max(dim=2).values`, `h.mean(2)`, `torch.amax(h, 2)` of a Conv1d's output: its one spatial
 *  axis pooled away, (N, C). Only on the convolution's output as it gives it (its channels still
 *  known: nothing reshaped it), and by a positive axis, which shows the batch: an unbatched (C, L)
 *  has no axis 2. A negative one only where the rank is known. Else `plain`. */
export function convAxisPooled(x: PyValue, axis: number | undefined | null, plain: PyValue): PyValue {
  if (x.k !== 'tensor' || typeof axis !== 'number') return plain;
  const ref = x.ref;
  const other = plain.k === 'tensor' ? plain.ref : TensorRef.of(UNKNOWN_FACTS);
  const pooled = derive(() => {
    const f = ref.get();
    return (f.channels !== undefined && f.channelsAxis === undefined ? spatialCut(f, [axis], false) : undefined) ?? other.get();
  }, ref, other);
  return plain.k === 'tensor' ? { ...plain, ref: pooled } : tensor(pooled);
}

/** The facts of a PyTorch convolution's output (rank `channelsRank`: batch, channels, space) with
 *  `axes` taken, when they are its spatial axes, each once: (N, C). Negative axes count from the
 *  batched rank where `signed` presumes it (a model's convolution is fed a batch), else only where
 *  the rank is known. */
function spatialCut(f: TensorFacts, axes: Array<number | undefined>, signed: boolean): TensorFacts | undefined {
  const r = f.channelsRank;
  if (r === undefined || (f.rank !== undefined && f.rank !== r)) return undefined;
  const taken = axes.map((a) => (a === undefined || !Number.isInteger(a) ? -1 : a >= 0 ? a : signed || f.rank === r ? a + r : -1));
  const spatial = taken.length === r - 2 && new Set(taken).size === r - 2 && taken.every((a) => a >= 2 && a < r);
  return spatial ? { ...f, width: undefined, widthSite: undefined, rank: 2, minRank: undefined, modelOutput: false, ...NO_CHANNELS } : undefined;
}
