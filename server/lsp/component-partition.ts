// The components of a project's paths, kept between analyses. When some files' imports changed,
// only the components around them are recomputed: the union of the components those files belonged
// to, grown by any component the new imports reach, is grouped again from its linted files; every
// other component keeps its files, members and edges, so it comes out exactly as a full recompute
// (LiveImportGraph.components over all the paths) would give it.
import type { LiveComponent, LiveImportGraph } from './live-import-graph';

/** What a regrouping replaced: components gone, components new, and files no component reads any more. */
export interface PartitionChange {
  removed: LiveComponent[];
  added: LiveComponent[];
  dropped: string[];
}

export class ComponentPartition {
  components: LiveComponent[] = [];
  private readonly byMember = new Map<string, LiveComponent>();
  private readonly pathIndex = new Map<string, number>();

  constructor(private readonly graph: LiveImportGraph) {}

  /** The component that reads `file`, if any does. */
  of(file: string): LiveComponent | undefined {
    return this.byMember.get(file);
  }

  /** Everything anew: other paths, or files appeared or went away (all edges were dropped). */
  rebuild(paths: readonly string[]): PartitionChange {
    this.pathIndex.clear();
    paths.forEach((p, i) => this.pathIndex.set(p, i));
    return this.replace(new Set(this.components), this.graph.components(paths));
  }

  /** Only the components around `files`, whose edges changed since the last grouping (the same paths). */
  regroupAround(files: Iterable<string>): PartitionChange {
    const affected = new Set<LiveComponent>();
    for (const f of files) {
      const comp = this.byMember.get(f);
      if (comp) affected.add(comp);
    }
    for (;;) {
      const linted = [...affected].flatMap((c) => c.files).sort((a, b) => this.pathIndex.get(a)! - this.pathIndex.get(b)!);
      const next = this.graph.components(linted);
      // A new import into a component left out: group again with it (its files and edges are unchanged).
      const reached = new Set<LiveComponent>();
      for (const comp of next) {
        for (const m of comp.members) {
          const old = this.byMember.get(m);
          if (old && !affected.has(old)) reached.add(old);
        }
      }
      if (reached.size === 0) return this.replace(affected, next);
      for (const comp of reached) affected.add(comp);
    }
  }

  private replace(removed: Set<LiveComponent>, added: LiveComponent[]): PartitionChange {
    const before = new Set<string>();
    for (const comp of removed) for (const m of comp.members) before.add(m);
    for (const m of before) this.byMember.delete(m);
    for (const comp of added) for (const m of comp.members) this.byMember.set(m, comp);
    this.components = [...this.components.filter((c) => !removed.has(c)), ...added];
    return { removed: [...removed], added, dropped: [...before].filter((m) => !this.byMember.has(m)) };
  }
}
