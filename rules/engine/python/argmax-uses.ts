// Whether an argmax without an axis was meant to give one class per sample. In PyTorch and NumPy it
// returns one index into the flattened output: right for a batch of one sample (predicting a single
// image, however it was reshaped), wrong for a batch. The batch size is rarely known, so the
// finding needs evidence that the result stands for several samples: it is compared with labels
// (`pred == y`, `pred.eq(y)`) or given to a classification metric, or the model was called on
// something named a batch (`model(batch)`, `def f(x_batch)`). A cut at 0 needs the same evidence
// to be a decision (it is also a mask, `p[p > 0]`, or a check, `(p >= 0).all()`).
import { boundUses, type SyntaxNode as Node } from './syntax-tree';
import type { ArgMaxEvent, ThresholdEvent } from '../core/events';
import type { TensorRef } from '../core/facts';
import { carriedByCopies, str, UNKNOWN, type PyValue } from './values';
import { namesTwoClasses } from '../core/judge';

const results = carriedByCopies(new WeakMap<object, ArgMaxEvent | ThresholdEvent>());

const METRIC_CALLEE = /(?:accuracy|confusion_matrix|classification_report|f1_score|precision|recall|matthews_corrcoef|cohen_kappa)\w*$/i;
const BATCH_NAME = /batch/i;

/** Remembers the value an argmax returned (its uses are looked at later). */
export function noteArgmax(result: PyValue, e: ArgMaxEvent): void {
  results.set(result, e);
  if (e.noAxis === 'flatten' && namesBatch(e.site.node as Node | undefined)) e.perSample ??= 'name';
}

/** Remembers the value a threshold returned (`(p > 0).float() == y` makes it a decision). */
export function noteThreshold(result: PyValue, e: ThresholdEvent): void {
  results.set(result, e);
}

/** Cuts of the same values at two points combined (`0.5 <= p < 0.9`, `(p >= 0.5) & (p < 0.8)`): a
 *  band, whose bounds a fix must change together. So is a cut with another bound on the same values
 *  that is no threshold (`0.5 < p <= 1.0`, `p > 0.5 and p < hi`): rewriting the cut alone leaves that
 *  bound where it was for probabilities. */
export function markBand(...values: PyValue[]): void {
  const cuts = values.map((v) => results.get(v)).filter((e): e is ThresholdEvent => e?.type === 'threshold');
  const band = cuts.length > 1 && cuts.every((e) => e.input === cuts[0].input) && new Set(cuts.map((e) => e.value ?? 0.5)).size > 1;
  const bounded = cuts.length > 0 && values.some((v) => bounds.get(v) === cuts[0].input);
  if (band || bounded) for (const e of cuts) e.band = true;
}

/** Comparisons of a tensor that are no threshold (`p <= 1.0`, `p < hi`), by their result: the values compared. */
const bounds = new WeakMap<PyValue, TensorRef>();

export function noteBound(result: PyValue, x: PyValue): PyValue {
  if (x.k === 'tensor') bounds.set(result, x.ref);
  return result;
}

/** `p[p <= 0.5] = 0`, `np.where(p <= 0.5, 0, p)`: a cut of `p` that replaces only the values on
 *  one side, keeping the others: like one bound of a band, rewriting it alone is no safe fix. */
export function partialCut(mask: PyValue, kept: PyValue): void {
  const e = results.get(mask);
  if (e?.type === 'threshold' && kept.k === 'tensor' && e.input === kept.ref) e.band = true;
}

/** The decision event a value is the result of, if any. */
export function decisionOf(v: PyValue): ArgMaxEvent | ThresholdEvent | undefined {
  return results.get(v);
}

/** A reshaped decision (`(p > 0).view(-1)`, `pred.squeeze()`) is the same decision. */
export function carryDecision(from: PyValue, to: PyValue): void {
  const e = results.get(from);
  if (e) results.set(to, e);
}

/** `a == b`, `a != b`, `a.eq(b)`: either side a decision's result compared per sample. */
export function comparedPerSample(values: PyValue[], result?: PyValue): void {
  // Two cuts of the same values compared with each other (`(p >= 0) == (p <= 1)`): a check, not
  // labels. Labels made by a cut of other values (`y = (X[:, 0] > 0).float()`) are labels.
  const cuts = values.map((v) => results.get(v));
  if (values.length === 2 && cuts.every((e) => e?.type === 'threshold') && cuts[0]!.input === cuts[1]!.input) return;
  const marked: Array<ArgMaxEvent | ThresholdEvent> = [];
  for (const v of values) {
    const e = results.get(v);
    if (!e || (e.type === 'argmax' && e.oneSample)) continue;
    if (e.perSample !== 'use') marked.push(e);
    e.perSample = 'use';
  }
  if (result && marked.length) comparisons.set(result, marked);
}

