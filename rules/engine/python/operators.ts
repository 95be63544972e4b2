// The operators of Python expressions: constant folding for branches, comparisons that are
// thresholds (`p > 0.5`) or per-sample checks (`pred == y`), arithmetic on predictions (a sigmoid
// written out, a cut times the labels), `and` / `or`.
import { enclosingScope, type SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN_FACTS } from '../core/facts';
import { PyValue, UNKNOWN, ZIPPED_ITEM, tensor, num, derive, single } from './values';
import { computedPerPass } from './per-pass';
import type { Interp, Frame } from './evaluator';
import { activation, applyTo, threshold } from './ops';
import { arithmetic } from './arithmetic';
import { keptInContainer, negatedRefs, readAsProbabilities, shiftOf } from './probability-reads';
import { isComputed, noteComputedFrom } from './value-sources';
import { carriedIntoMatmul } from './escapes';
import { comparedPerSample, decisionOf, loopKey, markBand, noteBound, partialCut } from './argmax-uses';
import { constParameter, givenParameter, noneLocal, noneParameter, noneTest, tensorLocal } from './none-branches';
import { sameLossClass } from './losses';
import { samplesKept } from './one-sample';
import { elementwiseCell } from './rank-witness';

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** Operators: constant folding for branches, `p > 0.5` thresholds, arithmetic that keeps nothing. */
export function operators(it: Interp, node: Node, f: Frame): PyValue {
  if (node.type === 'not_operator') {
    const v = it.eval(node.childForFieldName('argument'), f);
    const arg = node.childForFieldName('argument');
    if (v.k === 'none') noneParameter(arg, f); // `not labels`: noted as decided by it
    return v.k === 'const' ? { k: 'const', v: !v.v, site: it.site(node, f.module.file) } : v.k === 'none' ? { k: 'const', v: true, site: it.site(node, f.module.file) } : UNKNOWN;
  }
  if (node.type === 'boolean_operator') {
    const a = it.eval(node.childForFieldName('left'), f);
    const b = it.eval(node.childForFieldName('right'), f);
    const op = node.childForFieldName('operator')?.type;
    markBand(a, b); // `p >= 0.5 and p < 0.8`
    if (a.k === 'const' && b.k === 'const') return { k: 'const', v: op === 'and' ? Boolean(a.v) && Boolean(b.v) : Boolean(a.v) || Boolean(b.v), site: it.site(node, f.module.file) };
    // `m = cached or model`: the model goes on under a name we do not follow.
    keptInContainer(it, a);
    keptInContainer(it, b);
    return UNKNOWN;
  }
  if (node.type === 'binary_operator') {
    const a = it.eval(node.childForFieldName('left'), f);
    const b = it.eval(node.childForFieldName('right'), f);
    const op = node.childForFieldName('operator')?.type;
    if (op === '&' || op === '|' || op === '*') markBand(a, b); // `(p >= 0.5) & (p < 0.8)`, `(p > 0.5) * (p < 1.0)`
    if (op === '@') carriedIntoMatmul(it, a, b);
    const x = num(a);
    const y = num(b);
    if (x !== undefined && y !== undefined) {
      const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '//' && y !== 0 ? Math.floor(x / y) : op === '/' && y !== 0 ? x / y : undefined;
      if (r !== undefined) return computedPerPass({ k: 'const', v: r, site: it.site(node, f.module.file) }, a, b);
    }
    // `hidden + [Dense(10, activation="softmax")]`: one list after the other (open: its known end).
    if (op === '+' && a.k === 'seq' && b.k === 'seq' && a.kind === b.kind) {
      // `outs += [model(x)]`, `outs = outs + [p]`: kept in the list as `append` keeps it.
      readAsProbabilities(it, b);
      if (!a.open && !b.open) return { k: 'seq', kind: a.kind, items: [...a.items, ...b.items] };
      const head = a.open ? a.head : [...a.items, ...(b.head ?? [])];
      return { k: 'seq', kind: a.kind, items: a.open ? [] : [...a.items], open: true, tail: b.open ? [...(b.tail ?? [])] : [...(a.tail ?? []), ...b.items], head };
    }
    // `["binary_crossentropy"] * 2`: a known list of constants repeated (one loss for each output).
    const [seq, times] = a.k === 'seq' ? [a, y] : [b, x];
    if (op === '*' && seq.k === 'seq' && !seq.open && times !== undefined && Number.isInteger(times) && times >= 0 && times <= 64 && seq.items.every((v) => v.k === 'const')) {
      return { k: 'seq', kind: seq.kind, items: Array.from({ length: times }, () => seq.items).flat() };
    }
    // `(logits,) + outputs[2:]` (Hugging Face's tuple outputs): what follows is not known, what
    // comes first is.
    if (op === '+' && a.k === 'seq' && !a.open && (b.k === 'unknown' || b.k === 'tensor')) return { k: 'seq', kind: a.kind, items: [], open: true, tail: [], head: [...a.items] };
    // `1 / (1 + torch.exp(-z))`: a sigmoid written out (tutorials, "from scratch" code).
    const z = op === '/' && num(a) === 1 ? handWrittenSigmoid(node.childForFieldName('right')) : undefined;
    const zv = z && it.eval(z, f);
    if (zv?.k === 'tensor') {
      const site = it.site(node, f.module.file);
      return applyTo(activation('sigmoid', site), zv, site);
    }
    // `(pred * mask).sum()`, `pred & target`: a cut times what a loss takes as its labels is an
    // intersection (IoU, Dice), a decision compared with them (read once every loss is known).
    if ((op === '*' || op === '&') && (decisionOf(a) || decisionOf(b))) {
      // `out * (out > 0.5)`: the values on one side of the cut kept, the others zeroed.
      partialCut(a, b);
      partialCut(b, a);
      const otherNode = node.childForFieldName(decisionOf(a) ? 'right' : 'left');
      it.defer(() => intersectedWithLabels(it, a, b, otherNode));
    }
    // Arithmetic on a prediction: still a prediction, but its values are no longer what they were
    // (and an activation's output used in it is used as what it is: edits.ts), unless it is a sum,
    // a mean or a positive scaling (arithmetic.ts).
    for (const v of [a, b]) if (v.k === 'tensor') it.probabilityReads.push(v.ref);
    // `recon - x` (an autoencoder's reconstruction error): the output compared with data as the
    // values it is, so a loss switch that makes them logits changes what this computes.
    if (op === '-' && a.k === 'tensor' && b.k === 'tensor') {
      const [ra, rb] = [a.ref, b.ref];
      it.consumedAsProbabilities.push(derive(() => (rb.get().pred ? UNKNOWN_FACTS : ra.get()), ra, rb), derive(() => (ra.get().pred ? UNKNOWN_FACTS : rb.get()), ra, rb));
    }
    // `model.predict(x) / kf.n_splits`, `/ len(folds)`: divided by a count, a positive number.
    const count = op === '/' && a.k === 'tensor' && num(b) === undefined && COUNT.test(node.childForFieldName('right')?.text ?? '');
    const kept = count ? arithmetic('*', a, { k: 'const', v: 0.5 }, false) : arithmetic(op, a, b);
    const out = kept ?? (a.k === 'tensor' || b.k === 'tensor' ? tensor(derive(() => ({ ...UNKNOWN_FACTS, pred: [a, b].some((v) => v.k === 'tensor' && v.ref.get().pred), rankCell: elementwiseCell(op, a, b) }), ...[a, b].flatMap((v) => (v.k === 'tensor' ? [v.ref] : [])))) : UNKNOWN);
    // `p + 1e-9`, `1e-9 + p`, `p - eps`: the same values shifted (an epsilon guard before a log).
    // Arithmetic on a value (`1 - p`, `p ** 2`): a read of the result reads it (value-sources.ts).
    if (out.k === 'tensor' && op !== '&' && op !== '|') noteComputedFrom(out.ref, [a, b].flatMap((v) => (v.k === 'tensor' ? [v.ref] : v.k === 'unknown' ? negatedRefs(v) : [])));
    const shifted = op === '+' || op === '-' ? [a, b].filter((v) => v.k === 'tensor') : [];
    if (out.k === 'tensor' && shifted.length === 1 && shifted[0].k === 'tensor') shiftOf.set(out.ref, shifted[0].ref);
    // A batch of one stays one through arithmetic with a number (`x / 255.0`) or another one.
    return out.k === 'tensor' && keepsOneSample(a, b) ? single(out) : samplesKept(out, a, b);
  }
  // comparison_operator: operands and operator tokens alternate.
  // (A `\` line continuation is a named node of its own.)
  const kids = node.children.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'line_continuation');
  const operands = kids.filter((c) => c.isNamed);
  const ops = kids.filter((c) => !c.isNamed).map((c) => c.type);
  const values = operands.map((o) => it.eval(o, f));
  if (operands.length === 2 && ops.length === 1) return comparePair(it, node, f, values, operands, ops[0]);
  // `0.5 <= score < 0.9`: each pair is a comparison (a band: two cuts on the same values).
  if (operands.length < 3 || ops.length !== operands.length - 1 || !ops.every((o) => ORDERED.has(o))) return UNKNOWN;
  markBand(...ops.map((o, i) => comparePair(it, node, f, values.slice(i, i + 2), operands.slice(i, i + 2), o)));
  return values.some((v) => v.k === 'tensor') ? tensor({ ...UNKNOWN_FACTS, role: 'data' }) : UNKNOWN;
}

