// Reorderings of a tensor's axes (`transpose`, `permute`, `swapaxes`, `movedim`, `.t()`, `.T`, `.mT`):
// the same values, but a softmax's axis (the last) may no longer be where a loss reads the classes.
import type { TensorFacts } from '../core/facts';
import { PyValue, mapRef, num } from './values';
import type { CallSite } from './evaluator';
import { reshaped } from './ops';
import { carryDecision } from './argmax-uses';

/** Reorderings of axes (torch's, numpy's). */
export const AXIS_ORDERS = new Set(['t', 'permute', 'transpose', 'swapaxes', 'swapdims', 'movedim', 'moveaxis']);

/** The axes a call names: its numbers after `first`, or the one list or tuple there. */
export function axesGiven(c: CallSite, first: number): Array<number | undefined> {
  const one = c.args.pos.length === first + 1 ? c.args.pos[first] : undefined;
  return (one?.k === 'seq' ? one.items : c.args.pos.slice(first)).map((d) => num(d));
}

/** `x` with its axes reordered by `op` over `dims` (`transpose(0, 1)`, `permute(0, 2, 1)`, `.mT`): the
 *  same values; read lazily (the rank is known only once the model is), the classes' axis moved off
 *  the last where lastAxisAfter says so, the rank kept where the last axis stays. */
export function axesReordered(x: Extract<PyValue, { k: 'tensor' }>, op: string, dims: Array<number | undefined>): PyValue {
  // (Axes named by number have a tensor at least that big: `transpose(1, 2)` is of rank 3 or more.)
  const named = dims.length > 0 && dims.every((d) => d !== undefined && d >= 0);
  const where = (f: TensorFacts) => {
    const least = named ? Math.max(f.minRank ?? 0, ...(dims as number[]).map((d) => d + 1)) : f.minRank ?? 0;
    if (f.rank !== undefined || least < 3 || !named) return lastAxisAfter(op, f.rank, dims);
    // A sequence of a rank we know only the least of ((N, T, C) or more): where it goes at that
    // rank and at one where none of the axes named is the last; moved only if either says so.
    const at = [least, Math.max(least, ...(dims as number[]).map((d) => d + 2))].map((r) => lastAxisAfter(op, r, dims));
    return at.includes('moved') ? 'moved' : 'one';
  };
  // A softmax over axis 1 (channels first, TensorFacts.softmaxAtOne): where that axis goes, at a
  // rank the call or the facts say; taken last (`permute(0, 2, 3, 1)` of a segmentation's (N, C, H,
  // W)), it is a softmax over the last axis, as any other before a reshape into a loss.
  const oneTo = (f: TensorFacts) => axisOneAfter(op, rankFor(f), dims);
  const rankFor = (f: TensorFacts) => f.rank ?? convolved(f) ?? (op === 'permute' || (op === 'transpose' && dims.length > 2) ? dims.length : undefined);
  const moved = (f: TensorFacts): TensorFacts => {
    if (!f.softmaxAtOne) return where(f) === 'moved' ? { ...f, classesMoved: true } : f;
    const to = oneTo(f);
    return to === 'last' ? { ...f, softmaxAtOne: undefined } : to === 'one' ? f : { ...f, classesMoved: true };
  };
  const t = reshaped({ ...x, ref: mapRef(x.ref, moved) });
  carryDecision(x, t);
  if (t.k === 'tensor') {
    const ref = t.ref;
    t.ref = mapRef(ref, (g) => {
      const f = x.ref.get();
      // (Reordered, its axes are as many: its rank cell kept.)
      const h = { ...g, rankCell: f.rankCell };
      if (f.softmaxAtOne) return oneTo(f) === 'last' ? { ...h, rank: rankFor(f) } : h;
      return where(f) === 'last' ? { ...h, rank: f.rank } : h;
    });
  }
  return t;
}

/** The rank of a convolution's output as the model gives it (nothing reshaped it: its channels are
 *  still known), that of its batched input. */
