// The standard library's calls that matter to what a model computes: copies, scripts run in this
// namespace, casts, dataclass fields and named tuples.
import type { PyValue } from './values';
import type { Interp, CallSite } from './evaluator';
import { copied } from './copies';
import { namedTupleClass } from './records';
import { callValue } from './dispatch';
import { moduleItself } from './namespaces';

export function stdlibCall(it: Interp, root: string, name: string, c: CallSite): PyValue | undefined {
  // `best = copy.deepcopy(model)` (the best epoch kept): the same model, an object of its own.
  // (Not copy.copy: a shallow copy of an nn.Module shares its submodules with the original.)
  if (name === 'copy.deepcopy') return copied(it, c.args.pos[0]);
  // `g = runpy.run_path("train.py")`: that script's models are used here, through `g`.
  if (root === 'runpy') it.scriptsRunIn.add(c.frame.module.file);
  // A module loaded by path (`spec_from_file_location`, `imp.load_source`): its models are used
  // here, through what it returns, as runpy's are.
  else if ((root === 'importlib' || root === 'imp') && /(?:^|\.)(?:spec_from_file_location|load_source|SourceFileLoader)$/.test(name)) it.scriptsRunIn.add(c.frame.module.file);
  else if (name === 'importlib.import_module') return moduleItself(it, c);
  // typing.cast(T, x) is x at run time.
  else if (name === 'typing.cast') return c.args.pos.length === 2 ? c.args.pos[1] : undefined;
  // A dataclass field's default: `field(default=x)` is x, `field(default_factory=nn.BCELoss)` a call of it.
  else if (name === 'dataclasses.field') return fieldDefault(it, c);
  else if (name === 'collections.namedtuple' || name === 'typing.NamedTuple') return namedTupleClass(c);
  return undefined;
}

function fieldDefault(it: Interp, c: CallSite): PyValue | undefined {
  const given = c.args.kw.get('default');
  if (given) return given;
  const factory = c.args.kw.get('default_factory');
  return factory && callValue(it, factory, { ...c, args: { pos: [], posNodes: [], kw: new Map(), kwNodes: new Map(), splat: false } });
}
