// Helpers shared by the CLI and formatter tests: run the built CLI in a child process, lay out a
// throw-away project in the OS temp folder, and validate SARIF against the official schema.
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CLI = path.join(__dirname, '..', 'out', 'server', 'cli', 'cli.js');

/** Runs `logit-lint args...` in `cwd`; returns { code, stdout, stderr }. */
function runCli(args, { cwd, env = {} } = {}) {
  const cleanEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'GITHUB_STEP_SUMMARY', 'LOGIT_LINT_DEBUG']) delete cleanEnv[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...cleanEnv, ...env }, encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Writes `files` ({ relative path: text or Buffer }) into a new temp folder and returns its path. */
function makeProject(files, prefix = 'logit-lint-test-') {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

function removeProject(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Inside a mocha describe: a `project(files)` maker whose folders are removed after the block. */
function useProjects() {
  const dirs = [];
  after(() => dirs.forEach(removeProject));
  return (files) => {
    const d = makeProject(files);
    dirs.push(d);
    return d;
  };
}

/** git in `cwd`, with an identity so commits work on any machine. */
function git(cwd, ...args) {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let sarifValidate;
/** The official SARIF 2.1.0 schema (shipped in @microsoft/jest-sarif), compiled once with ajv. */
function sarifValidator() {
  if (sarifValidate) return sarifValidate;
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  // The schema is draft-04; for this schema the only differences from ajv's default draft-07 are
  // the `$schema`/`id` keywords, so they are dropped. One `pattern` in it is not valid as a
  // unicode RegExp (an unescaped `]`), hence unicodeRegExp: false.
  const schema = { ...require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') };
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  sarifValidate = ajv.compile(schema);
  return sarifValidate;
}

/** A model whose sigmoid head meets sigmoidCrossEntropy: the most widely copied tfjs bug. */
const SIGMOID_MODEL = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'export function createModel() {',
  '  const model = tf.sequential();',
  "  model.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'sigmoid' }));",
  "  model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy });",
  '  return model;',
  '}',
  '',
].join('\n');

/** How many fixes `--fix-dry-run` says it would apply to `target` linted alone in folder `cwd`. */
function dryRunFixes(cwd, target) {
  const r = runCli(['--no-config', '--fix-dry-run', target], { cwd });
  const m = /(\d+) fix(?:es)? would change/.exec(r.stdout + r.stderr);
  return m ? Number(m[1]) : NaN;
}

module.exports = { useProjects, dryRunFixes, CLI, runCli, makeProject, removeProject, git, sarifValidator, SIGMOID_MODEL };
