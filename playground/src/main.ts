// The playground page: pickers (framework, example), the editor, findings as you type from the engine's
// Web Worker, the problems list, fixes, the numeric check and the share link. Timings the browser
// test reads are on window.playground.
import type { Diagnostic } from '@codemirror/lint';
import type { FileProblem, Finding, Fix, RuleMeta, TextEdit } from '../../rules/index';
import { CheckPanel } from './check-panel';
import { ProjectEditor } from './editor';
import { findingKey, renderProblems, type ProblemActions } from './problems';
import { ROOT, type Example, type Examples, type LintReply, type LintRequest, type SourceFile } from './protocol';
import { decodeShare, encodeShare, type SelectedFinding, type SharedState } from './share';
import EXAMPLES from 'virtual:examples';

const data = EXAMPLES as Examples;
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const frameworkPicker = byId<HTMLSelectElement>('framework');
const examplePicker = byId<HTMLSelectElement>('example');
const tabs = byId<HTMLElement>('tabs');
const problemList = byId<HTMLElement>('problems');
const status = byId<HTMLElement>('status');
const shareUrl = byId<HTMLInputElement>('share-url');

/** For the browser test and for anyone curious: ms since navigation start, and per edit. */
const timings = { workerCreatedMs: NaN, workerLoadMs: NaN, workerReadyMs: NaN, firstDiagnosticsMs: NaN, editLatenciesMs: [] as number[], lintMs: [] as number[] };
const playground = {
  timings,
  generation: 0,
  shownGeneration: 0,
  files: (): SourceFile[] => editor.files(),
  selectedText: (): string => editor.view.state.sliceDoc(editor.view.state.selection.main.from, editor.view.state.selection.main.to),
};
(window as unknown as { playground: typeof playground }).playground = playground;

let framework = data.frameworks[0]?.id ?? '';
let exampleId: string | undefined;
let rules = new Map<string, RuleMeta>();
let latest: { id: number; findings: Finding[]; problems: FileProblem[] } | undefined;
let selectedKey: string | undefined;
let pendingSelection: SelectedFinding | undefined;
const editTimes = new Map<number, number>();

const editor = new ProjectEditor(byId('editor'), requestLint);
const checks = new CheckPanel(byId('report'), byId('check-progress'));
// index.html started the worker already (see there); what it said meanwhile is handled first.
const early = window as unknown as { lintWorker?: Worker; lintEarly?: LintReply[]; lintWorkerCreated?: number };
timings.workerCreatedMs = early.lintWorkerCreated ?? performance.now();
const lintWorker = early.lintWorker ?? new Worker('lint-worker.js');
lintWorker.onmessage = (event: MessageEvent<LintReply>) => onLintReply(event.data);
for (const m of early.lintEarly?.splice(0) ?? []) onLintReply(m);

function requestLint(): void {
  const id = ++playground.generation;
  editTimes.set(id, performance.now());
  const request: LintRequest = { id, files: editor.files() };
  lintWorker.postMessage(request);
}

function onLintReply(m: LintReply): void {
  if (m.kind === 'ready') {
    rules = new Map(m.rules.map((r) => [r.id, r]));
    timings.workerReadyMs = performance.now();
    timings.workerLoadMs = m.loadMs; // fetch, compile and start-up of the engine, as the worker saw it
    return;
  }
  if (m.id !== playground.generation) return; // a newer edit is being linted
  if (m.kind === 'error') {
    status.textContent = `The engine failed: ${m.message}`;
    return;
  }
  latest = { id: m.id, findings: m.findings.map(relativeFinding), problems: m.problems.map((p) => ({ ...p, file: relative(p.file) })) };
  const now = performance.now();
  if (Number.isNaN(timings.firstDiagnosticsMs)) timings.firstDiagnosticsMs = now;
  else timings.editLatenciesMs.push(now - (editTimes.get(m.id) ?? now));
  timings.lintMs.push(m.lintMs);
  editTimes.clear();
  if (pendingSelection) {
    const wanted = pendingSelection;
    pendingSelection = undefined;
    const found = latest.findings.find((f) => f.ruleId === wanted.ruleId && f.location.file === wanted.file && f.location.line === wanted.line);
    if (found) selectFinding(found);
  }
  showFindings();
  const n = latest.findings.length;
  status.textContent = `${n} finding${n === 1 ? '' : 's'} \u00b7 linted in ${m.lintMs.toFixed(0)} ms`;
  playground.shownGeneration = m.id;
  document.body.dataset.shownGeneration = String(m.id);
}

// The engine reports absolute paths under ROOT; the page speaks in tab names.
const relative = (file: string) => (file.startsWith(ROOT) ? file.slice(ROOT.length) : file);
const relativeEdits = (edits: TextEdit[]) => edits.map((e) => ({ ...e, file: relative(e.file) }));
const relativeFix = (fix: Fix): Fix => ({ ...fix, edits: relativeEdits(fix.edits) });
function relativeFinding(f: Finding): Finding {
  return {
    ...f,
    location: { ...f.location, file: relative(f.location.file) },
    related: f.related.map((r) => ({ ...r, file: relative(r.file) })),
    fix: f.fix && relativeFix(f.fix),
    suggestions: f.suggestions.map(relativeFix),
  };
}

