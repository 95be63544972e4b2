// The join of values that several writes or branches give a name: what they agree on survives.
import { TensorRef, UNKNOWN, Value } from './values';
import { unionOf } from '../core/model-union';

/** The join of two values: equal ones survive, models join into a union of models (what all
 *  share survives), anything else is unknown. */
export function same(a: Value, b: Value): Value {
  if (a === b) return a;
  if (a.k === 'num' && b.k === 'num' && a.v === b.v) return a;
  if (a.k === 'str' && b.k === 'str' && a.v === b.v) return a;
  if (a.k === 'tf' && b.k === 'tf' && a.path === b.path) return a;
  if (a.k === 'model' && b.k === 'model') return a.model === b.model ? a : { k: 'model', model: unionOf(a.model, b.model) };
  if (a.k === 'layer' && b.k === 'layer' && a.layer === b.layer) return a;
  if (a.k === 'module' && b.k === 'module' && a.file === b.file) return a;
  if (a.k === 'fn' && b.k === 'fn' && a.decl === b.decl) return a;
  // Two instances of a class given different arguments: its fields set from them are unknown.
  if (a.k === 'instance' && b.k === 'instance' && a.decl === b.decl) return a.args === b.args ? a : { k: 'instance', decl: a.decl };
  if ((a.k === 'tensor' && b.k === 'tensor') || (a.k === 'data' && b.k === 'data')) {
    // Two tensors agree when their facts do (e.g. both branches return the same model's output).
    const ta = a.t;
    const tb = (b as { t: TensorRef }).t;
    if (ta === tb) return a;
    const merged = new TensorRef(() => {
      const fa = ta.get();
      const fb = tb.get();
      return fa.act === fb.act && fa.width === fb.width && fa.model === fb.model ? fa : { act: 'unknown', pred: fa.pred && fb.pred, modelOutput: false };
    });
    const bd = b as Extract<Value, { k: 'data' }>;
    return a.k === 'tensor' ? { k: 'tensor', t: merged } : { k: 'data', t: merged, elem: a.elem && bd.elem, ...(a.flat && bd.flat ? { flat: true } : {}) };
  }
  return UNKNOWN;
}

/** Any one element of a closed array: the join of its items (unknown for an open or empty one). */
export function anyElement(v: Value): Value {
  if (v.k !== 'arr' || v.open || v.items.length === 0) return UNKNOWN;
  return v.items.reduce((acc, x) => same(acc, x));
}
