// Torch functions that run a module on inputs (data parallelism, activation checkpointing): what
// they return is what the module computes for those inputs. And torch.multiprocessing's spawn,
// which runs a function in each process it starts.
import { UNKNOWN, type PyValue } from './values';
import type { Interp, CallSite } from './evaluator';
import { callValue } from './dispatch';

/** Functions that run a module on inputs and return its output: which argument is the module,
 *  which the inputs (the rest from that index, or that one only), and the keywords that are the
 *  runner's own (the others go on to the module, for checkpoint). */
interface Runner { fn: number; from: number | 'rest'; own?: ReadonlySet<string>; tupleInputs?: boolean }
const CHECKPOINT_OWN = new Set(['use_reentrant', 'preserve_rng_state', 'context_fn', 'determinism_check', 'debug']);
const RUNNERS: Record<string, Runner> = {
  // DCGAN's `nn.parallel.data_parallel(self.main, input, range(self.ngpu))`; a tuple of inputs is
  // the module's positional arguments.
  'torch.nn.parallel.data_parallel': { fn: 0, from: 1, tupleInputs: true },
  'torch.nn.parallel.data_parallel.data_parallel': { fn: 0, from: 1, tupleInputs: true },
  // Activation checkpointing recomputes the same forward: `checkpoint(self.outc, x)`.
  'torch.utils.checkpoint.checkpoint': { fn: 0, from: 'rest', own: CHECKPOINT_OWN },
  'torch.utils.checkpoint.checkpoint_sequential': { fn: 0, from: 2, own: new Set([...CHECKPOINT_OWN, 'functions', 'segments', 'input']) },
};

/** `name(...)` of such a function: the module's output for those inputs; undefined: no runner. */
export function moduleRun(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (SPAWNERS.has(name)) return spawned(it, c);
  const runs = RUNNERS[name];
  return runs && ranBy(it, runs, c);
}

// torch/multiprocessing/spawn.py: both start each process on `_wrap(fn, i, args, ...)`, which calls
// `fn(i, *args)` (start_processes only lets the start method be chosen).
const SPAWNERS = new Set(['spawn', 'start_processes'].flatMap((f) => [`torch.multiprocessing.${f}`, `torch.multiprocessing.spawn.${f}`]));

/** `mp.spawn(train, args=(world, cfg), nprocs=n)`: `train(rank, world, cfg)` with a rank we do not
 *  know; what it returns (None, or the processes) is not the function's. Arguments we cannot list:
 *  undefined, so the function is run as any handed over is (unknown arguments). */
function spawned(it: Interp, c: CallSite): PyValue | undefined {
  const fn = c.args.pos[0] ?? c.args.kw.get('fn');
  const args = c.args.pos.length > 1 ? c.args.pos[1] : c.args.kw.get('args') ?? { k: 'seq', kind: 'tuple', items: [] };
  if (!fn || c.args.splat || args.k !== 'seq' || args.open) return undefined;
  it.callWith(fn, [UNKNOWN, ...args.items], c.node, c.frame);
  return UNKNOWN;
}

function ranBy(it: Interp, r: Runner, c: CallSite): PyValue {
  const callee = c.args.pos[r.fn];
  if (!callee || c.args.splat) return UNKNOWN;
  const pick = <T>(xs: T[]): T[] => (r.from === 'rest' ? xs.slice(r.fn + 1) : xs.slice(r.from, r.from + 1));
  let pos = pick(c.args.pos);
  let posNodes = pick(c.args.posNodes);
  if (r.from !== 'rest' && !pos.length) return UNKNOWN;
  // Keywords for the module: checkpoint passes on all but its own; data_parallel takes them as
  // `module_kwargs`, which we do not read.
  const kw = new Map([...c.args.kw].filter(([k]) => !r.own?.has(k)));
  if (!r.own && kw.has('module_kwargs')) return UNKNOWN;
  if (!r.own) kw.clear();
  if (r.tupleInputs && pos[0]?.k === 'seq') {
    if (pos[0].open) return UNKNOWN;
    pos = [...pos[0].items];
    posNodes = [];
  }
  const kwNodes = new Map([...c.args.kwNodes].filter(([k]) => kw.has(k)));
  return callValue(it, callee, { ...c, args: { pos, posNodes, kw, kwNodes, splat: false } });
}
