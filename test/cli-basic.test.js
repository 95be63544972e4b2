// The logit-lint command's contract without looking at rule details: help, version, rule list,
// usage errors (exit 2), discovery (skipped folders, globs, missing paths), and files that cannot
// be analysed (one clear stderr line each, the rest still linted, never a stack trace).
const assert = require('assert');
const path = require('path');
const { runCli, makeProject, removeProject, sarifValidator, SIGMOID_MODEL } = require('./cli-helpers');

const RULE_IDS = [
  'sigmoid-before-logits-loss', 'softmax-before-logits-loss', 'logits-into-probability-loss', 'argmax-single-unit', 'argmax-batch-axis',
  'softmax-single-unit', 'threshold-logits', 'categorical-loss-single-unit', 'accuracy-metric-on-logits', 'swapped-loss-arguments',
  'nll-loss-input',
  'zero-threshold-on-probabilities',
];

const noStackTrace = (stderr) => assert.ok(!/^\s+at .+:\d+:\d+\)?$/m.test(stderr), `stack trace on stderr:\n${stderr}`);
const filesIn = (stdout) => JSON.parse(stdout).map((r) => r.filePath);

describe('cli: information and usage errors', () => {
  it('--help prints usage and exits 0', () => {
    const r = runCli(['--help']);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /^Usage: logit-lint/);
    for (const flag of ['--format', '--rule', '--quiet', '--max-warnings', '--fix', '--fix-dry-run', '--changed-since', '--report-unused-disable-directives', '--max-file-size', '--config', '--no-config', '--list-rules', '--version']) {
      assert.ok(r.stdout.includes(flag), `help mentions ${flag}`);
    }
  });

  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.stdout.trim(), require('../package.json').version);
  });

  it('--list-rules lists every rule; with --format json as metadata', () => {
    const text = runCli(['--list-rules']);
    assert.strictEqual(text.code, 0);
    for (const id of RULE_IDS) assert.match(text.stdout, new RegExp(`^${id}\\s+(error|warn)\\s`, 'm'));
    const json = JSON.parse(runCli(['--list-rules', '--format', 'json']).stdout);
    assert.deepStrictEqual(json.map((m) => m.id).sort(), [...RULE_IDS].sort());
    for (const m of json) assert.ok(m.description && m.docsUrl && m.defaultSeverity, m.id);
  });

  const usage = [
    [['--bogus'], /unknown option --bogus/],
    [['--format', 'xml'], /unknown format "xml"; expected one of stylish, json, sarif, github, rdjson, markdown/],
    [['--format'], /--format needs a value/],
    [['--rule', 'no-such-rule:off'], /unknown rule "no-such-rule"; valid rule ids:\n {2}sigmoid-before-logits-loss\n/],
    [['--rule', 'threshold-logits:on'], /expected threshold-logits:off, threshold-logits:warn or threshold-logits:error/],
    [['--max-warnings', 'many'], /--max-warnings expects a whole number, got "many"/],
    [['--max-file-size', '0'], /--max-file-size expects a whole number of at least 1/],
    [['--quiet=yes'], /--quiet takes no value/],
    [['--fix', '--fix-dry-run'], /either --fix or --fix-dry-run/],
    [['--config', 'x.json', '--no-config'], /either --config or --no-config/],
  ];
  for (const [args, message] of usage) {
    it(`${args.join(' ')} -> exit 2 with a usage message`, () => {
      const r = runCli(args);
      assert.strictEqual(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.ok(r.stderr.includes('Run logit-lint --help'));
      noStackTrace(r.stderr);
    });
  }

  it('`logit-lint check ...` is routed to the numeric check command', () => {
    const r = runCli(['check', '--help']);
    assert.match(r.stdout + r.stderr, /logit-lint check <file>/);
    assert.ok(!r.stderr.includes('unknown option'), r.stderr);
  });

  it('--rule lists every valid rule id when the id is unknown', () => {
    const r = runCli(['--rule', 'sigmoid:off']);
    for (const id of RULE_IDS) assert.ok(r.stderr.includes(`  ${id}\n`), id);
  });
});