const ORDERED = new Set(['<', '<=', '>', '>=']);

/** A cut of `x` where it is computed from other values (or is `-p`): noted as a cut of those
 *  (`noted`: the cut of `x` itself is in cutReads already). */
function cutThrough(it: Interp, x: PyValue, noted: boolean): void {
  if (x.k === 'tensor' && isComputed(x.ref) && !noted) it.cutReads.push(x.ref);
  // (`-p`: p itself, under a name of its own, so that a cut of p the rules rewrite does not stand for it.)
  if (x.k === 'unknown') for (const r of negatedRefs(x)) it.cutReads.push(derive(() => r.get(), r));
}

/** The labels are the tensor a loss took as such, or (values unknown: a function nobody calls) the
 *  same name given to a loss call as its labels in the same function. */
function intersectedWithLabels(it: Interp, a: PyValue, b: PyValue, otherNode: Node | null): void {
  const other = decisionOf(a) ? b : a;
  const named = otherNode?.type === 'identifier' ? otherNode.text : undefined;
  const scope = otherNode && enclosingScope(otherNode);
  const labels = it.events.some((e) => {
    if (e.type !== 'loss') return false;
    if (other.k === 'tensor' && e.labels === other.ref) return true;
    const call = e.site.node as Node | undefined;
    if (!named || call?.type !== 'call' || enclosingScope(call) !== scope) return false;
    const given = call.childForFieldName('arguments')?.namedChildren.filter((n) => n && n.type !== 'comment' && n.type !== 'keyword_argument');
    return given?.[e.kind.order === 'prediction-first' ? 1 : 0]?.text === named;
  });
  // Keras: the labels given to fit() with the loss compile() chose (`model.fit(x_train, y_train)`).
  const fitted = named !== undefined && (fitLabels.get(it) ?? []).some((l) => l.name === named && l.scope === scope);
  if (labels || fitted) comparedPerSample([a, b]);
}

