// The VS Code extension's manifest and the client's vscode-free parts: one display name, which
// documents it syncs and activates on, the workspace-problems setting, the status item's counts.
const assert = require('node:assert/strict');
const pkg = require('../package.json');
const { SELECTOR, PATTERNS } = require('../out/client/selector');
const { problemCounts } = require('../out/client/problemCounts');

describe('client: manifest, selector, status counts', () => {
  it('one display name, "logit-lint", everywhere the manifest names the extension', () => {
    assert.equal(pkg.displayName, 'logit-lint');
    assert.equal(pkg.contributes.configuration.title, 'logit-lint');
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'logit-lint', c.command);
    // VS Code's settings editor shows a key's prefix as a category ("Logit Lint: Enable") unless it
    // matches the extension id without dashes (logit-lint.logit-lint -> logitlint): then it drops it.
    const idWithoutDashes = `${pkg.publisher}.${pkg.name}`.split('.').map((p) => p.replace(/-/g, '').toLowerCase());
    for (const key of Object.keys(pkg.contributes.configuration.properties)) {
      assert.ok(idWithoutDashes.includes(key.split('.')[0].toLowerCase()), `${key}: its prefix is trimmed, no "Logit Lint" category`);
    }
  });

  it('.vue, .svelte and .py by file pattern as well as by language; activation covers them', () => {
    assert.deepEqual(PATTERNS, ['**/*.{vue,svelte}', '**/*.py']);
    for (const pattern of PATTERNS) assert.ok(SELECTOR.some((s) => s.scheme === 'file' && s.pattern === pattern), pattern);
    for (const language of ['vue', 'svelte', 'python', 'javascript']) {
      assert.ok(SELECTOR.some((s) => s.language === language), language);
      assert.ok(pkg.activationEvents.includes(`onLanguage:${language}`), `onLanguage:${language}`);
    }
    // Without a Vue or Svelte extension such files open as plain text: the workspace's files activate it.
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.vue'));
    assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.svelte'));
  });

  it('logitLint.problems: workspace (default) or openFiles', () => {
    const p = pkg.contributes.configuration.properties['logitLint.problems'];
    assert.deepEqual(p.enum, ['workspace', 'openFiles']);
    assert.equal(p.default, 'workspace');
  });

  it('the status item counts logit-lint problems and the files they are in', () => {
    const ours = (n) => Array.from({ length: n }, () => ({ source: 'logit-lint' }));
    assert.equal(problemCounts([]), 'logit-lint: no problems');
    assert.equal(problemCounts([['a', ours(2)], ['b', [{ source: 'eslint' }]]]), 'logit-lint: 2 problems in 1 file');
    assert.equal(problemCounts([['a', ours(1)], ['b', [...ours(2), { source: 'ts' }]]]), 'logit-lint: 3 problems in 2 files');
    assert.equal(problemCounts([['a', ours(1)]]), 'logit-lint: 1 problem in 1 file');
  });
});
