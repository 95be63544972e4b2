// Assignment targets: names, tuple unpacking (`_, pred = torch.max(out, 1)` takes the indices),
// attributes (`self.fc = nn.Linear(...)` sets an instance attribute) and dict items.
import { mayBeModule } from './library-objects';
import { enclosingScope, type SyntaxNode as Node } from './syntax-tree';
import { stillCarried } from './escapes';
import { PyValue, UNKNOWN, GENERIC_ARG, alike, eachOf, str, tensor, derive, storable, childScope, type Env } from './values';
import { join } from './joins';
import { attrsWritten } from './builtins';
import { keptForLater, keptInContainer, readAsProbabilities } from './probability-reads';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import type { Interp, Frame } from './evaluator';
import { maxIndices, maxValues } from './ops';
import { CALL_METHODS, setInstanceAttr } from './objects';
import { replaceHead } from './torchvision';
import { recordItems } from './records';
import { partialCut } from './argmax-uses';
import { layerChanged } from './sequential';
import { itemsDeleted } from './iterated';
import { noteReadByPosition } from './shared-sites';
import { rewritten } from './in-place';

export function assign(it: Interp, target: Node, value: PyValue, f: Frame): void {
  switch (target.type) {
    case 'identifier': {
      // `global x` / `nonlocal x` in the function: the binding outside changes (maybe, in a branch).
      const outer = outerScope(f, target.text);
      // So does a function nobody called, which may never run (`def enable_probs(): global model`).
      if (outer) outer.vars.set(target.text, f.cond || f.generic ? join(outer.vars.get(target.text) ?? UNKNOWN, value) : value);
      else f.env.vars.set(target.text, value);
      return;
    }
    case 'parenthesized_expression':
      if (target.namedChildren[0]) assign(it, target.namedChildren[0], value, f);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const targets = target.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
      // `(out) = net(x)`: tree-sitter's one-item tuple pattern without a comma is the name itself.
      if (target.type === 'tuple_pattern' && targets.length === 1 && !target.children.some((c) => c?.type === ',')) return assign(it, targets[0], value, f);
      // (`first, *rest = model`: its items by position.)
      noteReadByPosition(value);
      // `pred, *_ = model(x)`: the items before and after the starred target are known.
      const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
      if (star >= 0 && value.k === 'seq' && !value.open && value.items.length >= targets.length - 1) {
        const n = value.items.length;
        // The starred name gets the items between as a list.
        const between: PyValue = { k: 'seq', kind: 'list', items: value.items.slice(star, n - (targets.length - 1 - star)) };
        targets.forEach((t, i) => assign(it, i === star ? t.namedChildren[0] ?? t : t, i < star ? value.items[i] : i === star ? between : value.items[n - (targets.length - i)], f));
        return;
      }
      // `conf, _ = p.max(dim=1)`: the indices are thrown away (or named and never read), no argmax is used.
      const items = value.k === 'maxpair' && targets[1] && unread(targets[1]) ? [maxValues(it, value), UNKNOWN] : unpack(it, value, targets.length, targets[0]?.text === '_');
      // (Each part of a model's weights or layers unpacked still carries it: `for i, layer in enumerate(model.layers)`.)
      const kept = stillCarried(value);
      targets.forEach((t, i) => assign(it, t.type === 'list_splat_pattern' ? t.namedChildren[0] ?? t : t, t.type === 'list_splat_pattern' ? kept ?? UNKNOWN : items?.[i] && items[i].k !== 'unknown' ? items[i] : kept ?? items?.[i] ?? UNKNOWN, f));
      return;
    }
    case 'attribute': {
      const objNode = target.childForFieldName('object');
      attributeStored(it, objNode, it.eval(objNode, f), target.childForFieldName('attribute')?.text ?? '', value, f);
      return;
    }
    case 'subscript': {
      const valueNode = target.childForFieldName('value');
      // `model.classifier[6] = head` on a torchvision model: its head replaced.
      if (valueNode?.type === 'attribute') {
        const owner = it.eval(valueNode.childForFieldName('object'), f);
        const i = it.eval(target.childForFieldName('subscript'), f);
        const attr = valueNode.childForFieldName('attribute')?.text ?? '';
        if (owner.k === 'model' && i.k === 'const' && typeof i.v === 'number' && replaceHead(owner, attr, value, f, i.v)) return;
        // `model.segmentation_head[2] = nn.Sigmoid()`, `net.layers[1] = ...` after `net` was built: a
        // part of the model changed, which we do not follow.
        if (owner.k === 'model') replaceLayers(owner);
        changedAfterBuild(owner);
      }
      // `globals()["NUM_CLASSES"] = int(sys.argv[1])`: that module-level name rebound.
      if (valueNode?.type === 'call' && valueNode.text.replace(/\s/g, '') === 'globals()' && !f.env.lookup('globals')) {
        const k = str(it.eval(target.childForFieldName('subscript'), f));
        const env = f.module.env;
        if (k !== undefined) env.vars.set(k, f.cond || env !== f.env ? join(env.vars.get(k), value) : value);
        // (`globals()[f"{split}_probs"] = p`: read later under a name we cannot follow.)
        else keptForLater(it, value);
        return;
      }
      // `head.__dict__["activation"] = fn`, `vars(head)["activation"] = fn`: `head.activation = fn`,
      // whatever `head` is (a layer, a model, an instance).
      const ownerNode = dictOwner(valueNode, f);
      if (ownerNode) {
        const owner = it.eval(ownerNode, f);
        const k = str(it.eval(target.childForFieldName('subscript'), f));
        if (k !== undefined) return attributeStored(it, ownerNode, owner, k, value, f);
        // A name we cannot read: any attribute, the way it computes included.
        attrsWritten(owner, undefined, UNKNOWN);
        if (owner.k === 'layer') layerChanged(owner.layer);
        if (owner.k === 'model') replaceLayers(owner);
        keptForLater(it, value);
        return;
      }
      const obj = it.eval(valueNode, f);
      // The key is read before the store (`preds[preds > 0.5] = 1` compares the values as they were).
      const key = it.eval(target.childForFieldName('subscript'), f);
      // `cfg.__dict__["p"] = v`, `vars(cfg)["p"] = v`: `cfg.p = v`; with a key we cannot read, the
      // settings of that class or instance written, and the value read under a name we do not follow.
      if (obj.k === 'method' && obj.name === '__dict__') {
        const k = str(key);
        if (k !== undefined) return attributeStored(it, null, obj.recv, k, value, f);
        attrsWritten(obj.recv, undefined, UNKNOWN);
        keptForLater(it, value);
      }
      // `submission["target"] = p[:, 0]`, `df["p"] = probs`: handed to code we do not see.
      if (obj.k === 'unknown' && obj !== GENERIC_ARG) readAsProbabilities(it, value);
      // `t[:] = torch.sigmoid(t)`, `preds[preds > 0.5] = 1`: some or all of its values replaced;
      // `all_out[i:i + n] = out`: a batch's predictions kept in a preallocated array, read later.
      if (obj.k === 'tensor') {
        // `pred[pred <= 0.5] = 0` sets the values on one side of the cut only: rewriting that cut
        // alone would leave the others as they were (paired with `pred[pred > 0.5] = 1`).
        partialCut(key, obj);
        overwritten(target.childForFieldName('value'), f);
        readAsProbabilities(it, value);
      }
      // `models[fold] = model`: kept in a container.
      keptInContainer(it, value);
      if (obj.k === 'dict') {
        const k = str(key);
        if (k !== undefined) obj.entries.set(k, storable(obj, f.cond ? join(obj.entries.get(k), value) : value));
        else {
          // `preds[fold] = out`: kept under a key we cannot follow, read later as it is; and any
          // tensor entry may now be it (`for k, v in enc.items(): enc[k] = v.repeat(4, 1)`; a number
          // written so, `out[name + "_n"] = 3`, changes no tensor we would judge).
          readAsProbabilities(it, value);
          if (value.k === 'tensor' || value.k === 'unknown') for (const [name, was] of obj.entries) if (was.k === 'tensor') obj.entries.set(name, storable(obj, join(was, value)));
        }
      }
      // `model.head[-1] = nn.Identity()`: a layer replaced; which one, and what follows, is not tracked.
      replaceLayers(obj);
      // `heads[0] = ProbNet()` in a ModuleList made alike: its items are alike only with the new one.
      if (obj.k === 'modulelist' && obj.each) obj.each = join(obj.each, value);
      // `layers[-1:] = [nn.Linear(8, 1), nn.Sigmoid()]`: a list's items replaced.
      if (obj.k === 'seq' && obj.kind === 'list') {
        setItem(obj, key, value, f);
        readAsProbabilities(it, value); // `preds[i] = out`: kept there, read later as it is
      }
      return;
    }
    default:
      return;
  }
}

