// LSP 3.17 workspace diagnostics (workspace/diagnostic): the findings of files that are not open, with
// `logitLint.problems: "workspace"` (the default). The server analyses whole projects anyway (cross-file
// findings need them), so this costs only sending the findings back from the worker. Open documents
// are left to textDocument/diagnostic (the client prefers those). VS Code asks again 2 s after each
// answer; an unchanged project is a cache hit in the scheduler, and unchanged files are answered
// 'unchanged' by result id.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type Diagnostic,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { RangedFinding } from './analysis-types';
import type { ProjectAnalysis } from './analysis-scheduler';
import { projectRootFor, type Listing } from './project-files';
import type { Settings } from './settings';
import { pathToUri, uriToPath } from './uris';

export interface WorkspaceSources {
  folders(): readonly string[];
  list(folder: string): Promise<Listing>;
  settings(uri: string): Promise<Settings>;
  /** Paths of the open documents (their diagnostics come from document pulls). */
  openPaths(): Set<string>;
  /** The project's analysis with the findings of every file (background priority). */
  analyse(root: string, token: CancellationToken): Promise<ProjectAnalysis | undefined>;
  /** The diagnostics of one file from its project's findings, with the severities applied. */
  diagnostics(file: string, findings: RangedFinding[], analysis: ProjectAnalysis, settings: Settings): Diagnostic[];
}

export function resultIdOf(items: Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(items)).digest('hex');
}

/** Roots per listing: VS Code asks every 2 s, and a listing stays until files are created or deleted. */
const rootsOf = new WeakMap<Listing, { folders: string; roots: string[] }>();

/** The project roots among a folder's files (nearest package.json; see project-files.ts). */
export function projectRoots(listing: Listing, folders: readonly string[]): string[] {
  const key = folders.join('\n');
  const known = rootsOf.get(listing);
  if (known && known.folders === key) return known.roots;
  const roots = findRoots(listing, folders);
  rootsOf.set(listing, { folders: key, roots });
  return roots;
}

function findRoots(listing: Listing, folders: readonly string[]): string[] {
  const byDir = new Map<string, string>();
  for (const file of listing.files) {
    const dir = path.dirname(file);
    if (!byDir.has(dir)) byDir.set(dir, projectRootFor(file, folders));
  }
  return [...new Set(byDir.values())].sort();
}

export async function workspaceDiagnostics(src: WorkspaceSources, params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
  const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
  const open = src.openPaths();
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const reported = new Set<string>();
  const add = (uri: string, diagnostics: Diagnostic[]) => {
    if (reported.has(uri)) return;
    reported.add(uri);
    const resultId = resultIdOf(diagnostics);
    if (previous.get(uri) === resultId) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version: null, resultId });
    else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId, items: diagnostics });
  };
  const folders = src.folders();
  for (const folder of folders) {
    const settings = await src.settings(pathToUri(folder));
    if (!settings.enable || settings.problems !== 'workspace') continue;
    for (const root of projectRoots(await src.list(folder), folders)) {
      if (token.isCancellationRequested) return { items };
      const result = await src.analyse(root, token);
      if (!result || result.analysis.config?.error) continue;
      const byFile = new Map<string, RangedFinding[]>();
      for (const f of result.analysis.findings) {
        if (open.has(f.location.file)) continue;
        const list = byFile.get(f.location.file) ?? [];
        list.push(f);
        byFile.set(f.location.file, list);
      }
      for (const [file, findings] of byFile) {
        const diagnostics = src.diagnostics(file, findings, result, settings);
        if (diagnostics.length) add(pathToUri(file), diagnostics);
      }
    }
  }
  // Files reported before that have no findings now (fixed, deleted, or the setting changed): an
  // empty report clears them; open documents are the document pulls' business.
  for (const uri of previous.keys()) {
    const file = uriToPath(uri);
    if (file && !open.has(file) && !reported.has(uri)) add(uri, []);
  }
  return { items };
}
