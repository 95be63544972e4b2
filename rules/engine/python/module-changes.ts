// Methods that change a built PyTorch Sequential or ModuleList: items added by name or position
// (followed: the Sequential's output is then its new last layer's), and every other change of its
// items or hooks (not followed: its layers, or which items are alike, become unknown).
import type { ModelInfo } from '../core/facts';
import { addModule, addedConditionally, moduleItem } from './sequential';
import { PyValue, UNKNOWN, str } from './values';
import { join } from './joins';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { changedAfterBuild, replaceLayers } from './assign';
import { DICT_READS } from './container-methods';
import { markPartial } from './unseen-changes';
import { mayBeModule } from './library-objects';
import { unwrapped } from './torch';
import { modelExported } from './probability-reads';
import { setsAttrsByName } from './instance-attrs';

/** Methods that change a module's layers or what it outputs (the ones that add a known layer,
 *  append/add_module/register_module/extend, are followed before this set is asked). */
export const LAYER_CHANGES = new Set(['append', 'add_module', 'register_module', 'extend', 'insert', 'pop', '__setitem__', '__delitem__', '__setattr__', '__delattr__', 'register_forward_hook', 'register_forward_pre_hook']);

/** The names of a PyTorch Sequential's items (`OrderedDict` keys, else "0", "1", ...; undefined for
 *  one computed when added), where known. */
const itemNames = new WeakMap<ModelInfo, Array<string | undefined>>();

export function nameItems(model: ModelInfo, names: Array<string | undefined>): void {
  itemNames.set(model, names);
}

/** `seq.add_module("act", nn.Sigmoid())`, `heads.append(head)`, `seq.register_forward_hook(h)`, ...:
 *  undefined for any other method or receiver. */
export function moduleMethod(it: Interp, recv: PyValue, name: string, c: CallSite): PyValue | undefined {
  if (recv.k === 'model' && REFLECTIVE.has(name)) {
    if (recv.wrapped && !/modules$/.test(name)) return heldModules(it, recv, name, c);
    if (recv.wrapped) modelExported(it, recv);
    return registry(recv, name, c) ?? UNKNOWN;
  }
  if (recv.k === 'model' && (name === 'add_module' || name === 'append' || name === 'register_module')) {
    // A name the Sequential already holds replaces that item in place. A name we cannot evaluate
    // (`f"fc{i}"` in a loop) is taken for a new one: replacing by a computed name is rare.
    const names = itemNames.get(recv.model);
    const given = name === 'append' ? String(names?.length ?? 0) : str(arg(c, 0, 'name')?.value ?? UNKNOWN);
    if (name !== 'append' && (!names || (given !== undefined && names.includes(given)))) {
      recv.model.open = true;
      return UNKNOWN;
    }
    names?.push(given);
    const item = name === 'append' ? c.args.pos[0] : c.args.pos[1];
    if (item) addModule(recv, moduleItem(it, item, c.frame), c.site, addedConditionally(recv, c.frame));
    return UNKNOWN;
  }
  if (recv.k === 'model' && name === 'extend') {
    const items = c.args.pos[0];
    if (items?.k === 'seq' && !items.open) for (const item of items.items) addModule(recv, moduleItem(it, item, c.frame), c.site, addedConditionally(recv, c.frame));
    else recv.model.open = true;
    return UNKNOWN;
  }
  // Layers put in the middle or taken out, a hook that may rewrite the output: unknown layers.
  if (recv.k === 'model' && LAYER_CHANGES.has(name)) {
    recv.model.open = true;
    return UNKNOWN;
  }
  if (recv.k === 'modulelist' && (name === 'append' || name === 'extend' || name === 'insert')) {
    // `net.layers.append(nn.Sigmoid())` on a model already built.
    const owner = c.node.childForFieldName('function')?.childForFieldName('object')?.childForFieldName('object');
    if (owner?.type === 'identifier' || owner?.type === 'attribute') changedAfterBuild(it.eval(owner, c.frame));
    // Appended in a loop, then after it (`self.layers.append(nn.Linear(d, 1))`): its known end.
    const item = name === 'append' ? c.args.pos[0] : undefined;
    if (item && !c.frame.cond) (recv.items ?? (recv.tail ??= [])).push(item);
    // Grown where items were alike (`ModuleList([... for _ in range(3)])`): they are no longer all
    // `each` (joined with an item appended in a loop; unknown after extend or insert).
    else if (!recv.items && recv.each) recv.each = item ? join(recv.each, item) : UNKNOWN;
    recv.tail = item && c.frame.cond ? [] : item && !c.frame.cond ? recv.tail : undefined;
    if (!item || c.frame.cond) recv.items = undefined;
    return UNKNOWN;
  }
  // `heads.__setitem__(0, ProbNet())`, `heads.pop()`: items replaced or taken out, which we do not follow.
  if (recv.k === 'modulelist' && LAYER_CHANGES.has(name)) {
    recv.items = recv.each = recv.tail = undefined;
    return UNKNOWN;
  }
  return undefined;
}