const COUNT = /^(?:len\([^()]*\)|[\w.]*\bn_splits|[\w.]*\bget_n_splits\(\s*\)|(?:float|int)\((?:len\([^()]*\)|[\w.]*\bn_splits|[A-Za-z_]*FOLDS?\w*)\)|[A-Z_]*N_?FOLDS?[A-Z_]*|n_?folds?|num_folds|n_splits)$/;

const fitLabels = new WeakMap<Interp, Array<{ name: string; scope: Node | null }>>();

/** `model.fit(x, y_train)`: `y_train` is what the compiled loss takes as its labels, in that scope. */
export function noteFitLabels(it: Interp, y: Node | undefined): void {
  if (y?.type !== 'identifier') return;
  const list = fitLabels.get(it) ?? fitLabels.set(it, []).get(it)!;
  list.push({ name: y.text, scope: enclosingScope(y) });
}



/** One comparison `a op b` (of a chain, or alone); `node` is the whole comparison (the site). */
function comparePair(it: Interp, node: Node, f: Frame, values: PyValue[], operands: Node[], op: string): PyValue {
  const [a, b] = values;
  // `labels is not None` where the parameter `labels` is None (`forward(x, labels=None)` called as
  // `model(x)`): known for this call (none-branches.ts). Any other name may be None on one pass of
  // a loop and not on the next; a tensor may stand for `None or a tensor` (joins.ts join).
  if ((op === 'is' || op === 'is not') && a.k === 'none' && b.k === 'none' && operands.some((o) => noneParameter(o, f) || noneLocal(o, f))) {
    return { k: 'const', v: op === 'is', site: it.site(node, f.module.file) };
  }
  const tested = (op === 'is' || op === 'is not') && operands.some((o) => o.type === 'none') ? operands.findIndex((o) => o.type !== 'none') : -1;
  const none = tested >= 0 ? noneTest(operands[tested], values[tested], f) : undefined;
  if (none !== undefined) return { k: 'const', v: none === (op === 'is'), site: it.site(node, f.module.file) };
  // `labels is not None` in a run for a call that gives labels (objects.ts callInstance).
  if ((op === 'is' || op === 'is not') && operands.some((o) => o.type === 'none') && operands.some((o, i) => givenParameter(o, values[i], f) || tensorLocal(o, values[i], f) || constParameter(o, values[i], f))) {
    return { k: 'const', v: op === 'is not', site: it.site(node, f.module.file) };
  }
  // `type(model) is LogitNet`: two classes we know are the same class or not.
  if ((op === 'is' || op === '==') && a.k === 'class' && b.k === 'class') return { k: 'const', v: a.cls === b.cls, site: it.site(node, f.module.file) };
  const sameLoss = /^(?:is|==|is not|!=)$/.test(op) ? sameLossClass(a, b) : undefined;
  if (sameLoss !== undefined) return { k: 'const', v: sameLoss === (op === 'is' || op === '=='), site: it.site(node, f.module.file) };
  // `pred == y` compares per sample; `pred == 0` asks about one class index, and so does a loop's
  // key or index (`for word, i in word_index.items(): if i == np.argmax(p)`: the predicted word).
  // (Nor is an item zipped from a collection we know nothing of, `y` of `zip(X_test, y_test)`: one
  // label or a batch's.)
  const perSample = (op === '==' || op === '!=') && a.k !== 'const' && b.k !== 'const' && !operands.some(loopKey) && a !== ZIPPED_ITEM && b !== ZIPPED_ITEM;
  if (perSample && (a.k === 'tensor' || b.k === 'tensor')) {
    const result = tensor({ ...UNKNOWN_FACTS, role: 'data' });
    comparedPerSample([a, b], result);
    return result;
  }
  if (perSample) comparedPerSample([a, b]);
  if (a.k === 'const' && b.k === 'const') {
    const r = op === '==' ? a.v === b.v : op === '!=' ? a.v !== b.v : typeof a.v === 'number' && typeof b.v === 'number' ? compare(op, a.v, b.v) : undefined;
    return r === undefined ? UNKNOWN : computedPerPass({ k: 'const', v: r, site: it.site(node, f.module.file) }, a, b);
  }
  // `activation == "sigmoid"` of a parameter left None (`Net(activation=None)`), or a name that holds
  // None as `is None` decides it: None equals nothing but None, so the test is known for this call.
  const i = (op === '==' || op === '!=') && values.findIndex((v) => v.k === 'none');
  if (typeof i === 'number' && i >= 0 && values[1 - i].k === 'const' && (noneParameter(operands[i], f) || noneLocal(operands[i], f) || noneTest(operands[i], values[i], f) === true)) {
    return { k: 'const', v: op === '!=', site: it.site(node, f.module.file) };
  }
  // `p > 0.5`, `0.5 <= p`, `p < 0.5` (the same cut, classes named the other way round).
  const [t, c, o, cNode] = b.k === 'const' ? [a, b, op, operands[1]] : [b, a, FLIP[op], operands[0]];
  // Ordered against something (a named threshold too) but 0 (a cut for logits): an activation is
  // read as a probability there.
  const v = num(c);
  if (o !== '==' && o !== '!=' && v !== 0) for (const x of values) if (x.k === 'tensor') it.probabilityReads.push(x.ref);
  // (A cut is ordered: `out is not None` and `x in seen` are no decision on the values.)
  if (/^[<>]=?$/.test(o) && v !== 0) for (const x of values) if (x.k === 'tensor') it.cutReads.push(x.ref);
  // A cut of values computed from others (`1 - p > 0.5`, `(p - 0.5) > 0`, `-p < -0.5`): a cut of
  // those at a point no rewrite of theirs follows (value-sources.ts), at 0 too.
  if (/^[<>]=?$/.test(o)) for (const x of values) cutThrough(it, x, v !== 0);
  // Any number strictly between 0 and 1 is a probability threshold (`p >= 0.55`).
  const ordered = o === '>' || o === '>=' || o === '<' || o === '<=';
  if (t.k === 'tensor' && v !== undefined && v > 0 && v < 1 && ordered) {
    return threshold(it, t, 'compare', it.site(node, f.module.file), it.vocabOf(f), it.site(cNode, f.module.file), v, c);
  }
  // A helper's threshold also reached by values we know nothing of (`torch.load`ed probabilities):
  // noted, so that no rewrite for the logits callers breaks it (core lint.ts markSharedThresholds).
  if (t.k === 'unknown' && v !== undefined && v > 0 && v < 1 && ordered) threshold(it, t, 'compare', it.site(node, f.module.file), it.vocabOf(f), it.site(cNode, f.module.file), v, c);
  // A cut at 0 (for logits): on a tensor; on a helper's parameter we know nothing of, only noted
  // (as above) so that no rewrite for another caller's probabilities breaks it.
  if (v === 0 && ordered && (t.k === 'tensor' || (t.k === 'unknown' && isParameter(b.k === 'const' ? operands[0] : operands[1], f)))) {
    const cut = threshold(it, t, 'compare', it.site(node, f.module.file), it.vocabOf(f), it.site(cNode, f.module.file), 0, c);
    // A decision at 0 reads logits (right once an activation is gone); a check (`assert (p >= 0).all()`)
    // reads the values as they are.
    const e = decisionOf(cut);
    if (t.k === 'tensor' && e) it.probabilityReads.push(derive(() => (e.perSample === 'use' ? { ...UNKNOWN_FACTS } : t.ref.get()), t.ref));
    return cut;
  }
  // Another bound (`p <= 1.0`, `p < hi`): no threshold, but one with it makes a band (markBand).
  if (t.k === 'tensor') return ordered ? noteBound(tensor({ ...UNKNOWN_FACTS, role: 'data' }), t) : tensor({ ...UNKNOWN_FACTS, role: 'data' });
  return ordered && c.k === 'tensor' ? noteBound({ k: 'unknown' }, c) : UNKNOWN;
}

