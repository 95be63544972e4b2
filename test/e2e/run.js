#!/usr/bin/env node
// End-to-end test in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) + Debian's chromium driven
// by playwright-core. It packages the extension (npm run package), installs the .vsix into a fresh
// code-server, opens a file with a double sigmoid, and checks what a user would see: the squiggle
// (printing "first diagnostics after N ms" from the double-click),
// the "Show numeric difference" code lens opening the numeric check's webview with its verdict, the
// Problems row naming sigmoid-before-logits-loss (and one of predict.js, never opened: workspace
// diagnostics), the hover, and that the quick fix chosen with the
// keyboard (Ctrl+.) makes the problem disappear and is saved to disk. Then the same in a PyTorch
// file (classifier.py: a softmax forward trained with nn.CrossEntropyLoss): the squiggle, the Problems
// row, and the quick fix that removes the softmax, saved to disk. Last, a Jupyter notebook in the
// notebook editor (notebook-flow.js): the squiggle in its cell, the Problems row, the quick fix.
//
// Prints "E2E PASS" / "E2E FAIL: <reason>" last and exits 0 / 1. Install first: test/e2e/setup.sh.
//   LOGIT_LINT_E2E_CACHE  where setup.sh installed code-server (default ~/.cache/logit-lint-e2e)
//   LOGIT_LINT_E2E_OUT    screenshots and logs (default $TMPDIR/logit-lint-e2e-output)
//   LOGIT_LINT_VSIX       test this .vsix instead of packaging one
//   LOGIT_LINT_E2E_WINDOWS  fresh windows to time (default 3; the median is printed, and each one's split)
//   CHROMIUM              browser binary (default /usr/bin/chromium)
//   --screenshot PATH     also save the passing screenshot there (docs/screenshot.png is made so)
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { notebookFlow } = require('./notebook-flow');
const { startupSplit, waitForStartupLines } = require('./startup-split');

