// SARIF 2.1.0 for GitHub code scanning. Paths are repo-relative under %SRCROOT%; every rule's help
// comes from its docs page; the fingerprint is ours (rule + path + the line's text + occurrence), so
// an alert survives code moving up or down; `primaryLocationLineHash` is left to the upload action.
import { createHash } from 'crypto';
import { pathToFileURL } from 'url';
import type { Location, RuleMeta } from '../../rules';
import { HOMEPAGE, Report, docSection, isInside, lineText, relativePath } from './common';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT_KEY = 'logitLint/v1';

// Unused suppression comments are results too; code scanning wants a rule for every ruleId.
const UNUSED_DIRECTIVE = 'unused-disable-directive';
const unusedDirectiveRule = {
  id: UNUSED_DIRECTIVE,
  name: 'UnusedDisableDirective',
  shortDescription: { text: 'A logit-lint-disable comment suppresses nothing.' },
  fullDescription: { text: 'A logit-lint-disable comment suppresses nothing: the problem it was written for is gone, so the comment can go too.' },
  help: { text: 'Remove the comment, or the rule ids in it that no longer report anything.', markdown: 'Remove the comment, or the rule ids in it that no longer report anything.' },
  helpUri: HOMEPAGE,
  defaultConfiguration: { level: 'error' },
};

export function formatSarif(report: Report): string {
  const rules: object[] = report.rules.map((r) => sarifRule(r, report.docs(r)));
  if (report.files.some((f) => f.messages.some((m) => m.ruleId === null && !m.fatal))) rules.push(unusedDirectiveRule);
  const ruleIndex = new Map([...report.rules.map((r) => r.id as string), UNUSED_DIRECTIVE].map((id, i) => [id, i]));
  const seen = new Map<string, number>();
  // Parsing errors are not results about the code but about the run: notifications, as ESLint's
  // SARIF formatter reports them.
  const fatal = report.files.flatMap((f) => f.messages.filter((m) => m.fatal));
  const results = report.files.flatMap((f) =>
    f.messages.filter((m) => !m.fatal).map((m) => {
      const ruleId = m.ruleId ?? UNUSED_DIRECTIVE;
      const base = `${ruleId}\u0000${relativePath(report.root, f.file)}\u0000${lineText(report.texts.get(f.file), m.location.line).replace(/\s+/g, ' ').trim()}`;
      const hash = createHash('sha256').update(base).digest('hex').slice(0, 32);
      const occurrence = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, occurrence);
      return {
        ruleId,
        ...(ruleIndex.has(ruleId) ? { ruleIndex: ruleIndex.get(ruleId) } : {}),
        level: m.severity === 'error' ? 'error' : 'warning',
        message: { text: m.message },
        locations: [{ physicalLocation: physical(report, m.location) }],
        ...(m.related.length
          ? { relatedLocations: m.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(report, r) })) }
          : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${occurrence}` },
      };
    }),
  );
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'logit-lint',
            version: report.version,
            semanticVersion: report.version,
            informationUri: HOMEPAGE,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(report.root) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...fatal.map((m) => ({
                level: 'error',
                message: { text: m.message },
                locations: [{ physicalLocation: { artifactLocation: artifact(report, m.location.file), region: { startLine: m.location.line, startColumn: m.location.column } } }],
              })),
              ...report.problems.map((p) => ({
                level: 'warning',
                message: { text: p.message },
                locations: [{ physicalLocation: { artifactLocation: artifact(report, p.file), ...(p.line ? { region: { startLine: p.line, ...(p.column ? { startColumn: p.column } : {}) } } : {}) } }],
              })),
            ],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function sarifRule(r: RuleMeta, doc: string | undefined) {
  const full = docSection(doc, 'What it does') ?? r.description;
  const markdown = doc ?? `${r.description}\n\nSee ${r.docsUrl}`;
  return {
    id: r.id,
    name: r.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: full },
    help: { text: plainText(markdown), markdown },
    helpUri: r.docsUrl,
    defaultConfiguration: { level: r.defaultSeverity === 'error' ? 'error' : 'warning' },
    properties: { tags: ['correctness', 'tensorflow.js'], precision: 'high', 'problem.severity': r.defaultSeverity === 'error' ? 'error' : 'warning' },
  };
}

/** Markdown read as text: headings and fences lose their markers, the words stay. */
function plainText(markdown: string): string {
  return markdown
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('```'))
    .map((l) => l.replace(/^#{1,6}\s+/, ''))
    .join('\n')
    .trim();
}

function physical(report: Report, loc: Location) {
  return {
    artifactLocation: artifact(report, loc.file),
    region: { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: Math.max(loc.endColumn, loc.endLine === loc.line ? loc.column : 1) },
  };
}

function artifact(report: Report, file: string) {
  // Inside the repository: relative to %SRCROOT%, as code scanning requires. Outside: an absolute URI.
  if (isInside(report.root, file)) return { uri: encodePath(relativePath(report.root, file)), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(file).href };
}

/** Percent-encodes what a URI path may not hold (spaces, #, ?, %, non-ASCII), keeping `/`. */
function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%40/g, '@').replace(/%2B/g, '+'))
    .join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
