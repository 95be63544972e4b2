// The --format registry: name -> function of a Report.
import type { Report } from './common';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatRdjson } from './rdjson';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

export interface FormatOptions {
  /** ANSI colour (stylish only). */
  color: boolean;
}

export const formatters: Record<string, (report: Report, opts: FormatOptions) => string> = {
  stylish: (r, o) => formatStylish(r, { color: o.color }),
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  rdjson: formatRdjson,
  markdown: formatMarkdown,
};

export const formatNames = Object.keys(formatters);

export { buildReport, totals } from './common';
export type { Report, ReportInput, Message, FileReport } from './common';
