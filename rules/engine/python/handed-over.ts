// Values handed to code we do not model (`opt.step(closure)`, `Engine(train_step)`, `map(f, xs)`):
// what that code may do with them (call a function, run a model, change a list).
import { changedUnseen } from './unseen-changes';
import type { Interp, Frame, CallSite } from './evaluator';
import type { FunctionDef } from './values';
import { runFunction } from './statements';
import { markUsed } from './sequential';

/** Functions handed to code we do not model (handedOver), each run there once. */
const handed = new WeakSet<FunctionDef>();

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
    else if (v.k === 'seq' && !functionsOnly) changedUnseen(v);
    else if (v.k === 'instance') {
      if (v.obj.model) markUsed(v.obj.model);
      for (const a of v.obj.attrs.values()) if (a.k === 'model') markUsed(a.model);
    }
  }
}
