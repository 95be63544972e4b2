// --cache keeps the last run's components (import-graph.ts) with their keys, so an unchanged
// project is not split again: resolving every import and hashing every component is most of what
// a fully cached run would otherwise cost. The split is reused only when nothing it was built from
// can have changed:
// - the same files are linted;
// - every file of every component is unchanged (its stat matches its record: file-records.ts);
// - no folder that resolution looked into gained or lost a lintable file or a subfolder
//   (dir-listings.ts), which is what could make an import resolve elsewhere.
import type { DirListings } from './dir-listings';
import type { Component, ContentStore } from './import-graph';

export type KeyedComponent = Component & { key: string };

export interface GraphSnapshot {
  files: string[];
  /** Folders resolution looked into (their listings are kept by dir-listings.ts). */
  dirs: string[];
  components: KeyedComponent[];
}

export function takeSnapshot(files: string[], parts: Array<{ comp: Component; key?: string }>, probedDirs: Set<string>, listings: DirListings): GraphSnapshot {
  const dirs = [...probedDirs];
  for (const d of dirs) listings.unchanged(d); // records the folders' listings for the next run
  return { files, dirs, components: parts.map(({ comp, key }) => ({ ...comp, key: key! })) };
}

/** The snapshot's components, when they are still the components of `files`; else undefined. */
export function reuseSnapshot(snap: GraphSnapshot | undefined, files: string[], store: ContentStore, listings: DirListings): KeyedComponent[] | undefined {
  if (!snap || snap.files.length !== files.length || snap.files.some((p, i) => p !== files[i])) return undefined;
  if (!snap.dirs.every((d) => listings.unchanged(d))) return undefined;
  for (const c of snap.components) for (const m of c.members) if (!store.unchanged(m)) return undefined;
  return snap.components;
}