/** Values that are an argmax's indices however reshaped or read as a number (`.item()`): an index
 *  back into the values it was taken over is looked for with them (indexesBack). */
const indices = carriedByCopies(new WeakMap<object, ArgMaxEvent>());

export function carryIndices(from: PyValue, to: PyValue): void {
  const e = indicesEvent(from);
  if (e) indices.set(to, e);
}

function indicesEvent(v: PyValue): ArgMaxEvent | undefined {
  const e = results.get(v) ?? indices.get(v);
  return e?.type === 'argmax' ? e : undefined;
}

/** A join's result (`joined`) where either side is an argmax's indices (`if target is None: target =
 *  out.argmax(1).item()`, the other path a caller's): on that path it is them. */
export function joinedIndices(a: PyValue, b: PyValue, joined: PyValue): PyValue {
  const e = indicesEvent(a) ?? indicesEvent(b);
  if (!e) return joined;
  // (Never the shared unknown value itself.)
  const v: PyValue = joined === UNKNOWN ? { k: 'unknown' } : joined;
  indices.set(v, e);
  return v;
}

/** `out[:, out.argmax(1)]`, `out.gather(1, out.argmax(1, keepdim=True))`: the indices pick back from
 *  the values they were taken over (Grad-CAM's target score); over one unit, 0 is that unit. */
export function indexesBack(container: PyValue, index: PyValue | undefined): void {
  const e = index && indicesEvent(index);
  if (e && container.k === 'tensor' && container.ref === e.input && !usedOtherwise(e.site.node as Node | undefined)) e.indexesBack = true;
}

/** Whether the argmax's indices are put to any use but picking back from some output: a name bound
 *  to them read anywhere else in its scope (kept, appended, scored, saved, returned, printed) keeps
 *  them predictions (`confs = out[arange, pred]` beside `all_preds.extend(pred.tolist())`). Read
 *  from the text, so a name bound twice in one scope counts both uses: the finding is kept. */
function usedOtherwise(argmax: Node | undefined): boolean {
  if (!argmax) return true;
  // (Read once a node: a loop's body runs it every pass.)
  let used = otherUses.get(argmax);
  if (used === undefined) otherUses.set(argmax, (used = readOtherwise(argmax)));
  return used;
}

const otherUses = new WeakMap<Node, boolean>();

function readOtherwise(argmax: Node): boolean {
  const top = throughReshapes(argmax);
  // What the argmax was taken over, as written: only an index into that picks back (`out[:, pred]`,
  // not `classes[pred]`, which reads the indices as classes).
  const over = argmax.type === 'call' ? overText(argmax) : undefined;
  if (over === undefined) return true;
  const picksBack = (n: Node) => picksFrom(n, over);
  if (picksBack(top)) return false;
  const bound = boundUses(top);
  return !bound || bound.uses.some((n) => !rebound(n) && !picksBack(throughReshapes(n)));
}

/** `pred.item()`, `pred.unsqueeze(1)`, `pred[:, None]`, `int(pred)`: the same indices. */
function throughReshapes(n: Node): Node {
  for (;;) {
    const p = n.parent;
    const call = p?.type === 'attribute' && p.childForFieldName('object')?.index === n.index ? p.parent : null;
    if (call?.type === 'call' && INDEX_KEEPING.test(p!.childForFieldName('attribute')?.text ?? '')) n = call;
    else if (p?.type === 'subscript' && p.childForFieldName('value')?.index === n.index) n = p;
    else if (p?.type === 'argument_list' && p.namedChildren.length === 1 && /^(?:int|torch\.as_tensor|torch\.tensor)$/.test(p.parent?.childForFieldName('function')?.text ?? '')) n = p.parent!;
    else return n;
  }
}

const INDEX_KEEPING = /^(?:item|unsqueeze|squeeze|view|reshape|flatten|long|int|to|cpu|cuda|detach|clone)$/;

/** `out[:, n]`, `out[arange, n]`, `out.gather(1, n)`, `torch.take_along_dim(out, n, dim=1)`: `n` picks
 *  values out (indexesBack checks that they are the argmax's own). */
