// Objects of installed libraries held as unknown values, of which a few methods are modelled (a
// Hugging Face Trainer's predict, a skorch net's forward / infer). Each is an unknown value of its
// own, so that everything else about it stays exactly as unknown as before; a method we cannot
// answer for (undefined) is the unknown call it was.
import type { PyValue, PyObject } from './values';
import type { Interp, CallSite } from './evaluator';

/** What method `name` returns for the call `c`; undefined: not known. */
export type LibraryMethods = (it: Interp, name: string, c: CallSite) => PyValue | undefined;

interface Library {
  names: ReadonlySet<string>;
  call: LibraryMethods;
}

const objects = new WeakMap<object, Library>();
const boundMethods = new WeakMap<object, { name: string; lib: Library }>();

/** A new unknown value whose methods `names` are answered by `call`. */
export function libraryObject(names: readonly string[], call: LibraryMethods): PyValue {
  const v: PyValue = { k: 'unknown' };
  objects.set(v, { names: new Set(names), call });
  return v;
}

/** The same for an instance of the code's own subclass of a library class (`class MyTrainer(Trainer)`),
 *  for the methods it does not define. */
export function libraryInstance(obj: PyObject, names: readonly string[], call: LibraryMethods): void {
  objects.set(obj, { names: new Set(names), call });
}

/** `obj.name` of such a value: a bound method, itself unknown (undefined: not one we model). */
export function libraryAttribute(obj: PyValue, name: string): PyValue | undefined {
  const lib = objects.get(obj);
  if (!lib?.names.has(name)) return undefined;
  const m: PyValue = { k: 'unknown' };
  boundMethods.set(m, { name, lib });
  return m;
}

/** The call of a bound method made above, of method `name` of an instance registered, or of such a
 *  value itself. */
export function libraryCall(it: Interp, callee: PyValue | PyObject, c: CallSite, name?: string): PyValue | undefined {
  const bound = boundMethods.get(callee);
  if (bound) return bound.lib.call(it, bound.name, c);
  // (The object itself called, `tok(text)`: its `__call__`.)
  const method = name ?? '__call__';
  const lib = objects.get(callee);
  return lib?.names.has(method) ? lib.call(it, method, c) : undefined;
}

const plain = new WeakMap<PyValue, 'device' | 'other'>();

/** An object we know nothing of but that it is no module (`torch.device("cpu")`, `x.device`,
 *  `x.shape`): set on a module, it is a plain attribute, not one of its items. */
export function plainObject(kind: 'device' | 'other'): PyValue {
  const v: PyValue = { k: 'unknown' };
  plain.set(v, kind);
  return v;
}

/** `torch.device(...)`, `x.device`: a device (`y.to(device)` keeps y's dtype). */
export function isDevice(v: PyValue): boolean {
  return plain.get(v) === 'device';
}

/** Whether `v` may be a module, which nn.Module.__setattr__ registers among a container's items
 *  (a tensor, a number, a list or dict, a function or class of ours is a plain attribute; a
 *  library's name may be an object of any kind). */
export function mayBeModule(v: PyValue): boolean {
  if (v.k === 'unknown') return !plain.has(v);
  return !['const', 'none', 'tensor', 'maxpair', 'seq', 'dict', 'function', 'class', 'module'].includes(v.k);
}
