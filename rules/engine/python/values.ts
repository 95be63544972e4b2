// The abstract values of the Python interpreter: what an expression may evaluate to, as far as the
// rules care. Anything not modelled is `unknown`, and unknown stays unknown (no facts, no finding).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import { unionOf } from '../core/model-union';
import type { LayerInfo, ModelInfo, TensorFacts } from '../core/facts';
import type { LossKind } from '../core/losses';
import type { Vocabulary } from '../core/vocab';
import type { EngineEvent } from '../core/events';
import type { Args } from './call-args';

/** A user `def`: its node, the module it is in, and the scope it closes over. */
export interface FunctionDef {
  node: Node;
  name: string;
  file: string;
  closure: Env;
  /** Set when defined in a class body. */
  owner?: ClassDef;
  /** Ran at least once with real arguments (or as part of an instance): no generic run needed. */
  ran: boolean;
  /** @property: reading the attribute calls it. */
  property?: boolean;
  /** Its parameters' defaults, evaluated where it is defined (as Python does), by name. */
  defaults?: Map<string, PyValue>;
}

export interface ClassDef {
  node: Node;
  name: string;
  file: string;
  bases: PyValue[];
  /** Class-body names: methods and class attributes. */
  members: Map<string, PyValue>;
  /** What calling an instance runs, inherited from the framework base: 'torch' -> forward,
   *  'keras' -> call (a keras.Model), 'keras-layer' -> call (a custom layer), undefined: a plain class. */
  framework?: 'torch' | 'keras' | 'keras-layer';
  /** Attribute names assigned (`self.x = ...`) in methods other than __init__ and build. */
  laterAttrs: Set<string>;
  /** What its instances compute was replaced from outside (`Net.forward = forward_logits`). */
  patched?: boolean;
  generic?: PyValue;
  /** The framework loss class it derives from (`class W(nn.BCEWithLogitsLoss)`), canonical name. */
  lossBase?: string;
  /** An nn.Module whose forward applies a loss (`class DiceBCELoss(nn.Module)`): each call of an
   *  instance runs forward with that call's arguments, like a function. */
  lossModule?: boolean;
  /** The loss events of the run that built its first instance (its parameters for arguments): the
   *  same losses are reported at the user's call once an instance is called, not twice. */
  builtLosses?: EngineEvent[];
  calledAsLoss?: boolean;
  /** Its forward applied a known loss when an instance was built (a loss module, or a model that
   *  computes its own loss). */
  appliesLoss?: boolean;
}

/** An instance of a user class: its attributes, and for a model its ModelInfo. */
export interface PyObject {
  cls: ClassDef;
  attrs: Map<string, PyValue>;
  model?: ModelInfo;
  /** What calling the instance returns (forward/call evaluated once, with an unknown input). */
  output?: PyValue;
  /** Running __init__/forward now (a call of the instance from inside is unknown). */
  building: boolean;
  /** An attribute was set from outside the class after construction: its output is unknown. */
  patched: boolean;
  /** A lossBase class: the base loss as constructed (super().__init__(...) or the class call). */
  loss?: Extract<PyValue, { k: 'loss' }>;
  /** Where it was constructed (a generic instance: undefined). */
  site?: Site;
}

export interface LossDef {
  name: string;
  kind: LossKind;
  vocab: Vocabulary;
  /** The user class this loss is the base of (loss-classes.ts). */
  custom?: string;
}

