// User classes and their instances. An nn.Module / keras.Model subclass is a model: constructing it
// runs __init__ (its layers become attributes), then forward/call runs once with an unknown input
// tensor; what it returns is the model's output, what calling the instance gives. Attributes set
// from outside the class afterwards (model.fc = ...) make that output unknown.
import type { SyntaxNode as Node } from './syntax-tree';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import type { ModelInfo } from '../core/facts';
import { Env, PyValue, ClassDef, PyObject, UNKNOWN, tensor, derive, isEmptySeq, type FunctionDef } from './values';
import { join } from './joins';
import type { Interp, Frame, CallSite } from './evaluator';
import { execBlock, runFunction } from './statements';
import { modelCall } from './ops';
import { presumedSoftmax, submodels } from './sequential';
import { firstParam, inputRankIn } from './input-rank';
import { asTensorOf } from './array-kind';
import { torchVocab } from './vocab-torch';
import { callLossInstance, constructedLoss, lossBaseOf, looksLikeLoss } from './loss-classes';
import { buildRecord, noteRecord, returnedParts } from './records';
import { inputsOfModel } from './probability-reads';
import { functional } from './keras';
import { recordOutputs } from './keras-outputs';
import { forwardLosses } from './forward-loss';
import { givesTestedNone } from './none-branches';
import { setsBranchParameter } from './branch-params';
import { madeByHooks } from './class-escapes';
import { runLightningHook, stepsFirst } from './trainers';
import { hfTrainerMade } from './hf-trainer';
import { METHOD_WRITERS, changesModel, testSetUp } from './instance-attrs';
import { heldOutput, patched, wrapOutput } from './module-outputs';
import { noteTwinBy } from './shared-sites';
import { noteRunnableInstance } from './module-runners';

export function defineClass(it: Interp, s: Node, f: Frame): PyValue {
  const bases: PyValue[] = [];
  for (const b of s.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (b && b.type !== 'keyword_argument' && b.type !== 'comment') bases.push(it.eval(b, f));
  }
  const cls: ClassDef = {
    node: s,
    name: s.childForFieldName('name')?.text ?? '',
    file: f.module.file,
    bases,
    members: new Map(),
    laterAttrs: new Set(),
  };
  cls.framework = frameworkOf(cls);
  cls.lossBase = lossBaseOf(cls);
  const env = new Env(f.env, f.module.file, 'class');
  const body = s.childForFieldName('body');
  if (body) execBlock(it, body, { ...f, env, cls });
  for (const [k, v] of env.vars) cls.members.set(k, v);
  if (madeByHooks(it, cls, s, f)) cls.patched = true;
  noteRecord(cls);
  // Attributes written in other methods than the constructor: their value there is not certain.
  // But a list the constructor starts empty and a hook empties again (`self.val_outputs = []` at
  // epoch end): it holds what the appends put in, whichever ran first.
  const init = cls.members.get('__init__');
  const lists = new Set(init?.k === 'function' ? emptiedLists(init.fn.node) : []);
  for (const [name, v] of cls.members) {
    if (v.k !== 'function' || name === '__init__' || name === 'build' || name === testSetUp(cls)) continue;
    for (const a of writtenAttrs(v.fn.node, lists)) cls.laterAttrs.add(a);
  }
  if (!it.program.registered(f.module.file, s)) f.module.classes.push(cls);
  return { k: 'class', cls };
}

