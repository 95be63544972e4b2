// The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit` tool (pip install
// pre-commit; .ci/run installs it) the way a user tries it: `pre-commit try-repo <checkout> logit-lint
// --all-files`. The checkout is a snapshot of this working tree committed in a temporary repository
// (try-repo clones it; a dirty tree would lose its untracked files). The hook is a `language: script`
// entry (scripts/pre-commit-hook.js) that builds pre-commit's clone on its first run with this
// machine's node and npm (asserted on PATH below): `language: node`'s `npm install -g
// git+file://<clone>` fails on npm 11.19 (npm/cli#8440, two global installs racing).
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const yaml = require('js-yaml');
const { git, SIGMOID_MODEL } = require('./cli-helpers');
const { NPM_ENV, REPO } = require('./helpers/packed-tarball');

const MANIFEST = path.join(REPO, '.pre-commit-hooks.yaml');
const onPath = (exe) => spawnSync('sh', ['-c', `command -v ${exe}`]).status === 0;

function preCommit(args, cwd) {
  return spawnSync('pre-commit', args, { cwd, env: { ...NPM_ENV, PRE_COMMIT_COLOR: 'never' }, encoding: 'utf8', timeout: 540000 });
}

/** This working tree (tracked and untracked, not ignored) committed in a new repository. */
function snapshot(dir) {
  const files = git(REPO, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const rel of files) {
    const from = path.join(REPO, rel);
    const st = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!st?.isFile()) continue; // deleted, or the node_modules symlink of a worktree
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, rel));
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'snapshot');
}

describe('pre-commit hook', function () {
  this.timeout(600000);
  let tmp;
  let checkout;
  let repo;

  before(() => {
    const v = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.strictEqual(v.status, 0, 'pre-commit is not installed: pip install pre-commit');
    assert.ok(onPath('node') && onPath('npm'), 'node and npm must be on PATH (pre-commit then uses them: language_version system)');
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-pre-commit-')));
    checkout = path.join(tmp, 'checkout');
    repo = path.join(tmp, 'repo');
    snapshot(checkout);
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    git(repo, 'init', '-q');
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  it('the manifest is valid for pre-commit and defines the logit-lint hook', () => {
    const r = preCommit(['validate-manifest', MANIFEST], REPO);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    const [hook] = yaml.load(fs.readFileSync(MANIFEST, 'utf8'));
    assert.deepStrictEqual(
      [hook.id, hook.entry, hook.language, hook.pass_filenames, hook.require_serial, hook.types_or],
      ['logit-lint', 'scripts/pre-commit-hook.js', 'script', true, true, ['javascript', 'jsx', 'ts', 'tsx', 'html', 'vue', 'svelte', 'python', 'jupyter']],
    );
    // pre-commit runs a script hook's entry as a program: executable in git, or the hook cannot start.
    assert.match(git(REPO, 'ls-files', '-s', hook.entry), /^100755 /);
  });

  it('try-repo fails on a buggy tfjs file and prints the finding', () => {
    fs.writeFileSync(path.join(repo, 'src', 'model.js'), SIGMOID_MODEL);
    fs.writeFileSync(path.join(repo, 'README.md'), '# not linted\n');
    git(repo, 'add', '.');
    const t0 = Date.now();
    const r = preCommit(['try-repo', checkout, 'logit-lint', '--all-files'], repo);
    console.log(`      pre-commit try-repo: clone, first-run build + run: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.match(r.stdout, /first run: installing the dependencies and compiling/);
    assert.strictEqual(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /logit-lint\.+Failed/);
    assert.match(r.stdout, /src\/model\.js\n\s+6:\d+\s+error\s+sigmoidCrossEntropy expects logits.*sigmoid-before-logits-loss/);
  });

  it('try-repo passes once the file is fixed (with a Python file staged too)', () => {
    fs.writeFileSync(path.join(repo, 'src', 'model.js'), SIGMOID_MODEL.replace('tf.losses.sigmoidCrossEntropy', "'binaryCrossentropy'"));
    fs.writeFileSync(path.join(repo, 'src', 'train.py'), 'import torch\n');
    git(repo, 'add', '.');
    const r = preCommit(['try-repo', checkout, 'logit-lint', '--all-files', '--verbose'], repo);
    assert.strictEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /logit-lint\.+Passed/);
  });

  it('prepare explains a missing compiler outside a global install instead of failing on `tsc: not found`', () => {
    const dir = path.join(tmp, 'bare');
    fs.mkdirSync(path.join(dir, 'scripts'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'scripts', 'prepare.js'), path.join(dir, 'scripts', 'prepare.js'));
    const env = { ...NPM_ENV, NODE_PATH: '' };
    delete env.npm_config_global;
    const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'prepare.js')], { cwd: dir, env, encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /TypeScript compiler is not installed here\. Run `npm ci`/);
  });
});