const REPO = path.resolve(__dirname, '..', '..');
const CACHE = process.env.LOGIT_LINT_E2E_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'logit-lint-e2e');
const CODE_SERVER = path.join(CACHE, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const OUT = process.env.LOGIT_LINT_E2E_OUT || path.join(os.tmpdir(), 'logit-lint-e2e-output');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const RULE = 'sigmoid-before-logits-loss';
const FILE = 'train.js';
const TOTAL_TIMEOUT_MS = 8 * 60 * 1000;
// Fresh windows to time (LOGIT_LINT_E2E_WINDOWS, default 3: one window is one noisy sample): the figure printed is their median.
const WINDOWS = Math.max(1, Number(process.env.LOGIT_LINT_E2E_WINDOWS) || 3);
/** The fresh windows' {click, tab, squiggle} times, split against the logs at the end (startup-split.js). */
const windowTimes = [];

const T0 = Date.now();
const log = (...a) => console.log(`[e2e +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

class Failure extends Error {}
const fail = (message) => { throw new Failure(message); };

function screenshotArg() {
  const i = process.argv.indexOf('--screenshot');
  return i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
}

function packageVsix() {
  if (process.env.LOGIT_LINT_VSIX) return path.resolve(process.env.LOGIT_LINT_VSIX);
  log('npm run package');
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) fail(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const vsix = path.join(REPO, `logit-lint-${version}.vsix`);
  if (!fs.existsSync(vsix)) fail(`npm run package did not produce ${vsix}`);
  return vsix;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** A throwaway HOME/XDG_* so code-server, VS Code and Chromium write nothing into the real home. */
function sandboxEnv(run) {
  const home = path.join(run, 'home');
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

function prepareRun() {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-e2e-'));
  for (const d of ['ud', 'ext', 'home', 'chrome']) fs.mkdirSync(path.join(run, d), { recursive: true });
  const workspace = path.join(run, 'workspace');
  fs.cpSync(path.join(__dirname, 'workspace'), workspace, { recursive: true });
  // User settings: no welcome page, no extension recommendations, no telemetry prompts in the way.
  const settingsDir = path.join(run, 'ud', 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 100,
    // Fewer marker changes from the built-in TypeScript server racing the quick fix request.
    'javascript.validate.enable': false,
    // The protocol trace lands in the logit-lint output log, copied to the artifacts.
    'logitLint.trace.server': 'verbose',
  }, null, 2));
  return { run, workspace };
}

function codeServerArgs(run) {
  return ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--user-data-dir', path.join(run, 'ud'), '--extensions-dir', path.join(run, 'ext')];
}

function installVsix(run, vsix) {
  log('installing', path.basename(vsix));
  const r = spawnSync(process.execPath, [CODE_SERVER, ...codeServerArgs(run), '--install-extension', vsix], { env: sandboxEnv(run), encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) fail(`--install-extension failed:\n${r.stdout}\n${r.stderr}`);
}

async function startCodeServer(run, workspace) {
  const port = await freePort();
  const logFile = path.join(OUT, 'code-server.log');
  const logFd = fs.openSync(logFile, 'w');
  // detached: a new process group, so cleanup reaches the extension host, the language server and
  // the file watcher too (killing only code-server's PID leaves them running).
  const child = spawn(process.execPath, [CODE_SERVER, ...codeServerArgs(run), '--bind-addr', `127.0.0.1:${port}`, workspace], {
    env: sandboxEnv(run), detached: true, stdio: ['ignore', logFd, logFd],
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  for (let i = 0; i < 600; i++) {
    if (await healthy(port)) return { port, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  fail(`code-server did not come up; see ${logFile}`);
}

/** Opens the quick fix menu (Ctrl+.) and chooses the item whose label contains `text`, by keyboard only. */
// A retry is needed: while the built-in TypeScript server is still starting, a marker change cancels
// the first Ctrl+. request and VS Code shows "No code actions available" although logit-lint answered
// (the protocol trace in the artifacts shows the actions). Three tries, each one logged.
async function chooseQuickFix(page, text) {
  const menu = page.locator('.action-widget');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    const shown = await menu.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false);
    if (shown) break;
    const hint = await page.locator('.monaco-editor-overlaymessage').innerText().catch(() => '');
    log(`attempt ${attempt}: no quick fix menu${hint ? ` ("${hint}")` : ''}`);
    if (attempt === 3) fail(`Ctrl+. showed no quick fix menu${hint ? `: "${hint}"` : ''}`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  // The widget is shown before its list is filled: under load (a CI run at load average 5) the rows
  // were read while still empty.
  await menu.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => undefined);
  const rows = await menu.locator('.monaco-list-row').allInnerTexts();
  log('quick fix menu:', JSON.stringify(rows));
  for (let i = 0; i < rows.length + 2; i++) {
    const focused = await menu.locator('.monaco-list-row.focused').innerText().catch(() => '');
    if (focused.includes(text)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  fail(`no "${text}" in the quick fix menu: ${JSON.stringify(rows)}`);
}

/**
 * Opens FILE from the Explorer and returns the milliseconds from the double-click to its squiggle: the
 * whole path when the file activates the extension (activation, server and worker start, listing,
 * first analysis).
 */
async function openAndTimeSquiggle(page, file = FILE, times = {}) {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${file}"]`).first();
  await row.waitFor({ timeout: 60000 });
  const opened = Date.now();
  times.click = opened;
  await row.dblclick();
  await page.waitForSelector(`.tab[aria-label*="${file}"]`, { timeout: 30000 });
  times.tab = Date.now();
  log('opened', file);
  const squiggle = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first();
  await squiggle.waitFor({ timeout: 90000 }).catch(() => fail('no squiggle in the editor'));
  times.squiggle = Date.now();
  return times.squiggle - opened;
}

/**
 * Clicks the "Show numeric difference" lens and waits for the webview: its tab, then the verdict inside
 * the page (webviews are nested iframes; the check trains in the server's child process meanwhile).
 */
