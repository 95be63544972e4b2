// What a value is after two paths meet (the branches of an `if`, a loop that may not run, a
// `try`): equal values stay, tensors keep the facts both share, anything else is unknown.
import type { SyntaxNode as Node } from './syntax-tree';
import type { ModelInfo, TensorFacts } from '../core/facts';
import { noteComputedFrom } from './value-sources';
import { sameSite } from '../core/site';
import { unionOf } from '../core/model-union';
import { Env, PyValue, ClassDef, UNKNOWN, GENERIC_ARG, derive, isZeroStart, mapRef, single, tensor } from './values';
import { changesPerPass } from './per-pass';
import { joinedIndices } from './argmax-uses';

/** Both sides of a branch: equal values stay, tensors join their facts, anything else is unknown. */
export function join(a: PyValue | undefined, b: PyValue | undefined): PyValue {
  if (!a || !b) return a ?? b ?? UNKNOWN;
  return joinedIndices(a, b, joinBoth(a, b));
}

function joinBoth(a: PyValue, b: PyValue): PyValue {
  if (a === b) return a;
  // (One that changes every pass, `t = 0.0 if ... else i / 20` on the first: so does the join.)
  if (a.k === 'const' && b.k === 'const' && a.v === b.v) return changesPerPass(b) ? b : a;
  if (a.k === 'none' && b.k === 'none') return a;
  // `self.net = None` in __init__, a network set by some branch of build_model(): None cannot be
  // called or applied as a loss (Python raises), so where the value is used so, it is the other
  // one; a test of which it is (`if self.net is None:`) stays unknown either way. So for a tensor
  // (`p = None` before `if ...: p = model.predict(x)`, an `except` that sets None): None cannot
  // be compared with 0.5 or given to a loss either.
  if (a.k === 'none' && NOT_NONE.has(b.k)) return orNone(b);
  if (b.k === 'none' && NOT_NONE.has(a.k)) return orNone(a);
  // `lab = None; if train: lab = y`: unknown, and maybe None (none-branches.ts givenParameter).
  if ((a.k === 'none' && b.k === 'unknown' && b !== GENERIC_ARG) || (b.k === 'none' && a.k === 'unknown' && a !== GENERIC_ARG)) return orNone({ k: 'unknown' });
  // An accumulator's zeros (`preds = np.zeros(n)` before `preds += model.predict(x) / k` in a loop
  // that may not run): only the values added to them are ever decided on.
  if (isZeroStart(a) && b.k === 'tensor' && !isZeroStart(b)) return b;
  if (isZeroStart(b) && a.k === 'tensor' && !isZeroStart(a)) return a;
  if (a.k === 'tensor' && b.k === 'tensor') {
    const ra = a.ref;
    const rb = b.ref;
    const joined = derive(() => joinFacts(ra.get(), rb.get()), ra, rb);
    const t = tensor(joined);
    // Either path's values: a read of the join reads each (value-sources.ts).
    if (ra !== rb) noteComputedFrom(joined, [ra, rb]);
    // Made by arithmetic on one path or both (`acc += model(x)` in a loop): from what it was made of.
    if (a.from || b.from) (t as Extract<PyValue, { k: 'tensor' }>).from = [...(a.from ?? [ra]), ...(b.from ?? [rb])];
    // A batch of one either way stays one.
    return a.single && b.single ? single(t) : t;
  }
  if (a.k === 'api' && b.k === 'api' && a.name === b.name && a.bound === b.bound) return a;
  // `Net(10) if big else Net(10, depth=2)`: an instance of that class whose output is what both
  // outputs agree on (a sigmoid written once in forward, say); nothing else of it is known.
  if (a.k === 'instance' && b.k === 'instance' && a.obj.output && b.obj.output && !a.obj.building && !b.obj.building) {
    // Two classes (`ResNet(n) if args.model == "resnet" else ViT(n)`): a class of nothing but that
    // output, so no member of either is taken for the other's.
    const cls: ClassDef = a.obj.cls === b.obj.cls ? a.obj.cls
      : { node: a.obj.cls.node, name: `${a.obj.cls.name} | ${b.obj.cls.name}`, file: a.obj.cls.file, bases: [], members: new Map(), laterAttrs: new Set(), framework: a.obj.cls.framework === b.obj.cls.framework ? a.obj.cls.framework : undefined };
    let output = join(a.obj.output, b.obj.output);
    // Two models, either of which is trained and judged at this use: one model for the losses
    // applied to its output (a classifier when they are classification losses).
    const [ma, mb] = [a.obj.model, b.obj.model];
    const u = ma && mb && ma !== mb && output.k === 'tensor' ? unionOf(ma, mb) : undefined;
    if (u && output.k === 'tensor') output = tensor(mapRef(output.ref, (f) => (f.model ? f : { ...f, model: u })));
    return { k: 'instance', obj: { cls, attrs: new Map(), building: false, patched: a.obj.patched || b.obj.patched, output, model: u } };
  }
  // The same Sequential built again with the same layers (a loop's next pass, a `deepcopy` of it each
  // time the best epoch is kept): either stands for both, as one model.
  if (a.k === 'model' && b.k === 'model' && alike(a.model, b.model)) return a;
  // `nn.Sequential(..., nn.Sigmoid())` built differently on two branches: as two classes above.
  if (a.k === 'model' && b.k === 'model' && a.model.framework === b.model.framework && a.model.kind === 'sequential' && b.model.kind === 'sequential' && a.model.site.node) {
    const cls: ClassDef = { node: a.model.site.node as Node, name: 'Sequential | Sequential', file: a.model.site.file, bases: [], members: new Map(), laterAttrs: new Set(), framework: a.model.framework === 'pytorch' ? 'torch' : 'keras' };
    // (Either model's output: a decision on it is one on each's, core judge.ts decisionsLeftBySwitch.)
    let output = join(tensor(a.model.output), tensor(b.model.output));
    const u = a.model !== b.model && output.k === 'tensor' ? unionOf(a.model, b.model) : undefined;
    if (u && output.k === 'tensor') output = tensor(mapRef(output.ref, (f) => (f.model ? f : { ...f, model: u })));
    return { k: 'instance', obj: { cls, attrs: new Map(), building: false, patched: false, output, ...(u ? { model: u } : {}) } };
  }
  // `return loss, logits` on one path and `return None, logits` on another: item by item.
  if (a.k === 'seq' && b.k === 'seq' && a.kind === b.kind && !a.open && !b.open && !a.each && !b.each && !a.tail && !b.tail && !a.head && !b.head && a.items.length === b.items.length) {
    return { k: 'seq', kind: a.kind, items: a.items.map((x, i) => join(x, b.items[i])) };
  }
  // (`{"loss": l, "logits": z}` or `{"logits": z}`: a key one path lacks is a KeyError there, so
  // where it is read it holds the other path's value.)
  if (a.k === 'dict' && b.k === 'dict' && !a.attrs && !b.attrs && a.entries.size > 0 && b.entries.size > 0) {
    const entries = new Map(a.entries);
    for (const [k, v] of b.entries) entries.set(k, entries.has(k) ? join(entries.get(k), v) : v);
    return { k: 'dict', entries };
  }
  // `BCEWithLogitsLoss(pos_weight=w) if w is not None else BCEWithLogitsLoss()`: the same loss.
  if (a.k === 'loss' && b.k === 'loss' && a.loss.name === b.loss.name && a.loss.kind.expects === b.loss.kind.expects && a.loss.custom === b.loss.custom && a.either === b.either) return { ...a, joined: true };
  // `nn.CrossEntropyLoss() if n_classes > 1 else nn.BCEWithLogitsLoss()` (milesial's U-Net): two
  // built-in losses that take the same values (logits, say) in the same order; which family is not
  // known (core judge.ts: no single-unit judgement), and no fix rewrites either.
  if (a.k === 'loss' && b.k === 'loss' && !a.either && !b.either && !a.loss.custom && !b.loss.custom && a.loss.name !== b.loss.name && a.loss.kind.expects === b.loss.kind.expects && a.loss.kind.order === b.loss.kind.order) return { ...a, joined: true, either: b.loss };
  return UNKNOWN;
}

