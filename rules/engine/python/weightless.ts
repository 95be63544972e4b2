// Modules that hold no layer (a target assigner, a label smoother): what they compute from what they
// are given is no model's prediction. Their settings are constants (`self.topk = 10`), or values we
// do not know (`num_classes=self.nc`) that their code only computes with, never runs.
import type { SyntaxNode as Node } from './syntax-tree';
import type { ClassDef, PyObject } from './values';
import { NEUTRAL_BASES, READS_BY_NAME, plainSetting } from './instance-attrs';

/** A module that holds no layer: settings only ('settings'), and no layer known in what it computes;
 *  'unknown' when some settings are values we do not know, read as numbers only (what it computes
 *  may still be a prediction: a probe given its weights; TensorFacts.maybePred). */
export function weightless(obj: PyObject): false | 'settings' | 'unknown' {
  if (!obj.model || obj.model.layers.length !== 0) return false;
  let known = true;
  for (const [name, v] of obj.attrs) {
    if (plainSetting(v)) continue;
    if (v.k !== 'unknown' || !readAsSettingOnly(obj.cls, name)) return false;
    known = false;
  }
  return known ? 'settings' : 'unknown';
}

/** Calls that only shape or compute with numbers they are given (a count, an epsilon, a fill value):
 *  a module handed to one of these is not run. Anything else (`F.linear(x, self.w)`,
 *  `functional_call(self.net, ...)`, a function of one's own) may run what it is given. */
const NUMERIC_CALLS = new Set([
  'range', 'int', 'float', 'bool', 'len', 'min', 'max', 'abs', 'round', 'print', 'str',
  'expand', 'expand_as', 'repeat', 'view', 'reshape', 'pow', 'topk', 'full', 'full_like', 'zeros', 'ones', 'zeros_like',
  'ones_like', 'arange', 'linspace', 'clamp', 'clamp_', 'clip', 'mul', 'add', 'sub', 'div', 'unsqueeze', 'squeeze',
  'new_full', 'new_zeros', 'new_ones', 'gather', 'scatter', 'scatter_', 'scatter_add_', 'masked_fill', 'masked_fill_',
  'index_select', 'one_hot', 'split', 'chunk', 'narrow', 'roll', 'where', 'amax', 'amin', 'sum', 'mean', 'flatten',
  'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'fill_', 'empty', 'pad', 'randint', 'permute', 'to',
]);

const cache = new WeakMap<ClassDef, Map<string, boolean>>();

/** Whether the class's code (its workspace bases' too) reads `self.<name>` only as a number: in
 *  arithmetic, a comparison, an index, or as an argument of a call in NUMERIC_CALLS. A base we do
 *  not see may do anything with it. */
function readAsSettingOnly(cls: ClassDef, name: string, depth = 0): boolean {
  let known = cache.get(cls);
  if (!known) cache.set(cls, (known = new Map()));
  let r = known.get(name);
  if (r === undefined) {
    r = depth <= 8 && !READS_BY_NAME.test(cls.node.text) && cls.node.identifiersNamed(name).every((id) => readAsNumber(id, cls) && setAsNumber(id));
    r &&= cls.bases.every((b) => (b.k === 'api' && NEUTRAL_BASES.test(b.name)) || (b.k === 'class' && readAsSettingOnly(b.cls, name, depth + 1)));
    known.set(name, r);
  }
  return r;
}

/** `self.<name>` read where only its number matters; any other identifier of the name (a local,
 *  a parameter) is no read of the attribute. */
function readAsNumber(id: Node, cls: ClassDef): boolean {
  const attr = id.parent;
  if (attr?.type !== 'attribute' || attr.childForFieldName('attribute') !== id) return true;
  if (attr.childForFieldName('object')?.text !== 'self') return true;
  return usedAsNumber(attr, cls, 0);
}

/** Whether the value of expression `n` is used only as a number (see readAsSettingOnly). Handed to
 *  a method of the class (`self.select(mask, self.n_max)`), it is as its parameter is used there. */