/** `obj.name = value`, and setattr with a name we can read (builtins.ts), `obj.__dict__["name"] = value`. */
export function attributeStored(it: Interp, objNode: Node | null, obj: PyValue, name: string, value: PyValue, f: Frame): void {
  if (name === 'activation') activationReplaced(it, objNode, obj, f);
  if (obj.k === 'instance') setInstanceAttr(it, obj, name, value, f);
  // `Net.forward = forward_logits`, `Net.call = ...`: every instance computes something else.
  if (obj.k === 'class' && CALL_METHODS.test(name)) obj.cls.patched = true;
  if (obj.k === 'layer' && (CALL_METHODS.test(name) || name === '__class__')) layerChanged(obj.layer);
  // `CFG.num_classes = len(names)`, `config.NUM_CLASSES = ...` (a module imported whole): the
  // value written, or the one before (another script of the folder may be the one that runs, or
  // the read may come first): both, so that only what they agree on is known.
  else if (obj.k === 'class') obj.cls.members.set(name, join(obj.cls.members.get(name), value));
  if (obj.k === 'module') it.program.setModuleAttr(obj, name, join(it.program.moduleAttr(obj, name), value));
  // `out.logits = torch.sigmoid(out.logits)` on a Hugging Face output record.
  if (obj.k === 'dict' && obj.attrs) obj.entries.set(name, storable(obj, f.cond ? join(obj.entries.get(name), value) : value));
  // Handed to code we do not see (`holder = nn.Module(); holder.clf = model`, then `holder.clf(x) > 0.5`).
  if ((obj.k === 'unknown' && obj !== GENERIC_ARG) || (obj.k === 'layer' && obj.layer.type === 'unknown')) keptForLater(it, value);
  // Any other module set on a PyTorch Sequential replaces the item of that name or is appended
  // after the others (nn.Module.__setattr__): its layers are no longer known. A function set as
  // its `forward` (`model.forward = fn`) is what calling it runs now: not its layers either.
  const replacesRun = ['forward', '__call__', '_call_impl', '_modules', '__class__'].includes(name);
  if (obj.k === 'model' && !replaceHead(obj, name, value, f) && obj.model.framework === 'pytorch' && (replacesRun || mayBeModule(value))) replaceLayers(obj);
  // On a ModuleList so (`heads._modules = OrderedDict(...)`, `heads._modules |= {...}`, `heads.extra = m`):
  // its items, as indexing and iterating read them, are no longer known. (`heads.device = ...`,
  // no module: a plain attribute.)
  if (obj.k === 'modulelist' && (name === '_modules' || mayBeModule(value))) replaceLayers(obj, true);
  // `model.heads.head = nn.Linear(768, 1)` on a torchvision vision transformer.
  // Any other module (or a forward) set inside a model we hold no layout of (`model.head.fc = ...`
  // on a timm ConvNeXt): what it outputs is no longer known.
  if (obj.k === 'method' && obj.recv.k === 'model' && !replaceHead(obj.recv, `${obj.name}.${name}`, value, f) && obj.recv.model.framework === 'pytorch' && (mayBeModule(value) || CALL_METHODS.test(name))) replaceLayers(obj.recv);
  // `t.data = torch.sigmoid(t.data)`: what the name (and its aliases) holds is rewritten in place.
  if (obj.k === 'tensor') overwritten(objNode, f);
}

