// Arithmetic that keeps what predictions are: a sum of logits is logits (a wide part plus a deep
// part, a linear term plus an FM term, logits plus a learned bias), logits scaled by a positive number are logits (their sign,
// the decision, is kept), and the mean of n predictions of one kind, written `(a + b) / 2`, is that
// kind (test-time augmentation, a hand-written ensemble); probabilities mapped by numbers into
// [0, 1] (`p * 0.98 + 0.01`) are probabilities. Anything else is unknown (ops.ts).
import { UNKNOWN_FACTS, type TensorFacts, type TensorRef } from '../core/facts';
import { PyValue, derive, isZeroStart, num } from './values';
import { joinFacts } from './joins';

type Tensor = Extract<PyValue, { k: 'tensor' }>;

/** `z.sum(dim)` (`keep`: keepdim) of facts `f`: a sum of logits over an axis (an FM model's
 *  first-order terms, `emb(x).sum(1)`) is logits, its width known only where the axis is not the
 *  last (at a known rank) or is kept; anything else unknown. */
export function axisSum(f: TensorFacts, dim: number, keep: boolean): TensorFacts {
  if (f.act !== 'logits' || !f.pred) return { ...UNKNOWN_FACTS, pred: f.pred };
  const r = f.rank;
  const at = dim < 0 && r !== undefined ? dim + r : dim;
  const last = dim === -1 || (r !== undefined && at === r - 1);
  const width = keep && last ? 1 : r !== undefined && at >= 0 && at < r - 1 ? f.width : undefined;
  return { ...f, width, widthSite: width === undefined ? undefined : f.widthSite, rank: r === undefined || keep ? r : r - 1, minRank: undefined, rankCell: undefined, modelOutput: false, channels: undefined, channelsSite: undefined };
}

/** `exact`: the number is the one written (not a stand-in for a count, operators.ts). */
export function arithmetic(op: string | undefined, a: PyValue, b: PyValue, exact = true): PyValue | undefined {
  const lin = exact ? affineStep(op, a, b) : undefined;
  const kept = known(op, a, b);
  if (!lin) return kept;
  // What `kept` says (scaled logits), or unknown values (operators.ts); for probabilities, what the
  // map keeps of them.
  const t = (a.k === 'tensor' ? a : b) as Tensor;
  const other = kept?.k === 'tensor' ? kept.ref : derive(() => ({ ...UNKNOWN_FACTS, pred: t.ref.get().pred }), t.ref);
  const out: Tensor = { ...(kept?.k === 'tensor' ? kept : { k: 'tensor' }), ref: derive(() => affineFacts(lin) ?? other.get(), other, lin.of) };
  affineOf.set(out.ref, lin);
  return out;
}

function known(op: string | undefined, a: PyValue, b: PyValue): PyValue | undefined {
  // Added to zeros (`acc = 0` or `np.zeros(n)`, then `acc += model(x)`): what was added.
  if (op === '+' && isZeroStart(a) && b.k === 'tensor') return restarted(b);
  if (op === '+' && isZeroStart(b) && a.k === 'tensor') return restarted(a);
  if (op === '+' && a.k === 'tensor' && b.k === 'tensor') return sum(a, b);
  // `self.lin(x) + self.bias` with `self.bias = nn.Parameter(...)`: a learned offset is part of the logit.
  if ((op === '+' || op === '-') && a.k === 'tensor' && learned(b)) return scaled(a, false);
  if (op === '+' && b.k === 'tensor' && learned(a)) return scaled(b, false);
  if (op === '@' && b.k === 'tensor') return mixed(a, b);
  const n = a.k === 'tensor' ? num(b) : num(a);
  if (n === undefined || !(n > 0)) return undefined;
  if (a.k === 'tensor' && op === '/' && a.terms?.length === n) return mean(a.terms, sources(a));
  const t = a.k === 'tensor' ? a : b.k === 'tensor' ? b : undefined;
  if (t && (op === '*' || (op === '/' && t === a))) return scaled(t, n !== 1);
}

/** A tensor as the first term of a sum (its terms kept for a mean); no longer a model's output as such. */
function restarted(t: Tensor): PyValue {
  const ref = t.ref;
  return { k: 'tensor', ref: derive(() => ({ ...ref.get(), modelOutput: false }), ref), terms: t.terms ?? [ref], from: sources(t) };
}

/** Its terms kept for a mean; known only as the sum of logits. */
function sum(a: Tensor, b: Tensor): PyValue {
  const terms = [...(a.terms ?? [a.ref]), ...(b.terms ?? [b.ref])];
  const ref = derive(() => {
    const f = joined(terms);
    return f.act === 'logits' ? f : { ...UNKNOWN_FACTS, pred: f.pred };
  }, ...terms);
  return { k: 'tensor', ref, terms, from: [...sources(a), ...sources(b)] };
}

function mean(terms: TensorRef[], from: TensorRef[] = terms): PyValue {
  return { k: 'tensor', ref: derive(() => joined(terms), ...terms), from };
}

