// Where Keras' cross-entropies take from_logits by position, in each version that defines them:
// read (losses.ts) and rewritten (vocab-keras.ts) from this one table, so a fix edits the argument
// the analysis read. From the signatures of tf.keras 2.x and Keras 3 (keras/losses.py,
// keras/src/losses/losses.py, keras/src/ops/nn.py):
//   BinaryCrossentropy / CategoricalCrossentropy / SparseCategoricalCrossentropy(from_logits, ...)
//   BinaryFocalCrossentropy(gamma, from_logits, ...)                          tf.keras 2.8-2.9
//   BinaryFocalCrossentropy(apply_class_balancing, alpha, gamma, from_logits, ...)  2.10+, Keras 3
//   CategoricalFocalCrossentropy(alpha, gamma, from_logits, ...)               2.13+, Keras 3
//   binary_/categorical_/sparse_categorical_crossentropy(y_true, y_pred, from_logits, ...), and
//   backend's and ops' (target, output, from_logits, ...)
//   binary_focal_crossentropy(y_true, y_pred, gamma, from_logits, ...)        tf.keras 2.8-2.9
//   binary_focal_crossentropy(y_true, y_pred, apply_class_balancing, alpha, gamma, from_logits, ...)
//   categorical_focal_crossentropy(y_true, y_pred, alpha, gamma, from_logits, ...)

/** from_logits' index among the positional arguments, one per signature in use (by the last part
 *  of the name, which every import path of Keras shares). */
const FROM_LOGITS_AT: Readonly<Record<string, readonly number[]>> = {
  BinaryCrossentropy: [0],
  CategoricalCrossentropy: [0],
  SparseCategoricalCrossentropy: [0],
  BinaryFocalCrossentropy: [1, 3],
  CategoricalFocalCrossentropy: [2],
  binary_crossentropy: [2],
  categorical_crossentropy: [2],
  sparse_categorical_crossentropy: [2],
  binary_focal_crossentropy: [3, 5],
  categorical_focal_crossentropy: [4],
};

/** What an argument is, as far as telling signatures apart goes: a literal bool, another literal
 *  (a number, a string, None: no from_logits any version documents), or not known. */
export type ArgKind = 'bool' | 'other' | 'unknown';

/** Where `name` (a Keras loss class or function) reads from_logits in a call with these positional
 *  arguments: the index of the one that is it, 'keyword' when none of them is (the keyword or the
 *  default decides), 'unknown' when the versions disagree (or *args may reach it), undefined for a
 *  loss not in the table (a keyword only). A signature that would read a literal that is no bool
 *  (`BinaryFocalCrossentropy(False, 0.25, 2.0, True)` read as 2.9's from_logits=0.25) is not the one
 *  the code was written for, and is left out. */
export function fromLogitsPosition(name: string, positional: readonly ArgKind[], splat: boolean): number | 'keyword' | 'unknown' | undefined {
  const at = FROM_LOGITS_AT[name.slice(name.lastIndexOf('.') + 1)];
  if (!at) return undefined;
  if (splat) return 'unknown';
  const readings = at.filter((i) => i >= positional.length || positional[i] !== 'other').map((i) => (i < positional.length ? i : 'keyword' as const));
  return readings.length && readings.every((r) => r === readings[0]) ? readings[0] : 'unknown';
}