export type PyValue =
  | { k: 'unknown' }
  | { k: 'none' }
  | { k: 'const'; v: string | number | boolean; site?: Site }
  /** `each`: what every item is when the items themselves are not known (a comprehension). */
  | { k: 'seq'; kind: 'list' | 'tuple'; items: PyValue[]; site?: Site; open?: boolean; each?: PyValue; tail?: PyValue[]; head?: PyValue[] }
  /** `attrs`: its entries are its attributes too (Hugging Face's ModelOutput: `out.logits`). */
  | { k: 'dict'; entries: Map<string, PyValue>; attrs?: boolean }
  /** A framework API by its canonical dotted name: 'torch.nn.Linear', 'keras.layers.Dense'. */
  /** `bound`: `functools.partial(keras.losses.BinaryCrossentropy, from_logits=True)`, whose
   *  arguments come before the call's (copies.ts boundClass). */
  | { k: 'api'; name: string; bound?: { args: Args; site: Site } }
  /** A workspace module (file) or a folder without __init__.py (namespace package). */
  | { k: 'module'; file?: string; dir: string }
  | { k: 'function'; fn: FunctionDef; self?: PyValue }
  | { k: 'class'; cls: ClassDef }
  /** `wrapped`: held by a wrapper, whose attribute of that name is the model itself (DataParallel's
   *  and DDP's `.module`, torch.compile's `._orig_mod`). */
  | { k: 'instance'; obj: PyObject; wrapped?: string }
  | { k: 'super'; cls: ClassDef; self: PyValue }
  /** A framework layer object: applying it is applyLayer. `items`: a ModuleList's modules. */
  | { k: 'layer'; layer: LayerInfo; vocab: Vocabulary }
  /** nn.Sequential / keras Sequential / keras functional Model: items when known (indexing). */
  | { k: 'model'; model: ModelInfo; items?: PyValue[]; vocab: Vocabulary; wrapped?: string }
  /** `tail`: with the items unknown (appended in a loop), the ones appended after, always. */
  | { k: 'modulelist'; items: PyValue[] | undefined; each?: PyValue; tail?: PyValue[] }
  /** `joined`: one of several constructions of the same loss (branches): no fix edits just one. */
  /** `bound`: a loss function with its keywords bound (functools.partial); a call may override them. */
  | { k: 'loss'; loss: LossDef; site: Site; fromLogits?: boolean; joined?: boolean; bound?: boolean }
  /** A regression loss (MSE, L1, Huber): not a classification loss; `torch`: prediction first. */
  | { k: 'regression'; name: string; torch: boolean }
  /** A metric object (keras.metrics.BinaryAccuracy()): binary unless thresholded at 0 (`zeroCut`:
   *  where that 0 is written). */
  | { k: 'metric'; name: string; binary: boolean; site: Site; vocab: Vocabulary; zeroCut?: Site; otherCut?: boolean }
  /** `chain`: the layers applied since a model input, when every step is known (the replica).
   *  `from`: what arithmetic computed it from (`acc += model(x)`, `(a + b) / 2`) where its facts no
   *  longer say: a cut of it reads those values (probability-reads.ts). */
  | { k: 'tensor'; ref: TensorRef; chain?: Entry[]; single?: boolean; terms?: TensorRef[]; from?: TensorRef[]; zero?: boolean }
  /** torch.max(x, dim): (values, indices); the indices are an argmax. */
  | { k: 'maxpair'; input: TensorRef; axis: number | null; site: Site; form: 'function' | 'method'; vocab: Vocabulary }
  /** A method of a framework value, looked up but not called yet: model.compile, x.argmax. */
  | { k: 'method'; recv: PyValue; name: string };

export type Entry = { layer: LayerInfo | undefined; site: Site; conditional: boolean };

export const UNKNOWN: PyValue = { k: 'unknown' };
/** A parameter of a function run for no caller we see (unknown, like UNKNOWN): calling it is not
 *  code we know nothing of, only code we have not met (probability-reads.ts). */
export const GENERIC_ARG: PyValue = { k: 'unknown' };
export const NONE: PyValue = { k: 'none' };

