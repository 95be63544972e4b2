// What trains a model here: the optimisers made (and the models each takes), training mode, and
// parameters taken; and, once the program has run, which loss calls have a teacher's probabilities as
// their labels (soft targets, not swapped arguments).
import type { ModelInfo } from '../core/facts';
import type { Interp, CallSite } from './evaluator';
import type { PyValue } from './values';
import type { SyntaxNode as Node } from './syntax-tree';

/** An optimiser given a model's parameters (`torch.optim.Adam(reg.parameters())`, a param-group
 *  list): that model is trained here, by whatever loss, so no twin's training is presumed for it. */
export function noteOptimised(it: Interp, c: CallSite): void {
  const takes = it.optimisers.get(c.node) ?? new Set<ModelInfo>();
  it.optimisers.set(c.node, takes);
  for (const call of c.node.childForFieldName('arguments')?.descendantsOfType('call') ?? []) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute' || !/^(?:named_)?parameters$/.test(fn.childForFieldName('attribute')?.text ?? '')) continue;
    // `model.parameters()`, or a part's (`model.backbone.parameters()`, `model[0]` in a parameter
    // group): the model that holds it is trained. Names, attributes and indexes only: evaluating a
    // call again would run it again.
    for (let owner = fn.childForFieldName('object'); owner && !owner.text.includes('('); owner = owner.type === 'attribute' ? owner.childForFieldName('object') : owner.type === 'subscript' ? owner.childForFieldName('value') : null) {
      const v = it.eval(owner, c.frame);
      const held = modelsHeld(v);
      // A module holding another model and something we do not know (`Pair(student, teacher)`),
      // or parameters of nothing we know: something else is trained too.
      if (owner === fn.childForFieldName('object') && (v.k === 'unknown' || (v.k === 'instance' && held.length > 1 && [...v.obj.attrs.values()].some((a) => a.k === 'unknown')))) it.optimisesUnknown.add(c.node);
      // (`self.parameters()` in configure_optimizers: every instance of the class is trained.)
      if (v.k === 'instance' && v.obj.model) optimisedClasses.add(v.obj.cls);
      for (const m of held) {
        m.optimised = true;
        takes.add(m);
      }
      if (held.length) break;
    }
  }
}

const optimisedClasses = new WeakSet<object>();

/** The model a value is, and the models it holds (a wrapper's, a LightningModule's `self.net`): an
 *  optimiser over its parameters, or training mode, reaches them all. */
export function modelsHeld(v: PyValue, depth = 0): ModelInfo[] {
  if (v.k === 'model') return [v.model];
  if (v.k !== 'instance' || depth > 3) return [];
  const out = v.obj.model ? [v.obj.model] : [];
  for (const a of v.obj.attrs.values()) if (a !== v) out.push(...modelsHeld(a, depth + 1));
  return out;
}

/** Whether `m` (or a twin: another instance of its class, a copy) is being fitted here. */
function fitted(m: ModelInfo): boolean {
  const own = (x: ModelInfo) => !!x.optimised || !!x.trainedHere || (!!x.ofClass && optimisedClasses.has(x.ofClass));
  return own(m) || !!m.twins?.some(own);
}

/** After the run: which loss calls have a PyTorch model's probabilities as their labels, and whether
 *  that model is a teacher (LossEvent.teacherTarget, swapUnsure). One an optimiser takes, or put in
 *  training mode, is being fitted: its output as the labels is a swap; sure only where no optimiser
 *  trains another model (a student, a generator) or something we do not know (an installed student). */
export function teacherTargets(it: Interp): void {
  for (const e of it.events) {
    if (e.type !== 'loss' || e.via !== 'call' || e.predNamed) continue;
    const f = e.labels.get();
    const m = f.model;
    // Data in the prediction's place (`bce(torch.ones_like(d), d)`): a swap, whatever trains the model.
    const p = e.pred.get();
    if (p.role === 'data' || p.role === 'labels') continue;
    // (Logits are never a target: only probabilities may be a teacher's.)
    if (!m || m.framework !== 'pytorch' || (f.act !== 'sigmoid' && f.act !== 'softmax')) continue;
    if (!fitted(m)) {
      if (it.optimisers.size) e.teacherTarget = true;
      else e.swapUnsure = true;
    } else if ([...it.optimisers].some(([node, takes]) => it.optimisesUnknown.has(node) || (takes.size && ![...takes].some((x) => x === m || m.twins?.includes(x))))) e.swapUnsure = true;
  }
}

/** `model.train()` (not `train(False)`), `model.parameters()` taken (not counted or frozen): the
 *  model being fitted, and every model it holds (shared-sites.ts teacherTargets). */
export function fittingSign(recv: PyValue, name: string, c: CallSite): void {
  if (name === 'train') {
    const a = c.args.pos[0] ?? c.args.kw.get('mode');
    if (a?.k === 'const' && a.v === false) return;
  } else if (name === 'parameters' || name === 'named_parameters') {
    let st: Node | null = c.node;
    while (st && !st.type.endsWith('statement')) st = st.parent;
    // (Counted, `sum(p.numel() for p in ...)`, or frozen, `p.requires_grad = False`: no optimiser's.)
    if (/numel|requires_grad\s*=\s*False|requires_grad_\(\s*False/.test(st?.text ?? '')) return;
  } else return;
  for (const m of modelsHeld(recv)) m.trainedHere = true;
}
