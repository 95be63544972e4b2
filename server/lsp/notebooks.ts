// Jupyter notebooks open in the editor (LSP 3.17 notebook documents): the code cells are analysed as
// one Python program (notebook-program.ts) in the notebook's project, and each finding is shown on its
// cell. Cell diagnostics are always pushed: VS Code's client pulls diagnostics only for documents it
// opened with textDocument/didOpen and sees in a tab, and notebook cells are neither.
import type { CancellationToken, CodeActionParams, Connection, Diagnostic } from 'vscode-languageserver';
import { NotebookCellKind, NotebookDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectAnalysis } from './analysis-scheduler';
import type { RangedFinding, RangedFix } from './analysis-types';
import { codeActions } from './code-actions';
import { buildReport, type DocReport } from './diagnostics';
import { cellMessage, cellName, notebookProgram, programPath, toCell, type CellSpan, type NotebookProgram } from './notebook-program';
import { lensKey } from './numeric-lens';
import { Rounds } from './push-diagnostics';
import type { RuleDocs } from './rule-docs';
import type { Settings } from './settings';
import { closeUntitled, openUntitled, uriToPath } from './uris';

/** What the server syncs: every cell of Jupyter notebooks (markdown cells too, so cells are numbered as users see them). */
export const NOTEBOOK_SYNC = { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }], save: true };

export interface NotebookDeps {
  connection: Connection;
  docs: RuleDocs;
  settings(uri: string): Promise<Settings>;
  /** The analysis of the project holding `notebookPath`, with the open notebooks' programs in it. */
  analyse(notebookPath: string, token?: CancellationToken): Promise<ProjectAnalysis>;
  refreshLenses(): void;
}

/** A program in a project snapshot's overlay (project-snapshot.ts). */
export interface NotebookOverlay {
  notebookPath: string;
  path: string;
  text: string;
  /** Where each cell starts in `text` (the engine parses a cell with a syntax error apart). */
  cellStarts: number[];
  version: number;
}

interface OpenNotebook {
  notebookPath: string;
  path: string;
  /** Changes on every notebook change; the program's version in the analysis' overlay. */
  stamp: number;
  program?: NotebookProgram;
  /** The cell reports last built, and from what: the same analysis and settings give the same reports
   *  (code lens requests, one per visible cell, would otherwise rebuild every cell's each time). */
  built?: { result: ProjectAnalysis | undefined; settings: Settings; reports: Map<string, DocReport> };
}

let nextStamp = 1;

export class NotebookSync {
  readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly open = new Map<string, OpenNotebook>();
  /** The newest report of each cell. */
  private readonly reports = new Map<string, DocReport>();
  /** Per report: the cell URI of each cell's name (edits and related sites in other cells). */
  private readonly cellUris = new WeakMap<DocReport, Record<string, string>>();
  /** Per notebook, what was pushed for each cell (version and diagnostics); cells that leave (deleted,
   *  turned to markdown, the notebook closed) are cleared. */
  private readonly pushed = new Map<string, Map<string, string>>();
  private readonly rounds = new Rounds(async () => {
    for (const uri of [...this.open.keys()]) await this.push(uri);
  });

  constructor(private readonly deps: NotebookDeps) {
    this.notebooks.onDidOpen((nb) => this.changed(nb.uri));
    this.notebooks.onDidSave(() => this.schedule());
    this.notebooks.onDidClose((nb) => this.closed(nb.uri));
  }

  listen(connection: Connection): void {
    // NotebookDocuments fires no onDidChange when only the cell order changes (a moved cell comes as
    // structure.array with no didOpen/didClose): every notebookDocument/didChange counts as a change.
    const sync = connection.notebooks.synchronization;
    const onDidChangeNotebookDocument: typeof sync.onDidChangeNotebookDocument = (handler) =>
      sync.onDidChangeNotebookDocument((params) => {
        handler(params);
        if (this.notebooks.getNotebookDocument(params.notebookDocument.uri)) void this.changed(params.notebookDocument.uri, !!params.change.cells?.structure);
      });
    this.notebooks.listen({ notebooks: { synchronization: { ...sync, onDidChangeNotebookDocument } } } as unknown as Connection);
  }

  isCell(uri: string): boolean {
    return this.notebooks.getNotebookCell(uri) !== undefined;
  }

  /** The open notebooks' programs, for project snapshots. */
  overlays(): NotebookOverlay[] {
    return [...this.open].map(([uri, nb]) => {
      const program = this.programOf(uri, nb);
      return { notebookPath: nb.notebookPath, path: nb.path, text: program.text, cellStarts: program.starts, version: nb.stamp };
    });
  }

  /** The analysed paths of the open notebooks (workspace diagnostics leave them to the cells). */
  programPaths(): string[] {
    return [...this.open.values()].map((nb) => nb.path);
  }

