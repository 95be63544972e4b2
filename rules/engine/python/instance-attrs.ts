// Reading an instance's attributes: its own, unless a method that has not run also writes them; its
// class's members; a class-level default only where we saw how the instance was built.
import type { PyValue, ClassDef } from './values';
import { UNKNOWN } from './values';
import type { Interp, Frame } from './evaluator';
import { findMember } from './members';
import { runFunction } from './statements';
import { isRecord } from './records';

/** `self.x = ...` (annotated or not) in a method's text. */
export const METHOD_WRITERS = /\bself\.(\w+)\s*(?::[^=\n]*)?=(?!=)/g;

/** The method a test framework runs before each test of the class: unittest's `setUp` (a
 *  `...TestCase` base), pytest's `setup_method` (a `Test...` class). */
export function testSetUp(cls: ClassDef): string | undefined {
  if (cls.members.has('setUp') && /TestCase\b/.test(cls.node.childForFieldName('superclasses')?.text ?? '')) return 'setUp';
  if (cls.members.has('setup_method') && /^Test/.test(cls.name)) return 'setup_method';
  return undefined;
}
export function getInstanceAttr(it: Interp, inst: Extract<PyValue, { k: 'instance' }>, name: string, c: Frame): PyValue | undefined {
  const obj = inst.obj;
  // self.forward(x) / model.call(x) is calling the model: its output, as model(x) gives it.
  if (obj.model && !obj.attrs.has(name) && (name === (obj.cls.framework === 'torch' ? 'forward' : 'call'))) return { k: 'method', recv: inst, name };
  const own = obj.attrs.get(name);
  if (own) {
    // Also written by a method that has not run (reset(), a setter): not certain.
    if (obj.cls.laterAttrs.has(name) && !writersRan(obj.cls, name)) return UNKNOWN;
    return own;
  }
  const member = findMember(obj.cls, name);
  if (member?.k === 'function') {
    const bound: PyValue = { k: 'function', fn: member.fn, self: inst };
    return member.fn.property ? runFunction(it, member.fn, inst, undefined, c) : bound;
  }
  // A class-level default stands for the instance's value only where we saw how it was built.
  if (member && obj.site && !isRecord(inst) && setsFieldsUnseen(obj.cls)) return UNKNOWN;
  return member;
}

const dynamicSetters = new WeakMap<ClassDef, boolean>();
/** Whether the class or a base of it writes its instances' attributes by names we do not read
 *  (`setattr(self, k, v)` in a loop, `self.__dict__.update(kw)`, `vars(self)`): any attribute may
 *  hold what the caller gave. */
