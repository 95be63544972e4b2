// The logit-lint language server: wires the LSP connection to the analysis scheduler.
// Diagnostics are pulled (textDocument/diagnostic) by clients that can, pushed otherwise.
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import {
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  ErrorCodes,
  ExecuteCommandRequest,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisScheduler, CancelledError, type AnalysisWorker, type ProjectAnalysis } from './analysis-scheduler';
import { codeActions } from './code-actions';
import { buildReport, type DocReport } from './diagnostics';
import { hoverAt } from './hover';
import { NotebookSync } from './notebooks';
import { clientAbilities, serverCapabilities } from './capabilities';
import { lspProgress, NumericChecks, type CheckProgress } from './numeric-check';
import { findFinding, lensKey, numericLenses, parseNumericArgs, type NumericCheckRequest } from './numeric-lens';
import { DiskChangeLog } from './disk-changes';
import { PushDiagnostics } from './push-diagnostics';
import { ProjectSnapshots, type Snapshot } from './project-snapshot';
import { workspaceDiagnostics } from './workspace-diagnostics';
import { ConfigMessages } from './config-messages';
import { DEPENDENCY_GLOBS, isConfigFile, isSourceFile, projectRootFor, ProjectFiles, SOURCE_EXTENSIONS } from './project-files';
import {
  CONFIG_FILE_NAMES,
  encodeNonFinite,
  SHOW_DOCUMENTATION_COMMAND,
  SHOW_NUMERIC_DIFFERENCE_COMMAND,
  STATUS_NOTIFICATION,
  type StatusParams,
} from './protocol';
import { RuleDocs } from './rule-docs';
import { SettingsStore } from './settings-store';
import { StartupTiming } from './startup-timing';
import { closeUntitled, openUntitled, pathToUri, uriToPath } from './uris';

