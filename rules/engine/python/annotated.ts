// A parameter annotated with a model class of the program (`def evaluate(model: Net, loader)`,
// `Optional[Net]`, `"Net"`), in a run no call site gives arguments to (a helper nobody calls here):
// the annotation says what it is given, an instance of that class, its constructor's arguments
// unknown (the class's generic instance). A call site's argument is what the call gives; an annotation adds nothing there.
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyValue, ClassDef, FunctionDef } from './values';
import type { Interp, Frame } from './evaluator';
import { instantiate, mro } from './objects';

export function annotatedInstance(it: Interp, p: Node, fn: FunctionDef, frame: Frame, caller: Frame): PyValue | undefined {
  const type = p.type === 'typed_parameter' || p.type === 'typed_default_parameter' ? p.childForFieldName('type') : undefined;
  const named = type && classNamed(type);
  if (!named) return undefined;
  const v = typeof named === 'string' ? fn.closure.lookup(named) : it.eval(named, frame);
  if (v?.k !== 'class' || !modelClass(it, v.cls)) return undefined;
  // (A method of that class or a kin of it, `def distil(self, teacher: "Net")`: an instance built
  // while one is being built; not followed.)
  if (fn.owner && (mro(fn.owner).includes(v.cls) || mro(v.cls).includes(fn.owner))) return undefined;
  // One instance for every such parameter (and the class's own runs, objects.ts runClassGeneric):
  // `fit(model: Net)` and `evaluate(model: Net)` stand for the program's one model, trained in one,
  // judged in the other.
  const inst = (v.cls.generic ??= instantiate(it, v.cls, undefined, caller));
  givenByCaller.add(inst);
  return inst;
}

/** Instances bound so: the unseen caller's own model, which it gets back from a run that returns it
 *  (`def f(m: Net) -> Net: return m`) without anything new reading it. */
const givenByCaller = new WeakSet<PyValue>();

export function callersOwn(v: PyValue): boolean {
  return givenByCaller.has(v);
}

/** A model class (PyTorch or Keras, no loss) none of the program's classes derive from: a subclass
 *  may be what is passed, with another forward. */
function modelClass(it: Interp, cls: ClassDef): boolean {
  if ((cls.framework !== 'torch' && cls.framework !== 'keras') || cls.lossBase) return false;
  for (const mod of it.program.modules.values()) {
    for (const other of mod?.classes ?? []) if (other !== cls && mro(other).includes(cls)) return false;
  }
  return true;
}

/** The one class an annotation names: its name node (`Net`, `models.Net`), a name in a string
 *  (`"Net"`), or that of `Optional[X]`, `Union[X, None]`, `X | None`. Anything else (a union of
 *  several classes, a generic): undefined. */
function classNamed(n: Node): Node | string | undefined {
  switch (n.type) {
    case 'type':
    case 'parenthesized_expression':
      return n.namedChildCount === 1 ? classNamed(n.namedChildren[0]!) : undefined;
    case 'identifier':
    case 'attribute':
      return n;
    case 'string': {
      const m = /^(["'])([A-Za-z_]\w*)\1$/.exec(n.text);
      return m?.[2];
    }
    case 'binary_operator': {
      if (n.childForFieldName('operator')?.text !== '|') return undefined;
      return oneNotNone([n.childForFieldName('left'), n.childForFieldName('right')]);
    }
    case 'subscript':
    case 'generic_type': {
      const head = (n.type === 'subscript' ? n.childForFieldName('value') : n.namedChildren[0])?.text.replace(/^typing\./, '');
      const args = n.type === 'subscript' ? n.childrenForFieldName('subscript') : n.namedChildren[1]?.namedChildren ?? [];
      if (head === 'Optional') return args.length === 1 && args[0] ? classNamed(args[0]) : undefined;
      return head === 'Union' ? oneNotNone(args) : undefined;
    }
    default:
      return undefined;
  }
}

function oneNotNone(parts: ReadonlyArray<Node | null | undefined>): Node | string | undefined {
  const rest = parts.filter((x): x is Node => !!x && x.type !== 'none' && x.text !== 'None');
  return rest.length === 1 && rest.length < parts.length ? classNamed(rest[0]) : undefined;
}
