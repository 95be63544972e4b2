// What `x[i]` means for each kind of abstract value: an item of a known collection, one of a
// model's outputs, a sample's row or a sequence's step of a tensor; anything else is unknown.
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, alike, eachOf, num, str, single, derive, oneSampleBatches } from './values';
import { isPartial, mayHaveChanged } from './unseen-changes';
import type { Interp, Frame } from './evaluator';
import { iteratedRow, maxIndices, maxValues, reshaped } from './ops';
import { sequenceCut } from './pooling';
import { recordItems } from './records';
import { loopIndex } from './argmax-uses';
import { sliceCallText } from './one-sample';
import { stillCarried } from './escapes';
import { namespaceItem } from './namespaces';

/** `out[:, -1, :]`, `out[:, 0]`, `h[-1]` on a sequence ([batch, time, features]: a recurrent
 *  layer's, attention's or a transformer's output, facts.minRank): each integer index takes one axis
 *  away, so the last step or the first token is [batch, features] (rank 2), which a per-sample head
 *  keeps. Read lazily (facts are complete only at the end); anything else indexed is `plain`. */
function stepsTaken(t: Extract<PyValue, { k: 'tensor' }>, idxNodes: Node[], plain: PyValue): PyValue {
  const full = (n: Node) => n.type === 'slice' && n.text.replace(/\s/g, '') === ':';
  const integer = (n: Node) => n.type === 'integer' || (n.type === 'unary_operator' && /^-\s*\d+$/.test(n.text));
  const taken = idxNodes.filter(integer).length;
  if (plain.k !== 'tensor' || idxNodes.length > 3 || taken === 0 || !idxNodes.every((n) => full(n) || integer(n))) return plain;
  const [ref, other] = [t.ref, plain.ref];
  return { ...plain, ref: derive(() => {
    const f = ref.get();
    return sequenceCut(f, taken) ?? other.get();
  }, ref, other) };
}

/** A name for a boolean mask of rows (`mask`, `data.train_mask`, `val_mask`). */
const MASK = /^(?:[\w.]*[._])?mask$/i;