/** A built model object whose part was changed (`net.layers[1] = ...`, `net.layers.append(...)`):
 *  what it computes is no longer what its forward computed when it was built. */
export function changedAfterBuild(owner: PyValue): void {
  if (owner.k === 'instance' && owner.obj.model && !owner.obj.building) owner.obj.patched = true;
}

/** A tensor named by `n` whose values were written in place: what it holds now is unknown. */
function overwritten(n: Node | null, f: Frame): void {
  if (n?.type === 'identifier') rewritten(f, n.text, UNKNOWN);
}

/** The values of `n` unpacked targets, when the value's shape is known. */
function unpack(it: Interp, v: PyValue, n: number, firstDropped = false): PyValue[] | undefined {
  if (v.k === 'seq' && !v.open && v.items.length === n) return v.items;
  // A collection whose every item is known alike (`x, y` of a batch of one): each target is that.
  // (The pieces of `a, b = torch.split(p, 4)` too.)
  if (alike(v)) return Array.from({ length: n }, () => eachOf(v)!);
  const record = recordItems(v);
  if (record?.length === n) return record;
  // `_, pred = torch.max(p, 1)` reads the indices only.
  if (v.k === 'maxpair' && n === 2) return [firstDropped ? UNKNOWN : maxValues(it, v), maxIndices(it, v)];
  // A model's outputs we cannot tell apart (`cls, dist = student(x)`): each is still a prediction
  // (read lazily: the model may still be growing).
  if (v.k === 'tensor') {
    const ref = v.ref;
    // (What each of them is we do not follow: where they are read, the output is read as it is.)
    readAsProbabilities(it, v);
    return Array.from({ length: n }, () => tensor(derive(() => ({ ...UNKNOWN_FACTS, pred: !!ref.get().pred }), ref)));
  }
  return undefined;
}

const declaredOuter = new WeakMap<Node, Map<string, 'global' | 'nonlocal'>>();

/** The scope a name assigned in this frame's function lives in, when the function declares it
 *  `global` (the module's) or `nonlocal` (the nearest enclosing function's that binds it). */