const EMPTIED = /^\s*\[\s*\][ \t]*(?:#.*)?$/;

/** The `self.x = []` names in a method. */
function emptiedLists(method: Node): string[] {
  return writes(method).filter((m) => m.emptied).map((m) => m.name);
}

const restOfLine = (text: string, m: RegExpMatchArray): string => {
  const from = m.index! + m[0].length;
  const end = text.indexOf('\n', from);
  return text.slice(from, end < 0 ? text.length : end);
};

const writtenCache = new WeakMap<Node, Array<{ name: string; emptied: boolean }>>();
/** The `self.x = ...` names in a method (remembered per node: the server's trees keep the nodes of
 *  statements an edit did not touch, and run them again at each edit). */
function writtenAttrs(method: Node, emptiedOnly: ReadonlySet<string> = new Set()): string[] {
  return writes(method).filter((m) => !(m.emptied && emptiedOnly.has(m.name))).map((m) => m.name);
}

function writes(method: Node): Array<{ name: string; emptied: boolean }> {
  let matches = writtenCache.get(method);
  if (!matches) writtenCache.set(method, (matches = [...method.text.matchAll(METHOD_WRITERS)].map((m) => ({ name: m[1], emptied: EMPTIED.test(restOfLine(method.text, m)) }))));
  return matches;
}

function frameworkOf(cls: ClassDef, depth = 0): ClassDef['framework'] {
  for (const b of cls.bases) {
    if (b.k === 'api') {
      if (/^torch\.nn\.(?:Module|modules\.module\.Module)$|^pytorch_lightning\.(?:core\.)?LightningModule$|^pytorch_lightning\.LightningModule$/.test(b.name)) return 'torch';
      // Hugging Face's PreTrainedModel (and BertPreTrainedModel, ...) is an nn.Module.
      // So is each of its PyTorch models (`BertModel`, `BertForSequenceClassification`; not the TF or Flax twins).
      if (/^transformers\.(?:modeling_utils\.|models\.[\w.]+\.)?\w*PreTrainedModel$/.test(b.name) || /^transformers\.(?:models\.[\w.]+\.)?(?!TF|Flax)[A-Z]\w*(?:Model|For[A-Z]\w*)$/.test(b.name)) return 'torch';
      if (b.name === 'keras.Model') return 'keras';
      if (/^keras\.layers\.Layer$/.test(b.name)) return 'keras-layer';
    }
    if (b.k === 'class' && depth < 20) {
      const fw = b.cls.framework ?? frameworkOf(b.cls, depth + 1);
      if (fw) return fw;
    }
  }
  return undefined;
}

import { findMember } from './members';
export { findMember, mro } from './members';
import { mro } from './members';

/** `Cls(...)`: a new instance, __init__ run with the call's arguments (c undefined: generic). */
export function instantiate(it: Interp, cls: ClassDef, c: CallSite | undefined, caller: Frame): PyValue {
  const obj: PyObject = { cls, attrs: new Map(), building: true, patched: false, site: c?.site };
  const inst: PyValue = { k: 'instance', obj };
  const init = findMember(cls, '__init__');
  if ((!init || passesThrough(init)) && c && cls.framework === 'keras' && !findMember(cls, 'call') && functionalSubclass(it, obj, c)) {
    // Its train_step / compute_loss run on this instance: `self(x)` is the functional output.
    noteInstance(cls, inst);
    return inst;
  }
  if (init?.k === 'function') runFunction(it, init.fn, inst, c, caller);
  else buildRecord(cls, obj, c);
  // A test class's setUp runs before each test: its attributes are the tests' as __init__'s are.
  const setUpName = testSetUp(cls);
  const setUp = setUpName && findMember(cls, setUpName);
  if (setUp && setUp.k === 'function') runFunction(it, setUp.fn, inst, undefined, caller);
  if (cls.lossBase) obj.loss ??= constructedLoss(it, cls, c);
  const build = findMember(cls, 'build');
  if (cls.framework && cls.framework !== 'torch' && build?.k === 'function') runFunction(it, build.fn, inst, undefined, caller);
  if (cls.framework === 'torch' || cls.framework === 'keras') buildModel(it, obj, inst, c, caller);
  obj.building = false;
  if (c) noteInstance(cls, inst);
  if (c && !cls.framework) hfTrainerMade(it, inst, c);
  if (!cls.framework) noteRunnableInstance(it, cls, inst, c?.node);
  return inst;
}

/** The instances the code made of each class, its subclasses' included: a base's methods run on
 *  those (a Lightning base's training_step for the subclass fitted, with that subclass's forward). */
const realInstances = new WeakMap<ClassDef, Array<Extract<PyValue, { k: 'instance' }>>>();

function noteInstance(cls: ClassDef, inst: Extract<PyValue, { k: 'instance' }>): void {
  for (const k of mro(cls)) (realInstances.get(k) ?? realInstances.set(k, []).get(k)!).push(inst);
}

/** An __init__ that hands its arguments on to keras.Model's (`super().__init__(*args, **kwargs)`,
 *  or `inputs=inputs, outputs=outputs`), whatever else it sets (a metric tracker). */
function passesThrough(init: PyValue): boolean {
  return init.k === 'function' && /(?:\bsuper\s*\([^)]*\)|\bModel)\s*\.\s*__init__\s*\(\s*(?:self\s*,\s*)?(?:\*args|\*\*kwargs|inputs\s*=\s*inputs\s*,\s*outputs\s*=\s*outputs|inputs\s*,\s*outputs)\b/.test(init.fn.node.text);
}

/** `M(inputs, outputs)`, M a keras.Model subclass with neither __init__ nor call of its own: Keras
 *  builds the functional model of those tensors, with M's methods (the guide's custom train_step). */
function functionalSubclass(it: Interp, obj: PyObject, c: CallSite): boolean {
  const made = functional(it, c);
  if (made.k !== 'model') return false;
  obj.model = made.model;
  obj.output = { k: 'tensor', ref: made.model.output };
  obj.building = false;
  return true;
}

const CONSTRUCTION = new Set(['__init__', 'build', 'forward', 'call']);

function buildModel(it: Interp, obj: PyObject, inst: PyValue, c: CallSite | undefined, caller: Frame): void {
  const cls = obj.cls;
  const site = c?.site ?? it.site(cls.node.childForFieldName('name') ?? cls.node, cls.file);
  const model: ModelInfo = {
    kind: 'module',
    framework: cls.framework === 'torch' ? 'pytorch' : 'keras',
    site,
    layers: [],
    open: true,
    // A run of the class's methods on no instance (generic) trains every instance; an instance's
    // own losses are its own, and an untrained one is trained as its twins, the other instances
    // of the class, are when they agree (core facts.ts inheritTwinTraining).
    losses: c ? [] : classLosses(cls),
    ...(c ? { classTraining: classLosses(cls) } : {}),
    ofClass: cls,
    output: new TensorRef(() => ({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model })),
  };
  obj.model = model;
  it.models.push(model);
  // Every instance the code makes of a class is a twin of the others (the trained one and the one
  // loaded for inference, with whatever arguments): an untrained one is trained as those agree.
  if (c) noteTwinBy(model, `class:${it.idOf(cls)}`);
  const fwd = findMember(cls, cls.framework === 'torch' ? 'forward' : 'call');
  if (fwd?.k !== 'function') return;
  // forward(x): x is the model's input, a tensor that went through no layer yet, of the rank the
  // forward shows (`B, K, D = x.shape`), if it shows one, or what the forward does with it later
  // shows (its rank cell: rank-witness.ts).
  const input = tensor({ ...UNKNOWN_FACTS, role: 'input', rankCell: {}, ...inputRankIn(fwd.fn.node, firstParam(fwd.fn.node) ?? '') }, []);
  const fc: CallSite = {
    node: fwd.fn.node,
    site,
    args: { pos: [input], posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false },
    frame: caller,
  };
  const lossesBefore = it.lossEvents;
  const eventsBefore = it.events.length;
  const out = runFunction(it, fwd.fn, inst, fc, caller);
  forwardLosses(it, model, out, eventsBefore);
  if (it.lossEvents > lossesBefore) cls.appliesLoss = true;
  if (cls.framework === 'torch' && it.lossEvents > lossesBefore && looksLikeLoss(obj, fwd.fn)) {
    cls.lossModule = true;
    // Each instance built runs forward (a Lightning module's __init__ runs again for its generic
    // instance): all those runs' losses go once an instance is called as a loss.
    const built = it.events.slice(eventsBefore).filter((e) => e.type === 'loss');
    cls.builtLosses = [...(cls.builtLosses ?? []), ...built];
    if (cls.calledAsLoss) for (const e of built) it.withdrawn.add(e);
  }
  if (out.k === 'tensor' && out.chain) {
    model.layers = out.chain;
    model.open = false;
    if (cls.framework === 'torch') it.defer(() => submoduleClasses.has(cls) || presumedSoftmax(it, model, torchVocab));
  }
  const facts = out.k === 'tensor' ? out.ref : undefined;
  model.output = facts
    ? derive(() => (patched(obj) ? { ...UNKNOWN_FACTS, pred: true, modelOutput: true, model } : heldOutput(facts.get(), obj, model) ?? { ...facts.get(), pred: true, modelOutput: true, model }), facts)
    : TensorRef.of({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model });
  obj.output = wrapOutput(out, model, obj);
  // A Keras model's call returning several heads (`return cls, reg`): compile keys their losses.
  if (cls.framework !== 'torch') recordOutputs(model, out);
  // Returned next to other outputs ({"logits": l, "probs": sigmoid(l)}): an activation there is
  // meant to be read as such, so removing it is no safe fix (edits.ts).
  const parts = returnedParts(out) ?? [];
  for (const v of parts) if (v.k === 'tensor') it.probabilityReads.push(v.ref);
}

const submoduleClasses = new WeakSet<ClassDef>();

/** What calling an instance runs: replacing one on the class (`Net.forward = f`) changes every instance. */
export const CALL_METHODS = /^(?:forward|call|__call__)$/;

const lossesOfClass = new WeakMap<ClassDef, ModelInfo['losses']>();

function classLosses(cls: ClassDef): ModelInfo['losses'] {
  let l = lossesOfClass.get(cls);
  if (!l) lossesOfClass.set(cls, (l = []));
  return l;
}

/** `instance(...)`: a model gives its output; a class with __call__ or a custom Keras layer runs it. */
export function callInstance(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, c: CallSite): PyValue {
  const obj = inst.obj;
  const custom = findMember(obj.cls, '__call__');
  if (custom?.k === 'function') return runFunction(it, custom.fn, inst, c, c.frame);
  const loss = callLossInstance(it, inst, c);
  if (loss) return loss;
  if (obj.cls.framework === 'keras-layer') {
    const call = findMember(obj.cls, 'call');
    return call?.k === 'function' ? runFunction(it, call.fn, inst, c, c.frame) : UNKNOWN;
  }
  if (obj.building || patched(obj)) return obj.model ? tensor({ ...UNKNOWN_FACTS, pred: true }) : UNKNOWN;
  const m = obj.model;
  // A module of one's own given another's activated output (`SoftDice()(torch.sigmoid(z), y)`): its
  // forward computes on those values. One whose forward applies a loss is that loss: what it
  // expects is the loss rules' to judge.
  if (!obj.cls.appliesLoss) inputsOfModel(it, c.args);
  // The output was read from one run of forward with its defaults: a call that sets a parameter
  // forward branches on (`model(x, return_logits=True)`) may take the other branch.
  // The output it gives by default may be what that call returns too: read as it is.
  const method = m && findMember(obj.cls, obj.cls.framework === 'torch' ? 'forward' : 'call');
  if (m && (setsBranchParameter(method, c) || givesTestedNone(method, c))) {
    if (obj.output?.k === 'tensor') it.probabilityReads.push(obj.output.ref);
    const own = method?.k === 'function' ? ranAsCalled(it, inst, method.fn, m, c) : undefined;
    if (own) return own;
    return tensor({ ...UNKNOWN_FACTS, pred: true });
  }
  return obj.output && m ? asTensorOf(modelCall(obj.output, m.layers, m.open, c.args.pos[0]), m.framework) : obj.output ?? UNKNOWN;
}

export function setInstanceAttr(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, name: string, value: PyValue, f: Frame): void {
  const obj = inst.obj;
  const inside = f.env.lookup('self') === inst || obj.building;
  if (!inside && obj.cls.framework && changesModel(obj.cls, name, value)) obj.patched = true;
  // A model held by another one is a part of it (its input may be a sequence, not a batch of rows).
  if (obj.cls.framework && value.k === 'model') submodels.add(value.model);
  if (obj.cls.framework && value.k === 'instance' && value.obj.model) submoduleClasses.add(value.obj.cls);
  const before = obj.attrs.get(name);
  // `self.val_outputs = []` in a hook that empties the list another hook appends to: what the list
  // holds when read is still what the appends put in (as after `.clear()`), not nothing.
  if (inside && !obj.building && before?.k === 'seq' && before.kind === 'list' && isEmptySeq(value) && value.kind === 'list') return;
  obj.attrs.set(name, !f.cond || f.ownAttrs === obj ? value : before ? join(before, value) : UNKNOWN);
}

/** A class nobody instantiates, or methods nobody calls (training_step, hooks): run them once. */
export function runClassGeneric(it: Interp, cls: ClassDef, f: Frame): void {
  const real = realInstances.get(cls) ?? [];
  // A subclass nobody made in the code we see (a registry's `MODELS[name]()`, a CLI's, another
  // program's) may run what it inherits: a base method it shares with a subclass that was made
  // (`on_validation_epoch_end`'s cut, the base forward's sigmoid) serves both, so no edit there is
  // safe. (Not run for it: its own overrides, an inference wrapper's sigmoid, are no mistake of the
  // base's training.)
  // (One with nothing of its own, `class Big(Net): pass`, is the base under another name.)
  if (real.length === 0 && cls.members.size > 0) for (const fn of inheritedMethods(cls)) noteInheritedBy(it, fn, cls);
  const members = [...cls.members.values()].filter((v) => v.k === 'function' && !v.fn.ran);
  if (members.length === 0) return;
  // Each instance the code made runs them (a trainer made for two models, each with its own loss);
  // past a few, one generic instance stands for the class's own, and the first of each subclass
  // for that subclass; with none, a generic one.
  // (Those made by these runs themselves, `return Box(self.a0.to(d))`, are not run again.)
  const generic = () => (cls.generic ??= instantiate(it, cls, undefined, f));
  let selves: PyValue[] = real.length === 0 ? [generic()] : real.length <= MAX_INSTANCE_RUNS ? [...real] : [];
  if (real.length > MAX_INSTANCE_RUNS) {
    const byClass = new Map<ClassDef, PyValue>();
    for (const r of real) if (!byClass.has(r.obj.cls)) byClass.set(r.obj.cls, r.obj.cls === cls ? generic() : r);
    selves = [...byClass.values()];
  }
  for (const self of selves) {
    const own = self.k === 'instance' ? self.obj.cls : cls;
    // What each step returned, for the Lightning hooks given it (trainers.ts).
    const returned = new Map<string, PyValue>();
    for (const name of stepsFirst([...cls.members.keys()])) {
      const v = cls.members.get(name)!;
      // Ran when the instance was built: __init__, and a model's forward / call / build. A method of
      // that name in another class (a Keras Layer never called, a plain class) is like any other.
      if (name === '__init__' || name === testSetUp(cls) || (CONSTRUCTION.has(name) && (cls.framework === 'torch' || cls.framework === 'keras'))) continue;
      if (v.k !== 'function' || v.fn.ran || v.fn.property) continue;
      // A subclass that overrides it never runs this one.
      if (own !== cls) {
        const mine = findMember(own, name);
        if (mine?.k !== 'function' || mine.fn !== v.fn) continue;
      }
      if (runLightningHook(it, self, name, v.fn, returned, f)) continue;
      returned.set(name, runFunction(it, v.fn, self, undefined, f));
    }
  }
}
const MAX_INSTANCE_RUNS = 4;

/** The methods `cls` takes from classes of ours it derives from (the nearest of each name). */
function inheritedMethods(cls: ClassDef): FunctionDef[] {
  const seen = new Set(cls.members.keys());
  const out: FunctionDef[] = [];
  for (const base of mro(cls).slice(1)) {
    for (const [name, v] of base.members) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (v.k === 'function') out.push(v.fn);
    }
  }
  return out;
}

