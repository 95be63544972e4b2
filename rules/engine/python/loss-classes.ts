// User classes that are losses: a subclass of a framework loss (`class WeightedBCE(nn.BCEWithLogitsLoss)`,
// `class MyCE(keras.losses.SparseCategoricalCrossentropy)`), and an nn.Module whose forward applies a
// loss (`class DiceBCELoss(nn.Module)`). Calling an instance applies the loss to that call's
// arguments: the base loss itself, or the class's own forward/call run with those arguments (inside
// it, `super().forward(input, target)` is the base loss). Events inside such a forward are reported
// at the user's call (`criterion(out, y)`), not at the class's own parameters.
import type { Site } from '../core/site';
import { PyValue, ClassDef, PyObject, FunctionDef, UNKNOWN } from './values';
import type { Interp, CallSite } from './evaluator';
import { runFunction } from './statements';
import { findMember } from './objects';
import { callLoss, constructLoss, LABELS_NAME } from './losses';
import { isLossClass } from './loss-catalogue';

/** The framework loss class `cls` derives from, through user classes: a loss (nn.BCEWithLogitsLoss),
 *  or the abstract base of losses (keras.losses.Loss, torch's _Loss), whose subclass's own
 *  call/forward is the whole loss. */
export function lossBaseOf(cls: ClassDef, depth = 0): string | undefined {
  for (const b of cls.bases) {
    // (Not fastai's: its Flat losses apply the loss in __call__, which a subclass may override.)
    if (b.k === 'api' && ((isLossClass(b.name) && !b.name.startsWith('fastai.')) || ABSTRACT_LOSSES.test(b.name))) return b.name;
    if (b.k === 'class' && depth < 20) {
      const base = b.cls.lossBase ?? lossBaseOf(b.cls, depth + 1);
      if (base) return base;
    }
  }
  return undefined;
}

const ABSTRACT_LOSSES = /^(?:keras\.losses\.Loss|torch\.nn\.modules\.loss\._(?:Weighted)?Loss)$/;

/** The base loss of a new instance of a loss subclass without an __init__: the class call's
 *  arguments are the base constructor's (c undefined: a generic instance, default arguments). */
export function constructedLoss(it: Interp, cls: ClassDef, c: CallSite | undefined): Extract<PyValue, { k: 'loss' }> | undefined {
  if (!cls.lossBase || findMember(cls, '__init__')) return undefined;
  const v = constructLoss(cls.lossBase, c, { site: c?.site ?? classSite(it, cls), cls: cls.name });
  return v.k === 'loss' ? v : undefined;
}

function classSite(it: Interp, cls: ClassDef): Site {
  return it.site(cls.node.childForFieldName('name') ?? cls.node, cls.file);
}

/** `super().__init__(...)`, `super().forward(input, target)` inside a loss subclass. */
export function superLossMethod(it: Interp, s: Extract<PyValue, { k: 'super' }>, name: string, c: CallSite): PyValue | undefined {
  const base = s.cls.lossBase;
  if (!base || s.self.k !== 'instance') return undefined;
  const obj = s.self.obj;
  if (name === '__init__') {
    const v = constructLoss(base, c, { site: obj.site ?? classSite(it, obj.cls), cls: obj.cls.name });
    obj.loss = v.k === 'loss' ? v : undefined;
    return UNKNOWN;
  }
  if (name === 'forward' || name === '__call__' || name === 'call') return obj.loss ? callLoss(it, obj.loss, c) : UNKNOWN;
  return undefined;
}

/** Calling an instance of a loss class: its own forward/call with these arguments, else its base. */
export function callLossInstance(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, c: CallSite): PyValue | undefined {
  const cls = inst.obj.cls;
  if (!cls.lossBase && !cls.lossModule) return undefined;
  const own = findMember(cls, cls.lossBase?.startsWith('keras.') ? 'call' : 'forward');
  if (own?.k !== 'function') return inst.obj.loss ? callLoss(it, inst.obj.loss, c) : UNKNOWN;
  it.lossCalls.push({ call: c, cls: cls.name });
  cls.calledAsLoss = true;
  for (const e of cls.builtLosses ?? []) it.withdrawn.add(e);
  try {
    return runFunction(it, own.fn, inst, c, c.frame);
  } finally {
    it.lossCalls.pop();
  }
}

/** Whether a class whose forward applied a loss while it was built is a loss, not a model that
 *  also returns its loss (forward(x, labels=None)): named so, or its forward takes a target after
 *  the prediction and it holds no layers. */
export function looksLikeLoss(obj: PyObject, forward: FunctionDef): boolean {
  if (/loss|criterion|crossentropy/i.test(obj.cls.name)) return true;
  const params = (forward.node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p && p.type === 'identifier');
  if (params.length < 3 || !LABELS_NAME.test(params[2]!.text)) return false;
  for (const v of obj.attrs.values()) if (v.k === 'layer' || v.k === 'model' || v.k === 'modulelist' || (v.k === 'instance' && v.obj.model)) return false;
  return true;
}
