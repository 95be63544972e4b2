// A walk over a model's modules that touches only those of some layer types with weights
// (`for m in model.modules(): if isinstance(m, nn.Linear): init(m.weight)`): what it does depends on
// no module's place, and never reaches an activation a fix removes, so it does not read the model by
// position (shared-sites.ts noteReadByPosition).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Env } from './values';
import type { CallSite, Frame } from './evaluator';
import { noteWalk } from './shared-sites';

/** torch.nn's layers with weights: never an activation, whatever else the walk touches. */
const WEIGHTED = /^torch\.nn\.(?:modules\.\w+\.)?(?:Linear|LazyLinear|Bilinear|(?:Lazy)?Conv(?:Transpose)?[123]d|(?:Sync)?BatchNorm[123]?d?|LayerNorm|GroupNorm|InstanceNorm[123]d|Embedding(?:Bag)?|(?:LSTM|GRU|RNN)(?:Cell)?|MultiheadAttention)$/;
const WALKS = new Set(['modules', 'named_modules', 'children', 'named_children']);

/** `for m in model.modules(): init(m)`, doing something only for weighted layers, noted for the
 *  text scan of reads by position too (edits.ts madeIndexed). */
export function weightedWalk(c: CallSite, name: string): boolean {
  const weighted = onlyWeightedLayers(c.node, name, c.frame);
  const at = c.node.childForFieldName('function')?.childForFieldName('attribute')?.startIndex;
  if (at !== undefined) noteWalk(c.frame.module.file, at, weighted);
  return weighted;
}

/** `call` is `X.modules()` (or children, named_...) iterated by a `for` whose body does nothing
 *  but for weighted layers picked by `isinstance` (`if isinstance(m, nn.Linear): ...`, elifs of
 *  the same kind, no else), there or in a function of ours it hands the module to
 *  (`init_weights(m)`): for any other module, the activation too, a pass does nothing at all (no
 *  count, no list of them). */
function onlyWeightedLayers(call: Node, method: string, f: Frame): boolean {
  const loop = call.parent;
  if (!WALKS.has(method) || loop?.type !== 'for_statement' || loop.childForFieldName('right')?.index !== call.index) return false;
  const left = loop.childForFieldName('left');
  const names = left?.type === 'identifier' ? [left.text] : left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? left.namedChildren.map((n) => (n?.type === 'identifier' ? n.text : '')) : [];
  const body = loop.childForFieldName('body');
  if (!names.length || names.includes('') || !body || loop.childForFieldName('alternative')) return false;
  return nothingElse(body, new Set(names), f.env, 0);
}

/** Each statement of `block` is an `if` that picks weighted layers by the type of one of `names`
 *  (its elifs too, no else), a hand-over of the module to such a function, or nothing at all. */
function nothingElse(block: Node, names: ReadonlySet<string>, env: Env, depth: number): boolean {
  return block.namedChildren.every((s) => {
    if (!s || s.type === 'comment' || s.type === 'pass_statement') return true;
    if (s.type === 'if_statement') return picks(s.childForFieldName('condition'), names, env) && s.childrenForFieldName('alternative').every((a) => a?.type === 'elif_clause' && picks(a.childForFieldName('condition'), names, env));
    const e = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    return e?.type === 'string' || (e?.type === 'call' && handedToSelector(e, names, env, depth));
  });
}

/** `isinstance(m, nn.Linear)`, `isinstance(m, (nn.Conv2d, nn.Linear))`, or one of those `and`
 *  more (tested first: what comes after runs only for them). */
function picks(cond: Node | null, names: ReadonlySet<string>, env: Env): boolean {
  if (cond?.type === 'parenthesized_expression') return picks(cond.namedChildren[0], names, env);
  if (cond?.type === 'boolean_operator' && cond.childForFieldName('operator')?.type === 'and') return picks(cond.childForFieldName('left'), names, env);
  const args = cond?.type === 'call' && cond.childForFieldName('function')?.text === 'isinstance' ? cond.childForFieldName('arguments')?.namedChildren : undefined;
  if (args?.length !== 2 || args[0]?.type !== 'identifier' || !names.has(args[0].text) || env.lookup('isinstance')) return false;
  const each = args[1]?.type === 'tuple' ? args[1].namedChildren : [args[1]];
  return each.length > 0 && each.every((t) => !!t && WEIGHTED.test(apiName(t, env) ?? ''));
}

/** The framework name a dotted name is bound to here (`nn.Linear` with `nn` torch.nn), read
 *  without running anything. */
function apiName(n: Node, env: Env): string | undefined {
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(n.text)) return undefined;
  const [root, ...rest] = n.text.split('.');
  const v = env.lookup(root);
  return v?.k === 'api' ? [v.name, ...rest].join('.') : undefined;
}

/** `init_weights(m)`, `init_weights` a function of ours of one parameter whose body is of that
 *  kind for it (two calls deep at most). */
function handedToSelector(call: Node, names: ReadonlySet<string>, env: Env, depth: number): boolean {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (depth > 1 || callee?.type !== 'identifier' || args.length !== 1 || args[0]?.type !== 'identifier' || !names.has(args[0].text)) return false;
  const fn = env.lookup(callee.text);
  if (fn?.k !== 'function' || fn.self || fn.fn.node.type !== 'function_definition') return false;
  const params = fn.fn.node.childForFieldName('parameters')?.namedChildren ?? [];
  const body = fn.fn.node.childForFieldName('body');
  return params.length === 1 && params[0]?.type === 'identifier' && !!body && nothingElse(body, new Set([params[0].text]), fn.fn.closure, depth + 1);
}
