// What the engine needs to analyse one project (its files, the open buffers over the disk), built only
// when it has to run, and a key for the project's current state (the scheduler's generation): the disk
// epoch, whether every file's findings are wanted, and the versions of the project's open buffers.
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectJob } from './analysis-scheduler';
import type { DiskChangeLog } from './disk-changes';
import { configAppliesTo, isInside, isSourceFile, type Listing, type ProjectFiles } from './project-files';
import type { NotebookOverlay } from './notebooks';
import { isUntitledPath, uriToPath } from './uris';

export interface SnapshotSources {
  files: ProjectFiles;
  documents: TextDocuments<TextDocument>;
  disk: DiskChangeLog;
  /** The client reports file changes: the worker trusts the disk between them. */
  watchFiles(): boolean;
  /** Whether the project's analysis sends back every file's findings (workspace diagnostics). */
  allFindings(root: string): Promise<boolean>;
  warn(message: string): void;
  /** The open notebooks' programs (notebooks.ts): they replace the notebooks' files in the project. */
  notebooks?(): NotebookOverlay[];
}

export interface Snapshot {
  root: string;
  generation: string;
  job: () => ProjectJob;
}

export class ProjectSnapshots {
  /** Sorted listings: sorting 2,000 paths on every request would cost more than the rest of a cached answer. */
  private readonly sortedListings = new WeakMap<Listing, { sorted: string[]; has: Set<string> }>();
  /** Projects whose truncated listing was reported (once each, not on every keystroke). */
  private readonly warnedTruncated = new Set<string>();
  /** The last paths with open notebooks' files replaced by their programs. */
  private lastFiltered: { listing: Listing; key: string; paths: string[] } | undefined;
  /** A number per opened document: a document closed and opened again starts at the same version
   *  (VS Code numbers each newly opened document 1) with other text, so the version alone is no key. */
  private readonly openings = new WeakMap<TextDocument, number>();
  private nextOpening = 1;

  constructor(private readonly src: SnapshotSources) {}

  /** The project at `root`; `path`: the document asking, listed even if the walk did not reach it. */
  async of(root: string, path?: string): Promise<Snapshot> {
    const { files, documents, disk } = this.src;
    const listing = await files.list(root);
    const allFindings = await this.src.allFindings(root);
    if (listing.truncated && !this.warnedTruncated.has(root)) {
      this.warnedTruncated.add(root);
      this.src.warn(`${root}: too many files, analysing the first ${listing.files.length}`);
    }
    const extra = path ? [path] : [];
    const stamps: string[] = [];
    const overlay: Record<string, string> = {};
    const versions: Record<string, number> = {};
    const cells: Record<string, number[]> = {};
    for (const doc of documents.all()) {
      const p = uriToPath(doc.uri);
      if (!p) continue;
      // Every open buffer overrides the disk (an import may leave the project); only the project's own
      // buffers decide whether a cached result is still current.
      overlay[p] = doc.getText();
      versions[p] = doc.version;
      // An open configuration file above the project (its folder's search reaches it) counts as the
      // project's own buffer: its unsaved text decides the result too.
      if (isInside(root, p) || configAppliesTo(p, root)) stamps.push(`${p}@${this.openingOf(doc)}.${doc.version}`);
      if (isInside(root, p) && isSourceFile(p)) extra.push(p);
    }
    const replaced = new Set<string>();
    for (const nb of this.src.notebooks?.() ?? []) {
      overlay[nb.path] = nb.text;
      cells[nb.path] = nb.cellStarts;
      versions[nb.path] = nb.version;
      if (!isInside(root, nb.path)) continue;
      stamps.push(`${nb.path}@${nb.version}`);
      extra.push(nb.path);
      replaced.add(nb.notebookPath);
    }
    const generation = `${disk.epoch}|${allFindings ? 'all' : 'open'}|${stamps.sort().join('|')}`;
    // With watched-file events the worker trusts the disk between them; without, it checks every run.
    const job = (): ProjectJob => ({
      paths: this.pathsWithout(listing, extra, replaced),
      overlay,
      cells,
      versions,
      // An untitled buffer's project has no folder to find a configuration file from (uris.ts).
      configDir: isUntitledPath(root) ? undefined : root,
      disk: this.src.watchFiles() ? disk.state() : undefined,
      allFindings,
    });
    return { root, generation, job };
  }

  private openingOf(doc: TextDocument): number {
    let n = this.openings.get(doc);
    if (n === undefined) this.openings.set(doc, (n = this.nextOpening++));
    return n;
  }

  /** The project's paths, the same array while they stay the same (the scheduler then does not send them again). */
  private pathsWithout(listing: Listing, extra: string[], replaced: Set<string>): string[] {
    if (replaced.size === 0) return this.projectPaths(listing, extra);
    const key = `${[...extra].sort().join('\n')}\u0000${[...replaced].sort().join('\n')}`;
    const last = this.lastFiltered;
    if (last && last.listing === listing && last.key === key) return last.paths;
    const paths = this.projectPaths(listing, extra).filter((p) => !replaced.has(p));
    this.lastFiltered = { listing, key, paths };
    return paths;
  }

  private projectPaths(listing: Listing, extra: string[]): string[] {
    let s = this.sortedListings.get(listing);
    if (!s) {
      const sorted = [...new Set(listing.files)].sort();
      this.sortedListings.set(listing, (s = { sorted, has: new Set(sorted) }));
    }
    const has = s.has;
    const added = extra.filter((p) => !has.has(p));
    return added.length === 0 ? s.sorted : [...new Set([...s.sorted, ...added])].sort();
  }
}
