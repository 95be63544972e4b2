#!/usr/bin/env node
// The pre-commit hook's entry (.pre-commit-hooks.yaml, `language: script`), run from pre-commit's
// clone of this repository with the staged files as arguments. A `language: node` hook is installed
// with `npm install -g git+file://<clone>`, which npm 11 prepares with a second, global install of
// the same package (npm/cli#8440) that races the first one over its folder (ENOTEMPTY, in each of
// five tries with npm 11.19.1): instead, the first run builds the clone in place (its dependencies
// from the lock file, without their scripts, then the TypeScript compiler), and later runs start the
// CLI at once.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'out', 'server', 'cli', 'cli.js');
// Two pre-commit runs on the same clone (two terminals): one builds, the other waits for it.
const LOCK = path.join(ROOT, '.logit-lint-hook-build');
const WAIT_MS = 10 * 60 * 1000;

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function run(cmd, args) {
  // npm is npm.cmd on Windows: only a shell finds it. The output goes to stderr: stdout is the report's.
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  return r.error ? 1 : r.status ?? 1;
}

class HookError extends Error {}

function fail(message) {
  throw new HookError(message);
}

function build() {
  const start = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') fail(`cannot build in ${ROOT}: ${e.message}`);
      if (fs.existsSync(CLI)) return;
      if (Date.now() - start > WAIT_MS) fail(`another run has been building the hook for 10 minutes; if none is, remove ${LOCK}`);
      sleep(1000);
    }
  }
  try {
    if (fs.existsSync(CLI)) return;
    console.error('logit-lint (pre-commit hook): first run: installing the dependencies and compiling, once (about a minute)');
    if (run('npm', ['ci', '--ignore-scripts', '--include=dev', '--no-audit', '--no-fund']) !== 0) fail('`npm ci` failed in the hook\'s clone (node and npm must be on PATH, and the npm registry reachable)');
    let tsc;
    try {
      tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    } catch {
      fail('the TypeScript compiler is missing after `npm ci`');
    }
    if (run(process.execPath, [tsc, '-p', ROOT]) !== 0 || !fs.existsSync(CLI)) fail('compiling logit-lint failed');
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

try {
  if (!fs.existsSync(CLI)) build();
} catch (e) {
  if (!(e instanceof HookError)) throw e;
  console.error(`logit-lint (pre-commit hook): ${e.message}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [CLI, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.error ? 2 : r.status ?? 2);
