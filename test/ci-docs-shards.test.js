// docs/ci.md's sharded workflow, run for real: each matrix job's logit-lint step (with
// `${{ matrix.shard }}` substituted), the artifacts laid out as download-artifact lays them out,
// then the upload job's jq merge. The merged SARIF must be one valid run holding exactly the
// results of one unsharded run.
const assert = require('assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const yaml = require('js-yaml');
const { CLI, runCli, removeProject, git, sarifValidator } = require('./cli-helpers');
const { generateCorpus } = require('../bench/corpus');

const REPO = path.join(__dirname, '..');

/** The workflow in docs/ci.md that has a matrix over shards. */
function shardedWorkflow() {
  const md = fs.readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');
  const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const flows = blocks.map((b) => yaml.load(b)).filter((w) => w?.jobs?.lint?.strategy?.matrix?.shard);
  assert.strictEqual(flows.length, 1, 'one sharded workflow in docs/ci.md');
  return flows[0];
}

function bash(script, cwd) {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.strictEqual(r.status, 0, `${script}\n${r.stderr}`);
  return r;
}

const key = (r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine} ${r.ruleId} ${r.partialFingerprints['logitLint/v1']}`;

describe('docs/ci.md: sharded code scanning workflow', function () {
  this.timeout(120000);
  let dir;
  before(() => {
    assert.strictEqual(spawnSync('jq', ['--version']).status, 0, 'jq is not installed (the workflow merges SARIF with jq)');
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-ci-shards-')));
    generateCorpus({ count: 200, dir, seed: 5 });
    git(dir, 'init', '-q');
    // `npx logit-lint` finds this checkout's CLI as the project's own bin, as after `npm ci`.
    fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'logit-lint'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  });
  after(() => removeProject(dir));

  it('the shard jobs and the jq merge give one run with the unsharded results', () => {
    const flow = shardedWorkflow();
    const shards = flow.jobs.lint.strategy.matrix.shard;
    const lintStep = flow.jobs.lint.steps.find((s) => /logit-lint --shard/.test(s.run ?? ''));
    const artifact = flow.jobs.lint.steps.find((s) => /upload-artifact/.test(s.uses ?? '')).with;
    const download = flow.jobs.upload.steps.find((s) => /download-artifact/.test(s.uses ?? '')).with;
    const merge = flow.jobs.upload.steps.find((s) => /\bjq\b/.test(s.run ?? ''));
    const upload = flow.jobs.upload.steps.find((s) => /upload-sarif/.test(s.uses ?? '')).with;
    assert.match(lintStep.run, new RegExp(`--shard \\$\\{\\{ matrix.shard \\}\\}/${shards.length} `), 'the shard count matches the matrix');

    for (const k of shards) {
      bash(lintStep.run.replace(/\$\{\{ matrix\.shard \}\}/g, String(k)), dir);
      // download-artifact with a pattern puts each artifact in <path>/<artifact name>/.
      const into = path.join(dir, download.path, artifact.name.replace('${{ matrix.shard }}', String(k)));
      fs.mkdirSync(into, { recursive: true });
      fs.renameSync(path.join(dir, artifact.path), path.join(into, artifact.path));
    }
    assert.match(artifact.name.replace('${{ matrix.shard }}', '1'), new RegExp(`^${download.pattern.replace('*', '.*')}$`));
    bash(merge.run, dir);

    const merged = JSON.parse(fs.readFileSync(path.join(dir, upload.sarif_file), 'utf8'));
    const validate = sarifValidator();
    assert.ok(validate(merged), JSON.stringify(validate.errors));
    assert.strictEqual(merged.runs.length, 1);
    const run = merged.runs[0];
    for (const r of run.results) assert.strictEqual(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    assert.strictEqual(run.invocations[0].executionSuccessful, true);

    const whole = JSON.parse(runCli(['--format', 'sarif'], { cwd: dir }).stdout).runs[0];
    assert.ok(whole.results.length >= 3, `only ${whole.results.length} results`);
    const keys = run.results.map(key);
    assert.strictEqual(new Set(keys).size, keys.length, 'a result appears twice');
    assert.deepStrictEqual(keys.sort(), whole.results.map(key).sort());
    assert.deepStrictEqual(run.tool.driver.rules, whole.tool.driver.rules);
  });
});
