// One project's analysis, kept between runs so that an edit re-lints only what it can change.
// Files influence each other only through relative imports, so each connected component of the
// import graph (live-import-graph.ts) is linted on its own (lintPart, as the CLI does) and its result
// is kept; the results are merged into exactly what one lintProject run over all the paths gives
// (mergeParts). An edit re-lints the edited file's component; an edit that changes what the file
// imports, a file that appears or goes away, or a different set of paths regroups the components
// and re-lints those that are new or read a changed file.
import type { FileProblem, Finding, LintOptions } from '../../rules';
import { lintPart, mergeParts, type PartResult } from '../cli/component-lint';
import { ContentStore, type Content } from '../cli/import-graph';
import type { AnalysisStats, RangedFinding } from './analysis-types';
import { rangeFindings } from './attach-ranges';
import { changedSince, type DiskState } from './disk-changes';
import type { DiskCache } from './disk-cache';
import { ComponentPartition, type PartitionChange } from './component-partition';
import { LiveImportGraph, sameList, type LiveComponent } from './live-import-graph';

export interface ProjectResult {
  findings: RangedFinding[];
  problems: FileProblem[];
  files: string[];
  stats: AnalysisStats;
  /** Components were left unlinted (`only`): findings of other files are missing. */
  partial: boolean;
}

export class IncrementalProject {
  /** Unsaved editor text by path; wins over the disk. */
  private overlay: ReadonlyMap<string, string> = new Map();
  /** Every file the analysis has read (or probed while resolving), as it read it: its view of the files. */
  private readonly store: ContentStore;
  private readonly graph: LiveImportGraph;
  private readonly partition: ComponentPartition;
  private paths: readonly string[] = [];
  /** Results of the components that no changed file has touched since they were linted. */
  private readonly results = new Map<LiveComponent, PartResult>();
  /** Each finding with its ranges, computed once from the text it was found in. */
  private readonly ranged = new WeakMap<Finding, RangedFinding>();
  private diskEpoch: number | undefined;
  private started = false;

  constructor(
    readonly options: LintOptions,
    disk: DiskCache,
  ) {
    this.store = new ContentStore({ readFile: (file) => (this.overlay.has(file) ? this.overlay.get(file) : disk.read(file)) });
    this.graph = new LiveImportGraph(this.store);
    this.partition = new ComponentPartition(this.graph);
  }

  /** The current grouping (for the tests). */
  get components(): readonly LiveComponent[] {
    return this.partition.components;
  }

  /**
   * Lints `paths` with `overlay` over the disk. `disk` is what the client reported of the disk
   * (watched-file events): while its epoch stays the same, the files on disk are taken as unchanged
   * and not looked at; then only the files its events name are checked, or every file read so far
   * when they do not say. Undefined (a client that reports no file changes): every file read so far
   * is checked on every run (a stat each; unchanged files are not read again).
   * `only`: lint just the components holding these files (the open documents, for a first answer);
   * the others keep no result, so the next run lints them. The result then says `partial`.
   */
  run(paths: readonly string[], overlay: ReadonlyMap<string, string>, disk?: DiskState, only?: ReadonlySet<string>): ProjectResult {
    const previousOverlay = this.overlay;
    this.overlay = new Map(overlay); // the caller may change its map; the next run compares with this one
    const changed = new Set<string>();
    // A file that starts or stops being readable can change where any specifier resolves.
    let appeared = false;
    const recheck = (file: string) => {
      const before = this.store.contents.get(file);
      if (!before || changed.has(file)) return; // never read: nothing here depends on it
      this.store.contents.delete(file);
      const after = this.store.get(file);
      if (sameContent(before, after)) return;
      changed.add(file);
      if ('text' in before !== 'text' in after) appeared = true;
    };
    let checkedOnDisk = 0;
    if (this.started && (disk === undefined || disk.epoch !== this.diskEpoch)) {
      const named = disk && this.diskEpoch !== undefined ? changedSince(disk, this.diskEpoch) : undefined;
      for (const file of named ?? [...this.store.contents.keys()]) {
        if (overlay.has(file) || !this.store.contents.has(file)) continue;
        recheck(file);
        checkedOnDisk++;
      }
    }
    for (const [file, text] of overlay) if (previousOverlay.get(file) !== text) recheck(file);
    for (const file of previousOverlay.keys()) if (!overlay.has(file)) recheck(file); // closed: the disk again
    this.diskEpoch = disk?.epoch;

    for (const file of changed) {
      const comp = this.partition.of(file);
      if (comp) this.results.delete(comp);
      // Read by the analysis but no component's file: a dependency file (a Keras pin) that any
      // component's fixes may depend on. Rare: everything is linted again.
      else this.results.clear();
    }
    let regrouped: AnalysisStats['regrouped'] = false;
    if (!this.started || appeared || !sameList(paths, this.paths)) {
      if (appeared) this.graph.reset();
      // The rebuild groups by the kept edges: a changed file's must be read again (its imports may
      // have changed in the same run as the file list).
      else for (const file of changed) this.graph.update(file);
      this.paths = [...paths];
      this.apply(this.partition.rebuild(paths));
      regrouped = 'all';
    } else {
      const moved = [...changed].filter((file) => this.graph.update(file));
      if (moved.length) {
        const change = this.partition.regroupAround(moved);
        this.apply(change);
        regrouped = change.added.length;
      }
    }
    this.started = true;

    let linted = 0;
    let skipped = 0;
    const { components } = this.partition;
    for (const comp of components) {
      if (this.results.has(comp)) continue;
      if (only && !comp.files.some((f) => only.has(f))) {
        skipped++;
        continue;
      }
      const result = lintPart(comp.files, this.options, this.store);
      // Ranges now, from the texts the engine just read: those stay in the store while the result is kept.
      const ranged = rangeFindings(result.findings, (file) => this.store.readFile(file));
      result.findings.forEach((f, i) => this.ranged.set(f, ranged[i]));
      this.results.set(comp, result);
      linted++;
    }
    // Most components have nothing to report; merging only the others gives the same result, faster.
    const parts = components.flatMap((c) => this.results.get(c) ?? []).filter((r) => r.findings.length || r.problems.length || r.unusedDirectives.length);
    const merged = mergeParts([...paths], parts);
    return {
      findings: merged.findings.map((f) => this.ranged.get(f)!),
      problems: merged.problems,
      files: merged.files,
      stats: { files: paths.length, components: components.length, linted, changedFiles: changed.size, regrouped, checkedOnDisk },
      partial: skipped > 0,
    };
  }

  /** Components regrouped: one with the same key as a replaced one keeps its result (if it still has one). */
  private apply(change: PartitionChange): void {
    const before = new Map(change.removed.map((c) => [c.key, c]));
    for (const comp of change.added) {
      const old = before.get(comp.key);
      const kept = old && this.results.get(old);
      if (kept) this.results.set(comp, kept);
    }
    for (const comp of change.removed) this.results.delete(comp);
    // Texts no component reads any more are dropped, with their edges (nothing would notice them
    // change); what is missing stays: a file appearing there must be noticed.
    for (const file of change.dropped) if ('text' in (this.store.contents.get(file) ?? {})) this.store.contents.delete(file);
    this.graph.forget(change.dropped);
  }
}

function sameContent(a: Content, b: Content): boolean {
  if ('text' in a) return 'text' in b && a.text === b.text;
  if ('error' in a) return 'error' in b && a.error === b.error;
  return 'missing' in b;
}