function outerScope(f: Frame, name: string): Env | undefined {
  const fn = f.fn;
  if (!fn) return undefined;
  let names = declaredOuter.get(fn.node);
  if (!names) {
    names = new Map();
    for (const s of fn.node.descendantsOfType(['global_statement', 'nonlocal_statement'])) {
      for (const id of s.namedChildren) if (id?.type === 'identifier') names.set(id.text, s.type === 'global_statement' ? 'global' : 'nonlocal');
    }
    declaredOuter.set(fn.node, names);
  }
  const kind = names.get(name);
  if (kind === 'global') return childScope(f.env) ?? f.module.env;
  if (kind === 'nonlocal') for (let e = f.env.parent; e; e = e.parent) if (e.kind === 'function' && e.vars.has(name)) return e;
  return undefined;
}

/** A Sequential (or ModuleList) whose items are replaced or deleted: its layers are no longer known. */
/** `head.activation = None`, `model.layers[-1].activation = keras.activations.linear`: a Keras
 *  layer's activation replaced after it was built. That layer's activation, or the layers of the
 *  model it was picked from, are no longer known. */
export function activationReplaced(it: Interp, objNode: Node | null, obj: PyValue, f: Frame): void {
  if (obj.k === 'layer') {
    obj.layer.activation = undefined;
    return;
  }
  if (obj.k === 'instance') return; // `self.activation = nn.ReLU()`: an attribute of its own
  let n = objNode;
  while (n && (n.type === 'subscript' || n.type === 'attribute' || n.type === 'call')) n = n.type === 'call' ? n.childForFieldName('function') : n.childForFieldName(n.type === 'subscript' ? 'value' : 'object');
  if (n?.type === 'identifier') replaceLayers(it.eval(n, f));
  // A layer we do not follow (`model.get_layer("out")`, a functional model's `layers[-1]`, an alias
  // of one): any Keras model built so far may be the one whose output changed.
  for (const m of it.models) {
    if (m.framework !== 'keras') continue;
    m.open = true;
    m.output = TensorRef.of({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model: m });
  }
}

/** `xs[i] = v` with a known index on a list we know: that item; anything else (a slice, an unknown
 *  index, a branch): the items are no longer known. */
function setItem(list: Extract<PyValue, { k: 'seq' }>, key: PyValue, value: PyValue, f: Frame): void {
  const i = key.k === 'const' && typeof key.v === 'number' && Number.isInteger(key.v) ? key.v : undefined;
  const j = i === undefined ? -1 : i < 0 ? list.items.length + i : i;
  if (!list.open && !f.cond && j >= 0 && j < list.items.length) {
    list.items[j] = storable(list, value);
    return;
  }
  list.open = true;
  list.head = undefined;
  list.tail = [];
  list.each = undefined;
}

/** `all`: which item is replaced is not known either (`setattr(heads, "0", m)`, `heads._modules[k] = m`). */
export function replaceLayers(obj: PyValue, all = false): void {
  if (obj.k === 'model') obj.model.open = true;
  else if (obj.k === 'method' && obj.recv.k === 'model' && obj.name === '_modules') obj.recv.model.open = true; // `model._modules["act"] = ...`
  else if (obj.k === 'method' && obj.recv.k === 'modulelist' && obj.name === '_modules') replaceLayers(obj.recv, true);
  else if (obj.k === 'modulelist') {
    obj.items = undefined;
    if (all) obj.each = obj.tail = undefined;
  }
  else if (obj.k === 'seq') itemsDeleted(obj); // `del preds[1:]`, `preds[0] = x`: how many, unknown
}

/** `_`, or a name its function (or module) uses nowhere else; (only for a max's pair: rare enough
 *  to read the scope's names each time). A nested function or a string (`eval`, an f-string) that
 *  names it reads it. */
function unread(target: Node): boolean {
  if (target.text === '_') return true;
  if (target.type !== 'identifier') return false;
  const scope = enclosingScope(target);
  if (!scope) return false;
  if (scope.identifiersNamed(target.text).length > 1) return false;
  for (const str of scope.descendantsOfType('string')) if (new RegExp(`\\b${target.text}\\b`).test(str.text)) return false;
  return true;
}

/** The object whose attributes `node` is, as a dict: `x.__dict__`, `vars(x)` (the builtin). */
function dictOwner(node: Node | null, f: Frame): Node | undefined {
  if (node?.type === 'attribute' && node.childForFieldName('attribute')?.text === '__dict__') return node.childForFieldName('object') ?? undefined;
  const args = node?.type === 'call' && node.childForFieldName('function')?.text === 'vars' && !f.env.lookup('vars') ? node.childForFieldName('arguments')?.namedChildren : undefined;
  return args?.length === 1 && args[0].type !== 'list_splat' && args[0].type !== 'keyword_argument' ? args[0] : undefined;
}
