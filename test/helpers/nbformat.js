// Validates notebooks with Jupyter's own nbformat (Python): what --fix writes must still load.
// nbformat missing is a failure that says how to install it, never a skip (.ci/run installs it).
const { spawnSync } = require('child_process');

const SCRIPT = [
  'import sys, warnings, nbformat',
  'warnings.simplefilter("ignore")',
  'for f in sys.argv[1:]:',
  '    nb = nbformat.read(f, as_version=nbformat.NO_CONVERT)',
  '    nbformat.validate(nb)',
  '    print(f, "valid nbformat", nb.nbformat, len(nb.cells))',
].join('\n');

/** Throws unless every file loads and validates with nbformat. */
function assertValidNotebooks(files) {
  const r = spawnSync('python3', ['-c', SCRIPT, ...files], { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw new Error(`python3 not runnable (${r.error.message}): the notebook check needs python3 with nbformat (pip install nbformat)`);
  if (/No module named '?nbformat/.test(r.stderr)) throw new Error('nbformat is not installed: pip install nbformat (.ci/run installs it)');
  if (r.status !== 0) throw new Error(`nbformat rejected the notebook:\n${r.stderr}`);
  return r.stdout;
}

module.exports = { assertValidNotebooks };