/** Operands of arithmetic that keep a batch of one sample one: a one-sample batch with numbers or
 *  other one-sample batches (`x[None] / 255.0`, `t.unsqueeze(0).sub(0.5)`). */
export function keepsOneSample(...vs: PyValue[]): boolean {
  return vs.some((v) => v.k === 'tensor' && v.single) && vs.every((v) => (v.k === 'tensor' ? !!v.single : v.k === 'const' && typeof v.v === 'number'));
}

/** A bare name that is a parameter of the function being run (a helper's input). */
function isParameter(node: Node, f: Frame): boolean {
  return node.type === 'identifier' && !!f.params?.has(node.text);
}

function compare(op: string, x: number, y: number): boolean | undefined {
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : op === '>=' ? x >= y : undefined;
}

const EXP_OWNER = /^(?:torch|np|numpy|tf|tf\.math|tensorflow|math|jnp|K|ops|keras\.ops)$/;

/** `1 + torch.exp(-z)` (either order, in parentheses; `np.exp`, `tf.exp`, `math.exp`, `(-z).exp()`):
 *  `z`, when it is a name or an attribute (read again without effects), else undefined. */
function handWrittenSigmoid(n: Node | null): Node | undefined {
  while (n?.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
  if (n?.type !== 'binary_operator' || n.childForFieldName('operator')?.type !== '+') return undefined;
  const [l, r] = [n.childForFieldName('left'), n.childForFieldName('right')];
  const one = (x: Node | null) => (x?.type === 'integer' || x?.type === 'float') && Number(x.text) === 1;
  const e = one(l) ? r : one(r) ? l : null;
  if (e?.type !== 'call') return undefined;
  const fn = e.childForFieldName('function');
  const args = e.childForFieldName('arguments')?.namedChildren ?? [];
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'exp') return undefined;
  let neg: Node | null | undefined;
  const owner = fn.childForFieldName('object');
  if (args.length === 1 && owner && EXP_OWNER.test(owner.text.replace(/\s/g, ''))) neg = args[0];
  else if (args.length === 0) neg = owner;
  while (neg?.type === 'parenthesized_expression') neg = neg.namedChildren[0] ?? null;
  if (neg?.type !== 'unary_operator' || neg.childForFieldName('operator')?.type !== '-') return undefined;
  const x = neg.childForFieldName('argument');
  return x && (x.type === 'identifier' || (x.type === 'attribute' && /^[\w.]+$/.test(x.text))) ? x : undefined;
}
