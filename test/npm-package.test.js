// The npm package as a user gets it: `npm pack` ships only what runs and what users read
// (.npmignore is an allow-list), and the tarball installed into an empty folder from the registry
// runs `npx logit-lint` and `logit-lint-server --stdio`. Prints the tarball's size and install time.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { LspTestClient } = require('./lsp-test-client');
const { packedTarball, NPM_ENV, REPO } = require('./helpers/packed-tarball');

const pkg = require('../package.json');

/** Paths a packed file may have: compiled code, rule docs, and the files users read. */
const ALLOWED = [/^out\/(rules|server)\/.+\.js$/, /^rules\/docs\/[^/]+\.md$/, /^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/];

describe('npm package', function () {
  this.timeout(300000);
  let tmp;
  let packed; // npm pack --json's entry
  let tarball;
  let app; // the empty folder the tarball is installed into

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-npm-')));
    ({ file: tarball, info: packed } = packedTarball());
    console.log(`      tarball ${packed.filename}: ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${packed.entryCount} files`);
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('ships only compiled code, the rule docs, README, LICENSE and CHANGELOG', () => {
    const files = packed.files.map((f) => f.path);
    const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepStrictEqual(stray, []);
    for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) assert.ok(files.includes(f), `${f} missing`);
    // Every file the package names as an entry point, every rule's docs page, the worker scripts.
    const entries = [...Object.values(pkg.bin), ...Object.values(pkg.exports)].map((p) => path.posix.normalize(p));
    const docs = fs.readdirSync(path.join(REPO, 'rules', 'docs')).map((f) => `rules/docs/${f}`);
    const workers = ['out/server/cli/lint-worker.js', 'out/server/check/worker.js', 'out/server/lsp/analysis-worker.js'];
    for (const f of [...entries, ...docs, ...workers]) assert.ok(files.includes(f), `${f} missing`);
    // Every compiled file of the engine and the server is there (nothing of them left behind).
    const compiled = [];
    const walk = (dir) => {
      for (const e of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (rel.endsWith('.js')) compiled.push(rel);
      }
    };
    walk('out/rules');
    walk('out/server');
    assert.deepStrictEqual(compiled.filter((f) => !files.includes(f)), []);
  });

  describe('installed from the tarball into an empty folder', () => {
    before(() => {
      app = path.join(tmp, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "logit-lint-user", "private": true }\n');
      const t0 = Date.now();
      const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app, env: NPM_ENV, encoding: 'utf8', timeout: 280000 });
      assert.strictEqual(r.status, 0, `npm install failed:\n${r.stderr}`);
      console.log(`      npm install <tarball>: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      fs.mkdirSync(path.join(app, 'src'));
      fs.copyFileSync(path.join(REPO, 'fixtures', 'demo', 'model.js'), path.join(app, 'src', 'model.js'));
    });

    it('npx logit-lint reports the finding and exits 1', () => {
      const r = spawnSync('npx', ['--no-install', 'logit-lint', 'src'], { cwd: app, env: NPM_ENV, encoding: 'utf8', timeout: 60000 });
      assert.strictEqual(r.status, 1, r.stderr);
      assert.match(r.stdout, /src\/model\.js\n\s+13:11\s+error\s+sigmoidCrossEntropy expects logits.*sigmoid-before-logits-loss/);
      // The installed copy runs, not this checkout.
      const which = spawnSync('npx', ['--no-install', 'logit-lint', '--version'], { cwd: app, env: NPM_ENV, encoding: 'utf8' });
      assert.strictEqual(which.stdout.trim(), pkg.version);
      assert.ok(fs.realpathSync(path.join(app, 'node_modules', '.bin', 'logit-lint')).startsWith(app));
    });

    it('logit-lint-server --stdio answers the initialize handshake and reports the finding', async () => {
      const bin = path.join(app, 'node_modules', '.bin', 'logit-lint-server');
      assert.ok(fs.realpathSync(bin).startsWith(path.join(app, 'node_modules', 'logit-lint')));
      assert.strictEqual(spawnSync(bin, ['--version'], { cwd: app, encoding: 'utf8' }).stdout.trim(), pkg.version);
      const client = new LspTestClient({ root: app, server: bin });
      try {
        const init = await client.initialize();
        assert.strictEqual(init.serverInfo?.name, 'logit-lint');
        assert.strictEqual(init.capabilities?.diagnosticProvider?.identifier, 'logit-lint');
        const file = path.join('src', 'model.js');
        await client.open(file, fs.readFileSync(path.join(app, file), 'utf8'));
        const items = await client.diagnostics(file);
        assert.deepStrictEqual(items.map((d) => [d.code, d.range.start.line + 1]), [['sigmoid-before-logits-loss', 13]]);
      } finally {
        await client.shutdown();
      }
    });
  });
});