/** A variable scope: module globals, a function's locals (parent: its closure), a class body. */
export class Env {
  readonly vars = new Map<string, PyValue>();
  /** A star import we could not read bound names here we do not know. */
  opaque = false;
  /** The one framework module star-imported here (`from keras.layers import *`), or null when a name
   *  bound nowhere may come from several. */
  starApi?: string | null;
  constructor(readonly parent: Env | undefined, readonly file: string, readonly kind: 'module' | 'function' | 'class') {}
  lookup(name: string): PyValue | undefined {
    // Class bodies are not closures: methods skip them (Python's scoping rule).
    for (let e: Env | undefined = this; e; e = e.parent) {
      if (e !== this && e.kind === 'class') continue;
      const v = e.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }
  copy(): Env {
    const c = new Env(this.parent, this.file, this.kind);
    c.opaque = this.opaque;
    c.starApi = this.starApi;
    for (const [k, v] of this.vars) c.vars.set(k, v);
    return c;
  }
}

/** How many lazy steps a TensorRef is from a known one: reading a very long chain would recurse
 *  that deep, so past a bound the facts are unknown instead. */
const depthOf = new WeakMap<TensorRef, number>();
const MAX_REF_DEPTH = 400;

export function derive(compute: () => TensorFacts, ...from: TensorRef[]): TensorRef {
  let d = 0;
  for (const r of from) d = Math.max(d, depthOf.get(r) ?? 0);
  if (d + 1 > MAX_REF_DEPTH) return TensorRef.of({ ...UNKNOWN_FACTS });
  const ref = new TensorRef(compute);
  depthOf.set(ref, d + 1);
  return ref;
}

export function mapRef(ref: TensorRef, fn: (f: TensorFacts) => TensorFacts): TensorRef {
  return derive(() => fn(ref.get()), ref);
}

/** Zeros made to add to (`np.zeros(n)`, `torch.zeros_like(p)`), or an empty start to concatenate
 *  onto (`torch.tensor([])`): data, and nothing once added to. */
export function zeros(): PyValue {
  return { k: 'tensor', ref: TensorRef.of({ ...UNKNOWN_FACTS, role: 'data' }), zero: true };
}

/** What adding to leaves as it was: those zeros, or the number 0 (`acc = 0`). */
export function isZeroStart(v: PyValue): boolean {
  return (v.k === 'tensor' && !!v.zero) || (v.k === 'const' && v.v === 0);
}

/** `[]` or `()` as written: a sequence known to hold nothing. */
export function isEmptySeq(v: PyValue | undefined): v is Extract<PyValue, { k: 'seq' }> {
  return v?.k === 'seq' && !v.open && v.items.length === 0 && !v.each && !v.tail?.length && !v.head?.length;
}

export function tensor(facts: TensorFacts | TensorRef, chain?: Entry[]): PyValue {
  return { k: 'tensor', ref: facts instanceof TensorRef ? facts : TensorRef.of(facts), chain };
}

/** A batch of one sample (x.unsqueeze(0), x[None], np.expand_dims(x, 0), x.view(1, -1)): argmax
 *  without an axis over a model's output on it is that sample's class. */
export function single(v: PyValue): PyValue {
  return v.k === 'tensor' ? { ...v, single: true } : { k: 'tensor', ref: refOf(v), single: true };
}

/** What every element of a collection is, when its elements are not known one by one. */
/** Loops over known items run once per item up to this many. */
export const MAX_UNROLL = 32;

/** The elements a `for` iterates over, when known. */
export function iterItems(v: PyValue): PyValue[] | undefined {
  if (v.k === 'seq' && !v.open) return v.items;
  if (v.k === 'modulelist') return v.items;
  if (v.k === 'model' && v.items && !v.model.open) return v.items;
  if (v.k === 'dict') return [...v.entries.keys()].map((key): PyValue => ({ k: 'const', v: key }));
  return undefined;
}

/** `v` is, or is a known tuple/list (at any depth) holding, a value `pred` accepts: what makes a
 *  loop over it worth running once per item. */
export function holds(v: PyValue, pred: (v: PyValue) => boolean): boolean {
  return pred(v) || (v.k === 'seq' && v.items.some((i) => holds(i, pred))) || (v.k === 'dict' && !v.attrs && [...v.entries.values()].some((i) => holds(i, pred)));
}

export function eachOf(v: PyValue): PyValue | undefined {
  return (v.k === 'seq' && v.open) || (v.k === 'modulelist' && !v.items) ? v.each : undefined;
}

/** A collection whose items are unknown one by one but all alike (`each`), with none known apart
 *  (no known head or tail): the pieces of `torch.split(p, 4)`, a comprehension's list. */
export function alike(v: PyValue): boolean {
  if (v.k === 'modulelist') return !v.items && !!v.each && !v.tail?.length;
  return v.k === 'seq' && !!v.open && !!v.each && !v.items.length && !v.tail?.length && !v.head?.length;
}

/** Data nobody knows anything about, but a tensor (a parameter, a batch from a loader). */
export const DATA = (): PyValue => tensor({ ...UNKNOWN_FACTS });

export function constOf(v: PyValue): string | number | boolean | undefined {
  return v.k === 'const' ? v.v : undefined;
}

export function num(v: PyValue): number | undefined {
  return v.k === 'const' && typeof v.v === 'number' ? v.v : v.k === 'const' && typeof v.v === 'boolean' ? Number(v.v) : undefined;
}

export function str(v: PyValue): string | undefined {
  return v.k === 'const' && typeof v.v === 'string' ? v.v : undefined;
}

/** The TensorRef of a value used as a tensor: tensors, and NumPy/Python numbers (data). */
export function refOf(v: PyValue): TensorRef {
  return v.k === 'tensor' ? v.ref : TensorRef.of(UNKNOWN_FACTS);
}

/** Both sides of a branch: equal values stay, tensors join their facts, anything else is unknown. */
export function join(a: PyValue | undefined, b: PyValue | undefined): PyValue {
  if (!a || !b) return a ?? b ?? UNKNOWN;
  if (a === b) return a;
  if (a.k === 'const' && b.k === 'const' && a.v === b.v) return a;
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
    const t = tensor(derive(() => joinFacts(ra.get(), rb.get()), ra, rb));
    // Made by arithmetic on one path or both (`acc += model(x)` in a loop): from what it was made of.
    if (a.from || b.from) (t as Extract<PyValue, { k: 'tensor' }>).from = [...(a.from ?? [ra]), ...(b.from ?? [rb])];
    // A batch of one either way stays one.
    return a.single && b.single ? single(t) : t;
  }
  if (a.k === 'api' && b.k === 'api' && a.name === b.name) return a;
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
  if (a.k === 'loss' && b.k === 'loss' && a.loss.name === b.loss.name && a.loss.kind.expects === b.loss.kind.expects && a.loss.custom === b.loss.custom) return { ...a, joined: true };
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

/** A string literal's value (prefixes and escapes aside), or unknown for f-strings. */
export function stringValue(node: Node): PyValue {
  if (node.type !== 'string') return UNKNOWN;
  let s = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'interpolation') return UNKNOWN;
    if (c.type === 'string_content' || c.type === 'escape_sequence') s += c.text;
  }
  return { k: 'const', v: s };
}

