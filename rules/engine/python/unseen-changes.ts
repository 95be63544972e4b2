// Values code we do not see may have changed: a list handed to an unseen function (its length and its
// numbers are then not what was written).
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