describe('cli: discovery', () => {
  let dir;
  before(() => {
    const clean = "import * as tf from '@tensorflow/tfjs';\nexport const m = tf.sequential();\n";
    dir = makeProject({
      'src/a.js': clean,
      'src/b.ts': clean,
      'src/c.mjs': clean,
      'src/d.cjs': clean,
      'src/e.jsx': clean,
      'src/f.tsx': clean,
      'src/g.mts': clean,
      'src/h.cts': clean,
      'src/page.html': `<script>${clean}</script>\n`,
      'src/comp.vue': `<template><div/></template>\n<script>${clean}</script>\n`,
      'src/comp.svelte': `<script>${clean}</script>\n`,
      'src/notes.md': '# not code\n',
      'src/lib.min.js': clean,
      'node_modules/pkg/index.js': clean,
      'dist/out.js': clean,
      'build/out.js': clean,
      '.git/hooks/x.js': clean,
      'nested/node_modules/y.js': clean,
    });
  });
  after(() => removeProject(dir));

  it('walks . by default: every source type, skipping node_modules, .git, dist, build, *.min.js', () => {
    const r = runCli(['--format', 'json'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    const rel = filesIn(r.stdout).map((f) => path.relative(dir, f).split(path.sep).join('/'));
    assert.deepStrictEqual(rel.sort(), ['src/a.js', 'src/b.ts', 'src/c.mjs', 'src/comp.svelte', 'src/comp.vue', 'src/d.cjs', 'src/e.jsx', 'src/f.tsx', 'src/g.mts', 'src/h.cts', 'src/page.html'].sort());
  });

  it('expands quoted globs itself', () => {
    const r = runCli(['--format', 'json', 'src/**/*.{ts,tsx}'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(filesIn(r.stdout).map((f) => path.basename(f)), ['b.ts', 'f.tsx']);
  });

  it('a missing path or an empty glob is an error (exit 2), but the other paths are still linted', () => {
    const r = runCli(['--format', 'json', 'src/a.js', 'nope/', 'src/**/*.py'], { cwd: dir });
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /^logit-lint: nope\/: no such file or folder$/m);
    assert.match(r.stderr, /^logit-lint: src\/\*\*\/\*\.py: no files matched$/m);
    assert.deepStrictEqual(filesIn(r.stdout), [path.join(dir, 'src', 'a.js')]);
  });

  it('a named file of another type is skipped with a note, not an error', () => {
    const r = runCli(['--format', 'json', 'src/notes.md', 'src/a.js'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /src\/notes\.md: not a file type logit-lint reads/);
    assert.strictEqual(filesIn(r.stdout).length, 1);
  });

  it('a named minified file is linted: naming it is asking for it', () => {
    const r = runCli(['--format', 'json', 'src/lib.min.js'], { cwd: dir });
    assert.deepStrictEqual(filesIn(r.stdout), [path.join(dir, 'src', 'lib.min.js')]);
  });
});

describe('cli: files that cannot be analysed', () => {
  let dir;
  before(() => {
    dir = makeProject({
      'model.js': SIGMOID_MODEL,
      'bad-utf8.js': Buffer.concat([Buffer.from("import * as tf from '@tensorflow/tfjs';\nconst s = '"), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("';\n")]),
      'binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0x74, 0x66]),
      'syntax.js': "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential(;\n",
      'big.js': `import * as tf from '@tensorflow/tfjs';\n// ${'x'.repeat(5000)}\n`,
    });
  });
  after(() => removeProject(dir));

  it('each gets one clear line on stderr; the good file is still linted; no stack trace', () => {
    const r = runCli(['--format', 'json', '--max-file-size', '4000', '.'], { cwd: dir });
    noStackTrace(r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.strictEqual(lines.length, 3, r.stderr);
    assert.match(r.stderr, /^logit-lint: bad-utf8\.js: .*not valid UTF-8/m);
    assert.match(r.stderr, /^logit-lint: binary\.js: .*binary/m);
    assert.match(r.stderr, /^logit-lint: big\.js: .*(4000|over the|too large)/m);
    const results = JSON.parse(r.stdout);
    const model = results.find((x) => x.filePath === path.join(dir, 'model.js'));
    assert.ok(model, 'the good file is in the report');
    assert.deepStrictEqual(model.messages.map((m) => m.ruleId), ['sigmoid-before-logits-loss']);
    // A syntax error is a fatal message of its file, as ESLint reports it; not a line on stderr.
    const syntax = results.find((x) => x.filePath === path.join(dir, 'syntax.js'));
    assert.deepStrictEqual(syntax.messages.map((m) => [m.ruleId, m.fatal, m.severity, m.line]), [[null, true, 2, 2]]);
    assert.match(syntax.messages[0].message, /^Parsing error: /);
    assert.strictEqual(syntax.fatalErrorCount, 1);
    assert.strictEqual(r.code, 1, 'the finding in model.js still sets the exit code');
  });

  it('sarif lists them as tool notifications and stays valid', () => {
    const r = runCli(['--format', 'sarif', '--max-file-size', '4000', '.'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.deepStrictEqual(notes.map((n) => n.locations[0].physicalLocation.artifactLocation.uri).sort(), ['bad-utf8.js', 'big.js', 'binary.js', 'syntax.js']);
    assert.strictEqual(log.runs[0].results.length, 1);
  });

  it('without the size limit hit, the big file is linted', () => {
    const r = runCli(['--format', 'json', 'big.js'], { cwd: dir });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stderr, '');
  });
});
