// What `x.name`, `x[i]` and `x(...)` mean for each kind of abstract value. Framework APIs go to
// torch.ts / keras.ts / numpy.ts by canonical name; user functions and classes run their bodies.
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, tensor, oneSampleBatches } from './values';
import { markPartial } from './unseen-changes';
import { handedOver } from './handed-over';
import { DICT_READS, dictMethod, seqMethod } from './container-methods';
import { UNKNOWN_FACTS } from '../core/facts';
import { freeze } from './no-grad';
import { receiverFirst, type Interp, type Frame, type CallSite } from './evaluator';
import { api } from './program';
import { runFunction } from './statements';
import { callInstance, findMember, instantiate, mro } from './objects';
import { callbacksSee } from './saved-elsewhere';
import { modulesOf } from './instance-attrs';
import { getInstanceAttr } from './instance-attrs';
import { restoredInstance, RESTORING } from './restored';
import { isClassMethod } from './params';
import { compiledForOwnTraining, noteOwnSteps } from './compile';
import { CONSUMING_METHODS, EXPORT_METHODS, inputsOfModel, modelExported, readsAsMethod, unmodeledCall } from './probability-reads';
import { maxIndices, maxValues, modelCall, reshaped, same } from './ops';
import { axesReordered } from './axis-order';
import { bareLayerModel, callLayer, isLayerChanged, layerChanged, markUsed, sequentialBase, sequentialOf, superSequential } from './sequential';
import { torchCall, torchMethod } from './torch';
import { LAYER_CHANGES, heldModules, instanceModules, registryMethod, wrapperAttribute, wrappedModule } from './module-changes';
import { globalHook, hookMayReturn, hookedCall } from './part-changes';
import { kerasCall, kerasMethod } from './keras';
import { applications, hubCall } from './keras-heads';
import { kerasVocab } from './vocab-keras';
import { numpyCall } from './numpy';
import { gathered } from './gathered';
import { PROGRESS_BARS, STRING_CASES, attrsWritten, builtinCall, stringMethod } from './builtins';
import { changedAfterBuild } from './assign';
import { boundCall, partial } from './copies';
import { stdlibCall } from './stdlib-calls';
import { isHfModel, modelOutputOf, reachesHfHead, transformersCall } from './transformers';
import { modelInput } from './hf-tokenizers';
import { mayBeRun, ranSomewhere, started } from './module-runners';
import { weightedWalk } from './type-selected';
import { noteHooked } from './class-escapes';
import { intoModel, unmodelledReduction } from './rank-witness';
import { noteReachedElsewhere, noteReadByPosition, noteUser } from './shared-sites';
import { fittingSign, noteOptimised } from './training';
import { callLoss, callMetric, callRegression, sklearnMetric } from './losses';
import { callMetric as callTorchmetric, torchmetricsCall } from './torchmetrics';
import { predictsAsCalled, reachesSmpHead, smpCall, smpLoss } from './smp';
import { headReadAlone, resetClassifier, timmModel, torchvisionCall } from './torchvision';
import { lastLayerOf, outputsOf } from './keras-outputs';
import { trainerCall, skorchSubclass, superSkorch, skorchBase } from './trainers';
import { superLossMethod } from './loss-classes';
import { checkedWhole, comparedPerSample } from './argmax-uses';
import { libraryAttribute, libraryCall, plainObject } from './library-objects';
import { attributeTakenOut, carriedAttribute, delegated, methodTakenOut } from './escapes';

