// Arithmetic that keeps what predictions are: a sum of logits is logits (a wide part plus a deep
// part, a linear term plus an FM term, logits plus a learned bias), logits scaled by a positive number are logits (their sign,
// the decision, is kept), and the mean of n predictions of one kind, written `(a + b) / 2`, is that
// kind (test-time augmentation, a hand-written ensemble). Anything else is unknown (ops.ts).
import { UNKNOWN_FACTS, type TensorFacts, type TensorRef } from '../core/facts';
import { PyValue, derive, isZeroStart, num } from './values';
import { joinFacts } from './joins';

type Tensor = Extract<PyValue, { k: 'tensor' }>;

export function arithmetic(op: string | undefined, a: PyValue, b: PyValue): PyValue | undefined {
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
