// GitHub Actions workflow commands (`::error file=…::message`), one per message, escaped as the
// runner expects. Annotations are capped per step, so when GITHUB_STEP_SUMMARY is set the full
// markdown summary is appended there too.
import * as fs from 'fs';
import { Report, messageCode, relativePath, ruleMeta } from './common';
import { formatMarkdown } from './markdown';

/** Escapes a command's message: `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: the message escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: Report): string {
  let out = '';
  for (const f of report.files) {
    for (const m of f.messages) {
      const loc = m.location;
      const props: Array<[string, string | number]> = [
        ['file', relativePath(report.root, f.file)],
        ['line', loc.line],
        ['endLine', loc.endLine],
        ['col', loc.column],
        ['endColumn', loc.endColumn],
        ['title', `logit-lint(${messageCode(m)})`],
      ];
      const url = ruleMeta(report, m.ruleId)?.docsUrl;
      const body = url ? `${m.message}\n${url}` : m.message;
      const command = m.severity === 'error' ? 'error' : 'warning';
      out += `::${command} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(body)}\n`;
    }
  }
  return out;
}

/** Appends the markdown summary to $GITHUB_STEP_SUMMARY when it is set. Returns an error message on failure. */
export function writeStepSummary(report: Report, env: NodeJS.ProcessEnv): string | undefined {
  const target = env.GITHUB_STEP_SUMMARY;
  if (!target) return undefined;
  try {
    fs.appendFileSync(target, formatMarkdown(report) + '\n');
    return undefined;
  } catch (e) {
    return `cannot write the step summary to ${target}: ${(e as Error).message}`;
  }
}
