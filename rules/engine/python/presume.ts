// Code the program does not show being called. A module that defines one PyTorch model class and
// never builds it, with a function nobody calls that takes a `model` (`def test(model, loader)`),
// is a model file whose script is elsewhere: that function is run once more with the parameter
// bound to an instance of that class. Anything less certain (two model classes, other models in the
// file, the class built or the function called somewhere) leaves the parameter unknown.
import { PyValue } from './values';
import type { Interp, CallSite } from './evaluator';
import type { PyModule } from './program';
import { instantiate, usedElsewhere } from './objects';
import { runFunction } from './statements';
import { submodels } from './sequential';

const MODEL_PARAM = /^(?:model|net|network|classifier|clf)$/i;

export function presumeModelParams(it: Interp, mod: PyModule): void {
  const classes = mod.classes.filter((c) => c.framework === 'torch');
  if (classes.length !== 1 || usedElsewhere(classes[0])) return;
  const cls = classes[0];
  const others = it.models.some((m) => m.site.file === mod.file && m.kind !== 'module' && !submodels.has(m));
  if (others) return;
  const frame = it.program.moduleFrame(mod);
  for (const fn of mod.functions) {
    if (fn.ran || fn.owner || fn.node.type !== 'function_definition') continue;
    const names = (fn.node.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p?.type === 'identifier' ? p.text : p?.childForFieldName('name')?.text ?? p?.namedChildren[0]?.text ?? ''));
    const params = names.filter((n) => MODEL_PARAM.test(n));
    if (params.length !== 1) continue;
    const inst: PyValue = (cls.generic ??= instantiate(it, cls, undefined, frame));
    const c: CallSite = { node: fn.node, site: it.site(fn.node, mod.file), args: { pos: [], posNodes: [], kw: new Map([[params[0], inst]]), kwNodes: new Map(), splat: false }, frame };
    runFunction(it, fn, undefined, c, frame);
  }
}
