// Torch functions that run a module on inputs (data parallelism, activation checkpointing): what
// they return is what the module computes for those inputs. And torch.multiprocessing's spawn,
// which runs a function in each process it starts, as processes, threads and pools do theirs.
import { Env, UNKNOWN, type ClassDef, type FunctionDef, type PyValue } from './values';
import { findMember, mro } from './members';
import { boundUses, type SyntaxNode as Node } from './syntax-tree';
import type { Interp, CallSite } from './evaluator';
import { callValue } from './dispatch';
import { arg } from './evaluator';
import { builtinCall } from './builtins';
import { copied } from './copies';
import { runAsHanded } from './handed-over';
import { runFunction } from './statements';

/** Functions that run a module on inputs and return its output: which argument is the module,
 *  which the inputs (the rest from that index, or that one only), and the keywords that are the
 *  runner's own (the others go on to the module, for checkpoint). */
interface Runner { fn: number; from: number | 'rest'; own?: ReadonlySet<string>; tupleInputs?: boolean; moduleKwargs?: number }
const CHECKPOINT_OWN = new Set(['use_reentrant', 'preserve_rng_state', 'context_fn', 'determinism_check', 'debug']);
const RUNNERS: Record<string, Runner> = {
  // DCGAN's `nn.parallel.data_parallel(self.main, input, range(self.ngpu))`; a tuple of inputs is
  // the module's positional arguments. (module, inputs, device_ids, output_device, dim, module_kwargs)
  'torch.nn.parallel.data_parallel': { fn: 0, from: 1, tupleInputs: true, moduleKwargs: 5 },
  'torch.nn.parallel.data_parallel.data_parallel': { fn: 0, from: 1, tupleInputs: true, moduleKwargs: 5 },
  // Activation checkpointing recomputes the same forward: `checkpoint(self.outc, x)`.
  'torch.utils.checkpoint.checkpoint': { fn: 0, from: 'rest', own: CHECKPOINT_OWN },
  'torch.utils.checkpoint.checkpoint_sequential': { fn: 0, from: 2, own: new Set([...CHECKPOINT_OWN, 'functions', 'segments', 'input']) },
};

/** `name(...)` of such a function: the module's output for those inputs; undefined: no runner. */
export function moduleRun(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (SPAWNERS.has(name)) return spawned(it, c);
  if (name.startsWith('torch.multiprocessing.')) return started(it, name.slice('torch.'.length), c);
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
  // (Each process a child: what it rebinds or appends to stays in its copy.)
  it.callWith(fn.k === 'function' ? forked(it, fn) : fn, [UNKNOWN, ...args.items.map((v) => inChild(it, v))], c.node, c.frame);
  return UNKNOWN;
}

/** `fn(*args, **kwargs)` run by what we are told, for a function we read and arguments we know (a
 *  tuple or list written out, a dict of keywords); undefined otherwise: what is handed over to code
 *  we do not read (a function run with unknown arguments, lists of models forgotten) as before. */
function runTarget(it: Interp, fn: PyValue | undefined, args: PyValue | undefined, kwargs: PyValue | undefined, c: CallSite, process: boolean): PyValue | undefined {
  const pos = args ?? { k: 'seq', kind: 'tuple', items: [] };
  const kw = kwargs?.k === 'dict' && !kwargs.attrs ? kwargs.entries : kwargs === undefined || kwargs.k === 'none' ? new Map<string, PyValue>() : undefined;
  if (fn?.k !== 'function' || c.args.splat || pos.k !== 'seq' || pos.open || !kw) return undefined;
  const given = (v: PyValue) => (process ? inChild(it, v) : v);
  it.callWith(process ? forked(it, fn) : fn, pos.items.map(given), c.node, c.frame, new Map([...kw].map(([k, v]) => [k, given(v)])));
  return UNKNOWN;
}

/** The function as a child process runs it: over copies of the scopes it reads (`results.append(...)`
 *  to a module's list stays in the child's). The function itself counts as run. */
function forked(it: Interp, fn: Extract<PyValue, { k: 'function' }>): PyValue {
  fn.fn.ran = true;
  runAsHanded(fn.fn);
  const fork = (env: Env): Env => {
    const c = new Env(env.parent && fork(env.parent), env.file, env.kind);
    c.opaque = env.opaque;
    c.starApi = env.starApi;
    c.childOf = env;
    for (const [k, v] of env.vars) c.vars.set(k, inChild(it, v));
    return c;
  };
  return { ...fn, fn: { ...fn.fn, closure: fork(fn.fn.closure) } };
}

