// Code actions for logit-lint diagnostics, per rule in this order (as vscode-eslint does): the rule's
// fix, its suggestions, "Show numeric difference" (findings the numeric check can replay), "Disable
// <rule> for this line", "Fix all <rule> problems", "Disable <rule> for this file", "Show
// documentation for <rule>"; and `source.fixAll.logit-lint` for the whole file.
// Every edit comes from rules/ (the fixes the CLI's --fix applies, the directive edits); nothing here
// invents code.
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextEdit } from '../../rules';
import type { Ranged, RangedFinding, RangedFix } from './analysis-types';
import { SOURCE, type DocReport } from './diagnostics';
import { disableFileEdits, disableLineEdits } from './disable-edits';
import { FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND } from './protocol';
import { isCheckable, numericAction } from './numeric-lens';
import { LineMap, sameRange } from './ranges';
import type { RuleDocs } from './rule-docs';
import { pathToUri } from './uris';

export interface ActionRequest {
  uri: string;
  path: string;
  /** Current text and version of the document. */
  text: string;
  version: number;
  /** The document's report, only when it was computed for `version` (else fixes could be stale). */
  report: DocReport | undefined;
  diagnostics: readonly Diagnostic[];
  only?: readonly string[];
  /** Client supports versioned `documentChanges` (so a stale edit is refused instead of misapplied). */
  documentChanges: boolean;
  docs: RuleDocs;
  /** The URI of an edited file that is not a file: URI (a notebook's other cells). */
  uriOf?(file: string): string | undefined;
}

interface PlainEdit {
  file: string;
  range: Ranged<TextEdit>['range'];
  text: string;
}

export function wantsKind(only: readonly string[] | undefined, kind: string, defaultWanted: boolean): boolean {
  if (!only || only.length === 0) return defaultWanted;
  return only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(req: ActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wantsKind(req.only, CodeActionKind.QuickFix, true)) actions.push(...quickFixes(req));
  if (wantsKind(req.only, FIX_ALL_KIND, false)) {
    const all = fixAllAction(req);
    if (all) actions.push(all);
  }
  return actions;
}

function quickFixes(req: ActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  const lines = new LineMap(req.text);
  const rulesDone = new Set<string>();
  const byRule = new Map<string, CodeAction[]>();
  for (const diag of req.diagnostics) {
    if (diag.source !== SOURCE || typeof diag.code !== 'string') continue;
    const ruleId = diag.code;
    const finding = findingFor(req.report, diag);
    const own: CodeAction[] = [];
    if (finding?.fix) own.push(fixAction(req, finding.fix.title, finding.fix, diag, finding.fix.safe));
    for (const s of finding?.suggestions ?? []) own.push(fixAction(req, s.title, s, diag, false));
    if (finding && isCheckable(finding)) own.push(numericAction(req.uri, finding, diag));
    const line = disableLineEdits(req.path, req.text, diag.range.start, ruleId);
    if (line) own.push(editAction(req, `Disable ${ruleId} for this line`, line.map((e) => offsetEdit(lines, e)), diag));
    actions.push(...own);
    if (!rulesDone.has(ruleId)) {
      rulesDone.add(ruleId);
      byRule.set(ruleId, perRuleActions(req, ruleId, lines, diag));
    }
  }
  // Per-rule actions (fix all, disable for file, docs) come after every diagnostic's own actions.
  for (const list of byRule.values()) actions.push(...list);
  return actions;
}

