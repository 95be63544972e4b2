// Python builtins the analysis needs: super() for base-class calls, list()/tuple() of known lists,
// enumerate() for unrolled loops, dict() of keywords, getattr/setattr with constant names, round() on a tensor.
import { PyValue, UNKNOWN, ZIPPED_ITEM, SEVERAL_PER_BATCH, alike, eachOf, str, oneSampleBatches, tensor, type ClassDef } from './values';
import { UNKNOWN_FACTS } from '../core/facts';
import type { SyntaxNode as Node } from './syntax-tree';
import { join } from './joins';
import { isPartial, markPartial, mayHaveChanged } from './unseen-changes';
import type { Interp, CallSite } from './evaluator';
import { activationReplaced, attributeStored, changedAfterBuild, replaceLayers } from './assign';
import { attribute, callValue } from './dispatch';
import { findMember } from './objects';
import { layerChanged } from './sequential';
import { mayBeModule } from './library-objects';
import { replaceHead } from './torchvision';
import { unwrapped } from './torch';
import { iteratedRow, oneNumber, threshold } from './ops';
import { carryDecision, decisionOf } from './argmax-uses';
import { keptForLater, keptInContainer, modelExported, predictorOf } from './probability-reads';
import { magicNames } from './magics';
import { listMethodHanded } from './handed-over';
import { noteDynamicModule } from './class-escapes';
import { anyNameOf, globalsOf, magicRun, moduleItself, namespaceCopy, namesRun, scriptRun } from './namespaces';
import { isLossInstance, lossClassOf } from './losses';
import { noteReadByPosition } from './shared-sites';
import { UNBOUND_RUN } from './module-runners';

/** Progress bars that re-yield their iterable's items unchanged (`for obj in iterable: yield obj`):
 *  tqdm in all its front ends, and rich's `track`. Read as itertools.islice is. */
export const PROGRESS_BARS = /^(?:tqdm(?:\.(?:std|auto|autonotebook|notebook|rich|asyncio))?\.(?:tqdm|tqdm_notebook)|rich\.progress\.track)$/;

/** Builtins that read a container's items by position or count them. */
const BY_POSITION = new Set(['len', 'list', 'tuple', 'enumerate', 'iter', 'reversed', 'zip', 'sorted', 'map', 'filter', 'next']);

