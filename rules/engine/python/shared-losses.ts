// One loss construction applied to the outputs of several models (`bce = BinaryCrossentropy()`
// compiled for a logits head and a sigmoid head): rewriting it for one model changes it for the
// others, so the vocabularies write no fix that switches it (--fix would flip it back and forth).
import type { Site } from '../core/site';
import type { ModelInfo } from '../core/facts';

const firstUser = new WeakMap<Site, ModelInfo>();
const shared = new WeakSet<Site>();

/** The loss chosen at `lossSite` is applied to an output of `model`. */
export function noteLossUser(lossSite: Site, model: ModelInfo | undefined): void {
  if (!model) return;
  const first = firstUser.get(lossSite);
  if (!first) firstUser.set(lossSite, model);
  else if (first !== model) shared.add(lossSite);
}

export function isSharedLoss(lossSite: Site): boolean {
  return shared.has(lossSite);
}