function picksFrom(n: Node, over: string): boolean {
  const p = n.parent?.type === 'keyword_argument' ? n.parent.parent : n.parent;
  if (p?.type === 'subscript') return p.childForFieldName('value')?.index !== n.index && p.childForFieldName('value')?.text === over;
  const fn = p?.type === 'argument_list' ? p.parent?.childForFieldName('function')?.text ?? '' : '';
  if (fn === `${over}.gather`) return true;
  return /(?:^|\.)(?:gather|take_along_dim|take_along_axis)$/.test(fn) && p!.namedChildren[0]?.text === over;
}

/** `out.argmax(1)` -> `out`; `torch.argmax(out, 1)` -> `out`. */
function overText(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (obj && !/^(?:torch|np|numpy|tf)$/.test(obj.text)) return obj.text;
  return call.childForFieldName('arguments')?.namedChildren[0]?.text;
}

/** The name bound again (`target = ...`) or checked for None (`if target is None`): no use of the indices. */
function rebound(n: Node): boolean {
  const p = n.parent;
  if (p?.type === 'assignment' && p.childForFieldName('left')?.index === n.index) return true;
  if (p?.type === 'parameters' || p?.type === 'default_parameter' || p?.type === 'typed_default_parameter') return true;
  return p?.type === 'comparison_operator' && /\bis\b/.test(p.text) && /\bNone\b/.test(p.text);
}

/** `class_names[pred]`, `{0: "cat", 1: "dog"}[pred]`: the result read as one class. A flattened
 *  argmax always gives one number, so this is no evidence of one sample by itself; but a comparison
 *  (`pred == label`) is then no evidence of several either: only a batch's name still is. */
export function indexesOneItem(container: PyValue, index: PyValue): void {
  const e = results.get(index);
  // `CLASSES[p > 0]`, `CLASSES[int(p > 0)]`, `CLASSES[1 if p > 0 else 0]`: a cut picking one of two
  // class names is a decision, as `"dog" if p > 0 else "cat"` (ops.ts labelsWhere).
  if (e?.type === 'threshold' && namesClasses(container)) e.perSample = 'use';
  if (e?.type !== 'argmax' || (container.k !== 'seq' && container.k !== 'dict')) return;
  e.oneSample = true;
  if (e.perSample === 'use') e.perSample = undefined;
}

/** A list of class names, written out: its first two items (those a cut's 0 or 1 picks) name two classes. */
function namesClasses(c: PyValue): boolean {
  const items = c.k === 'seq' && !c.open && !c.tail?.length && !c.head?.length ? c.items : [];
  const words = items.map(str);
  return words.length >= 2 && words.every((w) => w !== undefined) && namesTwoClasses(words[0]!, words[1]!);
}

/** `if p > 0: print("dog") else: print("cat")`: a cut whose two branches each name a class, in the
 *  same way (one call of the same function, one name assigned, a return), picks one per sample.
 *  Anything else in the branches (`if p > 0: log(p)`, a guard) says nothing of a decision. */
export function branchesNameClasses(cond: PyValue, s: Node): void {
  const e = results.get(cond);
  const alts = s.childrenForFieldName('alternative');
  if (e?.type !== 'threshold' || alts.length !== 1 || alts[0]?.type !== 'else_clause' || cutsWhole(s.childForFieldName('condition'))) return;
  const [a, b] = [said(s.childForFieldName('consequence')), said(alts[0].childForFieldName('body'))];
  if (a && b && a.how === b.how && namesTwoClasses(a.words, b.words)) {
    e.perSample = 'use';
    e.byWords = true;
  }
}

/** `if p.max() > 0:`, `if torch.sum(p) > 0:`: a cut of a whole tensor reduced to one number, a check
 *  of all its values (whether any is positive), not a sample's class. */
function cutsWhole(cond: Node | null): boolean {
  const sides = cond?.type === 'comparison_operator' ? cond.namedChildren : [];
  return sides.some((n) => {
    if (n?.type !== 'call') return false;
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    const method = fn?.type === 'attribute' && !/^(?:torch|np|numpy|tf)$/.test(fn.childForFieldName('object')?.text ?? '');
    return !!name && REDUCTIONS.test(name) && args.length === (method ? 0 : 1);
  });
}

const REDUCTIONS = /^(?:max|min|amax|amin|sum|mean|prod|std|var|median|norm|any|all|reduce_max|reduce_min|reduce_sum|reduce_mean)$/;