/** `print(len(model))`, `logger.info(len(model))`: a count only shown decides nothing the program does. */
function onlyShown(call: Node): boolean {
  // Up through what only makes text of the number: an f-string's `{len(model)}`, `"%d" % n` (or a
  // tuple of them), `"{}".format(n)`, `str(n)`.
  const formats = (op: Node | null, right: Node): boolean => op?.type === 'binary_operator' && op.childForFieldName('operator')?.type === '%' && op.childForFieldName('right')?.index === right.index && op.childForFieldName('left')?.type === 'string';
  let n = call;
  for (let p = n.parent; p; n = p, p = n.parent) {
    if (p.type === 'interpolation' || p.type === 'string' || p.type === 'concatenated_string' || formats(p, n) || (p.type === 'tuple' && formats(p.parent, p))) continue;
    if (p.type !== 'argument_list') return false;
    const fn = p.parent?.childForFieldName('function');
    if ((fn?.type === 'identifier' && fn.text === 'str') || (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' && fn.childForFieldName('object')?.type === 'string')) {
      p = p.parent!;
      continue;
    }
    return /^(?:print|(?:logging|log|logger|self\.logger)\.(?:debug|info|warning|error))$/.test(fn?.text ?? '');
  }
  return false;
}

export function builtinCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const [a, b] = c.args.pos;
  // (`map(model, batches)` runs the model, the iterables after it are read.)
  if (BY_POSITION.has(name) && !(name === 'len' && onlyShown(c.node))) for (const v of name === 'map' || name === 'filter' ? c.args.pos.slice(1) : c.args.pos) noteReadByPosition(v);
  switch (name) {
    // Code we do not see run in this module's namespace: `exec(open("model.py").read())`, IPython's
    // `%run script.py` (ipython.ts writes it as `exec()`), `get_ipython().run_line_magic("run", ...)`.
    case 'exec':
    case 'execfile':
    case 'get_ipython().run_cell':
    case 'get_ipython().ex':
      scriptRun(it, c.frame);
      return UNKNOWN;
    case 'get_ipython().run_line_magic':
    case 'get_ipython().run_cell_magic':
      magicRun(it, c, name.endsWith('cell_magic'));
      return UNKNOWN;
    case 'get_ipython().magic': {
      // Older exports' spelling of a line magic, name and line in one string: `magic("time p = f()")`.
      const m = /^\s*%*(\w+)(?:\s([\s\S]*))?$/.exec(str(a ?? UNKNOWN) ?? '');
      namesRun(it, c.frame, c.node, m && c.args.pos.length === 1 && !c.args.splat ? magicNames(m[1], m[2] ?? '') : 'all');
      return UNKNOWN;
    }
    case 'get_ipython':
      return { k: 'api', name: 'builtins.get_ipython()' };
    case 'super': {
      // `super(B, self)` goes on after B in self's order; arguments we do not know: unknown.
      if (c.args.pos.length) return a?.k === 'class' && b ? { k: 'super', cls: a.cls, self: b } : UNKNOWN;
      const cls = c.frame.fn?.owner;
      const self = c.frame.env.lookup('self') ?? firstParam(c);
      return cls && self ? { k: 'super', cls, self } : UNKNOWN;
    }
    case 'list':
    case 'tuple':
      if (a?.k === 'seq' && !a.open) return isPartial(a) ? markPartial({ k: 'seq', kind: name, items: [...a.items] }) : { k: 'seq', kind: name, items: [...a.items] };
      if (a?.k === 'modulelist' && a.items) return { k: 'seq', kind: name, items: [...a.items] };
      // `list(torch.split(p, 4))`: items all alike, each what the collection's are.
      return a && alike(a) ? { k: 'seq', kind: name, items: [], open: true, each: eachOf(a) } : UNKNOWN;
    case 'dict': {
      const ns = namespaceCopy(a, c); // `dict(globals())`
      if (ns) return ns;
      // `cfg = dict(loss=..., metrics=...)`: the entries of a literal, when all are keywords.
      if (c.args.pos.length === 0 && !c.args.splat) return { k: 'dict', entries: new Map(c.args.kw) };
      // `dict(model.named_children())`: pairs whose keys we know.
      if (a?.k === 'seq' && !a.open && !isPartial(a) && c.args.pos.length === 1 && !c.args.kw.size && !c.args.splat) {
        const pairs = a.items.map((p) => (p.k === 'seq' && !p.open && p.items.length === 2 ? [str(p.items[0]), p.items[1]] as const : undefined));
        if (pairs.every((p) => p?.[0] !== undefined)) return { k: 'dict', entries: new Map(pairs.map((p) => [p![0]!, p![1]])) };
      }
      return UNKNOWN;
    }
    case '__import__':
      return moduleItself(it, c);
    case 'map': {
      if (a && listMethodHanded(a)) return UNKNOWN;
      // `map(lambda p: 1 if p[0] > 0.5 else 0, preds)`: the function runs on each item, as a
      // comprehension's body does (the items still go on through the iterator: kept below).
      const each = b && c.args.pos.length === 2 ? itemOf(b) : undefined;
      // `map(model.predict, chunks)`, `map(model, batches)`: the model's outputs, as a comprehension
      // over items we do not know gives them.
      const predicts = a && b && c.args.pos.length === 2 && !!predictorOf(a);
      // `map(mp.Process.run, procs)`: each process's run, here.
      if ((a?.k === 'function' && each) || predicts || (a?.k === 'api' && UNBOUND_RUN.test(a.name))) {
        if (each) keptInContainer(it, b!);
        const out = callValue(it, a!, { ...c, args: { pos: [each ?? UNKNOWN], posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false } });
        return { k: 'seq', kind: 'list', items: [], open: true, each: out };
      }
    }
    // falls through: another function, or items we do not know
    case 'zip':
      // `for w, crit in zip(weights, criteria)`: known lists give known pairs (a loop unrolled over them).
      if (name === 'zip' && c.args.pos.length > 1 && !c.args.splat && c.args.kw.size === 0 && c.args.pos.every((v) => v.k === 'seq' && !v.open)) {
        const seqs = c.args.pos as Array<Extract<PyValue, { k: 'seq' }>>;
        const n = Math.min(...seqs.map((v) => v.items.length));
        return { k: 'seq', kind: 'list', items: Array.from({ length: n }, (_, i) => ({ k: 'seq', kind: 'tuple', items: seqs.map((v) => v.items[i]) })) };
      }
      // `for x, t in zip(X_test, y_test)` over tensors: each a row, as a loop over one gives it.
      // (`zip(torch.split(p, 4), torch.split(y, 4))`: pieces, each what every piece is; a list
      // written out beside them, `zip(samples, [0] * 20)`: what its items all are, joined.)
      if (name === 'zip' && c.args.pos.length > 1 && !c.args.splat && c.args.kw.size === 0) {
        // (`zip(test_gen, range(len(test_gen)))`: a range's items are numbers, unknown ones.)
        const counter = (n: Node | undefined) => n?.type === 'call' && n.childForFieldName('function')?.text === 'range';
        // (A collection we know nothing of: items of a size we cannot tell, ZIPPED_ITEM; but beside a
        // loader of batches of several samples, the zip steps batch by batch: its items, each a batch's.)
        const unknownItem = c.args.pos.includes(SEVERAL_PER_BATCH) ? UNKNOWN : ZIPPED_ITEM;
        const items = c.args.pos.map((v, i) => (counter(c.args.posNodes[i]) ? UNKNOWN : v.k === 'tensor' || alike(v) || (v.k === 'seq' && !v.open) ? itemOf(v) : v.k === 'unknown' ? unknownItem : undefined));
        if (items.every((v) => v !== undefined)) {
          // Models in a list written out are still followed only in part (joined), as before.
          for (const v of c.args.pos) if (v.k === 'seq' && !v.open) keptInContainer(it, v);
          return { k: 'seq', kind: 'list', items: [], open: true, each: { k: 'seq', kind: 'tuple', items: items as PyValue[] } };
        }
      }
    case 'filter':
    case 'sorted':
    case 'reversed':
    case 'iter':
      // An iterator over batches of one sample (`iter(test_gen)`) gives those batches.
      if (name === 'iter' && a && oneSampleBatches.has(a)) return a;
      // `zip(names, (model,))`: the models go on through an iterator we do not follow (a dict's
      // keys only: `sorted(kwargs)`).
      for (const v of c.args.pos) if (v.k !== 'dict') keptInContainer(it, v);
      return UNKNOWN;
    case 'islice':
      // `itertools.islice(loader, n)`: some of the items of a collection whose items are alike (a
      // loader of batches of one: those batches).
      return a && (oneSampleBatches.has(a) || alike(a)) ? a : undefined;
    case 'next':
      // `x, y = next(test_gen)`: one of its batches.
      if (a && oneSampleBatches.has(a)) return eachOf(a) ?? UNKNOWN;
      // `next(model.children())`: the first of the items we hold (all of them, in order).
      return a?.k === 'seq' && !a.open && !isPartial(a) && a.items.length && c.args.pos.length === 1 ? a.items[0] : undefined;
    case 'enumerate': {
      if (a?.k === 'seq' && !a.open) return { k: 'seq', kind: 'list', items: a.items.map((v, i) => ({ k: 'seq', kind: 'tuple', items: [{ k: 'const', v: i, site: c.site }, v] })) };
      // `for i, p in enumerate(probs)`: each item as a loop over `probs` itself would give it.
      const each = a && (eachOf(a) ?? (a.k === 'tensor' ? iteratedRow(a, true) : undefined));
      return each ? { k: 'seq', kind: 'list', items: [], open: true, each: { k: 'seq', kind: 'tuple', items: [UNKNOWN, each] } } : UNKNOWN;
    }
    case 'getattr': {
      const n = b && str(b);
      if (a?.k === 'module' && a.file && n === undefined) {
        noteDynamicModule(a.file);
        anyNameOf(it, a.file, c.frame);
      }
      if (a && n !== undefined && c.args.pos.length === 3) return attributeOr(it, a, n, c.args.pos[2], c);
      return a && n !== undefined && c.args.pos.length === 2 ? attribute(it, a, n, c.node, c.frame) : UNKNOWN;
    }
    case 'setattr': {
      const n = b && str(b);
      const v = c.args.pos[2] ?? UNKNOWN;
      // A name we can read: `obj.name = v` (but on a model or inside one, where "6" names an item).
      if (a && n !== undefined && a.k !== 'model' && a.k !== 'modulelist' && !(a.k === 'method' && a.recv.k === 'model')) {
        attributeStored(it, c.args.posNodes[0] ?? null, a, n, v, c.frame);
        return UNKNOWN;
      }
      // A name we cannot read (`setattr(self, f"{split}_probs", p)`): read later under a name we do not follow.
      if (n === undefined) keptForLater(it, v);
      if (n === 'activation' && a) activationReplaced(it, c.args.posNodes[0] ?? null, a, c.frame);
      if (a?.k === 'class' && n === undefined) a.cls.patched = true;
      // `setattr(model[-1], name, fn)`: what that layer outputs is no longer known.
      if (a?.k === 'layer' && n === undefined) layerChanged(a.layer);
      // `setattr(CFG, k, v)` over the command line's arguments: any of the settings written.
      if (n === undefined && a) attrsWritten(a, n, UNKNOWN);
      // `setattr(model, name, head)` with a name we do not know (`for name, m in model.named_children()`);
      // a number or a string set so (`setattr(model, k, v)` over a config of scalars) changes no module.
      if (a?.k === 'instance' && n === undefined && v.k !== 'const') changedAfterBuild(a);
      // `setattr(seq, "act", nn.Sigmoid())`: a module registered on a Sequential runs last;
      // `setattr(heads, "0", m)` is ModuleList.__setitem__ itself.
      else if (a?.k === 'model' || a?.k === 'modulelist') replaceLayers(a, true);
      // `setattr(model.classifier, "6", head)` is `model.classifier[6] = head`; another module set
      // inside the model: its output is no longer known.
      else if (a?.k === 'method' && a.recv.k === 'model' && c.args.pos[2] && !(n !== undefined && /^\d+$/.test(n) && replaceHead(a.recv, a.name, c.args.pos[2], c.frame, Number(n))) && mayBeModule(c.args.pos[2])) replaceLayers(a.recv);
      // A record's field with a name we do not know: any of them.
      else if (a?.k === 'dict' && a.attrs) a.entries.clear();
      return UNKNOWN;
    }
    case 'globals':
      return c.args.pos.length ? UNKNOWN : globalsOf(c.frame);
    case 'vars':
      // (At a module's top level `vars()` is its globals.)
      if (!c.args.pos.length && c.frame.env === c.frame.module.env) return globalsOf(c.frame);
      return a?.k === 'class' || a?.k === 'instance' ? attribute(it, a, '__dict__', c.node, c.frame) : UNKNOWN;
    case 'delattr':
      if (a?.k === 'model') replaceLayers(a);
      return UNKNOWN;
    case 'isinstance':
      return a && b ? isInstance(a, b, c) : UNKNOWN;
    case 'callable':
      // `if not callable(act): act = ACTIVATIONS[act]`: a string is not; a function or a layer is.
      if (a?.k === 'const' || a?.k === 'none') return { k: 'const', v: false, site: c.site };
      return a && ['function', 'layer', 'model', 'loss', 'class'].includes(a.k) ? { k: 'const', v: true, site: c.site } : UNKNOWN;
    case 'hasattr': {
      // `model.module if hasattr(model, "module") else model`: a wrapper's model, or the model itself.
      const n = b && str(b);
      const known = a?.k === 'instance' && !!a.obj.site && a.obj.model?.kind !== 'union' && !a.obj.patched;
      if (!known || (n !== 'module' && n !== '_orig_mod') || c.args.pos.length !== 2) return UNKNOWN;
      return { k: 'const', v: !!unwrapped(a, n) || a.obj.attrs.has(n) || !!findMember(a.obj.cls, n), site: c.site };
    }
    case 'str':
    case 'repr': {
      // `str(crit) == "CrossEntropyLoss()"`: a PyTorch loss module prints as its class, called.
      const cls = a && c.args.pos.length === 1 ? lossClassOf(a) : undefined;
      return cls?.k === 'api' && cls.name.startsWith('torch.') ? { k: 'const', v: `${cls.name.slice(cls.name.lastIndexOf('.') + 1)}()`, site: c.site } : UNKNOWN;
    }
    case 'type':
      // `type(crit)` of a loss object built here from a framework class: that class.
      if (a && c.args.pos.length === 1 && lossClassOf(a)) return lossClassOf(a)!;
      // The class of an instance we know (one built here, not several joined from branches).
      return a?.k === 'instance' && c.args.pos.length === 1 && a.obj.site && a.obj.model?.kind !== 'union' ? { k: 'class', cls: a.obj.cls } : UNKNOWN;
    case 'len':
      // `num_labels=len(LABELS)` of `LABELS = ["toxic"]`: a known list of constants, as written.
      // (Written in this file: one of another module's may be extended by a module imported for that.)
      return a?.k === 'seq' && !a.open && !mayHaveChanged(a) && a.site?.file === c.frame.module.file && c.args.pos.length === 1 && a.items.length > 0 && !a.tail?.length && !a.head?.length && a.items.every((v) => v.k === 'const') ? { k: 'const', v: a.items.length, site: c.site } : UNKNOWN;
    case 'float':
      // float(p[0]) on a tensor: its one value (t.__float__(), as p.item()).
      return a?.k === 'tensor' && c.args.pos.length === 1 ? oneNumber(a) : UNKNOWN;
    case 'int': {
      // int(p > 0): the cut as 0 or 1, the same decision (a class's index: argmax-uses.ts indexesOneItem).
      if (a?.k !== 'tensor' || c.args.pos.length !== 1 || decisionOf(a)?.type !== 'threshold') return UNKNOWN;
      const label = tensor({ ...UNKNOWN_FACTS, role: 'data' });
      carryDecision(a, label);
      return label;
    }
    case 'round':
      // round(t) on a tensor calls t.__round__(): torch.round.
      // (`round(z, ndigits=3)` keeps three places: no cut.)
      return a?.k === 'tensor' && c.args.pos.length === 1 && !c.args.kw.has('ndigits') && !c.args.splat ? threshold(it, a, 'round', c.site, it.vocabOf(c.frame)) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** `isinstance(model, LogitNet)` on an instance of a workspace class we know (not one of several
 *  joined from branches) against workspace classes: known, so a branch on it is decided. */
/** What any item of a loop over `v` is: a tensor's row, a collection's `each`, or the items of a
 *  list written out, joined (unknown where they differ). undefined: not known. */
function itemOf(v: PyValue): PyValue | undefined {
  if (v.k === 'tensor') return iteratedRow(v);
  return eachOf(v) ?? (v.k === 'seq' && !v.open && v.items.length ? v.items.reduce((x, y) => join(x, y)) : undefined);
}

function isInstance(v: PyValue, of: PyValue, c: CallSite): PyValue {
  const classes = of.k === 'seq' && !of.open ? of.items : [of];
  // `isinstance(act, str)` of a string we know (an MLP builder's `output_activation="sigmoid"`), or of
  // None, a function, a layer: decided. (Numbers are not: 3 and 3.0 are one value here.)
  if (classes.length && classes.every((x) => x.k === 'api' && x.name === 'builtins.str')) {
    const known = (v.k === 'const' && (typeof v.v === 'string' || typeof v.v === 'boolean')) || ['none', 'function', 'layer', 'model', 'loss', 'class'].includes(v.k);
    if (known) return { k: 'const', v: v.k === 'const' && typeof v.v === 'string', site: c.site };
  }
  // `preds[0] if isinstance(preds, tuple) else preds` (Hugging Face's predictions): a tensor or a
  // dict (a ModelOutput too) is no tuple or list; a tuple we know is one. (Not a list: Keras 3's predict keeps a tuple of outputs
  // that tf.keras made a list.)
  const sequences = classes.length && classes.every((x) => x.k === 'api' && /^builtins\.(?:tuple|list)$/.test(x.name));
  if (sequences && (v.k === 'tensor' || v.k === 'dict' || (v.k === 'seq' && v.kind === 'tuple'))) {
    return { k: 'const', v: v.k === 'seq' && classes.some((x) => x.k === 'api' && x.name === 'builtins.tuple'), site: c.site };
  }
  // `isinstance(model, (nn.DataParallel, DistributedDataParallel))` on a model we know: wrapped or not.
  const loss = isLossInstance(v, classes);
  if (loss !== undefined) return { k: 'const', v: loss, site: c.site };
  const wrappers = classes.every((x) => x.k === 'api' && /^torch\.nn\.(?:parallel\.)?(?:Distributed)?DataParallel$/.test(x.name));
  if (wrappers && v.k === 'instance' && v.obj.site && v.obj.model?.kind !== 'union') return { k: 'const', v: !!unwrapped(v, 'module'), site: c.site };
  if (v.k !== 'instance' || v.obj.model?.kind === 'union' || !v.obj.site || classes.some((x) => x.k !== 'class')) return UNKNOWN;
  const derives = (cls: ClassDef, depth = 0): boolean => classes.some((x) => x.k === 'class' && x.cls === cls) || (depth < 20 && cls.bases.some((b) => b.k === 'class' && derives(b.cls, depth + 1)));
  return { k: 'const', v: derives(v.obj.cls), site: c.site };
}

function firstParam(c: CallSite): PyValue | undefined {
  const p = c.frame.fn?.node.childForFieldName('parameters')?.namedChildren[0];
  return p?.type === 'identifier' ? c.frame.env.lookup(p.text) : undefined;
}




/** `collections.OrderedDict([(name, module), ...])` (what `nn.Sequential` takes), or by keyword. */
export function orderedDict(c: CallSite): PyValue {
  const entries = new Map<string, PyValue>();
  const list = c.args.pos[0];
  if (list && list.k === 'seq' && !list.open) {
    for (const pair of list.items) {
      const key = pair.k === 'seq' && pair.items.length === 2 ? str(pair.items[0]) : undefined;
      if (pair.k !== 'seq' || key === undefined) return UNKNOWN;
      entries.set(key, pair.items[1]);
    }
  } else if (list || c.args.splat) return UNKNOWN;
  for (const [k, v] of c.args.kw) entries.set(k, v);
  return { k: 'dict', entries };
}

/** Attributes of a class (its settings: `CFG.num_classes`) or an instance written where we do not
 *  follow: `name`'s value, joined with the one before, or with no name every one that is no method
 *  or module is unknown (`setattr(CFG, k, v)`, `CFG.__dict__.update(...)`, `parse_args(namespace=CFG)`). */
export function attrsWritten(owner: PyValue, name: string | undefined, v: PyValue): void {
  const attrs = owner.k === 'class' ? owner.cls.members : owner.k === 'instance' ? owner.obj.attrs : undefined;
  if (!attrs) return;
  if (name !== undefined) {
    if (owner.k === 'class') attrs.set(name, join(attrs.get(name), v));
    return;
  }
  const setting = (x: PyValue) => x.k === 'const' || x.k === 'none' || x.k === 'seq' || x.k === 'dict';
  for (const [k, x] of attrs) if (setting(x)) attrs.set(k, UNKNOWN);
  // Settings inherited (`class CFG(Defaults)`) are now the class's own, unknown.
  const inherited = (cls: ClassDef, depth: number): void => {
    for (const b of cls.bases) {
      if (b.k !== 'class' || depth > 10) continue;
      for (const [k, x] of b.cls.members) if (setting(x) && !attrs.has(k)) attrs.set(k, UNKNOWN);
      inherited(b.cls, depth + 1);
    }
  };
  if (owner.k === 'class') inherited(owner.cls, 0);
}

/** String methods that keep a known name known. */
export const STRING_CASES: Record<string, (s: string) => string> = { lower: (s) => s.toLowerCase(), upper: (s) => s.toUpperCase(), strip: (s) => s.trim(), casefold: (s) => s.toLowerCase() };

/** `name = name.lower()` in an activation factory: the same name, as the branches test it. */
export function stringMethod(recv: Extract<PyValue, { k: 'const' }>, name: string, c: CallSite): PyValue {
  const f = Object.hasOwn(STRING_CASES, name) ? STRING_CASES[name] : undefined;
  return typeof recv.v === 'string' && f !== undefined && c.args.pos.length === 0 && c.args.kw.size === 0 ? { ...recv, v: f(recv.v) } : UNKNOWN;
}

/** `getattr(w, "module", w)`: the model a wrapper holds, or the object itself where it has no such
 *  attribute (a model not wrapped); otherwise either the attribute or the default. What we cannot
 *  tell apart from the model is a read of it we do not follow (its activation's removal no safe fix). */
function attributeOr(it: Interp, a: PyValue, n: string, dflt: PyValue, c: CallSite): PyValue {
  const held = unwrapped(a, n);
  if (held) return held;
  const model = (a.k === 'instance' && !!a.obj.model) || a.k === 'model';
  if (!model) return UNKNOWN;
  if (a.k === 'instance' && !a.wrapped && a.obj.site && !a.obj.attrs.has(n) && !findMember(a.obj.cls, n) && (n === 'module' || n === '_orig_mod')) return dflt;
  modelExported(it, a);
  return join(attribute(it, a, n, c.node, c.frame), dflt);
}
