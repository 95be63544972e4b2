// What the engine needs to analyse one project (its files, the open buffers over the disk), built only
// when it has to run, and a key for the project's current state (the scheduler's generation): the disk
// epoch, whether every file's findings are wanted, and the versions of the project's open buffers.
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectJob } from './analysis-scheduler';
import type { DiskChangeLog } from './disk-changes';
import { configAppliesTo, isInside, isSourceFile, type Listing, type ProjectFiles } from './project-files';
import { uriToPath } from './uris';

export interface SnapshotSources {
  files: ProjectFiles;
  documents: TextDocuments<TextDocument>;
  disk: DiskChangeLog;
  /** The client reports file changes: the worker trusts the disk between them. */
  watchFiles(): boolean;
  /** Whether the project's analysis sends back every file's findings (workspace diagnostics). */
  allFindings(root: string): Promise<boolean>;
  warn(message: string): void;
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
    for (const doc of documents.all()) {
      const p = uriToPath(doc.uri);
      if (!p) continue;
      // Every open buffer overrides the disk (an import may leave the project); only the project's own
      // buffers decide whether a cached result is still current.
      overlay[p] = doc.getText();
      versions[p] = doc.version;
      // An open configuration file above the project (its folder's search reaches it) counts as the
      // project's own buffer: its unsaved text decides the result too.
      if (isInside(root, p) || configAppliesTo(p, root)) stamps.push(`${p}@${doc.version}`);
      if (isInside(root, p) && isSourceFile(p)) extra.push(p);
    }
    const generation = `${disk.epoch}|${allFindings ? 'all' : 'open'}|${stamps.sort().join('|')}`;
    // With watched-file events the worker trusts the disk between them; without, it checks every run.
    const job = (): ProjectJob => ({
      paths: this.projectPaths(listing, extra),
      overlay,
      versions,
      configDir: root,
      disk: this.src.watchFiles() ? disk.state() : undefined,
      allFindings,
    });
    return { root, generation, job };
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