/** The one string a block says, and how (`print(...)`, `label = ...`, `return ...`): a single
 *  statement of the block that gives a string literal (an f-string's literal parts). */
function said(block: Node | null): { how: string; words: string } | undefined {
  const found = (block?.namedChildren ?? []).map((st) => st && saying(st)).filter((x) => x !== undefined);
  return found.length === 1 ? found[0] : undefined;
}

function saying(st: Node): { how: string; words: string } | undefined {
  const x = st.type === 'expression_statement' ? st.namedChildren[0] : st.type === 'return_statement' ? st : null;
  if (!x) return undefined;
  const words = (n: Node | null | undefined) => (n?.type === 'string' ? n.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('\u0000') : undefined);
  let how: string | undefined;
  let w: string | undefined;
  if (x.type === 'return_statement') [how, w] = ['return', words(x.namedChildren[0])];
  else if (x.type === 'assignment') [how, w] = [`${x.childForFieldName('left')?.text} =`, words(x.childForFieldName('right'))];
  else if (x.type === 'call') {
    const args = x.childForFieldName('arguments')?.namedChildren ?? [];
    [how, w] = [`${x.childForFieldName('function')?.text}()`, args.length === 1 ? words(args[0]) : undefined];
  }
  return how && w !== undefined ? { how, words: w } : undefined;
}

/** What each per-sample comparison marked (`pred == y`), so that a check undoes it. */
const comparisons = carriedByCopies(new WeakMap<object, Array<ArgMaxEvent | ThresholdEvent>>());

/** `(cut == other).all()`, `torch.any(...)`: one truth value about the whole tensor, a check of the
 *  values rather than predictions compared with labels. */
export function checkedWhole(v: PyValue): void {
  for (const e of comparisons.get(v) ?? []) e.perSample = undefined;
}

/** `accuracy_score(y, pred)`, `confusion_matrix(y, pred)`, `classification_report(...)`. */
export function metricCall(callee: Node | null, args: { pos: PyValue[]; kw: ReadonlyMap<string, PyValue> }): void {
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  // A list of labels (`[1 if p > 0 else 0 for p in probs]`) stands for its items.
  const items = (v: PyValue) => (v.k === 'seq' && v.each ? v.each : v);
  if (name && METRIC_CALLEE.test(name)) comparedPerSample([...args.pos, ...args.kw.values()].map(items));
}

/** The argmax's own text, or the parameters of the function it is in, name a batch. */
function namesBatch(node: Node | undefined): boolean {
  if (!node) return false;
  // A name, not a setting (`predict(x, batch_size=10)`, `def f(x, batch_size=32)`: how many at a time).
  const batch = (n: Node) => n.descendantsOfType('identifier').some((i) => !!i && BATCH_NAME.test(i.text) && !BATCH_SETTING.test(i.text));
  if (batch(node)) return true;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return batch(p.childForFieldName('parameters') ?? p);
  }
  return false;
}

const BATCH_SETTING = /^(?:batch_?size|n_?batch(?:es)?|num_?batch(?:es)?|batches_per_\w+)$/i;

/** A name a `for` binds to one key or index at a time: both names of `for k, v in d.items()`, a
 *  `.keys()` or `range()` loop's, an `enumerate()`'s counter. */
export function loopKey(n: Node): boolean {
  const loop = loopOf(n);
  return !!loop && (/\.(?:items|keys)$/.test(loop.callee) || loopCounter(loop));
}

/** A name a `range()` loop or an `enumerate()`'s counter binds: one integer at a time. */
export function loopIndex(n: Node): boolean {
  const loop = loopOf(n);
  return !!loop && loopCounter(loop);
}

const loopCounter = (l: { callee: string; at: number }) => l.callee === 'range' || (l.callee === 'enumerate' && l.at === 0);

/** The call a `for` that binds the name `n` loops over, and the name's place among its targets. */
function loopOf(n: Node): { callee: string; at: number } | undefined {
  if (n.type !== 'identifier') return undefined;
  for (let p = n.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type !== 'for_statement') continue;
    const left = p.childForFieldName('left');
    const names = left?.type === 'identifier' ? [left] : (left?.namedChildren ?? []).filter((c): c is Node => c?.type === 'identifier');
    const at = names.findIndex((c) => c.text === n.text);
    if (at < 0) continue;
    const callee = p.childForFieldName('right')?.type === 'call' ? p.childForFieldName('right')!.childForFieldName('function')?.text ?? '' : '';
    return { callee, at };
  }
  return undefined;
}