/** What a child process gets for a value of its parent: a copy (pickled, or the fork's own memory),
 *  so that what it appends to a list, sets in a dict or adds to a model stays in the child (a
 *  thread's target shares the parent's). Values we cannot copy are handed as they are. */
function inChild(it: Interp, v: PyValue): PyValue {
  if (v.k === 'seq' && !v.open) return { ...v, items: [...v.items] };
  if (v.k === 'dict') return { ...v, entries: new Map(v.entries) };
  return copied(it, v) ?? v;
}

/** multiprocessing's and threading's own (torch.multiprocessing's are multiprocessing's): a Process or
 *  Thread runs `target(*args, **kwargs)` once started (followed where it is made: what it returns is
 *  not the function's); a context (`get_context("spawn")`) offers the module's API; a Pool's
 *  `apply(fn, args, kwds)` is `fn(*args, **kwds)`, its `map(fn, xs)` builtins' map, as
 *  concurrent.futures' executors' `submit(fn, *args, **kwargs)` and `map(fn, xs)` are. */
export function started(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const made = /^(multiprocessing\.Process|threading\.Thread)(\(\)\.run)?$/.exec(name);
  if (made) {
    // `p.run()` calls the target in this process (only `start()` makes a child, followed where it
    // is made): a plain call, on the arguments the object keeps.
    const target = arg(c, 1, 'target')?.value;
    if (!made[2] && target?.k === 'function') noteRunnable(it, target.fn, target.self, c.node);
    const ran = runTarget(it, target, arg(c, 3, 'args')?.value, arg(c, 4, 'kwargs')?.value, c, !made[2] && made[1] !== 'threading.Thread');
    return ran && !made[2] ? { k: 'api', name: `${name}()`, bound: { args: c.args } } : ran;
  }
  if (/^(?:multiprocessing\.Process|threading\.Thread)\(\)\./.test(name)) return UNKNOWN;
  // `mp.Process.run(q)`, unbound, on a process we do not hold (`map(mp.Process.run, procs)`).
  if (UNBOUND_RUN.test(name)) {
    const q = c.args.pos[0];
    if (q?.k === 'api' && q.bound && /^(?:multiprocessing\.Process|threading\.Thread)\(\)$/.test(q.name)) return started(it, `${q.name}.run`, { ...c, args: q.bound.args });
    ranSomewhere(it, c);
    return UNKNOWN;
  }
  if (name === 'multiprocessing.get_context') return { k: 'api', name: 'multiprocessing' };
  if (POOLS.test(name)) return { k: 'api', name: `${name}()` };
  const [pool, method] = /^(.*)\(\)\.(\w+)$/.exec(name)?.slice(1) ?? [];
  if (!pool || !POOLS.test(pool)) return undefined;
  if (method === 'map' || method === 'map_async' || method === 'imap' || method === 'imap_unordered') {
    const [fn, xs] = c.args.pos;
    if (c.args.pos.length !== 2 || c.args.kw.size || fn.k !== 'function') return undefined;
    // (A process pool's workers run it as children do.)
    return builtinCall(it, 'map', /Thread/.test(pool) ? c : { ...c, args: { ...c.args, pos: [forked(it, fn), xs] } });
  }
  if ((method === 'apply' || method === 'apply_async') && pool.startsWith('multiprocessing')) return runTarget(it, arg(c, 0, 'func')?.value, arg(c, 1, 'args')?.value, arg(c, 2, 'kwds')?.value, c, true);
  if (method !== 'submit' || pool.startsWith('multiprocessing')) return undefined;
  return runTarget(it, c.args.pos[0], { k: 'seq', kind: 'tuple', items: c.args.pos.slice(1) }, { k: 'dict', entries: c.args.kw }, c, /Process/.test(pool));
}
export const UNBOUND_RUN = /^(?:multiprocessing\.Process|threading\.Thread)\.run$/;

/** What a Process or Thread made so far runs in this process if its `run()` is called: its target, or
 *  a subclass's own `run` on its instance. */
const runnable = new WeakMap<Interp, { fns: Array<{ fn: FunctionDef; self?: PyValue }>; ranAt: WeakMap<Node, Set<FunctionDef>> }>();