  /** The cell's report if it describes the cell's current text, with the cells where they were (its
   *  edits name cells by their place: after a cell moved, they would land in another cell). */
  currentReport(uri: string): DocReport | undefined {
    const report = this.reports.get(uri);
    if (!report || report.version !== this.notebooks.cellTextDocuments.get(uri)?.version) return undefined;
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    const open = nb && this.open.get(nb.uri);
    const named = this.cellUris.get(report);
    if (!nb || !open || !named) return undefined;
    const index = new Map(nb.cells.map((c, i) => [c.document, i]));
    return Object.entries(named).every(([file, cell]) => index.has(cell) && file === cellPath(open.path, index.get(cell)!)) ? report : undefined;
  }

  /** The cell's report, analysing if needed. */
  async reportFor(uri: string, token?: CancellationToken): Promise<DocReport | undefined> {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    if (!nb) return undefined;
    return (await this.analyseNotebook(nb.uri, token))?.get(uri) ?? this.currentReport(uri);
  }

  /** The notebook path behind a cell (the numeric check names it). */
  notebookPathOf(uri: string): string | undefined {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    return nb && this.open.get(nb.uri)?.notebookPath;
  }

  /** "cell N", for the numeric check's report ("analysis.ipynb cell 4:3"). */
  cellLabelOf(uri: string): string {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    return `cell ${(nb?.cells.findIndex((c) => c.document === uri) ?? -1) + 1}`;
  }

  codeActions(params: CodeActionParams, documentChanges: boolean) {
    const uri = params.textDocument.uri;
    const doc = this.notebooks.cellTextDocuments.get(uri);
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    const open = nb && this.open.get(nb.uri);
    if (!doc || !nb || !open) return [];
    const report = this.currentReport(uri);
    return codeActions({
      uri,
      path: report?.path ?? cellPath(open.path, nb.cells.findIndex((c) => c.document === uri)),
      text: doc.getText(),
      version: doc.version,
      report,
      diagnostics: params.context?.diagnostics ?? [],
      only: params.context?.only,
      documentChanges,
      docs: this.deps.docs,
      uriOf: (file) => (report ? this.cellUris.get(report)?.[file] : undefined),
    });
  }

  /** Pushes every open notebook's cell diagnostics (push-diagnostics.ts' rounds). */
  schedule(): void {
    if (this.open.size > 0) this.rounds.schedule();
  }

  /** `structural`: cells were added, deleted or moved (not typed in). */
  private async changed(uri: string, structural = false): Promise<void> {
    // An untitled notebook is analysed as a notebook of its own project (uris.ts).
    const notebookPath = uriToPath(uri) ?? openUntitled(uri, '.ipynb');
    if (!notebookPath) return;
    const previous = this.open.get(uri);
    this.open.set(uri, { notebookPath, path: programPath(notebookPath), stamp: nextStamp++ });
    // Typing with run = onSave analyses nothing (a save or another trigger will). Cells added, deleted
    // or moved are analysed at once, as files created or deleted are (watched files): one act, not
    // keystrokes, and it changes the order the cells run in, so every later cell's fixes (placed by
    // cell) are withheld until the next analysis (currentReport).
    if (!previous || structural || (await this.deps.settings(uri)).run === 'onType') this.schedule();
  }

  private closed(uri: string): void {
    this.open.delete(uri);
    closeUntitled(uri);
    for (const cell of this.pushed.get(uri)?.keys() ?? []) {
      this.reports.delete(cell);
      void this.deps.connection.sendDiagnostics({ uri: cell, diagnostics: [] }).catch(() => undefined);
    }
    this.pushed.delete(uri);
  }

  private async push(uri: string): Promise<void> {
    try {
      const reports = await this.analyseNotebook(uri);
      if (!reports || !this.open.has(uri)) return; // stale (a newer round follows) or closed meanwhile
      const before = this.pushed.get(uri) ?? new Map<string, string>();
      const now = new Map<string, string>();
      const sends: Promise<void>[] = [];
      for (const [cell, report] of reports) {
        // Only what changed: an edit re-analyses every cell, but usually changes one cell's diagnostics
        // (and its version); 200 unchanged notifications would delay the one that matters.
        const key = `${report.version}|${JSON.stringify(report.diagnostics)}`;
        now.set(cell, key);
        if (before.get(cell) !== key) sends.push(this.deps.connection.sendDiagnostics({ uri: cell, version: report.version, diagnostics: report.diagnostics }));
      }
      for (const cell of before.keys()) {
        if (!now.has(cell)) sends.push(this.deps.connection.sendDiagnostics({ uri: cell, diagnostics: [] }));
      }
      this.pushed.set(uri, now);
      await Promise.all(sends);
    } catch (e) {
      this.deps.connection.console.error(`diagnostics for notebook ${uri} failed: ${(e as Error).message}`);
    }
  }

