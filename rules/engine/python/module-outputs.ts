// What calling a model made of a user class gives: its forward's output as that model's (each output
// of a tuple or dict too), what a module with no layer computes (no prediction), or the output of
// the one model a holder returns as it is.
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN_FACTS } from '../core/facts';
import type { ModelInfo, TensorFacts } from '../core/facts';
import { perSampleRank } from '../core/judge';
import { PyValue, PyObject, tensor, derive, mapRef, single } from './values';
import { isRecord } from './records';
import { weightless } from './weightless';
import { instanceChanged } from './part-changes';

/** A hook on the instance, its class's forward replaced (`Net.forward = other`), or a part of it
 *  changed after its forward ran (`model.fc.forward = fn`): what it outputs is unknown. */
export function patched(obj: PyObject): boolean {
  return obj.patched || !!obj.cls.patched || (!obj.building && instanceChanged(obj));
}

/** A holder of another model with no layer of its own (an EMA copy, `Wrap(model)`), given it,
 *  returning that model's output as it is: that model's output, trained as that model is. */
export function heldOutput(g: TensorFacts, obj: PyObject, model: ModelInfo): TensorFacts | undefined {
  const inner = g.modelOutput ? g.model : undefined;
  if (!inner || inner === model) return undefined;
  // A model the class builds itself (`self.score = nn.Sequential(...)`) is its own part: the class's
  // instances are that model (twins of each other), not holders of one given to them.
  for (let n = inner.site.node as Node | null | undefined; n; n = n.parent) if (n === obj.cls.node) return undefined;
  for (const v of obj.attrs.values()) {
    if (v.k === 'layer' || v.k === 'modulelist' || (v.k === 'model' && v.model !== inner) || (v.k === 'instance' && v.obj.model !== inner)) return undefined;
  }
  return g;
}

/** What calling the model gives: its output tensor, or a tuple of outputs of this model. */
export function wrapOutput(out: PyValue, model: ModelInfo, obj: PyObject, ownRun = false): PyValue | undefined {
  // A module with no layer computing from what it is given (`y * 0.9 + 0.05`): no model's prediction.
  const none = weightless(obj);
  if (none && !(out.k === 'tensor' && out.ref.get().pred)) return ownRun ? undefined : out.k === 'tensor' ? (none === 'settings' ? out : tensor(mapRef(out.ref, (f) => ({ ...f, maybePred: true })))) : tensor({ ...UNKNOWN_FACTS });
  if (out.k === 'tensor' && !ownRun) return out.single ? single(tensor(model.output, out.chain)) : tensor(model.output, out.chain);
  // forward returns (logits, aux) or {"logits": l, "probs": p}: each output's rank from the layers
  // it went through.
  const each = (v: PyValue): PyValue => {
    if (v.k !== 'tensor') return v;
    const ref = v.ref;
    const rank = v.chain ? perSampleRank(v.chain) : undefined;
    return tensor(derive(() => {
      if (patched(obj)) return { ...UNKNOWN_FACTS, pred: true };
      const g = ref.get();
      // Data returned beside the prediction (MoCo's `return logits, labels` of torch.zeros) stays data;
      // so does what a module with no layers computes (a target assigner, a label smoother).
      if (!g.pred && (g.role === 'data' || g.role === 'labels')) return g;
      const none = !g.pred && weightless(obj);
      if (none) return none === 'settings' ? g : { ...g, maybePred: true };
      return heldOutput(g, obj, model) ?? { ...g, rank: g.rank ?? rank, pred: true, modelOutput: true, model };
    }, ref), v.chain);
  };
  if (out.k === 'tensor') return each(out);
  if (out.k === 'seq' && !out.open) return { k: 'seq', kind: out.kind, items: out.items.map(each) };
  if (out.k === 'seq' && out.head?.length) return { k: 'seq', kind: out.kind, items: [], open: true, tail: [], head: out.head.map(each) };
  // `return [torch.sigmoid(h(x)) for h in self.heads]`: a list of outputs all alike.
  if (out.k === 'seq' && out.each && !out.tail?.length) return { k: 'seq', kind: out.kind, items: [], open: true, each: each(out.each) };
  if (out.k === 'dict') return { k: 'dict', entries: new Map([...out.entries].map(([k, v]) => [k, each(v)])), attrs: out.attrs };
  // `return Output(logits=l, probs=p)`: a dataclass or NamedTuple of outputs, as a dict of them.
  if (isRecord(out)) return { k: 'instance', obj: { ...out.obj, attrs: new Map([...out.obj.attrs].map(([k, v]) => [k, each(v)])) } };
  return ownRun ? undefined : tensor({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model });
}
