// Whether an argmax without an axis was meant to give one class per sample. In PyTorch and NumPy it
// returns one index into the flattened output: right for a batch of one sample (predicting a single
// image, however it was reshaped), wrong for a batch. The batch size is rarely known, so the
// finding needs evidence that the result stands for several samples: it is compared with labels
// (`pred == y`, `pred.eq(y)`) or given to a classification metric, or the model was called on
// something named a batch (`model(batch)`, `def f(x_batch)`).
import type { SyntaxNode as Node } from './syntax-tree';
import type { ArgMaxEvent } from '../core/events';
import type { PyValue } from './values';

const results = new WeakMap<object, ArgMaxEvent>();

const METRIC_CALLEE = /(?:accuracy|confusion_matrix|classification_report|f1_score|precision|recall|matthews_corrcoef|cohen_kappa)\w*$/i;
const BATCH_NAME = /batch/i;

/** Remembers the value an argmax returned (its uses are looked at later). */
export function noteArgmax(result: PyValue, e: ArgMaxEvent): void {
  results.set(result, e);
  if (e.noAxis === 'flatten' && namesBatch(e.site.node as Node | undefined)) e.perSample ??= 'name';
}

/** `a == b`, `a != b`, `a.eq(b)`: either side an argmax result compared per sample. */
export function comparedPerSample(...values: PyValue[]): void {
  for (const v of values) {
    const e = results.get(v);
    if (e) e.perSample = 'use';
  }
}

/** `accuracy_score(y, pred)`, `confusion_matrix(y, pred)`, `classification_report(...)`. */
export function metricCall(callee: Node | null, args: { pos: PyValue[]; kw: ReadonlyMap<string, PyValue> }): void {
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  if (name && METRIC_CALLEE.test(name)) comparedPerSample(...args.pos, ...args.kw.values());
}

/** The argmax's own text, or the parameters of the function it is in, name a batch. */
function namesBatch(node: Node | undefined): boolean {
  if (!node) return false;
  if (BATCH_NAME.test(node.text)) return true;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return BATCH_NAME.test(p.childForFieldName('parameters')?.text ?? '');
  }
  return false;
}