const actions: ProblemActions = {
  select: (finding) => {
    selectFinding(finding);
    showFindings();
  },
  reveal: (file, start, end) => {
    editor.reveal(file, start, end);
    showFindings();
  },
  fix: applyFix,
  check: (finding) => {
    selectFinding(finding);
    showFindings();
    void checks.run(finding);
  },
};

function selectFinding(f: Finding): void {
  selectedKey = findingKey(f);
  editor.reveal(f.location.file, f.location.start, f.location.end);
}

function applyFix(f: Finding, fix: Fix): void {
  // Offsets are into the texts that were linted: a fix from an older result would land in the wrong place.
  if (!latest || latest.id !== playground.generation || !latest.findings.includes(f)) return;
  editor.applyEdits(fix.edits);
}

function toDiagnostic(f: Finding): Diagnostic {
  const related = f.related.map((r) => `\n\u2022 ${r.file}:${r.line}: ${r.message}`).join('');
  return {
    from: f.location.start,
    to: f.location.end,
    severity: f.severity === 'warn' ? 'warning' : 'error',
    source: f.ruleId,
    message: f.message + related,
    actions: [...(f.fix ? [f.fix] : []), ...f.suggestions].map((fix) => ({ name: fix.title, apply: () => applyFix(f, fix) })),
  };
}

function showFindings(): void {
  renderTabs();
  if (!latest || latest.id !== playground.generation) return;
  editor.setDiagnostics(latest.findings.filter((f) => f.location.file === editor.active).map(toDiagnostic));
  renderProblems(problemList, latest.findings, latest.problems, rules, selectedKey, actions);
  byId('problem-count').textContent = String(latest.findings.length + latest.problems.length);
}

function renderTabs(): void {
  const counts = new Map<string, number>();
  for (const f of latest?.findings ?? []) counts.set(f.location.file, (counts.get(f.location.file) ?? 0) + 1);
  tabs.replaceChildren(...editor.names.map((name) => {
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.className = `tab${name === editor.active ? ' active' : ''}`;
    tab.textContent = counts.get(name) ? `${name} (${counts.get(name)})` : name;
    tab.dataset.file = name;
    tab.addEventListener('click', () => {
      editor.show(name);
      showFindings();
    });
    return tab;
  }));
}

function fillPickers(): void {
  frameworkPicker.replaceChildren(...data.frameworks.map((f) => new Option(f.label, f.id, false, f.id === framework)));
  const groups = new Map<string, Example[]>();
  for (const e of data.examples.filter((x) => x.framework === framework)) groups.set(e.rule ?? '', [...(groups.get(e.rule ?? '') ?? []), e]);
  examplePicker.replaceChildren(...[...groups].map(([rule, examples]) => {
    const options = examples.map((e) => new Option(e.title, e.id, false, e.id === exampleId));
    if (!rule) return options[0];
    const group = document.createElement('optgroup');
    group.label = rule;
    group.append(...options);
    return group;
  }));
  if (!exampleId) examplePicker.value = '';
}

function load(files: SourceFile[], active: string): void {
  checks.stop();
  selectedKey = undefined;
  latest = undefined;
  editor.load(files, active);
  showFindings();
  problemList.replaceChildren();
}

function loadExample(id: string | undefined): void {
  const example = data.examples.find((e) => e.id === id) ?? data.examples.find((e) => e.framework === framework);
  if (!example) return;
  framework = example.framework;
  exampleId = example.id;
  fillPickers();
  load(example.files, example.files[0].name);
}

function restore(shared: SharedState): void {
  framework = data.frameworks.some((f) => f.id === shared.framework) ? shared.framework : framework;
  exampleId = data.examples.some((e) => e.id === shared.example) ? shared.example : undefined;
  fillPickers();
  pendingSelection = shared.selected;
  load(shared.files, shared.active);
}

function share(): void {
  const selected = latest?.findings.find((f) => findingKey(f) === selectedKey);
  const state: SharedState = {
    framework,
    example: exampleId,
    files: editor.files(),
    active: editor.active,
    selected: selected && { ruleId: selected.ruleId, file: selected.location.file, line: selected.location.line },
  };
  const url = `${location.origin}${location.pathname}${encodeShare(state)}`;
  history.replaceState(null, '', url);
  shareUrl.value = url;
  shareUrl.hidden = false;
  shareUrl.select();
  void navigator.clipboard?.writeText(url).catch(() => undefined);
}

frameworkPicker.addEventListener('change', () => {
  framework = frameworkPicker.value;
  exampleId = undefined;
  loadExample(undefined);
});
examplePicker.addEventListener('change', () => loadExample(examplePicker.value));
byId('share').addEventListener('click', share);
window.addEventListener('hashchange', () => {
  const shared = decodeShare(location.hash);
  if (shared) restore(shared);
});

const shared = decodeShare(location.hash);
if (shared) restore(shared);
else loadExample(data.examples[0]?.id);