function perRuleActions(req: ActionRequest, ruleId: string, lines: LineMap, diag: Diagnostic): CodeAction[] {
  const out: CodeAction[] = [];
  const ruleFixes = safeFixesInFile(req, (f) => f.ruleId === ruleId);
  if (ruleFixes.length > 1) {
    out.push(editAction(req, `Fix all ${ruleId} problems`, nonOverlapping(ruleFixes)));
  }
  const fileEdits = disableFileEdits(req.path, req.text, ruleId);
  if (fileEdits) out.push(editAction(req, `Disable ${ruleId} for this file`, fileEdits.map((e) => offsetEdit(lines, e)), diag));
  const url = req.docs.url(ruleId);
  if (url) {
    out.push({
      title: `Show documentation for ${ruleId}`,
      kind: CodeActionKind.QuickFix,
      command: { title: `Show documentation for ${ruleId}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [url] },
    });
  }
  return out;
}

function fixAllAction(req: ActionRequest): CodeAction | undefined {
  const edits = nonOverlapping(safeFixesInFile(req, () => true));
  if (edits.length === 0) return undefined;
  return { title: 'Fix all auto-fixable logit-lint problems', kind: FIX_ALL_KIND, edit: workspaceEdit(req, edits) };
}

/** Edits of the safe fixes that touch only this document (fix-all never edits other files). */
function safeFixesInFile(req: ActionRequest, pick: (f: RangedFinding) => boolean): PlainEdit[][] {
  if (!req.report) return [];
  return req.report.findings
    .filter((f) => pick(f) && f.fix?.safe && f.fix.edits.every((e) => e.file === req.path))
    .map((f) => (f.fix as RangedFix).edits.map(plain));
}

/** Whole fixes whose edits overlap an earlier fix are left out (the next run offers them again). */
function nonOverlapping(fixes: PlainEdit[][]): PlainEdit[] {
  const taken: PlainEdit[] = [];
  const key = (p: { line: number; character: number }) => p.line * 1e7 + p.character;
  const overlaps = (a: PlainEdit, b: PlainEdit) =>
    key(a.range.start) < key(b.range.end) && key(b.range.start) < key(a.range.end)
    || (key(a.range.start) === key(b.range.start) && (key(a.range.end) === key(a.range.start) || key(b.range.end) === key(b.range.start)));
  for (const fix of fixes) {
    if (fix.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix);
  }
  return taken;
}

function findingFor(report: DocReport | undefined, diag: Diagnostic): RangedFinding | undefined {
  if (!report) return undefined;
  const i = report.diagnostics.findIndex((d) => d.code === diag.code && d.message === diag.message && sameRange(d.range, diag.range));
  return i >= 0 ? report.findings[i] : undefined;
}

function plain(e: Ranged<TextEdit>): PlainEdit {
  return { file: e.file, range: e.range, text: e.text };
}

function offsetEdit(lines: LineMap, e: TextEdit): PlainEdit {
  return { file: e.file, range: lines.range(e.start, e.end), text: e.text };
}

function fixAction(req: ActionRequest, title: string, fix: RangedFix, diag: Diagnostic, preferred: boolean): CodeAction {
  return { ...editAction(req, title, fix.edits.map(plain), diag), isPreferred: preferred };
}

function editAction(req: ActionRequest, title: string, edits: PlainEdit[], diag?: Diagnostic): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, ...(diag ? { diagnostics: [diag] } : {}), edit: workspaceEdit(req, edits) };
}

function workspaceEdit(req: ActionRequest, edits: PlainEdit[]): WorkspaceEdit {
  const byFile = new Map<string, PlainEdit[]>();
  for (const e of edits) byFile.get(e.file)?.push(e) ?? byFile.set(e.file, [e]);
  const uriOf = (file: string) => (file === req.path ? req.uri : (req.uriOf?.(file) ?? pathToUri(file)));
  const toLsp = (list: PlainEdit[]) => list.map((e) => ({ range: e.range, newText: e.text }));
  if (!req.documentChanges) {
    return { changes: Object.fromEntries([...byFile].map(([file, list]) => [uriOf(file), toLsp(list)])) };
  }
  return {
    documentChanges: [...byFile].map(([file, list]) => ({
      textDocument: { uri: uriOf(file), version: file === req.path ? req.version : (req.report?.analysedVersions[file] ?? null) },
      edits: toLsp(list),
    })),
  };
}
