// Values handed to code we do not model (`opt.step(closure)`, `Engine(train_step)`, `map(f, xs)`):
// what that code may do with them (call a function, run a model, change a list).
import { changedUnseen } from './unseen-changes';
import type { Interp, Frame, CallSite } from './evaluator';
import { isModelValue, type FunctionDef, type PyValue } from './values';
import { runFunction } from './statements';
import { markUsed } from './sequential';

/** Functions handed to code we do not model (handedOver), each run there once. */
const handed = new WeakSet<FunctionDef>();
/** A function run already as the API runs it (a child process's target, on copies: module-runners.ts),
 *  not again here on what the caller holds. */
export function runAsHanded(fn: FunctionDef): void {
  handed.add(fn);
}

/** Arguments handed to code we do not model (`opt.step(closure)`, `Engine(train_step)`,
 *  `trainer.fit(lit)`): a function is most likely called there and then (run now, once, with
 *  unknown arguments); a model, or a module holding models, is run there. A layer added to them
 *  afterwards (an activation for deployment) is not in what that code used (sequential.ts addModule). */
export function handedOver(it: Interp, args: CallSite['args'], f: Frame, functionsOnly = false): void {
  for (const v of [...args.pos, ...args.kw.values()]) {
    if (functionsOnly && v.k !== 'function') continue;
    // Run once more with unknown arguments even if called before (`binarize(out)`, then
    // `map(binarize, soft_targets)`): what it decides on there is not what it was called with here.
    if (v.k === 'function' && !handed.has(v.fn)) {
      v.fn.ran = true;
      handed.add(v.fn);
      runFunction(it, v.fn, v.self, undefined, f);
    } else if (v.k === 'model') markUsed(v.model);
    else if (listMethodHanded(v)) continue;
    else if ((v.k === 'seq' || v.k === 'modulelist' || v.k === 'dict') && !functionsOnly) forgetNested(v, 2);
    else if (v.k === 'instance') {
      if (v.obj.model) markUsed(v.obj.model);
      for (const a of v.obj.attrs.values()) if (a.k === 'model') markUsed(a.model);
    }
  }
}

/** A list's methods that change nothing (`map(models.index, ...)`); any other one handed on may. */
const READS = new Set(['index', 'count', 'copy', '__getitem__', '__len__', '__contains__', '__iter__']);

/** A list's changing method handed on (`map(models.append, extra)`): true once its items are forgotten. */
export function listMethodHanded(v: PyValue): boolean {
  if (v.k !== 'method' || (v.recv.k !== 'seq' && v.recv.k !== 'modulelist') || READS.has(v.name)) return false;
  forgetItems(v.recv);
  return true;
}

/** A list, ModuleList or dict handed on, and those it holds (`tweak({"h": heads})`, `[models]`). */
function forgetNested(v: PyValue, depth: number): void {
  if (v.k === 'seq' || v.k === 'modulelist') {
    changedUnseen(v);
    if (holdsModels(v)) forgetItems(v);
  }
  if (depth === 0) return;
  const inner = v.k === 'dict' ? [...v.entries.values()] : v.k === 'seq' ? [...v.items, ...(v.tail ?? [])] : [];
  for (const x of inner) if (x.k === 'seq' || x.k === 'modulelist' || x.k === 'dict') forgetNested(x, depth - 1);
}

function holdsModels(v: PyValue): boolean {
  const items = v.k === 'seq' ? [...v.items, ...(v.tail ?? []), ...(v.head ?? [])] : v.k === 'modulelist' ? [...(v.items ?? []), ...(v.tail ?? [])] : [];
  return [...items, ...(v.k === 'seq' || v.k === 'modulelist' ? [v.each] : [])].some(isModelValue);
}

/** A list of models (or a ModuleList) handed to code we do not see, or one of its changing methods
 *  (`add_pretrained(models)`, `list.append(models, m)`, `map(models.append, ...)`): that code may
 *  add or replace models of another kind, so which models it holds is no longer known. */
function forgetItems(v: PyValue): void {
  if (v.k === 'modulelist') {
    v.items = v.each = v.tail = undefined;
  } else if (v.k === 'seq' && v.kind === 'list') {
    v.open = true;
    v.items.length = 0;
    v.head = v.each = undefined;
    v.tail = [];
  }
}
