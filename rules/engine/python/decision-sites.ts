// A decision written once and reached with different values (an evaluation loop called for a
// sigmoid model and for a logits model): rewriting it for one breaks it for the other, so its fix
// is only a suggestion there.
import type { Site } from '../core/site';
import type { TensorRef } from '../core/facts';

const inputs = new Map<string, TensorRef[]>();

export function resetDecisionSites(): void {
  inputs.clear();
}

export function noteDecisionInput(site: Site, ref: TensorRef): void {
  const key = `${site.file}:${site.start}`;
  const refs = inputs.get(key);
  if (refs) refs.push(ref);
  else inputs.set(key, [ref]);
}

/** Whether the values reaching the decision at `site` are not all of one kind. */
export function mixedDecision(site: Site): boolean {
  const refs = inputs.get(`${site.file}:${site.start}`);
  return !!refs && refs.length > 1 && new Set(refs.map((r) => r.get().act)).size > 1;
}
