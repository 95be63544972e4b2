'use strict';
// Session 40: the Keras pin (rules/engine/python/pins.ts) is read from dependency files that are
// not linted (requirements.txt, lock files). A result kept by --cache or by the language server's
// incremental analysis must not outlive a change to them: on Keras 3.0-3.4 the metric switch that
// needs BinaryAccuracy(threshold=0.0) is not offered, on 3.5+ it is.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { minimatch } = require('minimatch');

const out = path.join(__dirname, '..', 'out');
const CLI = path.join(out, 'server', 'cli', 'cli.js');
const { initPython } = require(path.join(out, 'rules'));
const { AnalysisSession } = require(path.join(out, 'server', 'lsp', 'analysis-worker'));
const { DEPENDENCY_FILES } = require(path.join(out, 'rules', 'engine', 'python', 'pins'));
const { DEPENDENCY_GLOBS } = require(path.join(out, 'server', 'lsp', 'project-files'));

const TRAIN = [
  'import keras',
  'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])',
  'model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=[keras.metrics.BinaryAccuracy()])',
  'model.fit(x, y)',
  '',
].join('\n');

/** [rule, fix?, suggestions] of each finding. */
const shape = (findings) => findings.map((f) => [f.ruleId, !!f.fix, (f.suggestions ?? []).length]);
const OLD = [['accuracy-metric-on-logits', false, 0]]; // Keras 3.3: threshold=0.0 raises, nothing offered
const NEW = [['accuracy-metric-on-logits', false, 1]];

describe('round 52: a changed Keras pin is seen by --cache and the language server', function () {
  this.timeout(60000);
  let dir;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pin-cache-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'train.py'), TRAIN);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = () => {
    const r = spawnSync(process.execPath, [CLI, '--no-config', '--cache', '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8' });
    return JSON.parse(r.stdout).flatMap((f) => f.messages).map((m) => [m.ruleId, !!m.fix, (m.suggestions ?? []).length]);
  };

  it('--cache: a pin changed, created above the file, or overridden beside it lints the component again', () => {
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'keras==3.3.3\n');
    assert.deepStrictEqual(cli(), OLD);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'keras==3.6.0\n');
    assert.deepStrictEqual(cli(), NEW);
    assert.deepStrictEqual(cli(), NEW); // (and kept)
    fs.writeFileSync(path.join(dir, 'src', 'poetry.lock'), '[[package]]\nname = "keras"\nversion = "3.4.1"\n');
    assert.deepStrictEqual(cli(), OLD);
    fs.rmSync(path.join(dir, 'src', 'poetry.lock'));
    assert.deepStrictEqual(cli(), NEW);
  });

  it('the language server: a dependency file changed on disk is read again at the next analysis', async () => {
    await initPython();
    const file = path.join(dir, 'src', 'train.py');
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'keras>=3.0,<3.5\n');
    const s = new AnalysisSession();
    const analyse = () => shape(s.analyse({ overlay: { [file]: TRAIN }, paths: [file], options: {}, disk: undefined, allFindings: false }).findings);
    assert.deepStrictEqual(analyse(), OLD);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'keras>=3.5\n');
    assert.deepStrictEqual(analyse(), NEW);
  });

  it('the language server watches every dependency file the pin is read from', () => {
    for (const name of DEPENDENCY_FILES.filter((n) => n !== 'setup.py')) {
      assert.ok(DEPENDENCY_GLOBS.some((g) => minimatch(`proj/sub/${name}`, g)), name);
    }
  });
});
