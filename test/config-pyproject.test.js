// pyproject.toml [tool.logit-lint]: the Python convention for configuration, read with a TOML
// parser, kebab-case keys accepted, errors with the file and the line.
const assert = require('assert');
const path = require('path');
const { loadConfig, readConfigFile, ConfigError, CONFIG_FILE } = require('../out/server/cli/config');
const { makeProject, removeProject, runCli } = require('./cli-helpers');

describe('config: pyproject.toml', () => {
  let dirs = [];
  const project = (files) => {
    const d = makeProject(files, 'logit-lint-pyproject-');
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    dirs.forEach(removeProject);
    dirs = [];
  });

  const PYPROJECT = [
    '[project]', 'name = "churn"', '',
    '[tool.ruff]', 'line-length = 100', '',
    '[tool.logit-lint]', 'rules = { threshold-logits = "off", argmax-single-unit = "warn" }',
    'ignore = ["notebooks/scratch/**"]', 'tf-modules = ["@acme/ml"]', 'max-file-size = 100000', '',
  ].join('\n');

  it('reads [tool.logit-lint], kebab-case keys included, walking up from a subfolder', () => {
    const dir = project({ '.git/HEAD': '', 'pyproject.toml': PYPROJECT, 'src/pkg/model.py': '' });
    const loaded = loadConfig(path.join(dir, 'src', 'pkg'));
    assert.strictEqual(loaded.file, path.join(dir, 'pyproject.toml'));
    assert.deepStrictEqual(loaded.config.rules, { 'threshold-logits': 'off', 'argmax-single-unit': 'warn' });
    assert.deepStrictEqual(loaded.config.ignore, ['notebooks/scratch/**']);
    assert.deepStrictEqual(loaded.config.tfModules, ['@acme/ml']);
    assert.strictEqual(loaded.config.maxFileSize, 100000);
  });

  it('a pyproject.toml without the table is not a configuration: the search goes on upwards', () => {
    const dir = project({ '.git/HEAD': '', [CONFIG_FILE]: '{ "rules": { "threshold-logits": "off" } }', 'sub/pyproject.toml': '[project]\nname = "x"\n', 'sub/a.py': '' });
    const loaded = loadConfig(path.join(dir, 'sub'));
    assert.strictEqual(loaded.file, path.join(dir, CONFIG_FILE));
  });

  it('invalid TOML and invalid values are errors naming the file, the line or the key', () => {
    const dir = project({ '.git/HEAD': '', 'pyproject.toml': '[tool.logit-lint]\nrules = { threshold-logits = "off"\n' });
    assert.throws(() => loadConfig(dir), (e) => e instanceof ConfigError && /invalid TOML at line \d+, column \d+/.test(e.message) && e.file.endsWith('pyproject.toml'));
    const bad = project({ '.git/HEAD': '', 'pyproject.toml': '[tool.logit-lint]\nrules = { no-such-rule = "off" }\n' });
    assert.throws(() => loadConfig(bad), (e) => e instanceof ConfigError && e.key === 'tool.logit-lint.rules.no-such-rule');
  });

  it("another tool's pyproject.toml that is no valid TOML and never names [tool.logit-lint] configures nothing and stops nothing (round 41)", () => {
    const dir = project({ '.git/HEAD': '', 'pyproject.toml': '[flake8]\nmax-line-length = 120\nexclude =.git,__pycache__\n' });
    const loaded = loadConfig(dir);
    assert.ok(!loaded || !loaded.file || !loaded.file.endsWith('pyproject.toml'), JSON.stringify(loaded));
  });

  it('two configurations in one folder are refused; --config names a pyproject.toml directly', () => {
    const dir = project({ '.git/HEAD': '', 'pyproject.toml': PYPROJECT, [CONFIG_FILE]: '{}' });
    assert.throws(() => loadConfig(dir), (e) => e instanceof ConfigError && /several logit-lint configurations/.test(e.message));
    const only = project({ 'pyproject.toml': PYPROJECT });
    assert.deepStrictEqual(readConfigFile(path.join(only, 'pyproject.toml')).config.rules['threshold-logits'], 'off');
    const none = project({ 'pyproject.toml': '[project]\nname = "x"\n' });
    assert.throws(() => readConfigFile(path.join(none, 'pyproject.toml')), (e) => e instanceof ConfigError && e.key === 'tool.logit-lint');
  });

  it('the CLI applies it: a rule turned off in pyproject.toml reports nothing', () => {
    const model = "const tf = require('@tensorflow/tfjs');\nconst m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3] })] });\nm.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });\n";
    const dir = project({ '.git/HEAD': '', 'pyproject.toml': '[tool.logit-lint]\nrules = { logits-into-probability-loss = "off" }\n', 'model.js': model });
    const r = runCli(['--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout).flatMap((f) => f.messages.map((m) => m.ruleId)), []);
    const on = project({ '.git/HEAD': '', 'model.js': model });
    assert.deepStrictEqual(JSON.parse(runCli(['--format', 'json', '.'], { cwd: on }).stdout).flatMap((f) => f.messages.map((m) => m.ruleId)), ['logits-into-probability-loss']);
  });
});
