// Runs a composite GitHub Action (action.yml) the way the runner does, closely enough for tests:
// inputs with their defaults, `${{ inputs.x }}`, `${{ github.* }}` and `${{ runner.temp }}`
// substituted, `uses:` steps skipped (setup-node: this machine's Node is used), each `run:` step
// executed with `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`) in the workspace,
// with GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and GITHUB_ENV files. Stops at the first failing step.
// Any other expression is an error, so the action cannot silently depend on something this
// runner does not provide.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const yaml = require('js-yaml');

/** Parses `KEY=value` lines (GITHUB_OUTPUT / GITHUB_ENV, without the heredoc form). */
function keyValues(file) {
  const out = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

/**
 * @param {string} actionDir  folder holding action.yml (becomes github.action_path)
 * @param {object} opts
 * @param {string} opts.workspace  the checked-out repository (GITHUB_WORKSPACE, the steps' cwd)
 * @param {Record<string, string>} [opts.inputs]
 * @returns {{ code: number, stdout: string, stderr: string, summary: string, outputs: object, steps: object[] }}
 */
function runAction(actionDir, { workspace, inputs = {} }) {
  const action = yaml.load(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8'));
  if (action.runs?.using !== 'composite') throw new Error('not a composite action');
  for (const name of Object.keys(inputs)) if (!(name in (action.inputs ?? {}))) throw new Error(`unknown input ${name}`);
  const values = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) values[name] = String(inputs[name] ?? spec.default ?? '');

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'action-runner-'));
  const files = { summary: path.join(temp, 'step_summary.md'), output: path.join(temp, 'output'), env: path.join(temp, 'env') };
  for (const f of Object.values(files)) fs.writeFileSync(f, '');
  const runnerTemp = path.join(temp, 'runner-temp');
  fs.mkdirSync(runnerTemp);
  const context = {
    'github.action_path': actionDir,
    'github.workspace': workspace,
    'runner.temp': runnerTemp,
  };
  const expand = (text) => String(text).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) {
      if (!(input[1] in values)) throw new Error(`unknown input in expression: ${expr}`);
      return values[input[1]];
    }
    if (expr in context) return context[expr];
    throw new Error(`expression not supported by the test runner: ${expr}`);
  });

  const baseEnv = { ...process.env };
  for (const k of Object.keys(baseEnv)) if (/^(GITHUB_|RUNNER_|INPUT_)/.test(k) || ['FORCE_COLOR', 'NO_COLOR', 'LOGIT_LINT_DEBUG'].includes(k)) delete baseEnv[k];
  Object.assign(baseEnv, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: actionDir,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    RUNNER_TEMP: runnerTemp,
  });

  const steps = [];
  let stdout = '';
  let stderr = '';
  let code = 0;
  try {
    for (const [i, step] of action.runs.steps.entries()) {
      const name = step.name ?? step.uses ?? `step ${i + 1}`;
      if (step.uses) {
        steps.push({ name, skipped: true });
        continue;
      }
      if (step.if !== undefined) throw new Error(`${name}: 'if' is not supported by the test runner`);
      if (step.shell !== 'bash') throw new Error(`${name}: shell must be bash, got ${step.shell}`);
      const env = { ...baseEnv, ...keyValues(files.env) };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v);
      const script = path.join(temp, `step-${i}.sh`);
      fs.writeFileSync(script, expand(step.run));
      const cwd = step['working-directory'] ? path.resolve(workspace, expand(step['working-directory'])) : workspace;
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', timeout: 600000 });
      steps.push({ name, code: r.status, stdout: r.stdout, stderr: r.stderr });
      stdout += r.stdout;
      stderr += r.stderr;
      code = r.status ?? 1;
      if (code !== 0) break;
    }
    return { code, stdout, stderr, steps, summary: fs.readFileSync(files.summary, 'utf8'), outputs: keyValues(files.output) };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

module.exports = { runAction };