export function attribute(it: Interp, obj: PyValue, name: string, node: Node, f: Frame): PyValue {
  // A Hugging Face encoder's `outputs.last_hidden_state`: [batch, tokens, hidden], a sequence.
  if (HIDDEN_STATES.has(name) && (obj.k === 'api' || obj.k === 'unknown' || obj.k === 'tensor')) return tensor({ ...UNKNOWN_FACTS, role: 'data', minRank: 3 });
  // A Hugging Face config's `use_return_dict` (`return_dict if return_dict is not None else
  // self.config.use_return_dict` in every head): True unless a config sets return_dict=False.
  if (name === 'use_return_dict' && (obj.k === 'unknown' || obj.k === 'method')) return { k: 'const', v: true };
  // Its `pooler_output`: [batch, hidden], one vector a sample.
  if (name === 'pooler_output' && (obj.k === 'api' || obj.k === 'unknown' || obj.k === 'tensor')) return tensor({ ...UNKNOWN_FACTS, role: 'data', rank: 2 });
  // `CFG.__dict__.update(yaml.safe_load(f))`: the settings of a class or an instance written.
  if (name === '__dict__' && (obj.k === 'class' || obj.k === 'instance')) return (obj.k === 'instance' && wrapperAttribute(it, obj, name)) || { k: 'method', recv: obj, name };
  // `model.layers[-1].output`, `model.get_layer(index=-1).output`: a Keras model's own output.
  if (name === 'output') {
    const m = lastLayerOf(node, f);
    if (m?.k === 'model' && m.model.framework === 'keras') return tensor(m.model.output);
  }
  const kept = obj.k === 'unknown' && carriedAttribute(obj, name); // `model.layers[-1].kernel` (escapes.ts)
  if (kept) return kept;
  switch (obj.k) {
    case 'const':
      return typeof obj.v === 'string' && Object.hasOwn(STRING_CASES, name) ? { k: 'method', recv: obj, name } : UNKNOWN;
    case 'api':
      // An object an API made keeps its arguments for its methods (a Process's target for `run()`).
      if (obj.bound && obj.name.endsWith('()')) return { k: 'api', name: `${obj.name}.${name}`, bound: obj.bound };
      return api(`${obj.name}.${name}`);
    case 'module':
      return it.program.moduleAttr(obj, name);
    case 'instance':
      if (obj.wrapped && wrapperAttribute(it, obj, name)) return wrapperAttribute(it, obj, name)!;
      return getInstanceAttr(it, obj, name, f) ?? delegated(it, obj, name, node, f) ?? (name === 'module' ? wrappedModule(it, obj) : { k: 'method', recv: obj, name });
    case 'class': {
      const m = findMember(obj.cls, name);
      // `Net.from_config(cfg)`: a @classmethod gets the class as its first parameter.
      if (m?.k === 'function' && isClassMethod(m.fn.node)) return { ...m, self: obj };
      // Lightning's `Net.load_from_checkpoint(path)`, Hugging Face's `Net.from_pretrained(name)`:
      // an instance of the class, its arguments the saved ones (objects.ts restoredInstance).
      if (!m && obj.cls.framework === 'torch' && RESTORING.has(name)) return { k: 'method', recv: obj, name };
      return m ?? UNKNOWN;
    }
    case 'super': {
      // The classes after this one in the instance's own order (`super()` in a mixin reaches its
      // sibling, not its base).
      const own = obj.self.k === 'instance' ? mro(obj.self.obj.cls) : [];
      const at = own.indexOf(obj.cls);
      for (const c of at >= 0 ? own.slice(at + 1) : mro(obj.cls).slice(1)) {
        const m = c.members.get(name);
        if (m?.k === 'function') return { k: 'function', fn: m.fn, self: obj.self };
        if (m) return m;
      }
      // A framework loss base (super().__init__(...), super().forward(input, target)): loss-classes.ts;
      // a Sequential base (super().__init__(*layers)): sequential.ts; a skorch net: trainers.ts.
      return { k: 'method', recv: obj.cls.lossBase || (name === '__init__' && (sequentialBase(obj.cls) || skorchBase(obj.cls))) ? obj : { k: 'unknown' }, name };
    }
    case 'tensor':
      if (name === 'data') return same(obj);
      // `.mT` / `.mH` / `.H` transpose the last two axes, `.T` all of them (`for col in z.T`, one
      // class's column each): the same values, the width no longer last, the classes' axis moved
      // off the last (ops.ts lastAxisAfter: unless to axis 1 of a sequence's).
      if (name === 'T' || name === 'mT' || name === 'mH' || name === 'H') return axesReordered(obj, name, []);
      if (name === 'shape' || name === 'dtype' || name === 'device') return plainObject(name === 'device' ? 'device' : 'other');
      if (name === 'grad') return UNKNOWN;
      return { k: 'method', recv: obj, name };
    case 'maxpair':
      return name === 'indices' ? maxIndices(it, obj) : name === 'values' ? maxValues(it, obj) : UNKNOWN;
    case 'model':
      if (obj.wrapped && wrapperAttribute(it, obj, name)) return wrapperAttribute(it, obj, name)!;
      // A Keras model's layers read by position or name (`m.layers[:-1]`, `m.get_layer("prob")`):
      // removing one of them is no safe fix (vocab-keras.ts layersRead).
      if (obj.model.framework === 'keras' && (name === 'layers' || name === 'get_layer')) noteReachedElsewhere(obj.model.site);
      // A PyTorch model's items read by their registered names (`model._modules["3"]`,
      // `getattr(model, "3")`: a Sequential's item names are its positions): as by position.
      if (obj.model.framework === 'pytorch' && (name === '_modules' || /^\d+$/.test(name))) noteReadByPosition(obj);
      // A Keras application's top reached (`layers[-1]`, `get_layer(...)`, `pop()`, `.output`) to
      // cut or change it: its output is no longer what it was built with, as far as we know. (A
      // loop over `.layers` freezing them changes nothing.)
      if (applications.has(obj.model) && (/^(?:get_layer|pop|output|outputs)$/.test(name) || (name === 'layers' && topReached(node)))) obj.model.open = true;
      // An smp model's head reached (`head = model.segmentation_head`, then `head[2] = nn.Sigmoid()`):
      // what it computes is no longer what it was built with, as far as we know.
      else if (reachesSmpHead(obj.model, name) || reachesHfHead(obj.model, name, node)) obj.model.open = true;
      else if (predictsAsCalled(obj.model, name)) return obj;
      else if (headReadAlone(obj.model, name, node)) modelExported(it, obj);
      // A Keras model's `.output` (`keras.Model(model.input, model.output)`, a serving twin): its output.
      else if (name === 'output' && obj.model.framework === 'keras') return tensor(obj.model.output);
      // Its `.outputs`: the list of them (`keras.Model(model.inputs, model.outputs)`).
      else if (name === 'outputs' && obj.model.framework === 'keras') return { k: 'seq', kind: 'list', items: (outputsOf(obj.model) ?? [{ ref: obj.model.output }]).map((o) => tensor(o.ref)) };
      return attributeTakenOut(obj.model, name, obj) ?? (name === 'module' ? wrappedModule(it, obj) : { k: 'method', recv: obj, name });
    case 'dict':
      return (obj.attrs && obj.entries.get(name)) || { k: 'method', recv: obj, name };
    case 'layer':
    case 'loss':
    case 'metric':
    case 'seq':
    case 'modulelist':
      return { k: 'method', recv: obj, name };
    case 'method':
      if (obj.name === '__dict__' && !DICT_READS.has(name)) attrsWritten(obj.recv, undefined, UNKNOWN);
      // `model.classifier.add_module("7", nn.Sigmoid())`, `.append(...)`: a part of the model (a
      // torchvision head we do not hold as a value) changed: its layers are no longer known.
      if (obj.recv.k === 'model' && LAYER_CHANGES.has(name)) obj.recv.model.open = true;
      // `heads._modules.update(...)`: its registry of items changed.
      if (obj.name === '_modules') registryMethod(obj.recv, name);
      // `model.__call__.get_concrete_function(spec)`: traced for TFLite or a SavedModel signature.
      if (name === 'get_concrete_function') modelExported(it, obj.recv);
      return carriedAttribute(obj, name) ?? UNKNOWN;
    case 'function':
    case 'unknown':
      // `tf.function(lambda t: model(t)).get_concrete_function(spec)`: which model it traces, we do
      // not follow; every Keras model so far may be exported (TFLite, a frozen graph).
      if (name === 'get_concrete_function') for (const m of it.models) if (m.framework === 'keras') modelExported(it, { k: 'model', model: m, vocab: kerasVocab });
      if (obj.k === 'function') return name === '__call__' ? obj : UNKNOWN; // `f.__call__(m)` is `f(m)`
      // img.unsqueeze(0) on a value we know nothing of still makes a batch of one; and
      // `outputs.logits.softmax(-1)` (a model from an installed package) still makes probabilities.
      return libraryAttribute(obj, name) ?? (TENSOR_METHODS.has(name) ? { k: 'method', recv: tensor({ ...UNKNOWN_FACTS }), name } : UNKNOWN);
    default:
      return UNKNOWN;
  }
}

