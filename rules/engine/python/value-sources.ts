// What values a tensor was computed from when it is no longer what they are: arithmetic on them
// (`1 - p`, `p - 0.5`, `p ** 2`, `p / (1 - p)`, `-p`) or a join of branches that each hold one
// (`p = model.predict(x)`, then `p = other.predict(x)` in one branch). Whoever reads such a tensor
// reads those values through it, at a scale no rewrite of theirs follows (a cut at 0.5 turned into
// 0 on `p` leaves `1 - p > 0.5` as it is): probability-reads.ts judges the reads through it.
import type { TensorRef } from '../core/facts';

const sources = new WeakMap<TensorRef, TensorRef[]>();

/** `out` is computed from `from` (the tensors of an arithmetic or a join). */
export function noteComputedFrom(out: TensorRef, from: TensorRef[]): void {
  if (from.length) sources.set(out, from);
}

/** Whether `ref` is computed from others (a read of it may read them). */
export function isComputed(ref: TensorRef): boolean {
  return sources.has(ref);
}

/** The values a read of `ref` reads through it: those it was computed from, transitively, where it
 *  lost what they are (its own facts name no model). One that keeps it (a sum of logits, logits
 *  scaled) is judged as it is, by its own facts. */
export function readThrough(ref: TensorRef, seen = new Set<TensorRef>()): TensorRef[] {
  const from = sources.get(ref);
  if (!from || seen.has(ref) || seen.size > 64 || ref.get().model) return [];
  seen.add(ref);
  return from.flatMap((r) => [r, ...readThrough(r, seen)]);
}
