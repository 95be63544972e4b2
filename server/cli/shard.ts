// --shard k/n: lint the k-th of n parts of the project, for CI jobs that split a big repository.
// The unit of splitting is an import-graph component (import-graph.ts): a finding can involve any
// files of its component, so a component is never split, and every finding is reported by exactly
// one shard. Components are dealt out by total file size, largest first, each to the lightest shard
// so far; equal sizes are ordered by path and equal shards by number, so every machine that sees
// the same files computes the same split.
import type { Facts } from './import-graph';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses "k/n" (1 <= k <= n). Returns the shard, or the usage error's message. */
export function parseShard(value: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) return `--shard expects k/n (e.g. 2/4: the second of four parts), got "${value}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${value}: k must be between 1 and n, and n at least 1`;
  return { index, count };
}

/** What the split needs of a component: its total size, and a name that orders equal sizes. */
export interface Weight {
  size: number;
  name: string;
}

/**
 * Which shard (0-based) each item goes to: largest first, into the lightest shard so far. Sizes
 * must not depend on the machine (characters of text, not bytes on disk or times).
 */
export function assignShards<T>(items: readonly T[], count: number, weigh: (item: T) => Weight): Map<T, number> {
  const weighed = items.map((item) => ({ item, ...weigh(item) }));
  weighed.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const out = new Map<T, number>();
  for (const w of weighed) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if (load[i] < load[lightest]) lightest = i;
    load[lightest] += w.size;
    out.set(w.item, lightest);
  }
  return out;
}

/** The items of shard `shard`, in their original order. */
export function selectShard<T>(items: readonly T[], shard: Shard, weigh: (item: T) => Weight): T[] {
  if (shard.count === 1) return [...items];
  const assigned = assignShards(items, shard.count, weigh);
  return items.filter((c) => assigned.get(c) === shard.index - 1);
}

/** A component's weight: characters of its files' texts (the same on every machine); its first
 *  member (they are sorted) orders equal sizes. */
export function componentWeight(comp: { members: string[] }, store: { factsOf(file: string): Facts }): Weight {
  let size = 0;
  for (const m of comp.members) {
    const f = store.factsOf(m);
    if (f.kind === 'text') size += f.chars;
  }
  return { size, name: comp.members[0] ?? '' };
}
