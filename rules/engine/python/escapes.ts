// A model's trained state taken out of it: its weights (`get_weights()`, `model.weights`,
// `state_dict()`, `save_weights`), its layers or config (`model.layers[-1]`, `get_config()`), its
// output made another model's (`keras.Model(i2, model(i2))`). Whatever these are handed to (a twin's
// `set_weights`, pickle, `from_config`, a layer called on other features, that other model's readers)
// reads what the model was trained to output where the analysis does not follow, so a fix that
// changes what its outputs mean is no safe fix there (probability-reads.ts outputRead). Also the
// readers reached through a plain wrapper's own `__getattr__`, run as Python runs it (a framework
// class's: what it holds counts as read where we do not follow).
import type { ModelInfo } from '../core/facts';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import type { Interp, CallSite, Frame } from './evaluator';
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, type PyValue } from './values';
import { modelExported, outputRead } from './probability-reads';
import { findMember } from './objects';

interface Carried {
  model: ModelInfo;
  /** The weights alone: whoever loads them builds the architecture from its own code (an
   *  activation removed there is removed for it too); only what the weights were trained to mean
   *  changes under it. Otherwise the architecture goes with them (a layer, a config, a tensor). */
  weightsOnly: boolean;
}

const carried = new WeakMap<object, Carried>();

/** A value that carries `m`'s weights, or its architecture with them. */
function carrier(m: ModelInfo, weightsOnly: boolean): PyValue {
  const v: PyValue = { k: 'unknown' };
  carried.set(v, { model: m, weightsOnly });
  return v;
}

/** Attributes of a model that hold its weights (the trainable ones alone are what a training step
 *  reads: `tape.gradient(loss, model.trainable_variables)`, no reader of the outputs). */
const WEIGHT_ATTRS = new Set(['weights', 'variables', 'non_trainable_weights', 'non_trainable_variables']);
/** Methods that give its weights, or its parts. */
const WEIGHT_METHODS = new Set(['get_weights', 'state_dict']);
const PART_METHODS = new Set(['get_layer', 'get_config']);

/** `model.<name>`: a carrier of the model's weights or parts, or undefined. Its `.layers` stays the
 *  list's method value too (`model.layers.pop()` changes the model: dispatch.ts). */
export function attributeTakenOut(m: ModelInfo, name: string, model: PyValue): PyValue | undefined {
  if (m.framework !== 'keras') return undefined;
  if (name === 'layers') {
    const v: PyValue = { k: 'method', recv: model, name };
    carried.set(v, { model: m, weightsOnly: false });
    return v;
  }
  return WEIGHT_ATTRS.has(name) ? carrier(m, true) : undefined;
}

/** `model.<name>(...)`: what it takes out of the model (a carrier), or writes out (`save_weights`:
 *  read by whoever loads the file); undefined for any other method or receiver. */
export function methodTakenOut(it: Interp, recv: PyValue, name: string): PyValue | undefined {
  const m = recv.k === 'model' ? recv.model : recv.k === 'instance' ? recv.obj.model : undefined;
  if (!m) return undefined;
  if (name === 'save_weights') {
    weightsRead(it, m);
    return undefined;
  }
  return WEIGHT_METHODS.has(name) ? carrier(m, true) : PART_METHODS.has(name) && m.framework === 'keras' ? carrier(m, false) : undefined;
}

/** Whatever the weights of `m` were trained to output is read as it is, by code loading them. */
export function weightsRead(it: Interp, m: ModelInfo): void {
  it.leftAsTheyAre.push(new TensorRef(() => m.output.get()));
}

/** `v[i]`, `v.attr`, a method of it called, a copy of it: carries what `v` carries. */
export function stillCarried(v: PyValue): PyValue | undefined {
  const c = carried.get(v);
  return c && carrier(c.model, c.weightsOnly);
}

/** A layer's symbolic tensors (`model.layers[-2].output`, a feature extractor's): features, not what
 *  the model outputs (its last layer's output is the model's own: dispatch.ts, madeOutputOf). */
const SYMBOLIC = new Set(['input', 'output', 'inputs', 'outputs']);

/** `v.name` of a value that carries a model's parts (`model.layers[-1].kernel`). */
export function carriedAttribute(v: PyValue, name: string): PyValue | undefined {
  return SYMBOLIC.has(name) ? undefined : stillCarried(v);
}

/** Builtins that look at a value without handing it on (printing a layer's name, counting weights). */
const LOOKS_ONLY = /^builtins\.(?:print|len|str|repr|type|isinstance|id|hasattr|callable|format)$/;
/** Copies keep what they copy (`best = copy.deepcopy(model.state_dict())`), and so do the builtins
 *  that list or iterate one value (`enumerate(model.layers)`); `zip` pairs it with others. */
const COPIES = /^(?:copy\.(?:deep)?copy|builtins\.(?:list|tuple|iter|reversed|sorted|enumerate))$/;

/** A call's arguments (and, for a layer called on features, its callee) that carry a model's state
 *  and go where the analysis does not follow: the model's outputs count as read as they are. Given
 *  back to the same model (`model.set_weights(best)`, `model.load_state_dict(best)`) they read
 *  nothing new. Returns the carrier a copy of one makes. */
