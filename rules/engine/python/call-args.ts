// A call's arguments: evaluated once at the call (positional, keyword, `*xs` / `**kw`), and read by
// position or name by the framework models (torch.ts, keras.ts, ...).
import { enclosingScope, type SyntaxNode as Node } from './syntax-tree';
import { GENERIC_ARG, UNKNOWN, type PyValue } from './values';
import type { CallSite, Frame, Interp } from './evaluator';
import { keptForLater, keptInContainer, lossHandedAway } from './probability-reads';
import { attrsWritten } from './builtins';
import { paramOf } from './params';
import { usedYet } from './sequential';
import { keepsValues } from './torch';
import { noteReadByPosition } from './shared-sites';

const NO_KEYWORDS: Map<string, PyValue> = new Map();
const NO_KEYWORD_NODES: Map<string, Node> = new Map();

export interface Args {
  pos: PyValue[];
  posNodes: Node[];
  kw: Map<string, PyValue>;
  kwNodes: Map<string, Node>;
  /** *args or **kwargs present: positions and names beyond those written are unknown. */
  splat: boolean;
  /** The last positional argument is `*xs` of a list whose end is known (values.ts `tail`). */
  splatTail?: PyValue[];
  /** The positional arguments after the last `*xs` (`nn.Sequential(a, *block(), last)`): known to
   *  come last, whatever `xs` holds. */
  afterSplat?: PyValue[];
  /** What `*xs` / `**kw` unpacked where their items are unknown (`zip(*p.max(1))`): code we do
   *  not model still reads them. */
  spread?: PyValue[];
}

/** Evaluates a call's argument list in `f`. */
export function evalArgs(it: Interp, argList: Node | null, f: Frame): Args {
  // Most calls have no keyword argument: their maps are made on the first one.
  const args: Args = { pos: [], posNodes: [], kw: NO_KEYWORDS, kwNodes: NO_KEYWORD_NODES, splat: false };
  if (!argList) return args;
  if (argList.type === 'generator_expression') {
    // f(x for x in xs): one positional argument, the generator.
    args.pos.push(it.eval(argList, f));
    args.posNodes.push(argList);
    return args;
  }
  for (const a of argList.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text ?? '';
      const vn = a.childForFieldName('value');
      if (args.kw === NO_KEYWORDS) {
        args.kw = new Map();
        args.kwNodes = new Map();
      }
      args.kw.set(name, it.eval(vn, f));
      if (vn) args.kwNodes.set(name, vn);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
      const v = it.eval(a.namedChildren[0], f);
      if (a.type === 'list_splat') noteReadByPosition(v);
      // `*layers` of a list we know: its items are positional arguments.
      if (a.type === 'list_splat' && v.k === 'seq' && !v.open && !args.splat) {
        for (const item of v.items) {
          args.pos.push(item);
          args.posNodes.push(a);
        }
      } else if (a.type === 'list_splat' && v.k === 'seq' && v.open && v.head?.length && !args.splat) {
        // `*args` whose first items alone are known (a method wrapper's, params.ts): those, then unknown.
        for (const item of v.head) {
          args.pos.push(item);
          args.posNodes.push(a);
        }
        args.splat = true;
        (args.spread ??= []).push(v);
      } else if (a.type === 'dictionary_splat' && v.k === 'dict' && !v.attrs && !args.splat && onlySplatted(a.namedChildren[0])) {
        // `**cfg` of a dict we know (`compile(**cfg)`): its entries are keyword arguments, placed at
        // the `**cfg` (no fix edits it: the values are written elsewhere, maybe for other calls too).
        if (args.kw === NO_KEYWORDS) {
          args.kw = new Map();
          args.kwNodes = new Map();
        }
        for (const [name, value] of v.entries) {
          args.kw.set(name, value);
          args.kwNodes.set(name, a);
        }
      } else {
        args.splat = true;
        (args.spread ??= []).push(v);
        args.splatTail = a.type === 'list_splat' && v.k === 'seq' && v.tail?.length ? v.tail : undefined;
        args.afterSplat = a.type === 'list_splat' ? [] : undefined;
      }
    } else {
      const v = it.eval(a, f);
      args.pos.push(v);
      args.posNodes.push(a);
      args.afterSplat?.push(v);
    }
  }
  return args;
}

