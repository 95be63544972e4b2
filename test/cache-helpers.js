// Shared by the --cache tests: a small project (a model in lib/, files in src/ that import it or
// not), a --cache run over src/ with the debug line, and readers for that line and the findings.
const assert = require('assert');
const path = require('path');
const { runCli, makeProject, SIGMOID_MODEL } = require('./cli-helpers');

const TRAIN = [
  "import { createModel } from '../lib/model.js';",
  "import { report } from './helpers';",
  'export const model = createModel();',
  'report(model);',
  '',
].join('\n');

/** lib/model.js (a bug), src/train.js (imports it), src/other.js (clean), src/model-here.js (a bug). */
function cacheProject(extra = {}) {
  return makeProject({
    'lib/model.js': SIGMOID_MODEL,
    'src/train.js': TRAIN,
    'src/other.js': 'export const greeting = (name) => `hello ${name}`;\n',
    'src/model-here.js': SIGMOID_MODEL,
    ...extra,
  });
}

const runCached = (dir, args = []) => runCli(['--cache', '--format', 'json', ...args, 'src'], { cwd: dir, env: { LOGIT_LINT_DEBUG: '1' } });

/** The LOGIT_LINT_DEBUG line: components linted and taken from the cache, files read. */
function cacheStats(r) {
  const m = /(\d+) linted on \d+ threads?, (\d+) from the cache, (\d+) files? read/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { linted: Number(m[1]), cached: Number(m[2]), read: Number(m[3]) };
}

const findingRules = (r) => JSON.parse(r.stdout).flatMap((f) => f.messages.map((m) => `${path.basename(f.filePath)}:${m.ruleId}`));

module.exports = { TRAIN, cacheProject, runCached, cacheStats, findingRules };