async function showNumericDifference(page, shots) {
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Show numeric difference' }).first();
  await lens.waitFor({ timeout: 60000 }).catch(() => fail('no "Show numeric difference" code lens'));
  await lens.click();
  // The check takes seconds (a child process trains two replicas): its progress notification, with
  // a Cancel button, is up meanwhile.
  const toast = page.locator('.notification-toast', { hasText: 'numeric check' }).first();
  await toast.waitFor({ timeout: 5000 }).catch(() => fail('no progress notification for the numeric check'));
  log('progress notification:', JSON.stringify((await toast.innerText()).replace(/\s+/g, ' ')));
  const tab = page.locator(`.tab[aria-label*="Numeric difference: ${RULE}"]`).first();
  await tab.waitFor({ timeout: 60000 }).catch(() => fail('the numeric check\'s webview did not open'));
  log('webview tab:', JSON.stringify(await tab.getAttribute('aria-label')));
  let retried = false;
  for (let i = 0; i < 150; i++) {
    for (const frame of page.frames()) {
      // On a machine loaded by other work the check can pass its 20 s limit: that is its report, not
      // this test's failure; it is asked once more.
      const outOfTime = !retried && (await frame.getByText('ran out of time').count().catch(() => 0)) > 0;
      if (outOfTime) {
        retried = true;
        log('the check ran out of time (machine load); running it again');
        await lens.click();
      }
      const verdict = await frame.locator('p.verdict').first().innerText({ timeout: 200 }).catch(() => '');
      const curves = verdict ? await frame.locator('svg.chart path.line').count() : 0;
      if (verdict && curves === 4) {
        log('webview verdict:', JSON.stringify(verdict));
        await page.screenshot({ path: shots.numeric });
        return;
      }
    }
    await page.waitForTimeout(200);
  }
  fail('the webview shows no verdict and loss curves');
}

/** A PyTorch file: its squiggle, its Problems row, and the quick fix that drops the softmax. */
async function pythonFlow(page, workspace) {
  const file = 'classifier.py';
  const rule = 'softmax-before-logits-loss';
  const ms = await openAndTimeSquiggle(page, file);
  log(`${file}: squiggle after ${ms} ms`);
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: rule }).first();
  await row.waitFor({ timeout: 30000 }).catch(() => fail(`no Problems row naming ${rule} for ${file}`));
  log('Python Problems row:', JSON.stringify(await row.innerText()));
  const editorLines = page.locator('.monaco-editor .view-lines').first();
  await editorLines.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  await page.keyboard.press('Escape');
  await chooseQuickFix(page, 'Remove F.softmax');
  await page.waitForFunction((r) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((x) => x.textContent.includes(r)), rule, { timeout: 30000 })
    .catch(() => fail(`the ${rule} problem did not disappear after the Python quick fix`));
  await page.keyboard.press('Control+S');
  const onDisk = path.join(workspace, file);
  const fixed = () => fs.readFileSync(onDisk, 'utf8').includes('return self.out(torch.relu(self.hidden(x)))');
  for (let i = 0; i < 100 && !fixed(); i++) await page.waitForTimeout(100);
  if (!fixed()) fail(`${file} was not saved without the softmax`);
  log('Python fix saved to disk');
}

