// The playground in a real browser (Debian chromium driven by playwright-core, as the VS Code e2e):
// builds playground/dist/, serves it locally, and checks what a visitor does: the demo's findings as the
// CLI's engine finds them, typing the seed's bug, the finding, a share link that restores code,
// framework and selected finding, the numeric check's verdict, and the fix. Prints the page's figures
// (load -> first diagnostics, keystroke -> diagnostics, transferred size) for the README.
// Not part of `npm test` (it needs chromium): .ci/run runs it, as does `npm run test:playground`.
//   CHROMIUM   browser binary (default /usr/bin/chromium)
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { serve } = require('../../playground/serve');

const REPO = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RULE = 'sigmoid-before-logits-loss';
const SEED_EXAMPLE = `${RULE}/bad-sequential-blogpost.js`;
// The seed's bug: a sigmoid head trained with a loss that applies sigmoid itself.
const SEED = [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  "model.add(tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }));",
  "model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));",
  "model.compile({ optimizer: 'adam', loss: tf.losses.sigmoidCrossEntropy, metrics: ['accuracy'] });",
];
// Typed at the end of each demo file: a newline and a comment, so the findings stay the same.
const KEYSTROKES = ['Enter', ...'// keystroke'];

const figures = {};
const log = (...a) => console.log('      [playground]', ...a);
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