export function carriedIntoCall(it: Interp, callee: PyValue, c: CallSite): PyValue | undefined {
  if (callee.k === 'api' && COPIES.test(callee.name) && c.args.pos.length === 1) return stillCarried(c.args.pos[0]);
  const own = callee.k === 'method' && callee.recv.k === 'model' ? callee.recv.model : callee.k === 'method' && callee.recv.k === 'instance' ? callee.recv.obj.model : undefined;
  const looksOnly = callee.k === 'api' && LOOKS_ONLY.test(callee.name);
  const seen = new Set<PyValue>();
  const visit = (v: PyValue, depth: number): void => {
    if (seen.has(v)) return;
    seen.add(v);
    const x = carried.get(v);
    if (x && x.model !== own && !looksOnly) escape(it, x);
    else if (depth > 0 && v.k === 'seq') for (const i of [...v.items, ...(v.tail ?? [])]) visit(i, depth - 1);
    else if (depth > 0 && v.k === 'dict') for (const i of v.entries.values()) visit(i, depth - 1);
  };
  for (const v of [...c.args.pos, ...c.args.kw.values(), ...(c.args.spread ?? [])]) visit(v, 2);
  // A layer of the model (or what it holds) called itself: `model.layers[-1](feats)`.
  const self = carried.get(callee);
  if (self && !self.weightsOnly) escape(it, self);
  return stillCarried(callee);
}

/** `x @ ws[0] + ws[1]`: a model's weights applied by hand (a forward pass of one's own), which
 *  reads what they were trained to output. */
export function carriedIntoMatmul(it: Interp, a: PyValue, b: PyValue): void {
  for (const v of [a, b]) {
    const x = carried.get(v);
    if (x) escape(it, x);
  }
}

function escape(it: Interp, x: Carried): void {
  if (x.weightsOnly) weightsRead(it, x.model);
  else outputRead(it, x.model);
}

/** `keras.Model(i2, model(i2))`, `keras.Model(inp, Average()([m1(inp), m2(inp)]))`: a model's output
 *  tensor made another model's output; that model's readers (not followed back) read it as it is.
 *  Judged once the models are complete (a lazy tensor read now would be fixed too soon). */
export function madeOutputOf(it: Interp, outputs: PyValue, model: ModelInfo): void {
  const refs = (v: PyValue): TensorRef[] => (v.k === 'tensor' ? [v.ref, ...(v.from ?? [])] : v.k === 'seq' ? v.items.flatMap(refs) : v.k === 'dict' ? [...v.entries.values()].flatMap(refs) : []);
  for (const r of refs(outputs)) {
    const other = new TensorRef(() => {
      const m = r.get().model;
      return m && m !== model ? m.output.get() : UNKNOWN_FACTS;
    });
    it.probabilityReads.push(other);
    it.leftAsTheyAre.push(other);
  }
}

/** Methods of nn.Module and keras.Model that run the model as its call does, or read no output. */
const FRAMEWORK_OWN = new Set(['forward', 'call', 'predict', 'fit', 'evaluate', 'compile', 'summary', 'build', 'train', 'eval', 'to', 'cuda', 'cpu', 'half', 'float', 'double',
  'parameters', 'named_parameters', 'buffers', 'named_buffers', 'modules', 'children', 'named_modules', 'named_children', 'zero_grad', 'requires_grad_',
  'register_buffer', 'register_parameter', 'add_module', 'training', 'trainable', 'trainable_variables', 'trainable_weights', 'count_params']);

/** Attribute reads running a plain class's own `__getattr__` (one at a time for each instance and
 *  name: one that reads a missing attribute of its own gives nothing). */
const delegating = new WeakMap<object, Set<string>>();

/** `w.predict` where `w`'s class (no framework's) has no such attribute but a `__getattr__` of its
 *  own (a wrapper delegating to the model it holds): what that returns for the name. Where that is
 *  unknown, the models the instance holds are handed to code we do not follow. undefined: no such
 *  method. */
export function delegated(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, name: string, node: Node, f: Frame): PyValue | undefined {
  const own = findMember(inst.obj.cls, '__getattr__');
  if (own?.k !== 'function') return undefined;
  // An nn.Module's or keras.Model's own names are found before `__getattr__` runs, and we cannot
  // list them all: a name other than those known to read nothing new may reach what the instance
  // holds, read where we do not follow (the name itself read as before).
  if (inst.obj.cls.framework) {
    if (!FRAMEWORK_OWN.has(name)) for (const a of [inst, ...inst.obj.attrs.values()]) modelExported(it, a);
    return undefined;
  }
  let running = delegating.get(inst.obj);
  if (!running) delegating.set(inst.obj, (running = new Set()));
  if (running.has(name)) return UNKNOWN;
  running.add(name);
  try {
    const v = it.callWith({ k: 'function', fn: own.fn, self: inst }, [{ k: 'const', v: name }], node, f);
    if (v.k === 'unknown') for (const a of inst.obj.attrs.values()) modelExported(it, a);
    return v;
  } finally {
    running.delete(name);
  }
}