/** `base.layers[-1]`, `base.layers[-2:]`, `base.layers[:-1]`: an index or slice from the end. */
function topReached(attr: Node): boolean {
  const p = attr.parent;
  return p?.type === 'subscript' && p.childForFieldName('value')?.endIndex === attr.endIndex && /-/.test(p.childrenForFieldName('subscript').map((s) => s?.text ?? '').join(','));
}

/** Methods only a tensor has, so a value we know nothing of that has one is a tensor. */
const TENSOR_METHODS = new Set(['unsqueeze', 'view', 'reshape', 'softmax', 'log_softmax', 'sigmoid']);

export function callValue(it: Interp, callee: PyValue, c: CallSite): PyValue {
  return hookedCall(it, callee, calledOnce(it, callee, c));
}

function calledOnce(it: Interp, callee: PyValue, c: CallSite): PyValue {
  switch (callee.k) {
    case 'api':
      // A partial called with `*args` / `**kw`: any argument it binds may be given again there.
      if (callee.bound && !callee.bound.site && c.args.splat) return UNKNOWN;
      return apiCall(it, callee.name, callee.bound ? boundCall(callee.bound, c) : c);
    case 'function':
      return runFunction(it, callee.fn, callee.self, c, c.frame);
    case 'class':
      skorchSubclass(it, callee.cls, c);
      return instantiate(it, callee.cls, c, c.frame);
    case 'instance':
      otherModule(c);
      return callInstance(it, callee, c);
    case 'layer': {
      if (callee.layer.type !== 'activation' && callee.layer.type !== 'softmax') otherModule(c);
      const bare = bareLayerModel(it, callee, c);
      if (!bare && isLayerChanged(callee.layer)) return tensor({ ...UNKNOWN_FACTS, pred: true });
      return bare ? callValue(it, bare, c) : callLayer(it, callee, c.args.pos[0], c.site);
    }
    case 'model': {
      const m = callee.model;
      otherModule(c);
      markUsed(m);
      const input = intoModel(it, m, modelInput(isHfModel, m, c));
      inputsOfModel(it, c.args);
      const chain = input?.k === 'tensor' && input.chain && !m.open && m.kind === 'sequential' ? [...input.chain, ...m.layers] : undefined;
      return modelOutputOf(it, m, modelCall(tensor(m.output, chain), m.layers, m.open, input), c);
    }
    case 'loss':
      // A partial's keywords given again at the call (`loss_fn(y, p, from_logits=False)`): those win.
      if (callee.bound && (c.args.kw.has('from_logits') || c.args.splat)) return tensor({ ...UNKNOWN_FACTS });
      return callLoss(it, callee, c);
    case 'metric':
      return callee.sigmoidsLogits ? callTorchmetric(it, callee, c) : callMetric(it, callee, c, 0);
    case 'regression':
      return callRegression(it, callee, c);
    case 'method':
      return methodCall(it, callee.recv, callee.name, c);
    case 'unknown':
      otherModule(c);
      if (mayBeRun(c)) ranSomewhere(it, c);
      return libraryCall(it, callee, c) ?? (opaqueModelCall(c) ? tensor({ ...UNKNOWN_FACTS, pred: true }) : UNKNOWN);
    default:
      return UNKNOWN;
  }
}

