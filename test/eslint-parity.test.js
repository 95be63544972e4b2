// ESLint with `configs.recommended` and the CLI must report the same findings for the same file:
// rule, severity, range, message, and the same edits (the CLI's safe fix and suggestions are the
// plugin's suggestions, in that order). Each file is given to the CLI alone, as ESLint sees it:
// both follow its imports from disk, neither sees the files that import it.
const assert = require('assert');
const path = require('path');
const { ESLint } = require('eslint');
const tsParser = require('@typescript-eslint/parser');
const plugin = require('../out/server/eslint/plugin');
const { runCli } = require('../out/server/cli/cli');

const ROOT = path.join(__dirname, '..');
const PATTERNS = [
  'fixtures/demo/*.js',
  'fixtures/projects/**/*.{js,mjs,cjs,ts}',
  'fixtures/rules/*/*.{js,mjs,cjs,ts}',
];

/** The CLI's JSON output for one file (the ESLint-shaped formatter). */
async function cliMessages(file) {
  let stdout = '';
  const io = { stdout: { write: (s) => (stdout += s) }, stderr: { write: () => {} }, cwd: ROOT, env: {} };
  const code = await runCli(['--no-config', '--format', 'json', file], io);
  assert.ok(code === 0 || code === 1, `CLI exit ${code} for ${file}`);
  const [entry] = JSON.parse(stdout);
  // The plugin offers the safe fix as its first suggestion; the CLI lists it apart, without a title.
  return entry.messages.map((m) => ({
    ...position(m, m.ruleId),
    edits: [...(m.fix ? [m.fix] : []), ...(m.suggestions ?? []).map((s) => s.fix)],
    // A fix the CLI leaves to the editor because files it did not lint import the file says why in
    // its title (cli.ts withinLinted); ESLint, one file at a time, has no such run to speak of.
    titles: (m.suggestions ?? []).map((s) => s.desc.replace(/ \(not applied by --fix: [^)]*\)$/, '')),
    safeFix: !!m.fix,
  }));
}

function eslintMessages(result, cli) {
  return result.messages.map((m, i) => {
    assert.ok(m.ruleId, `ESLint reported no rule for ${result.filePath}: ${m.message}`);
    const suggestions = m.suggestions ?? [];
    const safeFix = !!cli[i]?.safeFix;
    return {
      ...position(m, m.ruleId.replace(/^logit-lint\//, '')),
      edits: suggestions.map((s) => s.fix),
      titles: suggestions.slice(safeFix ? 1 : 0).map((s) => s.desc),
      safeFix,
    };
  });
}

function position(m, ruleId) {
  return { ruleId, severity: m.severity, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, message: m.message };
}

describe('eslint plugin: the same findings as the CLI', function () {
  this.timeout(60000);

  it('for fixtures in JS and TypeScript, one file at a time', async () => {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.{js,mjs,cjs,ts}'], ...plugin.configs.recommended },
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      ],
    });
    const results = await eslint.lintFiles(PATTERNS);
    assert.ok(results.length >= 100, `${results.length} files linted`);
    let findings = 0;
    let withEdits = 0;
    let inTs = 0;
    for (const result of results) {
      const cli = await cliMessages(result.filePath);
      assert.deepStrictEqual(eslintMessages(result, cli), cli, path.relative(ROOT, result.filePath));
      findings += cli.length;
      withEdits += cli.filter((m) => m.edits.length).length;
      if (result.filePath.endsWith('.ts')) inTs += cli.length;
    }
    // The comparison means something only if there was plenty to compare.
    assert.ok(findings >= 60, `${findings} findings`);
    assert.ok(withEdits >= 30, `${withEdits} findings with edits`);
    assert.ok(inTs >= 10, `${inTs} findings in TypeScript files`);
  });
});