export function noteRunnable(it: Interp, fn: FunctionDef, self?: PyValue, made?: Node): void {
  // (A Process bound to a name used only as `p.start()`, `p.join()`, ... reaches no other receiver.)
  if (made && !mayEscape(made)) return;
  let r = runnable.get(it);
  if (!r) runnable.set(it, (r = { fns: [], ranAt: new WeakMap() }));
  if (!r.fns.some((x) => x.fn === fn && x.self === self)) r.fns.push({ fn, self });
}

/** An instance of a Process or Thread subclass with a `run` of its own (`class Worker(mp.Process)`). */
export function noteRunnableInstance(it: Interp, cls: ClassDef, inst: PyValue, made?: Node): void {
  const run = findMember(cls, 'run');
  if (run?.k === 'function' && mro(cls).some((k) => k.bases.some((b) => b.k === 'api' && /^(?:torch\.)?(?:multiprocessing\.Process|threading\.Thread)$/.test(b.name)))) noteRunnable(it, run.fn, inst, made);
}

/** Whether the object a call makes may reach a receiver we do not know: anything but a plain name
 *  bound to it whose every other use in its scope is a method call on it (`p = Process(...);
 *  p.start(); p.join()`). */
function mayEscape(made: Node): boolean {
  const bound = boundUses(made);
  return !bound || bound.uses.some((id) => {
    const a = id.parent;
    return !(a?.type === 'attribute' && a.childForFieldName('object') === id && a.parent?.type === 'call' && a.parent.childForFieldName('function') === a);
  });
}

/** `q.run()` on a value we do not know (an item of a list grown in a loop, a dict's values, a
 *  parameter): it may be any Process or Thread made so far, run here, so each of their targets runs
 *  as code nobody called does (what it rebinds or changes in this process may or may not be). */
export function ranSomewhere(it: Interp, c: CallSite): void {
  const r = runnable.get(it);
  if (!r) return;
  const done = r.ranAt.get(c.node) ?? r.ranAt.set(c.node, new Set()).get(c.node)!;
  for (const { fn, self } of [...r.fns]) {
    if (done.has(fn)) continue;
    done.add(fn);
    runFunction(it, fn, self, undefined, c.frame);
  }
}

/** A call without arguments of what may be a Process's or Thread's `run` on a value we do not know:
 *  `q.run()`, `getattr(q, "run")()`, `getattr(q, name)()` with a name we cannot read. */
export function mayBeRun(c: CallSite): boolean {
  if (c.args.pos.length || c.args.kw.size || c.args.splat) return false;
  const fn = c.node.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text === 'run';
  if (fn?.type !== 'call' || fn.childForFieldName('function')?.text !== 'getattr' || c.frame.env.lookup('getattr')) return false;
  const args = fn.childForFieldName('arguments')?.namedChildren ?? [];
  const name = args[1];
  return args.length === 2 && !!name && (name.type !== 'string' || /^[rbuf]*["']run["']$/i.test(name.text));
}

const POOLS = /^(?:multiprocessing(?:\.pool)?\.Pool|concurrent\.futures(?:\.thread|\.process)?\.(?:Thread|Process)PoolExecutor)$/;

function ranBy(it: Interp, r: Runner, c: CallSite): PyValue {
  const callee = c.args.pos[r.fn];
  if (!callee || c.args.splat) return UNKNOWN;
  const pick = <T>(xs: T[]): T[] => (r.from === 'rest' ? xs.slice(r.fn + 1) : xs.slice(r.from, r.from + 1));
  let pos = pick(c.args.pos);
  let posNodes = pick(c.args.posNodes);
  if (r.from !== 'rest' && !pos.length) return UNKNOWN;
  // Keywords for the module: checkpoint passes on all but its own; data_parallel takes them as
  // `module_kwargs` (by keyword or by position), which we do not read.
  const kw = new Map([...c.args.kw].filter(([k]) => !r.own?.has(k)));
  if ((!r.own && kw.has('module_kwargs')) || (r.moduleKwargs !== undefined && c.args.pos.length > r.moduleKwargs)) return UNKNOWN;
  if (!r.own) kw.clear();
  if (r.tupleInputs && pos[0]?.k === 'seq') {
    if (pos[0].open) return UNKNOWN;
    pos = [...pos[0].items];
    posNodes = [];
  }
  const kwNodes = new Map([...c.args.kwNodes].filter(([k]) => kw.has(k)));
  return callValue(it, callee, { ...c, args: { pos, posNodes, kw, kwNodes, splat: false } });
}
