// The abstract values of the Python interpreter: what an expression may evaluate to, as far as the
// rules care. Anything not modelled is `unknown`, and unknown stays unknown (no facts, no finding).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
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
  /** `each`: what every item is when the items themselves are not known (a comprehension).
   *  `iterated`: an item a pass of a loop that runs several times (iterated.ts). */
  | { k: 'seq'; kind: 'list' | 'tuple'; items: PyValue[]; site?: Site; open?: boolean; each?: PyValue; tail?: PyValue[]; head?: PyValue[]; iterated?: boolean }
  /** `attrs`: its entries are its attributes too (Hugging Face's ModelOutput: `out.logits`). */
  | { k: 'dict'; entries: Map<string, PyValue>; attrs?: boolean }
  /** A framework API by its canonical dotted name: 'torch.nn.Linear', 'keras.layers.Dense'. */
  /** `bound`: `functools.partial(torch.softmax, dim=1)`, whose arguments come before the call's
   *  (copies.ts boundCall); `site` for a partial loss class whose from_logits a fix edits there. */
  | { k: 'api'; name: string; bound?: { args: Args; site?: Site } }
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
  /** `bound`: a loss function with its keywords bound (functools.partial); a call may override them.
   *  `either`: another loss the branches may have chosen, taking the same values in the same order
   *  (`CrossEntropyLoss() if n_classes > 1 else BCEWithLogitsLoss()`). */
  | { k: 'loss'; loss: LossDef; site: Site; fromLogits?: boolean; joined?: boolean; bound?: boolean; either?: LossDef }
  /** A regression loss (MSE, L1, Huber): not a classification loss; `torch`: prediction first. */
  | { k: 'regression'; name: string; torch: boolean }
  /** A metric object (keras.metrics.BinaryAccuracy()): binary unless thresholded at 0 (`zeroCut`:
   *  where that 0 is written; `sigmoidsLogits`: torchmetrics', predictions first, torchmetrics.ts). */
  | { k: 'metric'; name: string; binary: boolean; site: Site; vocab: Vocabulary; zeroCut?: Site; otherCut?: boolean; sigmoidsLogits?: boolean }
  /** `chain`: the layers applied since a model input, when every step is known (the replica).
   *  `from`: what arithmetic computed it from (`acc += model(x)`, `(a + b) / 2`) where its facts no
   *  longer say: a cut of it reads those values (probability-reads.ts). `rowOf`: a model's direct
   *  output on a batch of one sample, as that output of a batch would be (rows joined, gathered.ts). */
  | { k: 'tensor'; ref: TensorRef; chain?: Entry[]; single?: boolean; terms?: TensorRef[]; from?: TensorRef[]; zero?: boolean; rowOf?: TensorRef }
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
/** An item of a collection we know nothing of, zipped beside another (`zip(X_test, y_test)` of
 *  arrays `np.load` gave): one sample or a batch, we cannot tell, so a prediction compared with it
 *  is no evidence of several samples (operators.ts). Unknown otherwise, like UNKNOWN. */
export const ZIPPED_ITEM: PyValue = { k: 'unknown' };
/** A loader of batches of several samples each (`DataLoader(X, batch_size=8)`): unknown otherwise,
 *  like UNKNOWN; zipped beside collections we know nothing of, it makes theirs no ZIPPED_ITEM. */
export const SEVERAL_PER_BATCH: PyValue = { k: 'unknown' };

/** A scope's names. A loop's pass may call functions that rebind names of the scopes around the
 *  loop's (`global post`): what such names held when the pass began is journaled while it runs
 *  (loop-carried.ts), cheaper than a copy of every name of the module at every loop. */
export class Names extends Map<string, PyValue> {
  private journals?: Array<Map<string, PyValue | undefined>>;
  override set(k: string, v: PyValue): this {
    if (this.journals) for (const j of this.journals) if (!j.has(k)) j.set(k, super.get(k));
    return super.set(k, v);
  }
  override delete(k: string): boolean {
    if (this.journals) for (const j of this.journals) if (!j.has(k)) j.set(k, super.get(k));
    return super.delete(k);
  }
  override clear(): void {
    for (const k of [...this.keys()]) this.delete(k);
  }
  /** From now on, the first value each name held before it changed (undefined: it had none). */
  journal(): Map<string, PyValue | undefined> {
    const j = new Map<string, PyValue | undefined>();
    (this.journals ??= []).push(j);
    return j;
  }
  endJournal(j: Map<string, PyValue | undefined>): void {
    const i = this.journals?.indexOf(j) ?? -1;
    if (i >= 0) this.journals!.splice(i, 1);
    if (!this.journals?.length) this.journals = undefined;
  }
}