/** `value`, or unknown where storing it in `container` would make the container hold itself
 *  (`a[0] = a`, `xs.append(xs)`): the analysis walks containers' items, and a cycle would never end. */
export function storable(container: PyValue, value: PyValue): PyValue {
  const seen = new Set<PyValue>();
  const reaches = (v: PyValue): boolean => {
    if (v === container) return true;
    if ((v.k !== 'seq' && v.k !== 'dict') || seen.has(v)) return false;
    seen.add(v);
    const items = v.k === 'seq' ? [...v.items, ...(v.tail ?? []), ...(v.each ? [v.each] : [])] : [...v.entries.values()];
    return items.some(reaches);
  };
  return reaches(value) ? UNKNOWN : value;
}

/** A tensor cut from the gradient (TensorFacts.detached), or the tensors of a tuple or dict output. */
export function detached(v: PyValue): PyValue {
  if (v.k === 'tensor') return { ...v, ref: v.ref.map((f) => (f.detached ? f : { ...f, detached: true })) };
  if (v.k === 'seq') return { ...v, items: v.items.map((x) => (x.k === 'tensor' ? detached(x) : x)) };
  if (v.k === 'dict') return { ...v, entries: new Map([...v.entries].map(([k, x]) => [k, x.k === 'tensor' ? detached(x) : x])) };
  return v;
}