/** `self.act(h)` in a method, for an instance whose `self.act` is no activation (a head's activation
 *  given to __init__: a sigmoid for one instance, a module of one's own for another): noted, so that
 *  no fix removes the call for all of them (ops.ts applyTo notes the activations; vocab-common.ts). */
function otherModule(c: CallSite): void {
  const fn = c.node.childForFieldName('function');
  if (c.frame.fn?.owner && fn?.type === 'attribute' && fn.childForFieldName('object')?.text === 'self') noteUser(c.site, () => 'another module');
}

/** `teacher(x)`, `self.backbone(x)`, `model.module(x)` with a model we cannot see (torchvision, timm,
 *  a checkpoint): most likely a prediction, so it is not taken for data (e.g. swapped arguments). */
function opaqueModelCall(c: CallSite): boolean {
  const fn = c.node.childForFieldName('function');
  const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  return !!name && c.args.pos.length > 0 && /model|net|backbone|student|teacher|classifier|encoder|decoder|head|forward|predict/i.test(name);
}

function apiCall(it: Interp, name: string, c: CallSite): PyValue {
  const root = name.split('.')[0];
  globalHook(it, name, c);
  let v: PyValue | undefined = gathered(it, name, c);
  if (v) return v;
  // `object.__setattr__(model, "__class__", P)`, `nn.Module.__setattr__(...)`: setattr itself.
  if (/^(?:builtins\.object|torch\.nn\.(?:modules\.module\.)?Module)\.__setattr__$/.test(name)) v = builtinCall(it, 'setattr', c);
  else if (root === 'torch' || root === 'torch_geometric' || root === 'pytorch_lightning' || name === 'collections.OrderedDict') v = torchCall(it, name, c);
  // torchvision: its losses, and its classification models (a head to replace).
  else if (root === 'torchvision') v = torchvisionCall(it, name, c);
  else if (root === 'timm') v = timmModel(it, name, c);
  // segmentation_models_pytorch: its architectures' heads and its losses (smp.ts).
  else if (root === 'segmentation_models_pytorch') v = smpCall(it, name, c) ?? smpLoss(name, c);
  else if (root === 'ignite' || root === 'skorch' || root === 'accelerate' || root === 'lightning' || root === 'lightning_fabric' || root === 'fastai') v = trainerCall(it, name, c);
  else if (root === 'keras' || root === 'tensorflow') v = kerasCall(it, name, c);
  else if (root === 'keras_hub' || root === 'keras_nlp' || root === 'keras_cv') v = hubCall(it, name, c);
  else if (root === 'numpy') v = numpyCall(it, name, c);
  else if (root === 'sklearn') v = sklearnMetric(it, name, c);
  // `list.append(models, m)`: the method, unbound.
  else if (/^builtins\.list\.\w+$/.test(name) && c.args.pos[0]?.k === 'seq') v = methodCall(it, c.args.pos[0], name.slice(14), { ...c, args: { ...c.args, pos: c.args.pos.slice(1), posNodes: c.args.posNodes.slice(1) } });
  else if (root === 'builtins') v = builtinCall(it, name.slice(9), c);
  else if (name === 'itertools.islice' || PROGRESS_BARS.test(name)) v = builtinCall(it, 'islice', c);
  else if (name === 'functools.partial') v = partial(it, c);
  else if (root === 'multiprocessing' || root === 'threading' || root === 'concurrent') v = started(it, name, c);
  else if (root === 'transformers') v = transformersCall(it, name, c);
  else if (root === 'torchmetrics') v = torchmetricsCall(it, name, c);
  else v = stdlibCall(it, root, name, c);
  // `dict.update(heads._modules, {...})`: a module's registry of items changed by the method, unbound.
  const first = c.args.pos[0];
  if (/^(?:builtins\.dict|collections\.OrderedDict)\.\w+$/.test(name) && first?.k === 'method' && first.name === '_modules') registryMethod(first.recv, name.slice(name.lastIndexOf('.') + 1));
  // `tf.keras.Sequential.add(model, layer)`, `nn.Sequential.append(model, nn.Sigmoid())`: the method, unbound.
  if (!v && /(?:^|\.)(?:Sequential|ModuleList|ModuleDict)\.[a-z_]\w*$/.test(name) && (first?.k === 'model' || first?.k === 'modulelist')) v = methodCall(it, first, name.slice(name.lastIndexOf('.') + 1), { ...c, args: { ...c.args, pos: c.args.pos.slice(1), posNodes: c.args.posNodes.slice(1) } });
  if (/^torch\.optim\.(?!lr_scheduler|swa_utils)\w+$|(?:^|\.)(?:Adam\w*|SGD|RMSprop|Adagrad|Adadelta|LBFGS|Lion|Lamb|Adafactor|create_optimizer\w*)$/.test(name)) noteOptimised(it, c);
  unmodeledCall(it, { k: 'api', name }, c.args, v !== undefined);
  // A function given to an API (`map(binarize, xs)`, `np.vectorize(f)`): called there, on its values.
  handedOver(it, c.args, c.frame, v !== undefined);
  return v ?? unmodelledReduction(name, c) ?? UNKNOWN;
}