describe('playground in chromium (build, serve, type, share, check, fix)', function () {
  this.timeout(5 * 60 * 1000);
  let server;
  let browser;
  let page;

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
    const build = spawnSync('npm', ['run', 'build:playground'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build:playground failed:\n${build.stdout}\n${build.stderr}`);
    log(build.stdout.trim().split('\n').at(-1));
    server = await serve(0);
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => log('page error:', e.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (Object.keys(figures).length) log('figures:', JSON.stringify(figures));
  });

  const shownKeys = (p = page) => p.locator('#problems li.problem[data-key]').evaluateAll((items) => items.map((li) => li.dataset.key));
  const waitForDiagnostics = (p = page) => p.waitForFunction(() => window.playground.shownGeneration === window.playground.generation && window.playground.generation > 0);
  const generation = () => page.evaluate(() => window.playground.generation);
  /** Until the diagnostics of an edit made after generation `g` are shown. */
  const waitForEditAfter = (g) => page.waitForFunction((before) => window.playground.generation > before && window.playground.shownGeneration === window.playground.generation, g);

  it('loads, and shows the demo project\'s findings exactly as the CLI\'s engine finds them', async () => {
    // Bytes sent (compressed bodies) by the static server: the page and the engine's worker, up to the
    // first diagnostics. A static host that compresses sends the same.
    server.sent.length = 0;
    await page.goto(server.url);
    await waitForDiagnostics();
    const timings = await page.evaluate(() => window.playground.timings);
    const sizes = server.sent.map((s) => ({ url: s.path, bytes: s.bytes, encoding: s.encoding }));
    const total = sizes.reduce((n, s) => n + s.bytes, 0);
    figures.loadToFirstDiagnosticsMs = Math.round(timings.firstDiagnosticsMs);
    figures.engineWorkerReadyMs = Math.round(timings.workerReadyMs);
    figures.transferredKB = Math.round(total / 1024);
    figures.loadAverage = os.loadavg()[0].toFixed(1);
    log(`page load -> first diagnostics: ${figures.loadToFirstDiagnosticsMs} ms (engine worker created at ${Math.round(timings.workerCreatedMs)} ms, loaded its script in ${Math.round(timings.workerLoadMs)} ms, ready at ${figures.engineWorkerReadyMs} ms; first lint ${Math.round(timings.lintMs[0])} ms; load average ${figures.loadAverage} on ${os.cpus().length} cores)`);
    log(`transferred: ${figures.transferredKB} KB (${sizes.map((s) => `${path.basename(s.url) || 'index.html'} ${(s.bytes / 1024).toFixed(0)} KB ${s.encoding}`).join(', ')})`);
    // The floor under the engine's start-up on this machine right now: Node loading TypeScript alone.
    const floor = spawnSync(process.execPath, ['-e', "const t = performance.now(); require('typescript'); console.log(performance.now() - t)"], { cwd: REPO, encoding: 'utf8' });
    figures.nodeLoadsTypeScriptMs = Math.round(Number(floor.stdout));
    log(`for scale: Node loads TypeScript alone in ${figures.nodeLoadsTypeScriptMs} ms on this machine now`);
    assert.ok(Number.isFinite(timings.firstDiagnosticsMs));
    assert.ok(sizes.some((s) => s.url.endsWith('/lint-worker.js') && s.bytes > 100000), 'the engine\'s worker came over the network');
    assert.ok(!sizes.some((s) => s.url.includes('check-worker')), 'the numeric check\'s worker (tfjs) loads only when asked for');

    // The same engine in Node, on the same files, from disk.
    const { lintProject } = require(path.join(REPO, 'out', 'rules', 'index.js'));
    const demo = path.join(REPO, 'fixtures', 'demo');
    const tabs = await page.locator('#tabs .tab').evaluateAll((items) => items.map((t) => t.dataset.file));
    const cli = lintProject(tabs.map((name) => path.join(demo, name))).findings.map((f) => `${f.ruleId}@${path.basename(f.location.file)}:${f.location.line}`);
    assert.ok(cli.length >= 4, 'the demo has its four bugs');
    assert.deepEqual((await shownKeys()).sort(), cli.sort());
    assert.ok(await page.locator('.cm-lintRange-error').count() > 0, 'a squiggle in the editor');
  });

  it('keystroke -> diagnostics on every demo file (measured in the page, per keystroke)', async () => {
    const before = (await shownKeys()).sort();
    await page.evaluate(() => { window.playground.timings.editLatenciesMs.length = 0; });
    const tabs = await page.locator('#tabs .tab').evaluateAll((items) => items.map((t) => t.dataset.file));
    for (const name of tabs) {
      await page.locator(`#tabs .tab[data-file="${name}"]`).click();
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+End');
      for (const key of KEYSTROKES) {
        const g = await generation();
        await page.keyboard.press(key === ' ' ? 'Space' : key);
        await waitForEditAfter(g);
      }
    }
    const latencies = await page.evaluate(() => window.playground.timings.editLatenciesMs);
    assert.equal(latencies.length, tabs.length * KEYSTROKES.length, 'one result per keystroke');
    figures.keystrokeP50Ms = Math.round(percentile(latencies, 50));
    figures.keystrokeP95Ms = Math.round(percentile(latencies, 95));
    log(`keystroke -> diagnostics over ${latencies.length} keystrokes in ${tabs.join(', ')}: p50 ${figures.keystrokeP50Ms} ms, p95 ${figures.keystrokeP95Ms} ms`);
    assert.deepEqual((await shownKeys()).sort(), before, 'comments at the ends of the files change no finding');
  });

  it('types the seed\'s buggy code and shows the finding, with a squiggle and the docs link', async () => {
    await page.locator('#example').selectOption(SEED_EXAMPLE);
    await waitForDiagnostics();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.locator('#problems .none').waitFor();
    for (const line of SEED) {
      await page.keyboard.type(line);
      await page.keyboard.press('Escape'); // closes a completion popup, so Enter types a newline
      await page.keyboard.press('Enter');
    }
    const [file] = await page.evaluate(() => window.playground.files());
    assert.equal(file.text, `${SEED.join('\n')}\n`, 'the editor holds what was typed');
    const problem = page.locator(`#problems li.problem[data-rule="${RULE}"]`);
    await problem.waitFor();
    assert.equal(await page.locator('#problems li.problem').count(), 1);
    assert.match(await problem.locator('.message').innerText(), /sigmoidCrossEntropy expects logits.*sigmoid \(line 4\)/);
    assert.match(await problem.locator('a.rule').getAttribute('href'), new RegExp(`/rules/docs/${RULE}\\.md$`));
    assert.match(await problem.locator('.related').innerText(), /:4:\d+ sigmoid applied here/);
    assert.equal(await page.locator('.cm-lintRange-error').count(), 1);
  });

  it('a share link restores the code, the framework and the selected finding', async () => {
    await page.locator(`#problems li.problem[data-rule="${RULE}"] .message`).click();
    assert.equal(await page.locator('#problems li.problem.selected').getAttribute('data-rule'), RULE);
    assert.equal(await page.evaluate(() => window.playground.selectedText()), 'tf.losses.sigmoidCrossEntropy');
    await page.locator('#share').click();
    const url = await page.locator('#share-url').inputValue();
    assert.match(url, /#s=[\w+$-]+$/);
    assert.ok(!url.includes('sigmoidCrossEntropy'), 'the code is compressed, not spelled out');
    const [written] = await page.evaluate(() => window.playground.files());
    const other = await browser.newPage();
    try {
      await other.goto(url);
      await waitForDiagnostics(other);
      const [restored] = await other.evaluate(() => window.playground.files());
      assert.deepEqual(restored, written);
      assert.equal(await other.locator('#framework').inputValue(), 'tfjs');
      assert.equal(await other.locator('#problems li.problem.selected').getAttribute('data-rule'), RULE);
      // The selected finding is selected in the editor too.
      assert.equal(await other.evaluate(() => window.playground.selectedText()), 'tf.losses.sigmoidCrossEntropy');
    } finally {
      await other.close();
    }
  });

  it('"Show numeric difference" trains both replicas in the browser and shows the verdict, the same as in Node', async () => {
    const started = Date.now();
    await page.locator(`#problems li.problem[data-rule="${RULE}"] button.numeric`).click();
    await page.locator('#report[data-status="ok"] p.verdict').waitFor({ timeout: 120000 });
    figures.numericCheckMs = Date.now() - started;
    const verdict = await page.locator('#report p.verdict').innerText();
    const backend = (await page.locator('#report p.backend').innerText()).replace(/^Backend: /, '');
    log(`numeric check: ${figures.numericCheckMs} ms on ${backend}: ${verdict}`);
    assert.match(backend, /^tfjs \((webgl|cpu, pure JS), browser/);
    assert.equal(await page.locator('#report svg.chart path.line').count(), 4, 'two loss and two accuracy curves');
    assert.ok(await page.locator('#report table.metrics tbody tr').count() >= 5);
    // Node's pure-JS CPU backend runs the same arithmetic: the browser's CPU run must agree with it.
    const { lintProject } = require(path.join(REPO, 'out', 'rules', 'index.js'));
    const { computeCheck } = require(path.join(REPO, 'out', 'server', 'check', 'compute.js'));
    const [file] = await page.evaluate(() => window.playground.files());
    const finding = lintProject(['/seed.js'], {}, { readFile: (p) => (p === '/seed.js' ? file.text : undefined) }).findings.find((f) => f.ruleId === RULE);
    const node = await computeCheck({ ruleId: RULE, facts: finding.facts });
    if (backend.startsWith('tfjs (cpu')) assert.equal(verdict, node.verdict);
    else assert.match(verdict, /^With the fix the loss falls to/);
  });

  it('?backend=webgl runs the check on WebGL (what a visitor with a GPU gets) and names it', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${server.url}?backend=webgl`);
      await waitForDiagnostics(other);
      await other.locator(`#problems li.problem[data-rule="${RULE}"] button.numeric`).click();
      await other.locator('#report[data-status="ok"] p.verdict').waitFor({ timeout: 120000 });
      assert.equal(await other.locator('#report p.backend').innerText().then((t) => t.replace(/ \u00b7 .*$/, '')), 'Backend: tfjs (webgl, browser)');
      assert.match(await other.locator('#report p.verdict').innerText(), /^With the fix the loss falls to \d\.\d\d; as written it stalls at/);
    } finally {
      await other.close();
    }
  });

  it('the fix, applied in the editor, clears the finding', async () => {
    await page.locator(`#problems li.problem[data-rule="${RULE}"] button.fix`).click();
    await page.locator('#problems .none').waitFor();
    const [file] = await page.evaluate(() => window.playground.files());
    assert.match(file.text, /loss: 'binaryCrossentropy'/);
    assert.doesNotMatch(file.text, /sigmoidCrossEntropy/);
    assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  });

  it('Python: the PyTorch demo is linted in the page (tree-sitter in WebAssembly, fetched on the first .py file)', async () => {
    await page.locator('#framework').selectOption('pytorch');
    await page.locator('#example').selectOption('demo-py');
    const problem = page.locator('#problems li.problem[data-rule="sigmoid-before-logits-loss"]');
    await problem.waitFor({ timeout: 60000 });
    assert.match(await problem.locator('.message').innerText(), /nn\.BCEWithLogitsLoss expects logits, but this model's output already went through sigmoid \(model\.py:\d+\)/);
    assert.ok(await page.locator('#problems li.problem[data-rule="argmax-single-unit"]').count() >= 1);
  });
});
