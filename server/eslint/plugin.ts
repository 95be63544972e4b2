// `logit-lint/eslint`: the rules as an ESLint flat-config plugin.
//
//   // eslint.config.js
//   const logitLint = require('logit-lint/eslint');
//   module.exports = [logitLint.configs.recommended];
//
// Exported with `export =` so that require() returns the plugin itself, and `import x from` in an
// ES module gets it as the default export.
import type { ESLint, Linter, Rule } from 'eslint';
import { ruleMetas } from '../../rules';
import { packageVersion } from '../formatters/common';
import { eslintRule } from './rule';

const NAMESPACE = 'logit-lint';

const rules: Record<string, Rule.RuleModule> = Object.fromEntries(ruleMetas.map((meta) => [meta.id, eslintRule(meta)]));

const recommended: Linter.Config = {
  name: `${NAMESPACE}/recommended`,
  plugins: {},
  // The engine's default severities, as the CLI uses them.
  rules: Object.fromEntries(ruleMetas.map((meta) => [`${NAMESPACE}/${meta.id}`, meta.defaultSeverity])),
};

const plugin = {
  meta: { name: NAMESPACE, version: packageVersion(), namespace: NAMESPACE },
  rules,
  configs: { recommended },
} satisfies ESLint.Plugin;

// The config refers to the plugin object it belongs to (ESLint compares plugins by identity).
recommended.plugins = { [NAMESPACE]: plugin };

export = plugin;
