// NumPy on predictions (model.predict(x) returns an array (N, C)): np.argmax without an axis
// flattens; np.round / np.rint / np.greater(p, 0.5) are thresholds. Other functions keep nothing.
import { UNKNOWN_FACTS } from '../core/facts';
import { PyValue, UNKNOWN, tensor, num, single, zeros, isEmptySeq } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { checkedWhole, indexesBack, markBand } from './argmax-uses';
import { picks, takeAlongAxis } from './selections';
import { argmax, axisOf, clipped, greaterCall, reshaped, same, threshold } from './ops';
import { stackedMean } from './pooling';
import { axisKept, ensembleMean, overStack } from './stack-reductions';
import { gathered } from './gathered';
import { madeArray } from './array-kind';
import { dataOfShape } from './one-sample';

export function numpyCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  return madeArray(name, numpyValue(it, name, c));
}

function numpyValue(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const random = /^numpy\.random\.(\w+)$/.exec(name)?.[1];
  if (random) return randomData(random, c);
  const op = /^numpy\.(\w+)$/.exec(name)?.[1];
  if (!op) return undefined;
  const x = arg(c, 0, 'a')?.value ?? UNKNOWN;
  const vocab = it.vocabOf(c.frame);
  switch (op) {
    case 'argmax':
      return argmax(it, x, axisOf(arg(c, 1, 'axis')?.value), 'function', 'flatten', c.site, vocab);
    case 'round':
    case 'around':
    case 'rint': {
      const decimals = num(arg(c, 1, 'decimals')?.value ?? { k: 'const', v: 0, site: c.site });
      if (decimals === 0) return threshold(it, x, 'round', c.site, vocab);
      // Kept to some places: read as they are, and still the same values (`np.round(p, 3) > 0.5`).
      if (x.k === 'tensor') it.probabilityReads.push(x.ref);
      return x.k === 'tensor' ? { ...x } : tensor({ ...UNKNOWN_FACTS });
    }
    // `np.clip(z, 0, 1)`: values forced into [0, 1] (a rounding after it cuts them at 0.5).
    case 'clip':
      return clipped(it, x, arg(c, 1, 'a_min')?.value, arg(c, 2, 'a_max')?.value);
    case 'greater':
    case 'greater_equal':
    case 'less':
    case 'less_equal': {
      return greaterCall(it, x, op, arg(c, 1), c.site, vocab, c.frame.module.file, arg(c, 0)?.node);
    }
    case 'mean': {
      const axis = axisOf(arg(c, 1, 'axis')?.value);
      return x.k === 'seq' && axis === 0 ? listMean(it, x) : (axisDropped(c) ? overStack(it, x, axis, 'mean') : undefined) ?? stackedMean(it, x, axis);
    }
    // `np.max(np.stack(outs), axis=0)`: over the stacked predictions (stack-reductions.ts).
    case 'max':
    case 'amax':
    case 'min':
    case 'amin':
    case 'sum':
      return axisDropped(c) ? overStack(it, x, axisOf(arg(c, 1, 'axis')?.value), op === 'sum' ? 'sum' : /max/.test(op) ? 'max' : 'min') : undefined;
    // An accumulator's start (`preds = np.zeros((n, 1))` before `preds += model.predict(x) / k`).
    case 'zeros':
    case 'zeros_like':
      return zeros();
    // `np.empty((0, k))`, `np.array([])`: an empty start that batches are appended onto.
    case 'empty': {
      const shape = arg(c, 0, 'shape')?.value;
      return shape?.k === 'seq' && !shape.open && num(shape.items[0] ?? UNKNOWN) === 0 ? zeros() : undefined;
    }
    case 'append': {
      // `np.append(acc, model.predict(x), axis=0)`: the rows of both, as np.concatenate.
      const [a, b] = [x, arg(c, 1, 'values')?.value ?? UNKNOWN];
      return num(arg(c, 2, 'axis')?.value ?? UNKNOWN) === 0 ? gathered(it, 'numpy.concatenate', { ...c, args: { ...c.args, pos: [{ k: 'seq', kind: 'list', items: [a, b] }], kw: new Map() } }) : undefined;
    }
    case 'expand_dims':
      return num(arg(c, 1, 'axis')?.value ?? UNKNOWN) === 0 ? single(reshaped(x)) : reshaped(x);
    case 'array':
    case 'asarray':
    case 'copy':
      if (isEmptySeq(x)) return zeros();
      return same(x);
    // `np.atleast_2d(x[i])`: one sample given a batch axis of one (one already 2-D stays as it is).
    case 'atleast_2d':
      return x.k === 'tensor' && x.single ? single(reshaped(x)) : undefined;
    // `np.array_split(X, 8)`: runs of X's rows, each of X's rank (a batch, as X[i:i+8] is), when
    // the sections are a number written out (not len(X): pieces of one row each).
    case 'split':
    case 'array_split': {
      const sections = num(arg(c, 1, 'indices_or_sections')?.value ?? UNKNOWN);
      const axis = arg(c, 2, 'axis')?.value;
      if (sections === undefined || sections < 2 || (axis && num(axis) !== 0) || (x.k === 'tensor' && x.single) || (x.k !== 'tensor' && x.k !== 'unknown')) return undefined;
      return { k: 'modulelist', items: undefined, each: x.k === 'tensor' ? { k: 'tensor', ref: x.ref } : UNKNOWN };
    }
    case 'squeeze':
    case 'ravel':
      return reshaped(x);
    case 'reshape': {
      // np.reshape(img, (1, 28, 28)): a batch of one sample, as img.reshape(1, 28, 28) is.
      const shape = arg(c, 1, 'newshape')?.value ?? arg(c, 1, 'shape')?.value;
      return shape?.k === 'seq' && !shape.open && num(shape.items[0] ?? UNKNOWN) === 1 ? single(reshaped(x)) : reshaped(x);
    }
    case 'all':
    case 'any':
      checkedWhole(x); // np.all(pred == y): a check of the whole array
      return undefined;
    // `np.logical_and(p > 0.5, p <= 1.0)`: two bounds of a band.
    case 'logical_and':
    case 'logical_or':
      markBand(x, arg(c, 1)?.value ?? UNKNOWN);
      return undefined;
    case 'where': {
      return picks(arg(c, 0, 'condition')?.value ?? UNKNOWN, arg(c, 1, 'x')?.value, arg(c, 2, 'y')?.value);
    }
    case 'take_along_axis':
      indexesBack(x, arg(c, 1, 'indices')?.value);
      return takeAlongAxis(x, arg(c, 2, 'axis')?.value);
    default:
      return undefined;
  }
}

