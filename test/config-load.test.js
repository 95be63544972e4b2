// logit-lint.config.json / package.json "logitLint": found by walking up (not past the repository
// root), validated with errors naming the file, the key and what was expected; never executed.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { loadConfig, readConfigFile, parseConfig, ConfigError, ignoreTest, toLintOptions, CONFIG_FILE } = require('../out/server/cli/config');
const { makeProject, removeProject } = require('./cli-helpers');

const json = (v) => JSON.stringify(v, null, 2);

function configError(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e && e.stack}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

describe('config: loading', () => {
  let dirs = [];
  const project = (files) => {
    const d = makeProject(files, 'logit-lint-config-');
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    dirs.forEach(removeProject);
    dirs = [];
  });

  it('finds the nearest logit-lint.config.json walking up', () => {
    const dir = project({ '.git/HEAD': '', [CONFIG_FILE]: json({ rules: { 'argmax-single-unit': 'off' } }), 'src/deep/x.js': '' });
    const loaded = loadConfig(path.join(dir, 'src', 'deep'));
    assert.strictEqual(loaded.file, path.join(dir, CONFIG_FILE));
    assert.strictEqual(loaded.dir, dir);
    assert.deepStrictEqual(loaded.config.rules, { 'argmax-single-unit': 'off' });
  });

  it('reads the "logitLint" key of package.json, and skips a package.json without it', () => {
    const dir = project({
      '.git/HEAD': '',
      'package.json': json({ name: 'app', logitLint: { tfModules: ['@acme/ml'], maxFileSize: 1000 } }),
      'packages/lib/package.json': json({ name: 'lib' }),
    });
    const loaded = loadConfig(path.join(dir, 'packages', 'lib'));
    assert.strictEqual(loaded.file, path.join(dir, 'package.json'));
    assert.deepStrictEqual(loaded.config.tfModules, ['@acme/ml']);
    assert.strictEqual(loaded.config.maxFileSize, 1000);
  });

  it('does not look above the repository root', () => {
    const outer = project({ [CONFIG_FILE]: json({ rules: { 'argmax-single-unit': 'off' } }), 'repo/.git/HEAD': '', 'repo/src/a.js': '' });
    const loaded = loadConfig(path.join(outer, 'repo', 'src'));
    assert.strictEqual(loaded.file, undefined);
    assert.deepStrictEqual(loaded.config, { rules: {}, ignore: [], tfModules: [] });
  });

  it('refuses two configurations in one folder', () => {
    const dir = project({ '.git/HEAD': '', [CONFIG_FILE]: json({}), 'package.json': json({ logitLint: {} }) });
    const e = configError(() => loadConfig(dir));
    assert.strictEqual(e.file, path.join(dir, CONFIG_FILE));
    // Since pyproject.toml joined the candidates the message lists every configuration found.
    assert.match(e.message, /several logit-lint configurations \(logit-lint\.config\.json, package\.json "logitLint"\); keep one$/);
  });

  it('reads a file named with --config, including a package.json', () => {
    const dir = project({ 'ci/strict.json': json({ rules: { 'threshold-logits': 'error' } }), 'package.json': json({ logitLint: { ignore: ['gen/'] } }) });
    assert.deepStrictEqual(readConfigFile(path.join(dir, 'ci', 'strict.json')).config.rules, { 'threshold-logits': 'error' });
    assert.deepStrictEqual(readConfigFile(path.join(dir, 'package.json')).config.ignore, ['gen/']);
    assert.match(configError(() => readConfigFile(path.join(dir, 'nope.json'))).message, /nope\.json: cannot read \(ENOENT\)/);
  });
});