export function setsAttrsByName(cls: ClassDef, depth = 0): boolean {
  let v = dynamicSetters.get(cls);
  if (v === undefined) {
    v = /\bsetattr\(\s*self\b|\bself\.__dict__\b|\bvars\(\s*self\s*\)/.test(cls.node.text) || (depth < 20 && cls.bases.some((b) => b.k === 'class' && setsAttrsByName(b.cls, depth + 1)));
    dynamicSetters.set(cls, v);
  }
  return v;
}

const unseenSetters = new WeakMap<ClassDef, boolean>();
/** Bases that set no attributes of their subclasses' instances from arguments. */
const PLAIN_BASE = /^(?:object|(?:abc\.)?ABC|(?:typing\.)?(?:Generic|Protocol)(?:\[.*\])?)$/s;

/** Instances of `cls` may get attributes from code we do not see: an __init__ that calls setattr
 *  or writes `self.__dict__` (`Cfg(**kw)`), or a base we do not know (pydantic's BaseModel and
 *  BaseSettings, attrs, a config library) that builds them from the call's arguments or the
 *  environment, unless an __init__ of the workspace's own replaces it without calling it. */
function setsFieldsUnseen(cls: ClassDef): boolean {
  let v = unseenSetters.get(cls);
  if (v === undefined) {
    const init = findMember(cls, '__init__');
    const initText = init?.k === 'function' ? init.fn.node.text : undefined;
    v = (!!initText && /\bsetattr\(\s*self\b|\b__dict__\b|\bvars\(\s*self\s*\)/.test(initText)) || (unknownBase(cls) && (!initText || /\bsuper\(/.test(initText)));
    unseenSetters.set(cls, v);
  }
  return v;
}

function unknownBase(cls: ClassDef, depth = 0): boolean {
  // The bases as written, as the class statement evaluated them (keywords such as metaclass= aside).
  const written = (cls.node.childForFieldName('superclasses')?.namedChildren ?? []).filter((n) => n && n.type !== 'keyword_argument' && n.type !== 'comment');
  return cls.bases.some((b, i) => {
    if (b.k === 'class') return depth < 20 && unknownBase(b.cls, depth + 1);
    if (b.k === 'api') return false;
    const text = written[i]?.text;
    return !text || !PLAIN_BASE.test(text);
  });
}

function writersRan(cls: ClassDef, name: string): boolean {
  for (const [mname, v] of cls.members) {
    if (v.k !== 'function' || mname === '__init__' || mname === 'build' || mname === testSetUp(cls) || v.fn.ran) continue;
    if ([...v.fn.node.text.matchAll(METHOD_WRITERS)].some((m) => m[1] === name)) return false;
  }
  return true;
}

/** A setting, not a module: a constant, None, or a list of them. */
export function plainSetting(v: PyValue): boolean {
  return v.k === 'const' || v.k === 'none' || (v.k === 'seq' && !v.open && v.items.every(plainSetting));
}

/** Whether setting `name` to `value` on a model from outside (`model.n_channels = 1`, `model.device =
 *  device`, `model.optimizer = Adam(...)`) may change what it computes: only if the class's code (its
 *  bases' in the workspace too) reads an attribute of that name, or reads its attributes by name
 *  (`getattr`, `__dict__`) or its modules as a collection (`children()`, `_modules`): what its code
 *  never names, it never runs. */
export function changesModel(cls: ClassDef, name: string, value: PyValue, depth = 0): boolean {
  if (depth > 8) return true;
  // One of its methods replaced (`model.forward = types.MethodType(f, model)`), or its class
  // (`model.__class__ = ProbNet`: another forward).
  if (/^(?:forward|call|__call__|__class__)$/.test(name) || cls.members.has(name)) return true;
  const text = cls.node.text;
  if (new RegExp(`\\.${name}\\b`).test(text) || READS_BY_NAME.test(text) || /\b(?:named_)?(?:children|modules)\s*\(|_modules\b/.test(text)) return true;
  // A base from an installed package (a Hugging Face model reads `self.config`) may read any name.
  return cls.bases.some((b) => (b.k === 'class' ? changesModel(b.cls, name, value, depth + 1) : !(b.k === 'api' && NEUTRAL_BASES.test(b.name))));
}

/** Code that reads its attributes by name (`getattr(self, k)`, `self.__dict__`, `vars(self)`). */
export const READS_BY_NAME = /\bgetattr\s*\(|__dict__|\bvars\s*\(|__getattr/;

/** Bases whose own code reads no attribute a user sets on a model to compute its output. */
export const NEUTRAL_BASES = /^(?:torch\.nn\.(?:Module|modules\.module\.Module)|pytorch_lightning\.(?:core\.)?LightningModule|lightning\.(?:pytorch\.)?LightningModule|keras\.Model|builtins\.object)$/;

/** A model and the instances of workspace modules it holds, at any depth (what `modules()` yields
 *  that the analysis knows apart). */
export function modulesOf(root: Extract<PyValue, { k: 'instance' }>): PyValue[] {
  const out: Array<Extract<PyValue, { k: 'instance' }>> = [];
  const walk = (v: Extract<PyValue, { k: 'instance' }>, depth: number): void => {
    if (out.some((o) => o.obj === v.obj) || depth > 4 || out.length > 16) return;
    out.push(v);
    for (const a of v.obj.attrs.values()) if (a.k === 'instance' && a.obj.cls.framework) walk(a, depth + 1);
  };
  walk(root, 0);
  return out;
}

