// Values made from other values by the standard library: `functools.partial` of a framework
// function, `copy.deepcopy` of a model or a tensor.
import type { PyValue } from './values';
import { UNKNOWN } from './values';
import type { Interp, CallSite } from './evaluator';
import type { Args } from './call-args';
import type { Site } from '../core/site';
import type { SyntaxNode as Node } from './syntax-tree';
import { boundLossFunction } from './losses';
import { isLossApi, isLossClass } from './loss-catalogue';
import { clonedModel } from './sequential';

/** `partial(F.cross_entropy, label_smoothing=0.1)`: a loss function itself, when what is bound
 *  changes neither the argument positions nor what the rules read (from_logits, the axis). Any other
 *  framework function or class (`partial(torch.softmax, dim=1)`, `partial(nn.Linear, 16)`): bound,
 *  so that calling it is calling that API with these arguments before the call's (boundCall). */
export function partial(it: Interp, c: CallSite): PyValue | undefined {
  const [f, ...bound] = c.args.pos;
  // A function of one's own bound: unknown, and handed over (apiCall), so it runs with unknown
  // arguments; a model or loss object bound (`partial(net)`, `partial(CRIT)`) is called where we do not follow.
  if (f?.k === 'function' || f?.k === 'instance' || f?.k === 'model' || f?.k === 'method' || f?.k === 'loss') return undefined;
  if (f?.k !== 'api' || c.args.splat) return UNKNOWN;
  if (isLossClass(f.name) && c.args.kw.has('from_logits') && !bound.length) return { k: 'api', name: f.name, bound: { args: c.args, site: c.site } };
  if (isLossApi(f.name) && c.args.kw.has('from_logits')) return boundLossFunction(it, f.name, c);
  if (isLossApi(f.name) || isLossClass(f.name) || f.bound?.site) return bound.length || [...c.args.kw.keys()].some((k) => MEANINGFUL_KEYWORDS.has(k)) ? UNKNOWN : f;
  if (!bound.length && !c.args.kw.size) return f;
  // Bound again (`partial(partial(torch.softmax), dim=1)`): the first's arguments, then these.
  const before = f.bound?.args;
  const kw = new Map([...(before?.kw ?? []), ...c.args.kw]);
  return { k: 'api', name: f.name, bound: { args: { pos: [...(before?.pos ?? []), ...bound], posNodes: [], kw, kwNodes: new Map(), splat: false } } };
}

const MEANINGFUL_KEYWORDS = new Set(['from_logits', 'activation', 'units', 'filters', 'out_features', 'out_channels', 'num_classes', 'dim', 'axis', 'threshold']);

/** A copy of a model object (its attributes its own: one set on the copy marks the copy alone as
 *  changed) or of a tensor (the same values); anything else: not modelled. */
export function copied(it: Interp, v: PyValue | undefined): PyValue | undefined {
  if (v?.k === 'tensor') return v;
  // A Sequential's copy (an EMA or a teacher twin, the best epoch kept): the same layers and training,
  // its own list of them (a layer appended to the copy is the copy's).
  if (v?.k === 'model' && v.model.kind === 'sequential' && !v.model.open) return clonedModel(it, v, v.model.site, true);
  if (v?.k === 'instance' && v.obj.model && !v.obj.building) return { k: 'instance', obj: { ...v.obj, attrs: new Map(v.obj.attrs) } };
  return undefined;
}

/** A call of a partial (`act = partial(torch.softmax, dim=1)`; `act(z)`): its arguments before the
 *  call's, whose keywords win. The partial's arguments have no nodes here: no fix edits them from
 *  this call (they serve every call, and may be written in another file). A partial loss class
 *  (`Loss = partial(BinaryCrossentropy, from_logits=True)`; `Loss()`) is the partial's, whose
 *  from_logits a fix edits, unless the call gives from_logits again. */
export function boundCall(bound: { args: Args; site?: Site }, c: CallSite): CallSite {
  const b = bound.args;
  const kw = new Map([...b.kw, ...c.args.kw]);
  if (!bound.site) {
    const posNodes: Node[] = [];
    posNodes.length = b.pos.length; // no nodes for the bound ones: holes
    posNodes.push(...c.args.posNodes);
    return { ...c, args: { ...c.args, pos: [...b.pos, ...c.args.pos], posNodes, kw } };
  }
  const args: Args = { ...c.args, kw, kwNodes: new Map([...b.kwNodes, ...c.args.kwNodes]) };
  return { ...c, args, site: c.args.kw.has('from_logits') ? c.site : bound.site };
}
