// Whether a value is a NumPy array or a framework's tensor, where the code shows it: what a model
// call gives (a PyTorch or TensorFlow tensor), and what turns it into an array (`.numpy()`,
// `np.array(...)`, `np.concatenate(...)`, Keras' predict, what a Hugging Face Trainer hands
// compute_metrics). A rewrite of a decision is written for the value it reads (argmax's threshold:
// NumPy arrays have no `.long()`, tensors no `.astype`). Marks go with copies (`.cpu()`, `.detach()`
// give the same value); anything computed from a value is of a kind not known.
import { carriedByCopies, copyOf, type PyValue } from './values';

export type Holder = 'numpy' | 'torch' | 'tf';

const holders = carriedByCopies(new WeakMap<PyValue, Holder>());

export function holderOf(v: PyValue | undefined): Holder | undefined {
  return v ? holders.get(v) : undefined;
}

/** `v` (a model call's result) as the framework's tensor. */
export function asTensorOf(v: PyValue, framework: 'pytorch' | 'keras' | string | undefined): PyValue {
  if (v.k === 'tensor' && (framework === 'pytorch' || framework === 'keras') && !holders.has(v)) holders.set(v, framework === 'pytorch' ? 'torch' : 'tf');
  return v;
}

/** `v` turned into a NumPy array (a copy: the tensor it came from stays one). */
export function asArray(v: PyValue): PyValue {
  if (v.k !== 'tensor') return v;
  const copy = copyOf(v);
  holders.set(copy, 'numpy');
  return copy;
}

/** NumPy functions whose result is an ndarray whatever they are given. */
const ARRAY_MAKERS = /^numpy\.(?:array|asarray|asanyarray|concatenate|vstack|hstack|row_stack|stack|append)$/;

/** What the API function `name` gave, as an array when it makes one. */
export function madeArray<V extends PyValue | undefined>(name: string, v: V): V {
  return v && ARRAY_MAKERS.test(name) ? (asArray(v) as V) : v;
}