const NOT_NONE = new Set<PyValue['k']>(['instance', 'model', 'loss', 'tensor']);

/** Values that stand for `None or a value` (a join above, of a tensor or of an unknown value):
 *  `t is None` on them is not known, and as an argument they do not say the parameter is given. */
const mayBeNoneValues = new WeakSet<PyValue>();
/** Objects (a model, an instance, a loss) some join kept for `None or this object`: the object
 *  itself, so only a test of None on them asks (none-branches.ts noneTest). */
const joinedWithNone = new WeakSet<PyValue>();
function orNone(v: PyValue): PyValue {
  if (v.k !== 'tensor' && v.k !== 'unknown') {
    joinedWithNone.add(v);
    return v;
  }
  const t = { ...v };
  mayBeNoneValues.add(t);
  return t;
}

/** A value some path left at None (a join with it). */
export function mayBeNone(v: PyValue): boolean {
  return mayBeNoneValues.has(v);
}

/** What `v is None` is, for an object no path may have left at None (a layer; a model, instance
 *  or loss no join kept with None) or for None itself; undefined: not known. */
export function isNoneValue(v: PyValue): boolean | undefined {
  if (v.k === 'none') return true;
  if (v.k === 'layer' || ((v.k === 'model' || v.k === 'instance' || v.k === 'loss') && !joinedWithNone.has(v))) return false;
  return undefined;
}

