// The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit` tool (pip install
// pre-commit; .ci/run installs it). The hook is used exactly as defined there, as a local hook
// whose node environment pre-commit installs from this checkout's `npm pack` tarball, with
// `language_version: system` (this machine's Node). Not through `pre-commit try-repo <checkout>`:
// that installs the repository with `npm install -g git+file://…`, which on npm 11 runs `prepare`
// without the dependencies (npm/cli#8440) and races a second global install; see docs/ci.md.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const yaml = require('js-yaml');
const { git, SIGMOID_MODEL } = require('./cli-helpers');
const { packedTarball, NPM_ENV, REPO } = require('./helpers/packed-tarball');

const MANIFEST = path.join(REPO, '.pre-commit-hooks.yaml');

function preCommit(args, cwd, home) {
  return spawnSync('pre-commit', args, { cwd, env: { ...NPM_ENV, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never' }, encoding: 'utf8', timeout: 280000 });
}

describe('pre-commit hook', function () {
  this.timeout(300000);
  let tmp;
  let repo;
  let home;

  before(() => {
    const v = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.strictEqual(v.status, 0, 'pre-commit is not installed: pip install pre-commit');
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-pre-commit-')));
    home = path.join(tmp, 'home');
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    git(repo, 'init', '-q');
    // The hook as the manifest defines it, installed from the tarball instead of from git.
    const [hook] = yaml.load(fs.readFileSync(MANIFEST, 'utf8'));
    const local = { ...hook, language_version: 'system', additional_dependencies: [packedTarball().file] };
    delete local.minimum_pre_commit_version;
    fs.writeFileSync(path.join(repo, '.pre-commit-config.yaml'), yaml.dump({ repos: [{ repo: 'local', hooks: [local] }] }));
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('the manifest is valid for pre-commit and defines the logit-lint hook', () => {
    const r = preCommit(['validate-manifest', MANIFEST], REPO, home);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const [hook] = yaml.load(fs.readFileSync(MANIFEST, 'utf8'));
    assert.deepStrictEqual(
      [hook.id, hook.entry, hook.language, hook.pass_filenames, hook.require_serial, hook.types_or],
      ['logit-lint', 'logit-lint', 'node', true, true, ['javascript', 'jsx', 'ts', 'tsx', 'html', 'vue', 'svelte', 'python', 'jupyter']],
    );
  });

  it('fails on a buggy tfjs file and prints the finding', () => {
    fs.writeFileSync(path.join(repo, 'src', 'model.js'), SIGMOID_MODEL);
    fs.writeFileSync(path.join(repo, 'README.md'), '# not linted\n');
    git(repo, 'add', '.');
    const t0 = Date.now();
    const r = preCommit(['run', '--all-files'], repo, home);
    console.log(`      pre-commit: node environment from the tarball + run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.strictEqual(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /logit-lint\.+Failed/);
    assert.match(r.stdout, /src\/model\.js\n\s+6:\d+\s+error\s+sigmoidCrossEntropy expects logits.*sigmoid-before-logits-loss/);
  });

  it('passes once the file is fixed (with a Python file staged too)', () => {
    fs.writeFileSync(path.join(repo, 'src', 'model.js'), SIGMOID_MODEL.replace('tf.losses.sigmoidCrossEntropy', "'binaryCrossentropy'"));
    fs.writeFileSync(path.join(repo, 'src', 'train.py'), 'import torch\n');
    git(repo, 'add', '.');
    const r = preCommit(['run', '--all-files', '--verbose'], repo, home);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /logit-lint\.+Passed/);
  });
});
