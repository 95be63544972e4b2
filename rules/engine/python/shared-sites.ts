// One place in the code reached by several values: a loss construction applied to the outputs of
// two models (`bce = BinaryCrossentropy()` compiled for a logits head and a sigmoid head), or a
// threshold in an evaluation loop called for a sigmoid model and for a logits model. Rewriting such
// a place for one of them breaks it for the others, so the vocabularies offer no fix there (a
// switched loss) or only a suggestion (a threshold). What each user is, is read lazily: the models
// are complete only after the whole program.
import type { Site } from '../core/site';
import type { ModelInfo } from '../core/facts';
import type { PyValue } from './values';

const users = new Map<string, Array<() => unknown>>();

/** A new session: places of the last one are forgotten. */
export function resetSharedSites(): void {
  users.clear();
  away.clear();
  elsewhere.clear();
  twins.clear();
  walks.clear();
}

/** `site` is reached by the thing `who()` returns (a model, an activation; undefined: unknown). */
export function noteUser(site: Site, who: () => unknown): void {
  const key = `${site.file}:${site.start}:${site.end}`;
  const list = users.get(key);
  if (list) list.push(who);
  else users.set(key, [who]);
}

/** Whether two different known things reach `site`; `unknownCounts`: an unknown one counts too. */
export function isShared(site: Site, unknownCounts = false): boolean {
  const list = users.get(`${site.file}:${site.start}:${site.end}`);
  if (!list || list.length < 2) return false;
  const known = new Set(list.map((f) => f()).filter((v) => unknownCounts || v !== undefined));
  return known.size > 1;
}

/** Loss objects handed to code we do not follow (probability-reads.ts lossHandedAway): applied
 *  there to what we do not see, so a rewrite of one is a suggestion at most. */
const away = new Set<string>();

export function noteHandedAway(site: Site): void {
  away.add(`${site.file}:${site.start}:${site.end}`);
}

export function handedAway(site: Site | undefined): boolean {
  return !!site && away.has(`${site.file}:${site.start}:${site.end}`);
}

/** Models reached under other names (a deepcopy, a clone, a DataParallel's `.module`): code there
 *  may index their items, so removing one of them is no safe fix. Keyed by where each was made. */
const elsewhere = new Set<string>();

export function noteReachedElsewhere(site: Site): void {
  elsewhere.add(`${site.file}:${site.start}:${site.end}`);
}

/** Walks over a model's modules (`for m in model.modules():`) by the offset of the method's name:
 *  true while every run of it did something only for weighted layers (type-selected.ts). */
const walks = new Map<string, boolean>();

export function noteWalk(file: string, at: number, weighted: boolean): void {
  walks.set(`${file}:${at}`, weighted && walks.get(`${file}:${at}`) !== false);
}

/** The scan for reads by position (edits.ts madeIndexed) passes over such a walk. */
export function onlyWeightedWalk(file: string, at: number): boolean {
  return walks.get(`${file}:${at}`) === true;
}

/** A model read by position under whatever name holds it (`net[:-1]`, `len(m)`, `for layer in
 *  self.body`, `[*model]`, `m.children()`): removing one of its items shifts what that reads. */
export function noteReadByPosition(v: PyValue | undefined): void {
  if (v?.k === 'model') noteReachedElsewhere(v.model.site);
}

export function reachedElsewhere(file: string, start: number, end: number): boolean {
  return elsewhere.has(`${file}:${start}:${end}`);
}

/** Models made by the same code: a builder called twice (`m2 = build_model(); m2.load_weights(path)`)
 *  makes the trained model's twin (core facts.ts inheritTwinTraining). Keyed by where each is made
 *  and by the call that ran that code (equal calls, params.ts); a builder run with mutable or
 *  unknown arguments (no key) makes models of their own. */
const twins = new Map<string, ModelInfo[]>();

export function noteTwin(model: ModelInfo, frame: { fn?: unknown; callKey?: string } | undefined): void {
  if (frame?.fn && frame.callKey === undefined) return;
  noteTwinBy(model, `${model.site.file}:${model.site.start}:${model.site.end}:${frame?.callKey ?? ''}`);
}

/** Models made alike (`key`) are twins. */
export function noteTwinBy(model: ModelInfo, key: string): void {
  const list = twins.get(key);
  if (list) list.push(model);
  else twins.set(key, [model]);
  model.twins = twins.get(key);
}
