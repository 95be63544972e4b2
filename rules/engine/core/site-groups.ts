// Events grouped by the place they happen at, across every run of the code: a comparison, a loss
// call or a metric reached by values of different kinds (or with different thresholds) is judged
// as one place, so that no fix right for one kind is applied where it breaks another.
import type { EngineEvent, ThresholdEvent } from './events';
import type { TensorFacts } from './facts';
import { isClassifier, isSwapped } from './judge';

/** A comparison reached by logits and by other values (a helper called with this model's logits and
 *  with a loaded model's output, or with a sigmoid model's): rewriting it to 0 for the logits breaks
 *  it for the others; one run with several thresholds (`for t in [0.0, 0.5]: f1(y, p > t)`) is a
 *  sweep, whose ends are chosen. One judgement for every language. */
export function markSharedThresholds(events: EngineEvent[]): EngineEvent[] {
  const bySite = new Map<string, ThresholdEvent[]>();
  for (const e of events) {
    if (e.type !== 'threshold') continue;
    const key = `${e.site.file}\u0000${e.site.start}\u0000${e.site.end}`;
    bySite.get(key)?.push(e) ?? bySite.set(key, [e]);
  }
  const shared = new Map<EngineEvent, 'known' | 'unknown'>();
  const swept = new Set<EngineEvent>();
  for (const group of bySite.values()) {
    if (new Set(group.map((e) => e.value ?? 0.5)).size > 1) for (const e of group) swept.add(e);
    // Raw outputs count as logits only of a model trained as a classifier: a regression head's (MSE,
    // L1, Huber) or an untrained or loaded one's are values whose right cut we do not know.
    const acts = new Set(group.map((e) => kindAtCut(e.input.get())));
    if (group.length < 2 || (acts.size === 1 && acts.has('logits'))) continue;
    const other = [...acts].some((a) => a !== 'logits' && a !== 'unknown') ? 'known' : 'unknown';
    for (const e of group) shared.set(e, other);
  }
  const marked = (e: ThresholdEvent): ThresholdEvent => ({ ...e, ...(shared.has(e) ? { otherInputs: shared.get(e) } : {}), ...(swept.has(e) ? { sweep: true } : {}) });
  return shared.size || swept.size ? events.map((e) => (e.type === 'threshold' && (shared.has(e) || swept.has(e)) ? marked(e) : e)) : events;
}

/** What a cut sees of these values: 'logits' only for those of a model trained as a classifier. */
function kindAtCut(f: TensorFacts): string {
  return f.act === 'logits' && !(f.actSite && isClassifier(f.model, f.widthSite, f.actSite)) ? 'unknown' : f.act;
}

/** Loss events whose loss is chosen at one place (`lossSite`) for predictions of different kinds
 *  (an unknown one counts: switching the loss would change what it does to that too). */
export function lossesSharedByKinds(events: EngineEvent[]): Set<EngineEvent> {
  return reachedByKinds(events, (e) => (e.type === 'loss' ? [`${e.lossSite.file}\u0000${e.lossSite.start}\u0000${e.lossSite.end}`, e.pred.get().act] : undefined));
}

/** Loss calls (their argument sites) run with the arguments swapped by some callers, not by others. */
export function callsSwappedOnlySometimes(events: EngineEvent[]): Set<EngineEvent> {
  return reachedByKinds(events, (e) => (e.type === 'loss' && e.args ? [e.args.map((s) => `${s.file}\u0000${s.start}\u0000${s.end}`).join('\u0000'), isSwapped(e) ? 'swapped' : 'as written'] : undefined));
}

/** Decisions (thresholds, argmaxes) at a place that values of different kinds reach: a helper
 *  called with a logits model's output and with a sigmoid model's (`toLabels = (p) => p.greater(0.5)`). */
export function mixedDecisionSites(events: EngineEvent[]): Set<EngineEvent> {
  return reachedByKinds(events, (e) => {
    // A metric's threshold written once for two models (`acc = BinaryAccuracy(threshold=0.0)`).
    if (e.type === 'metric' && e.zeroCut) return [`cut\u0000${e.zeroCut.file}\u0000${e.zeroCut.start}`, e.pred.get().act];
    // One metric entry for outputs of different kinds (`metrics=["accuracy"]` over a logits and a
    // sigmoid output): rewriting it for one breaks it for the other.
    if (e.type === 'metric') return [`metric\u0000${e.site.file}\u0000${e.site.start}`, e.pred.get().act];
    if (e.type !== 'threshold' && e.type !== 'argmax') return undefined;
    const act = e.input.get().act;
    return [`${e.type}\u0000${e.site.file}\u0000${e.site.start}`, act === 'unknown' ? undefined : act];
  });
}

/** The events `place` groups (by its key) whose kinds (its second value; undefined: not counted)
 *  are not all the same. */
function reachedByKinds(events: EngineEvent[], place: (e: EngineEvent) => [string, string | undefined] | undefined): Set<EngineEvent> {
  const byKey = new Map<string, { events: EngineEvent[]; kinds: Set<string> }>();
  for (const e of events) {
    const p = place(e);
    if (!p) continue;
    let g = byKey.get(p[0]);
    if (!g) byKey.set(p[0], (g = { events: [], kinds: new Set() }));
    g.events.push(e);
    if (p[1] !== undefined) g.kinds.add(p[1]);
  }
  const out = new Set<EngineEvent>();
  for (const g of byKey.values()) if (g.kinds.size > 1) for (const e of g.events) out.add(e);
  return out;
}
