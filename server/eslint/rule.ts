// One engine rule as an ESLint rule. The engine parses the file itself (it needs TypeScript's
// tree and the imported files), so the ESLint parser only has to agree on the text: findings are
// placed by their offsets through sourceCode, which turns them into ESLint's 0-based columns.
// Every engine fix, safe or not, becomes a suggestion: ESLint applies those one at a time on request,
// never in bulk, which is how the issue asks ESLint users to receive them.
import type { Rule, SourceCode } from 'eslint';
import type { Finding, Fix, RuleMeta } from '../../rules';
import { mergedEdit } from '../formatters/common';
import { lintFile } from './engine-run';
import { readSettings } from './settings';

export const MESSAGE_ID = 'finding';

export function eslintRule(meta: RuleMeta): Rule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: meta.description, url: meta.docsUrl, recommended: true },
      messages: { [MESSAGE_ID]: '{{ message }}' },
      hasSuggestions: true,
      schema: [],
    },
    create(context) {
      return {
        Program() {
          const sourceCode = context.sourceCode;
          const run = lintFile({
            filename: context.filename,
            cwd: context.cwd,
            text: sourceCode.text,
            tfModules: readSettings(context).tfModules,
            typescript: isTypeScriptParser(context),
          });
          for (const finding of run.findings) {
            if (finding.ruleId !== meta.id) continue;
            context.report({
              messageId: MESSAGE_ID,
              data: { message: finding.message },
              loc: { start: sourceCode.getLocFromIndex(finding.location.start), end: sourceCode.getLocFromIndex(finding.location.end) },
              suggest: suggestions(finding, run.enginePath, sourceCode),
            });
          }
        },
      };
    },
  };
}

/** The safe fix first, then the alternatives; fixes that edit another file cannot be offered. */
function suggestions(finding: Finding, file: string, sourceCode: SourceCode): Rule.SuggestionReportDescriptor[] {
  const out: Rule.SuggestionReportDescriptor[] = [];
  const fixes: Fix[] = [...(finding.fix ? [finding.fix] : []), ...finding.suggestions];
  for (const fix of fixes) {
    const edit = mergedEdit(fix, file, sourceCode.text);
    // ESLint requires distinct descriptions within one report.
    if (!edit || out.some((s) => 'desc' in s && s.desc === fix.title)) continue;
    out.push({ desc: fix.title, fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text) });
  }
  return out;
}

/** typescript-eslint's parser, or one that says it is TypeScript. */
function isTypeScriptParser(context: Rule.RuleContext): boolean {
  const parser = context.languageOptions?.parser as { meta?: { name?: string } } | undefined;
  return /typescript/i.test(parser?.meta?.name ?? '');
}
