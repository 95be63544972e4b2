// Lists that are not all they seem: one handed to an unseen function (its length and its numbers are
// then not what was written), one that holds only the items the analysis knows apart.
import type { PyValue } from './values';

/** Lists handed to code we do not see (`add_labels_from_db(LABELS)`), which may have changed them:
 *  their length and their numbers are not what was written. */
const changedElsewhere = new WeakSet<PyValue>();
export function changedUnseen(v: PyValue): void {
  changedElsewhere.add(v);
}
export function mayHaveChanged(v: PyValue): boolean {
  return changedElsewhere.has(v);
}

/** Lists that hold only the items the analysis knows apart (`model.modules()`: the model and its
 *  workspace modules, not its layers): looped over, never indexed. */
const partial = new WeakSet<PyValue>();
export function markPartial<T extends PyValue>(v: T): T {
  partial.add(v);
  return v;
}
export function isPartial(v: PyValue): boolean {
  return partial.has(v);
}