/** A tensor no path left at None: `t is not None` is true. */
export function surelyTensor(v: PyValue): boolean {
  return v.k === 'tensor' && !mayBeNoneValues.has(v);
}

/** Two Sequentials made by the same code with the same layers (each layer's kind, width and
 *  activation, where it is written), neither open to layers we do not know. */
function alike(a: ModelInfo, b: ModelInfo): boolean {
  if (a === b || a.kind !== 'sequential' || b.kind !== 'sequential' || a.open || b.open || a.framework !== b.framework || !sameSite(a.site, b.site)) return false;
  return a.layers.length === b.layers.length && a.layers.every((l, i) => {
    const [x, y] = [l.layer, b.layers[i].layer];
    return sameSite(l.site, b.layers[i].site) && l.conditional === b.layers[i].conditional && !!x && !!y && x.type === y.type && x.units === y.units && x.activation === y.activation;
  });
}

/** Facts both tensors share; what differs is unknown. */
export function joinFacts(a: TensorFacts, b: TensorFacts): TensorFacts {
  const sameAct = a.act === b.act && a.actSite?.start === b.actSite?.start && a.actSite?.file === b.actSite?.file;
  // The same activation written in two places (two model classes on two branches): still known,
  // with every place kept, so that no fix edits only one of them.
  const bothAct = !sameAct && a.act === b.act && a.act !== 'unknown' && !!a.actSite && !!b.actSite;
  const sameWidth = a.width === b.width;
  // Two instances of one class (`self.net = UNet()` on both branches), or two models one builder
  // made (a K-fold loop's `model = build_model()`): one model, either stands for both.
  const sameModel = a.model === b.model || (!!a.model && !!b.model && ((a.model.ofClass !== undefined && a.model.ofClass === b.model.ofClass) || (!!a.model.twins && a.model.twins === b.model.twins)));
  return {
    act: sameAct || bothAct ? a.act : 'unknown',
    actSite: sameAct || bothAct ? a.actSite : undefined,
    ...(bothAct ? { actAlso: [...(a.actAlso ?? []), b.actSite!, ...(b.actAlso ?? [])] } : sameAct && a.actAlso ? { actAlso: a.actAlso } : {}),
    width: sameWidth ? a.width : undefined,
    widthSite: sameWidth ? a.widthSite : undefined,
    rank: a.rank === b.rank ? a.rank : undefined,
    pred: a.pred && b.pred,
    modelOutput: a.modelOutput && b.modelOutput && sameModel,
    model: sameModel ? a.model : undefined,
    role: a.role === b.role ? a.role : undefined,
    ...(a.clipped || b.clipped ? { clipped: true } : {}),
    ...(a.clippedToUnit || b.clippedToUnit ? { clippedToUnit: true } : {}),
    ...(a.remapped || b.remapped ? { remapped: true } : {}),
  };
}

/** Joins every name of two scopes that went through different branches into `into`. */
export function joinEnvs(into: Env, a: Env, b: Env): void {
  const names = new Set([...a.vars.keys(), ...b.vars.keys()]);
  for (const n of names) {
    const va = a.vars.get(n);
    const vb = b.vars.get(n);
    // Bound on one path only, and by nothing before the branches (the paths are copies of one
    // scope): on the other path Python raises NameError, so every path that goes on binds it with
    // that value (`if arch == "a": model = A()` / `elif ...` with no else). Unless the name may come
    // from where we cannot see (an outer scope with `global`, a star import we could not read), or
    // is a conditional definition (a def or class in a branch: unknown, as issue 10 asks).
    const one = va ?? vb!;
    const unseen = !va || !vb ? into.opaque || !!into.parent?.lookup(n) || one.k === 'function' || one.k === 'class' : false;
    into.vars.set(n, va && vb ? join(va, vb) : unseen ? UNKNOWN : one);
  }
}