export function subscript(it: Interp, obj: PyValue, idx: PyValue, idxNodes: Node[], node: Node, f: Frame): PyValue {
  const i = num(idx);
  // An item of a model's layers or weights (`model.layers[-1]`, `model.get_weights()[0]`): escapes.ts.
  const kept = stillCarried(obj);
  if (kept) return kept;
  const named = namespaceItem(it, obj, node, idx, f);
  if (named) return named;
  // Numbers of a list handed to code we do not see may have changed there (`load_thresholds(THR)`).
  if (obj.k === 'seq' && ((mayHaveChanged(obj) && obj.items.every((v) => v.k === 'const')) || isPartial(obj))) return UNKNOWN;
  const pick = (items: PyValue[] | undefined): PyValue => {
    // `WGTS[fold]` of `WGTS = [1 / FOLDS] * FOLDS`: any index gives the one constant they all are.
    if (items?.length && i === undefined && idxNodes.length === 1 && idxNodes[0].type !== 'slice' && items.every((v) => v.k === 'const' && typeof v.v === 'number' && v.v === (items[0] as { v: unknown }).v)) return items[0];
    if (!items || i === undefined || !Number.isInteger(i)) return UNKNOWN;
    const j = i < 0 ? items.length + i : i;
    return items[j] ?? UNKNOWN;
  };
  const each = eachOf(obj);
  if (each) {
    // Any item of a collection whose every item is `each`; a slice of it is another such collection.
    // (A loop's counter, `gen[i]` for i in range(len(gen)), is a whole number too.)
    // Any index of a Keras iterator of batches of one (`gen[k]`) is one of them.
    // (Only where every item is `each`: not with items known at either end, `models += [other]`.)
    if ((i !== undefined && Number.isInteger(i)) || (idxNodes.length === 1 && alike(obj) && (loopIndex(idxNodes[0]) || (oneSampleBatches.has(obj) && idxNodes[0].type !== 'slice')))) return each;
    return idxNodes.length === 1 && idxNodes[0].type === 'slice' ? { k: 'modulelist', items: undefined, each } : UNKNOWN;
  }
  const record = recordItems(obj);
  if (record) return pick(record);
  switch (obj.k) {
    case 'seq': {
      // `layers[:-1]`, `xs[1:3]`: a slice with written bounds keeps those items (an open list: its
      // known first and last items that stay).
      const bounds = idxNodes.length === 1 && idxNodes[0].type === 'slice' ? /^(-?\d*):(-?\d*)$/.exec(idxNodes[0].text.replace(/\s/g, '')) : null;
      if (bounds) return sliced(obj, bounds[1] === '' ? undefined : Number(bounds[1]), bounds[2] === '' ? undefined : Number(bounds[2]));
      if (!obj.open) return pick(obj.items);
      // An open sequence: only its known first items (`((loss,) + outputs)[0]`), its known last ones
      // (`self.fc[-1]` after `self.fc.append(Dense(1))`), and `[k:]` keeps those last ones.
      const tail = obj.tail ?? [];
      const lead = idxNodes[0];
      if (idxNodes.length === 1 && lead.type === 'slice' && tail.length && /^\d*:$/.test(lead.text.replace(/\s/g, ''))) return { k: 'seq', kind: obj.kind, items: [], open: true, tail: [...tail] };
      if (i === undefined || !Number.isInteger(i)) return UNKNOWN;
      return (i >= 0 ? obj.head?.[i] : tail[tail.length + i]) || UNKNOWN;
    }
    case 'modulelist':
      return pick(obj.items);
    case 'model':
      return obj.model.open ? UNKNOWN : pick(obj.items);
    case 'dict': {
      // A record's fields by position (transformers.ts's ModelOutput) are kept as '[i]'.
      const k = str(idx) ?? (i !== undefined && Number.isInteger(i) ? `[${i}]` : undefined);
      return k !== undefined ? obj.entries.get(k) ?? UNKNOWN : UNKNOWN;
    }
    case 'maxpair':
      return i === 1 ? maxIndices(it, obj) : i === 0 ? maxValues(it, obj) : UNKNOWN;
    case 'tensor': {
      // Indexing keeps what the values are (logits stay logits), not the shape; x[None] and
      // x[np.newaxis] make a batch of one.
      const lead = idxNodes[0];
      const newAxis = !!lead && isNewAxis(lead);
      if (newAxis) return single(reshaped(obj));
      // `x_test[i:i+1]`, `x[:1]`: a batch of one sample.
      if (oneRow(idxNodes)) return single({ k: 'tensor', ref: obj.ref });
      // `seqs[:8]`, `out[a:b]`, `out[data.train_mask]`: some of a batch's rows (a boolean mask
      // selects rows), of the same shape but the first axis.
      if (idxNodes.length === 1 && (lead.type === 'slice' || MASK.test(lead.text)) && !obj.single) return { k: 'tensor', ref: obj.ref };
      // `predictions[0]` of a [batch, units] output: one sample's row, whose width is the units.
      // `X_test[i]` in a `range()` loop: one sample of data, as a loop over X_test gives it.
      if (idxNodes.length === 1 && i === undefined && loopIndex(lead)) return stepsTaken(obj, idxNodes, iteratedRow(obj));
      // (`x_test[0]` of data: one sample too.)
      return stepsTaken(obj, idxNodes, idxNodes.length === 1 && i !== undefined && Number.isInteger(i) ? iteratedRow(obj) : reshaped(obj));
    }
    case 'unknown': {
      const lead = idxNodes[0];
      return lead && (isNewAxis(lead) || oneRow(idxNodes)) ? single(UNKNOWN) : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** `seq[a:b]` with written bounds. Of an open list only what stays known: its first items when
 *  the slice starts at 0, its last ones when it ends at -k (or not at all). */
function sliced(seq: Extract<PyValue, { k: 'seq' }>, a: number | undefined, b: number | undefined): PyValue {
  if (!seq.open) return { k: 'seq', kind: seq.kind, items: seq.items.slice(a, b) };
  const tail = seq.tail ?? [];
  const head = !a && seq.head ? seq.head.slice(0, b !== undefined && b >= 0 ? b : undefined) : undefined;
  const kept = b === undefined ? (a !== undefined && a < 0 ? tail.slice(a) : tail) : b < 0 && tail.length > -b ? tail.slice(0, b) : [];
  return { k: 'seq', kind: seq.kind, items: [], open: true, ...(head?.length ? { head } : {}), ...(kept.length ? { tail: kept } : {}) };
}

/** One row kept as a batch of one, as written: a slice of one row (the other axes whole or new: `x[i:i+1, :]`,
 *  `x[i:i+1, ...]`), a list of one index (`x[[i]]`), or an index then a new axis (`x[i, None]`). */
function oneRow(idx: Node[]): boolean {
  const [lead, next] = idx;
  if (!lead) return false;
  const whole = (n: Node) => n.type === 'ellipsis' || n.text.replace(/\s/g, '') === ':';
  // (A new axis after it, `x[i:i+1, ..., None]`, still leaves one row.)
  if (oneRowSlice(lead) && idx.slice(1).every((n) => whole(n) || isNewAxis(n))) return true;
  // (`x[[i]]` of a number or a loop's counter: `x[[idx]]` of an array of indices takes its rows.)
  const only = lead.type === 'list' && lead.namedChildren.length === 1 ? lead.namedChildren[0] : undefined;
  if (idx.length === 1 && only && (only.type === 'integer' || loopIndex(only))) return true;
  // (`x[..., None]`: the ellipsis stands for all the axes, the new one is the last: no row taken.)
  return idx.length === 2 && lead.type !== 'slice' && lead.type !== 'ellipsis' && !!next && isNewAxis(next);
}

/** `None` or `np.newaxis` as an index: a new axis of one. */
const isNewAxis = (n: Node) => n.type === 'none' || /(?:^|\.)newaxis$/.test(n.text);

/** A slice of one row as written: `i:i+1`, `i:(i + 1)`, `:1`, `0:1`, `7:8`, `-1:`, and the same
 *  as a slice object (`slice(i, i + 1)`). */
function oneRowSlice(n: Node): boolean {
  const text = n.type === 'slice' ? n.text : sliceCallText(n);
  if (text === undefined) return false;
  const m = /^([^:]*):([^:]*)$/.exec(text.replace(/\s/g, ''));
  if (!m) return false;
  const [a, b] = [m[1], m[2].replace(/^\((.*)\)$/, '$1')];
  if (a === '' || a === '0') return b === '1';
  if (a === '-1') return b === '';
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(b) - Number(a) === 1;
  return b === `${a}+1`;
}
