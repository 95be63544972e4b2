// Torch functions that run a module on inputs (data parallelism, activation checkpointing): what
// they return is what the module computes for those inputs.
import { UNKNOWN, type PyValue } from './values';
import type { Interp, CallSite } from './evaluator';
import { callValue } from './dispatch';

/** Functions that run a module on inputs and return its output: which argument is the module and
 *  which the inputs (the rest, from that index; a number: that one only). */
const RUNNERS: Record<string, [number, number | 'rest']> = {
  // DCGAN's `nn.parallel.data_parallel(self.main, input, range(self.ngpu))`.
  'torch.nn.parallel.data_parallel': [0, 1],
  'torch.nn.parallel.data_parallel.data_parallel': [0, 1],
  // Activation checkpointing recomputes the same forward: `checkpoint(self.outc, x)`.
  'torch.utils.checkpoint.checkpoint': [0, 'rest'],
  'torch.utils.checkpoint.checkpoint_sequential': [0, 2],
};

/** `name(...)` of such a function: the module's output for those inputs; undefined: no runner. */
export function moduleRun(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const runs = RUNNERS[name];
  return runs && ranBy(it, runs, c);
}

function ranBy(it: Interp, [fn, from]: [number, number | 'rest'], c: CallSite): PyValue {
  const callee = c.args.pos[fn];
  if (!callee || c.args.splat) return UNKNOWN;
  const pick = <T>(xs: T[]): T[] => (from === 'rest' ? xs.slice(fn + 1) : xs.slice(from, from + 1));
  const pos = pick(c.args.pos);
  if (from !== 'rest' && !pos.length) return UNKNOWN;
  return callValue(it, callee, { ...c, args: { pos, posNodes: pick(c.args.posNodes), kw: new Map(), kwNodes: new Map(), splat: false } });
}

