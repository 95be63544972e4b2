// Which `for` loops run once per item (a known list of modules, tensors or losses) rather than as
// one pass over an item we know nothing of.
import type { SyntaxNode as Node } from './syntax-tree';
import { type PyValue, holds, MAX_UNROLL } from './values';

/** Whether a loop over `items` runs its body once per item: a short list worth it, and a body that
 *  neither leaves early nor branches on what a loss item is. */
export function unrolled(items: PyValue[], body: Node, left: Node | null): boolean {
  if (items.length > MAX_UNROLL || !(items.some(worthUnrolling) || addsPerItem(items, body) || cutsPerItem(items, body, left)) || /\b(?:break|continue)\b/.test(body.text)) return false;
  return !branchesOnLoss(items, body, left);
}

/** What decides whether a loop over `iter` is worth running per item: its items, or for a dict
 *  (`for k in criteria: criteria[k](out, y)`) the values its keys reach. */
export function itemsToJudge(iter: PyValue, items: PyValue[] | undefined): PyValue[] | undefined {
  return iter.k === 'dict' ? [...iter.entries.values()] : items;
}

/** Whether `items` hold a loss and the code run for each (`body`) tests which item it has. */
export function branchesOnLoss(items: PyValue[], body: Node, left: Node | null): boolean {
  return items.some((v) => holds(v, isLoss)) && testsItem(body, left);
}

/** Layers, models and functions are worth unrolling a loop for (x = layer(x), `for step in [f, g]`);
 *  configuration values are not. */
function isModule(v: PyValue): boolean {
  return v.k === 'layer' || v.k === 'model' || v.k === 'instance' || v.k === 'modulelist' || v.k === 'function' || (v.k === 'seq' && v.items.some(isModule));
}

const isLoss = (v: PyValue): boolean => v.k === 'loss';

/** Whether a loop body branches on its item (`if isinstance(crit, nn.BCELoss):`): a branch on what
 *  a loss object is, which the analysis does not decide. */
function testsItem(body: Node, left: Node | null): boolean {
  const names = left ? (left.type === 'identifier' ? [left.text] : left.descendantsOfType('identifier').map((n) => n.text)) : [];
  return names.some((n) => new RegExp(`\\b(?:if|elif|match)\\b[^\\n]*\\b${n}\\b|\\b${n}\\b[^\\n]*\\bif\\b`).test(body.text));
}

/** Modules, tensors (a model's outputs handed around in a tuple or a dict, each read by the body) and
 *  losses (`for crit in criteria: loss += crit(out, y)`: each is applied). */
/** Settings whose body adds something per item (`for units, act in [(32, "relu"), (1, "sigmoid")]:
 *  model.add(Dense(units, activation=act))`, `for h in hidden: layers.append(nn.Linear(d, h))`, a
 *  grid search appending each setting's results): run per item, a model's layers are known, its
 *  last one included, and each setting's run is judged with its own values. */
function addsPerItem(items: PyValue[], body: Node): boolean {
  const setting = (v: PyValue): boolean => v.k === 'const' || (v.k === 'seq' && !v.open && v.items.every((x) => x.k === 'const'));
  return items.length > 0 && items.every(setting) && /\.(?:add|append|add_module|insert)\(/.test(body.text);
}

/** Probability thresholds written out (`for t in [0.3, 0.5, 0.7]: pred = z > t`): the body cuts with
 *  each in turn, so each pass is judged with its own number. (A sweep from 0 or to 1 takes its ends
 *  on purpose, no decision: such a loop stays one pass over a number we do not know.) */
function cutsPerItem(items: PyValue[], body: Node, left: Node | null): boolean {
  if (!items.length || !items.every((v) => v.k === 'const' && typeof v.v === 'number' && v.v > 0 && v.v < 1) || left?.type !== 'identifier') return false;
  const n = left.text;
  return new RegExp(`\\b${n}\\s*[<>]|[<>]=?\\s*${n}\\b|\\b(?:gt|ge|lt|le|greater|greater_equal|less|less_equal)\\([^)]*\\b${n}\\b`).test(body.text);
}

function worthUnrolling(v: PyValue): boolean {
  return holds(v, (x) => isModule(x) || x.k === 'tensor' || x.k === 'loss');
}