export function startServer(connection: Connection, createWorker: () => AnalysisWorker, timing = new StartupTiming()): void {
  const documents = new TextDocuments(TextDocument);
  const docs = new RuleDocs();
  const files = new ProjectFiles();
  const reports = new Map<string, DocReport>();
  let folders: string[] = [];
  /** Disk changes the client reported; the epoch is part of every project's generation. */
  const disk = new DiskChangeLog();
  let settings: SettingsStore;
  let pull = false;
  let canRefresh = false;
  let canRefreshLenses = false;
  let documentChanges = false;
  let showDocument = false;
  let watchFiles = false;
  let folderEvents = false;
  /** The client asks for workspace/diagnostic (LSP 3.17 workspace pull). capabilities.ts reads them all. */
  let workspacePull = false;

  const status = (params: Omit<StatusParams, 'time'>) =>
    void connection.sendNotification(STATUS_NOTIFICATION, { ...params, time: new Date().toISOString() }).catch(() => undefined);

  const configMessages = new ConfigMessages(connection, (file) => documents.all().some((d) => uriToPath(d.uri) === file), status);

  const scheduler = new AnalysisScheduler(createWorker, {
    ready: (metas, startup) => {
      timing.mark('worker ready');
      timing.worker = startup;
      docs.setMetas(metas);
    },
    started: (_project, job) => status({ state: 'running', message: `analysing ${job.paths.length} files` }),
    finished: (project, { analysis }, wallMs) => {
      timing.mark('analysed');
      // The findings of other open files may have changed (an edit in the file that builds their
      // model): their lenses are asked for again, and served from this result.
      refreshLenses();
      if (analysis.config?.error) {
        configMessages.error(project, analysis.config.file, analysis.config.error);
        return;
      }
      configMessages.valid(project, analysis.config?.file);
      const ms = Math.round(analysis.durationMs);
      const st = analysis.stats;
      const reuse = st ? `, linted ${st.linted} of ${st.components} components${st.regrouped === 'all' ? ', all regrouped' : st.regrouped ? `, ${st.regrouped} regrouped` : ''}${st.checkedOnDisk ? `, ${st.checkedOnDisk} files checked on disk` : ''}` : '';
      // Per-run lines go to the trace (logitLint.trace.server), not the info log: one per keystroke is noise.
      connection.tracer.log(`analysed ${analysis.fileCount} files of ${project} in ${ms} ms (${wallMs} ms with the worker round trip${reuse})`);
      for (const p of analysis.problems) connection.tracer.log(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
      status({
        state: 'ok',
        message: `${ms} ms, ${analysis.fileCount} files`,
        durationMs: analysis.durationMs,
        files: analysis.fileCount,
        problems: analysis.problems.slice(0, 20).map((p) => `${p.file}: ${p.message}`),
      });
    },
    failed: (project, error) => {
      connection.console.error(`analysis of ${project} failed: ${error.stack ?? error.message}`);
      status({ state: 'error', message: error.message });
    },
  });

  const notebooks: NotebookSync = new NotebookSync({ connection, docs, settings: (uri) => settings.get(uri), refreshLenses: () => refreshLenses(),
    analyse: async (path, token): Promise<ProjectAnalysis> => {
      const snap = await snapshot(projectRootFor(path, folders), path);
      return scheduler.analyze(snap.root, snap.generation, snap.job, token);
    },
  });

  const snapshots = new ProjectSnapshots({
    notebooks: () => notebooks.overlays(),
    files,
    documents,
    disk,
    watchFiles: () => watchFiles,
    // With workspace diagnostics the worker sends back every file's findings; the same for the
    // document pulls of the project, so that both share one analysis (and one cache entry).
    allFindings: async (root) => workspacePull && (await settings.get(pathToUri(root))).problems === 'workspace',
    warn: (message) => connection.console.warn(message),
  });
  const snapshot = (root: string, path?: string): Promise<Snapshot> => snapshots.of(root, path);

  async function reportFor(uri: string, token?: CancellationToken): Promise<DocReport | undefined> {
    const doc = documents.get(uri);
    const path = uriToPath(uri);
    // Configuration files are synced for their unsaved text only; they are not linted.
    if (!doc || !path || isConfigFile(path)) return undefined;
    timing.mark('first request');
    const s = await settings.get(uri);
    if (!s.enable) {
      reports.delete(uri);
      return undefined;
    }
    // A kind of file the engine does not read (yet: .py until the Python frontend lands), or the same
    // file open under a second URI spelling (its first document carries the findings): no findings.
    if (!isSourceFile(path) || firstUriOf(path) !== uri) return storeReport(buildReport(uri, path, doc.version, {}, [], s, docs));
    const snap = await snapshot(projectRootFor(path, folders), path);
    const result = await scheduler.analyze(snap.root, snap.generation, snap.job, token);
    timing.answered((line) => connection.console.info(line));
    const version = result.versions[path] ?? doc.version;
    const { config, ignored } = result.analysis;
    // Ignored by the configuration, or a broken configuration: no diagnostics (none stale either).
    const findings = config?.error || ignored?.includes(path) ? [] : result.analysis.findings;
    return storeReport(buildReport(uri, path, version, result.versions, findings, s, docs, config?.rules));
  }

  /** Keeps a document's newest report; when its lenses change, the client is asked for them again. */
  function storeReport(report: DocReport): DocReport {
    const previous = reports.get(report.uri);
    if (documents.get(report.uri) && (!previous || previous.version <= report.version)) {
      reports.set(report.uri, report);
      if (lensKey(previous) !== lensKey(report)) refreshLenses();
    }
    return report;
  }

  /** The open document that first had `path` (URI spellings differ between clients and extensions). */
  function firstUriOf(path: string): string | undefined {
    return documents.all().find((d) => uriToPath(d.uri) === path)?.uri;
  }

  /** The finding a numeric-check command names, from the document's current analysis. */
  async function locateFinding(request: NumericCheckRequest, token: CancellationToken) {
    const cell = notebooks.isCell(request.uri);
    const path = cell ? notebooks.notebookPathOf(request.uri) : uriToPath(request.uri);
    if (!path || !(cell || documents.get(request.uri))) return `${request.uri} is not open in the editor`;
    const report = currentReport(request.uri) ?? (await (cell ? notebooks.reportFor(request.uri, token) : reportFor(request.uri, token)));
    if (!report) return 'logit-lint is disabled for this file';
    const finding = findFinding(report, request.range, request.ruleId);
    if (!finding) return `there is no ${request.ruleId} finding on line ${request.range.start.line + 1} any more`;
    return { finding, file: `${relative(projectRootFor(path, folders), path) || path}${cell ? ` ${notebooks.cellLabelOf(request.uri)}` : ''}` };
  }

  const noProgress: CheckProgress = { begin: () => undefined, report: () => undefined, done: () => undefined };
  const checks = new NumericChecks({
    // The client's own progress token when it sent one (it cancels with $/cancelRequest; the VS Code
    // client does this to show a notification with a Cancel button); else server-initiated progress,
    // cancelled with window/workDoneProgress/cancel; none for clients without window.workDoneProgress.
    createProgress: (workDoneToken) =>
      workDoneToken !== undefined
        ? Promise.resolve(lspProgress(connection.window.attachWorkDoneProgress(workDoneToken)))
        : connection.window.createWorkDoneProgress().then(lspProgress, () => noProgress),
    locate: locateFinding,
  });

  /** The stored report of a document, if it describes the document's current text. */
  function currentReport(uri: string): DocReport | undefined {
    if (notebooks.isCell(uri)) return notebooks.currentReport(uri);
    const report = reports.get(uri);
    return report && report.version === documents.get(uri)?.version ? report : undefined;
  }

  const push = new PushDiagnostics(connection, documents, (uri) => reportFor(uri));
  const schedulePush = () => {
    if (!pull) push.schedule();
  };

  function isConfigDocument(uri: string): boolean {
    const path = uriToPath(uri);
    return path !== undefined && isConfigFile(path);
  }

  function refreshLenses(): void {
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** Settings or files changed: every open document may have new diagnostics and lenses. */
  function refreshAll(): void {
    refreshLenses();
    notebooks.schedule();
    if (pull) {
      if (canRefresh) connection.languages.diagnostics.refresh();
    } else {
      schedulePush();
    }
  }

  connection.onInitialize((params): InitializeResult => {
    timing.mark('initialize');
    const can = clientAbilities(params.capabilities);
    ({ pull, workspacePull, canRefresh, canRefreshLenses, documentChanges, showDocument, watchFiles, folderEvents } = can);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    settings = new SettingsStore(connection, can.configuration, init?.settings, () => docs.ids());
    folders = (params.workspaceFolders ?? []).flatMap((f) => uriToPath(f.uri) ?? []);
    if (folders.length === 0 && params.rootUri) folders = [uriToPath(params.rootUri) ?? []].flat();
    return {
      capabilities: serverCapabilities(workspacePull),
      serverInfo: { name: 'logit-lint' },
    };
  });

  connection.onInitialized(() => {
    timing.mark('initialized');
    connection.console.info(`logit-lint server up after ${Math.round(process.uptime() * 1000)} ms (${pull ? 'pull' : 'push'} diagnostics${workspacePull ? ', workspace diagnostics' : ''})`);
    if (watchFiles) {
      const exts = SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',');
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: `**/*.{${exts}}` }, ...[...CONFIG_FILE_NAMES.map((name) => `**/${name}`), ...DEPENDENCY_GLOBS].map((globPattern) => ({ globPattern }))],
      });
    }
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.flatMap((f) => uriToPath(f.uri) ?? []));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.flatMap((f) => uriToPath(f.uri) ?? [])];
        files.invalidate();
        disk.record(); // other folders: anything may have changed
        refreshAll();
      });
    }
  });

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    try {
      const report = await reportFor(params.textDocument.uri, token);
      const items = report?.diagnostics ?? [];
      const resultId = createHash('sha1').update(`${report?.version}\n${JSON.stringify(items)}`).digest('hex');
      if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    } catch (e) {
      if (e instanceof CancelledError || token.isCancellationRequested) {
        throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled: the document changed');
      }
      // An engine failure clears the file's diagnostics rather than leaving stale ones; the status
      // item and the log say what happened.
      connection.console.error(`diagnostics for ${params.textDocument?.uri} failed: ${(e as Error).message}`);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  });

  connection.languages.diagnostics.onWorkspace((params, token) =>
    workspaceDiagnostics({
      folders: () => folders,
      list: (folder) => files.list(folder),
      settings: (uri) => settings.get(uri),
      openPaths: () => new Set([...documents.all().flatMap((d) => uriToPath(d.uri) ?? []), ...notebooks.programPaths()]),
      analyse: async (root, t) => {
        const snap = await snapshot(root);
        return scheduler.analyze(snap.root, snap.generation, snap.job, t, true).catch((e) => {
          if (!(e instanceof CancelledError)) connection.console.error(`workspace diagnostics of ${root} failed: ${(e as Error).message}`);
          return undefined;
        });
      },
      diagnostics: (file, findings, result, s) => buildReport(pathToUri(file), file, 0, result.versions, findings, s, docs, result.analysis.config?.rules).diagnostics,
    }, params, token),
  );

  connection.onCodeAction((params) => {
    if (notebooks.isCell(params.textDocument.uri)) return notebooks.codeActions(params, documentChanges);
    const doc = documents.get(params.textDocument.uri);
    const path = uriToPath(params.textDocument.uri);
    if (!doc || !path) return [];
    return codeActions({
      uri: doc.uri,
      path,
      text: doc.getText(),
      version: doc.version,
      report: currentReport(doc.uri),
      diagnostics: params.context?.diagnostics ?? [],
      only: params.context?.only,
      documentChanges,
      docs,
    });
  });

  connection.onHover((params) => hoverAt(currentReport(params.textDocument.uri), params.position, docs));

  connection.onCodeLens(async (params, token) => {
    const uri = params.textDocument.uri;
    try {
      // Lenses come from the same report as the diagnostics, so each sits exactly on a finding the
      // check can replay. With run = onSave, typing must not start analyses: the last report will do.
      const onSave = documents.get(uri) && (await settings.get(uri)).run === 'onSave';
      return numericLenses(onSave ? reports.get(uri) : notebooks.isCell(uri) ? await notebooks.reportFor(uri, token) : await reportFor(uri, token));
    } catch (e) {
      if (e instanceof CancelledError || token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      connection.console.error(`code lenses for ${uri} failed: ${(e as Error).message}`);
      return [];
    }
  });

  // Registered as a plain request, not with onExecuteCommand, which hides the client's workDoneToken.
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    if (params.command === SHOW_NUMERIC_DIFFERENCE_COMMAND) {
      const request = parseNumericArgs(params.arguments);
      if (typeof request === 'string') throw new ResponseError(ErrorCodes.InvalidParams, request);
      const report = await checks.execute(request, token, params.workDoneToken);
      if (report.status !== 'ok') connection.console.info(`numeric check of ${request.ruleId}: ${report.status}: ${report.message}`);
      // JSON has no NaN: non-finite numbers travel as strings (decodeNonFinite on the client).
      return encodeNonFinite(report);
    }
    if (params.command !== SHOW_DOCUMENTATION_COMMAND) return null;
    const url = params.arguments?.[0];
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      throw new ResponseError(-32602, `${SHOW_DOCUMENTATION_COMMAND} expects a documentation URL`);
    }
    if (showDocument) await connection.window.showDocument({ uri: url, external: true });
    else void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `logit-lint documentation: ${url}` });
    return null;
  });

  connection.onDidChangeConfiguration((params) => {
    settings.changed(params.settings);
    refreshAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => c.type !== 2 /* Changed */)) files.invalidate();
    const changed = params.changes.map((c) => uriToPath(c.uri));
    disk.record(changed.every((p) => p !== undefined) ? (changed as string[]) : undefined);
    refreshAll();
  });

  documents.onDidChangeContent(async (e) => {
    // An edited configuration changes the diagnostics of every file it governs, none of which changed.
    if (isConfigDocument(e.document.uri)) return refreshAll();
    const s = await settings.get(e.document.uri);
    // An open notebook may use what this file defines.
    if (s.run === 'onType') notebooks.schedule();
    if (!pull && s.run === 'onType') schedulePush();
  });
  documents.onDidOpen((e) => {
    openUntitled(e.document.uri, e.document.languageId); // a new buffer: a file of its own (uris.ts)
    schedulePush();
  });
  documents.onDidSave(() => {
    schedulePush();
    notebooks.schedule();
  });
  documents.onDidClose((e) => {
    // Closing an unsaved configuration file puts the disk's version back in force.
    if (isConfigDocument(e.document.uri)) refreshAll();
    reports.delete(e.document.uri);
    settings.forget(e.document.uri);
    closeUntitled(e.document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  // A failed notification or a bug in a handler must cost one answer, not the whole server.
  process.on('unhandledRejection', (e) => connection.console.error(`unexpected error: ${(e as Error)?.stack ?? String(e)}`));
  connection.onShutdown(() => {
    scheduler.dispose();
    checks.dispose();
  });
  // However the process ends, a running check's child process goes with it.
  process.on('exit', () => checks.dispose());
  // Started over node IPC and the editor is gone: the worker thread would keep this process alive.
  process.on('disconnect', () => process.exit(1));
  documents.listen(connection);
  notebooks.listen(connection);
  connection.listen();
  // The worker loads the engine (the slowest part of a first answer) while the client handshakes.
  scheduler.warmUp();
}
