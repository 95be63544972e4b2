// Text edits on Python code for the vocabularies' fixes: replace a node, remove an item from an
// argument list or a list literal (with its comma), remove a statement, unwrap a call, add a
// keyword argument, and find how a file spells keras.losses / keras.metrics. Every helper returns
// undefined when the code is not in a shape it can edit safely (what the program reads as
// probabilities, which decides a fix's safety, is in probability-uses.ts).
import { enclosingScope, type SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import type { Edit, FixSpec } from '../core/rule';
import { codeTextOf, textOf } from './parser';
import { paramOf } from './params';
import { programFileTexts, programTexts } from './probability-uses';
import { onlyWeightedWalk } from './shared-sites';

export function nodeOf(site: Site | undefined): Node | undefined {
  const n = site?.node as Node | undefined;
  // A node from a tree that was replaced since (an edited buffer) no longer matches its site (in a
  // notebook, its span in the code analysed).
  const [start, end] = (site as { code?: [number, number] } | undefined)?.code ?? [site?.start, site?.end];
  return n && n.startIndex === start && n.endIndex === end ? n : undefined;
}

export function replace(file: string, node: Node, text: string): Edit {
  return { file, start: node.startIndex, end: node.endIndex, text };
}

export function fix(title: string, safe: boolean, edits: Array<Edit | undefined> | undefined): FixSpec | undefined {
  if (!edits || edits.some((e) => !e) || edits.length === 0) return undefined;
  return { title, safe, edits: edits as Edit[] };
}

const PRIMARY = new Set(['identifier', 'call', 'attribute', 'subscript', 'parenthesized_expression', 'integer', 'float', 'string', 'list', 'tuple', 'dictionary']);

/** The text of an expression, parenthesised unless it binds tighter than any operator. */
export function operand(node: Node): string {
  return PRIMARY.has(node.type) ? node.text : `(${node.text})`;
}

/** Removes `item` from the argument list / list / tuple it is an element of; never the only one. */
export function removeItem(file: string, item: Node): Edit | undefined {
  const list = item.parent;
  if (!list || !['argument_list', 'list', 'tuple', 'expression_list'].includes(list.type)) return undefined;
  const items = list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  const i = items.findIndex((n) => n.startIndex === item.startIndex && n.endIndex === item.endIndex);
  if (i < 0 || items.length < 2) return undefined;
  // An item on a line of its own (`    nn.Sigmoid(),  # probabilities`): the whole line goes, its
  // comment with it (else the comment would end up on the line before).
  const text = textOf(file);
  if (i > 0 && text) {
    const lineStart = text.lastIndexOf('\n', item.startIndex - 1) + 1;
    const rest = /^[ \t]*,?[ \t]*(?:#[^\r\n]*)?(?:\r?\n|$)/.exec(text.slice(item.endIndex));
    if (rest && lineStart > items[i - 1].endIndex && text.slice(lineStart, item.startIndex).trim() === '') return { file, start: lineStart, end: item.endIndex + rest[0].length, text: '' };
  }
  if (i > 0) return { file, start: items[i - 1].endIndex, end: item.endIndex, text: '' };
  return { file, start: item.startIndex, end: items[1].startIndex, text: '' };
}

/** `call` (an argmax without an axis) is compared (`==`, `tf.equal`, `.eq`) with another argmax
 *  without an axis. */
export function comparedWithAxislessArgmax(call: Node): boolean {
  for (let p = call.parent, depth = 0; p && depth < 8; p = p.parent, depth++) {
    const fn = p.type === 'call' ? p.childForFieldName('function')?.text ?? '' : '';
    if (p.type !== 'comparison_operator' && !/(?:^|\.)(?:equal|eq)$/.test(fn)) continue;
    return p.descendantsOfType('call').some((c) => c.startIndex !== call.startIndex && axislessArgmax(c));
  }
  return false;
}

function axislessArgmax(c: Node): boolean {
  const fn = c.childForFieldName('function');
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
  if (name !== 'argmax') return false;
  const args = argsOf(c);
  if (args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat')) return false;
  // `x.argmax()`; `np.argmax(x)` / `tf.argmax(x)` (a module's function: its first argument is the array).
  const moduleFn = fn?.type === 'attribute' && /^(?:np|numpy|tf|tensorflow|torch|K|ops|keras\.ops|tf\.math)$/.test(fn.childForFieldName('object')?.text ?? '');
  return args.length === (moduleFn || fn?.type === 'identifier' ? 1 : 0);
}

/** Removes the statement holding `node` as its whole expression (e.g. `model.add(Dense(...))`). */
export function removeStatement(file: string, text: string, stmt: Node): Edit | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  if (text.slice(lineStart, stmt.startIndex).trim() !== '') return undefined; // not alone on its line
  const nl = text.indexOf('\n', stmt.endIndex);
  const end = nl < 0 ? text.length : nl + 1;
  if (text.slice(stmt.endIndex, nl < 0 ? text.length : nl).trim() !== '' && !text.slice(stmt.endIndex, nl).trim().startsWith('#')) return undefined;
  return { file, start: lineStart, end, text: '' };
}

/** The arguments of a call, without comments. */
export function argsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/** A keyword argument of a call, by name. */
export function keyword(call: Node, name: string): Node | undefined {
  return argsOf(call).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
}

/** Adds `name=value` at the end of a call's arguments (only when none is written as *args/**kw). */
export function addKeyword(file: string, call: Node, name: string, value: string): Edit | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const args = argsOf(call);
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
  const close = list.lastChild;
  if (!close || close.type !== ')') return undefined;
  const last = args[args.length - 1];
  if (!last) return { file, start: close.startIndex, end: close.startIndex, text: `${name}=${value}` };
  return { file, start: last.endIndex, end: last.endIndex, text: `, ${name}=${value}` };
}

/** Sets `name=value` on a call: replaces the value when written, else adds the argument. */
export function setKeyword(file: string, call: Node, name: string, value: string): Edit | undefined {
  const kw = keyword(call, name);
  const v = kw?.childForFieldName('value');
  return v ? replace(file, v, value) : addKeyword(file, call, name, value);
}

/** The call a node is the callee of, or the call it is an argument of. */
export function enclosingCall(node: Node): Node | undefined {
  const p = node.parent;
  if (p?.type === 'argument_list' && p.parent?.type === 'call') return p.parent;
  if (p?.type === 'keyword_argument' && p.parent?.parent?.type === 'call') return p.parent.parent;
  return undefined;
}

/** Replaces `f(x)`, `f(x, dim=1)` or `x.f()` with `x` (the argument / the receiver); any other
 *  argument than the axis makes it undefined. */
export function unwrapCall(file: string, call: Node): Edit | undefined {
  if (call.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  const args = argsOf(call);
  const axisOnly = (rest: Node[]) => rest.every((a) => (a.type === 'keyword_argument' ? ['dim', 'axis'].includes(a.childForFieldName('name')?.text ?? '') : a.type === 'integer' || a.type === 'unary_operator'));
  // x.sigmoid() / x.softmax(dim=1): the receiver.
  if (fn?.type === 'attribute' && (args.length === 0 || (args.length === 1 && axisOnly(args))) && !/^(?:torch|F|nn|tf|np|keras)$/.test(fn.childForFieldName('object')?.text ?? '')) {
    const recv = fn.childForFieldName('object');
    // The receiver, whatever the axis argument (`out.softmax(-1)` is `out`, never the `-1`).
    return recv ? selfAssignment(file, call, recv) ?? replace(file, call, recv.text) : undefined;
  }
  const inner = args[0];
  if (!inner || inner.type === 'keyword_argument' || inner.type === 'list_splat' || !axisOnly(args.slice(1))) return undefined;
  const bare = ['return_statement', 'assignment', 'argument_list', 'expression_statement', 'parenthesized_expression', 'list', 'tuple'].includes(call.parent?.type ?? '');
  // A comment among the arguments (`torch.sigmoid(\n  self.fc2(x)  # raw score\n)`): only the
  // function's name goes; the parentheses keep the comment and the lines.
  const list = call.childForFieldName('arguments');
  if (args.length === 1 && list?.namedChildren.some((c) => c?.type === 'comment')) return replace(file, call, list.text);
  // (`sigmoid(z := f(x))` unwrapped keeps its parentheses: a bare `:=` is no statement's value.)
  return selfAssignment(file, call, inner) ?? replace(file, call, bare && inner.type !== 'named_expression' ? inner.text : operand(inner));
}

/** `x = torch.sigmoid(x)` (or `x.sigmoid_()`) on a line of its own, with other statements in its
 *  block: unwrapped it would read `x = x` (or `x`), so the statement goes. */
function selfAssignment(file: string, call: Node, kept: Node): Edit | undefined {
  const assignment = call.parent;
  // `out.sigmoid_()` as a statement of its own: unwrapped it would read `out`.
  const bare = assignment?.type === 'expression_statement' && assignment.namedChildren.length === 1;
  if (!bare && (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.startIndex !== call.startIndex)) return undefined;
  if (!bare && assignment?.childForFieldName('left')?.text !== kept.text) return undefined;
  const stmt = bare ? assignment : assignment?.parent;
  const siblings = stmt?.parent?.namedChildren.filter((n) => n && n.type !== 'comment').length ?? 0;
  const text = textOf(file);
  return stmt && siblings > 1 && text ? removeStatement(file, text, stmt) : undefined;
}

/** The prefix before the last name of a callee (`nn.` of `nn.Linear`, `torch.nn.` of ...), or
 *  undefined for a bare name (we would need an import we cannot see). */
export function calleePrefix(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const obj = fn.childForFieldName('object');
  return obj ? `${obj.text}.` : undefined;
}

/** How the file spells `keras.<sub>.<Name>`, from its imports, or undefined. */
export function kerasName(text: string, sub: 'losses' | 'metrics', name: string): string | undefined {
  // Asked again for each finding's fix, over the whole file: remembered for the last text.
  if (text !== namesIn) {
    namesIn = text;
    names.clear();
  }
  const key = `${sub}.${name}`;
  if (!names.has(key)) names.set(key, spelling(text, sub, name));
  return names.get(key);
}

let namesIn: string | undefined;
const names = new Map<string, string | undefined>();

function spelling(text: string, sub: 'losses' | 'metrics', name: string): string | undefined {
  const imported = new RegExp(`^\\s*from\\s+(?:tensorflow\\.)?keras\\.${sub}\\s+import\\s+[^\\n]*\\b${name}\\b`, 'm');
  if (imported.test(text) && !new RegExp(`\\b${name}\\s+as\\b`).test(text)) return name;
  let m = new RegExp(`^\\s*from\\s+(?:tensorflow\\.)?keras\\s+import\\s+(?:[^\\n]*,\\s*)?${sub}(?:\\s+as\\s+(\\w+))?\\s*(?:,|$)`, 'm').exec(text);
  if (m) return `${m[1] ?? sub}.${name}`;
  m = /^\s*from\s+tensorflow\s+import\s+(?:[^\n]*,\s*)?keras(?:\s+as\s+(\w+))?\s*(?:,|$)/m.exec(text);
  if (m) return `${m[1] ?? 'keras'}.${sub}.${name}`;
  m = /^\s*import\s+keras(?:\s+as\s+(\w+))?\s*$/m.exec(text);
  if (m) return `${m[1] ?? 'keras'}.${sub}.${name}`;
  m = /^\s*import\s+tensorflow(?:\s+as\s+(\w+))?\s*$/m.exec(text);
  if (m) return `${m[1] ?? 'tensorflow'}.keras.${sub}.${name}`;
  return undefined;
}

/** The activation a call applies is given from outside the class (`self.act = act` from a
 *  constructor parameter, or a parameter of the method itself): other instances may pass another
 *  one, and unwrapping the call in the class would change them all. */
export function injectedCallable(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  if (fn.type === 'identifier') return paramsOfEnclosing(call).has(fn.text);
  if (fn.type !== 'attribute' || fn.childForFieldName('object')?.text !== 'self') return false;
  let cls: Node | null = call.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return true;
  const target = fn.text.replace(/\s/g, '');
  const made = cls.descendantsOfType('assignment').filter((a) => a.childForFieldName('left')?.text.replace(/\s/g, '') === target);
  // Known only where every assignment constructs the activation in the class's own code.
  return made.length === 0 || made.some((a) => a.childForFieldName('right')?.type !== 'call');
}

/** The callee of an applied activation may stand for other layers on other runs: a loop's layer
 *  (`for layer in self.layers: x = layer(x)`), an item picked by a variable (`self.acts[i](h)`).
 *  Unwrapping that call would drop every layer it applies, not just the activation. */
export function variableCallee(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'subscript') return fn.childrenForFieldName('subscript').some((i) => i?.type !== 'integer' && i?.type !== 'string');
  if (fn?.type !== 'identifier') return false;
  const scope = enclosingScope(call);
  if (!scope) return true;
  const name = fn.text;
  const binds = (target: Node | null) => !!target && (target.text === name || target.identifiersNamed(name).length > 0);
  return scope.descendantsOfType('for_statement').some((l) => binds(l.childForFieldName('left'))) || scope.descendantsOfType('for_in_clause').some((l) => binds(l.childForFieldName('left')));
}

/** A layer built in a loop's body (`for n_in, n_out in sizes: layers.append(nn.Sigmoid())`): the
 *  one site builds a layer per pass, so dropping it drops every one of them. */
export function builtInLoop(node: Node): boolean {
  for (let p: Node | null = node.parent; p && p.type !== 'function_definition' && p.type !== 'class_definition'; p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement' || p.type === 'for_in_clause') return true;
  }
  return false;
}

/** The activation is applied on a branch a parameter of its function, or a setting of the object,
 *  chooses (`torch.sigmoid(z) if sigmoid else z`, `if self.use_sigmoid: x = self.act(x)`): callers
 *  choose, one we do not see may ask for probabilities, and dropping the call leaves the flag doing
 *  nothing. Not a safe edit. (`self.training` is Keras' and PyTorch's own mode, not a setting.) */
export function chosenByCaller(node: Node): boolean {
  const params = paramsOfEnclosing(node);
  params.delete('self');
  const setting = (n: Node) => n.type === 'attribute' && n.childForFieldName('object')?.text === 'self' && n.childForFieldName('attribute')?.text !== 'training';
  for (let p: Node | null = node.parent; p && p.type !== 'function_definition'; p = p.parent) {
    const cond = p.type === 'conditional_expression' ? p.namedChildren[1] : p.type === 'if_statement' || p.type === 'elif_clause' ? p.childForFieldName('condition') : undefined;
    if (!cond) continue;
    if (params.has(cond.text) || cond.descendantsOfType('identifier').some((i) => params.has(i.text))) return true;
    if (setting(cond) || cond.descendantsOfType('attribute').some(setting)) return true;
  }
  return false;
}

function paramsOfEnclosing(n: Node): Set<string> {
  let f: Node | null = n.parent;
  while (f && f.type !== 'function_definition') f = f.parent;
  const params = f?.childForFieldName('parameters')?.namedChildren ?? [];
  return new Set(params.flatMap((p) => (p ? paramOf(p).name ?? [] : [])));
}

/** The container an item is removed from (`model = nn.Sequential(...)`, `self.classifier = ...`,
 *  `model.add(...)`'s model) is also read by position: indexed or sliced, listed, enumerated,
 *  spread or its registry read (`model[:-1]`, `list(net.classifier)[-2]`, `model.children()`,
 *  `nn.Sequential(*model)`, `model._modules["3"]`, a Keras model's `model.layers`, `get_layer(...)`):
 *  removing an item shifts what those read. An attribute is read through any instance, in any file
 *  of the program; a name in its own file. */
export function containerIndexed(file: string, item: Node): boolean {
  let owner: Node | null = item.parent;
  while (owner && owner.type !== 'call') owner = owner.parent;
  return !!owner && madeIndexed(file, owner);
}

/** What `call` makes (`model = keras.Model(inp, out)`) or adds to (`model.add(...)`) is read by
 *  position, as containerIndexed says. */
export function madeIndexed(file: string, call: Node): boolean {
  const fn = call.childForFieldName('function');
  const adds = fn?.type === 'attribute' && /^(?:add|append|insert)$/.test(fn.childForFieldName('attribute')?.text ?? '');
  const assigned = adds ? fn?.childForFieldName('object')?.text : call.parent?.type === 'assignment' ? call.parent.childForFieldName('left')?.text : undefined;
  // (What comments mention reads nothing.)
  const text = codeTextOf(file);
  if (!assigned || !text) return false;
  const written = assigned.replace(/\s/g, '');
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const attribute = written.includes('.');
  // `net.classifier`, `self.classifier`, `classifier` for an attribute; `model`, not `x.model`, for a name.
  const last = escape(written.slice(written.lastIndexOf('.') + 1));
  const name = attribute ? `(?<!\\w)${last}\\b` : `(?<![\\w.])${escape(written)}\\b`;
  const path = attribute ? `(?:\\w+\\.)*${last}\\b` : name;
  const byPosition = new RegExp(
    `${name}\\s*(?:\\[|\\.\\s*(?:children|named_children|modules|named_modules|get_layer)\\s*\\(|\\.\\s*(?:_modules|layers)\\b)` +
      `|\\b(?:list|tuple|enumerate|iter|reversed|zip)\\s*\\(\\s*${path}\\s*[,)]|[(,]\\s*\\*\\s*${path}` +
      // `for layer in model:`, `[m for m in self.net]`: run layer by layer, each output read.
      `|\\bin\\s+${path}\\s*(?:[:\\])]|if\\b)`,
    'm',
  );
  const word = written.slice(written.lastIndexOf('.') + 1);
  // A walk that does something only for weighted layers (`for m in model.modules(): init(m)`) is no
  // read by position (shared-sites.ts onlyWeightedWalk).
  const scan = (f: string, t: string) => matchesNear(t, word, byPosition, (at, m) => {
    const walk = /(?:named_)?(?:children|modules)\s*\($/.exec(m);
    return !!walk && onlyWeightedWalk(f, at + walk.index);
  });
  return attribute ? [...programFileTexts(codeTextOf)].some(([f, t]) => scan(f, t)) : scan(file, text);
}

/** The text of a plain string literal ('sigmoid', "act"), or undefined. */
export function stringText(node: Node): string | undefined {
  const parts = node.namedChildren.filter((c) => c?.type === 'string_content');
  return parts.length === 1 ? parts[0]!.text : undefined;
}

/** A named item (`add_module("act", nn.Sigmoid())`, `("act", nn.Sigmoid())` in an OrderedDict) is
 *  read by its name somewhere in the program (`m.act`, or the name written as a string once more:
 *  `getattr(m, "act")`, `get_submodule("act")`, `return_nodes={"act": ...}`, `if name == "act"`):
 *  removing it would break that read. Any attribute of that name counts (whose it is, a text scan
 *  cannot tell). */
export function namedItemRead(nameNode: Node | undefined): boolean {
  if (nameNode?.type !== 'string') return true;
  const name = stringText(nameNode);
  if (!name || !/^\w+$/.test(name)) return true;
  const attribute = new RegExp(`\\.\\s*${name}\\b`);
  const literal = new RegExp(`["']${name}["']`, 'g');
  let literals = 0;
  for (const t of programTexts()) {
    if (matchesNear(t, name, attribute)) return true;
    if (t.includes(name)) literals += t.match(literal)?.length ?? 0;
  }
  return literals > 1;
}

/** Whether `re` matches `text` where every match holds `word`: tested on windows around the
 *  occurrences of `word` only (a whole-text scan for each Sequential cost a millisecond an edit in a
 *  3,000-line file). A match longer than the window's margin is not seen. */
export function matchesNear(text: string, word: string, re: RegExp, passOver?: (at: number, match: string) => boolean): boolean {
  const MARGIN = 1000;
  const every = passOver && new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let p = text.indexOf(word);
  while (p >= 0) {
    const start = Math.max(0, p - MARGIN);
    let end = p + word.length + MARGIN;
    // Occurrences within the margin share the window.
    for (p = text.indexOf(word, p + word.length); p >= 0 && p - MARGIN <= end; p = text.indexOf(word, p + word.length)) end = p + word.length + MARGIN;
    const window = text.slice(start, end);
    // (Matches `passOver` says are none, by their offset in the text.)
    if (every ? [...window.matchAll(every)].some((m) => !passOver!(start + m.index, m[0])) : re.test(window)) return true;
  }
  return false;
}

/** An in-place activation (`h.sigmoid_()`, `torch.sigmoid_(h)`) of a tensor that another name or a
 *  container took before it (`probs = h`, `outs.append(h)`): they see the values it writes, so
 *  removing it changes them too. Read back from the tensor's assignment to the call. */
export function aliasedBeforeInPlace(node: Node): boolean {
  const fn = node.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
  const recv = /_$/.test(method) && !/^(?:torch|F)$/.test(fn?.childForFieldName('object')?.text ?? '') ? fn?.childForFieldName('object') : /_$/.test(method) ? argsOf(node)[0] : undefined;
  if (recv?.type !== 'identifier') return false;
  let stmt: Node = node;
  while (stmt.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') stmt = stmt.parent;
  const siblings = stmt.parent?.namedChildren ?? [];
  for (let i = siblings.findIndex((s) => s.startIndex === stmt.startIndex) - 1; i >= 0; i--) {
    const s = siblings[i];
    const left = s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment' ? s.namedChildren[0].childForFieldName('left') : undefined;
    if (left?.type === 'identifier' && left.text === recv.text) return false;
    if (s.identifiersNamed(recv.text).length) return true;
  }
  return false;
}