function convolved(f: TensorFacts): number | undefined {
  return f.channels !== undefined && f.channelsAxis === undefined ? f.channelsRank : undefined;
}

/** Where a reordering of axes puts axis 1 of a tensor of rank `rank` (3 or more), as lastAxisAfter
 *  says of the last: 'moved' where we cannot tell. */
export function axisOneAfter(op: string, rank: number | undefined, dims: Array<number | undefined>): 'last' | 'one' | 'moved' {
  if (rank === undefined || rank < 3 || dims.some((d) => d === undefined)) return 'moved';
  const at = (d: number) => (d < 0 ? d + rank : d);
  const verdict = (to: number) => (to === rank - 1 ? 'last' : to === 1 ? 'one' : 'moved');
  const ds = (dims as number[]).map(at);
  if (op === 'permute' || (op === 'transpose' && ds.length !== 2)) return ds.length === rank ? verdict(ds.indexOf(1)) : 'moved';
  if (ds.length !== 2) return 'moved';
  const [a, b] = ds;
  if (op === 'movedim' || op === 'moveaxis') {
    const order = [...Array(rank).keys()].filter((i) => i !== a);
    order.splice(b, 0, a);
    return verdict(order.indexOf(1));
  }
  if (op === 'transpose' || op === 'swapaxes' || op === 'swapdims') return verdict(a === 1 ? b : b === 1 ? a : 1);
  return 'moved';
}

/** Where a reordering of axes puts a tensor's last axis (a softmax's): 'last' (still last), 'one'
 *  (axis 1 of a tensor of rank 3 or more, what PyTorch's losses read as the classes) or 'moved'
 *  (elsewhere, or we cannot tell: of a rank we do not know, `transpose(0, 1)` of a matrix moves it).
 *  `dims` are the call's axes (undefined where one is not a number we know). */
export function lastAxisAfter(op: string, rank: number | undefined, dims: Array<number | undefined>): 'last' | 'one' | 'moved' {
  if (dims.some((d) => d === undefined)) return 'moved';
  const [a, b] = dims as number[];
  const at = (d: number, r: number | undefined) => (d < 0 && r !== undefined ? d + r : d);
  const verdict = (to: number | undefined, r: number | undefined): 'last' | 'one' | 'moved' =>
    to === -1 || (r !== undefined && to === r - 1) ? 'last' : to === 1 && (r === undefined || r >= 3) ? 'one' : 'moved';
  // `.t()`, `.T`, numpy's `transpose()`: reversed (a matrix's last axis goes first).
  if (op === 't' || op === 'T' || (op === 'transpose' && dims.length === 0)) return rank === 1 ? 'last' : 'moved';
  if (op === 'mT' || op === 'mH' || op === 'H') return lastAxisAfter('transpose', rank, [-2, -1]);
  // `permute(0, 2, 1)`, numpy's `transpose(axes)`: the rank is the count of axes given.
  if (op === 'permute' || (op === 'transpose' && dims.length !== 2)) {
    const r = dims.length;
    return verdict(dims.findIndex((d) => at(d!, r) === r - 1), r);
  }
  if (dims.length !== 2) return 'moved';
  if (op === 'movedim' || op === 'moveaxis') {
    const [s, d] = [at(a, rank), at(b, rank)];
    if (s === -1 || (rank !== undefined && s === rank - 1)) return verdict(d, rank);
    if (rank === undefined) return 'moved';
    const order = [...Array(rank).keys()].filter((i) => i !== s);
    order.splice(d, 0, s);
    return verdict(order.indexOf(rank - 1), rank);
  }
  // A swap of two axes (`transpose(a, b)`, `swapaxes`, `swapdims`).
  const [x, y] = [at(a, rank), at(b, rank)];
  const last = (d: number) => d === -1 || (rank !== undefined && d === rank - 1);
  if (last(x)) return verdict(y, rank);
  if (last(y)) return verdict(x, rank);
  // Neither is the last: it stays, unless one may be it at a rank we do not know.
  return rank !== undefined || (x < 0 && y < 0) ? 'last' : 'moved';
}