function noteInheritedBy(it: Interp, fn: FunctionDef, cls: ClassDef): void {
  const spans = it.inheritedBy.get(fn.file) ?? it.inheritedBy.set(fn.file, []).get(fn.file)!;
  spans.push({ start: fn.node.startIndex, end: fn.node.endIndex, by: cls.name, fn: fn.name });
}

const ownRuns = new WeakMap<PyObject, Map<string, PyValue | undefined>>();
const MAX_OWN_RUNS = 16;

/** Forward run as this call runs it (`loss, logits = model(x, labels)`): what it returns, when
 *  known. One run per way of calling (parameters given, constants, a batch of one), a few per model. */
function ranAsCalled(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, fn: FunctionDef, m: ModelInfo, c: CallSite): PyValue | undefined {
  const runs = ownRuns.get(inst.obj) ?? ownRuns.set(inst.obj, new Map()).get(inst.obj)!;
  // Constants and None decide branches; any other value is alike (but a batch of one as input).
  const shape = (v: PyValue) => (v.k === 'const' ? `c:${String(v.v)}` : v.k === 'none' ? 'N' : 'v');
  const first = c.args.pos[0];
  const key = [first?.k === 'tensor' && first.single ? '1' : '', ...c.args.pos.slice(1).map(shape), ...[...c.args.kw].map(([k, v]) => `${k}=${shape(v)}`).sort(), c.args.splat ? '*' : ''].join(',');
  if (runs.has(key)) return runs.get(key);
  if (runs.size >= MAX_OWN_RUNS) return undefined;
  // Its input as at the build (a chain of the layers it goes through, for the output's rank).
  const x = c.args.pos[0];
  const input = x?.k === 'tensor' ? { ...x, chain: x.chain ?? [] } : x?.k === 'unknown' ? tensor({ ...UNKNOWN_FACTS, role: 'input' }, []) : x;
  const args = input ? { ...c.args, pos: [input, ...c.args.pos.slice(1)] } : c.args;
  const before = it.events.length;
  const ran = runFunction(it, fn, inst, { ...c, args, otherPath: true, decideGiven: true }, c.frame);
  // A loss this path applies to what it returns trains those outputs (`return loss, logits`).
  forwardLosses(it, m, ran, before);
  const own = wrapOutput(ran, m, inst.obj, true);
  runs.set(key, own);
  return own;
}