/** `np.random.randn(16, 8)`, `np.random.normal(0, 1, size=(16, 8))`: data of that shape (as
 *  torch.randn's), whose rows are samples; undefined for other functions or sizes not written. */
function randomData(fn: string, c: CallSite): PyValue | undefined {
  if (c.args.splat) return undefined;
  const dims = fn === 'randn' || fn === 'rand' ? (c.args.kw.size ? undefined : c.args.pos) : sizeOf(fn, c);
  // Rows of a table (one sample each) only: a row of (5, 10, 32) may be one sample or a batch of 10.
  return dims && dims.length <= 2 ? dataOfShape(dims) : undefined;
}

function sizeOf(fn: string, c: CallSite): PyValue[] | undefined {
  const at = SIZE_AT[fn];
  const size = at === undefined ? undefined : arg(c, at, 'size')?.value;
  return !size ? undefined : size.k === 'seq' && !size.open ? size.items : [size];
}
const SIZE_AT: Record<string, number> = { random: 0, random_sample: 0, sample: 0, ranf: 0, standard_normal: 0, normal: 2, uniform: 2 };

/** `np.mean([m.predict(x) for m in models], axis=0)`: an ensemble's mean of predictions. */
function listMean(it: Interp, list: Extract<PyValue, { k: 'seq' }>): PyValue | undefined {
  const items = list.open ? (list.each && !list.items.length && !list.tail?.length ? [list.each] : undefined) : list.items;
  return items ? ensembleMean(it, items) : undefined;
}

/** A reduction written `(a, axis)` without keepdims (nor arguments past the axis we do not read). */
function axisDropped(c: CallSite): boolean {
  return !c.args.splat && c.args.pos.length <= 2 && !axisKept(c.args.kw.get('keepdims'));
}