/** A variable scope: module globals, a function's locals (parent: its closure), a class body. */
export class Env {
  readonly vars = new Names();
  /** A star import we could not read bound names here we do not know. */
  opaque = false;
  /** The one framework module star-imported here (`from keras.layers import *`), or null when a name
   *  bound nowhere may come from several. */
  starApi?: string | null;
  /** The parent's scope this is a child process's copy of (module-runners.ts): what its functions
   *  declare `global` is the copy's, not the parent's. */
  childOf?: Env;
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

/** Batches of one sample each (`DataLoader(ds)`, `ds.batch(1)`, a Keras loader with `batch_size=1`):
 *  every tensor a batch holds (`x, y`, `batch[0]`) is a batch of one. */
export function batchesOfOne(pairs = true): PyValue {
  // Each batch an (inputs, labels) pair, or (`pairs` false) the inputs alone.
  const batch = single(tensor({ ...UNKNOWN_FACTS, role: 'data' }));
  const v: PyValue = { k: 'modulelist', items: undefined, each: pairs ? { k: 'seq', kind: 'tuple', items: [], open: true, each: batch } : batch };
  oneSampleBatches.add(v);
  return v;
}
export const oneSampleBatches = new WeakSet<PyValue>();

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

/** A model: one built here (`nn.Sequential`, Keras), or an instance of a class whose model we know. */
export function isModelValue(v: PyValue | undefined): boolean {
  return v?.k === 'model' || (v?.k === 'instance' && !!v.obj.model);
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

/** Side tables keyed by a value that say what its values are (a decision's result, an argmax's
 *  indices, int64 class indices): a copy holding the same values carries their entries (copyOf). */
type Marks = WeakMap<object, unknown> | WeakSet<object>;
const carried: Marks[] = [];

export function carriedByCopies<T extends Marks>(table: T): T {
  carried.push(table);
  return table;
}

/** `v` as a value of its own (`{ ...v, ...changes }`) holding the same values (`x.clone()`,
 *  `x.detach()`, a cast that keeps them): with every mark `v` has. */
export function copyOf<V extends PyValue>(v: V, changes?: Partial<V>): V {
  const copy = { ...v, ...changes };
  for (const t of carried) {
    if (t instanceof WeakSet) {
      if (t.has(v)) t.add(copy);
    } else if (t.has(v)) t.set(copy, t.get(v));
  }
  return copy;
}

/** A tensor cut from the gradient (TensorFacts.detached), or the tensors of a tuple or dict output. */
export function detached(v: PyValue): PyValue {
  if (v.k === 'tensor') return copyOf(v, { ref: v.ref.map((f) => (f.detached ? f : { ...f, detached: true })) });
  if (v.k === 'seq') return { ...v, items: v.items.map((x) => (x.k === 'tensor' ? detached(x) : x)) };
  if (v.k === 'dict') return { ...v, entries: new Map([...v.entries].map(([k, x]) => [k, x.k === 'tensor' ? detached(x) : x])) };
  return v;
}

/** A container's contents by key: a dict's entries, an object's attributes, a class's members, a
 *  list's items by place, as `xs[i]` reads them (an open list: its known first ones; one replaced
 *  is a change, `acts[0] = "sigmoid"`; items added are what a loop collects, `preds.append(out)`,
 *  which no pass builds with). */
export function itemsOf(v: PyValue): ReadonlyMap<string, PyValue> | undefined {
  switch (v.k) {
    case 'dict':
      return v.entries;
    case 'instance':
      return v.obj.attrs;
    case 'class':
      return v.cls.members;
    case 'seq':
      return new Map((v.open ? v.head ?? [] : v.items).map((x, i) => [String(i), x]));
    default:
      return undefined;
  }
}

/** The module scope a child process's code runs over (its copy of the parent's), when `env` is in one. */
export function childScope(env: Env): Env | undefined {
  let root = env;
  while (root.parent) root = root.parent;
  return root.childOf && root.kind === 'module' ? root : undefined;
}
