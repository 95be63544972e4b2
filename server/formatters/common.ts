// What every formatter shares: the report model (findings grouped per file, counted), path
// relativisation, rule metadata lookup, reading the rule docs pages, and position conversions.
// Formatters are pure functions of a Report, so tests feed them hand-made reports.
import * as fs from 'fs';
import * as path from 'path';
import type { FileProblem, Finding, Fix, Location, RelatedLocation, RuleMeta } from '../../rules';

export const HOMEPAGE = 'https://github.com/logit-lint/logit-lint';

/** One reported message: a finding, or (ruleId null) an unused suppression directive or a parsing
 *  error (`fatal`, as ESLint reports them). */
export interface Message {
  ruleId: string | null;
  fatal?: boolean;
  severity: 'warn' | 'error';
  message: string;
  location: Location;
  related: RelatedLocation[];
  fix?: Fix;
  suggestions: Fix[];
}

export interface FileReport {
  /** Absolute path. */
  file: string;
  messages: Message[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export interface Report {
  /** Directory paths are shown relative to (stylish, rdjson). */
  cwd: string;
  /** Repository root: SARIF, GitHub annotations and PR comments use repo-relative paths. */
  root: string;
  /** Every linted file, sorted by path; clean files have no messages. */
  files: FileReport[];
  /** Files that could not be analysed (syntax errors are messages of their file instead). */
  problems: FileProblem[];
  rules: RuleMeta[];
  version: string;
  /** Text of each file as linted, for byte columns, fingerprints and fixes. */
  texts: ReadonlyMap<string, string>;
  /** The markdown of a rule's docs page, or undefined when there is none. */
  docs(meta: RuleMeta): string | undefined;
}

export interface UnusedDirective {
  file: string;
  line: number;
  column: number;
  rules: string[];
}

export interface ReportInput {
  findings: Finding[];
  files: string[];
  problems?: FileProblem[];
  unusedDirectives?: UnusedDirective[];
  texts?: ReadonlyMap<string, string>;
  cwd: string;
  root?: string;
  rules: RuleMeta[];
  version: string;
  docs?: (meta: RuleMeta) => string | undefined;
}

export function buildReport(input: ReportInput): Report {
  const texts = input.texts ?? new Map<string, string>();
  const byFile = new Map<string, Message[]>();
  for (const f of input.files) byFile.set(f, []);
  const add = (m: Message) => {
    const list = byFile.get(m.location.file) ?? [];
    list.push(m);
    byFile.set(m.location.file, list);
  };
  for (const f of input.findings) add({ ruleId: f.ruleId, severity: f.severity, message: f.message, location: f.location, related: f.related, fix: f.fix, suggestions: f.suggestions });
  for (const d of input.unusedDirectives ?? []) add(unusedDirectiveMessage(d, texts.get(d.file)));
  for (const p of input.problems ?? []) if (p.fatal) add(parsingErrorMessage(p, texts.get(p.file)));
  const files = [...byFile.keys()].sort().map((file) => countFile(file, byFile.get(file)!.sort(byPosition)));
  return {
    cwd: input.cwd,
    root: input.root ?? input.cwd,
    files,
    problems: (input.problems ?? []).filter((p) => !p.fatal),
    rules: input.rules,
    version: input.version,
    texts,
    docs: input.docs ?? readRuleDoc,
  };
}

function unusedDirectiveMessage(d: UnusedDirective, text: string | undefined): Message {
  const which = d.rules.length ? ` (no problems were reported from ${d.rules.map((r) => `'${r}'`).join(', ')})` : ' (no problems were reported)';
  const start = text === undefined ? 0 : offsetAt(text, d.line, d.column);
  return {
    ruleId: null,
    severity: 'error',
    message: `Unused logit-lint-disable directive${which}.`,
    location: { file: d.file, start, end: start, line: d.line, column: d.column, endLine: d.line, endColumn: d.column },
    related: [],
    suggestions: [],
  };
}

/** A syntax error, as ESLint reports one: no rule, fatal, severity 2, at the error's position. */
function parsingErrorMessage(p: FileProblem, text: string | undefined): Message {
  const line = p.line ?? 1;
  const column = p.column ?? 1;
  const start = text === undefined ? 0 : offsetAt(text, line, column);
  return {
    ruleId: null,
    fatal: true,
    severity: 'error',
    message: p.message,
    location: { file: p.file, start, end: start, line, column, endLine: line, endColumn: column },
    related: [],
    suggestions: [],
  };
}

/** What a message is, for formats that need a code: its rule, or what a rule-less message is. */
export function messageCode(m: Message): string {
  return m.ruleId ?? (m.fatal ? 'parsing-error' : 'unused-disable-directive');
}

function byPosition(a: Message, b: Message): number {
  return a.location.line - b.location.line || a.location.column - b.location.column || String(a.ruleId).localeCompare(String(b.ruleId));
}

function countFile(file: string, messages: Message[]): FileReport {
  const r: FileReport = { file, messages, errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const m of messages) {
    if (m.fatal) r.fatalErrorCount++;
    if (m.severity === 'error') {
      r.errorCount++;
      if (m.fix) r.fixableErrorCount++;
    } else {
      r.warningCount++;
      if (m.fix) r.fixableWarningCount++;
    }
  }
  return r;
}

export interface Totals {
  errors: number;
  warnings: number;
  fixableErrors: number;
  fixableWarnings: number;
  filesWithMessages: number;
}

export function totals(report: Report): Totals {
  const t: Totals = { errors: 0, warnings: 0, fixableErrors: 0, fixableWarnings: 0, filesWithMessages: 0 };
  for (const f of report.files) {
    t.errors += f.errorCount;
    t.warnings += f.warningCount;
    t.fixableErrors += f.fixableErrorCount;
    t.fixableWarnings += f.fixableWarningCount;
    if (f.messages.length) t.filesWithMessages++;
  }
  return t;
}

/** "1 error" / "2 warnings" / "2 fixes". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Path relative to `base` with forward slashes; absolute when it lies outside `base`. */
export function relativePath(base: string, file: string): string {
  const rel = path.relative(base, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

export function isInside(base: string, file: string): boolean {
  const rel = path.relative(base, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function ruleMeta(report: Report, ruleId: string | null): RuleMeta | undefined {
  return ruleId === null ? undefined : report.rules.find((r) => r.id === ruleId);
}

/** The repository root above `dir` (a folder holding .git), or undefined. */
export function findRepoRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The installed logit-lint package folder (holds package.json and rules/docs). */
export function packageRoot(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'logit-lint') return d;
    } catch {
      // no package.json here: keep walking up
    }
    if (path.dirname(d) === d) return path.resolve(__dirname, '..', '..', '..');
  }
}

export function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const docsCache = new Map<string, string | undefined>();

/** Reads rules/docs/<id>.md from the package at run time; a missing page is not an error. */
export function readRuleDoc(meta: RuleMeta): string | undefined {
  if (!docsCache.has(meta.id)) {
    let text: string | undefined;
    try {
      text = fs.readFileSync(path.join(packageRoot(), meta.docsPath || `rules/docs/${meta.id}.md`), 'utf8');
    } catch {
      text = undefined;
    }
    docsCache.set(meta.id, text);
  }
  return docsCache.get(meta.id);
}

/** The first paragraph of a `## <heading>` section of a docs page (heading matched by prefix). */
export function docSection(markdown: string | undefined, heading: string): string | undefined {
  if (!markdown) return undefined;
  const lines = markdown.split(/\r?\n/);
  const at = lines.findIndex((l) => /^#{1,3}\s/.test(l) && l.replace(/^#+\s*/, '').toLowerCase().startsWith(heading.toLowerCase()));
  if (at < 0) return undefined;
  const para: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (/^#{1,6}\s/.test(l) || l.startsWith('```')) break;
    if (l.trim() === '') {
      if (para.length) break;
      continue;
    }
    para.push(l.trim());
  }
  return para.length ? para.join(' ') : undefined;
}

/** 0-based UTF-16 offset of a 1-based line/column in `text` (clamped to the text). */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** 1-based line and 1-based UTF-8 byte column of a UTF-16 offset (what reviewdog expects). */
export function bytePosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: Buffer.byteLength(before.slice(lineStart), 'utf8') + 1 };
}

/** The text of a 1-based line, without its line break. */
export function lineText(text: string | undefined, line: number): string {
  if (text === undefined) return '';
  return text.split('\n')[line - 1]?.replace(/\r$/, '') ?? '';
}

/**
 * A fix as one replacement of `text` in `file` (ESLint's `{ range, text }` shape): edits are merged
 * into the span from the first to the last. Undefined when an edit touches another file or the
 * text is not known.
 */
export function mergedEdit(fix: Fix, file: string, text: string | undefined): { range: [number, number]; text: string } | undefined {
  if (text === undefined || fix.edits.length === 0 || fix.edits.some((e) => e.file !== file)) return undefined;
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const start = edits[0].start;
  const end = Math.max(...edits.map((e) => e.end));
  let replaced = '';
  let at = start;
  for (const e of edits) {
    if (e.start < at) return undefined; // overlapping edits cannot be merged faithfully
    replaced += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return { range: [start, end], text: replaced + text.slice(at, end) };
}