const HIDDEN_STATES = new Set(['last_hidden_state', 'encoder_last_hidden_state']);

const MODULE_ITERATORS = new Set(['modules', 'named_modules']);
/** What `module(x)` runs: `module.__call__(x)`, and nn.Module's own `_call_impl` / `_wrapped_call_impl`. */
const CALLED = new Set(['__call__', '_call_impl', '_wrapped_call_impl']);
/** A module's methods that give its items in order (or by position, or their count). */
const REGISTRY_READS = new Set(['children', 'named_children', 'modules', 'named_modules', 'get_submodule', '__getitem__', '__len__', '__iter__']);
/** Methods of a tf.data dataset that keep its batches as they are. */
const KEEPS_BATCHES = new Set(['take', 'skip', 'prefetch', 'cache', 'shuffle', 'repeat']);
const SELF_RETURNING = new Set(['to', 'cuda', 'cpu', 'eval', 'train', 'float', 'double', 'half', 'requires_grad_', 'share_memory', 'apply', 'bfloat16', 'type', 'zero_grad']);

function methodCall(it: Interp, recv: PyValue, name: string, c: CallSite): PyValue {
  const taken = methodTakenOut(it, recv, name); // a model's weights, layers or config taken out, or saved
  if (taken) return taken;
  switch (recv.k) {
    case 'const':
      return stringMethod(recv, name, c);
    case 'class':
      return RESTORING.has(name) ? restoredInstance(it, recv.cls, name, c) : UNKNOWN;
    case 'tensor':
      // `p.log()`, `p.topk(k)`, `p.item()`: read as they are (probability-reads.ts).
      if (readsAsMethod(name)) it.probabilityReads.push(recv.ref);
      if (CONSUMING_METHODS.has(name)) it.consumedAsProbabilities.push(recv.ref);
      if ((name === 'eq' || name === 'ne' || name === 'equal') && c.args.pos.some((v) => v.k !== 'const')) {
        const result = torchMethod(it, recv, name, c) ?? reshaped(recv);
        comparedPerSample([recv, ...c.args.pos], result);
        return result;
      }
      // `(pred == y).all()`: a check of the whole tensor.
      if (name === 'all' || name === 'any') checkedWhole(recv);
      return torchMethod(it, recv, name, c) ?? reshaped(recv);
    case 'instance': {
      // `trainer.predict(ds)` of a subclass of Hugging Face's Trainer (library-objects.ts).
      const lib = libraryCall(it, recv.obj, c, name);
      if (lib) return lib;
      if (name === 'requires_grad_') freeze(recv.obj.model, c);
      fittingSign(recv, name, c);
      // `model.apply(set_export)`: the function is called with each module, the model itself among
      // them (what it sets there, `m.export = True`, may change what forward returns).
      const fn = c.args.pos[0];
      // A callback given its model by hand (`cb.set_model(b)`).
      if (name === 'set_model' && fn && !findMember(recv.obj.cls, name)) callbacksSee([recv], fn);
      if (name === 'apply' && recv.obj.cls.framework === 'torch' && fn?.k === 'function') {
        for (const m of modulesOf(recv)) it.callWith(fn, [m], c.node, c.frame);
      }
      if (SELF_RETURNING.has(name)) return recv;
      // `for name, m in model.named_modules(): if isinstance(m, Head): m.export = True`: the model
      // and the modules of our classes in it (a layer's attributes change nothing we follow).
      // `model.get_submodule("body")`, `model.children()`: the modules it holds, as `model.body` reads them.
      if (/^(?:get_submodule|children|named_children)$/.test(name) && recv.obj.cls.framework === 'torch') return heldModules(it, recv, name, c);
      if (MODULE_ITERATORS.has(name) && recv.obj.cls.framework === 'torch') {
        return instanceModules(recv, name as 'modules' | 'named_modules', c) ?? markPartial({ k: 'seq', kind: 'list', items: modulesOf(recv).map((m): PyValue => (name === 'named_modules' ? { k: 'seq', kind: 'tuple', items: [UNKNOWN, m] } : m)) });
      }
      // A forward hook may return another output than forward's.
      if (name === 'register_forward_hook' && recv.obj.cls.framework) {
        recv.obj.patched = true;
        noteHooked(recv.obj.cls);
      }
      // `model.__setattr__("fc", head)` is `setattr(model, "fc", head)`.
      // `model.add_module("fc", head)` too (it replaces a module of that name).
      if (name === '__setattr__' || ((name === 'add_module' || name === 'register_module') && recv.obj.cls.framework === 'torch')) return builtinCall(it, 'setattr', receiverFirst(c, recv)) ?? UNKNOWN;
      if (EXPORT_METHODS.has(name)) modelExported(it, recv);
      if (name === 'forward' || CALLED.has(name) || name === 'call') return callInstance(it, recv, c);
      const seq = sequentialOf(recv.obj);
      if (seq) return methodCall(it, seq, name, c);
      const m = recv.obj.model;
      // A train_step of its own that never uses the compiled loss: compile's loss and metrics are
      // not what trains or measures this model.
      if (m && m.framework === 'keras' && name === 'compile' && compiledForOwnTraining(it, recv.obj.cls, m, c)) return UNKNOWN;
      if (m && m.framework === 'keras' && name === 'compile') noteOwnSteps(recv.obj.cls, m);
      // A predict_step of its own (`return tf.sigmoid(self(x))`): predict() returns what it does.
      if (m && /^predict(?:_on_batch|_generator)?$/.test(name) && findMember(recv.obj.cls, 'predict_step')?.k === 'function') return UNKNOWN;
      if (m && m.framework === 'keras') return kerasMethod(it, { k: 'model', model: m, vocab: it.vocabOf(c.frame) }, name, c) ?? UNKNOWN;
      if (m && name === 'predict_step') return callInstance(it, recv, c);
      return UNKNOWN;
    }
    case 'model':
    case 'layer':
      if (recv.k === 'model' && name === 'reset_classifier') return resetClassifier(it, recv, c);
      // (Not a walk that does something only for weighted layers: `for m in model.modules(): init(m)`.)
      if (REGISTRY_READS.has(name) && !weightedWalk(c, name)) noteReadByPosition(recv);
      // `model.fc.register_forward_hook(...)`: a part of a built model hooked, its output may change.
      if (recv.k === 'layer' && LAYER_CHANGES.has(name)) layerChanged(recv.layer, !/^register_forward(?:_pre)?_hook$/.test(name) || hookMayReturn(it, recv, c));
      if (name === 'register_forward_hook') changedAfterBuild(it.eval(c.node.childForFieldName('function')?.childForFieldName('object')?.childForFieldName('object') ?? null, c.frame));
      if (name === 'requires_grad_' && recv.k === 'model') freeze(recv.model, c);
      fittingSign(recv, name, c);
      if (SELF_RETURNING.has(name)) return recv;
      if (EXPORT_METHODS.has(name)) modelExported(it, recv);
      // `model.forward(x)` on an nn.Sequential or a layer: the call itself.
      if (name === 'forward' || CALLED.has(name)) return callValue(it, recv, c);
      return (recv.k === 'model' && recv.model.framework !== 'pytorch' ? kerasMethod(it, recv, name, c) : torchMethod(it, recv, name, c)) ?? UNKNOWN;
    case 'modulelist':
      // A dataset of batches of one (`ds.batch(1).take(20)`): still batches of one; `gen.next()`
      // (a Keras iterator) is one of them.
      if (oneSampleBatches.has(recv) && KEEPS_BATCHES.has(name)) return recv;
      if (oneSampleBatches.has(recv) && (name === 'next' || name === '__next__') && recv.each) return recv.each;
      return torchMethod(it, recv, name, c) ?? UNKNOWN;
    case 'loss':
      if (name === '__call__' || name === 'forward' || name === 'call') return callLoss(it, recv, c);
      return SELF_RETURNING.has(name) ? recv : UNKNOWN;
    case 'metric':
      if (recv.sigmoidsLogits) return name === 'update' || name === 'forward' ? callTorchmetric(it, recv, c) : UNKNOWN;
      return name === 'update_state' ? callMetric(it, recv, c, 0) : UNKNOWN;
    case 'super':
      return superSequential(it, recv, name, c) ?? superLossMethod(it, recv, name, c) ?? superSkorch(it, recv, name, c) ?? UNKNOWN;
    case 'dict':
      return dictMethod(it, recv, name, c);
    case 'seq':
      return seqMethod(it, recv, name, c);
    default:
      return UNKNOWN;
  }
}