describe('config: validation errors name the file, the key and what was expected', () => {
  const F = '/p/logit-lint.config.json';
  const cases = [
    ['{ "rules": { "argmax-single-unit": "on" } }', 'rules.argmax-single-unit', /expected "off", "warn" or "error", got string "on"/],
    ['{ "rules": { "no-such-rule": "off" } }', 'rules.no-such-rule', /unknown rule; expected one of sigmoid-before-logits-loss, .*swapped-loss-arguments/],
    ['{ "rules": ["argmax-single-unit"] }', 'rules', /expected an object of rule id -> "off" \| "warn" \| "error", got an array/],
    ['{ "ignore": "dist/**" }', 'ignore', /expected an array of strings, got string "dist\/\*\*"/],
    ['{ "ignore": ["ok/**", 3] }', 'ignore[1]', /expected a non-empty string, got number 3/],
    ['{ "tfModules": [""] }', 'tfModules[0]', /expected a non-empty string/],
    ['{ "maxFileSize": "2MB" }', 'maxFileSize', /expected a positive whole number of bytes, got string "2MB"/],
    ['{ "maxFileSize": 0 }', 'maxFileSize', /positive whole number/],
    ['{ "rule": {} }', 'rule', /unknown setting; expected one of rules, ignore, tfModules, maxFileSize/],
    ['[1]', undefined, /expected an object, got an array/],
  ];
  for (const [text, key, detail] of cases) {
    it(`${text} -> ${key ?? '(file)'}`, () => {
      const e = configError(() => parseConfig(text, F));
      assert.strictEqual(e.file, F);
      assert.strictEqual(e.key, key);
      assert.match(e.detail, detail);
      assert.ok(e.message.startsWith(`${F}: ${key ? `"${key}": ` : ''}`), e.message);
    });
  }

  it('invalid JSON: the line and column, and a hint that comments are not allowed', () => {
    const e = configError(() => parseConfig('{\n  "rules": {},\n  // no\n}', F));
    assert.strictEqual(e.key, undefined);
    assert.match(e.message, /invalid JSON at line 3, column 3: .*plain JSON: no comments, no trailing commas/);
  });

  it('keys inside package.json are named with their "logitLint." prefix', () => {
    const dir = makeProject({ 'package.json': json({ logitLint: { rules: { 'threshold-logits': 2 } } }) });
    try {
      const e = configError(() => readConfigFile(path.join(dir, 'package.json')));
      assert.strictEqual(e.key, 'logitLint.rules.threshold-logits');
      assert.match(e.detail, /got number 2/);
    } finally {
      removeProject(dir);
    }
  });

  it('accepts a full valid configuration with $schema', () => {
    const c = parseConfig(json({ $schema: './x.json', rules: { 'argmax-batch-axis': 'error', 'threshold-logits': 'off' }, ignore: ['gen/'], tfModules: ['@acme/ml'], maxFileSize: 10 }), F);
    assert.deepStrictEqual(c, { rules: { 'argmax-batch-axis': 'error', 'threshold-logits': 'off' }, ignore: ['gen/'], tfModules: ['@acme/ml'], maxFileSize: 10 });
  });
});

describe('config: ignore globs and engine options', () => {
  const loaded = (ignore) => ({ config: { rules: {}, ignore, tfModules: [] }, dir: '/repo' });

  it('matches gitignore-like: names at any depth, anchored paths, folders only with a trailing slash', () => {
    const t = ignoreTest(loaded(['*.gen.js', 'legacy/', 'src/vendor/**', '/top.js']));
    assert.ok(t('/repo/a/b/model.gen.js', false));
    assert.ok(!t('/repo/a/b/model.js', false));
    assert.ok(t('/repo/legacy', true));
    assert.ok(t('/repo/x/legacy/old.js', false), 'inside an ignored folder');
    assert.ok(!t('/repo/legacy', false), 'a file named legacy is not a folder');
    assert.ok(t('/repo/src/vendor/tf.js', false));
    assert.ok(!t('/repo/lib/src/vendor/tf.js', false), 'anchored at the config folder');
    assert.ok(t('/repo/top.js', false));
    assert.ok(!t('/repo/sub/top.js', false));
    assert.ok(!t('/elsewhere/model.gen.js', false), 'outside the config folder: not ours to ignore');
  });

  it('supports **, ?, {a,b} and [...]', () => {
    const t = ignoreTest(loaded(['**/fixtures/*.{js,ts}', 'tmp?.js', 'v[0-9].js']));
    assert.ok(t('/repo/a/fixtures/x.ts', false));
    assert.ok(t('/repo/fixtures/x.js', false));
    assert.ok(!t('/repo/fixtures/x.vue', false));
    assert.ok(t('/repo/tmp1.js', false));
    assert.ok(!t('/repo/tmp12.js', false));
    assert.ok(t('/repo/v7.js', false) && !t('/repo/vx.js', false));
  });

  it('command-line rules and size win over the configuration', () => {
    const config = { rules: { 'argmax-single-unit': 'off', 'threshold-logits': 'warn' }, ignore: [], tfModules: ['@acme/ml'], maxFileSize: 100 };
    assert.deepStrictEqual(toLintOptions(config, { 'threshold-logits': 'error' }, 50), {
      rules: { 'argmax-single-unit': 'off', 'threshold-logits': 'error' },
      tfModules: ['@acme/ml'],
      maxFileBytes: 50,
    });
    assert.strictEqual(toLintOptions(config).maxFileBytes, 100);
    assert.strictEqual('maxFileBytes' in toLintOptions({ rules: {}, ignore: [], tfModules: [] }), false);
  });
});