  private programOf(uri: string, nb: OpenNotebook): NotebookProgram {
    if (nb.program) return nb.program;
    const cells = this.notebooks.getNotebookDocument(uri)?.cells ?? [];
    const code = cells.flatMap((cell, index) => {
      const doc = this.notebooks.getCellTextDocument(cell);
      if (cell.kind !== NotebookCellKind.Code || !doc || doc.languageId !== 'python') return [];
      return [{ uri: cell.document, index, text: doc.getText(), version: doc.version }];
    });
    return (nb.program = notebookProgram(code));
  }

  /** Per code cell, its report; undefined when the notebook changed or closed during the analysis. */
  private async analyseNotebook(uri: string, token?: CancellationToken): Promise<Map<string, DocReport> | undefined> {
    const nb = this.open.get(uri);
    if (!nb) return undefined;
    const settings = await this.deps.settings(uri);
    const program = this.programOf(uri, nb);
    let findings: RangedFinding[] = [];
    let result: ProjectAnalysis | undefined;
    if (settings.enable) {
      result = await this.deps.analyse(nb.notebookPath, token);
      if (result.versions[nb.path] !== nb.stamp || this.open.get(uri) !== nb) return undefined;
      const { config, ignored } = result.analysis;
      const skip = config?.error || ignored?.includes(nb.path);
      findings = skip ? [] : result.analysis.findings.filter((f) => f.location.file === nb.path);
    }
    if (nb.built && nb.built.result === result && nb.built.settings === settings) return nb.built.reports;
    const mapped = findings.flatMap((f) => inCells(program, nb.path, f));
    const cellUris = Object.fromEntries(program.cells.map((c) => [cellPath(nb.path, c.index), c.uri]));
    const versions = { ...result?.versions, ...Object.fromEntries(program.cells.map((c) => [cellPath(nb.path, c.index), c.version])) };
    const reports = new Map<string, DocReport>();
    let lensesChanged = false;
    for (const cell of program.cells) {
      const file = cellPath(nb.path, cell.index);
      const report: DocReport = buildReport(cell.uri, file, cell.version, versions, mapped, settings, this.deps.docs, result?.analysis.config?.rules);
      this.cellUris.set(report, cellUris);
      // Related locations in cells point at the cells' URIs (buildReport made file: URIs of them).
      report.diagnostics.forEach((d: Diagnostic, i) => {
        report.findings[i].related.forEach((r, j) => {
          const cellUri = cellUris[r.file];
          if (cellUri && d.relatedInformation?.[j]) d.relatedInformation[j].location.uri = cellUri;
        });
      });
      if (lensKey(this.reports.get(cell.uri)) !== lensKey(report)) lensesChanged = true;
      this.reports.set(cell.uri, report);
      reports.set(cell.uri, report);
    }
    nb.built = { result, settings, reports };
    if (lensesChanged) this.deps.refreshLenses();
    return reports;
  }
}

/** The name a cell's findings and edits carry (ends in .py: directives in it are `#` comments). */
function cellPath(programFile: string, index: number): string {
  return `${programFile}#cell${index + 1}.py`;
}

/** A program finding in cell terms: its location, message, related sites and edits (a fix with an edit across cells is dropped). */
function inCells(program: NotebookProgram, path: string, f: RangedFinding): RangedFinding[] {
  const at = toCell(program, f.location.range, true);
  if (!at) return [];
  const here = (cell: CellSpan) => cellPath(path, cell.index);
  const related = f.related.map((r) => {
    // (A site in a module a `%%writefile` cell writes is that cell's already: core lint.ts siteOf.)
    const c = r.file === path ? toCell(program, r.range, true) : undefined;
    if (!c) return r;
    return { ...r, file: here(c.cell), range: c.range, message: c.cell === at.cell ? r.message : `${r.message} (${cellName(c.cell)})` };
  });
  const fixIn = (fix: RangedFix): RangedFix | undefined => {
    const edits = [];
    for (const e of fix.edits) {
      if (e.file !== path) {
        edits.push(e);
        continue;
      }
      const c = toCell(program, e.range, false);
      if (!c) return undefined;
      edits.push({ ...e, file: here(c.cell), range: c.range });
    }
    return { ...fix, edits };
  };
  const fix = f.fix && fixIn(f.fix);
  return [{
    ...f,
    message: cellMessage(program, f.message, at.cell),
    location: { ...f.location, file: here(at.cell), range: at.range, line: at.range.start.line + 1, column: at.range.start.character + 1 },
    related,
    ...(fix ? { fix } : { fix: undefined }),
    suggestions: f.suggestions.map(fixIn).filter((s): s is RangedFix => s !== undefined),
  }];
}