/** `adj @ self.gc2(x)` (a graph convolution's last step), `torch.mm(adj, h)`: rows of logits mixed
 *  by data (a matrix that is no prediction) are still raw scores of that width; mixed by another
 *  prediction (`u @ v.T`), or anything but logits, unknown. */
function mixed(a: PyValue, b: Tensor): PyValue {
  const refs = [...(a.k === 'tensor' ? [a.ref] : []), b.ref];
  return { k: 'tensor', ref: derive(() => {
    const f = b.ref.get();
    if ((a.k === 'tensor' && a.ref.get().pred) || f.act !== 'logits') return { ...UNKNOWN_FACTS, pred: f.pred };
    return { ...f, modelOutput: false, scaled: true };
  }, ...refs) };
}

/** The values a tensor was computed from by arithmetic, or itself. */
const sources = (t: Tensor): TensorRef[] => t.from ?? [t.ref];

function scaled(t: Tensor, changed: boolean): PyValue {
  const ref = t.ref;
  return { k: 'tensor', from: sources(t), ref: derive(() => {
    const f = ref.get();
    return f.act === 'logits' ? { ...f, modelOutput: false, ...(changed || f.scaled ? { scaled: true } : {}) } : { ...UNKNOWN_FACTS, pred: f.pred };
  }, ref) };
}

/** What every term is (joinFacts: one activation written in several places stays known, with all
 *  of them, so that no fix edits one only); no longer a model's output as such. */
function joined(terms: TensorRef[]): TensorFacts {
  const f = terms.map((r) => r.get()).reduce((x, y) => joinFacts(x, y));
  return { ...f, modelOutput: false };
}

/** `scale * p + offset`: the values of `of` mapped by numbers (kept per result, composed step by step:
 *  `(p + 0.01) / 1.02`). */
interface Affine { of: TensorRef; scale: number; offset: number }
const affineOf = new WeakMap<TensorRef, Affine>();

/** One step of an affine map: a tensor and a number under + - * /. */
function affineStep(op: string | undefined, a: PyValue, b: PyValue): Affine | undefined {
  const [t, n, left] = a.k === 'tensor' ? [a, num(b), true] : b.k === 'tensor' ? [b, num(a), false] : [undefined, undefined, false];
  if (!t || n === undefined || !Number.isFinite(n)) return undefined;
  const m = affineOf.get(t.ref) ?? { of: t.ref, scale: 1, offset: 0 };
  const at = (scale: number, offset: number): Affine => ({ of: m.of, scale, offset });
  if (op === '*') return at(m.scale * n, m.offset * n);
  if (op === '/') return left && n !== 0 ? at(m.scale / n, m.offset / n) : undefined;
  if (op === '+') return at(m.scale, m.offset + n);
  if (op === '-') return left ? at(m.scale, m.offset - n) : at(-m.scale, n - m.offset);
  return undefined;
}

const EPS = 1e-12;

/** Probabilities under an increasing map that keeps [0, 1] inside [0, 1] are probabilities (the
 *  same order, so the same argmax; still no logits for a loss that applies the activation). */
function affineFacts(m: Affine): TensorFacts | undefined {
  const f = m.of.get();
  if ((f.act !== 'sigmoid' && f.act !== 'softmax') || !f.actSite || !(m.scale > 0)) return undefined;
  if (m.offset < -EPS || m.scale + m.offset > 1 + EPS) return undefined;
  const same = Math.abs(m.scale - 1) < EPS && Math.abs(m.offset) < EPS;
  return { ...f, modelOutput: false, ...(same ? {} : { remapped: true }) };
}

/** An `nn.Parameter(...)` (a layer object the analysis does not model, by that name). */
function learned(v: PyValue): boolean {
  return v.k === 'layer' && v.layer.type === 'unknown' && v.layer.name === 'Parameter';
}

/** Keras' `layers.Add()([wide, deep])`, `layers.average([...])`, `tf.add(a, b)`: the sum or the
 *  mean of known tensors, as `a + b` and `(a + b) / 2` are; `Concatenate()`: side by side. */
export function merged(kind: 'sum' | 'mean' | 'concat', items: PyValue[]): PyValue | undefined {
  if (items.length < 2 || items.some((v) => v.k !== 'tensor')) return undefined;
  const ts = items as Tensor[];
  // `layers.Concatenate()([a, b])`: side by side, each what it was (two sigmoid heads: sigmoid
  // values, from both activations); no one layer sets the width.
  // (Softmax heads side by side are no softmax over the whole: each sums to 1.)
  if (kind === 'concat') {
    const refs = ts.map((t) => t.ref);
    return { k: 'tensor', ref: derive(() => {
      const f = joined(refs);
      return f.act === 'sigmoid' || f.act === 'logits' ? { ...f, width: undefined, widthSite: undefined } : { ...UNKNOWN_FACTS, pred: f.pred };
    }, ...refs) };
  }
  return kind === 'mean' ? mean(ts.flatMap((t) => t.terms ?? [t.ref]), ts.flatMap(sources)) : ts.slice(1).reduce<PyValue>((acc, t) => sum(acc as Tensor, t), ts[0]);
}
