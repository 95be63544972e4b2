// `npm pack` of this checkout, once per test process (the npm package and pre-commit tests both
// install it). out/ must be built; --ignore-scripts keeps prepare from compiling again.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.join(__dirname, '..', '..');
/** npm without its update and funding chatter, and without the CI environment's GitHub files. */
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
for (const k of ['GITHUB_STEP_SUMMARY', 'FORCE_COLOR', 'LOGIT_LINT_DEBUG']) delete NPM_ENV[k];

let packed;

/** { file: the .tgz path, info: npm pack --json's entry (size, unpackedSize, entryCount, files) } */
function packedTarball() {
  if (packed) return packed;
  if (!fs.existsSync(path.join(REPO, 'out', 'server', 'cli', 'cli.js'))) throw new Error('build first: npx tsc -p .');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-pack-')));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO, env: NPM_ENV, encoding: 'utf8' });
  const info = JSON.parse(out)[0];
  packed = { file: path.join(dir, info.filename), info };
  return packed;
}

module.exports = { packedTarball, NPM_ENV, REPO };
