#!/usr/bin/env node
// `prepare`: compile the TypeScript sources into out/ (`tsc -p .`). npm runs it after `npm install` /
// `npm ci` in a checkout, before `npm pack`, and when it installs logit-lint from git — which is how
// pre-commit installs the hook of .pre-commit-hooks.yaml: `npm install -g git+file://<clone>`.
// A global install from git prepares the clone with an `npm install` that inherits --global
// (npm 11, npm/cli#8440): it installs the clone itself into the global prefix instead of putting the
// dependencies into the clone, so the compiler is missing where prepare runs. In that case only,
// install them into the clone first, from the lock file and without their scripts (tsc needs none
// of them), then compile.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.join(__dirname, '..');

function compiler() {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

let tsc = compiler();
if (!tsc && process.env.npm_config_global === 'true') {
  console.error('logit-lint prepare: installing the build dependencies into this clone first (npm/cli#8440)');
  // npm_execpath: the npm that runs this script (npm-cli.js); --global=false overrides the inherited
  // npm_config_global. --ignore-scripts: no prepare recursion, no native builds or downloads.
  const npm = process.env.npm_execpath;
  const args = ['ci', '--global=false', '--ignore-scripts', '--include=dev', '--no-audit', '--no-fund'];
  const status = npm && npm.endsWith('.js') ? run(process.execPath, [npm, ...args]) : run('npm', args);
  if (status !== 0) process.exit(status);
  tsc = compiler();
}
if (!tsc) {
  console.error('logit-lint prepare: the TypeScript compiler is not installed here. Run `npm ci` in this checkout: it installs the dependencies, then compiles the sources into out/.');
  process.exit(1);
}
// That global install from git runs prepare twice in the clone (in the install above, then before
// packing): incremental, with its state in out/ (not packed: .npmignore), the second compile takes
// seconds instead of half a minute.
const incremental = process.env.npm_config_global === 'true' ? ['--incremental', '--tsBuildInfoFile', path.join(ROOT, 'out', '.tsbuildinfo')] : [];
process.exit(run(process.execPath, [tsc, '-p', ROOT, ...incremental]));
