// --changed-since <ref>: only findings on lines changed since the ref (plus untracked files), so a
// review bot comments on the diff. Tested against a throw-away git repository.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runCli, makeProject, removeProject, git, SIGMOID_MODEL } = require('./cli-helpers');
const { changedLines } = require('../out/server/cli/changed');

const MODEL_FACTORY = [
  "import * as tf from '@tensorflow/tfjs';",
  'export function build(activation) {',
  '  const m = tf.sequential();',
  "  m.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'linear' }));",
  '  return m;',
  '}',
  '',
].join('\n');
const TRAIN = [
  "import * as tf from '@tensorflow/tfjs';",
  "import { build } from './factory';",
  'const model = build();',
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  '',
].join('\n');

describe('cli: --changed-since', () => {
  let repo;
  const write = (rel, text) => fs.writeFileSync(path.join(repo, rel), text);
  const lint = (...args) => runCli(['--format', 'json', ...args], { cwd: repo });
  const found = (r) => JSON.parse(r.stdout).flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.line}:${m.ruleId}`));

  beforeEach(() => {
    // An old bug (committed) in old.js; the tests add new ones.
    repo = makeProject({ 'old.js': SIGMOID_MODEL, 'factory.js': MODEL_FACTORY, 'train.js': TRAIN, 'sub/keep.txt': '' });
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
  });
  afterEach(() => removeProject(repo));

  it('without the flag, the old bug is reported', () => {
    assert.deepStrictEqual(found(lint()), ['old.js:6:sigmoid-before-logits-loss']);
  });

  it('reports only findings on lines changed since the ref', () => {
    // A second copy of the bug, appended to old.js: new lines, so reported; the old one is not.
    write('old.js', SIGMOID_MODEL + SIGMOID_MODEL.replace("import * as tf from '@tensorflow/tfjs';\n", '').replace('createModel', 'createModel2'));
    const r = lint('--changed-since', 'HEAD');
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(found(r), ['old.js:13:sigmoid-before-logits-loss']);
    assert.deepStrictEqual(found(lint()).length, 2, 'both without the flag');
  });

  it('untracked files count as changed everywhere', () => {
    write('new.js', SIGMOID_MODEL);
    assert.deepStrictEqual(found(lint('--changed-since', 'HEAD')), ['new.js:6:sigmoid-before-logits-loss']);
  });

  it('a change at the other site (the activation) brings in the finding at the unchanged loss', () => {
    write('factory.js', MODEL_FACTORY.replace("activation: 'linear'", "activation: 'sigmoid'"));
    const r = lint('--changed-since', 'HEAD');
    assert.deepStrictEqual(found(r), ['train.js:4:sigmoid-before-logits-loss']);
  });

  it('works from a subfolder, and against an older commit', () => {
    write('new.js', SIGMOID_MODEL);
    git(repo, 'add', 'new.js');
    git(repo, 'commit', '-q', '-m', 'add new');
    assert.deepStrictEqual(found(lint('--changed-since', 'HEAD')), [], 'committed: nothing changed since HEAD');
    assert.deepStrictEqual(found(lint('--changed-since', 'HEAD~1')), ['new.js:6:sigmoid-before-logits-loss']);
    const r = runCli(['--format', 'json', '--changed-since', 'HEAD~1', '..'], { cwd: path.join(repo, 'sub') });
    assert.deepStrictEqual(found(r), ['new.js:6:sigmoid-before-logits-loss']);
  });

  it('an unknown ref is exit 2 with a clear message', () => {
    const r = lint('--changed-since', 'no-such-branch');
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stderr, 'logit-lint: --changed-since: unknown git ref "no-such-branch"\n');
    assert.strictEqual(r.stdout, '');
  });

  it('a ref that looks like an option is refused', () => {
    const r = lint('--changed-since=--output=/tmp/x');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /is not a git ref/);
  });

  it('--fix with --changed-since fixes only the reported finding', () => {
    write('new.js', SIGMOID_MODEL);
    const r = runCli(['--fix', '--changed-since', 'HEAD'], { cwd: repo });
    assert.strictEqual(r.code, 0, r.stderr + r.stdout);
    assert.ok(!fs.readFileSync(path.join(repo, 'new.js'), 'utf8').includes('sigmoidCrossEntropy'));
    assert.strictEqual(fs.readFileSync(path.join(repo, 'old.js'), 'utf8'), SIGMOID_MODEL, 'the old bug is not in the diff: left alone');
  });

  it('changedLines: zero-context hunks, additions only, pure deletions add nothing', () => {
    write('old.js', SIGMOID_MODEL.replace('  return model;\n', '').replace('export function', '// note\nexport function'));
    const changed = changedLines('HEAD', repo);
    assert.deepStrictEqual([...changed.get(path.join(repo, 'old.js'))], [3]);
  });
});

describe('cli: --changed-since outside a git repository', () => {
  it('is exit 2 with a clear message', () => {
    const dir = makeProject({ 'm.js': SIGMOID_MODEL });
    try {
      const r = runCli(['--changed-since', 'main'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, `logit-lint: --changed-since needs a git repository, and ${dir} is not inside one\n`);
    } finally {
      removeProject(dir);
    }
  });
});