function usedAsNumber(n: Node, cls: ClassDef, depth: number): boolean {
  let p = n.parent;
  // Inside parentheses, a tuple or a list (a shape given to torch.zeros): what holds them decides.
  while (p && (p.type === 'parenthesized_expression' || p.type === 'tuple' || p.type === 'list')) {
    n = p;
    p = n.parent;
  }
  if (!p) return false;
  switch (p.type) {
    case 'assignment':
    case 'augmented_assignment':
      // Set (`self.topk = topk`), not read.
      return p.childForFieldName('left') === n;
    case 'binary_operator':
      return p.child(1)?.type !== '@';
    case 'comparison_operator':
    case 'boolean_operator':
    case 'not_operator':
    case 'unary_operator':
      return true;
    case 'subscript':
      return p.childForFieldName('value') !== n;
    case 'keyword_argument':
      return numericCall(p.parent?.parent) || ownMethodParam(p.parent!.parent, cls, p.childForFieldName('name')?.text, depth);
    case 'argument_list':
      return numericCall(p.parent) || ownMethodParam(p.parent, cls, p.namedChildren.filter((c) => c.type !== 'comment').indexOf(n), depth);
    default:
      return false;
  }
}

/** `self.<name> = v` where v is a count or a constant: a parameter of the method (what the caller
 *  gives: `num_classes=self.nc`), a shape (`x.shape[1]`, `len(xs)`), a number, or arithmetic of
 *  those. A tensor loaded or made here (`torch.load(p)`, `torch.randn(d)`) may be weights. */
function setAsNumber(id: Node): boolean {
  const attr = id.parent;
  const set = attr?.type === 'attribute' && attr.childForFieldName('attribute') === id ? attr.parent : undefined;
  if (set?.type !== 'assignment' || set.childForFieldName('left') !== attr) return true;
  const value = set.childForFieldName('right');
  let fn: Node | null = set;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const params = new Set((fn?.childForFieldName('parameters')?.namedChildren ?? []).map(paramName));
  return !!value && countLike(value, params, 0);
}

function countLike(v: Node, params: ReadonlySet<string | undefined>, depth: number): boolean {
  if (depth > 6) return false;
  switch (v.type) {
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
    case 'string':
      return true;
    case 'identifier':
      return params.has(v.text);
    case 'attribute':
      // `self.nc`, another setting; `x.shape`.
      return v.childForFieldName('object')?.text === 'self' || v.childForFieldName('attribute')?.text === 'shape';
    case 'subscript':
      return countLike(v.childForFieldName('value')!, params, depth + 1);
    case 'call': {
      const fn = v.childForFieldName('function');
      const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      return !!name && /^(?:len|int|float|round|max|min|abs|size|numel|item|dim)$/.test(name);
    }
    case 'binary_operator':
    case 'unary_operator':
    case 'parenthesized_expression':
      return v.namedChildren.every((c) => c.type === 'comment' || countLike(c, params, depth + 1));
    default:
      return false;
  }
}

function numericCall(call: Node | null | undefined): boolean {
  if (call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
  return !!name && NUMERIC_CALLS.has(name);
}

/** `self.m(..., v)` for a method m written in the class: whether m uses the parameter that takes v
 *  (by position or keyword) only as a number. */
function ownMethodParam(call: Node | null | undefined, cls: ClassDef, at: number | string | undefined, depth: number): boolean {
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  if (depth > 3 || at === undefined || at === -1 || fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== 'self') return false;
  const name = fn.childForFieldName('attribute')?.text;
  const def = cls.node.childForFieldName('body')?.namedChildren.map((c) => (c.type === 'decorated_definition' ? c.childForFieldName('definition') : c)).find((d) => d?.type === 'function_definition' && d.childForFieldName('name')?.text === name);
  if (!def) return false;
  const isStatic = def.parent?.type === 'decorated_definition' && /@staticmethod\b/.test(def.parent.text.slice(0, def.startIndex - def.parent.startIndex));
  const params = def.childForFieldName('parameters')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const param = typeof at === 'string' ? params.find((q) => paramName(q) === at) : params[at + (isStatic ? 0 : 1)];
  const pname = param && paramName(param);
  if (!pname || param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern') return false;
  const body = def.childForFieldName('body');
  return !!body && body.identifiersNamed(pname).every((id) => id.parent?.type === 'attribute' && id.parent.childForFieldName('attribute') === id ? true : usedAsNumber(id, cls, depth + 1));
}

function paramName(p: Node): string | undefined {
  if (p.type === 'identifier') return p.text;
  return (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'))?.text;
}
