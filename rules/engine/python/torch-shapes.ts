// PyTorch's (and NumPy's) shape ops on a prediction: squeeze/unsqueeze/view/reshape, expand/repeat,
// and the axis orders (transpose, permute, ...): the same values, another shape; one sample stays
// one where the op keeps a leading 1. Split from torch.ts (tensorOp asks here first for these).
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { PyValue, UNKNOWN, num, refOf, single, derive } from './values';
import { axisOf, classesMoved, reshaped, batchOfOneSqueezed } from './ops';
import { AXIS_ORDERS, axesGiven, axesReordered } from './axis-order';
import { oneLayerStates, sequencePooled } from './pooling';
import { narrowsToOne, selectsOne } from './one-sample';

export const RESHAPE_METHODS = new Set(['squeeze', 'unsqueeze', 'view', 'reshape', 'flatten', 'ravel', 'view_as', 'reshape_as', 'expand_as', 'permute', 'transpose', 'swapaxes', 'swapdims', 'movedim', 'moveaxis', 'expand', 'repeat']);

/** A shape op on `x` (as torch.ts tensorOp calls it: argument `first` is the first after x), or undefined. */
export function shapeOp(it: Interp, op: string, x: PyValue, c: CallSite, first: number, form: 'function' | 'method'): PyValue | undefined {
  const dimArg = () => axisOf(arg(c, first, 'dim')?.value ?? arg(c, first, 'axis')?.value);
  switch (op) {
    case 'squeeze': {
      // Kept to see whether class scores are made of it (Interp.finish: scoresItems).
      const d = dimArg();
      // `model(img[None]).squeeze(0)`: the one sample of a batch of one, as `[0]` takes it.
      if (d === 0 && x.k === 'tensor' && x.single && !oneLayerStates.has(x.ref)) return batchOfOneSqueezed(x);
      const out = d === 0 && x.k === 'tensor' && oneLayerStates.has(x.ref) ? sequencePooled(x, d, reshaped(x)) : reshaped(x);
      // The last axis named (`squeeze(-1)`): a bare `squeeze()` is also the beginner's [batch] of a binary head.
      if (out.k === 'tensor' && d === -1) it.lastAxisSqueezes.set(out.ref, refOf(x));
      return out;
    }
    // (`x.unsqueeze_(0)` in place: the name holds the result, assign.ts writtenInPlace.)
    case 'unsqueeze_':
    case 'unsqueeze':
      return num(arg(c, first, 'dim')?.value ?? UNKNOWN) === 0 ? single(reshaped(x)) : reshaped(x);
    case 'view':
    case 'reshape':
      if (leadingOne(c, first)) return single(reshaped(x, c.args.pos.length - first === 2 ? 2 : undefined));
      return oneUnitKept(x, c, reshaped(x, form === 'method' && !c.args.splat && c.args.pos.length > 0 && c.args.pos[0].k !== 'seq' ? c.args.pos.length : undefined));
    default:
      // `x[i].expand(1, -1)`: a leading 1 (a new axis, or one already 1); `x.narrow(0, i, 1)`,
      // `torch.index_select(x, 0, torch.tensor([i]))`: one row. A batch of one each.
      if ((op === 'expand' && leadingOne(c, first)) || (op === 'narrow' && narrowsToOne(c, first)) || (op === 'index_select' && selectsOne(c, first))) return single(reshaped(x));
      return undefined;
  }
}

/** After the selections (torch.ts): copies along the batch, axis orders, other reshapes. */
export function laterShapeOp(op: string, x: PyValue, c: CallSite, first: number): PyValue | undefined {
  // `t.repeat(8, 1)`, `x.expand(4, -1)`: copies along the batch too, so no longer one sample.
  if (op === 'repeat' || op === 'expand' || op === 'tile') return reshaped(x.k === 'tensor' ? { ...x, single: false } : x);
  // `probs.t()`, `transpose(0, 1)` / `permute(1, 0)` of a matrix: a softmax over its classes now
  // runs down another axis, which no loss or decision reads as the classes (a sigmoid's values
  // stay what they are, each alone); so where we cannot tell where its axis went. Still last, or
  // moved to axis 1 (a sequence's (N, T, C) to (N, C, T)): what a loss reads as the classes.
  if (x.k === 'tensor' && AXIS_ORDERS.has(op)) return c.args.kw.size || c.args.splat ? classesMoved(x) : axesReordered(x, op, axesGiven(c, first));
  if (RESHAPE_METHODS.has(op)) return reshaped(x);
  return undefined;
}

/** `x.view(1, -1)`, `x.reshape(1, 28 * 28)`, `torch.reshape(x, (1, -1))`: a leading 1. */
function leadingOne(c: CallSite, first: number): boolean {
  const a = c.args.pos[first];
  if (a?.k === 'seq' && !a.open) return num(a.items[0] ?? UNKNOWN) === 1;
  // `x.reshape((1,) + x.shape)` (Chollet's idiom): a one-sample batch of x.
  if (/^\(\s*1\s*,\s*\)\s*\+/.test(c.args.posNodes[first]?.text ?? '')) return true;
  // `img.reshape(1, 28, 28)`, `img.reshape(1, *img.shape)`.
  return !!a && num(a) === 1 && (c.args.pos.length > first + 1 || c.args.splat);
}

/** `out.view(-1, 1)` of a one-unit output: still one unit, at the same layer. */
function oneUnitKept(x: PyValue, c: CallSite, out: PyValue): PyValue {
  const dims = c.args.pos.length === 1 && c.args.pos[0].k === 'seq' ? c.args.pos[0].items : c.args.pos;
  if (x.k !== 'tensor' || out.k !== 'tensor' || c.args.splat || dims.length !== 2 || num(dims[1]) !== 1) return out;
  const from = x.ref;
  return { ...out, ref: derive(() => {
    const f = from.get();
    return f.width === 1 ? { ...out.ref.get(), width: 1, widthSite: f.widthSite, rank: 2 } : out.ref.get();
  }, from, out.ref) };
}

