// One place in the code reached by several values: a loss construction applied to the outputs of
// two models (`bce = BinaryCrossentropy()` compiled for a logits head and a sigmoid head), or a
// threshold in an evaluation loop called for a sigmoid model and for a logits model. Rewriting such
// a place for one of them breaks it for the others, so the vocabularies offer no fix there (a
// switched loss) or only a suggestion (a threshold). What each user is, is read lazily: the models
// are complete only after the whole program.
import type { Site } from '../core/site';
import type { ModelInfo } from '../core/facts';
import type { Interp, CallSite } from './evaluator';
import type { PyValue } from './values';

const users = new Map<string, Array<() => unknown>>();

/** A new session: places of the last one are forgotten. */
export function resetSharedSites(): void {
  users.clear();
  away.clear();
  elsewhere.clear();
  twins.clear();
}

/** `site` is reached by the thing `who()` returns (a model, an activation; undefined: unknown). */
export function noteUser(site: Site, who: () => unknown): void {
  const key = `${site.file}:${site.start}:${site.end}`;
  const list = users.get(key);
  if (list) list.push(who);
  else users.set(key, [who]);
}

/** Whether two different known things reach `site`; `unknownCounts`: an unknown one counts too. */
export function isShared(site: Site, unknownCounts = false): boolean {
  const list = users.get(`${site.file}:${site.start}:${site.end}`);
  if (!list || list.length < 2) return false;
  const known = new Set(list.map((f) => f()).filter((v) => unknownCounts || v !== undefined));
  return known.size > 1;
}

/** Loss objects handed to code we do not follow (probability-reads.ts lossHandedAway): applied
 *  there to what we do not see, so a rewrite of one is a suggestion at most. */
const away = new Set<string>();

export function noteHandedAway(site: Site): void {
  away.add(`${site.file}:${site.start}:${site.end}`);
}

export function handedAway(site: Site | undefined): boolean {
  return !!site && away.has(`${site.file}:${site.start}:${site.end}`);
}

/** Models reached under other names (a deepcopy, a clone, a DataParallel's `.module`): code there
 *  may index their items, so removing one of them is no safe fix. Keyed by where each was made. */
const elsewhere = new Set<string>();

export function noteReachedElsewhere(site: Site): void {
  elsewhere.add(`${site.file}:${site.start}:${site.end}`);
}

export function reachedElsewhere(file: string, start: number, end: number): boolean {
  return elsewhere.has(`${file}:${start}:${end}`);
}

/** Models made by the same code: a builder called twice (`m2 = build_model(); m2.load_weights(path)`)
 *  makes the trained model's twin (core facts.ts inheritTwinTraining). Keyed by where each is made
 *  and by the call that ran that code (equal calls, params.ts); a builder run with mutable or
 *  unknown arguments (no key) makes models of their own. */
const twins = new Map<string, ModelInfo[]>();

export function noteTwin(model: ModelInfo, frame: { fn?: unknown; callKey?: string } | undefined): void {
  if (frame?.fn && frame.callKey === undefined) return;
  noteTwinBy(model, `${model.site.file}:${model.site.start}:${model.site.end}:${frame?.callKey ?? ''}`);
}

/** Models made alike (`key`) are twins. */
export function noteTwinBy(model: ModelInfo, key: string): void {
  const list = twins.get(key);
  if (list) list.push(model);
  else twins.set(key, [model]);
  model.twins = twins.get(key);
}

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
 *  trains another model (a student, a generator). */
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
    } else if ([...it.optimisers.values()].some((takes) => takes.size && ![...takes].some((x) => x === m || m.twins?.includes(x)))) e.swapUnsure = true;
  }
}