/** `**cfg` where `cfg` is written once and otherwise only splatted in its scope: no `cfg.update(...)`,
 *  `cfg[k] = v`, or `load_overrides(cfg)` may have changed it since (which we do not follow). */
function onlySplatted(n: Node | null): boolean {
  if (n?.type !== 'identifier') return false;
  const scope = enclosingScope(n);
  // Comments say nothing of what runs (`# the settings live in cfg`).
  const text = scope?.text.replace(/^((?:[^#'"\n]|'[^'\n]*'|"[^"\n]*")*)#[^\n]*/gm, '$1');
  if (!text) return false;
  const name = n.text.replace(/[$]/g, '');
  const uses = text.match(new RegExp(`(?<![\\w.])${name}\\b`, 'g'))?.length ?? 0;
  const splats = text.match(new RegExp(`\\*\\*\\s*${name}\\b`, 'g'))?.length ?? 0;
  const writes = text.match(new RegExp(`(?<![\\w.])${name}\\s*=(?!=)`, 'g'))?.length ?? 0;
  // A function's own `**kwargs` (bound to the keywords its caller gave) is written by the call.
  const param = scope?.type === 'function_definition' && !!scope.childForFieldName('parameters')?.namedChildren.some((p) => p?.type === 'dictionary_splat_pattern' && p.namedChildren[0]?.text === n.text);
  return (writes === 1 || (param && writes === 0)) && uses === splats + writes;
}

/** The argument at `index` or named `name`, with its node. */
export function arg(c: CallSite, index: number, name?: string): { value: PyValue; node?: Node } | undefined {
  if (name !== undefined && c.args.kw.has(name)) return { value: c.args.kw.get(name)!, node: c.args.kwNodes.get(name) };
  if (index >= 0 && index < c.args.pos.length) return { value: c.args.pos[index], node: c.args.posNodes[index] };
  return undefined;
}

/** The value of an argument, or `fallback` when it is absent and no splat could provide it. */
/** A method's call as the call of the function it stands for, the receiver first (`p.bernoulli()`
 *  as `torch.bernoulli(p)`, `m.__setattr__(k, v)` as `setattr(m, k, v)`). */
export function receiverFirst(c: CallSite, recv: PyValue): CallSite {
  const at = c.node.childForFieldName('function')?.childForFieldName('object') ?? c.node;
  return { ...c, args: { ...c.args, pos: [recv, ...c.args.pos], posNodes: [at, ...c.args.posNodes] } };
}

export function argValue(c: CallSite, index: number, name: string | undefined, fallback: PyValue): PyValue {
  const a = arg(c, index, name);
  if (a) return a.value;
  return c.args.splat ? UNKNOWN : fallback;
}

/** What a call's arguments go through before the callee runs: `step(**dict(model=net,
 *  criterion=CRIT))` binds them where we do not follow (each used there as it is), and
 *  `parser.parse_args(namespace=CFG)` writes the command line's values onto CFG. */
export function argumentsHandedOn(it: Interp, args: Args, callee: PyValue, call: Node): void {
  for (const v of args.spread ?? []) {
    lossHandedAway(v);
    keptInContainer(it, v);
  }
  const ns = args.kw.get('namespace');
  if (ns) attrsWritten(ns, undefined, UNKNOWN);
  layersChangedThere(args);
  if (callee.k === 'unknown' && callee !== GENERIC_ARG && call.parent?.type === 'expression_statement') uncompiledHandedAway(args);
}

/** A Keras Sequential not yet compiled, trained or run (sequential.ts markUsed), handed to code we
 *  do not follow for its effects alone (`add_binary_head(model)` from an installed package, its
 *  result unused): its head may be added there. Once compiled, its layers are set: `train(model)`
 *  after compile keeps them. */
function uncompiledHandedAway(args: Args): void {
  for (const v of [...args.pos, ...args.kw.values()]) {
    const m = v.k === 'model' ? v.model : v.k === 'instance' ? v.obj.model : undefined;
    if (m?.kind === 'sequential' && m.framework === 'keras' && m.layers.length > 0 && !usedYet(m)) m.open = true;
  }
}

/** A Sequential's `add` or `pop` handed to a call (`list(map(model.add, heads))`), or the model with
 *  a function that adds to what it is given (`reduce(lambda m, l: (m.add(l), m)[1], heads, model)`):
 *  its layers are changed where we do not follow, so its output is unknown. */
function layersChangedThere(args: Args): void {
  // (Run for every call: nothing is allocated unless a method, a function or a model is given.)
  let given = false;
  for (const v of args.pos) given ||= v.k === 'method' || v.k === 'function';
  for (const v of args.kw.values()) given ||= v.k === 'method' || v.k === 'function';
  if (!given) return;
  const all = [...args.pos, ...args.kw.values()];
  const sequential = (v: PyValue | undefined) => (v?.k === 'model' ? v.model : v?.k === 'instance' ? v.obj.model : undefined);
  for (const v of all) {
    if (v.k === 'method' && LAYER_WRITERS.test(v.name)) {
      const m = sequential(v.recv);
      if (m) m.open = true;
    }
  }
  const models = all.map(sequential).filter((m) => !!m);
  if (models.length && all.some((v) => v.k === 'function' && addsToParameter(v.fn.node))) for (const m of models) m!.open = true;
}

const LAYER_WRITERS = /^(?:add|pop)$/;

/** The function calls `add` or `pop` on one of its parameters (`lambda m, l: m.add(l)`; not `tf.add(a, b)`). */
function addsToParameter(fn: Node): boolean {
  const names = (fn.childForFieldName('parameters')?.namedChildren ?? []).flatMap((p) => (p ? paramOf(p).name ?? [] : []));
  return names.some((n) => new RegExp(`(?<![\\w.])${n}\\s*\\.\\s*(?:add|pop)\\s*\\(`).test(fn.text));
}

/** What a generator yields goes to code we do not follow (a `@contextmanager`'s `with`, a loop
 *  over the generator): its tensors read as they are, its models used there. */
export function yielded(it: Interp, node: Node, f: Frame): PyValue {
  for (const c of node.namedChildren) {
    if (!c || c.type === 'comment') continue;
    keptForLater(it, it.eval(c, f));
  }
  return UNKNOWN;
}

/** Where the values `nodes` (evaluated to `values`) in `c` were written: a helper's own parameters
 *  handed on unchanged (`def bce_dice(pred, target): F.bce(pred, target)`) are its caller's
 *  arguments (`bce_dice(masks, logits)`), followed up through callers that hand them on too. `call`
 *  is the call whose arguments the result's nodes are; `inHelper`: they stopped at parameters that
 *  a caller's written arguments gave (an edit of them there would change every call). */
export function writtenBy(nodes: Node[], values: PyValue[], c: CallSite): { nodes: Node[]; call: CallSite; inHelper: boolean } {
  let call = c;
  for (let level = 0; level < 8; level++) {
    const f = call.frame;
    const given = f.call && f.argNodes;
    // (A parameter reshaped or cast on its way, `targets.view(-1, 1)`, is still the one given.)
    const params = nodes.map(reshapedParam);
    const mapped = given ? params.map((n) => (n.type === 'identifier' && f.params?.has(n.text) ? given.get(n.text) : undefined)) : [];
    if (!given || !mapped.every((m, i) => m && (m.value === values[i] || params[i] !== nodes[i]))) {
      // (Given by code that wrote no arguments, Keras calling a loss given to compile: the helper is
      // where its arguments are written.)
      const inHelper = nodes.some((n) => n.type === 'identifier' && !!f.params?.has(n.text) && !!f.argNodes?.has(n.text));
      return { nodes, call, inHelper };
    }
    nodes = mapped.map((m) => m!.node);
    call = f.call!;
  }
  return { nodes, call, inHelper: true };
}

/** `p` of `p.view(-1, 1)` or `p.float()` (a name): the values given, in another shape or type. */
function reshapedParam(n: Node): Node {
  const fn = n.type === 'call' ? n.childForFieldName('function') : null;
  const obj = fn?.type === 'attribute' && keepsValues(fn.childForFieldName('attribute')?.text ?? '') ? fn.childForFieldName('object') : null;
  return obj?.type === 'identifier' ? obj : n;
}