/** A method of a Sequential's or ModuleList's registry of items (`heads._modules.update({...})`,
 *  `.pop("0")`, `.clear()`, `.setdefault(k, m)`, any but a dict's reads): its items may be replaced,
 *  which ones we do not follow (as after `heads._modules["0"] = m`). */
export function registryMethod(recv: PyValue, name: string): void {
  if (!DICT_READS.has(name)) replaceLayers(recv, true);
}

/** Reads of an nn.Sequential's modules that hand them out (`children()`, `named_modules()`,
 *  `get_submodule("2")`): the items themselves, so that what is done to them (a hook, a patched
 *  forward, `.append(...)`) is followed as done to `model[2]`. */
const REFLECTIVE = new Set(['children', 'named_children', 'modules', 'named_modules', 'get_submodule']);

function registry(seq: Extract<PyValue, { k: 'model' }>, name: string, c: CallSite, depth = 0): PyValue | undefined {
  const names = itemNames.get(seq.model);
  const items = seq.items;
  // Only an nn.Sequential whose items we hold (a torchvision model's are not its modules).
  if (!names || !items || seq.model.open || names.length !== items.length || depth > 8) return undefined;
  const named = items.map((v, i): [PyValue, PyValue] => [names[i] === undefined ? UNKNOWN : { k: 'const', v: names[i]! }, v]);
  const pairs = (list: Array<[PyValue, PyValue]>): PyValue => ({ k: 'seq', kind: 'list', items: list.map(([k, v]): PyValue => ({ k: 'seq', kind: 'tuple', items: [k, v] })) });
  if (name === 'children') return { k: 'seq', kind: 'list', items: [...items] };
  if (name === 'named_children') return pairs(named);
  if (name === 'get_submodule') {
    const path = str(arg(c, 0, 'target')?.value ?? UNKNOWN);
    return path === undefined ? undefined : submodule(seq, path);
  }
  // modules() / named_modules(): the Sequential, then each item and what it holds, depth first.
  const all: Array<[PyValue, PyValue]> = [[{ k: 'const', v: '' }, seq]];
  for (const [k, v] of named) {
    const inner = v.k === 'model' ? registry(v, 'named_modules', c, depth + 1) : undefined;
    if (v.k === 'model' && (inner?.k !== 'seq' || k.k !== 'const')) return undefined;
    if (inner?.k !== 'seq') {
      all.push([k, v]);
      continue;
    }
    for (const p of inner.items) if (p.k === 'seq') all.push([{ k: 'const', v: [k.k === 'const' ? k.v : '', (p.items[0] as { v?: unknown }).v].filter((x) => x !== '').join('.') }, p.items[1]]);
  }
  return name === 'modules' ? { k: 'seq', kind: 'list', items: all.map(([, v]) => v) } : pairs(all);
}

/** `get_submodule("body.2")` of a module we hold (a user module's attributes, an nn.Sequential's
 *  items by name): undefined where not known. */
export function submodule(v: PyValue, path: string, depth = 0): PyValue | undefined {
  if (path === '') return v;
  if (depth > 8) return undefined;
  const [head, ...rest] = path.split('.');
  let item: PyValue | undefined = unwrapped(v, head);
  if (item) return submodule(item, rest.join('.'), depth + 1);
  if (v.k === 'instance') item = v.obj.attrs.get(head);
  else if (v.k === 'model') {
    const names = itemNames.get(v.model);
    const i = names && v.items && !v.model.open && names.length === v.items.length ? names.indexOf(head) : -1;
    item = i >= 0 ? v.items![i] : undefined;
  }
  return item && submodule(item, rest.join('.'), depth + 1);
}

/** A user module's get_submodule(path), children() / named_children(): the modules its attributes
 *  hold, in the order set (where an attribute may be a module we do not know, not all of them:
 *  looped over, never indexed). */