async function drive(port, workspace, shots) {
  const { chromium } = require('playwright-core');
  const ctx = await chromium.launchPersistentContext(shots.profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.on('pageerror', (e) => log('page error:', e.message));
  const consoleLog = fs.createWriteStream(path.join(OUT, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    log('workbench loaded');

    // First window after installing: the analysis worker's code cache does not exist yet.
    const afterInstall = await openAndTimeSquiggle(page);
    log(`first diagnostics after ${afterInstall} ms (first window after installing: no code cache yet)`);
    // A fresh window (a new extension host and server), as every later window is: nothing restored,
    // then the file opened from the Explorer.
    const fresh = [];
    for (let w = 0; w < WINDOWS; w++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('W');
      await page.waitForSelector(`.tab[aria-label*="${FILE}"]`, { state: 'detached', timeout: 15000 }).catch(() => fail(`could not close ${FILE} before reloading`));
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
      log('window reloaded');
      const times = {};
      fresh.push(await openAndTimeSquiggle(page, FILE, times));
      windowTimes.push({ ...times, load: os.loadavg()[0] });
      await waitForStartupLines(shots.logs, times);
    }
    const firstMs = [...fresh].sort((a, b) => a - b)[Math.floor((fresh.length - 1) / 2)];
    log(`first diagnostics after ${firstMs} ms (double-click on ${FILE} in a fresh window -> its squiggle; target 3000 ms)${fresh.length > 1 ? `: median of ${fresh.join(', ')}` : ''}`);
    fs.writeFileSync(path.join(OUT, 'first-diagnostics-ms.txt'), `${afterInstall} ${firstMs}\n`);

    await showNumericDifference(page, shots);

    const editorLines = page.locator('.monaco-editor .view-lines').first();
    await editorLines.click();
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: RULE }).first();
    await problem.waitFor({ timeout: 30000 }).catch(() => fail(`no Problems row naming ${RULE}`));
    log('Problems row:', JSON.stringify(await problem.innerText()));
    // predict.js is never opened: its row comes from workspace diagnostics.
    const unopened = page.locator('.markers-panel .monaco-list-row', { hasText: 'predict.js' }).first();
    await unopened.waitFor({ timeout: 30000 }).catch(() => fail('no Problems row for predict.js, which is not open (workspace diagnostics)'));
    log('Problems row of a file that is not open:', JSON.stringify(await unopened.innerText()));

    // Keyboard only: go to the problem (F8 puts the cursor on it), show the hover there.
    await editorLines.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: 'applies sigmoid itself' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15000 }).catch(() => fail('no hover with the rule\'s explanation'));
    log('hover shows the rule\'s why');
    await page.screenshot({ path: shots.passing });
    await page.keyboard.press('Escape');

    await chooseQuickFix(page, "Use the loss 'binaryCrossentropy'");
    await page.waitForFunction((rule) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.textContent.includes(rule)), RULE, { timeout: 30000 })
      .catch(() => fail('the problem did not disappear after the quick fix'));
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', { state: 'detached', timeout: 15000 })
      .catch(() => fail('the squiggle did not disappear after the quick fix'));
    log('problem gone after the quick fix');

    await page.keyboard.press('Control+S');
    const onDisk = path.join(workspace, FILE);
    for (let i = 0; i < 100 && !fs.readFileSync(onDisk, 'utf8').includes("loss: 'binaryCrossentropy'"); i++) await page.waitForTimeout(100);
    if (!fs.readFileSync(onDisk, 'utf8').includes("loss: 'binaryCrossentropy'")) fail('the fixed file was not saved with the new loss');
    log('fix saved to disk');

    await pythonFlow(page, workspace);
    await notebookFlow(page, workspace, { log, fail, chooseQuickFix, shots });
  } catch (e) {
    await page.screenshot({ path: shots.failure }).catch(() => undefined);
    log('failure screenshot:', shots.failure);
    throw e;
  } finally {
    await ctx.close().catch(() => undefined);
  }
}

async function main() {
  if (!fs.existsSync(CODE_SERVER)) fail(`code-server is not installed in ${CACHE}; run test/e2e/setup.sh first`);
  if (!fs.existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM}; run test/e2e/setup.sh first (or set CHROMIUM)`);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const vsix = packageVsix();
  const { run, workspace } = prepareRun();
  let server;
  const cleanup = () => {
    server?.stop();
    fs.rmSync(run, { recursive: true, force: true, maxRetries: 3 });
  };
  const guard = setTimeout(() => {
    console.log(`E2E FAIL: no result after ${TOTAL_TIMEOUT_MS / 60000} minutes`);
    cleanup();
    process.exit(1);
  }, TOTAL_TIMEOUT_MS);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(1); });
  const shots = { passing: path.join(OUT, 'passing.png'), numeric: path.join(OUT, 'numeric-difference.png'), failure: path.join(OUT, 'failure.png'), notebook: path.join(OUT, 'notebook.png'), profile: path.join(run, 'chrome'), logs: path.join(run, 'ud', 'logs') };
  try {
    installVsix(run, vsix);
    server = await startCodeServer(run, workspace);
    log(`code-server on port ${server.port}`);
    await drive(server.port, workspace, shots);
    const keep = screenshotArg();
    if (keep) fs.copyFileSync(shots.passing, keep);
  } finally {
    // The extension host log says why when the server did not start.
    const logs = path.join(run, 'ud', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(OUT, 'vscode-logs'), { recursive: true });
    for (const [i, times] of windowTimes.entries()) {
      log(`fresh window ${i + 1} (load average ${times.load.toFixed(1)}), from the double-click:`);
      for (const line of startupSplit(logs, times)) console.log(line);
    }
    clearTimeout(guard);
    cleanup();
  }
}

main().then(
  () => {
    log(`artifacts in ${OUT}`);
    console.log('E2E PASS');
    process.exit(0);
  },
  (e) => {
    console.log(`E2E FAIL: ${e instanceof Failure ? e.message : e.stack}`);
    console.log(`artifacts (screenshot, code-server and VS Code logs) in ${OUT}`);
    process.exit(1);
  },
);
