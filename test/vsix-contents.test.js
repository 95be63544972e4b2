// The .vsix: `vsce ls` lists exactly the files .vscodeignore lets through, and `vsce package` (as
// `npm run package` runs it, with the license check on) writes a package with the Marketplace
// metadata and a README whose relative links point into the repository.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { readZip } = require('./helpers/zip');

const REPO = path.join(__dirname, '..');
const pkg = require('../package.json');
const VSCE = path.join(REPO, 'node_modules', '.bin', 'vsce');

/**
 * What the .vsix ships besides the rule docs: the esbuild bundles (esbuild.js), the Python parser's
 * WebAssembly that esbuild copies beside them, and the files users read.
 */
const VSIX_FILES = [
  'dist/extension.js',
  'dist/server.js',
  'dist/analysis-worker.js',
  'dist/check-worker.js',
  'dist/tree-sitter.wasm',
  'dist/tree-sitter-python.wasm',
  'images/icon.png',
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

function expectedFiles() {
  const docs = fs.readdirSync(path.join(REPO, 'rules', 'docs')).map((f) => `rules/docs/${f}`);
  return [...VSIX_FILES, ...docs].sort();
}

describe('VS Code extension package (.vsix)', function () {
  this.timeout(180000);
  let tmp;

  before(() => {
    // The production bundles, as `npm run package` builds them.
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: REPO, stdio: 'pipe' });
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-vsix-')));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('vsce ls lists exactly the expected files', () => {
    const listed = execFileSync(VSCE, ['ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter((l) => l.trim());
    assert.deepStrictEqual(listed.sort(), expectedFiles());
  });

  it('the icon is a 128x128 PNG', () => {
    const png = fs.readFileSync(path.join(REPO, pkg.icon));
    assert.strictEqual(png.subarray(1, 4).toString(), 'PNG');
    assert.deepStrictEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('vsce package (license check on) writes the Marketplace metadata and absolute README links', () => {
    assert.doesNotMatch(pkg.scripts.package, /--skip-license/);
    const vsix = path.join(tmp, 'logit-lint.vsix');
    execFileSync(VSCE, ['package', '--no-dependencies', '--out', vsix], { cwd: REPO, stdio: 'pipe' });
    const entries = readZip(vsix);
    const manifest = entries['extension.vsixmanifest'].toString('utf8');
    assert.match(manifest, /<License>extension\/LICENSE\.txt<\/License>/);
    assert.match(manifest, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(manifest, /<Property Id="Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#16213E" \/>/);
    assert.match(manifest, /<Categories>Linters<\/Categories>/);
    assert.match(manifest, /<Property Id="Microsoft\.VisualStudio\.Services\.Links\.Support" Value="https:\/\/github\.com\/logit-lint\/logit-lint\/issues" \/>/);
    assert.match(entries['extension/LICENSE.txt'].toString('utf8'), /^MIT License/);
    // The Marketplace page shows the packaged README: relative links must have become absolute.
    const readme = entries['extension/readme.md'].toString('utf8');
    const relative = [...readme.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1]).filter((u) => !/^(https?:|#|mailto:)/.test(u));
    assert.deepStrictEqual(relative, []);
    assert.match(readme, /\]\(https:\/\/github\.com\/logit-lint\/logit-lint\/blob\/HEAD\/docs\/ci\.md\)/);
    assert.match(readme, /\]\(https:\/\/github\.com\/logit-lint\/logit-lint\/raw\/HEAD\/docs\/screenshot\.png\)/);
  });
});