export function heldModules(it: Interp, v: Extract<PyValue, { k: 'instance' | 'model' }>, name: string, c: CallSite): PyValue {
  // (Through a wrapper: the model it holds, reached by reads we may not follow further.)
  if (v.wrapped) modelExported(it, v);
  // A wrapper (DDP, torch.compile): its one child is the model it holds.
  const outer = v.wrapped?.split('/')[0];
  const held = outer !== undefined ? unwrapped(v, outer) : undefined;
  if (outer !== undefined && held && name !== 'get_submodule') {
    return { k: 'seq', kind: 'list', items: [name === 'named_children' ? { k: 'seq', kind: 'tuple', items: [{ k: 'const', v: outer }, held] } : held] };
  }
  if (name === 'get_submodule') {
    const path = str(arg(c, 0, 'target')?.value ?? UNKNOWN);
    return (path !== undefined && submodule(v, path)) || UNKNOWN;
  }
  const named = name === 'named_children';
  if (v.k === 'model') return UNKNOWN;
  const isModule = (a: PyValue) => ['layer', 'model', 'modulelist', 'loss'].includes(a.k) || (a.k === 'instance' && !!a.obj.cls.framework);
  const kids = [...v.obj.attrs].filter(([, a]) => isModule(a));
  const list: PyValue = { k: 'seq', kind: 'list', items: kids.map(([k, a]): PyValue => (named ? { k: 'seq', kind: 'tuple', items: [{ k: 'const', v: k }, a] } : a)) };
  // Whole (and in order) only when every other attribute is known to be no module.
  return [...v.obj.attrs.values()].every((a) => isModule(a) || !mayBeModule(a)) ? list : markPartial(list);
}

/** An attribute of a wrapper (DDP, DataParallel, AveragedModel, torch.compile): the model it holds
 *  under that name; its registry (`__dict__`, `_modules`) read is a read of that model we do not
 *  follow (so removing its activation is no safe fix). */
export function wrapperAttribute(it: Interp, w: PyValue, name: string): PyValue | undefined {
  const held = unwrapped(w, name);
  if (!held && (name === '__dict__' || name === '_modules')) modelExported(it, w);
  return held;
}

/** `.module` of a model not known to be wrapped: the model a DataParallel / DDP wrapper holds
 *  (torch.ts WRAPPERS return the model itself), or a child of that name. Which, we cannot tell:
 *  unknown, and the model counts as handed over (`torch.save(dp.module)` keeps its activation). */
export function wrappedModule(it: Interp, v: PyValue): PyValue {
  modelExported(it, v);
  return UNKNOWN;
}

/** `model.modules()` / `named_modules()` of a user nn.Module: itself, then each module it registered
 *  (in the order set) and what that holds, depth first, each once; so that a hook on
 *  `list(model.modules())[-1]` is one on that layer. undefined where an attribute may be a module we
 *  cannot list (a library's, one set by a method that has not run, by a name we do not read). */
export function instanceModules(root: Extract<PyValue, { k: 'instance' }>, name: 'modules' | 'named_modules', c: CallSite): PyValue | undefined {
  const all: Array<[string, PyValue]> = [];
  const seen = new Set<object>();
  const identity = (v: PyValue): object => (v.k === 'instance' ? v.obj : v.k === 'layer' ? v.layer : v.k === 'model' ? v.model : v);
  const add = (prefix: string, v: PyValue, depth: number): boolean => {
    if (depth > 8 || all.length > 64) return false;
    if (seen.has(identity(v))) return true;
    seen.add(identity(v));
    const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
    if (v.k === 'instance') {
      if (v.obj.cls.framework !== 'torch' || v.obj.cls.laterAttrs.size || setsAttrsByName(v.obj.cls)) return false;
      all.push([prefix, v]);
      for (const [k, a] of v.obj.attrs) {
        if (a.k === 'instance' && !a.obj.cls.framework) continue; // a plain object is no module
        if (NO_MODULE.has(a.k)) continue;
        if (!add(at(k), a, depth + 1)) return false;
      }
      return true;
    }
    if (v.k === 'model') {
      const inner = registry(v, 'named_modules', c, depth + 1);
      if (inner?.k !== 'seq') return false;
      for (const p of inner.items) if (p.k === 'seq') all.push([[prefix, str(p.items[0]) ?? ''].filter((x) => x !== '').join('.'), p.items[1]]);
      return true;
    }
    if (v.k === 'modulelist') {
      if (!v.items || v.tail) return false;
      all.push([prefix, v]);
      return v.items.every((x, i) => add(at(String(i)), x, depth + 1));
    }
    if (v.k === 'layer' || v.k === 'loss') {
      all.push([prefix, v]);
      return true;
    }
    return false;
  };
  if (!add('', root, 0)) return undefined;
  return { k: 'seq', kind: 'list', items: all.map(([k, v]): PyValue => (name === 'modules' ? v : { k: 'seq', kind: 'tuple', items: [{ k: 'const', v: k }, v] })) };
}

/** Values no nn.Module registers as a submodule. */
const NO_MODULE = new Set<PyValue['k']>(['const', 'none', 'tensor', 'seq', 'dict', 'function', 'class', 'metric', 'regression']);
