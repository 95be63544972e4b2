// Spellings of "one sample at a time" beyond x[None] and x.unsqueeze(0) (round 46): torch's narrow
// and index_select of one row, a `slice()` object of one row, and Keras' predict of one step of an
// iterator of batches of one.
// Each gives what argmax without an axis needs to know: the output it is taken of has one row.
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN_FACTS, type TensorRef } from '../core/facts';
import { PyValue, UNKNOWN, num, oneSampleBatches, single, tensor } from './values';
import type { CallSite } from './evaluator';
import { arg } from './evaluator';

/** `x.narrow(0, i, 1)`, `torch.narrow(x, 0, i, 1)`: one row of axis 0. */
export function narrowsToOne(c: CallSite, first: number): boolean {
  const dim = arg(c, first, 'dim')?.value;
  const length = arg(c, first + 2, 'length')?.value;
  return !!dim && !!length && num(dim) === 0 && num(length) === 1;
}

/** `torch.index_select(x, 0, torch.tensor([i]))`, `x.index_select(0, torch.LongTensor([i]))`:
 *  the rows of a list of one index written out. */
export function selectsOne(c: CallSite, first: number): boolean {
  const dim = arg(c, first, 'dim')?.value;
  const index = arg(c, first + 1, 'index')?.node;
  if (!dim || num(dim) !== 0 || index?.type !== 'call') return false;
  const made = index.childForFieldName('function')?.text ?? '';
  const list = index.childForFieldName('arguments')?.namedChildren[0];
  return /^torch\.(?:tensor|as_tensor|(?:Long|Int)Tensor)$/.test(made) && list?.type === 'list' && list.namedChildren.length === 1 && list.namedChildren[0]?.type !== 'list';
}

/** `x[slice(i, i + 1)]`, `x[slice(0, 1)]`, `x[slice(1)]`: the slice object of one row, written as
 *  `i:i+1` would be (`oneRowSlice` reads that text). undefined: no such call. */
export function sliceCallText(n: Node): string | undefined {
  if (n.type !== 'call' || n.childForFieldName('function')?.text !== 'slice') return undefined;
  const args = n.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.some((a) => a?.type === 'keyword_argument' || a?.type === 'list_splat')) return undefined;
  if (args.length === 1) return `:${args[0]!.text}`;
  return args.length === 2 ? `${args[0]!.text}:${args[1]!.text}` : undefined;
}

/** Keras' `model.predict(gen, steps=1)` of an iterator of batches of one: the output of one batch,
 *  a batch of one (every step's otherwise, concatenated). Its input so read; `x` as it is else. */
export function oneStepInput(x: PyValue | undefined, c: CallSite, method: string): PyValue | undefined {
  if (!x || !oneSampleBatches.has(x) || (method !== 'predict' && method !== 'predict_generator')) return x;
  // (predict(x, batch_size, verbose, steps), predict_generator(generator, steps).)
  const steps = arg(c, method === 'predict' ? 3 : 1, 'steps')?.value;
  return steps && num(steps) === 1 ? single(tensor({ ...UNKNOWN_FACTS, role: 'data' })) : x;
}

/** `(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()` (and the other image
 *  sets): arrays of samples along axis 0, so `x_test[0]` is one image (ops.ts iteratedRow), however
 *  it is then reshaped (`x_test[0].reshape(-1, 28, 28, 1)`: -1 is 1); the labels are left unknown. */
export function imageDataset(): PyValue {
  const split = (): PyValue => {
    const images = tensor({ ...UNKNOWN_FACTS, role: 'data' });
    if (images.k === 'tensor') sampleArrays.add(images.ref);
    return { k: 'seq', kind: 'tuple', items: [images, UNKNOWN] };
  };
  return { k: 'seq', kind: 'tuple', items: [split(), split()] };
}

/** Arrays known to hold samples along axis 0, as loaded or scaled by a number (`x_test / 255.0`;
 *  astype and slices keep the same array): facts of the scaled one are computed lazily, too late. */
const sampleArrays = new WeakSet<TensorRef>();

export function holdsSamples(v: PyValue): boolean {
  return v.k === 'tensor' && sampleArrays.has(v.ref);
}

/** `out` of arithmetic on `ins`: still samples where one is and the others are numbers. */
export function samplesKept(out: PyValue, ...ins: PyValue[]): PyValue {
  if (out.k === 'tensor' && ins.some(holdsSamples) && ins.every((v) => holdsSamples(v) || (v.k === 'const' && typeof v.v === 'number'))) sampleArrays.add(out.ref);
  return out;
}

/** Data made with a shape written out (`torch.randn(100, 20)`, `np.random.randn(16, 8)`): of that
 *  rank, its last axis as wide as written; a leading 1 makes it a batch of one. Its rows counted. */
export function dataOfShape(dims: PyValue[], unpacked = false): PyValue {
  const sizes = dims.map(num);
  const rank = !unpacked && dims.length > 0 && sizes.every((d) => d !== undefined) ? dims.length : undefined;
  const t = tensor({ ...UNKNOWN_FACTS, role: 'data', rank, width: rank ? sizes[rank - 1] : undefined });
  if (rank && t.k === 'tensor') rowCounts.set(t.ref, sizes[0]!);
  return rank && rank > 1 && sizes[0] === 1 ? single(t) : t;
}

/** How many rows (axis 0) data made so holds. */
const rowCounts = new WeakMap<TensorRef, number>();

/** `x.chunk(n)` of data of at most n rows: pieces of one row each. */
export function chunksOfOne(x: PyValue, chunks: PyValue | undefined): boolean {
  const [rows, n] = [x.k === 'tensor' ? rowCounts.get(x.ref) : undefined, chunks && num(chunks)];
  return rows !== undefined && n !== undefined && rows > 1 && n >= rows;
}

export const IMAGE_DATASETS = /^keras\.datasets\.(?:mnist|fashion_mnist|cifar10|cifar100)\.load_data$/;
